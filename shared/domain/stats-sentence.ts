// The sentences a leader pastes into a report (issue 12), worded as Chinese reports word changes:
// "2025年1—6月，七口堰社区信访量30件，同比下降37件，降幅55.2%。" Every figure comes from the raw
// counts passed in; a zero base reads 新增, never Infinity or NaN.
import type { Rates } from './rates'
import { change } from './statistics'
import { MEASURE_NAMES, RATE_KEYS, RATE_NAMES, rateChange, type Measure } from './stats-compare'
import { periodLabelAsOf, type MonthSpan } from './stats-period'

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
  /** 七口堰社区 or 全街道 */
  scopeName: string
  measure: Measure
  count: number
  lastYear: number
  /** Given: a 环比 clause follows the 同比 one. */
  previous?: number
}

/** 2025年1—6月，七口堰社区信访量30件，同比下降37件，降幅55.2%。 */
export function countSentence(s: CountSentenceInput): string {
  const clauses = [changeClause(s.count, s.lastYear, 'yoy')]
  if (s.previous !== undefined) clauses.push(changeClause(s.count, s.previous, 'mom'))
  return `${periodLabelAsOf(s.span, s.asOf ?? null)}，${s.scopeName}${MEASURE_NAMES[s.measure]}${s.count}件，${clauses.join('；')}。`
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
  scopeName: string
  rates: Rates
  lastYear: Rates
  previous?: Rates
}

/**
 * 2025年1—6月，全街道办结率86.7%，同比提高3.3个百分点；按期办结率…；满意率…。 A rate with no base
 * in the period (no demand, no task done, nothing rated) is left out; null when none is left.
 */
export function rateSentence(s: RateSentenceInput): string | null {
  const parts: string[] = []
  for (const key of RATE_KEYS) {
    const value = s.rates[key]
    if (value === null) continue
    const clauses = [rateClause(rateChange(s.rates, s.lastYear, key), 'yoy')]
    if (s.previous) clauses.push(rateClause(rateChange(s.rates, s.previous, key), 'mom'))
    parts.push(`${RATE_NAMES[key]}${oneDecimal(value)}%，${clauses.join('，')}`)
  }
  if (!parts.length) return null
  return `${periodLabelAsOf(s.span, s.asOf ?? null)}，${s.scopeName}${parts.join('；')}。`
}
