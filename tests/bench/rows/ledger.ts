import type { TaskView } from '../../../shared/domain/task'
import { TASK_PARTIES, taskView } from '../../../shared/domain/task'
import { filterTasks, ledgerRows, writeLedger, type LedgerNames } from '../../../electron/services/task-ledger'
import { figure, type BenchRow } from '../harness'

// Task ledger export of 10,000 tasks (issue 11): ours (the filters, the rows with names looked up,
// the styled sheet written by exceljs) vs the floor: exceljs writing the same rows, built
// beforehand, into a bare sheet. Target ≤ 1.5× the floor.

const N = 10_000
const TODAY = '2026-11-20'

function tasks(): TaskView[] {
  const out: TaskView[] = []
  for (let i = 0; i < N; i++) {
    const month = String(1 + (i % 11)).padStart(2, '0')
    const deadline = `2026-${month}-${String(1 + (i % 28)).padStart(2, '0')}`
    const status = (['notStarted', 'inProgress', 'done', 'escalated'] as const)[i % 4]
    out.push(
      taskView(
        {
          id: `c${i % 15}~tk~b${i}`,
          communityId: `c${i % 15}`,
          title: `第${i}项任务：物业于两周内清理北门僵尸车并施划限时停车线`,
          party: TASK_PARTIES[i % TASK_PARTIES.length],
          ...(i % 7 === 0 ? { unit: '宜昌安居物业' } : {}),
          owner: ['刘建国', '陈丽', '孙师傅'][i % 3],
          deadline,
          source: { meetingId: `m${i % 40}`, itemId: `a${i % 5}` },
          topicIds: [],
          demandIds: [`c${i % 15}~202605~d${i}`, `c${i % 15}~202605~e${i}`],
          status,
          progress: i % 3 ? [{ id: `p${i}`, at: '2026-10-01T10:00:00+08:00', by: '李秘书（秘书）', text: '已向车主发出限期挪车通知，物业开始施划停车线' }] : [],
          ...(status === 'done' ? { doneAt: `${deadline}T18:00:00+08:00` } : {}),
          ...(status === 'escalated' ? { escalation: { at: '2026-10-02T10:00:00+08:00', by: '李秘书（秘书）', reason: '需街道协调', topicId: 'tp' } } : {}),
          createdAt: '2026-09-01T10:00:00+08:00',
          createdBy: '李秘书（秘书）',
          updatedAt: '2026-10-01T10:00:00+08:00',
          revision: 2,
        },
        TODAY,
      ),
    )
  }
  return out
}

const names: LedgerNames = {
  today: TODAY,
  communityName: (id) => `社区${id}`,
  meetingTitle: (id) => `联席会议${id}`,
  caseNo: (id) => `七口堰-2026-${id.slice(-4)}`,
  dayOf: (iso) => iso.slice(0, 10),
}

async function floor(rows: ReadonlyArray<ReadonlyArray<unknown>>, headers: string[]): Promise<number> {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('任务台账')
  sheet.addRow(headers)
  for (const r of rows) sheet.addRow([...r])
  return (await wb.xlsx.writeBuffer()).byteLength
}

export const ledgerRow: BenchRow = {
  id: 'ledger',
  title: 'task ledger .xlsx of 10,000 tasks vs exceljs writing the same rows directly',
  sizes: [10_000],
  async run(ctx) {
    const reps = ctx.quick ? 3 : 9
    const list = tasks()
    const rows = ledgerRows(filterTasks(list, {}), names)
    const headers = ['序号', '社区', '任务内容', '责任方', '责任单位', '责任人', '完成时限', '状态', '逾期天数', '来源会议', '关联诉求', '最新进展', '进展日期', '完成日期', '创建日期']
    const ours = () => writeLedger(filterTasks(list, {}), names)
    const time = async (f: () => Promise<unknown>) => {
      const t0 = performance.now()
      await f()
      return performance.now() - t0
    }
    await ours()
    await floor(rows, headers)
    const samples = { ours: [] as number[], floor: [] as number[] }
    for (let i = 0; i < reps * 2; i++) {
      if (i % 2) {
        samples.floor.push(await time(() => floor(rows, headers)))
        samples.ours.push(await time(ours))
      } else {
        samples.ours.push(await time(ours))
        samples.floor.push(await time(() => floor(rows, headers)))
      }
    }
    ctx.log(`ledger: ${N} tasks, ${rows.length} rows, ${reps * 2} pairs`)
    return [
      figure('ledger.xlsx', 'task ledger .xlsx, 10,000 tasks (filter, rows, styled sheet)', 'ours', samples.ours),
      figure('ledger.xlsx', 'task ledger .xlsx, 10,000 tasks', 'floor', samples.floor, 'ms', 'exceljs writing the same rows into a bare sheet'),
    ]
  },
}
