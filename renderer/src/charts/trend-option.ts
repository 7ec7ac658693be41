import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components'
import type { TrendSeries } from '../../../shared/domain/statistics'
import { formatChange } from '../../../shared/domain/statistics'

// Pure builders: statistics in, ECharts option out. The component only renders what they return.

export type TrendOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>

export interface TrendLabels {
  title: string
  current: string
  lastYear: string
  yoy: string
  mom: string
  /** appended to counts, e.g. 件 */
  unit: string
}

export interface TrendOptionSettings {
  /** false for screenshots (navigator.webdriver) so the chart is complete at once */
  animation: boolean
  kind?: 'line' | 'bar'
}

export interface TrendRow {
  month: string
  count: number
  /** the same month one year earlier, from the 同比 base */
  lastYear: number
  yoyText: string
  momText: string
}

/** One row per month; last year's count is this count minus the 同比 delta. */
export function trendRows(trend: TrendSeries, unit = '件'): TrendRow[] {
  return trend.points.map((p) => ({
    month: p.month,
    count: p.count,
    lastYear: p.count - p.yoy.delta,
    yoyText: formatChange(p.yoy, unit),
    momText: formatChange(p.mom, unit),
  }))
}

export function buildTrendOption(
  trend: TrendSeries,
  labels: TrendLabels,
  settings: TrendOptionSettings,
): TrendOption {
  const rows = trendRows(trend, labels.unit)
  const kind = settings.kind ?? 'line'
  const months = rows.map((r) => r.month)

  const current: LineSeriesOption | BarSeriesOption =
    kind === 'line'
      ? { name: labels.current, type: 'line', data: rows.map((r) => r.count), smooth: false, symbolSize: 6 }
      : { name: labels.current, type: 'bar', data: rows.map((r) => r.count), barMaxWidth: 18 }
  const previous: LineSeriesOption | BarSeriesOption =
    kind === 'line'
      ? {
          name: labels.lastYear,
          type: 'line',
          data: rows.map((r) => r.lastYear),
          lineStyle: { type: 'dashed' },
          symbolSize: 4,
        }
      : { name: labels.lastYear, type: 'bar', data: rows.map((r) => r.lastYear), barMaxWidth: 18 }

  return {
    animation: settings.animation,
    color: ['#c0392b', '#8c9bab'],
    title: { text: labels.title, left: 'center', top: 4, textStyle: { fontSize: 15, fontWeight: 'normal' } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => tooltipText(rows, params, labels),
    },
    legend: { data: [labels.current, labels.lastYear], top: 30 },
    grid: { left: 48, right: 24, top: 70, bottom: 40 },
    xAxis: { type: 'category', data: months, boundaryGap: kind === 'bar', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [current, previous],
  }
}

/** Axis tooltip: the month, both counts and the 同比/环比 changes ("—" when the base is zero). */
export function tooltipText(rows: TrendRow[], params: unknown, labels: TrendLabels): string {
  const first = Array.isArray(params) ? params[0] : params
  const index = (first as { dataIndex?: number } | undefined)?.dataIndex ?? -1
  const row = rows[index]
  if (!row) return ''
  // Plain text lines joined with <br/>; no user-entered text reaches the tooltip.
  return [
    row.month,
    `${labels.current}：${row.count} ${labels.unit}`.trim(),
    `${labels.lastYear}：${row.lastYear} ${labels.unit}`.trim(),
    `${labels.yoy}：${row.yoyText}`,
    `${labels.mom}：${row.momText}`,
  ].join('<br/>')
}
