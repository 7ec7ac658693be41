// The task ledger (任务台账): the filters shared by the list, the board and the export, and its
// rows for the .xlsx (ledger-xlsx.ts writes the sheet).
import type { ImportReportFile, ParsedOf } from '../../shared/contract'
import { TASK_COLUMN_NAMES, TASK_PARTY_NAMES, daysLate, type TaskView } from '../../shared/domain/task'
import { dayCell, writeLedgerSheet, type LedgerCell, type LedgerColumn } from './ledger-xlsx'

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

const HEADERS: LedgerColumn[] = [
  { title: '序号', width: 6 },
  { title: '社区', width: 12 },
  { title: '任务内容', width: 28 },
  { title: '责任方', width: 12 },
  { title: '责任单位', width: 12 },
  { title: '责任人', width: 8 },
  { title: '完成时限', width: 11, date: 'day' },
  { title: '状态', width: 9 },
  { title: '逾期天数', width: 7 },
  { title: '来源会议', width: 18 },
  { title: '关联诉求', width: 16 },
  { title: '最新进展', width: 28 },
  { title: '进展日期', width: 11, date: 'day' },
  { title: '完成日期', width: 11, date: 'day' },
  { title: '创建日期', width: 11, date: 'day' },
]

const asDate = dayCell


export function ledgerRows(list: readonly TaskView[], names: LedgerNames): LedgerCell[][] {
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
      // Open and late: days so far; done late: the days it was late (the record keeps it).
      t.daysOverdue || daysLate(t, names.dayOf) || null,
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
  return writeLedgerSheet(`任务台账-${names.today}.xlsx`, '任务台账', HEADERS, ledgerRows(list, names))
}
