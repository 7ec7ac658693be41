// The ledger keeps a task's lateness: open and late, the days so far; done late, the days it was late.
import { describe, expect, it } from 'vitest'
import { ledgerRows, type LedgerNames } from '../../electron/services/task-ledger'
import { rowHeight } from '../../electron/services/ledger-xlsx'
import { taskView, type Task } from '../../shared/domain/task'

const names: LedgerNames = {
  today: '2026-05-20',
  communityName: () => '七口堰社区',
  meetingTitle: () => '五月社区联席会议',
  caseNo: (id) => id,
  dayOf: (iso) => iso.slice(0, 10),
}
const task = (over: Partial<Task>): Task => ({
  id: 'cA~tk~1',
  communityId: 'cA',
  title: '清理地库',
  party: 'propertyCompany',
  owner: '赵经理',
  deadline: '2026-05-10',
  topicIds: [],
  demandIds: [],
  status: 'notStarted',
  progress: [],
  createdAt: '2026-05-01T09:00:00+08:00',
  createdBy: '李秘书',
  updatedAt: '2026-05-01T09:00:00+08:00',
  revision: 1,
  ...over,
})
const overdueCell = (t: Task) => ledgerRows([taskView(t, '2026-05-20')], names)[0][8]

describe('逾期天数 in the ledger', () => {
  it('open and past its deadline: the days so far', () => {
    expect(overdueCell(task({}))).toBe(10)
  })
  it('done three days late: still 3 (the record keeps it)', () => {
    expect(overdueCell(task({ status: 'done', doneAt: '2026-05-13T16:00:00+08:00' }))).toBe(3)
  })
  it('done in time, or still in time: empty', () => {
    expect(overdueCell(task({ status: 'done', doneAt: '2026-05-10T18:00:00+08:00' }))).toBeNull()
    expect(overdueCell(task({ deadline: '2026-05-30' }))).toBeNull()
  })
})

describe('row heights of the .xlsx ledger', () => {
  const columns = [
    { title: '任务内容', width: 12 },
    { title: '责任人', width: 8 },
    { title: '完成时限', width: 11, date: 'day' as const },
  ]
  it('one 15 pt line per column width of wrapped text (a CJK character takes two units), and per line break', () => {
    expect(rowHeight(['清理地库', '赵经理', null], columns)).toBe(15)
    // 11 usable units: 12 CJK characters (24 units) take three lines
    expect(rowHeight(['物业于两周内清理北门僵尸车并施', '赵经理', null], columns)).toBe(45)
    expect(rowHeight(['第一行\n第二行', 'Li', new Date()], columns)).toBe(30)
    // numbers and dates never wrap
    expect(rowHeight([42, null, new Date()], columns)).toBe(15)
  })
})
