import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type {
  AriaComponentOption,
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
  | AriaComponentOption
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

/** The figures a chart's text alternative names (see `trendSummary`). */
export interface TrendSummaryValues {
  title: string
  from: string
  to: string
  months: number
  current: string
  total: number
  unit: string
  maxMonth: string
  maxCount: number
  lastMonth: string
  lastCount: number
}

export interface TrendOptionSettings {
  /** how the tooltip words 同比 and 环比 (see `trendRows`) */
  wording?: ChangeWording
  /** false for screenshots (navigator.webdriver) so the chart is complete at once */
  animation: boolean
  kind?: 'line' | 'bar'
  /** text size multiplier: 1, or 18/14 in large-text mode (适老化) */
  fontScale?: number
  /** words the text alternative (the chart's aria-label); zh-CN when absent */
  describe?: (values: TrendSummaryValues) => string
}

/** Default zh-CN wording of the chart's text alternative. */
export function describeTrendZh(v: TrendSummaryValues): string {
  return `${v.title}。${v.from} 至 ${v.to} 共 ${v.months} 个月，${v.current}合计 ${v.total} ${v.unit}；最多的月份 ${v.maxMonth}（${v.maxCount} ${v.unit}），最近一个月 ${v.lastMonth}（${v.lastCount} ${v.unit}）。逐月数字见旁边的表格。`
}

/** The figures for a screen reader: range, total, the busiest and the latest month. */
export function trendSummary(rows: TrendRow[], labels: TrendLabels): TrendSummaryValues | null {
  if (!rows.length) return null
  const max = rows.reduce((best, r) => (r.count > best.count ? r : best), rows[0])
  const last = rows[rows.length - 1]
  return {
    title: labels.title,
    from: rows[0].month,
    to: last.month,
    months: rows.length,
    current: labels.current,
    total: rows.reduce((sum, r) => sum + r.count, 0),
    unit: labels.unit,
    maxMonth: max.month,
    maxCount: max.count,
    lastMonth: last.month,
    lastCount: last.count,
  }
}

export interface TrendRow {
  month: string
  count: number
  /** the same month one year earlier, from the 同比 base */
  lastYear: number
  yoyText: string
  momText: string
}

/** Words a count against its base (report wording: 同比下降3件，降幅20.0%). */
export type ChangeWording = (current: number, base: number, comparison: 'yoy' | 'mom') => string

/**
 * One row per month; last year's count is this count minus the 同比 delta, last month's minus the
 * 环比 delta. Changes read "+3 件, +20%" unless a wording is given.
 */
export function trendRows(trend: TrendSeries, unit = '件', wording?: ChangeWording): TrendRow[] {
  return trend.points.map((p) => ({
    month: p.month,
    count: p.count,
    lastYear: p.count - p.yoy.delta,
    yoyText: wording ? wording(p.count, p.count - p.yoy.delta, 'yoy') : formatChange(p.yoy, unit),
    momText: wording ? wording(p.count, p.count - p.mom.delta, 'mom') : formatChange(p.mom, unit),
  }))
}

export function buildTrendOption(
  trend: TrendSeries,
  labels: TrendLabels,
  settings: TrendOptionSettings,
): TrendOption {
  const rows = trendRows(trend, labels.unit, settings.wording)
  const kind = settings.kind ?? 'line'
  const months = rows.map((r) => r.month)
  const scale = settings.fontScale ?? 1
  const px = (n: number) => Math.round(n * scale)
  const summary = trendSummary(rows, labels)
  const description = summary ? (settings.describe ?? describeTrendZh)(summary) : labels.title

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
    // The text alternative: ECharts sets it as the container's aria-label (the table beside the
    // chart carries every figure).
    aria: { enabled: true, label: { enabled: true, description } },
    // Dark enough for 3:1 against white as graphics (WCAG 1.4.11); last year is also dashed.
    color: ['#b42318', '#5f6b78'],
    textStyle: { fontSize: px(12) },
    title: {
      text: labels.title,
      left: 'center',
      top: 4,
      textStyle: { fontSize: px(15), fontWeight: 'normal', color: '#303133' },
    },
    tooltip: {
      trigger: 'axis',
      textStyle: { fontSize: px(13) },
      formatter: (params: unknown) => tooltipText(rows, params, labels),
    },
    legend: { data: [labels.current, labels.lastYear], top: px(30), textStyle: { fontSize: px(13), color: '#303133' } },
    grid: { left: px(48), right: 24, top: px(70), bottom: months.length > 12 ? px(64) : px(40) },
    xAxis: {
      type: 'category',
      data: months,
      boundaryGap: kind === 'bar',
      // Every month named (interval 0), turned when they would run into each other.
      axisLabel: { interval: 0, rotate: months.length > 12 ? 40 : 0, fontSize: px(12), color: '#53565a' },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: px(12), color: '#53565a' } },
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
