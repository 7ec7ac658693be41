import { describe, expect, it } from 'vitest'
import { formatStreetTime, streetWallTime } from '../../shared/domain/street-time'

// Shown times are the street's wall clock, as the services count days and months (month.ts).
describe('formatStreetTime', () => {
  it('shows an instant just after midnight in China on the China date, whatever offset it is written with', () => {
    // 16:30 UTC on 31 March is 00:30 on 1 April in China
    expect(formatStreetTime('2025-03-31T16:30:00Z')).toBe('2025-04-01 00:30')
    expect(formatStreetTime('2025-03-31T16:30:00Z', 'Asia/Shanghai', 'date')).toBe('2025-04-01')
    expect(formatStreetTime('2025-03-31T18:30:00+02:00', 'Asia/Shanghai')).toBe('2025-04-01 00:30')
    expect(formatStreetTime('2025-04-01T00:30:00+08:00', 'Asia/Shanghai')).toBe('2025-04-01 00:30')
    // and just before midnight UTC it is already morning there
    expect(formatStreetTime('2025-12-31T23:59:30Z', 'Asia/Shanghai', 'second')).toBe('2026-01-01 07:59:30')
  })

  it('follows the street zone, not the computer', () => {
    expect(formatStreetTime('2025-03-31T16:30:00Z', 'America/New_York')).toBe('2025-03-31 12:30')
    expect(formatStreetTime('2025-03-31T16:30:00Z', 'America/New_York', 'short')).toBe('03-31 12:30')
    expect(formatStreetTime('2025-03-31T16:30:00Z', 'Asia/Kathmandu')).toBe('2025-03-31 22:15')
  })

  it('has one shape per style', () => {
    const iso = '2026-11-26T09:05:07+08:00'
    expect(formatStreetTime(iso, 'Asia/Shanghai', 'minute')).toBe('2026-11-26 09:05')
    expect(formatStreetTime(iso, 'Asia/Shanghai', 'second')).toBe('2026-11-26 09:05:07')
    expect(formatStreetTime(iso, 'Asia/Shanghai', 'date')).toBe('2026-11-26')
    expect(formatStreetTime(iso, 'Asia/Shanghai', 'short')).toBe('11-26 09:05')
  })

  it('shows nothing for no value and unreadable text as it is', () => {
    expect(formatStreetTime(undefined)).toBe('')
    expect(formatStreetTime(null)).toBe('')
    expect(formatStreetTime('')).toBe('')
    expect(formatStreetTime('not a time')).toBe('not a time')
  })
})

describe('streetWallTime', () => {
  it("gives a form's picker the street's wall clock, from a stored time or a Date, whatever offset", () => {
    expect(streetWallTime('2025-03-31T16:30:05Z')).toBe('2025-04-01T00:30:05')
    expect(streetWallTime('2025-04-01T00:30:05+08:00')).toBe('2025-04-01T00:30:05')
    expect(streetWallTime(new Date(Date.UTC(2025, 2, 31, 16, 30, 5)))).toBe('2025-04-01T00:30:05')
    expect(streetWallTime('2025-03-31T16:30:05Z', 'America/New_York')).toBe('2025-03-31T12:30:05')
  })

  it('is empty for no time and for text that is no time', () => {
    expect(streetWallTime(null)).toBe('')
    expect(streetWallTime('')).toBe('')
    expect(streetWallTime('not a time')).toBe('')
    expect(streetWallTime(new Date(NaN))).toBe('')
  })
})
