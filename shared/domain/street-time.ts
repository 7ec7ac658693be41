// Times as the street's wall clock, for display. Services count months and days in the street's
// time zone (month.ts); showing a stored instant in the computer's own zone would put a call at
// 00:30 on 1 April (China) under 31 March on a laptop set to another zone, next to a count that
// has it in April. Every time the renderer shows goes through here (use-street-time.ts).
import { STREET_TIME_ZONE, toZonedIso, wallClockIn } from './month'

/**
 * - `minute`: 2025-04-01 00:30 (lists, drawers)
 * - `second`: 2025-04-01 00:30:05 (audit log, backups)
 * - `date`: 2025-04-01
 * - `short`: 04-01 00:30 (compact queues, within the year at hand)
 */
export type StreetTimeStyle = 'minute' | 'second' | 'date' | 'short'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * An ISO instant (any offset) as the wall clock in `tz`. Empty for no value; text that is no
 * time is shown as it is (never "Invalid Date").
 */
export function formatStreetTime(iso: string | null | undefined, tz: string = STREET_TIME_ZONE, style: StreetTimeStyle = 'minute'): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const w = wallClockIn(new Date(ms), tz)
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`
  const time = `${pad(w.hour)}:${pad(w.minute)}`
  switch (style) {
    case 'date':
      return date
    case 'second':
      return `${date} ${time}:${pad(w.second)}`
    case 'short':
      return `${pad(w.month)}-${pad(w.day)} ${time}`
    default:
      return `${date} ${time}`
  }
}

/**
 * An instant as the street's wall clock the way a form's picker holds it (value-format
 * YYYY-MM-DDTHH:mm:ss): a stored 2025-03-31T16:30:00Z reads 2025-04-01T00:30:00 in China, whatever
 * zone the computer is set to. '' for no time or text that is no time.
 */
export function streetWallTime(at: string | Date | null | undefined, tz: string = STREET_TIME_ZONE): string {
  if (!at) return ''
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime()
  return Number.isNaN(ms) ? '' : toZonedIso(new Date(ms), tz).slice(0, 19)
}
