// stats:* — trends from the per-month summary counts (never scans records).
import type { MonthCounts } from '../../shared/domain/entities'
import { monthRange } from '../../shared/domain/month'
import { copyCounts, emptyCounts, monthlyTrend } from '../../shared/domain/statistics'
import type { Database } from '../data'
import { requireScope } from './actor'
import { requireCommunity } from './demand'
import type { AreaService } from './types'

export function createStatsService(db: Database): AreaService<'stats'> {
  return {
    async petitionTrend({ communityId, from, to, scope }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const counts = db.countsOf(communityId)
      const months: Record<string, MonthCounts> = {}
      for (const m of monthRange(from, to)) months[m] = counts[m] ? copyCounts(counts[m]) : emptyCounts()
      return { communityId, scope, ...monthlyTrend(counts, from, to, scope), months }
    },
  }
}
