// Periods of the leaders' dashboard (issue 12) on hand-worked calendars: presets against "today"
// in the street, the partial current month, leap days, buckets, the bases of 同比 and 环比, and
// the period wording of Chinese reports.
import { describe, expect, it } from 'vitest'
import {
  bucketsOf,
  clipToToday,
  daysInMonth,
  finishedPart,
  isDay,
  lastDayOf,
  monthCount,
  periodLabel,
  periodLabelAsOf,
  previousPeriod,
  resolvePreset,
  samePeriodLastYear,
  sameSpan,
} from '../../shared/domain/stats-period'

describe('presets', () => {
  it('on 20 May 2026 every preset ends in May, which is not over: asOf names the day', () => {
    const today = '2026-05-20'
    expect(resolvePreset('thisMonth', today)).toEqual({ from: '2026-05', to: '2026-05', asOf: today })
    expect(resolvePreset('thisQuarter', today)).toEqual({ from: '2026-04', to: '2026-05', asOf: today })
    expect(resolvePreset('yearToDate', today)).toEqual({ from: '2026-01', to: '2026-05', asOf: today })
    // 上半年 stops at the current month: June has no figures yet
    expect(resolvePreset('firstHalf', today)).toEqual({ from: '2026-01', to: '2026-05', asOf: today })
    expect(resolvePreset('last12Months', today)).toEqual({ from: '2025-06', to: '2026-05', asOf: today })
  })

  it('上半年 after June is the whole, finished half year (no partial month)', () => {
    expect(resolvePreset('firstHalf', '2025-09-03')).toEqual({ from: '2025-01', to: '2025-06', asOf: null })
    expect(resolvePreset('firstHalf', '2025-07-01')).toEqual({ from: '2025-01', to: '2025-06', asOf: null })
    // on the last day of June the half year is still running
    expect(resolvePreset('firstHalf', '2025-06-30')).toEqual({ from: '2025-01', to: '2025-06', asOf: '2025-06-30' })
  })

  it('in January: 本季度, 本年累计 and 上半年 are one month; 近12个月 starts in February of the year before', () => {
    const today = '2026-01-01'
    for (const p of ['thisMonth', 'thisQuarter', 'yearToDate', 'firstHalf'] as const) {
      expect(resolvePreset(p, today)).toEqual({ from: '2026-01', to: '2026-01', asOf: today })
    }
    expect(resolvePreset('last12Months', today)).toEqual({ from: '2025-02', to: '2026-01', asOf: today })
  })

  it('on a leap day (29 Feb 2024) the month is February, still partial', () => {
    const today = '2024-02-29'
    expect(resolvePreset('thisMonth', today)).toEqual({ from: '2024-02', to: '2024-02', asOf: today })
    expect(resolvePreset('thisQuarter', today)).toEqual({ from: '2024-01', to: '2024-02', asOf: today })
    expect(resolvePreset('last12Months', today)).toEqual({ from: '2023-03', to: '2024-02', asOf: today })
    expect(periodLabelAsOf(resolvePreset('yearToDate', today), today)).toBe('2024年1—2月（截至2月29日）')
    // 同比 of the leap February is February 2023 (28 days): months compare with months
    expect(samePeriodLastYear(resolvePreset('thisMonth', today))).toEqual({ from: '2023-02', to: '2023-02' })
  })

  it('refuses a day that does not exist (29 Feb 2025)', () => {
    expect(() => resolvePreset('thisMonth', '2025-02-29')).toThrow(RangeError)
    expect(() => resolvePreset('thisMonth', '2025-5-1')).toThrow(RangeError)
  })
})

describe('calendar', () => {
  it('knows leap years by the Gregorian rule', () => {
    expect([daysInMonth('2024-02'), daysInMonth('2025-02'), daysInMonth('1900-02'), daysInMonth('2000-02')]).toEqual([29, 28, 28, 29])
    expect([daysInMonth('2025-04'), daysInMonth('2025-12')]).toEqual([30, 31])
    expect([lastDayOf('2024-02'), lastDayOf('2026-06')]).toEqual(['2024-02-29', '2026-06-30'])
    expect([isDay('2024-02-29'), isDay('2025-02-29'), isDay('2025-04-31'), isDay('2025-13-01'), isDay('2025-00-10')]).toEqual([true, false, false, false, false])
  })

  it('counts the months of a span', () => {
    expect(monthCount({ from: '2025-01', to: '2025-06' })).toBe(6)
    expect(monthCount({ from: '2024-07', to: '2025-06' })).toBe(12)
    expect(monthCount({ from: '2025-06', to: '2025-05' })).toBe(0)
  })
})

describe('any range', () => {
  it('is kept when it is over; reaching this month makes it partial', () => {
    expect(clipToToday({ from: '2025-01', to: '2025-06' }, '2026-05-20')).toEqual({ from: '2025-01', to: '2025-06', asOf: null, clipped: false })
    expect(clipToToday({ from: '2025-06', to: '2026-05' }, '2026-05-20')).toEqual({ from: '2025-06', to: '2026-05', asOf: '2026-05-20', clipped: false })
  })

  it('drops months still to come (2026年 in May reads 2026年1—5月); a range wholly to come is null', () => {
    expect(clipToToday({ from: '2026-01', to: '2026-12' }, '2026-05-20')).toEqual({ from: '2026-01', to: '2026-05', asOf: '2026-05-20', clipped: true })
    expect(clipToToday({ from: '2026-06', to: '2026-12' }, '2026-05-20')).toBeNull()
  })
})

describe('comparison periods', () => {
  it('2025年1—6月: 同比 2024年1—6月, 环比 2024年7—12月', () => {
    const h1 = { from: '2025-01', to: '2025-06' }
    expect(samePeriodLastYear(h1)).toEqual({ from: '2024-01', to: '2024-06' })
    expect(previousPeriod(h1)).toEqual({ from: '2024-07', to: '2024-12' })
  })

  it('a quarter against the quarter before; a month against the month before, across a year', () => {
    expect(previousPeriod({ from: '2025-01', to: '2025-03' })).toEqual({ from: '2024-10', to: '2024-12' })
    expect(previousPeriod({ from: '2026-01', to: '2026-01' })).toEqual({ from: '2025-12', to: '2025-12' })
    // 近12个月 against the 12 months before
    expect(previousPeriod({ from: '2025-06', to: '2026-05' })).toEqual({ from: '2024-06', to: '2025-05' })
    // two months (本季度 in May) against the two before
    expect(previousPeriod({ from: '2026-04', to: '2026-05' })).toEqual({ from: '2026-02', to: '2026-03' })
  })
})

describe('buckets', () => {
  it('by month: one per month, each complete', () => {
    expect(bucketsOf({ from: '2025-11', to: '2026-02' }, 'month')).toEqual([
      { key: '2025-11', from: '2025-11', to: '2025-11', label: '2025年11月', complete: true },
      { key: '2025-12', from: '2025-12', to: '2025-12', label: '2025年12月', complete: true },
      { key: '2026-01', from: '2026-01', to: '2026-01', label: '2026年1月', complete: true },
      { key: '2026-02', from: '2026-02', to: '2026-02', label: '2026年2月', complete: true },
    ])
  })

  it('by quarter: the range cuts the first and last quarter, which keep only its months', () => {
    expect(bucketsOf({ from: '2025-02', to: '2025-07' }, 'quarter')).toEqual([
      { key: '2025-Q1', from: '2025-02', to: '2025-03', label: '2025年2—3月', complete: false },
      { key: '2025-Q2', from: '2025-04', to: '2025-06', label: '2025年第二季度', complete: true },
      { key: '2025-Q3', from: '2025-07', to: '2025-07', label: '2025年7月', complete: false },
    ])
    expect(bucketsOf({ from: '2024-10', to: '2025-03' }, 'quarter').map((b) => [b.key, b.label, b.complete])).toEqual([
      ['2024-Q4', '2024年第四季度', true],
      ['2025-Q1', '2025年第一季度', true],
    ])
  })

  it('by year: whole years, and the part of a year the range holds', () => {
    expect(bucketsOf({ from: '2024-01', to: '2025-06' }, 'year')).toEqual([
      { key: '2024', from: '2024-01', to: '2024-12', label: '2024年', complete: true },
      { key: '2025', from: '2025-01', to: '2025-06', label: '2025年1—6月', complete: false },
    ])
    expect(bucketsOf({ from: '2025-06', to: '2025-06' }, 'year')).toEqual([{ key: '2025', from: '2025-06', to: '2025-06', label: '2025年6月', complete: false }])
  })
})

describe('period wording', () => {
  it('writes months, quarters, halves and years as reports do', () => {
    expect(periodLabel({ from: '2025-03', to: '2025-03' })).toBe('2025年3月')
    expect(periodLabel({ from: '2025-01', to: '2025-06' })).toBe('2025年1—6月')
    expect(periodLabel({ from: '2025-01', to: '2025-03' })).toBe('2025年第一季度')
    expect(periodLabel({ from: '2025-04', to: '2025-06' })).toBe('2025年第二季度')
    expect(periodLabel({ from: '2025-07', to: '2025-09' })).toBe('2025年第三季度')
    expect(periodLabel({ from: '2025-10', to: '2025-12' })).toBe('2025年第四季度')
    // three months that are not a calendar quarter
    expect(periodLabel({ from: '2025-02', to: '2025-04' })).toBe('2025年2—4月')
    expect(periodLabel({ from: '2025-01', to: '2025-12' })).toBe('2025年')
    expect(periodLabel({ from: '2024-07', to: '2025-06' })).toBe('2024年7月—2025年6月')
    expect(periodLabel({ from: '2023-01', to: '2025-12' })).toBe('2023—2025年')
    expect(periodLabel({ from: '2024-12', to: '2025-01' })).toBe('2024年12月—2025年1月')
  })

  it('adds the day the figures run to when the last month is not over', () => {
    expect(periodLabelAsOf({ from: '2026-01', to: '2026-05' }, '2026-05-20')).toBe('2026年1—5月（截至5月20日）')
    expect(periodLabelAsOf({ from: '2026-05', to: '2026-05' }, '2026-05-01')).toBe('2026年5月（截至5月1日）')
    expect(periodLabelAsOf({ from: '2025-01', to: '2025-06' }, null)).toBe('2025年1—6月')
  })

  it('refuses a range that is not one', () => {
    expect(() => periodLabel({ from: '2025-06', to: '2025-01' })).toThrow(RangeError)
    expect(() => periodLabel({ from: '2025-13', to: '2025-13' })).toThrow(RangeError)
  })
})

describe('the months compared (finishedPart)', () => {
  it('leaves out the month under way; the whole span when it is over; none when only that month', () => {
    const q2 = { from: '2026-04', to: '2026-06' }
    expect(finishedPart(q2, '2026-06')).toEqual({ from: '2026-04', to: '2026-05' })
    expect(finishedPart(q2, '2026-07')).toEqual(q2)
    expect(finishedPart({ from: '2026-06', to: '2026-06' }, '2026-06')).toBeNull()
    // compared by value, not identity: a copy of the span is the whole span
    expect(sameSpan(finishedPart(q2, '2026-07')!, { ...q2 })).toBe(true)
    expect(sameSpan(finishedPart(q2, '2026-06')!, q2)).toBe(false)
  })
})
