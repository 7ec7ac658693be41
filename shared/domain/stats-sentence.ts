// The sentences a leader pastes into a report (issue 12), worded as Chinese reports word changes:
// "2025年1—6月，七口堰社区信访量30件，同比下降37件，降幅55.2%。" Every figure comes from the raw
// counts passed in; a zero base reads 新增, never Infinity or NaN.
import type { Rates } from './rates'
import { change } from './statistics'
import { MEASURE_NAMES, RATE_KEYS, RATE_NAMES, rateChange, type Measure } from './stats-compare'
import { periodLabel, periodLabelAsOf, sameSpan, type MonthSpan } from './stats-period'

/** The street as a whole in the sentences; an operator who sees part of it reads 所辖N个社区. */
export const WHOLE_STREET = '全街道'

export function streetScopeName(communities: number, wholeStreet: boolean): string {
  return wholeStreet ? WHOLE_STREET : `所辖${communities}个社区`
}

export type Comparison = 'yoy' | 'mom'

/** How each comparison names its base. */
const BASES: Record<Comparison, { word: string; base: string }> = {
  yoy: { word: '同比', base: '上年同期' },
  mom: { word: '环比', base: '上期' },
}

/** One decimal, always shown (55.2, 20.0): reports keep the precision fixed. */
export function oneDecimal(value: number): string {
  return (Math.round(Math.abs(value) * 10 + 1e-9) / 10).toFixed(1)
}

/**
 * A count against its base: 同比下降37件，降幅55.2% · 同比上升3件，增幅20.0% · 与上年同期持平 ·
 * 上年同期为0，新增5件 (环比: 环比… · 与上期持平 · 上期为0，新增5件).
 */
export function changeClause(current: number, base: number, comparison: Comparison, unit = '件'): string {
  const { word, base: baseName } = BASES[comparison]
  const c = change(current, base)
  if (c.delta === 0) return `与${baseName}持平`
  if (c.percent === null) return `${baseName}为0，新增${c.delta}${unit}`
  if (c.delta > 0) return `${word}上升${c.delta}${unit}，增幅${oneDecimal(c.percent)}%`
  return `${word}下降${-c.delta}${unit}，降幅${oneDecimal(c.percent)}%`
}

export interface CountSentenceInput {
  span: MonthSpan
  /** The street's day the figures run to when the range reaches the current month. */
  asOf?: string | null
  /**
   * The months compared (stats-period.ts finishedPart): the span when absent; its finished months
   * when it ends in the month under way; null when none is over yet (no comparison).
   */
  compared?: MonthSpan | null
  /** 七口堰社区 or 全街道 */
  scopeName: string
  measure: Measure
  count: number
  /** The count of the compared months (when they are not the whole span). */
  comparedCount?: number | null
  lastYear: number | null
  /** Given: a 环比 clause follows the 同比 one. */
  previous?: number | null
}

/** What a period that is not over yet says instead of its comparisons. */
export function notComparedClause(withMom: boolean): string {
  return `本月尚未结束，暂不作${withMom ? '同比、环比' : '同比'}`
}

/**
 * 2025年1—6月，七口堰社区信访量30件，同比下降37件，降幅55.2%。 Ending in the month under way:
 * 2026年1—12月（截至12月2日），全街道信访量530件；其中2026年1—11月529件，同比下降20件，降幅4.1%。
 * Only that month: 2026年12月（截至12月2日），全街道信访量1件；本月尚未结束，暂不作同比。
 */
export function countSentence(s: CountSentenceInput): string {
  const head = `${periodLabelAsOf(s.span, s.asOf ?? null)}，${s.scopeName}${MEASURE_NAMES[s.measure]}${s.count}件`
  const compared = s.compared === undefined ? s.span : s.compared
  if (!compared || s.lastYear === null) return `${head}；${notComparedClause(s.previous !== undefined)}。`
  const whole = sameSpan(compared, s.span)
  const count = whole ? s.count : (s.comparedCount ?? 0)
  const clauses = [changeClause(count, s.lastYear, 'yoy')]
  if (s.previous !== undefined && s.previous !== null) clauses.push(changeClause(count, s.previous, 'mom'))
  if (whole) return `${head}，${clauses.join('；')}。`
  return `${head}；其中${periodLabel(compared)}${count}件，${clauses.join('；')}。`
}

/** A rate against its base in 百分点: 同比提高3.3个百分点 · 同比下降1.0个百分点 · 与上年同期持平. */
export function rateClause(pp: number | null, comparison: Comparison): string {
  const { word, base } = BASES[comparison]
  if (pp === null) return `${base}无可比数据`
  if (pp === 0) return `与${base}持平`
  return `${word}${pp > 0 ? '提高' : '下降'}${oneDecimal(pp)}个百分点`
}

export interface RateSentenceInput {
  span: MonthSpan
  asOf?: string | null
  /** As in CountSentenceInput: the span when absent. */
  compared?: MonthSpan | null
  scopeName: string
  rates: Rates
  /** The rates of the compared months (when they are not the whole span). */
  ratesCompared?: Rates | null
  lastYear: Rates
  previous?: Rates
}

/**
 * 2025年1—6月，全街道办结率86.7%，同比提高3.3个百分点；按期办结率…；满意率…。 A rate with no base
 * in the period (no demand, no task done, nothing rated) is left out; null when none is left.
 * Ending in the month under way, the sentence is about the finished months (2026年1—11月，…);
 * only that month: its rates and 本月尚未结束，暂不作同比.
 */
export function rateSentence(s: RateSentenceInput): string | null {
  const compared = s.compared === undefined ? s.span : s.compared
  const whole = !!compared && sameSpan(compared, s.span)
  const rates = whole || !compared ? s.rates : (s.ratesCompared ?? s.rates)
  const parts: string[] = []
  for (const key of RATE_KEYS) {
    const value = rates[key]
    if (value === null) continue
    if (!compared) {
      parts.push(`${RATE_NAMES[key]}${oneDecimal(value)}%`)
      continue
    }
    const clauses = [rateClause(rateChange(rates, s.lastYear, key), 'yoy')]
    if (s.previous) clauses.push(rateClause(rateChange(rates, s.previous, key), 'mom'))
    parts.push(`${RATE_NAMES[key]}${oneDecimal(value)}%，${clauses.join('，')}`)
  }
  if (!parts.length) return null
  if (!compared) return `${periodLabelAsOf(s.span, s.asOf ?? null)}，${s.scopeName}${parts.join('，')}；${notComparedClause(!!s.previous)}。`
  const label = whole ? periodLabelAsOf(s.span, s.asOf ?? null) : periodLabel(compared)
  return `${label}，${s.scopeName}${parts.join('；')}。`
}
