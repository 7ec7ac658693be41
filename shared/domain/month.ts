// Months are 'YYYY-MM' strings in the street's time zone (China Standard Time); demands are
// partitioned and counted by them. A time written with any offset counts in the month (and day)
// it falls in *in the street*: 2025-03-31T16:30:00Z is 00:30 on 1 April in China, so April.
// A time without an offset is a wall-clock time in the street's zone.

/** The street's time zone. Not a setting yet: every street office is in China. */
export const STREET_TIME_ZONE = 'Asia/Shanghai'

export function isMonth(value: string): boolean {
  // YYYY-MM with MM 01..12, by character codes rather than a regular expression: the summary's months are checked on the cold-open
  // path, where compiling the regular expression cost more than the check (~0.7 ms).
  if (typeof value !== 'string' || value.length !== 7 || value.charCodeAt(4) !== 45) return false
  for (const i of [0, 1, 2, 3, 5, 6]) {
    const c = value.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  const month = (value.charCodeAt(5) - 48) * 10 + (value.charCodeAt(6) - 48)
  return month >= 1 && month <= 12
}

/** An ISO time ends with its offset (Z, +08:00, +0800). */
const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i
const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/

export function hasOffset(iso: string): boolean {
  return OFFSET_RE.test(iso)
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, f)
  }
  return f
}

/** The wall clock of an instant in a time zone. */
export function wallClockIn(date: Date, tz: string = STREET_TIME_ZONE): WallClock {
  const ms = date.getTime()
  if (ms >= CACHED_FROM && ms < CACHED_TO) {
    const offset = hourOffsetMs(ms, tz)
    if (offset !== null) {
      // Intl shows whole seconds: the wall clock of the second the instant is in
      const w = new Date(Math.floor(ms / 1000) * 1000 + offset)
      return { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours(), minute: w.getUTCMinutes(), second: w.getUTCSeconds() }
    }
  }
  return intlWallClock(date, tz)
}

function intlWallClock(date: Date, tz: string): WallClock {
  const out: Record<string, number> = {}
  for (const p of formatter(tz).formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second }
}

// A zone's offset per UTC hour: the Intl lookup costs microseconds, and imports, rebuilds and
// searches ask for the day of hundreds of thousands of times. An hour whose two ends have
// different offsets (a zone change inside it) is looked up per instant. Years 1900–9999 only.
const HOUR_MS = 3_600_000
const CACHED_FROM = Date.UTC(1900, 0, 1)
const CACHED_TO = Date.UTC(9999, 0, 1)
const hourOffsets = new Map<string, Map<number, number | null>>()

// Before the hours, the UTC day: a day whose offset is the same at its start, noon and end has
// that offset throughout (no zone changes twice within twelve hours), so ten years of times need
// about 11k lookups instead of two per distinct hour (the rates convert every task's done time).
const DAY_MS = 86_400_000
const dayOffsets = new Map<string, Map<number, number | null>>()

function dayOffsetMs(ms: number, tz: string): number | null {
  let zone = dayOffsets.get(tz)
  if (!zone) dayOffsets.set(tz, (zone = new Map()))
  const day = Math.floor(ms / DAY_MS)
  let offset = zone.get(day)
  if (offset === undefined) {
    const start = exactOffsetMs(day * DAY_MS, tz)
    offset = start === exactOffsetMs(day * DAY_MS + DAY_MS / 2, tz) && start === exactOffsetMs(day * DAY_MS + DAY_MS - 1000, tz) ? start : null
    if (zone.size >= 50_000) zone.clear()
    zone.set(day, offset)
  }
  return offset
}

function hourOffsetMs(ms: number, tz: string): number | null {
  const whole = dayOffsetMs(ms, tz)
  if (whole !== null) return whole
  let zone = hourOffsets.get(tz)
  if (!zone) hourOffsets.set(tz, (zone = new Map()))
  const hour = Math.floor(ms / HOUR_MS)
  let offset = zone.get(hour)
  if (offset === undefined) {
    const start = exactOffsetMs(hour * HOUR_MS, tz)
    offset = start === exactOffsetMs(hour * HOUR_MS + HOUR_MS - 1000, tz) ? start : null
    if (zone.size >= 200_000) zone.clear()
    zone.set(hour, offset)
  }
  return offset
}

/** Wall clock minus UTC at a whole second, in ms (Intl's own answer, seconds included). */
function exactOffsetMs(ms: number, tz: string): number {
  const w = intlWallClock(new Date(ms), tz)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms
}

/** Minutes the zone is ahead of UTC at that instant (Asia/Shanghai: 480). */
export function offsetMinutesIn(date: Date, tz: string = STREET_TIME_ZONE): number {
  const w = wallClockIn(date, tz)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000)
}

/** The instant whose wall clock in `tz` is the given one (month/day may overflow, like Date.UTC). */
export function zonedTime(year: number, month: number, day = 1, hour = 0, minute = 0, second = 0, tz: string = STREET_TIME_ZONE): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second)
  let t = asUtc - offsetMinutesIn(new Date(asUtc), tz) * 60_000
  t = asUtc - offsetMinutesIn(new Date(t), tz) * 60_000
  return new Date(t)
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-11-26T09:30:00+08:00. */
export function toZonedIso(date: Date, tz: string = STREET_TIME_ZONE): string {
  const w = wallClockIn(date, tz)
  const offset = offsetMinutesIn(date, tz)
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}

/**
 * A time without an offset, read as wall-clock time in `tz`, written with that zone's offset
 * (2025-04-01T00:30 -> 2025-04-01T00:30:00+08:00). A time with an offset is returned as it is;
 * anything unreadable too (the caller's schema refuses it).
 */
export function withStreetOffset(iso: string, tz: string = STREET_TIME_ZONE): string {
  if (hasOffset(iso)) return iso
  const m = WALL_RE.exec(iso)
  if (!m) return iso
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  return toZonedIso(zonedTime(+y, +mo, +d, +h, +mi, +s, tz), tz)
}

/** The calendar day (YYYY-MM-DD) of a time in the street's zone, whatever offset it is written with. */
export function dayOf(isoTime: string, tz: string = STREET_TIME_ZONE): string {
  if (!hasOffset(isoTime)) return isoTime.slice(0, 10)
  const ms = Date.parse(isoTime)
  if (Number.isNaN(ms)) return isoTime.slice(0, 10)
  const w = wallClockIn(new Date(ms), tz)
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`
}

/** The month (YYYY-MM) of a time in the street's zone, whatever offset it is written with. */
export function monthOf(isoTime: string, tz: string = STREET_TIME_ZONE): string {
  return dayOf(isoTime, tz).slice(0, 7)
}

// 'YYYY-MM' by year * 12 + month index: the month text of an instant without making it each time
const monthTexts = new Map<number, string>()

/**
 * monthOf for an instant given in ms (Date.parse of a time with its offset): the same month, with
 * no text parsed and no wall-clock object made (an import asks it for every row).
 */
export function monthOfInstant(ms: number, tz: string = STREET_TIME_ZONE): string {
  const offset = ms >= CACHED_FROM && ms < CACHED_TO ? hourOffsetMs(ms, tz) : null
  let year: number
  let month: number
  if (offset === null) {
    const w = wallClockIn(new Date(ms), tz)
    year = w.year
    month = w.month - 1
  } else {
    // the civil date of a day number (H. Hinnant's days_from_civil inverse), no Date per call
    const z = Math.floor((Math.floor(ms / 1000) * 1000 + offset) / 86_400_000) + 719_468
    const era = Math.floor(z / 146_097)
    const doe = z - era * 146_097
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
    const mp = Math.floor((5 * doy + 2) / 153)
    month = mp < 10 ? mp + 2 : mp - 10
    year = yoe + era * 400 + (month < 2 ? 1 : 0)
  }
  const key = year * 12 + month
  let text = monthTexts.get(key)
  if (text === undefined) {
    text = `${pad(year, 4)}-${pad(month + 1)}`
    if (monthTexts.size > 10_000) monthTexts.clear()
    monthTexts.set(key, text)
  }
  return text
}

export function addMonths(month: string, delta: number): string {
  // YYYY-MM: fixed positions (called a few hundred times per chart)
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  const index = y * 12 + (m - 1) + delta
  const year = Math.floor(index / 12)
  const mm = (index % 12) + 1
  return `${String(year).padStart(4, '0')}-${String(mm).padStart(2, '0')}`
}

/** The month (YYYY-MM) it is now in the street, whatever zone the machine is set to. */
export function currentMonth(now: Date = new Date(), tz: string = STREET_TIME_ZONE): string {
  const w = wallClockIn(now, tz)
  return `${pad(w.year, 4)}-${pad(w.month)}`
}

/** Inclusive list of months from..to; empty when to < from. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m)
  return out
}

/** ISO 8601 with the machine's local offset, e.g. 2026-11-26T09:30:00+08:00. */
export function toLocalIso(date: Date): string {
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}
