// Community import on a real data folder: an .xlsx and a GBK .csv parsed like the import screen
// does, an existing community extended, the same file twice adds nothing, bad rows leave data as
// it was, and a write fault in the middle of the commit leaves nothing half-written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rm } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { nodeFs, openDatabase, type FsOps } from '../../electron/data'
import { parseTable } from '../../electron/services/import-parse'
import { checkCommunityRows, commitCommunityPlan } from '../../electron/services/import-communities'
import { encodeGbk } from '../helpers/gbk'
import { openTeam, type Call, type Team } from '../helpers/sessions'
import { createImportService } from '../../electron/services/import'
import { AppError } from '../../shared/contract/errors'
import type { ChangedEvent, Envelope, ImportPreview, ImportProgress, ImportReportFile } from '../../shared/contract'
import { tempDir } from './helpers'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})
let n = 0
const newId = () => `t${++n}`

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('社区')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function freshDb(fs?: FsOps) {
  const dataDir = await tempDir()
  dirs.push(dataDir)
  return openDatabase({ dataDir, ...(fs ? { fs } : {}) })
}

const shape = (db: Awaited<ReturnType<typeof freshDb>>) =>
  db
    .communities()
    .map((c) => ({
      name: c.name,
      households: c.households,
      grids: c.grids.map((g) => g.name),
      compounds: c.compounds.map((p) => `${c.grids.find((g) => g.id === p.gridId)?.name ?? ''}/${p.name}`),
    }))
    .sort((a, b) => a.name.localeCompare(b.name))

describe('community import', () => {
  it('an operator limited to some communities may extend only those, and add none', async () => {
    const db = await freshDb()
    await commitCommunityPlan(db, checkCommunityRows(await parseTable(await xlsx([['社区', '网格'], ['东村', '一网格'], ['西村', '一网格']]), 'c.xlsx'), db.communities()), newId)
    const east = db.communities().find((c) => c.name === '东村')!
    const before = shape(db)
    const scope = { inScope: (id: string) => id === east.id, mayCreate: false }
    const table = await parseTable(await xlsx([['社区', '网格'], ['东村', '二网格'], ['西村', '二网格'], ['南村', '一网格']]), 'c.xlsx')
    const check = checkCommunityRows(table, db.communities(), undefined, scope)
    expect(check.issues.filter((i) => i.level === 'error').map((i) => [i.row, i.column, i.message])).toEqual([
      [3, '社区', '您的账户只负责部分社区，无权修改“西村”'],
      [4, '社区', '“南村”是新社区；您的账户只负责部分社区，不能新增社区'],
    ])
    // Only the operator's own community is in the plan; nothing has been written.
    expect(check.plan.map((p) => p.name)).toEqual(['东村'])
    expect(shape(db)).toEqual(before)
    // A street-wide account (no limits) may do all three.
    const street = checkCommunityRows(table, db.communities(), undefined, { inScope: () => true, mayCreate: true })
    expect(street.issues.filter((i) => i.level === 'error')).toEqual([])
    await db.close({ backup: false })
  })

  it('imports an .xlsx, then the same file again adds nothing', async () => {
    const db = await freshDb()
    const file = await xlsx([['社区', '网格', '小区', '户数'], ['新村', '一网格', '甲小区', '800'], ['新村', '一网格', '乙小区', ''], ['新村', '二网格', '', ''], ['孤社区', '', '', '']])
    const table = await parseTable(file, 'c.xlsx')
    const first = checkCommunityRows(table, db.communities())
    await commitCommunityPlan(db, first, newId)
    const after = shape(db)
    expect(after).toEqual([
      { name: '孤社区', households: undefined, grids: [], compounds: [] },
      { name: '新村', households: 800, grids: ['一网格', '二网格'], compounds: ['一网格/甲小区', '一网格/乙小区'] },
    ])
    const again = checkCommunityRows(await parseTable(file, 'c.xlsx'), db.communities())
    expect(again.plan).toEqual([])
    expect(again.counts).toMatchObject({ errors: 0, newCommunities: 0, newGrids: 0, newCompounds: 0 })
    expect(again.issues.every((i) => i.level === 'warning' && i.message.endsWith('已存在，跳过'))).toBe(true)
    await commitCommunityPlan(db, again, newId)
    expect(shape(db)).toEqual(after)
    await db.close({ backup: false })
  })

  it('extends an existing community from a GBK csv (revision checked)', async () => {
    const db = await freshDb()
    const stored = await db.saveCommunity({ id: 'c-old', name: '七口堰', grids: [{ id: 'c-old-g-1', name: '一网格' }], compounds: [] })
    const csv = encodeGbk('社区,网格,小区\r\n七口堰,一网格,阳光小区\r\n七口堰,三网格,\r\n')
    const table = await parseTable(Buffer.from(csv), 'c.csv')
    expect(table.encoding).toMatch(/gb/i)
    const check = checkCommunityRows(table, db.communities())
    await commitCommunityPlan(db, check, newId)
    expect(shape(db)).toEqual([{ name: '七口堰', households: undefined, grids: ['一网格', '三网格'], compounds: ['一网格/阳光小区'] }])
    expect(db.community('c-old')!.revision).toBe(stored.revision + 1)
    // a check made before someone else's edit is refused
    const stale = checkCommunityRows({ headers: ['社区', '网格'], rows: [{ row: 2, cells: ['七口堰', '四网格'] }] }, [{ ...db.community('c-old')!, revision: 1 }])
    await expect(commitCommunityPlan(db, stale, newId)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(db.community('c-old')!.grids.map((g) => g.name)).toEqual(['一网格', '三网格'])
    await db.close({ backup: false })
  })

  it('refuses a file with bad rows and writes nothing', async () => {
    const db = await freshDb()
    const table = await parseTable(Buffer.from('社区,网格,小区\n新村,一网格,甲小区\n,一网格,乙小区\n'), 'bad.csv')
    const check = checkCommunityRows(table, db.communities())
    expect(check.issues).toEqual([{ row: 3, column: '社区', field: 'community', level: 'error', message: '请填写社区名称' }])
    await expect(commitCommunityPlan(db, check, newId)).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(db.communities()).toEqual([])
    await db.close({ backup: false })
  })

  it('takes back what was written when a write fails in the middle', async () => {
    let armed = false
    let writes = 0
    const fs: FsOps = {
      ...nodeFs,
      async rename(from, to) {
        if (armed && /communities\.json$/.test(to) && ++writes === 3) throw Object.assign(new Error('injected EIO'), { code: 'EIO' })
        return nodeFs.rename(from, to)
      },
    }
    const db = await freshDb(fs)
    await db.saveCommunity({ id: 'c-old', name: '七口堰', grids: [], compounds: [] })
    const before = shape(db)
    const table = await parseTable(Buffer.from('社区,网格\n七口堰,一网格\n甲社区,\n乙社区,\n丙社区,\n'), 'f.csv')
    const check = checkCommunityRows(table, db.communities())
    armed = true
    await expect(commitCommunityPlan(db, check, newId)).rejects.toThrow()
    armed = false
    expect(shape(db)).toEqual(before)
    await db.close({ backup: false })
  })
})

// The same import through the import:* channels of the real backend, with real sessions.
const must = <T>(env: Envelope<unknown>): T => {
  if (!env.ok) throw new Error(`${env.error.code} ${env.error.message}`)
  return env.result as T
}

async function upload(call: Call, fileName: string, bytes: Uint8Array, kind: 'community' | 'demand' = 'community'): Promise<string> {
  const { uploadId } = must<{ uploadId: string }>(await call('import:start', { kind, fileName, size: bytes.length }))
  must(await call('import:chunk', { uploadId, offset: 0, data: Buffer.from(bytes).toString('base64') }))
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

const places = (t: Team) =>
  t.backend.db
    .communities()
    .map((c) => `${c.name}:${c.grids.map((g) => g.name).join('+')}:${c.compounds.map((p) => p.name).join('+')}`)
    .sort()

describe('community import through import:*', () => {
  let t: Team
  const events: ChangedEvent[] = []
  beforeAll(async () => {
    t = await openTeam()
    dirs.push(t.dataDir)
    must(await t.as.admin('community:create', { name: '七口堰社区', grids: [{ name: '第一网格' }], compounds: [{ name: '丽景花园', gridIndex: 0 }] }))
    t.backend.onChanged((e) => events.push(e))
  })
  afterAll(() => t.backend.close({ backup: false }))

  const HEAD = ['所属社区', '网格', '小区', '户数', '备注']
  const GOOD = [
    ['东湖社区', '一网格', '甲苑', '1200', ''],
    ['东湖社区', '一网格', '乙苑', '', ''],
    ['东湖社区', '二网格', '', '', ''],
    ['七口堰社区', '第一网格', '丽景花园', '', '已有'],
    ['七口堰社区', '第二网格', '新城小区', '', ''],
  ]

  it('reports bad rows by row and field, refuses the commit, and writes nothing', async () => {
    const before = places(t)
    const bytes = await xlsx([HEAD, ...GOOD.slice(0, 2), ['', '一网格', '丙苑', '', ''], ['东湖社区', '一网格', '丁苑', '很多', ''], ...GOOD.slice(2)])
    const id = await upload(t.as.secretary, '社区名册.xlsx', bytes)
    const p = must<ImportPreview>(await t.as.secretary('import:preview', { uploadId: id }))
    expect(p).toMatchObject({ kind: 'community', headers: HEAD, sourceName: '社区名册', remembered: false, unmapped: ['所属社区', '备注'] })
    // 所属社区 is read as 社区 only through the mapping the user gives; by header, it has no 社区 column
    expect(p.mapping.columns).toEqual({ grid: 1, compound: 2, households: 3 })
    expect(p.missing).toEqual(['community'])
    const mapping = { columns: { community: 0, grid: 1, compound: 2, households: 3 }, defaults: {} }
    const q = must<ImportPreview>(await t.as.secretary('import:preview', { uploadId: id, sourceName: '社区名册', mapping }))
    expect(q.issues.filter((i) => i.level === 'error')).toEqual([
      { row: 4, column: '所属社区', field: 'community', level: 'error', message: '请填写社区名称' },
      { row: 5, column: '户数', field: 'households', level: 'error', message: '户数须为 0–100000 的整数' },
    ])
    expect(q.counts).toMatchObject({ rows: 7, invalid: 2, alreadyImported: 1 })
    const refused = await t.as.secretary('import:commit', { uploadId: id, sourceName: '社区名册', mapping })
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('第 4 行“所属社区”：请填写社区名称') } })
    expect(places(t)).toEqual(before)

    // the report names the rows, with their cells
    const report = must<ImportReportFile>(await t.as.secretary('import:report', { uploadId: id, format: 'xlsx' }))
    expect(report.fileName).toBe('社区名册-导入问题.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(report.base64, 'base64') as unknown as ArrayBuffer)
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 6))
    expect(rows[0]).toEqual(['行号', '列', '级别', '原因', '所属社区'])
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toContainEqual(['4', '所属社区', '错误（未导入）', '请填写社区名称'])
  })

  it('imports the fixed file all at once, audited, announced, with the mapping remembered; the same file again adds nothing', async () => {
    events.length = 0
    const bytes = await xlsx([HEAD, ...GOOD])
    const id = await upload(t.as.secretary, '社区名册.xlsx', bytes)
    // the mapping given before is not remembered yet (nothing was imported)
    const first = must<ImportPreview>(await t.as.secretary('import:preview', { uploadId: id }))
    expect(first.remembered).toBe(false)
    const mapping = { columns: { community: 0, grid: 1, compound: 2, households: 3 }, defaults: {} }
    const p = must<ImportPreview>(await t.as.secretary('import:preview', { uploadId: id, sourceName: '社区名册', mapping }))
    expect(p.issues).toEqual([{ row: 5, column: '小区', field: 'compound', level: 'warning', message: '小区“丽景花园”已存在，跳过' }])
    expect(p.counts).toMatchObject({ rows: 5, valid: 4, invalid: 0, alreadyImported: 1 })
    expect(p.communities).toEqual({ newCommunities: 1, changedCommunities: 1, newGrids: 3, newCompounds: 3 })
    must(await t.as.secretary('import:commit', { uploadId: id, sourceName: '社区名册', mapping }))
    const done = await finished(t.as.secretary, id)
    expect(done).toMatchObject({ phase: 'done', result: { kind: 'community', imported: 4, alreadyImported: 1, communities: p.communities } })
    expect(places(t)).toEqual(['七口堰社区:第一网格+第二网格:丽景花园+新城小区', '东湖社区:一网格+二网格:甲苑+乙苑'])
    const east = t.backend.db.communities().find((c) => c.name === '东湖社区')!
    expect(east.households).toBe(1200)
    expect(east.compounds.map((c) => east.grids.find((g) => g.id === c.gridId)?.name)).toEqual(['一网格', '一网格'])
    expect(events.some((e) => e.area === 'community')).toBe(true)

    const entry = (await t.backend.audit.list({ page: 1, pageSize: 10 })).items.find((e) => e.action === 'community.import')!
    expect(entry).toMatchObject({
      actor: '李秘书（秘书）',
      target: '社区名册',
      detail: { fileName: '社区名册.xlsx', communitiesAdded: 1, communitiesChanged: 1, gridsAdded: 3, compoundsAdded: 3 },
    })

    // the same file again: the mapping is remembered for this source (and header), nothing is added
    const again = await upload(t.as.secretary, '社区名册.xlsx', bytes)
    const p2 = must<ImportPreview>(await t.as.secretary('import:preview', { uploadId: again }))
    expect(p2).toMatchObject({ remembered: true, sourceName: '社区名册', sources: ['社区名册'], mapping })
    expect(p2.counts).toMatchObject({ valid: 0, invalid: 0, alreadyImported: 5 })
    const refused = await t.as.secretary('import:commit', { uploadId: again, sourceName: '社区名册', mapping })
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '没有可导入的内容：5 行的社区、网格或小区已存在' } })
    expect(places(t)).toEqual(['七口堰社区:第一网格+第二网格:丽景花园+新城小区', '东湖社区:一网格+二网格:甲苑+乙苑'])
    // a demand import of a file with the same header does not take the community mapping
    const asDemand = await upload(t.as.secretary, '社区名册.xlsx', bytes, 'demand')
    const p3 = must<ImportPreview>(await t.as.secretary('import:preview', { uploadId: asDemand }))
    expect(p3).toMatchObject({ kind: 'demand', remembered: false, sources: [] })
  })

  it('lets only roles that manage communities import them (zh-CN FORBIDDEN), and keeps each kind to its own fields', async () => {
    const bytes = new TextEncoder().encode('社区,网格\n南湖社区,一网格\n')
    const chair = await t.as.chair('import:start', { kind: 'community', fileName: 'c.csv', size: bytes.length })
    expect(chair).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '当前身份（主持人）无权导入社区、网格和小区（需要“管理社区”权限）' } })
    expect(await t.as.leader('import:start', { kind: 'community', fileName: 'c.csv', size: bytes.length })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // the chair may still import demands
    expect(await t.as.chair('import:start', { kind: 'demand', fileName: 'd.csv', size: 10 })).toMatchObject({ ok: true })

    const id = await upload(t.as.admin, 'c.csv', bytes)
    const wrong = await t.as.admin('import:preview', { uploadId: id, mapping: { columns: { community: 0, description: 1 }, defaults: {} } })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '社区导入没有“诉求内容”字段' } })
    const channel = await t.as.admin('import:commit', { uploadId: id, sourceName: 'x', mapping: { columns: { community: 0 }, defaults: { channel: 'hotline' } } })
    expect(channel).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '社区导入没有来源渠道和诉求类别' } })
    const demandId = await upload(t.as.admin, 'd.csv', bytes, 'demand')
    const grid = await t.as.admin('import:preview', { uploadId: demandId, mapping: { columns: { community: 0, grid: 1 }, defaults: {} } })
    expect(grid).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '诉求导入没有“网格”字段' } })
    expect(places(t)).not.toContainEqual(expect.stringMatching(/^南湖社区/))
  })
})

describe('community import when the audit entry cannot be written', () => {
  it('takes the written communities back: nothing half-imported', async () => {
    const db = await freshDb()
    await db.saveCommunity({ id: 'c-old', name: '七口堰', grids: [], compounds: [] })
    const before = shape(db)
    const service = createImportService({
      db,
      now: () => new Date('2026-05-20T10:00:00+08:00'),
      newId,
      createDemands: async () => [],
      audit: { append: async () => Promise.reject(new AppError('WRITE_FAILED', '审计日志写入失败')) },
    })
    const bytes = Buffer.from('社区,网格,小区\n七口堰,一网格,甲苑\n新村,,\n')
    const { uploadId } = await service.start({ kind: 'community', fileName: 'c.csv', size: bytes.length })
    await service.chunk({ uploadId, offset: 0, data: bytes.toString('base64') })
    const p = await service.preview({ uploadId })
    expect(p.communities).toEqual({ newCommunities: 1, changedCommunities: 1, newGrids: 1, newCompounds: 1 })
    await service.commit({ uploadId, sourceName: p.sourceName, mapping: p.mapping })
    let progress = await service.progress({ uploadId })
    while (progress.phase === 'writing') {
      await new Promise((r) => setTimeout(r, 10))
      progress = await service.progress({ uploadId })
    }
    expect(progress).toMatchObject({ phase: 'failed', message: '导入失败：审计日志写入失败。本次导入已全部撤销，数据与导入前相同' })
    expect(shape(db)).toEqual(before)
    await db.close({ backup: false })
  })
})
