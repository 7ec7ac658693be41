// An import writes its new demands into several partition files (one per community and month);
// bulk-writes.json journals the batch first, so an import cut off by a crash between two of those
// writes is taken back whole at the next open (issue 9: "all valid rows or nothing").
import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Community, Demand } from '../../shared/domain/entities'
import { nodeFs, openDatabase, type FsOps } from '../../electron/data'
import { BULK_WRITES_FILE } from '../../electron/data/builtin'
import { clock, crashed, spyFs, tempDir } from './helpers'
import { demandMaker } from '../helpers/data-records'

const COMMUNITIES: Community[] = [
  { id: 'cA', name: '东门社区', grids: [], compounds: [], revision: 1 },
  { id: 'cB', name: '七口堰社区', grids: [], compounds: [], revision: 1 },
]
const make = demandMaker('b')
let seq = 0
const demand = (communityId: string, month: string): Demand =>
  make(month, { communityId, category: 'environment', reporterPhone: undefined, description: '楼道堆放杂物', importFingerprint: `fp-${++seq}` })
/** Six new demands in six partition files. */
const batch = () => COMMUNITIES.flatMap((c) => ['2026-01', '2026-02', '2026-03'].map((m) => demand(c.id, m)))

/** nodeFs whose writes of demand partitions stop answering after `n` of them (the app froze, then died). */
function freezingFs(n: number): FsOps & { frozen: () => boolean } {
  let done = 0
  return {
    ...nodeFs,
    rename: (from, to) => (/[\\/]demands[\\/]/.test(to) && ++done > n ? new Promise<void>(() => undefined) : nodeFs.rename(from, to)),
    frozen: () => done > n,
  }
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!check()) throw new Error('timed out')
}

describe('bulk writes: all or nothing', () => {
  it('takes back an import that a crash cut off between two partition files, and says so', async () => {
    const dir = await tempDir()
    const fs = freezingFs(2)
    const db = await openDatabase({ dataDir: dir, fs, now: clock('2026-04-01T09:00:00+08:00') })
    await db.addCommunities(COMMUNITIES, [])
    const demands = batch()
    void db.putDemands(demands, { mode: 'insert' })
    await waitFor(fs.frozen)
    // The folder as the crash left it: the journal entry and two of six partition files written.
    const copy = await tempDir()
    await cp(dir, copy, { recursive: true })
    await crashed(copy)
    expect(JSON.parse(await readFile(join(copy, BULK_WRITES_FILE), 'utf8')).items[0].ids).toEqual(demands.map((d) => d.id))
    let written = 0
    for (const d of demands) {
      const raw = await readFile(join(copy, 'demands', d.communityId, `${d.receivedAt.slice(0, 7)}.json`), 'utf8').catch(() => null)
      if (raw?.includes(d.id)) written++
    }
    expect(written).toBe(2)

    const reopened = await openDatabase({ dataDir: copy, now: clock('2026-04-01T10:00:00+08:00') })
    for (const d of demands) expect(await reopened.getDemand(d.id)).toBeUndefined()
    expect(reopened.countsOf('cA')).toEqual({})
    expect(reopened.countsOf('cB')).toEqual({})
    // (the start is told in the computer's own clock, as backups are)
    expect(reopened.notices().map((n) => n.message).join('\n')).toMatch(/一次批量导入（2026年4月1日 \d\d:00:00开始，共 6 条诉求）尚未写完，已撤销其中已写入的 2 条，数据与导入前相同/)
    expect(JSON.parse(await readFile(join(copy, BULK_WRITES_FILE), 'utf8')).items).toEqual([])
    await reopened.close({ backup: false })
  })

  it('leaves no journal entry after a finished import, and writes one before the first partition', async () => {
    const dir = await tempDir()
    const fs = spyFs()
    const db = await openDatabase({ dataDir: dir, fs, now: clock('2026-04-01T09:00:00+08:00') })
    await db.addCommunities(COMMUNITIES, [])
    const demands = batch()
    await db.putDemands(demands, { mode: 'insert' })
    for (const d of demands) expect((await db.getDemand(d.id))?.description).toBe('楼道堆放杂物')
    const renames = fs.calls.filter((c) => c.op === 'rename').map((c) => c.path)
    const journal = renames.filter((p) => p.endsWith(BULK_WRITES_FILE))
    expect(journal).toHaveLength(2) // the entry, then its removal
    expect(renames.indexOf(journal[0])).toBeLessThan(renames.findIndex((p) => /[\\/]demands[\\/]/.test(p)))
    expect(renames.lastIndexOf(journal[1])).toBeGreaterThan(renames.map((p) => /[\\/]demands[\\/]/.test(p)).lastIndexOf(true))
    expect(JSON.parse(await readFile(join(dir, BULK_WRITES_FILE), 'utf8')).items).toEqual([])
    await db.close({ backup: false })
  })

  it('a write error midway takes the batch back at once and drops the entry', async () => {
    const dir = await tempDir()
    const fs = spyFs()
    const db = await openDatabase({ dataDir: dir, fs, now: clock('2026-04-01T09:00:00+08:00') })
    await db.addCommunities(COMMUNITIES, [])
    const demands = batch()
    fs.failNext('rename', /[\\/]demands[\\/]cB[\\/]2026-01/, 'ENOSPC')
    await expect(db.putDemands(demands, { mode: 'insert' })).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    for (const d of demands) expect(await db.getDemand(d.id)).toBeUndefined()
    expect(JSON.parse(await readFile(join(dir, BULK_WRITES_FILE), 'utf8')).items).toEqual([])
    await db.close({ backup: false })
  })
})
