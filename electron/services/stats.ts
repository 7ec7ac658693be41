// stats:* — trends and rates from the per-month summary counts (never scans demand records; the
// rates' task part reads the small tasks collection).
import type { MonthCounts } from '../../shared/domain/entities'
import { monthRange } from '../../shared/domain/month'
import { demandRatesFromCounts, mergeTaskDoneIndexes, taskRatesFromIndex } from '../../shared/domain/rates'
import { copyCounts, emptyCounts, monthlyTrend } from '../../shared/domain/statistics'
import { lastDayOf } from '../../shared/domain/stats-period'
import type { Database } from '../data'
import { requireScope, scopedCommunities } from './actor'
import { requireCommunity } from './demand'
import { createTaskIndexCache, streetStats } from './stats-street'
import type { AreaService } from './types'

export function createStatsService(
  db: Database,
  timeZone: () => Promise<string> = async () => 'Asia/Shanghai',
  now: () => Date = () => new Date(),
): AreaService<'stats'> {
  const taskIndexes = createTaskIndexCache(db)
  return {
    async petitionTrend({ communityId, from, to, scope }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const counts = db.countsOf(communityId)
      const months: Record<string, MonthCounts> = {}
      for (const m of monthRange(from, to)) months[m] = counts[m] ? copyCounts(counts[m]) : emptyCounts()
      return { communityId, scope, ...monthlyTrend(counts, from, to, scope), months }
    },

    async rates({ communityId, from, to }, ctx) {
      if (communityId) {
        requireScope(ctx, communityId)
        requireCommunity(db, communityId)
      }
      const ids = communityId ? [communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id))
      const range = monthRange(from, to)
      const months: MonthCounts[] = []
      for (const id of ids) {
        const counts = db.countsOf(id)
        for (const m of range) if (counts[m]) months.push(counts[m])
      }
      const tz = await timeZone()
      const tasks = mergeTaskDoneIndexes((await taskIndexes(ids, tz)).values())
      return {
        communityId: communityId ?? null,
        from,
        to,
        communities: ids.length,
        ...demandRatesFromCounts(months),
        ...taskRatesFromIndex(tasks, `${from}-01`, lastDayOf(to)),
      }
    },

    street: (input, ctx) => streetStats({ db, timeZone, now, taskIndexes }, input, ctx),
  }
}
