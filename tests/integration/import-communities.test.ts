// Community import on a real data folder: an .xlsx and a GBK .csv parsed like the import screen
// does, an existing community extended, the same file twice adds nothing, bad rows leave data as
// it was, and a write fault in the middle of the commit leaves nothing half-written.
import { afterAll, describe, expect, it } from 'vitest'
import { rm } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { nodeFs, openDatabase, type FsOps } from '../../electron/data'
import { parseTable } from '../../electron/services/import-parse'
import { checkCommunityRows, commitCommunityPlan } from '../../electron/services/import-communities'
import { encodeGbk } from '../helpers/gbk'
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
    expect(check.issues).toEqual([{ row: 3, column: '社区', level: 'error', message: '请填写社区名称' }])
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
