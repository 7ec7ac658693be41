// The rates leaders read (issue 11, DOMAIN "rates"): 办结率, 按期办结率, 满意率, 参评率 and the average
// days from call to closure. Demand rates come from the per-month derived counts (the dashboard
// never scans records); `demandRatesFromRecords` computes the same from raw records, so tests can
// check one against the other on hand-made fixtures.
import type { Demand, MonthCounts } from './entities'
import { outcomeOf, type OutcomeKey } from './evaluation'
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
    for (const [k, v] of Object.entries(m.outcomes ?? {}) as Array<[OutcomeKey, number]>) o[k] = (o[k] ?? 0) + v
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
