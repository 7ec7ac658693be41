// The rates leaders read (issue 11, DOMAIN "rates"): 办结率, 按期办结率, 满意率, 参评率 and the average
// days from call to closure. Demand rates come from the per-month derived counts (the dashboard
// never scans records); `demandRatesFromRecords` computes the same from raw records, so tests can
// check one against the other on hand-made fixtures.
import type { Demand, MonthCounts } from './entities'
import { OUTCOME_KEYS, outcomeOf, type OutcomeKey } from './evaluation'
import { doneOnTime, type Task } from './task'

/** A share in percent with one decimal; null when the base is zero (shown as "—"). */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null
  return Math.round((part / whole) * 1000 + 1e-9) / 10
}

export interface DemandRates {
  /** Demands received in the range. */
  demands: number
  /** Of them, closed (办结). */
  closed: number
  /** 办结率 = closed / demands */
  closeRate: number | null
  /** Closed with a closure record (through 效果评价; older and imported closures have none). */
  closedRecorded: number
  rated: number
  /** 满意 + 基本满意 */
  satisfied: number
  dissatisfied: number
  unreachable: number
  /** 满意率 = (满意 + 基本满意) / rated */
  satisfactionRate: number | null
  /** 参评率 = rated / closures recorded */
  participationRate: number | null
  /** Average whole days from call to closure, one decimal, over closures recorded. */
  avgCloseDays: number | null
}

export interface TaskRates {
  /** Tasks marked done in the range. */
  tasksDone: number
  /** Of them, done by their deadline. */
  tasksOnTime: number
  /** 按期办结率 = tasksOnTime / tasksDone */
  onTimeRate: number | null
}

export type Rates = DemandRates & TaskRates

function fromTotals(demands: number, closed: number, o: Partial<Record<OutcomeKey, number>>): DemandRates {
  const satisfied = (o.satisfied ?? 0) + (o.basicallySatisfied ?? 0)
  const rated = satisfied + (o.dissatisfied ?? 0)
  const closedRecorded = o.closedTimed ?? 0
  return {
    demands,
    closed,
    closeRate: percentOf(closed, demands),
    closedRecorded,
    rated,
    satisfied,
    dissatisfied: o.dissatisfied ?? 0,
    unreachable: o.unreachable ?? 0,
    satisfactionRate: percentOf(satisfied, rated),
    participationRate: percentOf(rated, closedRecorded),
    avgCloseDays: closedRecorded ? Math.round(((o.closeDays ?? 0) / closedRecorded) * 10 + 1e-9) / 10 : null,
  }
}

/** From the derived counts of the months (any communities) in the range. */
export function demandRatesFromCounts(months: Iterable<MonthCounts>): DemandRates {
  let demands = 0
  let closed = 0
  const o: Partial<Record<OutcomeKey, number>> = {}
  for (const m of months) {
    demands += m.total
    closed += m.byStatus.evaluated ?? 0
    // by key, not Object.entries: the street dashboard adds up thousands of months per call
    const mo = m.outcomes
    if (mo) for (const k of OUTCOME_KEYS) if (mo[k] !== undefined) o[k] = (o[k] ?? 0) + mo[k]
  }
  return fromTotals(demands, closed, o)
}

/** The same from raw demand records (tests and checks). */
export function demandRatesFromRecords(demands: Iterable<Pick<Demand, 'status' | 'closure'>>): DemandRates {
  let n = 0
  let closed = 0
  const o: Partial<Record<OutcomeKey, number>> = {}
  for (const d of demands) {
    n++
    if (d.status === 'evaluated') closed++
    for (const [k, v] of Object.entries(outcomeOf(d) ?? {}) as Array<[OutcomeKey, number]>) o[k] = (o[k] ?? 0) + v
  }
  return fromTotals(n, closed, o)
}

/** Tasks marked done between `fromDay` and `toDay` (YYYY-MM-DD, street calendar), and how many on time. */
export function taskRates(tasks: Iterable<Pick<Task, 'status' | 'deadline' | 'doneAt'>>, fromDay: string, toDay: string, dayOf: (iso: string) => string): TaskRates {
  let tasksDone = 0
  let tasksOnTime = 0
  for (const t of tasks) {
    if (t.status !== 'done' || !t.doneAt) continue
    const day = dayOf(t.doneAt)
    if (day < fromDay || day > toDay) continue
    tasksDone++
    if (doneOnTime(t, dayOf)) tasksOnTime++
  }
  return { tasksDone, tasksOnTime, onTimeRate: percentOf(tasksOnTime, tasksDone) }
}

/**
 * The done tasks of a scope by the street day they were done, as prefix sums: `taskRates` for any
 * range is then two binary searches instead of a pass over every task with a time-zone lookup
 * each (the street dashboard asks for 16 scopes × 3 periods). `days` are the distinct done days,
 * sorted; done[i] / onTime[i] count the tasks done before days[i] (length days.length + 1).
 */
export interface TaskDoneIndex {
  days: string[]
  done: Int32Array
  onTime: Int32Array
}

function indexOfDayCounts(byDay: Map<string, [number, number]>): TaskDoneIndex {
  const days = [...byDay.keys()].sort()
  const done = new Int32Array(days.length + 1)
  const onTime = new Int32Array(days.length + 1)
  days.forEach((day, i) => {
    const [d, o] = byDay.get(day)!
    done[i + 1] = done[i] + d
    onTime[i + 1] = onTime[i] + o
  })
  return { days, done, onTime }
}

/** The index of `tasks` (only those done with a done time count, as in taskRates). */
export function taskDoneIndex(tasks: Iterable<Pick<Task, 'status' | 'deadline' | 'doneAt'>>, dayOf: (iso: string) => string): TaskDoneIndex {
  const byDay = new Map<string, [number, number]>()
  for (const t of tasks) {
    if (t.status !== 'done' || !t.doneAt) continue
    const day = dayOf(t.doneAt)
    const c = byDay.get(day) ?? byDay.set(day, [0, 0]).get(day)!
    c[0]++
    if (day <= t.deadline) c[1]++ // doneOnTime
  }
  return indexOfDayCounts(byDay)
}

/** Several scopes' indexes as one (the street: its communities'). */
export function mergeTaskDoneIndexes(indexes: Iterable<TaskDoneIndex>): TaskDoneIndex {
  const byDay = new Map<string, [number, number]>()
  for (const ix of indexes) {
    ix.days.forEach((day, i) => {
      const c = byDay.get(day) ?? byDay.set(day, [0, 0]).get(day)!
      c[0] += ix.done[i + 1] - ix.done[i]
      c[1] += ix.onTime[i + 1] - ix.onTime[i]
    })
  }
  return indexOfDayCounts(byDay)
}

/** First position whose day is ≥ `day` (or > `day` with `after`). */
function bound(days: readonly string[], day: string, after: boolean): number {
  let lo = 0
  let hi = days.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (days[mid] < day || (after && days[mid] === day)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** taskRates from an index: the same figures for the tasks it was built from. */
export function taskRatesFromIndex(ix: TaskDoneIndex, fromDay: string, toDay: string): TaskRates {
  const a = bound(ix.days, fromDay, false)
  const b = Math.max(a, bound(ix.days, toDay, true))
  const tasksDone = ix.done[b] - ix.done[a]
  const tasksOnTime = ix.onTime[b] - ix.onTime[a]
  return { tasksDone, tasksOnTime, onTimeRate: percentOf(tasksOnTime, tasksDone) }
}
