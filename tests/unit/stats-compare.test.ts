// Comparisons of the leaders' dashboard (issue 12) on a hand-worked fixture: every expected figure
// below was computed by hand from the month counts (the working is in the comments).
import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { demandRatesFromCounts, type Rates } from '../../shared/domain/rates'
import { compare, measureFigures, rankCommunities, rateChange, rateChanges, sharesFor, sumCounts, type RankInput } from '../../shared/domain/stats-compare'
import { bucketsOf } from '../../shared/domain/stats-period'

/** A month: `total` demands, `petition` of them received as 信访. */
const mc = (total: number, petition: number): MonthCounts => ({ total, byCategory: {}, byChannel: petition ? { petition, hotline: total - petition } : { hotline: total }, byStatus: {} })

// Community A. Missing months had no demand at all.
//            total petitions
// 2024 H1:   10/4, 8/2, —, 6/1, 5/0, 7/3      = 36 / 10
// 2024 H2:   4/1, —, 3/0, 9/2, 2/0, 6/1       = 24 / 4
// 2025 H1:   12/2, —, 9/3, 6/0, —, 3/1        = 30 / 6
const A: Record<string, MonthCounts> = {
  '2024-01': mc(10, 4),
  '2024-02': mc(8, 2),
  '2024-04': mc(6, 1),
  '2024-05': mc(5, 0),
  '2024-06': mc(7, 3),
  '2024-07': mc(4, 1),
  '2024-09': mc(3, 0),
  '2024-10': mc(9, 2),
  '2024-11': mc(2, 0),
  '2024-12': mc(6, 1),
  '2025-01': mc(12, 2),
  '2025-03': mc(9, 3),
  '2025-04': mc(6, 0),
  '2025-06': mc(3, 1),
}
const at = (m: string) => A[m]
const H1 = { from: '2025-01', to: '2025-06' }

describe('period against the same period last year and the previous period', () => {
  it('2025年1—6月: demands 30 vs 36 (−6, −16.7%) and vs 2024年7—12月 24 (+6, +25.0%)', () => {
    expect(compare(at, H1, 'demands')).toEqual({
      count: 30,
      compared: 30,
      lastYear: 36,
      previous: 24,
      yoy: { delta: -6, percent: -16.7 }, // 6/36 = 16.67
      mom: { delta: 6, percent: 25 },
    })
  })

  it('petitions 6 vs 10 (−4, −40.0%) and vs 4 (+2, +50.0%)', () => {
    expect(compare(at, H1, 'petitions')).toEqual({ count: 6, compared: 6, lastYear: 10, previous: 4, yoy: { delta: -4, percent: -40 }, mom: { delta: 2, percent: 50 } })
  })

  it('months with no records count zero; an empty period over an empty base is no change with no percent', () => {
    // 2025-02 and 2025-05 have no counts; 2024-03 neither
    expect(compare(at, { from: '2025-02', to: '2025-02' }, 'demands')).toEqual({ count: 0, compared: 0, lastYear: 8, previous: 12, yoy: { delta: -8, percent: -100 }, mom: { delta: -12, percent: -100 } })
    expect(compare(at, { from: '2023-01', to: '2023-06' }, 'demands')).toEqual({ count: 0, compared: 0, lastYear: 0, previous: 0, yoy: { delta: 0, percent: null }, mom: { delta: 0, percent: null } })
  })

  it('a zero base has no percent, never Infinity or NaN', () => {
    // 2024-03 had nothing; 2025-03 had 9
    const c = compare(at, { from: '2025-03', to: '2025-03' }, 'demands')
    expect(c.yoy).toEqual({ delta: 9, percent: null })
    // 2025-03 against 2025-02 (nothing)
    expect(c.mom).toEqual({ delta: 9, percent: null })
  })
})

describe('by quarter', () => {
  it('each quarter against the same quarter last year and the quarter before', () => {
    const f = measureFigures(at, H1, bucketsOf(H1, 'quarter'), 'demands')
    expect(f.count).toBe(30)
    expect(f.buckets).toEqual([
      // Q1 2025: 12+0+9 = 21; Q1 2024: 10+8+0 = 18; Q4 2024: 9+2+6 = 17
      { key: '2025-Q1', count: 21, compared: 21, lastYear: 18, previous: 17, yoy: { delta: 3, percent: 16.7 }, mom: { delta: 4, percent: 23.5 } },
      // Q2 2025: 6+0+3 = 9; Q2 2024: 6+5+7 = 18; Q1 2025 = 21 (9−21 = −12, 12/21 = 57.14)
      { key: '2025-Q2', count: 9, compared: 9, lastYear: 18, previous: 21, yoy: { delta: -9, percent: -50 }, mom: { delta: -12, percent: -57.1 } },
    ])
    const p = measureFigures(at, H1, bucketsOf(H1, 'quarter'), 'petitions')
    expect(p.buckets.map((b) => [b.count, b.yoy, b.mom])).toEqual([
      // 2+0+3 = 5 vs 4+2+0 = 6 (−16.7%) and vs 2+0+1 = 3 (+66.7%)
      [5, { delta: -1, percent: -16.7 }, { delta: 2, percent: 66.7 }],
      // 0+0+1 = 1 vs 1+0+3 = 4 (−75%) and vs 5 (−80%)
      [1, { delta: -3, percent: -75 }, { delta: -4, percent: -80 }],
    ])
  })

  it('a quarter the range cuts compares the same months: 2025年2—3月 vs 2024年2—3月 and 2024年12月—2025年1月', () => {
    const span = { from: '2025-02', to: '2025-07' }
    const [q1] = measureFigures(at, span, bucketsOf(span, 'quarter'), 'demands').buckets
    // 0+9 = 9; 8+0 = 8 (+12.5%); 6+12 = 18 (−50%)
    expect(q1).toEqual({ key: '2025-Q1', count: 9, compared: 9, lastYear: 8, previous: 18, yoy: { delta: 1, percent: 12.5 }, mom: { delta: -9, percent: -50 } })
  })

  it('the buckets add up to the period', () => {
    const span = { from: '2024-02', to: '2025-06' }
    for (const g of ['month', 'quarter', 'year'] as const) {
      const f = measureFigures(at, span, bucketsOf(span, g), 'demands')
      expect(f.buckets.reduce((s, b) => s + b.count, 0)).toBe(f.count)
      expect(f.count).toBe(8 + 6 + 5 + 7 + 24 + 30)
      // the prefix sums give what adding the months one by one gives, bases included
      const buckets = bucketsOf(span, g)
      f.buckets.forEach((b, i) => expect(b).toEqual({ key: b.key, ...compare(at, buckets[i], 'demands') }))
    }
  })
})

describe('street totals', () => {
  it('adds the communities month by month, every breakdown and outcome', () => {
    const a: MonthCounts = { total: 3, byCategory: { parking: 2, noise: 1 }, byChannel: { petition: 3 }, byStatus: { evaluated: 2, handling: 1 }, outcomes: { satisfied: 1, closedTimed: 2, closeDays: 7 } }
    const b: MonthCounts = { total: 2, byCategory: { parking: 1, other: 1 }, byChannel: { hotline: 2 }, byStatus: { evaluated: 1, called: 1 } }
    expect(sumCounts([a, undefined, b])).toEqual({
      total: 5,
      byCategory: { parking: 3, noise: 1, other: 1 },
      byChannel: { petition: 3, hotline: 2 },
      byStatus: { evaluated: 3, handling: 1, called: 1 },
      outcomes: { satisfied: 1, closedTimed: 2, closeDays: 7 },
    })
    expect(sumCounts([undefined, undefined])).toBeUndefined()
    // the inputs are left as they were
    expect(a.byCategory).toEqual({ parking: 2, noise: 1 })
  })
})

describe('rate changes in 百分点', () => {
  const rates = (closed: number, demands: number, satisfied = 0, rated = 0, tasksOnTime = 0, tasksDone = 0): Rates => {
    const outcomes = rated ? { satisfied, dissatisfied: rated - satisfied, closedTimed: rated, closeDays: rated } : undefined
    const d = demandRatesFromCounts([{ total: demands, byCategory: {}, byChannel: {}, byStatus: { evaluated: closed }, ...(outcomes ? { outcomes } : {}) }])
    return { ...d, tasksDone, tasksOnTime, onTimeRate: tasksDone ? Math.round((tasksOnTime / tasksDone) * 1000) / 10 : null }
  }

  it('from the raw counts: 13/15 against 5/6 is 3.3, though the rounded rates 86.7 and 83.3 differ by 3.4', () => {
    const now = rates(13, 15)
    const base = rates(5, 6)
    expect([now.closeRate, base.closeRate]).toEqual([86.7, 83.3])
    expect(rateChange(now, base, 'closeRate')).toBe(3.3)
    expect(rateChange(base, now, 'closeRate')).toBe(-3.3)
  })

  it('every rate; no change is 0; a period with no base has no change', () => {
    // 办结 3/4 vs 1/2: +25.0; 满意 2/3 vs 2/3: 0; 按期 1/2 vs 0 tasks: null
    const now = rates(3, 4, 2, 3, 1, 2)
    const base = rates(1, 2, 2, 3)
    expect(rateChanges(now, base)).toEqual({ closeRate: 25, satisfactionRate: 0, onTimeRate: null })
    expect(rateChanges(rates(0, 0), rates(1, 2)).closeRate).toBeNull()
    // a tiny fall that rounds to 0 reads 0, not −0
    expect(Object.is(rateChange(rates(1000, 2000), rates(1001, 2001), 'closeRate'), 0)).toBe(true)
  })
})

describe('shares by category and channel', () => {
  it('largest first, ties in vocabulary order, empty keys left out, percent of all demands', () => {
    const m1: MonthCounts = { total: 6, byCategory: { noise: 2, parking: 2, environment: 2 }, byChannel: { petition: 1, hotline: 5 }, byStatus: {} }
    const m2: MonthCounts = { total: 1, byCategory: { other: 1 }, byChannel: { transfer12345: 1 }, byStatus: {} }
    const counts: Record<string, MonthCounts> = { '2025-01': m1, '2025-03': m2, '2024-12': m2 }
    const s = sharesFor((m) => counts[m], { from: '2025-01', to: '2025-03' })
    // 7 demands: 2/7 = 28.57, 1/7 = 14.29
    expect(s.category).toEqual([
      { key: 'environment', count: 2, percent: 28.6 },
      { key: 'parking', count: 2, percent: 28.6 },
      { key: 'noise', count: 2, percent: 28.6 },
      { key: 'other', count: 1, percent: 14.3 },
    ])
    expect(s.channel).toEqual([
      { key: 'hotline', count: 5, percent: 71.4 },
      { key: 'petition', count: 1, percent: 14.3 },
      { key: 'transfer12345', count: 1, percent: 14.3 },
    ])
    expect(sharesFor(() => undefined, { from: '2025-01', to: '2025-03' })).toEqual({ category: [], channel: [] })
  })
})

describe('ranking', () => {
  const row = (communityId: string, petitions: number, lastYear: number, closeRate: number | null): RankInput => ({
    communityId,
    name: `${communityId}社区`,
    petitions: { count: petitions, yoy: { delta: petitions - lastYear, percent: null } },
    demands: { count: petitions * 10, yoy: { delta: petitions * 10, percent: null } },
    rates: { closeRate, onTimeRate: null, satisfactionRate: null } as Rates,
  })
  // street order A, B, C, D
  const rows = [row('A', 6, 10, 80), row('B', 4, 4, null), row('C', 1, 0, 95.5), row('D', 4, 9, 80)]

  it('by volume, largest first: ties share a rank in the street order, the next rank skips', () => {
    const r = rankCommunities(rows, 'petitions')
    expect(r.map((x) => [x.communityId, x.rank, x.value])).toEqual([
      ['A', 1, 6],
      ['B', 2, 4],
      ['D', 2, 4],
      ['C', 4, 1],
    ])
    expect(r[0]).toMatchObject({ name: 'A社区', petitions: 6, petitionsYoy: { delta: -4 }, demands: 60, closeRate: 80 })
  })

  it('ascending keeps ties in the street order too', () => {
    expect(rankCommunities(rows, 'petitions', 'asc').map((x) => [x.communityId, x.rank])).toEqual([
      ['C', 1],
      ['B', 2],
      ['D', 2],
      ['A', 4],
    ])
  })

  it('by change: the largest fall first when ascending (D −5, A −4, B 0, C +1)', () => {
    expect(rankCommunities(rows, 'petitionsChange', 'asc').map((x) => [x.communityId, x.rank, x.value])).toEqual([
      ['D', 1, -5],
      ['A', 2, -4],
      ['B', 3, 0],
      ['C', 4, 1],
    ])
  })

  it('by a rate: a community with no base comes last, unranked, whichever the order', () => {
    expect(rankCommunities(rows, 'closeRate').map((x) => [x.communityId, x.rank])).toEqual([
      ['C', 1],
      ['A', 2],
      ['D', 2],
      ['B', null],
    ])
    expect(rankCommunities(rows, 'closeRate', 'asc').map((x) => [x.communityId, x.rank])).toEqual([
      ['A', 1],
      ['D', 1],
      ['C', 3],
      ['B', null],
    ])
    expect(rankCommunities(rows, 'satisfactionRate').every((x) => x.rank === null)).toBe(true)
    expect(rankCommunities([], 'petitions')).toEqual([])
  })
})
