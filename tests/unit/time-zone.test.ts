import { describe, expect, it } from 'vitest'
import { dayOf, monthOf, monthOfInstant, offsetMinutesIn, STREET_TIME_ZONE, toZonedIso, withStreetOffset, zonedTime } from '../../shared/domain/month'
import { generateSampleDemands, SAMPLE_COMMUNITIES } from '../../electron/services/sample-street'
import { parseDemandId } from '../../electron/data/paths'

describe('street time zone', () => {
  it('is China Standard Time', () => {
    expect(STREET_TIME_ZONE).toBe('Asia/Shanghai')
    expect(offsetMinutesIn(new Date('2025-07-01T00:00:00Z'))).toBe(480)
  })

  it('counts a time in the month and day it falls in, in the street, whatever its offset', () => {
    expect(monthOf('2025-03-31T16:30:00Z')).toBe('2025-04')
    expect(dayOf('2025-03-31T16:30:00Z')).toBe('2025-04-01')
    expect(monthOf('2025-03-31T15:59:59Z')).toBe('2025-03')
    expect(monthOf('2025-03-31T18:30:00+02:00')).toBe('2025-04')
    expect(monthOf('2025-04-01T00:30:00+08:00')).toBe('2025-04')
    expect(monthOf('2025-04-01T00:30:00+0800')).toBe('2025-04')
    expect(monthOf('2025-03-31T20:00:00-05:00')).toBe('2025-04') // 09:00 on 1 April in China
    // Without an offset: a wall-clock time in the street.
    expect(monthOf('2025-03-31T23:59:00')).toBe('2025-03')
    // Another zone on request.
    expect(monthOf('2025-03-31T16:30:00Z', 'UTC')).toBe('2025-03')
  })

  it('gives an instant the same month by its ms as monthOf does by its text', () => {
    // around month ends, in zones with whole, half and quarter hours and daylight saving
    for (const tz of ['Asia/Shanghai', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe']) {
      for (let t = Date.parse('2025-01-31T00:00:00Z'); t < Date.parse('2025-12-01T00:00:00Z'); t += 7 * 60 * 60_000 + 13 * 60_000 + 7_000) {
        const iso = new Date(t).toISOString()
        expect(monthOfInstant(t, tz), `${iso} ${tz}`).toBe(monthOf(iso, tz))
      }
    }
    // leap and century years, far from now
    for (let t = Date.parse('1901-01-01T00:00:00Z'); t < Date.parse('2405-01-01T00:00:00Z'); t += 29 * 86_400_000 + 17 * 3_600_000 + 11 * 60_000) {
      expect(monthOfInstant(t), new Date(t).toISOString()).toBe(monthOf(new Date(t).toISOString()))
    }
    expect(monthOfInstant(Date.parse('2025-03-31T16:30:00Z'))).toBe('2025-04')
    expect(monthOfInstant(Date.parse('2025-03-31T15:59:59Z'))).toBe('2025-03')
  })

  it('writes times with the street offset and reads wall-clock times there', () => {
    expect(toZonedIso(new Date('2025-03-31T16:30:00Z'))).toBe('2025-04-01T00:30:00+08:00')
    expect(zonedTime(2025, 4, 1, 0, 30).toISOString()).toBe('2025-03-31T16:30:00.000Z')
    expect(zonedTime(2025, 13, 1).toISOString()).toBe('2025-12-31T16:00:00.000Z')
    expect(withStreetOffset('2025-04-01T00:30')).toBe('2025-04-01T00:30:00+08:00')
    expect(withStreetOffset('2025-04-01T00:30:00Z')).toBe('2025-04-01T00:30:00Z')
  })

  it('generates sample demands in the partition of their street month, with the street offset', () => {
    const communities = SAMPLE_COMMUNITIES.slice(0, 2).map((c) => ({ ...c, sample: true }))
    const demands = generateSampleDemands(communities, new Date('2026-05-20T02:00:00Z'))
    expect(demands.length).toBeGreaterThan(100)
    for (const d of demands) {
      expect(parseDemandId(d.id)!.month).toBe(monthOf(d.receivedAt))
      expect(d.receivedAt).toMatch(/\+08:00$/)
    }
  })
})
