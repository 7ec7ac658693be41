import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { applyToCounts, change, countFor, emptyCounts, formatChange, monthlyTrend, trendCompared } from '../../shared/domain/statistics'

const counts = (total: number, petition = 0): MonthCounts => ({
  total,
  byCategory: {},
  byChannel: petition ? { petition } : {},
  byStatus: {},
})

describe('change', () => {
  it('computes delta and a one-decimal percent from raw counts', () => {
    expect(change(30, 67)).toEqual({ delta: -37, percent: -55.2 })
    expect(change(29, 66)).toEqual({ delta: -37, percent: -56.1 })
    expect(change(12, 10)).toEqual({ delta: 2, percent: 20 })
    expect(change(10, 10)).toEqual({ delta: 0, percent: 0 })
  })

  it('has no percent over a zero base', () => {
    expect(change(5, 0)).toEqual({ delta: 5, percent: null })
    expect(change(0, 0)).toEqual({ delta: 0, percent: null })
  })

  it('rounds half away from zero', () => {
    // -1/8 = -12.5%, 1/8 = 12.5%; -111/200 = -55.5%
    expect(change(7, 8).percent).toBe(-12.5)
    expect(change(9, 8).percent).toBe(12.5)
    expect(change(89, 200).percent).toBe(-55.5)
    // 2/3 = 66.666.. -> 66.7 ; -1/3 -> -33.3
    expect(change(5, 3).percent).toBe(66.7)
    expect(change(2, 3).percent).toBe(-33.3)
  })

  it('formats as leaders read it', () => {
    expect(formatChange(change(30, 67))).toBe('-37 件, -55.2%')
    expect(formatChange(change(3, 0))).toBe('+3 件, —')
  })
})

describe('monthlyTrend', () => {
  it('gives 同比 and 环比 per month, across a year boundary', () => {
    const byMonth = {
      '2024-12': counts(8),
      '2025-01': counts(10),
      '2025-12': counts(4),
      '2026-01': counts(5),
    }
    const t = monthlyTrend(byMonth, '2025-12', '2026-01')
    expect(t.points.map((p) => p.month)).toEqual(['2025-12', '2026-01'])
    expect(t.points[0]).toMatchObject({ count: 4, yoy: { delta: -4, percent: -50 } })
    // 2026-01 mom compares with 2025-12 (the previous year)
    expect(t.points[1]).toMatchObject({ count: 5, yoy: { delta: -5, percent: -50 }, mom: { delta: 1, percent: 25 } })
    expect(t.total).toBe(9)
    expect(t.totalYoy).toEqual({ delta: -9, percent: -50 })
  })

  it('treats missing months as zero and gives null percent over a zero base', () => {
    const t = monthlyTrend({ '2026-03': counts(3) }, '2026-02', '2026-03')
    expect(t.points[0]).toMatchObject({ count: 0, yoy: { delta: 0, percent: null }, mom: { delta: 0, percent: null } })
    expect(t.points[1]).toMatchObject({ count: 3, yoy: { delta: 3, percent: null }, mom: { delta: 3, percent: null } })
    expect(t.totalYoy.percent).toBeNull()
  })

  it('counts only petitions under the petition scope (30 vs 67 -> -37, -55.2%)', () => {
    const byMonth: Record<string, MonthCounts> = {}
    // 67 petitions spread over 2025, 30 over 2026
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0')
      byMonth[`2025-${mm}`] = counts(40, m <= 7 ? 6 : 5) // 7*6 + 5*5 = 67
      byMonth[`2026-${mm}`] = counts(25, m <= 6 ? 3 : 2) // 6*3 + 6*2 = 30
    }
    const t = monthlyTrend(byMonth, '2026-01', '2026-12', 'petition')
    expect(t.total).toBe(30)
    expect(t.totalYoy).toEqual({ delta: -37, percent: -55.2 })
    const all = monthlyTrend(byMonth, '2026-01', '2026-12', 'all')
    expect(all.totalYoy).toEqual({ delta: -180, percent: -37.5 })
  })
})

describe('counts', () => {
  it('adds and removes a demand', () => {
    const d = { category: 'parking', channel: 'petition', status: 'called' } as const
    const one = applyToCounts(emptyCounts(), d, 1)
    expect(one).toEqual({ total: 1, byCategory: { parking: 1 }, byChannel: { petition: 1 }, byStatus: { called: 1 } })
    expect(countFor(one, 'petition')).toBe(1)
    expect(applyToCounts(one, d, -1)).toEqual(emptyCounts())
    expect(countFor(undefined, 'all')).toBe(0)
  })
})

describe('trendCompared (the month under way is counted, not compared)', () => {
  // 2025-09..2025-12 against 2024: 5, 4, 6, 2 (December to the 2nd) vs 10, 8, 3, 9.
  const byMonth: Record<string, MonthCounts> = {
    '2024-09': counts(10),
    '2024-10': counts(8),
    '2024-11': counts(3),
    '2024-12': counts(9),
    '2025-09': counts(5),
    '2025-10': counts(4),
    '2025-11': counts(6),
    '2025-12': counts(2),
  }
  const trend = monthlyTrend(byMonth, '2025-09', '2025-12')

  it('on 2 December compares September–November only: 15 vs 21, and November against October', () => {
    const c = trendCompared(trend, '2025-12')
    expect(c.compared).toEqual({ from: '2025-09', to: '2025-11' })
    expect(c.running).toBe('2025-12')
    expect(c.count).toBe(15)
    expect(c.totalYoy).toEqual({ delta: -6, percent: -28.6 })
    expect(c.lastCompared).toMatchObject({ month: '2025-11', count: 6, mom: { delta: 2, percent: 50 } })
    // the whole range would have read 17 vs 30 (−43.3%), a December of two days against a whole one
    expect(trend.totalYoy).toEqual({ delta: -13, percent: -43.3 })
  })

  it('in January compares the whole range; a range of only the month under way compares nothing', () => {
    const whole = trendCompared(trend, '2026-01')
    expect(whole).toMatchObject({ compared: { from: '2025-09', to: '2025-12' }, running: null, count: 17, totalYoy: trend.totalYoy })
    expect(whole.lastCompared?.month).toBe('2025-12')
    const december = trendCompared(monthlyTrend(byMonth, '2025-12', '2025-12'), '2025-12')
    expect(december).toEqual({ compared: null, running: '2025-12', count: 2, totalYoy: null, lastCompared: null })
  })

  it('without a clock (null) compares the whole range, and an empty trend compares nothing', () => {
    expect(trendCompared(trend, null)).toMatchObject({ running: null, count: 17 })
    expect(trendCompared({ points: [], total: 0, totalYoy: change(0, 0) }, '2025-12').compared).toBeNull()
  })
})
