// stats:* — petition trends (同比/环比) from the per-month summary counts.
import { z } from 'zod'
import type { MonthCounts } from '../domain/entities'
import type { Rates } from '../domain/rates'
import type { TrendSeries } from '../domain/statistics'
import { RANK_KEYS, RANK_ORDERS } from '../domain/stats-compare'
import { GRANULARITIES, PERIOD_PRESETS } from '../domain/stats-period'
import type { StreetStats } from '../domain/street-stats'
import { id, month, returns } from './common'

export const TREND_MONTHS_MAX = 120

export const trendInput = z
  .strictObject({
    communityId: id('社区'),
    from: month('起始月份'),
    to: month('截止月份'),
    scope: z.enum(['all', 'petition'], { error: '统计口径无效' }).default('all'),
  })
  .refine((v) => v.from <= v.to, { error: '起始月份不能晚于截止月份', path: ['from'] })
  .refine((v) => monthsBetween(v.from, v.to) <= TREND_MONTHS_MAX, { error: '统计区间最长 10 年', path: ['to'] })

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number)
  const [ty, tm] = to.split('-').map(Number)
  return (ty - fy) * 12 + (tm - fm) + 1
}

export interface PetitionTrend extends TrendSeries {
  communityId: string
  scope: 'all' | 'petition'
  /**
   * Per-month counts by category and channel for the same months, for breakdown charts. A month
   * from historical counts holds totals only (total, and byChannel.petition): no category.
   */
  months: Record<string, MonthCounts>
  /**
   * Months (of from..to and the year before, for 同比) whose count comes from the entered
   * historical counts: no demand was recorded in them (the records win wherever they hold one).
   */
  historicalMonths: string[]
}

/** The rates of one community, or of every community in the operator's scope (the street). */
export const ratesInput = z
  .strictObject({
    communityId: id('社区').optional(),
    from: month('起始月份'),
    to: month('截止月份'),
  })
  .refine((v) => v.from <= v.to, { error: '起始月份不能晚于截止月份', path: ['from'] })
  .refine((v) => monthsBetween(v.from, v.to) <= TREND_MONTHS_MAX, { error: '统计区间最长 10 年', path: ['to'] })

export interface RatesResult extends Rates {
  /** null: the whole street (every community the operator may see). */
  communityId: string | null
  from: string
  to: string
  /** Communities counted. */
  communities: number
  /** Months of the range that have only historical counts (some community): rates have no base in them and leave them out. */
  historicalMonths: string[]
}

export const STREET_COMMUNITIES_MAX = 200
export const STATS_FIRST_MONTH = '1900-01'

/**
 * The leaders' dashboard (issue 12): a period — a preset resolved against today in the street, or
 * any from..to (months after today's are left out) — cut by month, quarter or year; every
 * community the operator may see, side by side, with the street's totals, 同比/环比, rate changes
 * in 百分点, shares, the ranking and the sentences to paste.
 */
export const streetStatsInput = z
  .strictObject({
    preset: z.enum(PERIOD_PRESETS, { error: '统计区间无效' }).optional(),
    from: month('起始月份').optional(),
    to: month('截止月份').optional(),
    granularity: z.enum(GRANULARITIES, { error: '统计粒度无效' }).default('month'),
    /** Communities to return side by side (all by default); the street and the ranking cover all. */
    communityIds: z
      .array(id('社区'), { error: '社区列表无效' })
      .min(1, { error: '请至少选择一个社区' })
      .max(STREET_COMMUNITIES_MAX, { error: `最多选择 ${STREET_COMMUNITIES_MAX} 个社区` })
      .optional(),
    rankBy: z.enum(RANK_KEYS, { error: '排名依据无效' }).default('petitions'),
    order: z.enum(RANK_ORDERS, { error: '排序方式无效' }).default('desc'),
    /** Sentences with 同比 only (as reports usually quote) or 同比 and 环比. */
    sentences: z.enum(['yoy', 'yoyAndMom'], { error: '摘要口径无效' }).default('yoy'),
  })
  .refine((v) => (v.preset === undefined) === (v.from !== undefined && v.to !== undefined) && (v.from === undefined) === (v.to === undefined), {
    error: '请选择预设区间，或填写起始和截止月份（二选一）',
    path: ['preset'],
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { error: '起始月份不能晚于截止月份', path: ['from'] })
  .refine((v) => !v.from || !v.to || monthsBetween(v.from, v.to) <= TREND_MONTHS_MAX, { error: '统计区间最长 10 年', path: ['to'] })
  // The bases reach up to ten years further back; before 1900 there is nothing to count.
  .refine((v) => !v.from || v.from >= STATS_FIRST_MONTH, { error: '起始月份不能早于 1900 年', path: ['from'] })

export type { StreetStats } from '../domain/street-stats'

export const statsChannels = {
  'stats:petitionTrend': { input: trendInput, result: returns<PetitionTrend>() },
  'stats:rates': { input: ratesInput, result: returns<RatesResult>() },
  'stats:street': { input: streetStatsInput, result: returns<StreetStats>() },
} as const
