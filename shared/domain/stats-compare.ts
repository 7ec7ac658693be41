// Comparisons of the leaders' dashboard (issue 12): a measure over a period against the same
// period last year (同比) and the previous period (环比), per bucket; rate changes in 百分点; shares
// by category and channel; the ranking of communities. All from the per-month derived counts.
import type { MonthCounts } from './entities'
import { monthRange } from './month'
import { percentOf, type Rates } from './rates'
import { change, type Change } from './statistics'
import { finishedPart, previousPeriod, samePeriodLastYear, sameSpan, type Bucket, type MonthSpan } from './stats-period'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, type DemandCategory, type DemandChannel } from './vocab'

/** 信访量 (demands received as petitions) and 诉求量 (all demands). */
export const MEASURES = ['petitions', 'demands'] as const
export type Measure = (typeof MEASURES)[number]

export const MEASURE_NAMES: Record<Measure, string> = { petitions: '信访量', demands: '诉求量' }

export function measureOf(counts: MonthCounts | undefined, measure: Measure): number {
  if (!counts) return 0
  return measure === 'petitions' ? (counts.byChannel.petition ?? 0) : counts.total
}

/**
 * A measure over a span against its two bases. The comparisons use the span's finished months
 * (stats-period.ts finishedPart): `compared` is their count — the same as `count` unless the span
 * ends in the month under way — and everything below is null when no month of the span is over.
 */
export interface Compared {
  count: number
  /** The count of the months compared. */
  compared: number | null
  /** Same months one year earlier. */
  lastYear: number | null
  /** The months just before, as many. */
  previous: number | null
  /** 同比 */
  yoy: Change | null
  /** 环比 */
  mom: Change | null
}

export interface BucketFigures extends Compared {
  key: string
}

export interface MeasureFigures extends Compared {
  buckets: BucketFigures[]
}

/** Per-month counts of one scope (a community, or the street summed). Missing months are zero. */
export type CountsOf = (month: string) => MonthCounts | undefined

/** The sum of a measure over a span of months. */
type SpanSum = (span: MonthSpan) => number

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1

function directSum(at: CountsOf, measure: Measure): SpanSum {
  return (span) => {
    let sum = 0
    for (const m of monthRange(span.from, span.to)) sum += measureOf(at(m), measure)
    return sum
  }
}

/**
 * Prefix sums over the months a span and its bases need (the span's from − its length, or − 12,
 * to its to): every bucket's sum and both bases are then two look-ups (120 monthly buckets of 15
 * communities would otherwise add up ~10^5 months).
 */
function prefixSum(at: CountsOf, measure: Measure, span: MonthSpan): SpanSum {
  const prev = previousPeriod(span)
  const lastYear = samePeriodLastYear(span)
  const start = Math.min(monthIndex(prev.from), monthIndex(lastYear.from))
  const months = monthRange(prev.from < lastYear.from ? prev.from : lastYear.from, span.to)
  const prefix = new Float64Array(months.length + 1)
  months.forEach((m, i) => (prefix[i + 1] = prefix[i] + measureOf(at(m), measure)))
  const direct = directSum(at, measure)
  return (s) => {
    const a = monthIndex(s.from) - start
    const b = monthIndex(s.to) - start
    if (a < 0 || b >= months.length) return direct(s)
    return b < a ? 0 : prefix[b + 1] - prefix[a]
  }
}

function compareWith(sum: SpanSum, span: MonthSpan, currentMonth: string | null): Compared {
  const count = sum(span)
  const finished = finishedPart(span, currentMonth)
  if (!finished) return { count, compared: null, lastYear: null, previous: null, yoy: null, mom: null }
  const compared = sameSpan(finished, span) ? count : sum(finished)
  const lastYear = sum(samePeriodLastYear(finished))
  const previous = sum(previousPeriod(finished))
  return { count, compared, lastYear, previous, yoy: change(compared, lastYear), mom: change(compared, previous) }
}

/** `currentMonth`: the month under way (YYYY-MM) when the span reaches it, left out of the comparisons. */
export function compare(at: CountsOf, span: MonthSpan, measure: Measure, currentMonth: string | null = null): Compared {
  return compareWith(directSum(at, measure), span, currentMonth)
}

/** The period's figures and each bucket's (a bucket's 环比 is the bucket before it, as long). */
export function measureFigures(at: CountsOf, span: MonthSpan, buckets: readonly Bucket[], measure: Measure, currentMonth: string | null = null): MeasureFigures {
  const sum = prefixSum(at, measure, span)
  return { ...compareWith(sum, span, currentMonth), buckets: buckets.map((b) => ({ key: b.key, ...compareWith(sum, b, currentMonth) })) }
}

/** The street's months: the communities' counts added month by month (totals = sum of communities). */
export function sumCounts(parts: Iterable<MonthCounts | undefined>): MonthCounts | undefined {
  let out: MonthCounts | undefined
  for (const c of parts) {
    if (!c) continue
    out ??= { total: 0, byCategory: {}, byChannel: {}, byStatus: {} }
    out.total += c.total
    addInto(out.byCategory, c.byCategory)
    addInto(out.byChannel, c.byChannel)
    addInto(out.byStatus, c.byStatus)
    if (c.outcomes) addInto((out.outcomes ??= {}), c.outcomes)
  }
  return out
}

function addInto<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  // for…in over the plain count objects: no entry arrays made (15 communities × 240 months per call)
  for (const k in from) into[k] = (into[k] ?? 0) + from[k]!
}

// ---- rates ----

export const RATE_KEYS = ['closeRate', 'onTimeRate', 'satisfactionRate'] as const
export type RateKey = (typeof RATE_KEYS)[number]

export const RATE_NAMES: Record<RateKey, string> = { closeRate: '办结率', onTimeRate: '按期办结率', satisfactionRate: '满意率' }

/** Each rate's part and whole in Rates. */
const RATE_PARTS: Record<RateKey, [keyof Rates, keyof Rates]> = {
  closeRate: ['closed', 'demands'],
  onTimeRate: ['tasksOnTime', 'tasksDone'],
  satisfactionRate: ['satisfied', 'rated'],
}

/**
 * A rate's change in 百分点, one decimal, from the raw counts of both periods (not from the two
 * rounded rates: 13/15 vs 5/6 is 3.3, though 86.7 − 83.3 reads 3.4). Null when either has no base.
 */
export function rateChange(now: Rates, base: Rates, key: RateKey): number | null {
  const [part, whole] = RATE_PARTS[key]
  const [pn, wn, pb, wb] = [now[part], now[whole], base[part], base[whole]] as number[]
  if (!(wn > 0) || !(wb > 0)) return null
  const pp = (pn / wn - pb / wb) * 100
  const scaled = Math.round(Math.abs(pp) * 10 + 1e-9) / 10
  return pp < 0 && scaled !== 0 ? -scaled : scaled
}

export type RateChanges = Record<RateKey, number | null>

export function rateChanges(now: Rates, base: Rates): RateChanges {
  return { closeRate: rateChange(now, base, 'closeRate'), onTimeRate: rateChange(now, base, 'onTimeRate'), satisfactionRate: rateChange(now, base, 'satisfactionRate') }
}

// ---- shares ----

export interface Share<K extends string> {
  key: K
  count: number
  /** Of all demands in the span, one decimal. */
  percent: number
}

/**
 * Shares of the span's demands by a breakdown, largest first (ties in vocabulary order), keys with
 * no demand left out. Each percent is rounded on its own, so they need not add up to 100.0.
 */
export function sharesOf<K extends string>(at: CountsOf, span: MonthSpan, pick: (c: MonthCounts) => Partial<Record<K, number>>, keys: readonly K[]): Array<Share<K>> {
  const sums = new Map<K, number>()
  let total = 0
  for (const m of monthRange(span.from, span.to)) {
    const c = at(m)
    if (!c) continue
    total += c.total
    for (const [k, v] of Object.entries(pick(c)) as Array<[K, number]>) sums.set(k, (sums.get(k) ?? 0) + v)
  }
  return keys
    .map((key, order) => ({ key, count: sums.get(key) ?? 0, order }))
    .filter((s) => s.count > 0)
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .map(({ key, count }) => ({ key, count, percent: percentOf(count, total) ?? 0 }))
}

export interface Shares {
  category: Array<Share<DemandCategory>>
  channel: Array<Share<DemandChannel>>
}

export function sharesFor(at: CountsOf, span: MonthSpan): Shares {
  return {
    category: sharesOf(at, span, (c) => c.byCategory, DEMAND_CATEGORIES),
    channel: sharesOf(at, span, (c) => c.byChannel, DEMAND_CHANNELS),
  }
}

// ---- ranking ----

/** What the ranking orders by; a change is the 同比 in 件 (a percent has no value over a zero base). */
export const RANK_KEYS = ['petitions', 'demands', 'petitionsChange', 'demandsChange', 'closeRate', 'onTimeRate', 'satisfactionRate'] as const
export type RankKey = (typeof RANK_KEYS)[number]

export const RANK_ORDERS = ['desc', 'asc'] as const
export type RankOrder = (typeof RANK_ORDERS)[number]

export interface RankInput {
  communityId: string
  name: string
  petitions: Pick<Compared, 'count' | 'yoy'>
  demands: Pick<Compared, 'count' | 'yoy'>
  rates: Rates
}

export interface RankRow {
  communityId: string
  name: string
  /** 1-based; ties share a rank and the next rank skips (1, 2, 2, 4); null when it has no value. */
  rank: number | null
  /** The value ranked by. */
  value: number | null
  petitions: number
  /** null when no month of the period is over (see Compared) */
  petitionsYoy: Change | null
  demands: number
  demandsYoy: Change | null
  closeRate: number | null
  onTimeRate: number | null
  satisfactionRate: number | null
}

export function rankValue(row: RankInput, key: RankKey): number | null {
  switch (key) {
    case 'petitions':
      return row.petitions.count
    case 'demands':
      return row.demands.count
    case 'petitionsChange':
      return row.petitions.yoy?.delta ?? null
    case 'demandsChange':
      return row.demands.yoy?.delta ?? null
    default:
      return row.rates[key]
  }
}

/**
 * Communities ordered by `key` ('desc': largest first). Ties keep the order the rows came in (the
 * street's list) and share a rank; communities with no value (a rate with no base) come last,
 * unranked.
 */
export function rankCommunities(rows: readonly RankInput[], key: RankKey, order: RankOrder = 'desc'): RankRow[] {
  const sign = order === 'desc' ? -1 : 1
  const withValue = rows.map((r, i) => ({ r, i, value: rankValue(r, key) }))
  withValue.sort((a, b) => {
    if (a.value === null || b.value === null) return (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || a.i - b.i
    return sign * (a.value - b.value) || a.i - b.i
  })
  let rank = 0
  return withValue.map(({ r, value }, index) => {
    if (value !== null && (index === 0 || withValue[index - 1].value !== value)) rank = index + 1
    return {
      communityId: r.communityId,
      name: r.name,
      rank: value === null ? null : rank,
      value,
      petitions: r.petitions.count,
      petitionsYoy: r.petitions.yoy,
      demands: r.demands.count,
      demandsYoy: r.demands.yoy,
      closeRate: r.rates.closeRate,
      onTimeRate: r.rates.onTimeRate,
      satisfactionRate: r.rates.satisfactionRate,
    }
  })
}
