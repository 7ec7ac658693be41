// The rates leaders read (issue 11), on hand-made fixtures: from raw records, and the same from the
// per-month derived counts the dashboard uses (applyToCounts, as the data layer keeps them).
import { describe, expect, it } from 'vitest'
import type { Demand, MonthCounts } from '../../shared/domain/entities'
import type { Closure } from '../../shared/domain/evaluation'
import { demandRatesFromCounts, demandRatesFromRecords, mergeTaskDoneIndexes, percentOf, taskDoneIndex, taskRates, taskRatesFromIndex } from '../../shared/domain/rates'
import { applyToCounts, emptyCounts } from '../../shared/domain/statistics'
import type { Task } from '../../shared/domain/task'

const closed = (outcome: Closure['outcome'], days: number, rating?: Closure['rating']): Pick<Demand, 'status' | 'closure' | 'category' | 'channel'> => ({
  status: 'evaluated',
  category: 'parking',
  channel: 'hotline',
  closure: { at: '2026-05-10T10:00:00+08:00', by: '李秘书（秘书）', outcome, days, ...(rating ? { rating } : {}) },
})
const open = (status: Demand['status']) => ({ status, category: 'noise' as const, channel: 'petition' as const })

// 10 demands: 6 closed — 5 through 效果评价 (2 满意, 1 基本满意, 1 不满意, 1 无法联系) and 1 imported
// closed with no closure record — and 4 open.
const FIXTURE = [
  closed('rated', 3, 'satisfied'),
  closed('rated', 5, 'satisfied'),
  closed('rated', 10, 'basicallySatisfied'),
  closed('rated', 2, 'dissatisfied'),
  closed('unreachable', 30),
  { status: 'evaluated' as const, category: 'other' as const, channel: 'other' as const },
  open('called'),
  open('accepted'),
  open('handling'),
  open('notified'),
]

describe('demand rates', () => {
  it('from records: 办结率 6/10, 满意率 3/4, 参评率 4/5, average 10 days over the 5 recorded closures', () => {
    expect(demandRatesFromRecords(FIXTURE)).toEqual({
      demands: 10,
      closed: 6,
      closeRate: 60,
      closedRecorded: 5,
      rated: 4,
      satisfied: 3,
      dissatisfied: 1,
      unreachable: 1,
      satisfactionRate: 75,
      participationRate: 80,
      avgCloseDays: 10,
    })
  })

  it('the derived counts give the same rates, also after a demand is taken out again (reopened)', () => {
    const a = FIXTURE.slice(0, 5).reduce((c, d) => applyToCounts(c, d, 1), emptyCounts())
    const b = FIXTURE.slice(5).reduce((c, d) => applyToCounts(c, d, 1), emptyCounts())
    expect(demandRatesFromCounts([a, b])).toEqual(demandRatesFromRecords(FIXTURE))
    // The unreachable closure reopened: its contribution leaves the month's counts entirely.
    const reopened = applyToCounts(applyToCounts(a, FIXTURE[4], -1), open('handling'), 1)
    expect(reopened.outcomes).toEqual({ satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, closedTimed: 4, closeDays: 20 })
    expect(demandRatesFromCounts([reopened]).avgCloseDays).toBe(5)
  })

  it('zero bases give null, never NaN or Infinity; one decimal, rounded half up', () => {
    const none: MonthCounts[] = []
    expect(demandRatesFromCounts(none)).toMatchObject({ demands: 0, closeRate: null, satisfactionRate: null, participationRate: null, avgCloseDays: null })
    expect(percentOf(1, 3)).toBe(33.3)
    expect(percentOf(2, 3)).toBe(66.7)
    expect(percentOf(1, 8)).toBe(12.5)
    expect(percentOf(0, 0)).toBeNull()
  })
})

describe('task rates (按期办结率)', () => {
  const t = (deadline: string, doneAt: string | undefined, status: Task['status'] = 'done') => ({ status, deadline, doneAt })
  const dayOf = (iso: string) => iso.slice(0, 10)
  it('counts tasks done in the range; on time means done on or before the deadline day', () => {
    const tasks = [
      t('2026-05-10', '2026-05-10T23:00:00+08:00'), // on the deadline day: on time
      t('2026-05-10', '2026-05-11T08:00:00+08:00'), // a day late
      t('2026-05-31', '2026-05-20T08:00:00+08:00'), // early
      t('2026-04-30', '2026-04-29T08:00:00+08:00'), // done before the range
      t('2026-05-15', undefined, 'inProgress'), // not done
    ]
    expect(taskRates(tasks, '2026-05-01', '2026-05-31', dayOf)).toEqual({ tasksDone: 3, tasksOnTime: 2, onTimeRate: 66.7 })
    expect(taskRates([], '2026-05-01', '2026-05-31', dayOf)).toEqual({ tasksDone: 0, tasksOnTime: 0, onTimeRate: null })
  })

  it('the done-day index gives taskRates for any range, alone and merged', () => {
    const a = [
      t('2026-05-10', '2026-05-10T23:00:00+08:00'),
      t('2026-05-10', '2026-05-11T08:00:00+08:00'),
      t('2026-05-31', '2026-05-20T08:00:00+08:00'),
      t('2026-04-30', '2026-04-29T08:00:00+08:00'),
      t('2026-05-15', undefined, 'inProgress'),
      t('2026-05-15', undefined, 'done'), // done without a time: not counted, as in taskRates
    ]
    const b = [t('2026-05-11', '2026-05-11T09:00:00+08:00'), t('2026-05-01', '2026-05-20T08:00:00+08:00'), t('2026-06-01', '2026-06-01T08:00:00+08:00')]
    const ranges = [
      ['2026-05-01', '2026-05-31'],
      ['2026-05-10', '2026-05-11'],
      ['2026-05-11', '2026-05-11'],
      ['2026-04-01', '2026-06-30'],
      ['2026-05-12', '2026-05-19'],
      ['2027-01-01', '2027-12-31'],
      ['2020-01-01', '2020-12-31'],
    ] as const
    const merged = mergeTaskDoneIndexes([taskDoneIndex(a, dayOf), taskDoneIndex(b, dayOf), taskDoneIndex([], dayOf)])
    for (const [from, to] of ranges) {
      expect(taskRatesFromIndex(taskDoneIndex(a, dayOf), from, to)).toEqual(taskRates(a, from, to, dayOf))
      expect(taskRatesFromIndex(merged, from, to)).toEqual(taskRates([...a, ...b], from, to, dayOf))
    }
    expect(taskRatesFromIndex(merged, '2026-05-01', '2026-05-31')).toEqual({ tasksDone: 5, tasksOnTime: 3, onTimeRate: 60 })
  })
})
