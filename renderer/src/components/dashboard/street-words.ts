// The street dashboard's wording in both languages: changes as Chinese reports write them
// (同比下降153件，降幅34.7% · 上年同期为0，新增5件 · 提高2.1个百分点) and their English
// counterparts, English period and bucket names, and the chart labels of shared/charts.
import { changeClause, oneDecimal, rateClause, type Comparison } from '../../../../shared/domain/stats-sentence'
import type { Bucket, MonthSpan } from '../../../../shared/domain/stats-period'
import type { StreetStats } from '../../../../shared/domain/street-stats'
import type { Compared } from '../../../../shared/domain/stats-compare'
import { ZH_STREET_CHART_LABELS, type StreetChartLabels } from '../../../../shared/charts/street-options'
import type { DemandCategory, DemandChannel } from '../../../../shared/domain/vocab'

export type Lang = 'zh-CN' | 'en'

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const mon = (m: string) => MONTHS_EN[Number(m.slice(5, 7)) - 1]
const yr = (m: string) => m.slice(0, 4)

/** Mar 2026 · Q1 2026 · 2026 · Jan–Jun 2026 · Jul 2024–Jun 2025 · 2023–2025 */
export function periodLabelEn(span: MonthSpan): string {
  const { from, to } = span
  const [fm, tm] = [Number(from.slice(5, 7)), Number(to.slice(5, 7))]
  if (yr(from) === yr(to)) {
    if (from === to) return `${mon(from)} ${yr(from)}`
    if (fm === 1 && tm === 12) return yr(from)
    if ((fm - 1) % 3 === 0 && tm === fm + 2) return `Q${(fm - 1) / 3 + 1} ${yr(from)}`
    return `${mon(from)}–${mon(to)} ${yr(from)}`
  }
  if (fm === 1 && tm === 12) return `${yr(from)}–${yr(to)}`
  return `${mon(from)} ${yr(from)}–${mon(to)} ${yr(to)}`
}

/** The period with the running month's day: "Jan–May 2026 (to 20 May)". */
export function periodLabelAsOfEn(span: MonthSpan, asOf: string | null): string {
  const label = periodLabelEn(span)
  return asOf ? `${label} (to ${Number(asOf.slice(8, 10))} ${mon(asOf)})` : label
}

export function periodText(stats: StreetStats, lang: Lang): string {
  return lang === 'zh-CN' ? stats.period.labelAsOf : periodLabelAsOfEn(stats.period, stats.period.asOf)
}

/** A bucket on the axis: months short (3月 / Mar) when the period stays in one year. */
export function bucketLabel(bucket: Bucket, lang: Lang, oneYear: boolean): string {
  if (bucket.from === bucket.to && oneYear) return lang === 'zh-CN' ? `${Number(bucket.from.slice(5, 7))}月` : mon(bucket.from)
  return lang === 'zh-CN' ? bucket.label : periodLabelEn(bucket)
}

/** A count against its base in the reader's language (zh: report wording). */
export function changeText(lang: Lang, current: number, base: number, comparison: Comparison, unit: string): string {
  if (lang === 'zh-CN') return changeClause(current, base, comparison, unit)
  const against = comparison === 'yoy' ? 'year on year' : 'on the previous period'
  const delta = current - base
  if (delta === 0) return comparison === 'yoy' ? 'same as last year' : 'same as the previous period'
  if (base === 0) return `new: ${delta} (${comparison === 'yoy' ? 'none a year before' : 'none in the previous period'})`
  const pct = oneDecimal((delta / base) * 100)
  return delta > 0 ? `up ${delta} (+${pct}%) ${against}` : `down ${-delta} (−${pct}%) ${against}`
}

/** A rate's change in 百分点, worded as the summary sentences word it: 同比提高2.1个百分点 · 与上年同期持平 · 上年同期无可比数据. */
export function rateChangeText(lang: Lang, pp: number | null, comparison: Comparison): string {
  if (lang === 'zh-CN') return rateClause(pp, comparison)
  const against = comparison === 'yoy' ? 'year on year' : 'on the previous period'
  if (pp === null) return comparison === 'yoy' ? 'no figure a year before' : 'no figure for the previous period'
  if (pp === 0) return comparison === 'yoy' ? 'same as last year' : 'same as the previous period'
  return `${pp > 0 ? 'up' : 'down'} ${oneDecimal(pp)} pts ${against}`
}

/**
 * A comparison of `f` (the whole period, a bucket) in the reader's language: the count of its
 * compared months against the base; `notCompared` when no month of it is over yet.
 */
export function comparedText(lang: Lang, f: Compared, comparison: Comparison, unit: string, notCompared: string): { text: string; dir: -1 | 0 | 1 } {
  const base = comparison === 'yoy' ? f.lastYear : f.previous
  const change = comparison === 'yoy' ? f.yoy : f.mom
  if (f.compared === null || base === null || !change) return { text: notCompared, dir: 0 }
  return { text: changeText(lang, f.compared, base, comparison, unit), dir: trend(change.delta) }
}

/** -1, 0, 1: a fall reads green and a rise red (fewer petitions is good news for a street). */
export const trend = (delta: number | null): -1 | 0 | 1 => (delta === null || delta === 0 ? 0 : delta > 0 ? 1 : -1)

export interface ChartWords {
  petitions: string
  demands: string
  unit: string
  partial: string
  /** a bucket whose month is not over: no comparison (tooltip); the comparisons of a bucket that leave that month out */
  notCompared: string
  finishedOnly: string
  /** a bucket from entered historical counts (tooltip), and the note naming them */
  historical: string
  historicalNote: (buckets: string) => string
  street: string
  rankTitle: (period: string, by: string) => string
  rankKeys: StreetChartLabels['rankKeys']
  shareTitle: (period: string, by: 'category' | 'channel') => string
  categories: Record<DemandCategory, string>
  channels: Record<DemandChannel, string>
  figuresNote: string
}

/** The labels of shared/charts/street-options for the screen's language. */
export function chartLabels(stats: StreetStats, lang: Lang, words: ChartWords): StreetChartLabels {
  const oneYear = stats.period.from.slice(0, 4) === stats.period.to.slice(0, 4)
  if (lang === 'zh-CN') {
    return { ...ZH_STREET_CHART_LABELS, bucketLabel: (b) => bucketLabel(b, lang, oneYear) }
  }
  return {
    measures: { petitions: words.petitions, demands: words.demands },
    unit: words.unit,
    period: periodText(stats, lang),
    streetName: words.street,
    bucketLabel: (b) => bucketLabel(b, lang, oneYear),
    changeText: (current, base, comparison) => changeText(lang, current, base, comparison, words.unit),
    partial: words.partial,
    notCompared: words.notCompared,
    finishedOnly: words.finishedOnly,
    historical: words.historical,
    historicalNote: words.historicalNote,
    rankTitle: words.rankTitle,
    rankKeys: words.rankKeys,
    shareTitle: words.shareTitle,
    categories: words.categories,
    channels: words.channels,
    figuresNote: words.figuresNote,
  }
}
