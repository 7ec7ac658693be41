// stats:street's figures (issue 12) on a hand-worked street of three communities: street totals
// are the sum of the communities per bucket; rates, their changes in 百分点 (tasks by the street's
// day), the ranking, the selection, the partial month and the sentences.
import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { dayOf } from '../../shared/domain/month'
import { buildStreetStats, type CommunitySource, type StreetStatsInput, type TaskForRates } from '../../shared/domain/street-stats'

const mc = (total: number, petition: number, evaluated = 0, outcomes?: MonthCounts['outcomes']): MonthCounts => ({
  total,
  byCategory: { parking: total },
  byChannel: petition === total ? { petition } : petition ? { petition, hotline: total - petition } : { hotline: total },
  byStatus: evaluated ? { evaluated, handling: total - evaluated } : { handling: total },
  ...(outcomes ? { outcomes } : {}),
})
const done = (doneAt: string, deadline: string): TaskForRates => ({ status: 'done', doneAt, deadline })

// 七口堰社区 (A): H1 2024 36 demands / 10 petitions, H2 2024 24 / 4, H1 2025 30 / 6 (see stats-compare.test.ts).
// Closed: 10 in 2024-01, 10 + 9 in H1 2025 (19/30); rated in 2025-03: 3 满意 + 1 基本满意 of 5.
// Tasks: on time in March 2025; 2025-04-30T16:30Z is 1 May in the street, after its 30 April deadline;
// on time in May 2024; one not done.
const A: CommunitySource = {
  communityId: 'A',
  name: '七口堰社区',
  counts: {
    '2024-01': mc(10, 4, 10),
    '2024-02': mc(8, 2),
    '2024-04': mc(6, 1),
    '2024-05': mc(5, 0),
    '2024-06': mc(7, 3),
    '2024-07': mc(4, 1),
    '2024-09': mc(3, 0),
    '2024-10': mc(9, 2),
    '2024-11': mc(2, 0),
    '2024-12': mc(6, 1),
    '2025-01': mc(12, 2, 10),
    '2025-03': mc(9, 3, 9, { satisfied: 3, basicallySatisfied: 1, dissatisfied: 1, closedTimed: 5, closeDays: 20 }),
    '2025-04': mc(6, 0),
    '2025-06': mc(3, 1),
  },
  tasks: [
    done('2025-03-10T09:00:00+08:00', '2025-03-15'),
    done('2025-04-30T16:30:00Z', '2025-04-30'),
    done('2024-05-05T10:00:00+08:00', '2024-05-10'),
    { status: 'inProgress', deadline: '2025-02-01' },
  ],
}
// 东门社区 (B): 5 petitions in March 2024 (all closed); 4 petitions in February 2025 (closed), 1 demand in June.
// Tasks: done 30 June 2025 23:00 in the street (in H1); 2025-06-30T16:30Z is 1 July (outside H1).
const B: CommunitySource = {
  communityId: 'B',
  name: '东门社区',
  counts: { '2024-03': mc(5, 5, 5), '2025-02': mc(4, 4, 4), '2025-06': mc(1, 0) },
  tasks: [done('2025-06-30T23:00:00+08:00', '2025-07-01'), done('2025-06-30T16:30:00Z', '2025-07-01')],
}
// 新城社区 (C): created in April 2025, nothing before.
const C: CommunitySource = { communityId: 'C', name: '新城社区', counts: { '2025-04': mc(2, 1), '2025-05': mc(3, 0) }, tasks: [] }

const input = (over: Partial<StreetStatsInput> = {}): StreetStatsInput => ({
  span: { from: '2025-01', to: '2025-06' },
  asOf: null,
  granularity: 'quarter',
  communities: [A, B, C],
  wholeStreet: true,
  rankBy: 'petitions',
  order: 'desc',
  withMom: false,
  dayOf: (iso) => dayOf(iso, 'Asia/Shanghai'),
  ...over,
})

describe('the street, 2025年1—6月 by quarter', () => {
  const s = buildStreetStats(input())

  it('names the period and its bases', () => {
    expect(s.period).toEqual({
      from: '2025-01',
      to: '2025-06',
      label: '2025年1—6月',
      asOf: null,
      labelAsOf: '2025年1—6月',
      preset: null,
      clipped: false,
      compared: { from: '2025-01', to: '2025-06', label: '2025年1—6月' },
    })
    expect(s.lastYear).toEqual({ from: '2024-01', to: '2024-06', label: '2024年1—6月' })
    expect(s.previous).toEqual({ from: '2024-07', to: '2024-12', label: '2024年7—12月' })
    expect(s.buckets.map((b) => [b.key, b.label, b.complete, b.partial])).toEqual([
      ['2025-Q1', '2025年第一季度', true, false],
      ['2025-Q2', '2025年第二季度', true, false],
    ])
  })

  it('street totals: 40 demands (41 a year before, 24 the half before), 11 petitions (15, 4)', () => {
    expect(s.street.name).toBe('全街道')
    expect(s.street.communityId).toBeNull()
    expect(s.street.demands).toMatchObject({ count: 40, compared: 40, lastYear: 41, previous: 24, yoy: { delta: -1, percent: -2.4 }, mom: { delta: 16, percent: 66.7 } })
    expect(s.street.petitions).toMatchObject({ count: 11, compared: 11, lastYear: 15, previous: 4, yoy: { delta: -4, percent: -26.7 }, mom: { delta: 7, percent: 175 } })
    // Q1: 21 + 4 + 0 = 25 vs 18 + 5 = 23 and Q4 2024 17; Q2: 9 + 1 + 5 = 15 vs 18 and 25
    expect(s.street.demands.buckets).toEqual([
      { key: '2025-Q1', count: 25, compared: 25, lastYear: 23, previous: 17, yoy: { delta: 2, percent: 8.7 }, mom: { delta: 8, percent: 47.1 } },
      { key: '2025-Q2', count: 15, compared: 15, lastYear: 18, previous: 25, yoy: { delta: -3, percent: -16.7 }, mom: { delta: -10, percent: -40 } },
    ])
  })

  it('every street figure, per bucket, is the sum of the communities', () => {
    for (const measure of ['petitions', 'demands'] as const) {
      for (const k of ['count', 'lastYear', 'previous'] as const) {
        expect(s.street[measure][k]).toBe(s.communities.reduce((sum, c) => sum + c[measure][k]!, 0))
        s.street[measure].buckets.forEach((b, i) => expect(b[k]).toBe(s.communities.reduce((sum, c) => sum + c[measure].buckets[i][k]!, 0)))
      }
    }
  })

  it('a community created mid-year has a zero base: no percent, 新增 in its sentence', () => {
    const c = s.communities.find((x) => x.communityId === 'C')!
    expect(c.demands).toMatchObject({ count: 5, compared: 5, lastYear: 0, previous: 0, yoy: { delta: 5, percent: null }, mom: { delta: 5, percent: null } })
    expect(c.demands.buckets.map((b) => b.count)).toEqual([0, 5])
    expect(c.sentences.demands).toBe('2025年1—6月，新城社区诉求量5件，上年同期为0，新增5件。')
    expect(c.rates.closeRate).toBe(0)
    expect(c.ratesLastYear.closeRate).toBeNull()
    expect(c.rateChanges.yoy.closeRate).toBeNull()
  })

  it('rates pool the counts; tasks count by the street day they were done; changes in 百分点', () => {
    // 办结 (19 + 4 + 0) / 40 = 57.5% vs (10 + 5) / 41 = 36.59%: +20.9; vs 0 / 24: +57.5
    // 按期 2 / 3 = 66.7% vs 1 / 1: −33.3; the half before had no task done
    // 满意 4 / 5 = 80% vs nothing rated
    expect(s.street.rates).toMatchObject({ demands: 40, closed: 23, closeRate: 57.5, tasksDone: 3, tasksOnTime: 2, onTimeRate: 66.7, rated: 5, satisfied: 4, satisfactionRate: 80 })
    expect(s.street.rateChanges).toEqual({
      yoy: { closeRate: 20.9, onTimeRate: -33.3, satisfactionRate: null },
      mom: { closeRate: 57.5, onTimeRate: null, satisfactionRate: null },
    })
    const a = s.communities[0]
    expect(a.rates).toMatchObject({ closeRate: 63.3, tasksDone: 2, tasksOnTime: 1, onTimeRate: 50, satisfactionRate: 80 })
    expect(a.rateChanges.yoy).toEqual({ closeRate: 35.6, onTimeRate: -50, satisfactionRate: null }) // 19/30 − 10/36 = 35.56
    expect(s.communities[1].rates).toMatchObject({ tasksDone: 1, tasksOnTime: 1, onTimeRate: 100 })
  })

  it('shares of the street by channel and category', () => {
    expect(s.street.shares.channel).toEqual([
      { key: 'hotline', count: 29, percent: 72.5 },
      { key: 'petition', count: 11, percent: 27.5 },
    ])
    expect(s.street.shares.category).toEqual([{ key: 'parking', count: 40, percent: 100 }])
  })

  it('ranks every community by petitions, largest first', () => {
    expect(s.ranking.by).toBe('petitions')
    expect(s.ranking.rows.map((r) => [r.name, r.rank, r.value, r.petitionsYoy?.delta, r.closeRate])).toEqual([
      ['七口堰社区', 1, 6, -4, 63.3],
      ['东门社区', 2, 4, -1, 80],
      ['新城社区', 3, 1, 1, 0],
    ])
  })

  it('the sentences, 同比 only', () => {
    expect(s.street.sentences).toEqual({
      petitions: '2025年1—6月，全街道信访量11件，同比下降4件，降幅26.7%。',
      demands: '2025年1—6月，全街道诉求量40件，同比下降1件，降幅2.4%。',
      rates: '2025年1—6月，全街道办结率57.5%，同比提高20.9个百分点；按期办结率66.7%，同比下降33.3个百分点；满意率80.0%，上年同期无可比数据。',
    })
    expect(s.communities[0].sentences.petitions).toBe('2025年1—6月，七口堰社区信访量6件，同比下降4件，降幅40.0%。')
    expect(s.communities[1].sentences.demands).toBe('2025年1—6月，东门社区诉求量5件，与上年同期持平。')
  })
})

describe('options', () => {
  it('with 环比 in the sentences', () => {
    const s = buildStreetStats(input({ withMom: true }))
    expect(s.street.sentences.demands).toBe('2025年1—6月，全街道诉求量40件，同比下降1件，降幅2.4%；环比上升16件，增幅66.7%。')
    expect(s.communities[1].sentences.petitions).toBe('2025年1—6月，东门社区信访量4件，同比下降1件，降幅20.0%；上期为0，新增4件。')
    expect(s.street.sentences.rates).toBe(
      '2025年1—6月，全街道办结率57.5%，同比提高20.9个百分点，环比提高57.5个百分点；按期办结率66.7%，同比下降33.3个百分点，上期无可比数据；满意率80.0%，上年同期无可比数据，上期无可比数据。',
    )
  })

  it('a selection returns those communities in the street order; the street and the ranking keep all', () => {
    const s = buildStreetStats(input({ selected: ['C', 'A'], wholeStreet: false, rankBy: 'closeRate' }))
    expect(s.communities.map((c) => c.communityId)).toEqual(['A', 'C'])
    expect(s.street.name).toBe('所辖3个社区')
    expect(s.street.demands.count).toBe(40)
    expect(s.street.sentences.petitions).toBe('2025年1—6月，所辖3个社区信访量11件，同比下降4件，降幅26.7%。')
    expect(s.ranking.rows.map((r) => [r.communityId, r.rank, r.value])).toEqual([
      ['B', 1, 80],
      ['A', 2, 63.3],
      ['C', 3, 0],
    ])
  })

  it('a range ending in the current partial month says so, on the period and its bucket', () => {
    const s = buildStreetStats(input({ span: { from: '2025-04', to: '2025-06' }, asOf: '2025-06-18', granularity: 'month', preset: 'thisQuarter' }))
    expect(s.period).toMatchObject({ label: '2025年第二季度', labelAsOf: '2025年第二季度（截至6月18日）', asOf: '2025-06-18', preset: 'thisQuarter' })
    expect(s.buckets.map((b) => [b.key, b.partial])).toEqual([
      ['2025-04', false],
      ['2025-05', false],
      ['2025-06', true],
    ])
    // Q2 2025 to 18 June: 6 + 3 (A) + 1 (B) + 2 + 3 (C) = 15. June is not over and its bases would
    // be whole months, so 同比 / 环比 compare April–May: 6 + 2 + 3 = 11 vs April–May 2024 6 + 5 = 11
    // and February–March 2025 4 (B) + 9 (A) = 13.
    expect(s.period.compared).toEqual({ from: '2025-04', to: '2025-05', label: '2025年4—5月' })
    expect(s.lastYear).toMatchObject({ from: '2024-04', to: '2024-05' })
    expect(s.previous).toMatchObject({ from: '2025-02', to: '2025-03' })
    expect(s.street.demands).toMatchObject({ count: 15, compared: 11, lastYear: 11, previous: 13, yoy: { delta: 0, percent: 0 }, mom: { delta: -2, percent: -15.4 } })
    expect(s.street.sentences.demands).toBe('2025年第二季度（截至6月18日），全街道诉求量15件；其中2025年4—5月11件，与上年同期持平。')
    // The June bucket has no finished month: no comparison; April against April 2024 (6 vs 6).
    const [apr, , jun] = s.street.demands.buckets
    expect(jun).toEqual({ key: '2025-06', count: 4, compared: null, lastYear: null, previous: null, yoy: null, mom: null })
    expect(apr).toMatchObject({ count: 8, compared: 8, lastYear: 6, yoy: { delta: 2, percent: 33.3 } })
    // Rates: their changes are the finished months' and the sentence names them: closed 0 of 11 vs 0
    // of 11 (持平); tasks on time 0 of 1 (A's, done 1 May street time, due 30 April) vs 1 of 1 (May 2024).
    expect(s.street.rateChanges.yoy).toMatchObject({ closeRate: 0, onTimeRate: -100 })
    expect(s.street.sentences.rates).toBe('2025年4—5月，全街道办结率0.0%，与上年同期持平；按期办结率0.0%，同比下降100.0个百分点。')
    // the rates those changes compare travel with the period's own (the headline shows both)
    expect(s.street.ratesCompared).toMatchObject({ demands: 11, closeRate: 0, tasksDone: 1, onTimeRate: 0 })
    expect(s.street.rates.demands).toBe(15)
  })

  it('only the month under way: its figures, and no 同比 / 环比 until it is over', () => {
    const s = buildStreetStats(input({ span: { from: '2025-06', to: '2025-06' }, asOf: '2025-06-18', granularity: 'month', preset: 'thisMonth', withMom: true }))
    expect(s.period.compared).toBeNull()
    // June: 3 (A) + 1 (B) demands, 1 petition (A)
    expect(s.street.demands).toMatchObject({ count: 4, compared: null, lastYear: null, previous: null, yoy: null, mom: null })
    expect(s.street.sentences.demands).toBe('2025年6月（截至6月18日），全街道诉求量4件；本月尚未结束，暂不作同比、环比。')
    expect(s.street.sentences.petitions).toBe('2025年6月（截至6月18日），全街道信访量1件；本月尚未结束，暂不作同比、环比。')
    expect(s.street.rateChanges).toEqual({ yoy: { closeRate: null, onTimeRate: null, satisfactionRate: null }, mom: { closeRate: null, onTimeRate: null, satisfactionRate: null } })
    expect(s.street.ratesCompared).toBeNull()
    // B's task done on 30 June (street day), before its 1 July deadline: 1 of 1 on time
    expect(s.street.sentences.rates).toBe('2025年6月（截至6月18日），全街道办结率0.0%，按期办结率100.0%；本月尚未结束，暂不作同比、环比。')
    // Ranked by change: nobody has one yet, so nobody is ranked (all last, unranked).
    const byChange = buildStreetStats(input({ span: { from: '2025-06', to: '2025-06' }, asOf: '2025-06-18', granularity: 'month', rankBy: 'petitionsChange' }))
    expect(byChange.ranking.rows.map((r) => [r.rank, r.petitionsYoy])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ])
  })

  it('a street with no community: zeros and no ranking', () => {
    const s = buildStreetStats(input({ communities: [], wholeStreet: true }))
    expect(s.street.demands).toMatchObject({ count: 0, yoy: { delta: 0, percent: null } })
    expect(s.street.sentences.demands).toBe('2025年1—6月，全街道诉求量0件，与上年同期持平。')
    expect(s.street.sentences.rates).toBeNull()
    expect(s.ranking.rows).toEqual([])
  })
})
