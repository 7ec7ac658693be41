// Reading the letters-and-visits office's sheet of monthly counts (issue 12): columns 社区, 月份,
// 信访量, 诉求量 (备注 optional), one row per community and month. Pure: the service parses the
// file (electron/services/import-parse.ts) and hands over the header and the rows. Every bad cell
// is reported naming its row (as Excel numbers it) and column; the import writes nothing unless
// every row is good.
import { countProblems, type CountEntry } from './historical-counts'
import { parseImportMonth } from './import-dates'
import { cellText, type CellValue } from './import-mapping'

export const HISTORY_COLUMNS = ['community', 'month', 'petitions', 'demands', 'note'] as const
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number]
export const HISTORY_COLUMN_NAMES: Record<HistoryColumn, string> = { community: '社区', month: '月份', petitions: '信访量', demands: '诉求量', note: '备注' }
/** Other headers the office's sheets use for the same column. */
const ALIASES: Record<HistoryColumn, readonly string[]> = {
  community: ['社区', '社区名称', '社区名'],
  month: ['月份', '月', '统计月份', '年月'],
  petitions: ['信访量', '信访件数', '信访数', '信访'],
  demands: ['诉求量', '诉求件数', '诉求数', '诉求总量', '诉求'],
  note: ['备注', '说明'],
}
const REQUIRED: readonly HistoryColumn[] = ['community', 'month', 'petitions', 'demands']

export interface HistoryImportRow extends CountEntry {
  /** The row as Excel numbers it. */
  row: number
  communityId: string
  communityName: string
}

export interface HistoryImportIssue {
  row: number
  /** The column's header as written in the file ('' for the row as a whole). */
  column: string
  level: 'error' | 'warning'
  message: string
}

export interface HistoryImportRead {
  rows: HistoryImportRow[]
  issues: HistoryImportIssue[]
}

const norm = (s: string) => s.replace(/\s+/g, '')

/** Which column holds each field, or a zh-CN message naming the columns missing. */
export function historyColumns(headers: readonly string[]): { columns: Partial<Record<HistoryColumn, number>> } | { missing: string } {
  const columns: Partial<Record<HistoryColumn, number>> = {}
  headers.forEach((h, i) => {
    const key = HISTORY_COLUMNS.find((c) => ALIASES[c].includes(norm(h)))
    if (key && columns[key] === undefined) columns[key] = i
  })
  const missing = REQUIRED.filter((c) => columns[c] === undefined)
  return missing.length ? { missing: `表头缺少列：${missing.map((c) => HISTORY_COLUMN_NAMES[c]).join('、')}（第一行应为 社区、月份、信访量、诉求量）` } : { columns }
}

/** A count cell: a whole number, written as 12, 12件, 1,234 or a number cell; null when it cannot be one. */
export function parseCount(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null
  const text = cellText(value).replace(/[,，\s]/g, '').replace(/件$/, '')
  return /^\d{1,9}$/.test(text) ? Number(text) : null
}

/** A community named in the sheet: its name as written, or with / without the 社区 ending. */
export function communityMatcher(communities: readonly { id: string; name: string }[]): (name: string) => { id: string; name: string } | undefined {
  const byName = new Map<string, { id: string; name: string }>()
  for (const c of communities) {
    const n = norm(c.name)
    byName.set(n, c)
  }
  // The other spelling only where no community has it as its own name.
  for (const c of communities) {
    const n = norm(c.name)
    const other = n.endsWith('社区') ? n.slice(0, -2) : `${n}社区`
    if (other && !byName.has(other)) byName.set(other, c)
  }
  return (name) => byName.get(norm(name))
}

/**
 * Reads the rows: every problem an issue naming row and column; good rows in `rows`. A community
 * and month twice in the file is an error on the later row (which figure is right is the user's
 * call). `thisMonth`: the street's current month (no future months).
 */
export function readHistoryRows(
  headers: readonly string[],
  rows: ReadonlyArray<{ row: number; cells: readonly CellValue[] }>,
  communities: readonly { id: string; name: string }[],
  thisMonth: string,
): HistoryImportRead | { missing: string } {
  const found = historyColumns(headers)
  if ('missing' in found) return found
  const col = found.columns as Record<HistoryColumn, number | undefined>
  const header = (c: HistoryColumn) => headers[col[c]!]
  const match = communityMatcher(communities)
  const out: HistoryImportRow[] = []
  const issues: HistoryImportIssue[] = []
  const seen = new Map<string, number>()
  for (const { row, cells } of rows) {
    const at = (c: HistoryColumn) => (col[c] === undefined ? undefined : cells[col[c]!])
    const bad = (c: HistoryColumn, message: string) => issues.push({ row, column: header(c), level: 'error', message })
    const before = issues.length
    const name = cellText(at('community'))
    const community = name ? match(name) : undefined
    if (!name) bad('community', '请填写社区名称')
    else if (!community) bad('community', `社区“${name}”不存在，请先在社区管理中添加，或改为已有社区的名称`)
    const month = parseImportMonth(at('month'))
    if (!month.ok) bad('month', month.message)
    const counts = { petitions: parseCount(at('petitions')), demands: parseCount(at('demands')) }
    for (const c of ['petitions', 'demands'] as const) {
      if (counts[c] === null) bad(c, cellText(at(c)) ? `${HISTORY_COLUMN_NAMES[c]}“${cellText(at(c))}”不是不小于 0 的整数` : `请填写${HISTORY_COLUMN_NAMES[c]}`)
    }
    const note = col.note === undefined ? '' : cellText(at('note'))
    if (issues.length > before || !community || !month.ok) continue
    const entry: CountEntry = { month: month.month, petitions: counts.petitions!, demands: counts.demands!, ...(note ? { note } : {}) }
    for (const p of countProblems(entry, thisMonth)) bad(p.field === 'note' ? 'note' : p.field, p.message)
    const key = `${community.id} ${entry.month}`
    if (seen.has(key)) bad('month', `${community.name} ${entry.month} 重复（第 ${seen.get(key)} 行已填写该月）`)
    if (issues.length > before) continue
    seen.set(key, row)
    out.push({ row, communityId: community.id, communityName: community.name, ...entry })
  }
  return { rows: out, issues }
}
