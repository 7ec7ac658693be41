// Historical counts (issue 12) through the services on a real data folder: a batch of months saved
// (revisions, all or nothing), the office's sheet checked and imported (.xlsx and GBK .csv; bad
// rows named; nothing half-imported), removal (backup, audit), backup/restore, and the statistics
// taking the counts for months with no records (records win) and naming those months.
import ExcelJS from 'exceljs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HistorySheet } from '../../shared/domain/historical-counts'
import type { OperatorIdentity } from '../../shared/domain/permissions'
import type { CallContext } from '../../electron/services'
import { encodeGbk } from '../helpers/gbk'
import { asSecretary, errorOf, openMeetingFixture } from './meeting-fixture'

const b64 = (bytes: Uint8Array | string) => Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes).toString('base64')
const leader: CallContext = { transport: 'internal', operator: { id: 'op-l', name: '张主任', role: 'leader' } satisfies OperatorIdentity }

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('月报')
  for (const r of rows) ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describe('entering counts by month', () => {
  it('saves a batch in one write, with revisions; a bad row refuses the whole batch', async () => {
    const f = await openMeetingFixture()
    const saved = await f.services.history.save(
      { communityId: 'cA', months: [{ month: '2019-01', petitions: 3, demands: 20 }, { month: '2019-02', petitions: 1, demands: 9, note: '春节' }] },
      asSecretary,
    )
    expect(saved.saved).toEqual(['2019-01', '2019-02'])
    expect(saved.counts.map((c) => [c.month, c.petitions, c.demands, c.revision, c.updatedBy])).toEqual([
      ['2019-01', 3, 20, 1, expect.stringContaining('李秘书')],
      ['2019-02', 1, 9, 1, expect.stringContaining('李秘书')],
    ])
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'history.save', target: 'cA' })

    // one bad row: nothing written
    const bad = await errorOf(
      f.services.history.save({ communityId: 'cA', months: [{ month: '2019-01', petitions: 4, demands: 20, revision: 1 }, { month: '2019-03', petitions: 9, demands: 2 }] }, asSecretary),
    )
    expect(bad).toMatchObject({ code: 'VALIDATION', message: '2019-03：信访量（9）不能大于诉求量（2）：信访件也计入诉求量' })
    expect(bad.fields).toEqual({ 'months.1.petitions': '2019-03 信访量（9）不能大于诉求量（2）：信访件也计入诉求量' })
    const future = await errorOf(f.services.history.save({ communityId: 'cA', months: [{ month: '2026-06', petitions: 0, demands: 1 }] }, asSecretary))
    expect(future.message).toBe('2026-06：月份 2026-06 尚未到来，不能填写')
    expect((await f.services.history.list({ communityId: 'cA' }, asSecretary)).communities[0].counts.map((c) => c.petitions)).toEqual([3, 1])

    // a stale revision (another window changed January)
    await f.services.history.save({ communityId: 'cA', months: [{ month: '2019-01', petitions: 4, demands: 20, revision: 1 }] }, asSecretary)
    const stale = await errorOf(f.services.history.save({ communityId: 'cA', months: [{ month: '2019-01', petitions: 5, demands: 20, revision: 1 }] }, asSecretary))
    expect(stale.code).toBe('CONFLICT')
    expect(stale.message).toMatch(/^2019-01 的统计数已于 2026-05-20 10:00 被.*李秘书.*修改，请刷新后重试$/)
    // leaders read
    expect((await f.services.history.list({}, leader)).communities.map((c) => [c.name, c.counts.length])).toEqual([
      ['七口堰社区', 2],
      ['东门社区', 0],
    ])
    await f.db.close({ backup: false })
  })

  it('removes months after a backup, audited; a restore of that backup brings them back', async () => {
    const f = await openMeetingFixture()
    const s = await f.services.history.save({ communityId: 'cB', months: [{ month: '2018-12', petitions: 2, demands: 7 }, { month: '2019-01', petitions: 0, demands: 5 }] }, asSecretary)
    const dec = s.counts.find((c) => c.month === '2018-12')!
    const r = await f.services.history.remove({ communityId: 'cB', months: [{ month: '2018-12', revision: dec.revision }] }, asSecretary)
    expect(r.removed).toEqual(['2018-12'])
    expect((await f.db.backups()).find((b) => b.id === r.backup)).toMatchObject({ reason: 'before-history-remove' })
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'history.remove', target: 'cB', detail: { backup: r.backup, months: [{ month: '2018-12', petitions: 2, demands: 7 }] } })
    expect((await f.services.history.list({ communityId: 'cB' }, asSecretary)).communities[0].counts.map((c) => c.month)).toEqual(['2019-01'])
    // the backup holds the collection's file (no special code: appCollections)
    const copy = JSON.parse(await readFile(join(f.dir, 'backups', r.backup, 'history', 'cB.json'), 'utf8')) as { items: HistorySheet[] }
    expect(copy.items[0].months.map((m) => m.month)).toEqual(['2018-12', '2019-01'])
    await f.db.restore(r.backup)
    expect((await f.services.history.list({ communityId: 'cB' }, asSecretary)).communities[0].counts.map((c) => c.month)).toEqual(['2018-12', '2019-01'])
    // removing a month someone else removed meanwhile
    expect((await errorOf(f.services.history.remove({ communityId: 'cB', months: [{ month: '2017-01', revision: 1 }] }, asSecretary))).code).toBe('CONFLICT')
    await f.db.close({ backup: false })
  })
})

describe('importing the office sheet', () => {
  it('checks a GBK .csv: every bad row named by row and column; the import refuses it and writes nothing', async () => {
    const f = await openMeetingFixture()
    const text = ['社区,月份,信访量,诉求量,备注', '七口堰社区,2019年3月,4,30,月报', '西门社区,2019-04,1,2,', '东门,2019/5,8,5,', '东门社区,2019-06,abc,3,'].join('\r\n')
    const file = { fileName: '信访办月报.csv', data: b64(encodeGbk(text)) }
    const check = await f.services.history.check(file, asSecretary)
    expect(check).toMatchObject({ rows: 4, valid: 1, invalid: 3, communities: 1, replaces: 0 })
    expect(check.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, '社区', '社区“西门社区”不存在，请先在社区管理中添加，或改为已有社区的名称'],
      [4, '信访量', '信访量（8）不能大于诉求量（5）：信访件也计入诉求量'],
      [5, '信访量', '信访量“abc”不是不小于 0 的整数'],
    ])
    expect(check.preview).toEqual([{ row: 2, communityName: '七口堰社区', month: '2019-03', petitions: 4, demands: 30, note: '月报', replaces: false, superseded: false }])
    const refused = await errorOf(f.services.history.import(file, asSecretary))
    expect(refused.message).toBe('第 3 行“社区”：社区“西门社区”不存在，请先在社区管理中添加，或改为已有社区的名称（共 3 处问题，未导入任何数据，请修改后重新导入）')
    expect((await f.services.history.list({}, asSecretary)).communities.every((c) => c.counts.length === 0)).toBe(true)
    await f.db.close({ backup: false })
  })

  it('imports a good .xlsx (months as text, dates and serials) across communities; a second import replaces', async () => {
    const f = await openMeetingFixture()
    await f.services.history.save({ communityId: 'cA', months: [{ month: '2019-03', petitions: 1, demands: 1 }] }, asSecretary)
    const bytes = await xlsx([
      ['社区', '月份', '信访量', '诉求量'],
      ['七口堰社区', '2019-03', 4, 30],
      ['七口堰社区', new Date(Date.UTC(2019, 3, 1)), 2, 12],
      ['东门社区', 43586, 0, 6],
    ])
    const file = { fileName: '月报.xlsx', data: b64(bytes) }
    const check = await f.services.history.check(file, asSecretary)
    expect(check).toMatchObject({ rows: 3, valid: 3, invalid: 0, communities: 2, replaces: 1, issues: [] })
    expect(await f.services.history.import(file, asSecretary)).toEqual({ imported: 3, unchanged: 0, communities: 2 })
    const list = await f.services.history.list({}, asSecretary)
    expect(list.communities.map((c) => c.counts.map((x) => `${x.month}:${x.petitions}/${x.demands}`))).toEqual([['2019-03:4/30', '2019-04:2/12'], ['2019-05:0/6']])
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'history.import', detail: { imported: 3 } })
    // the same file again changes nothing
    expect(await f.services.history.import(file, asSecretary)).toEqual({ imported: 0, unchanged: 3, communities: 2 })
    await f.db.close({ backup: false })
  })

  it('names missing columns and refuses a file that is no spreadsheet', async () => {
    const f = await openMeetingFixture()
    expect((await errorOf(f.services.history.check({ fileName: 'x.csv', data: b64('社区,日期\n七口堰社区,2019-01\n') }, asSecretary))).message).toBe(
      '表头缺少列：月份、信访量、诉求量（第一行应为 社区、月份、信访量、诉求量）',
    )
    expect((await errorOf(f.services.history.check({ fileName: 'x.xlsx', data: b64('not a workbook') }, asSecretary))).message).toMatch(/^无法读取该文件/)
    await f.db.close({ backup: false })
  })
})

describe('statistics with historical counts', () => {
  it('use counts for months with no records, records where there are any, and say which months are counts', async () => {
    const f = await openMeetingFixture()
    // Records in May 2026 (2 demands, one of them a 信访).
    for (const channel of ['petition', 'hotline'] as const) {
      await f.services.demand.create(
        { communityId: 'cA', channel, category: 'parking', reporterName: '王秀兰', reporterPhone: '13912345678', receivedAt: '2026-05-10T09:00:00+08:00', description: '车位被占' },
        asSecretary,
      )
    }
    await f.services.history.save(
      {
        communityId: 'cA',
        months: [
          { month: '2025-05', petitions: 3, demands: 10 },
          { month: '2026-04', petitions: 1, demands: 4 },
          // superseded: the records win
          { month: '2026-05', petitions: 40, demands: 90 },
        ],
      },
      asSecretary,
    )
    const list = await f.services.history.list({ communityId: 'cA' }, asSecretary)
    expect(list.communities[0]).toMatchObject({ superseded: ['2026-05'], firstRecordMonth: '2026-05' })

    const trend = await f.services.stats.petitionTrend({ communityId: 'cA', from: '2026-04', to: '2026-05', scope: 'all' }, asSecretary)
    expect(trend.points.map((p) => [p.month, p.count])).toEqual([
      ['2026-04', 4],
      ['2026-05', 2],
    ])
    expect(trend.points[1].yoy).toEqual({ delta: -8, percent: -80 })
    expect(trend.historicalMonths).toEqual(['2025-05', '2026-04'])
    expect(trend.months['2026-04']).toEqual({ total: 4, byCategory: {}, byChannel: { petition: 1 }, byStatus: {} })
    const petitions = await f.services.stats.petitionTrend({ communityId: 'cA', from: '2026-04', to: '2026-05', scope: 'petition' }, asSecretary)
    expect(petitions.points.map((p) => p.count)).toEqual([1, 1])

    const rates = await f.services.stats.rates({ communityId: 'cA', from: '2026-04', to: '2026-05' }, asSecretary)
    expect(rates.historicalMonths).toEqual(['2026-04'])

    const street = await f.services.stats.street({ from: '2026-04', to: '2026-05', granularity: 'month', rankBy: 'demands', order: 'desc', sentences: 'yoy' }, leader)
    expect(street.street.demands).toMatchObject({ count: 6, buckets: [{ key: '2026-04', count: 4 }, { key: '2026-05', count: 2 }] })
    expect(street.street.historicalMonths).toEqual(['2025-05', '2026-04'])
    expect(street.communities[0].sharesLeftOut).toEqual(['2026-04'])
    expect(street.buckets.map((b) => [b.key, b.historical])).toEqual([
      ['2026-04', true],
      ['2026-05', false],
    ])
    // shares are the records': 2 demands in May
    expect(Object.fromEntries(street.street.shares.channel.filter((s) => s.count).map((s) => [s.key, s.count]))).toEqual({ hotline: 1, petition: 1 })
    await f.db.close({ backup: false })
  })
})
