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
  /** The series of months from historical counts, and the note under the chart; zh-CN when absent. */
  historical?: string
  historicalNote?: (ranges: string) => string
}

export const HISTORY_SERIES_ID = 'historical'
export const HISTORY_NOTE_ID = 'historical-note'

/** Runs of consecutive months among `months` (sorted), as [from, to]. */
export function monthRuns(months: readonly string[]): Array<[string, string]> {
  const runs: Array<[string, string]> = []
  for (const m of [...months].sort()) {
    const last = runs.at(-1)
    if (last && nextMonth(last[1]) === m) last[1] = m
    else runs.push([m, m])
  }
  return runs
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number)
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
}

const zhMonth = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`

/** 2018年1月—2019年12月、2020年3月 (zh-CN) or Jan 2018 – Dec 2019, Mar 2020 (en). */
export function monthRunsText(months: readonly string[], locale: string = 'zh-CN'): string {
  const runs = monthRuns(months)
  if (locale.startsWith('zh')) return runs.map(([a, b]) => (a === b ? zhMonth(a) : `${zhMonth(a)}—${zhMonth(b)}`)).join('、')
  const en = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
  return runs.map(([a, b]) => (a === b ? en(a) : `${en(a)} – ${en(b)}`)).join(', ')
}

export const historicalNoteZh = (ranges: string) => `${ranges}为历史统计数，非系统记录`

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
  /** the month under way: its tooltip says it is not compared (see `trendRows`) */
  running?: RunningMonth | null
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

/** The month under way (statistics.ts trendCompared) and what its row says instead of changes. */
export interface RunningMonth {
  month: string
  text: string
}

/**
 * One row per month; last year's count is this count minus the 同比 delta, last month's minus the
 * 环比 delta. Changes read "+3 件, +20%" unless a wording is given. The month under way (and any
 * after it) is not compared: its bases are whole months.
 */
export function trendRows(trend: TrendSeries, unit = '件', wording?: ChangeWording, running?: RunningMonth | null): TrendRow[] {
  return trend.points.map((p) => {
    const notOver = !!running && p.month >= running.month
    return {
      month: p.month,
      count: p.count,
      lastYear: p.count - p.yoy.delta,
      yoyText: notOver ? running.text : wording ? wording(p.count, p.count - p.yoy.delta, 'yoy') : formatChange(p.yoy, unit),
      momText: notOver ? running.text : wording ? wording(p.count, p.count - p.mom.delta, 'mom') : formatChange(p.mom, unit),
    }
  })
}

export function buildTrendOption(
  /** `historicalMonths` (stats:petitionTrend): months whose count is an entered historical count. */
  trend: TrendSeries & { historicalMonths?: readonly string[] },
  labels: TrendLabels,
  settings: TrendOptionSettings,
): TrendOption {
  const rows = trendRows(trend, labels.unit, settings.wording, settings.running)
  const counted = new Set(trend.historicalMonths ?? [])
  const isCounted = rows.map((r) => counted.has(r.month))
  const anyCounted = isCounted.some(Boolean)
  const historicalName = labels.historical ?? '历史统计数'
  const note = anyCounted ? (labels.historicalNote ?? historicalNoteZh)(monthRunsText(rows.filter((_, i) => isCounted[i]).map((r) => r.month))) : ''
  const kind = settings.kind ?? 'line'
  const months = rows.map((r) => r.month)
  // Every month is labelled; beyond half a year the labels (2026-01) would run into each other at 1366 px.
  const rotateLabels = months.length > 6
  const scale = settings.fontScale ?? 1
  const px = (n: number) => Math.round(n * scale)
  const summary = trendSummary(rows, labels)
  const described = summary ? (settings.describe ?? describeTrendZh)(summary) : labels.title
  const description = note ? `${described} ${note}。` : described

  // Months from historical counts: on a line, their own series (the records' line has a gap there),
  // dashed with hollow points and named in the legend; as bars (one slot per series, so no extra
  // series), the same bars hatched. The note under the chart names the months either way.
  const HISTORY_COLOR = '#9a3412'
  const HATCH = { symbol: 'rect', color: 'rgba(255, 255, 255, 0.6)', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4 }
  const current: LineSeriesOption | BarSeriesOption =
    kind === 'line'
      ? { name: labels.current, type: 'line', data: rows.map((r, i) => (isCounted[i] ? null : r.count)), smooth: false, symbolSize: 6 }
      : {
          name: labels.current,
          type: 'bar',
          data: rows.map((r, i) => (isCounted[i] ? { value: r.count, itemStyle: { color: HISTORY_COLOR, decal: HATCH } } : r.count)),
          barMaxWidth: 18,
        }
  // The dashed run joins the record months either side, so the trend reads as one line.
  const historical: LineSeriesOption | null =
    kind === 'line' && anyCounted
      ? {
          id: HISTORY_SERIES_ID,
          name: historicalName,
          type: 'line',
          data: rows.map((r, i) => (isCounted[i] ? r.count : isCounted[i - 1] || isCounted[i + 1] ? { value: r.count, symbol: 'none' } : null)),
          symbol: 'emptyCircle',
          symbolSize: 7,
          lineStyle: { type: [6, 4], color: HISTORY_COLOR },
          itemStyle: { color: HISTORY_COLOR },
        }
      : null
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

  const mainTitle: TitleComponentOption = {
    text: labels.title,
    left: 'center',
    top: 4,
    textStyle: { fontSize: px(15), fontWeight: 'normal', color: '#303133' },
  }

  return {
    animation: settings.animation,
    // The text alternative: ECharts sets it as the container's aria-label (the table beside the
    // chart carries every figure).
    aria: { enabled: true, label: { enabled: true, description } },
    // Dark enough for 3:1 against white as graphics (WCAG 1.4.11); last year is also dashed.
    color: ['#b42318', '#5f6b78'],
    textStyle: { fontSize: px(12) },
    // The note travels with the chart (a saved PNG says which months are counts); without counted
    // months the title is the one object it always was.
    title: note
      ? [mainTitle, { id: HISTORY_NOTE_ID, text: note, left: 'center', bottom: 2, textStyle: { fontSize: px(12), fontWeight: 'normal', color: '#53565a' } }]
      : mainTitle,
    tooltip: {
      trigger: 'axis',
      textStyle: { fontSize: px(13) },
      formatter: (params: unknown) => tooltipText(rows, params, { ...labels, historical: historicalName }, isCounted),
    },
    legend: { data: historical ? [labels.current, historicalName, labels.lastYear] : [labels.current, labels.lastYear], top: px(30), textStyle: { fontSize: px(13), color: '#303133' } },
    grid: { left: px(48), right: 24, top: px(70), bottom: (note ? px(58) : px(40)) + (rotateLabels ? px(24) : 0) },
    xAxis: {
      type: 'category',
      data: months,
      boundaryGap: kind === 'bar',
      // Every month named (interval 0), turned when they would run into each other.
      axisLabel: { interval: 0, rotate: rotateLabels ? 40 : 0, fontSize: px(12), color: '#53565a' },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: px(12), color: '#53565a' } },
    series: historical ? [current, previous, historical] : [current, previous],
  }
}

/** The option with the historical series' name and the note in the UI's language (the chart component's i18n). */
export function withHistoricalText(option: TrendOption, name: string, note: string | null): TrendOption {
  const series = (Array.isArray(option.series) ? option.series : []) as Array<{ id?: string; name?: string }>
  const titles = (Array.isArray(option.title) ? option.title : [option.title]) as Array<{ id?: string; text?: string }>
  if (!titles.some((t) => t?.id === HISTORY_NOTE_ID)) return option
  const old = series.find((s) => s.id === HISTORY_SERIES_ID)?.name
  const text = note
  const legend = option.legend as { data?: string[] } | undefined
  return {
    ...option,
    series: series.map((s) => (s.id === HISTORY_SERIES_ID ? { ...s, name } : s)) as TrendOption['series'],
    legend: legend ? { ...legend, data: legend.data?.map((d) => (d === old ? name : d)) } : legend,
    title: titles.map((t) => (t?.id === HISTORY_NOTE_ID && text ? { ...t, text } : t)) as TrendOption['title'],
  } as TrendOption
}

/** Axis tooltip: the month, both counts and the 同比/环比 changes ("—" when the base is zero); a counted month says so. */
export function tooltipText(rows: TrendRow[], params: unknown, labels: TrendLabels, counted: readonly boolean[] = []): string {
  const first = Array.isArray(params) ? params[0] : params
  const index = (first as { dataIndex?: number } | undefined)?.dataIndex ?? -1
  const row = rows[index]
  if (!row) return ''
  // Plain text lines joined with <br/>; no user-entered text reaches the tooltip.
  return [
    counted[index] ? `${row.month}（${labels.historical ?? '历史统计数'}）` : row.month,
    `${labels.current}：${row.count} ${labels.unit}`.trim(),
    `${labels.lastYear}：${row.lastYear} ${labels.unit}`.trim(),
    `${labels.yoy}：${row.yoyText}`,
    `${labels.mom}：${row.momText}`,
  ].join('<br/>')
}
