// Periods of the leaders' dashboard (issue 12): presets resolved against "today" in the street's
// calendar, buckets by month / quarter / year, the comparison periods (同比, 环比) and the period
// wording of Chinese reports (2025年1—6月, 2025年第一季度, 2025年, 2025年3月).
import { addMonths, isMonth } from './month'

export const PERIOD_PRESETS = ['thisMonth', 'thisQuarter', 'yearToDate', 'firstHalf', 'last12Months'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

export const PERIOD_PRESET_NAMES: Record<PeriodPreset, string> = {
  thisMonth: '本月',
  thisQuarter: '本季度',
  yearToDate: '本年累计',
  firstHalf: '上半年',
  last12Months: '近12个月',
}

export const GRANULARITIES = ['month', 'quarter', 'year'] as const
export type Granularity = (typeof GRANULARITIES)[number]

/** An inclusive range of months, YYYY-MM. */
export interface MonthSpan {
  from: string
  to: string
}

export interface ResolvedPeriod extends MonthSpan {
  /**
   * The street's day (YYYY-MM-DD) the figures run to when the range reaches the current month,
   * which is not over yet (its counts are partial); null when every month of the range is past.
   */
  asOf: string | null
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** YYYY-MM-DD that is a real calendar day (2024-02-29 yes, 2025-02-29 no). */
export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(`${m[1]}-${m[2]}`) && y >= 1
}

/** Days in a month YYYY-MM (leap years by the Gregorian rule). */
export function daysInMonth(month: string): number {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(m) ? 30 : 31
}

/** The last calendar day of a month, YYYY-MM-DD. */
export function lastDayOf(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`
}

/** Number of months in from..to (0 when to < from). */
export function monthCount(span: MonthSpan): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7))
  return Math.max(0, index(span.to) - index(span.from) + 1)
}

/** 1..4 */
export function quarterOf(month: string): number {
  return Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1
}

function quarterStart(month: string): string {
  return `${month.slice(0, 4)}-${String((quarterOf(month) - 1) * 3 + 1).padStart(2, '0')}`
}

/** The range's partial-month marker: `today` when the range reaches today's month, else null. */
export function asOfFor(span: MonthSpan, today: string): string | null {
  return span.to >= today.slice(0, 7) ? today : null
}

/**
 * A preset as a month range, given today (YYYY-MM-DD) in the street's calendar. No range runs past
 * the current month: a month still to come has no figures and would make every 同比 look like a
 * fall, so 本季度 in May is April–May and 上半年 in February is January–February.
 */
export function resolvePreset(preset: PeriodPreset, today: string): ResolvedPeriod {
  if (!isDay(today)) throw new RangeError(`not a day: ${today}`)
  const current = today.slice(0, 7)
  const year = current.slice(0, 4)
  let span: MonthSpan
  switch (preset) {
    case 'thisMonth':
      span = { from: current, to: current }
      break
    case 'thisQuarter':
      span = { from: quarterStart(current), to: current }
      break
    case 'yearToDate':
      span = { from: `${year}-01`, to: current }
      break
    case 'firstHalf':
      span = { from: `${year}-01`, to: current < `${year}-06` ? current : `${year}-06` }
      break
    case 'last12Months':
      span = { from: addMonths(current, -11), to: current }
      break
  }
  return { ...span, asOf: asOfFor(span, today) }
}

/**
 * Any range as the dashboard counts it: months after today's are dropped (they have no figures
 * yet, and 2026年 against 2025年 in May would compare 5 months with 12); null when the whole range
 * is still to come.
 */
export function clipToToday(span: MonthSpan, today: string): (ResolvedPeriod & { clipped: boolean }) | null {
  const current = today.slice(0, 7)
  if (span.from > current) return null
  const to = span.to > current ? current : span.to
  return { from: span.from, to, asOf: asOfFor({ from: span.from, to }, today), clipped: to !== span.to }
}

/**
 * The months of a span that 同比 and 环比 may compare: a month still under way (the current month,
 * counted to today) is left out, since its bases are whole months — 12月1—2日 against all of last
 * December would read as a fall of 97%. Null when nothing of the span is over yet.
 */
export function finishedPart(span: MonthSpan, currentMonth: string | null): MonthSpan | null {
  if (!currentMonth || span.to < currentMonth) return span
  if (span.from >= currentMonth) return null
  return { from: span.from, to: addMonths(currentMonth, -1) }
}

/** Whether two spans are the same months (finishedPart gives the span itself when all of it is over). */
export function sameSpan(a: MonthSpan, b: MonthSpan): boolean {
  return a.from === b.from && a.to === b.to
}

/** The same months one year earlier (the base of 同比). */
export function samePeriodLastYear(span: MonthSpan): MonthSpan {
  return { from: addMonths(span.from, -12), to: addMonths(span.to, -12) }
}

/** The months just before, as many as the span has (the base of 环比): 2025年1—6月 → 2024年7—12月. */
export function previousPeriod(span: MonthSpan): MonthSpan {
  const n = monthCount(span)
  return { from: addMonths(span.from, -n), to: addMonths(span.from, -1) }
}

export interface Bucket extends MonthSpan {
  /** 2025-03 (month), 2025-Q1 (quarter), 2025 (year). */
  key: string
  /** 2025年3月, 2025年第一季度, 2025年; a bucket the range cuts reads by its months (2025年2—3月). */
  label: string
  /** Whether the bucket covers its whole calendar quarter or year (a month always does). */
  complete: boolean
}

/**
 * The range cut into calendar months, quarters or years. The first and last bucket keep only the
 * range's months (2025-02..2025-07 by quarter: 2—3月, 第二季度, 7月), so no bucket counts a month
 * outside the range.
 */
export function bucketsOf(span: MonthSpan, granularity: Granularity): Bucket[] {
  const out: Bucket[] = []
  let start = span.from
  while (start <= span.to) {
    const unitStart = granularity === 'month' ? start : granularity === 'quarter' ? quarterStart(start) : `${start.slice(0, 4)}-01`
    const unitEnd = granularity === 'month' ? start : granularity === 'quarter' ? addMonths(unitStart, 2) : `${start.slice(0, 4)}-12`
    const end = unitEnd < span.to ? unitEnd : span.to
    const key = granularity === 'month' ? start : granularity === 'quarter' ? `${start.slice(0, 4)}-Q${quarterOf(start)}` : start.slice(0, 4)
    out.push({ key, from: start, to: end, label: periodLabel({ from: start, to: end }), complete: start === unitStart && end === unitEnd })
    start = addMonths(end, 1)
  }
  return out
}

const QUARTER_NAMES = ['一', '二', '三', '四']

/**
 * A month range as Chinese reports write it: 2025年3月, 2025年第一季度, 2025年, 2025年1—6月,
 * 2023—2025年, 2024年7月—2025年6月 (the dash is "—", U+2014).
 */
export function periodLabel(span: MonthSpan): string {
  if (!isMonth(span.from) || !isMonth(span.to) || span.to < span.from) throw new RangeError(`not a month range: ${span.from}..${span.to}`)
  const [fy, fm] = [Number(span.from.slice(0, 4)), Number(span.from.slice(5, 7))]
  const [ty, tm] = [Number(span.to.slice(0, 4)), Number(span.to.slice(5, 7))]
  if (fy === ty) {
    if (fm === tm) return `${fy}年${fm}月`
    if (fm === 1 && tm === 12) return `${fy}年`
    if ((fm - 1) % 3 === 0 && tm === fm + 2) return `${fy}年第${QUARTER_NAMES[(fm - 1) / 3]}季度`
    return `${fy}年${fm}—${tm}月`
  }
  if (fm === 1 && tm === 12) return `${fy}—${ty}年`
  return `${fy}年${fm}月—${ty}年${tm}月`
}

/** The label with the partial-month note leaders need: 2026年1—5月（截至5月20日）. */
export function periodLabelAsOf(span: MonthSpan, asOf: string | null): string {
  const label = periodLabel(span)
  if (!asOf) return label
  return `${label}（截至${Number(asOf.slice(5, 7))}月${Number(asOf.slice(8, 10))}日）`
}
