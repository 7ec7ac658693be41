import type { DemandChannel, DemandCategory } from './vocab'
import type { MonthCounts } from './entities'
import { addMonths, monthRange } from './month'
import { finishedPart, sameSpan, type MonthSpan } from './stats-period'
import { outcomeOf, type Closure, type OutcomeKey } from './evaluation'

/** A change between two periods, from raw counts. */
export interface Change {
  /** this − base, in 件 */
  delta: number
  /**
   * Percent with one decimal, e.g. -55.5. Null when the base is zero: a rise from nothing has
   * no percentage, and the UI shows "—" instead of Infinity or NaN.
   */
  percent: number | null
}

export function change(current: number, base: number): Change {
  const delta = current - base
  if (base === 0) return { delta, percent: null }
  return { delta, percent: roundTo1((delta / base) * 100) }
}

function roundTo1(value: number): number {
  // Round half away from zero on the decimal value, so -55.55 -> -55.6 as leaders expect.
  const scaled = Math.round(Math.abs(value) * 10 + 1e-9) / 10
  return value < 0 ? -scaled : scaled
}

export type TrendScope = 'all' | 'petition'

export interface TrendPoint {
  month: string
  count: number
  /** 同比: vs the same month last year */
  yoy: Change
  /** 环比: vs the previous month */
  mom: Change
}

export interface TrendSeries {
  points: TrendPoint[]
  total: number
  /** The whole range against the same range one year earlier. */
  totalYoy: Change
}

/** Count for one month under a scope: all demands, or only those received as petitions. */
export function countFor(counts: MonthCounts | undefined, scope: TrendScope): number {
  if (!counts) return 0
  if (scope === 'petition') return counts.byChannel.petition ?? 0
  return counts.total
}

/**
 * Monthly trend with 同比/环比 for months from..to, from a community's per-month counts.
 * Months with no record count as zero.
 */
export function monthlyTrend(
  byMonth: Readonly<Record<string, MonthCounts>>,
  from: string,
  to: string,
  scope: TrendScope = 'all',
): TrendSeries {
  const at = (m: string) => countFor(byMonth[m], scope)
  const months = monthRange(from, to)
  const points = months.map((month) => {
    const count = at(month)
    return {
      month,
      count,
      yoy: change(count, at(addMonths(month, -12))),
      mom: change(count, at(addMonths(month, -1))),
    }
  })
  const total = points.reduce((sum, p) => sum + p.count, 0)
  const lastYear = months.reduce((sum, m) => sum + at(addMonths(m, -12)), 0)
  return { points, total, totalYoy: change(total, lastYear) }
}

/** A trend read as reports compare it: the month under way is counted but not compared. */
export interface TrendCompared {
  /** The months compared (stats-period.ts finishedPart): the range, its finished months, or none. */
  compared: MonthSpan | null
  /** The month under way when the range reaches it: its row is shown, not compared. */
  running: string | null
  /** The compared months' count and its 同比 (null when nothing is compared). */
  count: number
  totalYoy: Change | null
  /** The latest compared month (with its 环比), or null. */
  lastCompared: TrendPoint | null
}

/**
 * The comparisons of `trend` with the month under way (`currentMonth`, the street's) left out,
 * from the trend's own points: a month's base a year back is its count less its 同比 delta.
 */
export function trendCompared(trend: TrendSeries, currentMonth: string | null): TrendCompared {
  const first = trend.points[0]
  const last = trend.points.at(-1)
  if (!first || !last) return { compared: null, running: null, count: 0, totalYoy: null, lastCompared: null }
  const span = { from: first.month, to: last.month }
  const compared = finishedPart(span, currentMonth)
  const running = compared && sameSpan(compared, span) ? null : currentMonth
  if (!compared) return { compared, running, count: trend.total, totalYoy: null, lastCompared: null }
  if (!running) return { compared, running, count: trend.total, totalYoy: trend.totalYoy, lastCompared: last }
  const points = trend.points.filter((p) => p.month <= compared.to)
  const count = points.reduce((sum, p) => sum + p.count, 0)
  const lastYear = points.reduce((sum, p) => sum + p.count - p.yoy.delta, 0)
  return { compared, running, count, totalYoy: change(count, lastYear), lastCompared: points.at(-1) ?? null }
}

export function emptyCounts(): MonthCounts {
  return { total: 0, byCategory: {}, byChannel: {}, byStatus: {} }
}

/** A copy the caller may change (cheaper than structuredClone on the cold-open path). */
export function copyCounts(c: MonthCounts): MonthCounts {
  const out: MonthCounts = { total: c.total, byCategory: { ...c.byCategory }, byChannel: { ...c.byChannel }, byStatus: { ...c.byStatus } }
  if (c.outcomes) out.outcomes = { ...c.outcomes }
  return out
}

/** Adds (sign 1) or removes (sign -1) one demand's contribution to a month's counts. */
export function applyToCounts(
  counts: MonthCounts,
  demand: { category: DemandCategory; channel: DemandChannel; status: string; closure?: Closure },
  sign: 1 | -1,
): MonthCounts {
  const bump = <K extends string>(rec: Partial<Record<K, number>>, key: K) => {
    const next = (rec[key] ?? 0) + sign
    if (next <= 0) delete rec[key]
    else rec[key] = next
  }
  const out: MonthCounts = {
    total: Math.max(0, counts.total + sign),
    byCategory: { ...counts.byCategory },
    byChannel: { ...counts.byChannel },
    byStatus: { ...counts.byStatus },
  }
  bump(out.byCategory, demand.category)
  bump(out.byChannel, demand.channel)
  bump(out.byStatus as Record<string, number>, demand.status)
  const outcome = outcomeOf(demand)
  if (outcome || counts.outcomes) {
    const outcomes: Partial<Record<OutcomeKey, number>> = { ...counts.outcomes }
    for (const [k, v] of Object.entries(outcome ?? {}) as Array<[OutcomeKey, number]>) {
      const next = (outcomes[k] ?? 0) + sign * v
      if (next <= 0) delete outcomes[k]
      else outcomes[k] = next
    }
    if (Object.keys(outcomes).length) out.outcomes = outcomes
  }
  return out
}

/** Formats a change as leaders read it: "-37 件, -55.5%" (percent "—" when the base is zero). */
export function formatChange(c: Change, unit = '件'): string {
  const sign = (n: number) => (n > 0 ? `+${n}` : `${n}`)
  const pct = c.percent === null ? '—' : `${sign(c.percent)}%`
  return `${sign(c.delta)} ${unit}, ${pct}`
}
