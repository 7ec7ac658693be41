// stats:* — petition trends (同比/环比) from the per-month summary counts.
import { z } from 'zod'
import type { MonthCounts } from '../domain/entities'
import type { Rates } from '../domain/rates'
import type { TrendSeries } from '../domain/statistics'
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
  /** Per-month counts by category and channel for the same months, for breakdown charts. */
  months: Record<string, MonthCounts>
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
}

export const statsChannels = {
  'stats:petitionTrend': { input: trendInput, result: returns<PetitionTrend>() },
  'stats:rates': { input: ratesInput, result: returns<RatesResult>() },
} as const
