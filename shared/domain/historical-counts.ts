// Historical counts (issue 12): months before the app was used have no demand records, so the
// letters-and-visits office's monthly sheets are entered (or imported) as counts per community and
// month: 信访量 (petitions) and 诉求量 (demands). Pure rules and the merge with the records' counts.
//
// THE MERGE RULE. For a community and month:
//  - if the records' derived counts for that month hold at least one demand (total > 0), the
//    records win: the month's figures are the records' and any entered count is ignored (kept,
//    shown as "superseded" on the history screen, never added to the records);
//  - only a month with no demand recorded uses the entered count.
// Whole months only: a month either comes from records or from counts, never a mix, so a chart
// can say which months come from counts. Enter counts for months wholly before the app was used;
// a month in which recording started is the records' (the save and the import warn about it).
//
// A counted month carries totals only: 诉求量 as the month's total and 信访量 as its 信访 channel
// (petitions are demands whose channel is 信访, the 'petition' scope of statistics.ts). It has no
// category, other channel, status or outcome, so shares by category/channel and the rates
// (办结率, 按期办结率, 满意率) leave counted months out rather than invent a breakdown.
import type { MonthCounts } from './entities'
import { isMonth } from './month'

/** Largest count accepted for one community and month (the office's sheets are far below this). */
export const HISTORY_COUNT_MAX = 100_000
export const HISTORY_NOTE_MAX = 200
/** The earliest month accepted: counts before it are almost surely a typing or date-cell slip. */
export const HISTORY_FIRST_MONTH = '1980-01'
/** Months in one save (ten years of months, with room). */
export const HISTORY_BATCH_MAX = 240

/** One community-month of entered counts, as the API returns it. */
export interface HistoricalCount {
  communityId: string
  /** YYYY-MM */
  month: string
  /** 信访量: demands whose channel is 信访 */
  petitions: number
  /** 诉求量: all demands of the month (petitions included) */
  demands: number
  note?: string
  /** The month's own revision (new: 1, +1 per change): a save names the revision it read. */
  revision: number
  updatedAt: string
  updatedBy: string
}

/** A month as stored in its community's sheet (the community is the sheet's). */
export type StoredMonth = Omit<HistoricalCount, 'communityId'>

/**
 * What is stored: one sheet per community (file history/<communityId>.json), so a batch of months
 * is one durable write: all of them or none. The sheet's own revision is the data layer's.
 */
export interface HistorySheet {
  /** = communityId */
  id: string
  communityId: string
  months: StoredMonth[]
  updatedAt: string
  revision: number
}

/** One month as entered (a save's row or an import's row). */
export interface CountEntry {
  month: string
  petitions: number
  demands: number
  note?: string
}

export interface CountProblem {
  field: 'month' | 'petitions' | 'demands' | 'note'
  message: string
}

const whole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

/** zh-CN problems of one entry; `thisMonth` is the street's current month (no future months). */
export function countProblems(e: CountEntry, thisMonth: string): CountProblem[] {
  const out: CountProblem[] = []
  if (typeof e.month !== 'string' || !isMonth(e.month)) out.push({ field: 'month', message: '月份须为 YYYY-MM，如 2019-03' })
  else if (e.month > thisMonth) out.push({ field: 'month', message: `月份 ${e.month} 尚未到来，不能填写` })
  else if (e.month < HISTORY_FIRST_MONTH) out.push({ field: 'month', message: `月份不能早于 ${HISTORY_FIRST_MONTH.slice(0, 4)} 年` })
  for (const [field, name] of [
    ['petitions', '信访量'],
    ['demands', '诉求量'],
  ] as const) {
    const v = e[field]
    if (!whole(v) || v < 0) out.push({ field, message: `${name}须为不小于 0 的整数` })
    else if (v > HISTORY_COUNT_MAX) out.push({ field, message: `${name}不能超过 ${HISTORY_COUNT_MAX}` })
  }
  if (whole(e.petitions) && whole(e.demands) && e.petitions >= 0 && e.petitions > e.demands) {
    out.push({ field: 'petitions', message: `信访量（${e.petitions}）不能大于诉求量（${e.demands}）：信访件也计入诉求量` })
  }
  if (e.note !== undefined && (typeof e.note !== 'string' || [...e.note].length > HISTORY_NOTE_MAX)) {
    out.push({ field: 'note', message: `备注不能超过 ${HISTORY_NOTE_MAX} 个字` })
  }
  return out
}

/** A counted month as derived counts: totals only (see the top of this file). */
export function countedMonth(c: Pick<CountEntry, 'petitions' | 'demands'>): MonthCounts {
  return { total: c.demands, byCategory: {}, byChannel: c.petitions ? { petition: c.petitions } : {}, byStatus: {} }
}

/** Whether the records hold any demand in this month (then the records win). */
export function hasRecords(c: MonthCounts | undefined): boolean {
  return !!c && c.total > 0
}

export interface MergedCounts {
  /** Per month: the records' counts, or for months with no record the entered counts. */
  counts: Record<string, MonthCounts>
  /** The months whose figures come from entered counts. */
  historical: ReadonlySet<string>
}

/**
 * The merge rule (top of this file): the records' months as they are, plus the entered months
 * that have no record. `records` is never changed.
 */
export function mergeCounts(records: Readonly<Record<string, MonthCounts>>, entered: readonly Pick<CountEntry, 'month' | 'petitions' | 'demands'>[]): MergedCounts {
  const historical = new Set<string>()
  if (!entered.length) return { counts: records as Record<string, MonthCounts>, historical }
  const counts: Record<string, MonthCounts> = { ...records }
  for (const e of entered) {
    if (hasRecords(records[e.month])) continue
    counts[e.month] = countedMonth(e)
    historical.add(e.month)
  }
  return { counts, historical }
}

/** The months of `historical` within from..to, sorted. */
export function historicalIn(historical: ReadonlySet<string>, from: string, to: string): string[] {
  return [...historical].filter((m) => m >= from && m <= to).sort()
}

/** A stored month with its community, as the API returns it. */
export function countsOfSheet(sheet: Pick<HistorySheet, 'communityId' | 'months'> | undefined): HistoricalCount[] {
  return (sheet?.months ?? []).map((m) => ({ communityId: sheet!.communityId, ...m }))
}

export interface BatchRow extends CountEntry {
  /** The month's revision as read; absent = a month not entered before. */
  revision?: number
}

export type BatchResult =
  | { ok: true; months: StoredMonth[]; changed: string[] }
  | { ok: false; problems: Array<CountProblem & { index: number }>; conflict?: string }

/**
 * Applies a batch of months to a sheet's months: every row checked (rules above, each month once,
 * revisions as read) before anything changes; the result is the sheet's new months (sorted) and the
 * months that changed. A row equal to what is stored changes nothing (its revision stays).
 */
export function applyBatch(
  stored: readonly StoredMonth[],
  rows: readonly BatchRow[],
  opts: { thisMonth: string; at: string; by: string; /** import: replace whatever is stored, no revision check */ overwrite?: boolean },
): BatchResult {
  const problems: Array<CountProblem & { index: number }> = []
  const seen = new Map<string, number>()
  const byMonth = new Map(stored.map((m) => [m.month, m]))
  let conflict: string | undefined
  rows.forEach((r, index) => {
    for (const p of countProblems(r, opts.thisMonth)) problems.push({ ...p, index })
    if (seen.has(r.month)) problems.push({ index, field: 'month', message: `月份 ${r.month} 重复（与第 ${seen.get(r.month)! + 1} 行相同）` })
    else seen.set(r.month, index)
    if (opts.overwrite) return
    const current = byMonth.get(r.month)
    if (r.revision === undefined ? current !== undefined : current?.revision !== r.revision) {
      conflict ??= current
        ? `${r.month} 的统计数已于 ${current.updatedAt.replace('T', ' ').slice(0, 16)} 被${current.updatedBy}修改，请刷新后重试`
        : `${r.month} 的统计数已被他人删除，请刷新后重试`
    }
  })
  if (problems.length || conflict) return { ok: false, problems, ...(conflict ? { conflict } : {}) }
  const changed: string[] = []
  for (const r of rows) {
    const current = byMonth.get(r.month)
    const note = r.note?.trim() || undefined
    if (current && current.petitions === r.petitions && current.demands === r.demands && current.note === note) continue
    const next: StoredMonth = { month: r.month, petitions: r.petitions, demands: r.demands, revision: (current?.revision ?? 0) + 1, updatedAt: opts.at, updatedBy: opts.by }
    if (note) next.note = note
    byMonth.set(r.month, next)
    changed.push(r.month)
  }
  return { ok: true, months: [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : 1)), changed }
}

/** A stored month read back from a file: the shape and the rules (revision ≥ 1). */
export function isStoredMonth(m: unknown): m is StoredMonth {
  const s = m as Partial<StoredMonth> | null
  if (!s || typeof s !== 'object' || typeof s.month !== 'string' || !isMonth(s.month)) return false
  if (!whole(s.petitions) || !whole(s.demands) || s.petitions < 0 || s.petitions > s.demands) return false
  if (!whole(s.revision) || s.revision < 1 || typeof s.updatedAt !== 'string' || typeof s.updatedBy !== 'string') return false
  return s.note === undefined || typeof s.note === 'string'
}
