// Months are 'YYYY-MM' strings in local (China Standard) time; demands are partitioned by them.

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value)
}

export function monthOf(isoTime: string): string {
  // Received times are ISO strings with the recorder's offset (toLocalIso). The month is the
  // wall-clock month written there, so it does not depend on the time zone of whoever reads it.
  return isoTime.slice(0, 7)
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + delta
  const year = Math.floor(index / 12)
  const mm = (index % 12) + 1
  return `${String(year).padStart(4, '0')}-${String(mm).padStart(2, '0')}`
}

/** Inclusive list of months from..to; empty when to < from. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m)
  return out
}

/** ISO 8601 with the machine's local offset, e.g. 2026-11-26T09:30:00+08:00. */
export function toLocalIso(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}
