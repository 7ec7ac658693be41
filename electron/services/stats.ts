// stats:* — trends and rates from the per-month summary counts (never scans demand records; the
// rates' task part reads the small tasks collection).
import type { MonthCounts } from '../../shared/domain/entities'
import { dayOf, monthRange } from '../../shared/domain/month'
import { demandRatesFromCounts, taskRates } from '../../shared/domain/rates'
import { copyCounts, emptyCounts, monthlyTrend } from '../../shared/domain/statistics'
import type { Task } from '../../shared/domain/task'
import type { Database } from '../data'
import { requireScope, scopedCommunities } from './actor'
import { requireCommunity } from './demand'
import { TASKS_COLLECTION } from './tasks-collection'
import type { AreaService } from './types'

/** The last calendar day of a month YYYY-MM. */
function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}

export function createStatsService(db: Database, timeZone: () => Promise<string> = async () => 'Asia/Shanghai'): AreaService<'stats'> {
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
      const tasks: Task[] = []
      // Services opened without the tasks collection (data-only tools, the bench) count no tasks.
      const coll = (() => {
        try {
          return db.collection<Task>(TASKS_COLLECTION)
        } catch {
          return null
        }
      })()
      if (coll) for (const id of ids) tasks.push(...(await coll.list(id)))
      return {
        communityId: communityId ?? null,
        from,
        to,
        communities: ids.length,
        ...demandRatesFromCounts(months),
        ...taskRates(tasks, `${from}-01`, lastDayOf(to), (iso) => dayOf(iso, tz)),
      }
    },
  }
}
