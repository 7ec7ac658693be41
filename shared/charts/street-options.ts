// ECharts options of the leaders' dashboard (issue 12), pure: StreetStats and the words to show
// in, option out. The renderer draws them on a canvas and the main side renders the same options
// to SVG for the briefing pack, so nothing here touches the DOM; the few functions in an option
// (tooltips) only look up text made here beforehand.
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts'
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components'
import type { Measure, RankKey, RateKey, Share } from '../domain/stats-compare'
import { MEASURE_NAMES, RATE_NAMES } from '../domain/stats-compare'
import type { Bucket, MonthSpan } from '../domain/stats-period'
import { changeClause, oneDecimal, type Comparison } from '../domain/stats-sentence'
import type { ScopeStats, StreetStats } from '../domain/street-stats'
import { DEMAND_CATEGORY_NAMES, DEMAND_CHANNEL_NAMES, type DemandCategory, type DemandChannel } from '../domain/vocab'

export type StreetChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>

/** The series id of the street's totals; a community's series id is its community id. */
export const STREET_SERIES_ID = 'street'

/** The words of the charts (zh-CN by default: `ZH_STREET_CHART_LABELS`). */
export interface StreetChartLabels {
  measures: Record<Measure, string>
  /** After counts: 件 (zh) or '' (en). */
  unit: string
  /** The period as the title names it; the backend's zh label (with 截至…) when absent. */
  period?: string
  /** A bucket on the axis and in tooltips; the backend's zh label when absent. */
  bucketLabel?: (bucket: Bucket) => string
  /** The street's series name; the backend's (全街道 / 所辖N个社区) when absent. */
  streetName?: string
  /** A count against its base, for one bucket; zh report wording when absent. */
  changeText?: (current: number, base: number, comparison: Comparison) => string
  /** Marks the bucket still running on the axis and in the tooltip, e.g. （未完） */
  partial: string
  /** Said instead of a comparison for a bucket with no finished month (the month under way); zh when absent. */
  notCompared?: string
  /** After the comparisons of a bucket that runs into the month under way (they leave it out); zh when absent. */
  finishedOnly?: string
  /** Marks a bucket (in the tooltip) whose figure comes from entered historical counts; zh when absent. */
  historical?: string
  /** The chart's note naming the buckets from historical counts; zh when absent. */
  historicalNote?: (buckets: string) => string
  rankTitle: (period: string, by: string) => string
  rankKeys: Record<RankKey, string>
  shareTitle: (period: string, by: 'category' | 'channel') => string
  categories: Record<DemandCategory, string>
  channels: Record<DemandChannel, string>
  /** The text alternative of a chart (its aria-label); the title and the figures follow. */
  figuresNote: string
}

export const ZH_STREET_CHART_LABELS: StreetChartLabels = {
  measures: MEASURE_NAMES,
  unit: '件',
  partial: '（未完）',
  rankTitle: (period, by) => `${period} 各社区${by}排名`,
  rankKeys: {
    petitions: '信访量',
    demands: '诉求量',
    petitionsChange: '信访量同比增减',
    demandsChange: '诉求量同比增减',
    ...RATE_NAMES,
  },
  shareTitle: (period, by) => `${period} 诉求${by === 'category' ? '类别' : '渠道'}占比`,
  categories: DEMAND_CATEGORY_NAMES,
  channels: DEMAND_CHANNEL_NAMES,
  figuresNote: '各项数字见旁边的表格。',
}

export interface StreetChartSettings {
  /** false for screenshots and server-side SVG: the chart is complete at once */
  animation: boolean
  /** text size multiplier: 1, or 18/14 in large-text mode (适老化) */
  fontScale?: number
}

export interface TrendChartSettings extends StreetChartSettings {
  measure: Measure
  kind: 'line' | 'bar'
  /** Draw the street's totals. */
  street: boolean
  /** Communities side by side, by id, in this order (from stats.communities); none by default. */
  communityIds?: readonly string[]
}

/** Readable on white as graphics (≥ 3:1, WCAG 1.4.11) and told apart from one another. */
export const STREET_PALETTE = ['#b42318', '#1d5fa8', '#2b7a2b', '#8a4b08', '#6b3fa0', '#0f7173', '#a8326e', '#5f6b78', '#7a6a00', '#3b4cca']

const sizes = (settings: StreetChartSettings) => {
  const scale = settings.fontScale ?? 1
  return (n: number) => Math.round(n * scale)
}

const titleOf = (text: string, px: (n: number) => number, subtext?: string): TitleComponentOption => ({
  text,
  ...(subtext ? { subtext, subtextStyle: { fontSize: px(12), color: '#53565a' } } : {}),
  left: 'center',
  top: 4,
  textStyle: { fontSize: px(15), fontWeight: 'normal', color: '#303133' },
})

const periodOf = (stats: StreetStats, labels: StreetChartLabels) => labels.period ?? stats.period.labelAsOf

/** A bucket's name on the axis and in the tooltip, marked when the bucket is still running. */
export function bucketNames(stats: StreetStats, labels: StreetChartLabels): string[] {
  return stats.buckets.map((b) => `${labels.bucketLabel ? labels.bucketLabel(b) : b.label}${b.partial ? labels.partial : ''}`)
}

/** Whether a scope's figure for the bucket takes entered historical counts (any month of it). */
export function bucketFromCounts(scope: ScopeStats, bucket: MonthSpan): boolean {
  return (scope.historicalMonths ?? []).some((m) => m >= bucket.from && m <= bucket.to)
}

/** The note under a trend naming the buckets drawn from historical counts (runs joined: 2019年1月—2019年12月), or ''. */
export function historicalNote(stats: StreetStats, labels: StreetChartLabels, scopes: readonly ScopeStats[]): string {
  const names = bucketNames(stats, labels)
  const marked = stats.buckets.map((b) => scopes.some((s) => bucketFromCounts(s, b)))
  const runs: string[] = []
  for (let i = 0; i < marked.length; i++) {
    if (!marked[i]) continue
    let j = i
    while (j + 1 < marked.length && marked[j + 1]) j++
    runs.push(i === j ? names[i] : `${names[i]}—${names[j]}`)
    i = j
  }
  if (!runs.length) return ''
  return (labels.historicalNote ?? ((b) => `${b}为历史统计数，非系统记录`))(runs.join('、'))
}

/** The scopes a trend chart draws, street first, then the communities in the order asked. */
export function trendScopes(stats: StreetStats, settings: Pick<TrendChartSettings, 'street' | 'communityIds'>): ScopeStats[] {
  const out: ScopeStats[] = settings.street ? [stats.street] : []
  for (const id of settings.communityIds ?? []) {
    const scope = stats.communities.find((c) => c.communityId === id)
    if (scope) out.push(scope)
  }
  return out
}

/** The series id of a scope (the street, or a community's id). */
export const seriesIdOf = (scope: ScopeStats): string => scope.communityId ?? STREET_SERIES_ID

/** "2026年1—6月 信访量": the chart names its period and measure. */
export function trendTitle(stats: StreetStats, labels: StreetChartLabels, measure: Measure): string {
  return `${periodOf(stats, labels)} ${labels.measures[measure]}`
}

/**
 * Each bucket's tooltip: the bucket, then per scope its count, its 同比 (the same months a year
 * earlier) and its 环比 (the bucket before, as long) — the wording of THAT bucket's change.
 */
export function trendTooltips(stats: StreetStats, labels: StreetChartLabels, settings: TrendChartSettings): string[] {
  const names = bucketNames(stats, labels)
  const scopes = trendScopes(stats, settings)
  const wording = labels.changeText ?? ((current: number, base: number, comparison: Comparison) => changeClause(current, base, comparison, labels.unit))
  const streetName = labels.streetName ?? stats.street.name
  return stats.buckets.map((_, i) => {
    const lines = [escapeHtml(names[i])]
    for (const scope of scopes) {
      const f = scope[settings.measure].buckets[i]
      const name = scope.communityId === null ? streetName : scope.name
      const counted = bucketFromCounts(scope, stats.buckets[i]) ? `（${labels.historical ?? '历史统计数'}）` : ''
      lines.push(`${escapeHtml(name)}：${f.count}${labels.unit ? ` ${labels.unit}` : ''}${escapeHtml(counted)}`)
      // The month under way is left out of the comparisons (its bases are whole months).
      if (f.compared === null || f.lastYear === null || f.previous === null) lines.push(`\u3000${escapeHtml(labels.notCompared ?? '本月尚未结束，暂不比较')}`)
      else {
        const only = stats.buckets[i].partial ? (labels.finishedOnly ?? '（不含本月）') : ''
        lines.push(`\u3000${escapeHtml(wording(f.compared, f.lastYear, 'yoy') + only)}`, `\u3000${escapeHtml(wording(f.compared, f.previous, 'mom') + only)}`)
      }
    }
    return lines.join('<br/>')
  })
}

/** Every label shown (interval 0); turned when they would run into each other. */
export function shouldRotate(names: readonly string[], fontScale = 1): boolean {
  const chars = names.reduce((n, s) => n + [...s].length, 0)
  return names.length > 12 || chars * fontScale > 60
}

/** 12月（未完） → 12月 and （未完） on two lines (an axis label of a running bucket). */
export function breakBeforeMark(name: string, mark: string): string {
  return name.endsWith(mark) && name.length > mark.length ? `${name.slice(0, -mark.length)}\n${mark}` : name
}

/**
 * The trend: the street and/or chosen communities side by side, one measure, per bucket, as lines
 * or bars. The bucket still running (the current month) is drawn lighter and named so.
 */
export function buildStreetTrendOption(stats: StreetStats, labels: StreetChartLabels, settings: TrendChartSettings): StreetChartOption {
  const px = sizes(settings)
  const names = bucketNames(stats, labels)
  const scopes = trendScopes(stats, settings)
  const tooltips = trendTooltips(stats, labels, settings)
  const streetName = labels.streetName ?? stats.street.name
  const title = trendTitle(stats, labels, settings.measure)
  const rotate = shouldRotate(names, settings.fontScale)
  const twoLines = !rotate && !!labels.partial && stats.buckets.some((b) => b.partial)
  const note = historicalNote(stats, labels, scopes)
  const series = scopes.map((scope): LineSeriesOption | BarSeriesOption => {
    const name = scope.communityId === null ? streetName : scope.name
    // The running bucket lighter; buckets from historical counts outlined with a dashed border (bars)
    // or drawn as hollow diamonds (lines), and named in the note under the chart.
    const data = scope[settings.measure].buckets.map((f, i) =>
      stats.buckets[i].partial
        ? settings.kind === 'bar'
          ? { value: f.count, itemStyle: { opacity: 0.5 } }
          : { value: f.count, symbol: 'emptyCircle', symbolSize: 9 }
        : bucketFromCounts(scope, stats.buckets[i])
          ? settings.kind === 'bar'
            ? { value: f.count, itemStyle: { opacity: 0.45, borderType: 'dashed' as const, borderWidth: 1.5, borderColor: '#303133' } }
            : { value: f.count, symbol: 'emptyDiamond', symbolSize: 10 }
          : f.count,
    )
    return settings.kind === 'line'
      ? { id: seriesIdOf(scope), name, type: 'line', data, symbolSize: 6, ...(scope.communityId === null ? { lineStyle: { width: 3 } } : {}) }
      : { id: seriesIdOf(scope), name, type: 'bar', data, barMaxWidth: 28 }
  })
  const totals = scopes.map((s) => `${s.communityId === null ? streetName : s.name} ${s[settings.measure].count}${labels.unit}`)
  return {
    animation: settings.animation,
    aria: { enabled: true, label: { enabled: true, description: `${title}。${totals.join('，')}。${note ? `${note}。` : ''}${labels.figuresNote}` } },
    color: STREET_PALETTE,
    textStyle: { fontSize: px(12) },
    // The note travels with the chart (a saved PNG or the briefing pack says which buckets are counts).
    title: note ? [titleOf(title, px), { text: note, left: 'center', bottom: 2, textStyle: { fontSize: px(12), fontWeight: 'normal', color: '#53565a' } }] : titleOf(title, px),
    tooltip: {
      trigger: 'axis',
      textStyle: { fontSize: px(13) },
      formatter: (params: unknown) => tooltips[indexOf(params)] ?? '',
    },
    legend: { type: 'scroll', top: px(30), textStyle: { fontSize: px(13), color: '#303133' } },
    grid: { left: px(48), right: 24, top: px(64), bottom: (rotate ? px(72) : twoLines ? px(50) : px(36)) + (note ? px(20) : 0), containLabel: false },

    xAxis: {
      type: 'category',
      data: names,
      boundaryGap: settings.kind === 'bar',
      // The running bucket's mark (（未完）) on a line of its own, so it does not run into its neighbour.
      axisLabel: { interval: 0, rotate: rotate ? 40 : 0, fontSize: px(12), color: '#53565a', ...(!twoLines ? {} : { formatter: (name: string) => breakBeforeMark(name, labels.partial) }) },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: px(12), color: '#53565a' } },
    series,
  }
}

/** The bucket and scope behind a clicked point of the trend (null when the series is unknown). */
export function trendPointAt(stats: StreetStats, seriesId: string, dataIndex: number): { communityId: string | null; bucket: StreetStats['buckets'][number] } | null {
  const bucket = stats.buckets[dataIndex]
  if (!bucket) return null
  if (seriesId === STREET_SERIES_ID) return { communityId: null, bucket }
  return stats.communities.some((c) => c.communityId === seriesId) ? { communityId: seriesId, bucket } : null
}

const RATE_KEY_SET = new Set<RankKey>(['closeRate', 'onTimeRate', 'satisfactionRate'] satisfies RateKey[])

/** A ranked value as shown: 30 件, +5 件, 86.7%. */
export function rankValueText(key: RankKey, value: number | null, unit: string): string {
  if (value === null) return '—'
  if (RATE_KEY_SET.has(key)) return `${oneDecimal(value)}%`
  const sign = key.endsWith('Change') && value > 0 ? '+' : ''
  return `${sign}${value}${unit ? ` ${unit}` : ''}`
}

/**
 * The ranking as horizontal bars, first at the top; communities with no value (a rate with no
 * base) are left out of the bars (the table lists them as —). Series data index i is ranking row i.
 */
export function buildRankingOption(stats: StreetStats, labels: StreetChartLabels, settings: StreetChartSettings): StreetChartOption {
  const px = sizes(settings)
  const { by, rows } = stats.ranking
  const shown = rows.filter((r) => r.value !== null)
  const title = labels.rankTitle(periodOf(stats, labels), labels.rankKeys[by])
  const texts = shown.map((r) => rankValueText(by, r.value, labels.unit))
  const longest = shown.reduce((n, r) => Math.max(n, [...r.name].length), 0)
  return {
    animation: settings.animation,
    aria: {
      enabled: true,
      label: { enabled: true, description: `${title}。${shown.map((r, i) => `${r.rank}. ${r.name} ${texts[i]}`).join('，')}。${labels.figuresNote}` },
    },
    color: [STREET_PALETTE[1]],
    textStyle: { fontSize: px(12) },
    title: titleOf(title, px),
    tooltip: {
      trigger: 'item',
      textStyle: { fontSize: px(13) },
      formatter: (params: unknown) => {
        const i = indexOf(params)
        return shown[i] ? `${escapeHtml(shown[i].name)}：${escapeHtml(texts[i])}` : ''
      },
    },
    grid: { left: Math.min(px(14) * longest + 16, 220), right: px(72), top: px(44), bottom: 16 },
    // Fewer ticks in large text, so the numbers keep apart.
    xAxis: { type: 'value', splitNumber: (settings.fontScale ?? 1) > 1 ? 3 : 5, axisLabel: { fontSize: px(12), color: '#53565a' }, ...(RATE_KEY_SET.has(by) ? { max: 100 } : {}) },
    yAxis: { type: 'category', inverse: true, data: shown.map((r) => r.name), axisLabel: { interval: 0, fontSize: px(12), color: '#303133' } },
    series: [
      {
        id: 'ranking',
        name: labels.rankKeys[by],
        type: 'bar',
        barMaxWidth: 22,
        data: shown.map((r, i) => ({ value: r.value as number, label: { show: true, position: r.value! < 0 ? 'left' : 'right', formatter: texts[i], fontSize: px(12), color: '#303133' } })),
      },
    ],
  }
}

/** The community behind a bar of the ranking chart. */
export function rankingRowAt(stats: StreetStats, dataIndex: number): string | null {
  return stats.ranking.rows.filter((r) => r.value !== null)[dataIndex]?.communityId ?? null
}

export interface ShareChartSettings extends StreetChartSettings {
  by: 'category' | 'channel'
  kind: 'pie' | 'bar'
  /** The street (null, default) or a community's id. */
  communityId?: string | null
}

function shareScope(stats: StreetStats, communityId: string | null | undefined): ScopeStats {
  return (communityId && stats.communities.find((c) => c.communityId === communityId)) || stats.street
}

/** The shares the chart draws: keys, names and "12件 · 30.0%" texts (from the backend's percents). */
export function shareItems(stats: StreetStats, labels: StreetChartLabels, settings: Pick<ShareChartSettings, 'by' | 'communityId'>): Array<{ key: string; name: string; count: number; percent: number; text: string }> {
  const scope = shareScope(stats, settings.communityId)
  const list: Array<Share<string>> = settings.by === 'category' ? scope.shares.category : scope.shares.channel
  const names: Record<string, string> = settings.by === 'category' ? labels.categories : labels.channels
  return list.map((s) => ({
    key: s.key,
    name: names[s.key] ?? s.key,
    count: s.count,
    percent: s.percent,
    text: `${s.count}${labels.unit ? ` ${labels.unit}` : ''} · ${oneDecimal(s.percent)}%`,
  }))
}

/** Shares of the period's demands by category or channel, as a pie or as bars (largest first). */
export function buildShareOption(stats: StreetStats, labels: StreetChartLabels, settings: ShareChartSettings): StreetChartOption {
  const px = sizes(settings)
  const items = shareItems(stats, labels, settings)
  const scope = shareScope(stats, settings.communityId)
  const scopeName = scope.communityId === null ? (labels.streetName ?? scope.name) : scope.name
  const title = labels.shareTitle(periodOf(stats, labels), settings.by)
  const description = `${title}（${scopeName}）。${items.map((s) => `${s.name} ${s.text}`).join('，')}。${labels.figuresNote}`
  const tooltip: TooltipComponentOption = {
    trigger: 'item',
    textStyle: { fontSize: px(13) },
    formatter: (params: unknown) => {
      const s = items[indexOf(params)]
      return s ? `${escapeHtml(s.name)}：${escapeHtml(s.text)}` : ''
    },
  }
  const base = {
    animation: settings.animation,
    aria: { enabled: true, label: { enabled: true, description } },
    color: STREET_PALETTE,
    textStyle: { fontSize: px(12) },
    title: titleOf(title, px, scopeName),
    tooltip,
  }
  if (settings.kind === 'pie') {
    const large = (settings.fontScale ?? 1) > 1
    return {
      ...base,
      series: [
        {
          id: `share-${settings.by}`,
          name: title,
          type: 'pie',
          // Large text: a smaller ring leaves the labels room at the card's edges.
          radius: large ? ['20%', '40%'] : ['26%', '50%'],
          center: ['50%', '58%'],
          avoidLabelOverlap: true,
          // Labels run to the card's edges and wrap there instead of being cut to "设…" at 1366.
          label: { alignTo: 'edge', edgeDistance: 6, overflow: 'break' },
          labelLine: { length: 8, length2: 6 },
          // Large text: count and percent on lines of their own (the edge has no room for "506 件 · 20.6%").
          data: items.map((s) => ({ name: s.name, value: s.count, label: { formatter: large ? `${s.name}\n${s.text.replace(' · ', '\n')}` : `${s.name}\n${s.text}`, fontSize: px(12), color: '#303133' } })),
        },
      ],
    }
  }
  const longest = items.reduce((n, s) => Math.max(n, [...s.name].length), 0)
  return {
    ...base,
    grid: { left: Math.min(px(13) * longest + 16, 200), right: px(110), top: px(56), bottom: 16 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: px(12), color: '#53565a' } },
    yAxis: { type: 'category', inverse: true, data: items.map((s) => s.name), axisLabel: { interval: 0, fontSize: px(12), color: '#303133' } },
    series: [
      {
        id: `share-${settings.by}`,
        name: title,
        type: 'bar',
        barMaxWidth: 22,
        data: items.map((s) => ({ value: s.count, label: { show: true, position: 'right', formatter: s.text, fontSize: px(12), color: '#303133' } })),
      },
    ],
  }
}

/** The category or channel key behind a clicked slice or bar of a share chart. */
export function shareKeyAt(stats: StreetStats, settings: Pick<ShareChartSettings, 'by' | 'communityId'>, dataIndex: number): string | null {
  const scope = shareScope(stats, settings.communityId)
  return (settings.by === 'category' ? scope.shares.category : scope.shares.channel)[dataIndex]?.key ?? null
}

function indexOf(params: unknown): number {
  const first = Array.isArray(params) ? params[0] : params
  return (first as { dataIndex?: number } | undefined)?.dataIndex ?? -1
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
