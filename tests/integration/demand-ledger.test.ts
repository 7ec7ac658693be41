// demand:export (issue 11, item 5): the demand ledger .xlsx with the filters applied, personal
// fields masked, dates as dates, formula-like text as text, and an audit entry of what it covered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { contract } from '../../shared/contract'
import { asChair, asSecretary, openMeetingFixture, type MeetingFixture } from './meeting-fixture'

let f: MeetingFixture
beforeEach(async () => {
  f = await openMeetingFixture()
})
afterEach(async () => {
  await f.db.close()
})

async function sheetOf(file: { base64: string }) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
  return wb.getWorksheet('诉求台账')!
}

describe('demand ledger', () => {
  it('one row per demand in the months chosen, masked, with where it stands; filtered by status', async () => {
    const make = (description: string, receivedAt: string) =>
      f.services.demand.create(
        { communityId: 'cA', compoundId: 'cA-p1', channel: 'hotline', category: 'parking', reporterName: '王秀兰', reporterPhone: '13912345678', receivedAt, description },
        asSecretary,
      )
    const closed = await make('地库僵尸车占用车位', '2026-05-10T09:30:00+08:00')
    await make('=HYPERLINK("http://x","点我")', '2026-05-12T14:00:00+08:00')
    await make('四月的诉求', '2026-04-02T08:00:00+08:00')
    const rev = async () => (await f.db.getDemand(closed.id))!.revision
    await f.services.feedback.tell(contract['feedback:tell'].input.parse({ demandId: closed.id, revision: await rev(), at: '2026-05-18T10:00', way: 'phone', teller: '周敏', text: '已清理' }), asSecretary)
    await f.services.feedback.followUp(contract['feedback:followUp'].input.parse({ demandId: closed.id, revision: await rev(), at: '2026-05-19T10:00', way: 'visit', reached: true, rating: 'basicallySatisfied' }), asSecretary)
    await f.services.feedback.close({ demandId: closed.id, revision: await rev(), outcome: 'rated' }, asSecretary)

    const file = await f.services.demand.export(contract['demand:export'].input.parse({ from: '2026-05', to: '2026-05' }), asChair)
    expect(file.fileName).toBe('诉求台账-2026-05.xlsx')
    const sheet = await sheetOf(file)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '案件编号', '社区', '小区', '渠道', '类别', '受理时间', '诉求人', '联系电话', '诉求内容', '状态', '议题', '反馈告知', '回访评价', '办结日期', '用时（天）'])
    expect(sheet.rowCount).toBe(3) // April's demand is outside the range
    const first = (sheet.getRow(2).values as unknown[]).slice(1)
    expect(first).toEqual([1, closed.caseNo, '七口堰社区', '丽景花园', '热线', '停车', new Date(Date.UTC(2026, 4, 10, 9, 30)), '王**', '139****5678', '地库僵尸车占用车位', '监督评价', '', '1 次', '基本满意', new Date('2026-05-20T00:00:00Z'), 10])
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('yyyy-mm-dd hh:mm')
    expect(sheet.getRow(3).getCell(10).value).toBe('=HYPERLINK("http://x","点我")')
    expect(sheet.getRow(3).getCell(10).type).toBe(ExcelJS.ValueType.String)
    const buffer = Buffer.from(file.base64, 'base64').toString('latin1')
    expect(buffer).not.toContain('13912345678')

    const onlyClosed = await sheetOf(await f.services.demand.export(contract['demand:export'].input.parse({ communityId: 'cA', from: '2026-01', to: '2026-12', status: 'evaluated' }), asChair))
    expect(onlyClosed.rowCount).toBe(2)
    expect(f.audit.entries().filter((e) => e.action === 'demand.export').map((e) => e.detail)).toEqual([
      { from: '2026-05', to: '2026-05', communities: 2, rows: 2, masked: true },
      { from: '2026-01', to: '2026-12', status: 'evaluated', communities: 1, rows: 1, masked: true },
    ])
  })

  it('refuses a range the wrong way round or over ten years, naming the field', () => {
    expect(contract['demand:export'].input.safeParse({ from: '2026-05', to: '2026-01' }).error?.issues[0]).toMatchObject({ path: ['from'], message: '起始月份不能晚于截止月份' })
    expect(contract['demand:export'].input.safeParse({ from: '2010-01', to: '2026-01' }).error?.issues[0]).toMatchObject({ path: ['to'], message: '导出区间最长 10 年' })
  })
})
