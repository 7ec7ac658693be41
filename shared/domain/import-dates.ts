// Dates as people and spreadsheets write them: 2025/3/5, 2025-03-05, 2025.3.5, 2025年3月5日,
// with or without a time (9:30, 09:30:15, 9时30分), Excel serial numbers (45721 or 45721.5) and
// Date cells. The result is a wall-clock time with the street's offset (shared/domain/month.ts):
// a time without an offset is read in the street's time zone, one with an offset kept as written.
import { STREET_TIME_ZONE, withStreetOffset } from './month'

export type DateParse = { ok: true; iso: string } | { ok: false; message: string }

/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug makes serial 60 the phantom 29 Feb). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000
/** 1 = 1900-01-01 … 2958465 = 9999-12-31, Excel's own range. */
const SERIAL_MIN = 1
const SERIAL_MAX = 2_958_465

const DATE_RE =
  /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:(?:\s+|T|\s*日?\s*)(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d{1,3})?\s*秒?)?\s*分?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i
const SERIAL_RE = /^\d{1,7}(\.\d+)?$/

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

const FORMAT_HINT = '日期格式无法识别（可写 2025-03-05、2025/3/5、2025年3月5日，可带时间 9:30）'

// The street's offset of a wall-clock time, cached per day with the day's text: an import reads
// thousands of times and the zone lookup (Intl) is the costly part. A day whose offset differs at
// its start and end (a daylight-saving change, in zones that have one) is looked up per hour.
// Keyed by number (no key string per row); `offset` null = look up per hour.
interface DayEntry {
  date: string
  /** `${date}T` */
  prefix: string
  /** the day's midnight as written here (dates without a time are common: made once) */
  midnight?: string
  offset: string | null
  /** the offset in ms (null: look it up per hour, or an offset this does not read) */
  offsetMs: number | null
}
const dayCache = new Map<string, Map<number, DayEntry>>()
function lookup(date: string, hour: number, tz: string): string {
  return withStreetOffset(`${date}T${pad(hour)}:00:00`, tz).slice(19)
}
function dayEntry(y: number, mo: number, d: number, tz: string): DayEntry {
  let zone = dayCache.get(tz)
  if (!zone) dayCache.set(tz, (zone = new Map()))
  const key = y * 10_000 + mo * 100 + d
  let day = zone.get(key)
  if (day === undefined) {
    const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`
    const start = lookup(date, 0, tz)
    const offset = start === lookup(date, 23, tz) ? start : null
    day = { date, prefix: `${date}T`, offset, offsetMs: offset === null ? null : offsetMsOf(offset) }
    if (zone.size > 50_000) zone.clear()
    zone.set(key, day)
  }
  return day
}

/** 'Z' or ±HH:MM in ms east of UTC; null for anything else (left to Date.parse). */
function offsetMsOf(offset: string): number | null {
  if (offset === 'Z') return 0
  const m = /^([+-])([01]\d|2[0-3]):([0-5]\d)$/.exec(offset)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : null
}

// The instant of the time the last successful call returned: Date.parse of its text, worked out
// from the fields (an import reads thousands of times, and Date.parse of the text was a sixth of
// a row's check). Read at once with lastImportDateMs.
let lastMs = NaN

/** Date.parse of the `iso` the last successful parseImportDate (fromExcelSerial, fromDateCell) returned. */
export function lastImportDateMs(): number {
  return lastMs
}

// '00'…'59' (hours, minutes, seconds) without a padStart per field
const TWO = Array.from({ length: 60 }, (_, i) => pad(i))
// 'HH:MM:SS' by second of the day, made once each (a time was four strings per row)
const TIMES: string[] = []
function timeText(h: number, mi: number, s: number): string {
  const i = h * 3600 + mi * 60 + s
  return (TIMES[i] ??= `${TWO[h]}:${TWO[mi]}:${TWO[s]}`)
}

const daysIn = (y: number, mo: number) => (mo === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31)

function wallIso(y: number, mo: number, d: number, h: number, mi: number, s: number, offset: string | undefined, tz: string): DateParse {
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return { ok: false, message: '日期或时间超出范围' }
  // 2025/2/30 does not exist (the proleptic Gregorian calendar, as Date.UTC has it)
  if (d > daysIn(y, mo)) return { ok: false, message: `日期不存在：${y}年${mo}月${d}日` }
  const time = timeText(h, mi, s)
  if (offset) {
    const normal = offset.toUpperCase() === 'Z' ? 'Z' : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`
    const iso = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${time}${normal}`
    lastMs = Date.parse(iso)
    return { ok: true, iso }
  }
  const day = dayEntry(y, mo, d, tz)
  const iso = h + mi + s === 0 && day.offset !== null ? (day.midnight ??= day.prefix + time + day.offset) : day.prefix + time + (day.offset ?? lookup(day.date, h, tz))
  lastMs = day.offsetMs === null ? Date.parse(iso) : Date.UTC(y, mo - 1, d, h, mi, s) - day.offsetMs
  return { ok: true, iso }
}

// The two shapes 12345 exports and Excel's text dates have most (2025/3/5 9:30, 2025-03-05
// 09:30:15, 2025年3月5日), read by character codes: the regular expression with its optional
// groups was half of a row's check. Anything else, or anything this scanner is unsure of, goes
// to DATE_RE, which accepts a superset of these; both give the same fields (a unit test compares).
const C0 = 48
function digitsAt(t: string, i: number, min: number, max: number): number {
  let n = 0
  while (n < max && i + n < t.length) {
    const c = t.charCodeAt(i + n)
    if (c < C0 || c > C0 + 9) break
    n++
  }
  return n >= min ? n : 0
}
function num(t: string, i: number, n: number): number {
  let v = 0
  for (let k = 0; k < n; k++) v = v * 10 + (t.charCodeAt(i + k) - C0)
  return v
}
const QUICK = [0, 0, 0, 0, 0, 0]
function fill(y: number, mo: number, d: number, h: number, mi: number, s: number): true {
  QUICK[0] = y
  QUICK[1] = mo
  QUICK[2] = d
  QUICK[3] = h
  QUICK[4] = mi
  QUICK[5] = s
  return true
}
const [YEAR, MONTH, DAY, DASH, SLASH, DOT, SPACE, COLON] = [...'年月日-/. :'].map((c) => c.charCodeAt(0))
/** Fills QUICK with [y, mo, d, h, mi, s] of a common shape; false: the regular expression decides. */
function quickFields(t: string): boolean {
  if (digitsAt(t, 0, 4, 4) !== 4 || t.length < 8) return false
  // by character code (no one-character string per look)
  const sep = t.charCodeAt(4)
  const cjk = sep === YEAR
  if (!cjk && sep !== DASH && sep !== SLASH && sep !== DOT) return false
  let i = 5
  const nm = digitsAt(t, i, 1, 2)
  if (!nm) return false
  const mo = num(t, i, nm)
  i += nm
  if (t.charCodeAt(i) !== (cjk ? MONTH : sep)) return false
  i++
  const nd = digitsAt(t, i, 1, 2)
  if (!nd) return false
  const d = num(t, i, nd)
  i += nd
  if (cjk) {
    if (t.charCodeAt(i) !== DAY) return false
    i++
  }
  if (i === t.length) return fill(num(t, 0, 4), mo, d, 0, 0, 0)
  if (cjk || t.charCodeAt(i) !== SPACE) return false
  i++
  const nh = digitsAt(t, i, 1, 2)
  if (!nh || t.charCodeAt(i + nh) !== COLON) return false
  const h = num(t, i, nh)
  i += nh + 1
  if (digitsAt(t, i, 2, 2) !== 2) return false
  const mi = num(t, i, 2)
  i += 2
  let s = 0
  if (i < t.length) {
    if (t.charCodeAt(i) !== COLON || digitsAt(t, i + 1, 2, 2) !== 2 || i + 3 !== t.length) return false
    s = num(t, i + 1, 2)
  }
  return fill(num(t, 0, 4), mo, d, h, mi, s)
}
/** An Excel serial (days since 1899-12-30, fraction = time of day) as a street wall-clock time. */
export function fromExcelSerial(serial: number, tz: string = STREET_TIME_ZONE): DateParse {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) return { ok: false, message: FORMAT_HINT }
  // Round to the second: 0.375 days is 09:00:00, not 08:59:59.999.
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000
  const t = new Date(EXCEL_EPOCH_MS + ms)
  return wallIso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(), undefined, tz)
}

/**
 * A Date cell. Spreadsheet readers (exceljs) hand dates over as the wall clock shown in the
 * sheet, stored in the Date's UTC fields: read those fields as a time in the street.
 */
export function fromDateCell(value: Date, tz: string = STREET_TIME_ZONE): DateParse {
  if (Number.isNaN(value.getTime())) return { ok: false, message: FORMAT_HINT }
  return wallIso(
    value.getUTCFullYear(),
    value.getUTCMonth() + 1,
    value.getUTCDate(),
    value.getUTCHours(),
    value.getUTCMinutes(),
    value.getUTCSeconds(),
    undefined,
    tz,
  )
}

/** Any cell value as a received time (in the street's zone `tz`); a zh-CN reason when it cannot be one. */
export function parseImportDate(value: unknown, tz: string = STREET_TIME_ZONE): DateParse {
  if (value instanceof Date) return fromDateCell(value, tz)
  if (typeof value === 'number') return fromExcelSerial(value, tz)
  if (typeof value !== 'string') return { ok: false, message: FORMAT_HINT }
  const text = value.trim()
  if (!text) return { ok: false, message: '请填写受理时间' }
  if (quickFields(text)) return wallIso(QUICK[0], QUICK[1], QUICK[2], QUICK[3], QUICK[4], QUICK[5], undefined, tz)
  if (SERIAL_RE.test(text)) return fromExcelSerial(Number(text), tz)
  const m = DATE_RE.exec(text)
  if (!m) return { ok: false, message: FORMAT_HINT }
  const [, y, mo, d, h = '0', mi = '0', s = '0', offset] = m
  return wallIso(+y, +mo, +d, +h, +mi, +s, offset, tz)
}

const MONTH_HINT = '月份格式无法识别（可写 2019-03、2019/3、2019年3月，或 Excel 日期）'
const MONTH_RE = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$/

export type MonthParse = { ok: true; month: string } | { ok: false; message: string }

/**
 * A month as the letters-and-visits office's sheets write it: 2019-03, 2019/3, 2019.3, 2019年3月,
 * a whole date (its month), an Excel serial or a Date cell (a month cell formatted "2019-03" is
 * a date on the 1st). Historical counts (issue 12) are read with this.
 */
export function parseImportMonth(value: unknown): MonthParse {
  if (typeof value === 'string') {
    const text = value.trim()
    if (!text) return { ok: false, message: '请填写月份' }
    const m = MONTH_RE.exec(text)
    if (m) {
      const mo = Number(m[2])
      return mo >= 1 && mo <= 12 ? { ok: true, month: `${m[1]}-${pad(mo)}` } : { ok: false, message: `月份“${text}”不存在（应为 1—12 月）` }
    }
  }
  if (value === null || value === undefined) return { ok: false, message: '请填写月份' }
  const d = parseImportDate(value)
  return d.ok ? { ok: true, month: d.iso.slice(0, 7) } : { ok: false, message: MONTH_HINT }
}
