// The year grid of 历史统计数 (issue 12), pure: twelve rows (January to December) of text fields,
// filled from the stored counts; each row's errors (the domain's rules, zh-CN, naming the field);
// the batch history:save takes (rows changed, with the revisions read).
import type { InputOf } from '../../../../shared/contract'
import { countProblems, type HistoricalCount } from '../../../../shared/domain/historical-counts'

export interface GridRow {
  month: string
  petitions: string
  demands: string
  note: string
  stored: HistoricalCount | null
  /** The month has demand records: they win, a count here is kept but not used. */
  superseded: boolean
  future: boolean
}

export type RowErrors = Partial<Record<'petitions' | 'demands' | 'note', string>>

export function gridRows(year: number, stored: ReadonlyMap<string, HistoricalCount>, superseded: ReadonlySet<string>, thisMonth: string): GridRow[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`
    const s = stored.get(month) ?? null
    return {
      month,
      petitions: s ? String(s.petitions) : '',
      demands: s ? String(s.demands) : '',
      note: s?.note ?? '',
      stored: s,
      superseded: superseded.has(month),
      future: month > thisMonth,
    }
  })
}

/** A typed count: a whole number ≥ 0 (spaces and 件 allowed), or null; '' stays ''. */
export function typedCount(text: string): number | null | '' {
  const t = text.replace(/[\s,，]/g, '').replace(/件$/, '')
  if (!t) return ''
  return /^\d{1,9}$/.test(t) ? Number(t) : null
}

export const isBlank = (r: GridRow) => !r.petitions.trim() && !r.demands.trim() && !r.note.trim()

/** Whether the row differs from what is stored (a blank new row does not). */
export function isChanged(r: GridRow): boolean {
  if (!r.stored) return !isBlank(r)
  return r.petitions.trim() !== String(r.stored.petitions) || r.demands.trim() !== String(r.stored.demands) || r.note.trim() !== (r.stored.note ?? '')
}

export function rowErrors(r: GridRow, thisMonth: string, messages: { both: string; petitions: string; demands: string }): RowErrors {
  if (!isChanged(r)) return {}
  const p = typedCount(r.petitions)
  const d = typedCount(r.demands)
  const out: RowErrors = {}
  if (p === null) out.petitions = messages.petitions
  if (d === null) out.demands = messages.demands
  if (p === '' || d === '') {
    // Clearing a stored month is a removal (its own button, with a confirmation).
    if (p === '') out.petitions ??= messages.both
    if (d === '') out.demands ??= messages.both
  }
  if (Object.keys(out).length) return out
  for (const problem of countProblems({ month: r.month, petitions: p as number, demands: d as number, note: r.note.trim() || undefined }, thisMonth)) {
    const field = problem.field === 'month' ? 'petitions' : problem.field
    out[field] ??= problem.message
  }
  return out
}

/** The changed rows as history:save's months (each with the revision read, when stored). */
export function changedMonths(rows: readonly GridRow[]): InputOf<'history:save'>['months'] {
  return rows.filter(isChanged).map((r) => ({
    month: r.month,
    petitions: typedCount(r.petitions) as number,
    demands: typedCount(r.demands) as number,
    ...(r.note.trim() ? { note: r.note.trim() } : {}),
    ...(r.stored ? { revision: r.stored.revision } : {}),
  }))
}
