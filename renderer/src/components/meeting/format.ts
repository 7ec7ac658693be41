import { toZonedIso } from '../../../../shared/domain/month'
import { formatStreetTime, streetWallTime } from '../../../../shared/domain/street-time'

/** A stored time as the street reads it: 2026-12-03 09:30 (its own zone, whatever the machine's). */
export const streetTime = (iso: string | undefined, timeZone: string): string => formatStreetTime(iso, timeZone)

/** The wall clock in the street (YYYY-MM-DDTHH:mm) of a stored time: what the date picker edits. */
export const streetWallClock = (iso: string, timeZone: string): string => streetWallTime(iso, timeZone).slice(0, 16)

/** Tomorrow at 09:00 in the street: the first guess of a new meeting's time. */
export function defaultMeetingTime(timeZone: string, now: Date = new Date()): string {
  return `${toZonedIso(new Date(now.getTime() + 86_400_000), timeZone).slice(0, 10)}T09:00`
}
