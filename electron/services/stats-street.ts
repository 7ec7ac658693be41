// stats:street — the leaders' dashboard (issue 12): every community the operator may see and the
// street, from the per-month derived counts (db.countsOf; demand records are never read) and the
// small tasks and history collections (historical counts for months with no records). The figures
// themselves are shared/domain/street-stats.ts.
import { AppError } from '../../shared/contract/errors'
import type { ParsedOf } from '../../shared/contract'
import { dayOf } from '../../shared/domain/month'
import { clipToToday, resolvePreset } from '../../shared/domain/stats-period'
import { taskDoneIndex, type TaskDoneIndex } from '../../shared/domain/rates'
import { buildStreetStats, type StreetStats, type TaskForRates } from '../../shared/domain/street-stats'
import type { Task } from '../../shared/domain/task'
import type { Database } from '../data'
import { requireScope, scopedCommunities } from './actor'
import { requireCommunity } from './demand'
import { historyOf } from './history-collection'
import { TASKS_COLLECTION, communityOfTaskId, communityTasks } from './tasks-collection'
import type { CallContext } from './types'

function tasksCollectionOf(db: Database) {
  return db.hasCollection(TASKS_COLLECTION) ? db.collection<Task>(TASKS_COLLECTION) : null
}

/** The tasks of these communities; none when the services were opened without the tasks collection (data-only tools, the bench). */
export async function tasksOf(db: Database, communityIds: readonly string[]): Promise<Map<string, Task[]>> {
  const out = new Map<string, Task[]>()
  for (const id of communityIds) out.set(id, await communityTasks(db, id))
  return out
}

/** Each community's done-task index for its rates (street time zone `tz`). */
export type TaskIndexesOf = (communityIds: readonly string[], tz: string) => Promise<Map<string, TaskDoneIndex>>

/**
 * Keeps each community's done-task index (rates.ts) between calls, dropped when its tasks change
 * (or anything may have: a restore) and when the street's time zone changes. The dashboard asks
 * for rates of 16 scopes × 3 periods; listing every task (a copy of each record) and placing its
 * done time in the street's calendar on every call cost more than all the other figures together.
 */
export function createTaskIndexCache(db: Database): TaskIndexesOf {
  const cache = new Map<string, TaskDoneIndex>()
  let zone: string | null = null
  // Bumped by every change: an index read across a change is used once, not kept.
  let generation = 0
  db.onChange((e) => {
    if (!e.ids.length) {
      generation++
      cache.clear()
    } else if (e.collection === TASKS_COLLECTION) {
      generation++
      for (const id of e.ids) {
        const community = communityOfTaskId(id)
        if (community) cache.delete(community)
        else cache.clear()
      }
    }
  })
  return async (communityIds, tz) => {
    if (tz !== zone) {
      cache.clear()
      zone = tz
    }
    const missing = communityIds.filter((id) => !cache.has(id))
    const fresh = new Map<string, TaskDoneIndex>()
    if (missing.length) {
      const before = generation
      for (const [id, ix] of await taskIndexesNow(db, missing, tz)) fresh.set(id, ix)
      if (generation === before && zone === tz) for (const [id, ix] of fresh) cache.set(id, ix)
    }
    return new Map(communityIds.map((id) => [id, fresh.get(id) ?? cache.get(id)!]))
  }
}

/** The done-task indexes of these communities made now, from the fields the rates read (plucked: no copy of every record). */
async function taskIndexesNow(db: Database, communityIds: readonly string[], tz: string): Promise<Map<string, TaskDoneIndex>> {
  const out = new Map<string, TaskDoneIndex>()
  const coll = tasksCollectionOf(db)
  for (const id of communityIds) {
    const tasks: TaskForRates[] = coll ? await coll.pluck(({ status, deadline, doneAt }) => ({ status, deadline, ...(doneAt ? { doneAt } : {}) }), id) : []
    out.set(id, taskDoneIndex(tasks, (iso) => dayOf(iso, tz)))
  }
  return out
}

export interface StreetStatsDeps {
  db: Database
  timeZone: () => Promise<string>
  now: () => Date
  /** Cached task indexes (createTaskIndexCache); without, they are made from the tasks on each call. */
  taskIndexes?: TaskIndexesOf
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
  const taskIndexes = deps.taskIndexes ? await deps.taskIndexes(ids, tz) : await taskIndexesNow(db, ids, tz)
  const history = await historyOf(db, ids)
  return buildStreetStats({
    span: { from: period.from, to: period.to },
    asOf: period.asOf,
    preset: input.preset ?? null,
    clipped: period.clipped,
    granularity: input.granularity,
    communities: ids.map((id) => ({ communityId: id, name: names.get(id)!, counts: db.countsOf(id), taskIndex: taskIndexes.get(id)!, history: history.get(id)! })),
    ...(input.communityIds ? { selected: [...new Set(input.communityIds)] } : {}),
    wholeStreet: ids.length === all.length,
    rankBy: input.rankBy,
    order: input.order,
    withMom: input.sentences === 'yoyAndMom',
    dayOf: (iso) => dayOf(iso, tz),
  })
}
