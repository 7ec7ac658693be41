// The task ledger (任务台账): the filters shared by the list, the board and the export, and the
// .xlsx office staff print and pass on. Chinese headers, column widths, a frozen header, dates as
// real dates; every text is written as a plain string cell, so a text starting with = + - @ is
// shown as typed and never runs as a formula.
import type { ImportReportFile, ParsedOf } from '../../shared/contract'
import { TASK_COLUMN_NAMES, TASK_PARTY_NAMES, type TaskView } from '../../shared/domain/task'

type Filters = ParsedOf<'task:list'>

const COLUMN_RANK = { overdue: 0, inProgress: 1, notStarted: 2, escalated: 3, done: 4 } as const

/** The ledger's rows for `filters`: overdue first, then open ones by deadline, then the rest. */
export function filterTasks(all: TaskView[], filters: Filters): TaskView[] {
  const owner = filters.owner?.trim()
  return all
    .filter(
      (t) =>
        (!filters.communityId || t.communityId === filters.communityId) &&
        (!filters.column || t.column === filters.column) &&
        (!filters.party || t.party === filters.party) &&
        (!owner || t.owner.includes(owner)) &&
        (!filters.dueFrom || t.deadline >= filters.dueFrom) &&
        (!filters.dueTo || t.deadline <= filters.dueTo) &&
        (!filters.meetingId || t.source?.meetingId === filters.meetingId),
    )
    .sort(
      (a, b) =>
        COLUMN_RANK[a.column] - COLUMN_RANK[b.column] ||
        b.daysOverdue - a.daysOverdue ||
        a.deadline.localeCompare(b.deadline) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    )
}

export interface LedgerNames {
  today: string
  communityName(id: string): string
  meetingTitle(id: string): string
  caseNo(demandId: string): string
  /** The street's calendar day of an ISO time. */
  dayOf(iso: string): string
}

const HEADERS: Array<{ title: string; width: number; date?: true }> = [
  { title: '序号', width: 6 },
  { title: '社区', width: 14 },
  { title: '任务内容', width: 40 },
  { title: '责任方', width: 14 },
  { title: '责任单位', width: 18 },
  { title: '责任人', width: 10 },
  { title: '完成时限', width: 12, date: true },
  { title: '状态', width: 10 },
  { title: '逾期天数', width: 9 },
  { title: '来源会议', width: 26 },
  { title: '关联诉求', width: 22 },
  { title: '最新进展', width: 40 },
  { title: '进展日期', width: 12, date: true },
  { title: '完成日期', width: 12, date: true },
  { title: '创建日期', width: 12, date: true },
]

/** A YYYY-MM-DD day as the Date exceljs writes as that calendar day. */
const asDate = (day: string | undefined): Date | null => (day ? new Date(`${day}T00:00:00Z`) : null)

export function ledgerRows(list: readonly TaskView[], names: LedgerNames): Array<Array<string | number | Date | null>> {
  return list.map((t, i) => {
    const last = t.progress[t.progress.length - 1]
    return [
      i + 1,
      names.communityName(t.communityId),
      t.title,
      TASK_PARTY_NAMES[t.party],
      t.unit ?? '',
      t.owner,
      asDate(t.deadline),
      TASK_COLUMN_NAMES[t.column],
      t.daysOverdue || null,
      t.source ? names.meetingTitle(t.source.meetingId) : '',
      t.demandIds.map(names.caseNo).join('、'),
      last?.text ?? '',
      asDate(last ? names.dayOf(last.at) : undefined),
      asDate(t.doneAt ? names.dayOf(t.doneAt) : undefined),
      asDate(names.dayOf(t.createdAt)),
    ]
  })
}

export async function writeLedger(list: readonly TaskView[], names: LedgerNames): Promise<ImportReportFile> {
  const { default: ExcelJS } = await import('exceljs') // loaded on first use (large)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('任务台账', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  })
  sheet.columns = HEADERS.map((h) => ({ header: h.title, width: h.width, ...(h.date ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }))
  const header = sheet.getRow(1)
  header.font = { bold: true }
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF2F6' } }
    cell.alignment = { vertical: 'middle', horizontal: 'center' }
  })
  for (const row of ledgerRows(list, names)) {
    const added = sheet.addRow(row)
    added.alignment = { vertical: 'top', wrapText: true }
  }
  const buffer = await workbook.xlsx.writeBuffer()
  return {
    fileName: `任务台账-${names.today}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buffer as ArrayBuffer).toString('base64'),
  }
}
