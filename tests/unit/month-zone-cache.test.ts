// wallClockIn answers from a per-hour offset cache (shared/domain/month.ts); it must agree with a
// fresh Intl lookup everywhere, including the hours in which a zone changes its offset.
import { describe, expect, it } from 'vitest'
import { dayOf, offsetMinutesIn, wallClockIn } from '../../shared/domain/month'
import { mulberry32 } from '../../electron/services/sample-street'

const formats = new Map<string, Intl.DateTimeFormat>()
function intl(date: Date, tz: string) {
  const f = formats.get(tz) ?? new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
  formats.set(tz, f)
  const out: Record<string, number> = {}
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second }
}

// Shanghai (no change since 1991), zones with daylight saving (one with a 30-minute change),
// quarter-hour offsets, and Shanghai's own summer time of 1986–1991.
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Asia/Kolkata', 'America/St_Johns', 'UTC']

describe('wall clock in a zone (cached offsets)', () => {
  it('agrees with Intl at random instants from 1900 to 2100', () => {
    const random = mulberry32(20261130)
    const from = Date.UTC(1900, 0, 1)
    const to = Date.UTC(2100, 0, 1)
    for (const tz of ZONES) {
      for (let i = 0; i < 400; i++) {
        const date = new Date(from + Math.floor(random() * (to - from)))
        expect(wallClockIn(date, tz), `${tz} ${date.toISOString()}`).toEqual(intl(date, tz))
      }
    }
  })

  it('agrees with Intl minute by minute around offset changes (summer time, 1988 in China)', () => {
    const around = [
      ['America/New_York', Date.UTC(2025, 2, 9, 7)], // 02:00 EST → 03:00 EDT
      ['America/New_York', Date.UTC(2025, 10, 2, 6)], // 02:00 EDT → 01:00 EST
      ['Australia/Lord_Howe', Date.UTC(2025, 3, 5, 15)], // half-hour change
      ['Europe/London', Date.UTC(2025, 2, 30, 1)],
      ['Asia/Shanghai', Date.UTC(1988, 3, 16, 18)], // 1988-04-17 02:00 CST → 03:00 CDT
    ] as const
    for (const [tz, at] of around) {
      for (let m = -90; m <= 90; m++) {
        for (const s of [0, 29, 59]) {
          const date = new Date(at + m * 60_000 + s * 1000 + 500)
          expect(wallClockIn(date, tz), `${tz} ${date.toISOString()}`).toEqual(intl(date, tz))
        }
      }
    }
  })

  it('gives the street day and offset of times written with any offset', () => {
    expect(dayOf('2025-03-31T16:30:00Z')).toBe('2025-04-01')
    expect(dayOf('2025-03-31T15:59:59.999Z')).toBe('2025-03-31')
    expect(offsetMinutesIn(new Date('2025-06-01T00:00:00Z'))).toBe(480)
    expect(offsetMinutesIn(new Date('1988-06-01T00:00:00Z'))).toBe(540) // China's summer time
    expect(offsetMinutesIn(new Date('2025-07-01T00:00:00Z'), 'America/New_York')).toBe(-240)
  })

  it('still refuses an invalid date like Intl does', () => {
    expect(() => wallClockIn(new Date(NaN))).toThrow(RangeError)
  })
})
