// stats:street — the leaders' dashboard (issue 12): every community the operator may see and the
// street, from the per-month derived counts (db.countsOf; demand records are never read) and the
// small tasks and history collections (historical counts for months with no records). The figures
// themselves are shared/domain/street-stats.ts.
import { AppError } from '../../shared/contract/errors'
import type { ParsedOf } from '../../shared/contract'
import { dayOf } from '../../shared/domain/month'
import { clipToToday, resolvePreset } from '../../shared/domain/stats-period'
import { buildStreetStats, type StreetStats } from '../../shared/domain/street-stats'
import type { Task } from '../../shared/domain/task'
import type { Database } from '../data'
import { requireScope, scopedCommunities } from './actor'
import { requireCommunity } from './demand'
import { historyOf } from './history-collection'
import { TASKS_COLLECTION } from './tasks-collection'
import type { CallContext } from './types'

/** The tasks of these communities; none when the services were opened without the tasks collection (data-only tools, the bench). */
export async function tasksOf(db: Database, communityIds: readonly string[]): Promise<Map<string, Task[]>> {
  const out = new Map<string, Task[]>()
  const coll = (() => {
    try {
      return db.collection<Task>(TASKS_COLLECTION)
    } catch {
      return null
    }
  })()
  for (const id of communityIds) out.set(id, coll ? await coll.list(id) : [])
  return out
}

export interface StreetStatsDeps {
  db: Database
  timeZone: () => Promise<string>
  now: () => Date
}

export async function streetStats(deps: StreetStatsDeps, input: ParsedOf<'stats:street'>, ctx?: CallContext): Promise<StreetStats> {
  const { db } = deps
  for (const id of input.communityIds ?? []) {
    requireScope(ctx, id)
    requireCommunity(db, id, 'communityIds')
  }
  const tz = await deps.timeZone()
  const today = dayOf(deps.now().toISOString(), tz)
  const period = input.preset ? { ...resolvePreset(input.preset, today), clipped: false } : clipToToday({ from: input.from!, to: input.to! }, today)
  if (!period) throw new AppError('VALIDATION', '统计区间尚未开始，请选择已过去的月份', { from: '统计区间尚未开始，请选择已过去的月份' })

  const all = db.communities()
  const ids = scopedCommunities(
    ctx,
    all.map((c) => c.id),
  )
  const names = new Map(all.map((c) => [c.id, c.name]))
  const tasks = await tasksOf(db, ids)
  const history = await historyOf(db, ids)
  return buildStreetStats({
    span: { from: period.from, to: period.to },
    asOf: period.asOf,
    preset: input.preset ?? null,
    clipped: period.clipped,
    granularity: input.granularity,
    communities: ids.map((id) => ({ communityId: id, name: names.get(id)!, counts: db.countsOf(id), tasks: tasks.get(id)!, history: history.get(id)! })),
    ...(input.communityIds ? { selected: [...new Set(input.communityIds)] } : {}),
    wholeStreet: ids.length === all.length,
    rankBy: input.rankBy,
    order: input.order,
    withMom: input.sentences === 'yoyAndMom',
    dayOf: (iso) => dayOf(iso, tz),
  })
}
