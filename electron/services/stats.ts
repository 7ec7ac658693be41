// stats:* — trends and rates from the per-month summary counts (never scans demand records; the
// rates' task part reads the small tasks collection). Months with no demand recorded take the
// historical counts (history collection; shared/domain/historical-counts.ts); rates stay the records'.
import type { MonthCounts } from '../../shared/domain/entities'
import { addMonths, monthRange } from '../../shared/domain/month'
import { demandRatesFromCounts, mergeTaskDoneIndexes, taskRatesFromIndex } from '../../shared/domain/rates'
import { historicalIn, mergeCounts } from '../../shared/domain/historical-counts'
import { copyCounts, emptyCounts, monthlyTrend } from '../../shared/domain/statistics'
import { lastDayOf } from '../../shared/domain/stats-period'
import type { Database } from '../data'
import { requireScope, scopedCommunities } from './actor'
import { requireCommunity } from './demand'
import { historyOf } from './history-collection'
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
      const { counts, historical } = mergeCounts(db.countsOf(communityId), (await historyOf(db, [communityId])).get(communityId)!)
      const months: Record<string, MonthCounts> = {}
      for (const m of monthRange(from, to)) months[m] = counts[m] ? copyCounts(counts[m]) : emptyCounts()
      // The 同比 of the first months reads a year back: those bases may be counts too.
      return { communityId, scope, ...monthlyTrend(counts, from, to, scope), months, historicalMonths: historicalIn(historical, addMonths(from, -12), to) }
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
      // Rates need statuses and outcomes: counted months have none, so they are named, not counted.
      const entered = new Set<string>()
      for (const [id, hist] of await historyOf(db, ids)) for (const m of mergeCounts(db.countsOf(id), hist).historical) entered.add(m)
      const tz = await timeZone()
      const tasks = mergeTaskDoneIndexes((await taskIndexes(ids, tz)).values())
      return {
        communityId: communityId ?? null,
        from,
        to,
        communities: ids.length,
        historicalMonths: historicalIn(entered, from, to),
        ...demandRatesFromCounts(months),
        ...taskRatesFromIndex(tasks, `${from}-01`, lastDayOf(to)),
      }
    },

    street: (input, ctx) => streetStats({ db, timeZone, now, taskIndexes }, input, ctx),
  }
}
