// The sentences leaders paste into reports (issue 12): every wording case, from raw counts.
import { describe, expect, it } from 'vitest'
import type { Rates } from '../../shared/domain/rates'
import { changeClause, countSentence, oneDecimal, rateClause, rateSentence, streetScopeName } from '../../shared/domain/stats-sentence'

const H1 = { from: '2025-01', to: '2025-06' }

describe('count sentences', () => {
  it('a fall, from the raw counts: 30 against 67 is −55.2% (not the −55.5% a rounded quote gives)', () => {
    expect(countSentence({ span: H1, scopeName: '七口堰社区', measure: 'petitions', count: 30, lastYear: 67 })).toBe(
      '2025年1—6月，七口堰社区信访量30件，同比下降37件，降幅55.2%。',
    )
  })

  it('a rise, with the percent to one decimal always shown', () => {
    expect(countSentence({ span: { from: '2025-03', to: '2025-03' }, scopeName: '东门社区', measure: 'demands', count: 12, lastYear: 10 })).toBe(
      '2025年3月，东门社区诉求量12件，同比上升2件，增幅20.0%。',
    )
    // 2/3 = 66.67
    expect(countSentence({ span: { from: '2025-01', to: '2025-03' }, scopeName: '全街道', measure: 'petitions', count: 5, lastYear: 3 })).toBe(
      '2025年第一季度，全街道信访量5件，同比上升2件，增幅66.7%。',
    )
  })

  it('no change', () => {
    expect(countSentence({ span: { from: '2025-01', to: '2025-12' }, scopeName: '全街道', measure: 'demands', count: 41, lastYear: 41 })).toBe(
      '2025年，全街道诉求量41件，与上年同期持平。',
    )
    // nothing in either year is no change too
    expect(countSentence({ span: H1, scopeName: '滨江社区', measure: 'petitions', count: 0, lastYear: 0 })).toBe('2025年1—6月，滨江社区信访量0件，与上年同期持平。')
  })

  it('a zero base: 新增, never Infinity or NaN', () => {
    const s = countSentence({ span: H1, scopeName: '新城社区', measure: 'demands', count: 5, lastYear: 0 })
    expect(s).toBe('2025年1—6月，新城社区诉求量5件，上年同期为0，新增5件。')
    expect(s).not.toMatch(/Infinity|NaN/)
  })

  it('a fall to zero is a 100.0% fall', () => {
    expect(countSentence({ span: H1, scopeName: '七口堰社区', measure: 'petitions', count: 0, lastYear: 4 })).toBe(
      '2025年1—6月，七口堰社区信访量0件，同比下降4件，降幅100.0%。',
    )
  })

  it('with 环比 after 同比, each in its own wording', () => {
    const base = { span: H1, scopeName: '七口堰社区', measure: 'petitions' as const, count: 6, lastYear: 10 }
    expect(countSentence({ ...base, previous: 4 })).toBe('2025年1—6月，七口堰社区信访量6件，同比下降4件，降幅40.0%；环比上升2件，增幅50.0%。')
    expect(countSentence({ ...base, previous: 8 })).toBe('2025年1—6月，七口堰社区信访量6件，同比下降4件，降幅40.0%；环比下降2件，降幅25.0%。')
    expect(countSentence({ ...base, previous: 6 })).toBe('2025年1—6月，七口堰社区信访量6件，同比下降4件，降幅40.0%；与上期持平。')
    expect(countSentence({ ...base, previous: 0 })).toBe('2025年1—6月，七口堰社区信访量6件，同比下降4件，降幅40.0%；上期为0，新增6件。')
  })

  it('a range ending in the current month says how far it runs', () => {
    expect(
      countSentence({ span: { from: '2026-01', to: '2026-05' }, asOf: '2026-05-20', scopeName: '全街道', measure: 'petitions', count: 11, lastYear: 15 }),
    ).toBe('2026年1—5月（截至5月20日），全街道信访量11件，同比下降4件，降幅26.7%。')
  })

  it('names the street: the whole of it, or the part an operator sees', () => {
    expect(streetScopeName(15, true)).toBe('全街道')
    expect(streetScopeName(3, false)).toBe('所辖3个社区')
  })

  it('the clauses on their own', () => {
    expect(changeClause(9, 0, 'mom')).toBe('上期为0，新增9件')
    expect(changeClause(1, 3, 'mom')).toBe('环比下降2件，降幅66.7%')
    expect(changeClause(0, 0, 'mom')).toBe('与上期持平')
    expect([oneDecimal(20), oneDecimal(-55.2), oneDecimal(0.05), oneDecimal(150)]).toEqual(['20.0', '55.2', '0.1', '150.0'])
  })
})

describe('rate sentences', () => {
  const r = (over: Partial<Rates>): Rates => ({
    demands: 0,
    closed: 0,
    closeRate: null,
    closedRecorded: 0,
    rated: 0,
    satisfied: 0,
    dissatisfied: 0,
    unreachable: 0,
    satisfactionRate: null,
    participationRate: null,
    avgCloseDays: null,
    tasksDone: 0,
    tasksOnTime: 0,
    onTimeRate: null,
    ...over,
  })

  it('each rate with its change in 百分点: a rise, a fall, no change', () => {
    // 办结 13/15 = 86.7% vs 5/6: +3.3; 按期 1/2 = 50% vs 2/2: −50.0; 满意 3/4 = 75% vs 6/8: 0
    const now = r({ demands: 15, closed: 13, closeRate: 86.7, tasksDone: 2, tasksOnTime: 1, onTimeRate: 50, rated: 4, satisfied: 3, satisfactionRate: 75 })
    const lastYear = r({ demands: 6, closed: 5, closeRate: 83.3, tasksDone: 2, tasksOnTime: 2, onTimeRate: 100, rated: 8, satisfied: 6, satisfactionRate: 75 })
    expect(rateSentence({ span: H1, scopeName: '全街道', rates: now, lastYear })).toBe(
      '2025年1—6月，全街道办结率86.7%，同比提高3.3个百分点；按期办结率50.0%，同比下降50.0个百分点；满意率75.0%，与上年同期持平。',
    )
  })

  it('a base with nothing to compare says so; a rate with no figure is left out; none at all is null', () => {
    const now = r({ demands: 4, closed: 3, closeRate: 75 })
    expect(rateSentence({ span: H1, scopeName: '新城社区', rates: now, lastYear: r({}) })).toBe('2025年1—6月，新城社区办结率75.0%，上年同期无可比数据。')
    expect(rateSentence({ span: H1, scopeName: '新城社区', rates: r({}), lastYear: now })).toBeNull()
  })

  it('with 环比', () => {
    const now = r({ demands: 4, closed: 3, closeRate: 75 })
    const sentence = rateSentence({ span: H1, scopeName: '东门社区', rates: now, lastYear: r({ demands: 2, closed: 1, closeRate: 50 }), previous: r({ demands: 4, closed: 3, closeRate: 75 }) })
    expect(sentence).toBe('2025年1—6月，东门社区办结率75.0%，同比提高25.0个百分点，与上期持平。')
    expect(rateClause(-1.25, 'mom')).toBe('环比下降1.3个百分点')
    expect(rateClause(null, 'mom')).toBe('上期无可比数据')
  })
})
