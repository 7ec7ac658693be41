// Spreadsheet import through the real backend on a temp folder, with real sessions: an .xlsx
// made with exceljs and a GBK .csv, the bad-row report, the same file twice, a write fault in
// the middle of an import (nothing left), and files that are no spreadsheets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import type { Envelope, ImportPreview, ImportProgress, ImportReportFile } from '../../shared/contract'
import { IMPORT_MAX_BYTES, IMPORT_TOO_LARGE } from '../../shared/contract'
import type { Demand } from '../../shared/domain/entities'
import { nodeFs, openDatabase, type FsOps } from '../../electron/data'
import { tempDir } from './helpers'
import { IMPORT_MAPPINGS_FILE, importMappingsCollection, mappingStore } from '../../electron/services/import-mappings'
import { openBackend } from '../../electron/api/backend'
import { openTeam, type Call, type Team } from '../helpers/sessions'
import { encodeGbk } from '../helpers/gbk'

const NOW = new Date('2026-05-20T10:00:00+08:00')
const must = <T>(env: Envelope<unknown>): T => {
  if (!env.ok) throw new Error(`${env.error.code} ${env.error.message}`)
  return env.result as T
}

/** Sends a file the way the renderer does: import:start, then chunks of chunkBytes as base64. */
async function upload(call: Call, fileName: string, bytes: Uint8Array, chunk?: number): Promise<string> {
  const { uploadId, chunkBytes } = must<{ uploadId: string; chunkBytes: number }>(await call('import:start', { fileName, size: bytes.length }))
  const step = chunk ?? chunkBytes
  for (let offset = 0; offset < bytes.length; offset += step) {
    const data = Buffer.from(bytes.subarray(offset, offset + step)).toString('base64')
    must(await call('import:chunk', { uploadId, offset, data }))
  }
  return uploadId
}

/** Polls import:progress until the job has ended (no clock in the assertion). */
async function finished(call: Call, uploadId: string): Promise<ImportProgress> {
  for (;;) {
    const p = must<ImportProgress>(await call('import:progress', { uploadId }))
    if (p.phase === 'done' || p.phase === 'failed') return p
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function allDemands(t: Team): Promise<Demand[]> {
  const out: Demand[] = []
  for (const c of t.backend.db.communities()) {
    for (const month of Object.keys(t.backend.db.countsOf(c.id))) out.push(...(await t.backend.db.readPartition(c.id, month)))
  }
  return out
}

async function makeXlsx(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('工单')
  for (const r of rows) ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

const HEADER = ['社区', '小区', '来源', '问题分类', '姓名', '联系电话', '受理时间', '诉求内容', '备注']
const dirs: string[] = []

async function team(opts: { fs?: FsOps; key?: { key: Buffer; protection: 'none' } } = {}): Promise<Team & { communityId: string }> {
  const t = await openTeam({ now: () => NOW, ...opts })
  dirs.push(t.dataDir)
  const c = must<{ id: string }>(
    await t.as.admin('community:create', { name: '七口堰社区', grids: [{ name: '第一网格' }], compounds: [{ name: '丽景花园', gridIndex: 0 }] }),
  )
  must(await t.as.admin('community:create', { name: '东门社区' }))
  return Object.assign(t, { communityId: c.id })
}

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('import of an .xlsx made with exceljs', () => {
  let t: Team & { communityId: string }
  beforeAll(async () => {
    t = await team()
  })
  afterAll(() => t.backend.close({ backup: false }))

  it('previews, imports the valid rows with fingerprints, remembers the mapping, and adds nothing the second time', async () => {
    const bytes = await makeXlsx([
      HEADER,
      ['七口堰', '丽景花园', '12345', '物业', '王芳', '138 8888 6666', new Date(Date.UTC(2025, 2, 5, 9, 30)), '电梯坏了', ''],
      ['东门社区', '', '热线', '停车', '李强', '027-84567890', 45722, '车位被占', '备注'],
      ['七口堰社区', '', '微信群', '噪音', '张秀英', '', '2025年3月7日', { formula: 'HYPERLINK("http://x","点我")', result: '点我' }, ''],
      ['西门社区', '', '热线', '停车', '赵六', '', '2025/3/8', '不存在的社区', ''],
      ['七口堰', '丽景花园', '12345', '物业', '王芳', '13888886666', new Date(Date.UTC(2025, 2, 5, 9, 30)), '电梯坏了', ''],
    ])
    const call = t.as.secretary
    const id = await upload(call, '12345热线导出.xlsx', bytes, 4096)
    const preview = must<ImportPreview>(await call('import:preview', { uploadId: id }))
    expect(preview).toMatchObject({ format: 'xlsx', sheetName: '工单', headers: HEADER, remembered: false, sourceName: '12345热线导出', missing: [] })
    expect(preview.sample[0]).toEqual({ row: 2, cells: ['七口堰', '丽景花园', '12345', '物业', '王芳', '138 8888 6666', '2025-03-05 09:30', '电梯坏了', ''] })
    expect(preview.unmapped).toEqual(['备注'])
    expect(preview.counts).toEqual({ rows: 5, valid: 3, invalid: 1, duplicates: 1, alreadyImported: 0, flagged: 1 })
    expect(preview.issues).toEqual([
      { row: 4, column: '诉求内容', field: 'description', level: 'warning', message: '以 = + - @ 开头，已按文本导入（不作为公式计算）' },
      { row: 5, column: '社区', field: 'community', level: 'error', message: '社区不存在：西门社区（请先在“社区管理”中添加，或改为已有社区的名称）' },
      { row: 6, column: '', level: 'warning', message: '与第 2 行内容相同，只导入一次' },
    ])

    const started = must<ImportProgress>(await call('import:commit', { uploadId: id, sourceName: preview.sourceName, mapping: preview.mapping }))
    expect(started).toMatchObject({ phase: 'writing', total: 3 })
    const done = await finished(call, id)
    expect(done).toMatchObject({ phase: 'done', result: { imported: 3, duplicates: 1, invalid: 1, alreadyImported: 0, sourceName: '12345热线导出' } })

    const stored = await allDemands(t)
    expect(stored).toHaveLength(3)
    const byText = new Map(stored.map((d) => [d.description, d as Demand & { importFingerprint?: string; importSource?: string }]))
    expect(byText.get('电梯坏了')).toMatchObject({
      communityId: t.communityId,
      compoundId: expect.stringMatching(/-p-/),
      channel: 'transfer12345',
      category: 'property',
      reporterName: '王芳',
      reporterPhone: '13888886666',
      receivedAt: '2025-03-05T09:30:00+08:00',
      status: 'called',
      importSource: '12345热线导出',
      importFingerprint: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
    })
    expect(byText.get('车位被占')).toMatchObject({ receivedAt: '2025-03-06T00:00:00+08:00', reporterPhone: '027-84567890', channel: 'hotline' })
    // the formula's text, never its result
    expect(byText.get('=HYPERLINK("http://x","点我")')).toMatchObject({ channel: 'wechatGroup', category: 'noise' })

    // audited without personal data
    const audit = (await t.backend.audit.list({ page: 1, pageSize: 5 })).items
    const entry = audit.find((e) => e.action === 'demand.import')!
    expect(entry).toMatchObject({ actor: '李秘书（秘书）', detail: { count: 3, sources: ['12345热线导出'] } })
    expect(JSON.stringify(entry)).not.toMatch(/王芳|13888886666/)
    // case numbers from the bulk path
    expect(stored.every((d) => /^七口堰-2025-\d{4}$|^东门-2025-\d{4}$/.test(d.caseNo ?? ''))).toBe(true)

    // The same file again: the mapping is remembered (by the header), and nothing is added.
    const again = await upload(call, '12345热线导出.xlsx', bytes)
    const p2 = must<ImportPreview>(await call('import:preview', { uploadId: again }))
    expect(p2).toMatchObject({ remembered: true, sourceName: '12345热线导出', sources: ['12345热线导出'], mapping: preview.mapping })
    expect(p2.counts).toMatchObject({ valid: 0, alreadyImported: 3, duplicates: 1, invalid: 1 })
    const refused = await call('import:commit', { uploadId: again, sourceName: p2.sourceName, mapping: p2.mapping })
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '没有可导入的行：1 行有错误，1 行重复，3 行已导入过' } })
    expect(await allDemands(t)).toHaveLength(3)
  })

  it('keeps the remembered mapping in the data folder (a registered collection, backed up)', async () => {
    const file = await nodeFs.readFile(`${t.dataDir}/${IMPORT_MAPPINGS_FILE}`)
    const parsed = JSON.parse(Buffer.from(file).toString('utf8'))
    expect(parsed).toMatchObject({ schemaVersion: 1, items: [expect.objectContaining({ sourceName: '12345热线导出', columns: expect.objectContaining({ community: '社区' }) })] })
    const backupId = must<{ id: string }>(await t.as.admin('backup:create', {})).id
    const copy = await nodeFs.readFile(`${t.dataDir}/backups/${backupId}/${IMPORT_MAPPINGS_FILE}`)
    expect(Buffer.from(copy).toString('utf8')).toContain('12345热线导出')
  })

  it('keeps an upload to the session that made it', async () => {
    const id = await upload(t.as.secretary, 'a.csv', new TextEncoder().encode('社区,内容\n七口堰,x\n'))
    expect(await t.as.chair('import:preview', { uploadId: id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.as.leader('import:preview', { uploadId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(must(await t.as.secretary('import:cancel', { uploadId: id }))).toEqual({ cancelled: true })
    expect(await t.as.secretary('import:preview', { uploadId: id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('import of a GBK .csv', () => {
  let t: Team & { communityId: string }
  beforeAll(async () => {
    t = await team()
  })
  afterAll(() => t.backend.close({ backup: false }))

  const csv = [
    '序号,来电时间,市民姓名,来电号码,所属社区,工单内容,备注',
    '1,2025/3/5 9:30,王芳,13812345678,七口堰,楼道灯不亮,',
    '2,2025年3月6日,李强,12345,七口堰,=cmd|\' /C calc\'!A0,',
    '3,2025-02-30,张三,,东门,路灯坏了,',
    '4,2025-03-07 10:00,,,东门,@SUM(1+1),',
    '',
  ].join('\r\n')

  it('detects GBK, needs channel and category for the file, reports bad rows by row, column and reason', async () => {
    const call = t.as.secretary
    const id = await upload(call, '12345.csv', encodeGbk(csv))
    const first = must<ImportPreview>(await call('import:preview', { uploadId: id }))
    expect(first).toMatchObject({ format: 'csv', encoding: 'GBK/GB18030', missing: ['channel', 'category'] })
    expect(first.unmapped).toEqual(['序号', '备注'])
    expect(await call('import:commit', { uploadId: id, sourceName: '12345', mapping: first.mapping })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '请为以下字段指定列：来源渠道、诉求类别' },
    })

    const mapping = { ...first.mapping, defaults: { channel: 'transfer12345', category: 'other' } }
    const p = must<ImportPreview>(await call('import:preview', { uploadId: id, sourceName: '12345热线导出', mapping }))
    expect(p.counts).toEqual({ rows: 4, valid: 1, invalid: 3, duplicates: 0, alreadyImported: 0, flagged: 2 })
    expect(p.issues.map((i) => `${i.row} ${i.column} ${i.level} ${i.message}`)).toEqual([
      '3 来电号码 error 联系电话须为 11 位手机号码（以 1 开头）',
      '3 工单内容 warning 以 = + - @ 开头，已按文本导入（不作为公式计算）',
      '4 来电时间 error 日期不存在：2025年2月30日',
      '5 市民姓名 error 请填写反映人姓名',
      '5 工单内容 warning 以 = + - @ 开头，已按文本导入（不作为公式计算）',
    ])
    // formula-like text in a bad row is still only text
    expect(p.sample[1].cells[5]).toBe("=cmd|' /C calc'!A0")

    // the report, as csv and as xlsx: every finding and the row's cells, formulas neutralised
    const csvReport = must<ImportReportFile>(await call('import:report', { uploadId: id, format: 'csv' }))
    expect(csvReport).toMatchObject({ fileName: '12345-导入问题.csv', mime: 'text/csv;charset=utf-8' })
    const text = Buffer.from(csvReport.base64, 'base64').toString('utf8')
    expect(text.startsWith('\ufeff行号,列,级别,原因,序号,来电时间')).toBe(true)
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data
    expect(rows).toHaveLength(6)
    expect(rows[1].slice(0, 4)).toEqual(['3', '来电号码', '错误（未导入）', '联系电话须为 11 位手机号码（以 1 开头）'])
    expect(rows[1][9]).toBe("'=cmd|' /C calc'!A0")
    expect(rows[5][9]).toBe("'@SUM(1+1)")

    const xlsxReport = must<ImportReportFile>(await call('import:report', { uploadId: id, format: 'xlsx' }))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(xlsxReport.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    expect(ws.getRow(2).getCell(1).value).toBe('3')
    expect(ws.getRow(2).getCell(10).value).toBe("'=cmd|' /C calc'!A0")
    // no cell of the report is a formula
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)))

    must(await call('import:commit', { uploadId: id, sourceName: '12345热线导出', mapping }))
    expect(await finished(call, id)).toMatchObject({ phase: 'done', result: { imported: 1, invalid: 3 } })
    const [d] = await allDemands(t)
    expect(d).toMatchObject({ description: '楼道灯不亮', receivedAt: '2025-03-05T09:30:00+08:00', channel: 'transfer12345', category: 'other' })
  })

  it('refuses an empty file, a header-only file, a non-spreadsheet, an old .xls and a file over 50 MB, with reasons', async () => {
    const call = t.as.secretary
    expect(await call('import:start', { fileName: 'big.csv', size: IMPORT_MAX_BYTES + 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: IMPORT_TOO_LARGE },
    })
    expect(await call('import:start', { fileName: 'empty.csv', size: 0 })).toMatchObject({ ok: false, error: { message: '文件是空的（0 字节），请检查是否选错了文件' } })
    const cases: Array<[string, Uint8Array, string]> = [
      ['blank.csv', new TextEncoder().encode('\r\n,,\r\n'), '文件中没有任何内容（空表）'],
      ['head.csv', encodeGbk('社区,内容\r\n'), '文件只有表头（第 1 行），没有数据行'],
      ['photo.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), '无法读取该文件：内容不是文本表格（可能是图片、PDF 或压缩包）。请选择 .xlsx 或 .csv 表格文件'],
      ['old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), expect.stringContaining('旧版 Excel（.xls）') as never],
      ['fake.xlsx', new TextEncoder().encode('社区,内容\n七口堰,x\n'), expect.stringContaining('内容不是 Excel 工作簿') as never],
      ['broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), expect.stringContaining('Excel 文件已损坏') as never],
    ]
    for (const [name, bytes, message] of cases) {
      const id = await upload(call, name, bytes)
      expect(await call('import:preview', { uploadId: id }), name).toMatchObject({ ok: false, error: { code: 'VALIDATION', message } })
      expect(must<ImportProgress>(await call('import:progress', { uploadId: id })), name).toMatchObject({ phase: 'failed' })
    }
    expect(await allDemands(t)).toHaveLength(1)
  })

  it('refuses chunks out of order, past the size, or after the end', async () => {
    const call = t.as.secretary
    const { uploadId } = must<{ uploadId: string }>(await call('import:start', { fileName: 'a.csv', size: 4 }))
    expect(await call('import:chunk', { uploadId, offset: 2, data: 'YWI=' })).toMatchObject({ ok: false, error: { message: '分块顺序错误：应从第 0 字节开始' } })
    expect(await call('import:chunk', { uploadId, offset: 0, data: 'YWJjZGVm' })).toMatchObject({ ok: false, error: { message: '收到的内容比文件大小多，请重新选择文件' } })
    expect(must(await call('import:chunk', { uploadId, offset: 0, data: 'YWJjZA==' }))).toEqual({ received: 4, complete: true })
    expect(await call('import:chunk', { uploadId, offset: 4, data: 'YQ==' })).toMatchObject({ ok: false, error: { message: '文件已传完，不能再追加内容' } })
  })
})

describe('a write fault in the middle of an import', () => {
  it('takes back what was written: nothing half-imported, also after a restart', async () => {
    let armed = false
    let renames = 0
    // The third demand partition written during the import fails (EIO on rename).
    const fs: FsOps = {
      ...nodeFs,
      async rename(from, to) {
        if (armed && /demands[\\/]/.test(to) && ++renames === 3) throw Object.assign(new Error('injected EIO'), { code: 'EIO' })
        return nodeFs.rename(from, to)
      },
    }
    const key = randomBytes(32)
    const t = await team({ fs, key: { key: Buffer.from(key), protection: 'none' } })
    const rows = [HEADER, ...Array.from({ length: 6 }, (_, i) => ['七口堰', '', '热线', '停车', `居民${i}`, '', `2025/${1 + (i % 3)}/${10 + i}`, `第 ${i} 件`, ''])]
    const call = t.as.secretary
    const id = await upload(call, 'fault.xlsx', await makeXlsx(rows))
    const p = must<ImportPreview>(await call('import:preview', { uploadId: id }))
    expect(p.counts.valid).toBe(6)
    armed = true
    must(await call('import:commit', { uploadId: id, sourceName: 'fault', mapping: p.mapping }))
    const end = await finished(call, id)
    armed = false
    expect(end).toMatchObject({ phase: 'failed', message: expect.stringMatching(/^导入失败：保存失败.*本次导入已全部撤销，数据与导入前相同$/) })
    expect(await allDemands(t)).toEqual([])
    // a later import of the same file still works (nothing was marked as imported)
    must(await call('import:commit', { uploadId: id, sourceName: 'fault', mapping: p.mapping }))
    expect(await finished(call, id)).toMatchObject({ phase: 'done', result: { imported: 6 } })
    expect(await allDemands(t)).toHaveLength(6)
    await t.backend.close({ backup: false })

    // reopened on the same folder: the six, once
    const reopened = await openBackend({ dataDir: t.dataDir, key: { key, protection: 'none' } })
    const total = reopened.db.communities().reduce((n, c) => n + Object.values(reopened.db.countsOf(c.id)).reduce((m, x) => m + x.total, 0), 0)
    expect(total).toBe(6)
    await reopened.close({ backup: false })
  })
})

describe('a damaged import-mappings.json', () => {
  it('is quarantined and restored from the newest good backup, with a notice', async () => {
    const dir = await tempDir()
    const open = () => openDatabase({ dataDir: dir, collections: [importMappingsCollection as never] })
    const db = await open()
    await mappingStore(db).remember('12345热线导出', HEADER, { columns: { community: 0, description: 7 }, defaults: { channel: 'transfer12345' } }, '2026-05-20T10:00:00+08:00')
    await db.close() // exit backup
    await writeFile(`${dir}/${IMPORT_MAPPINGS_FILE}`, Buffer.from([0xc3, 0x28, 0xff, 0x00]))
    const db2 = await open()
    const found = await mappingStore(db2).find(undefined, HEADER)
    expect(found).toMatchObject({ sourceName: '12345热线导出', columns: { community: '社区', description: '诉求内容' }, defaults: { channel: 'transfer12345' } })
    expect(db2.notices().map((n) => n.message).join('\n')).toMatch(/import-mappings\.json/)
    expect((await readdir(dir)).some((f) => f.startsWith(`${IMPORT_MAPPINGS_FILE}.corrupt-`))).toBe(true)
    await db2.close({ backup: false })
  })
})
