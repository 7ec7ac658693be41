import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { applyToCounts, change, countFor, emptyCounts, formatChange, monthlyTrend } from '../../shared/domain/statistics'

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
