import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Community, Demand } from '../../shared/domain/entities'
import { makeDemandId, openDatabase } from '../../electron/data'
import { migrate } from '../../electron/data/migrations'
import { decodeSummary, encodeSummary } from '../../electron/data/summary-file'
import { clock, crashed, readSummary, spyFs, tempDir } from './helpers'

const cA: Community = { id: 'cA', name: '东门社区', grids: [], compounds: [], revision: 1 }
let seq = 0
const demand = (month: string, extra: Partial<Demand> = {}): Demand => ({
  id: makeDemandId('cA', month, `f${++seq}`),
  communityId: 'cA',
  channel: 'petition',
  category: 'noise',
  reporterName: '王芳',
  receivedAt: `${month}-10T09:00:00+08:00`,
  description: '夜间施工噪音',
  status: 'called',
  createdAt: `${month}-10T09:00:00+08:00`,
  updatedAt: `${month}-10T09:00:00+08:00`,
  revision: 1,
  ...extra,
})

/**
 * Overwrites the first byte inside a community's part of summary.json (v4) with "x": the header
 * line and the file's length still hold, so only that part is damaged.
 */
async function damagePart(file: string, communityId: string): Promise<void> {
  const text = await readFile(file, 'utf8')
  const newline = text.indexOf('\n')
  const header = JSON.parse(`${text.slice(0, newline - 1)}}`) as { sections: { counts: Record<string, [number, number]> } }
  const at = newline + 1 + header.sections.counts[communityId][0] + 1
  expect(text[at - 1]).toBe('{')
  await writeFile(file, `${text.slice(0, at)}x${text.slice(at + 1)}`)
}

describe('summary v4 and the clean-shutdown fast path', () => {
  it('migrates a v1 summary to v4 losslessly, and a malformed v1 one to an invalid file', () => {
    const v1 = {
      schemaVersion: 1,
      counts: { cA: { '2026-05': { total: 2, byCategory: { noise: 2 }, byChannel: { petition: 1, hotline: 1 }, byStatus: { called: 2 } } } },
      partitions: { 'demands/cA/2026-05.json': { size: 900, mtimeMs: 1.5 }, 'not/a/partition': { size: 1, mtimeMs: 1 } },
    }
    const { data, migrated } = migrate('summary', 'summary.json', v1)
    expect(migrated).toBe(true)
    expect((data as { schemaVersion: number }).schemaVersion).toBe(4)
    const decoded = decodeSummary(data)!
    expect(decoded.cleanClose).toBe(false)
    expect(decoded.state.counts).toEqual(v1.counts)
    expect(decoded.state.partitions).toEqual({ 'demands/cA/2026-05.json': { size: 900, mtimeMs: 1.5 } })
    // round trip through the file's text, parsed whole
    expect(decodeSummary(JSON.parse(encodeSummary(decoded.state, true)))).toEqual({ state: decoded.state, cleanClose: true })
    const bad = { ...v1, counts: { cA: { '2026-05': { total: -1, byCategory: {}, byChannel: {}, byStatus: {} } } } }
    expect(decodeSummary(migrate('summary', 'summary.json', bad).data)).toBeNull()
    expect(decodeSummary({ ...(data as object), counts: { cA: { '2026-05': [2, [1], [], []] } } })).toBeNull()
    expect(decodeSummary({ ...(data as object), counts: { cA: '{"2026-05": [2,' } })).toBeNull()
    // v2 (each community's months as an object) and v3 (one JSON string each) -> v4, same counts
    const v4 = data as { counts: { cA: object }; partitions: { cA: object } }
    const v2 = { ...v4, schemaVersion: 2 }
    const lifted = migrate('summary', 'summary.json', v2)
    expect(lifted.migrated).toBe(true)
    expect(decodeSummary(lifted.data)!.state).toEqual(decoded.state)
    const v3 = { ...v4, schemaVersion: 3, counts: { cA: JSON.stringify(v4.counts.cA) }, partitions: { cA: JSON.stringify(v4.partitions.cA) } }
    expect(decodeSummary(migrate('summary', 'summary.json', v3).data)!.state).toEqual(decoded.state)
    // a v3 string that does not parse: the migrated file fails the check (rebuilt from the partitions)
    expect(decodeSummary(migrate('summary', 'summary.json', { ...v3, counts: { cA: '{"2026-05": [2,' } }).data)).toBeNull()
  })

  it('after close() trusts summary.json without a stat per partition; after a crash heals from every partition', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00+08:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([cA], [demand('2026-04'), demand('2026-05')])
    await db.saveDemand(demand('2026-05'))
    await db.close({ backup: false })
    expect((await readSummary(dir)).cleanClose).toBe(true)

    let fs = spyFs()
    const clean = await openDatabase({ dataDir: dir, fs, now })
    const statted = () => fs.calls.filter((c) => c.op === 'stat' && /demands[\\/]cA[\\/]2026-0\d\.json$/.test(c.path) && !c.path.includes('backups'))
    expect(statted()).toEqual([])
    expect(clean.countsOf('cA')['2026-05'].total).toBe(2)
    // The check behind the open stats them (files changed while the app was closed).
    await clean.whenIdle()
    expect(statted().length).toBeGreaterThanOrEqual(2)
    // The first change rewrites summary.json without cleanClose before touching a partition.
    await clean.saveDemand(demand('2026-05'))
    expect((await readSummary(dir)).cleanClose).toBe(false)
    expect((await readSummary(dir)).counts.cA['2026-05'].total).toBe(2) // saved lazily
    await crashed(dir)

    fs = spyFs()
    const healed = await openDatabase({ dataDir: dir, fs, now })
    expect(statted().length).toBeGreaterThanOrEqual(2)
    expect(healed.countsOf('cA')['2026-05'].total).toBe(3)
    await healed.close({ backup: false })
    expect((await readSummary(dir)).counts.cA['2026-05'].total).toBe(3)
  })

  it('opens summary.json by its header line; one that does not hold together is read whole (cut short: rebuilt), an older one migrated', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00+08:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([cA], [demand('2026-04'), demand('2026-05')])
    await db.close({ backup: false })
    const file = join(dir, 'summary.json')
    const good = await readFile(file, 'utf8')
    const [line1, body] = good.split('\n')
    expect(line1.startsWith('{"schemaVersion":4,')).toBe(true)
    expect(JSON.parse(good)).toMatchObject({ schemaVersion: 4, cleanClose: true, bodyBytes: body.length })

    const reopen = async (text: string) => {
      await writeFile(file, text)
      const again = await openDatabase({ dataDir: dir, now })
      const seen = { notices: again.notices().map((n) => n.message).join(), may: again.countsOf('cA')['2026-05']?.total }
      await again.close({ backup: false })
      return seen
    }
    // cut short by one byte: not the layout its header describes; read whole, it is no JSON
    // (quarantined, recounted)
    expect(await reopen(good.slice(0, -1))).toEqual({ notices: expect.stringContaining('JSON 格式错误'), may: 1 })
    // a section reaching past the body, or the file on one line (as a tool may write it): read whole
    const far = good.replace(/"cA":\[(\d+),(\d+)\]/, (_m, a: string) => `"cA":[${a},99999]`)
    expect(far).not.toBe(good)
    expect(await reopen(far)).toEqual({ notices: '', may: 1 })
    expect(await reopen(JSON.stringify(JSON.parse(good)))).toEqual({ notices: '', may: 1 })
    // a v3 file (each part a JSON string) opens without a notice and is saved as v4
    const v4 = JSON.parse(good) as { vocab: unknown; counts: Record<string, unknown>; partitions: Record<string, unknown> }
    const v3 = { schemaVersion: 3, vocab: v4.vocab, counts: { cA: JSON.stringify(v4.counts.cA) }, partitions: { cA: JSON.stringify(v4.partitions.cA) }, cleanClose: true }
    expect(await reopen(JSON.stringify(v3))).toEqual({ notices: '', may: 1 })
    expect((await readFile(file, 'utf8')).startsWith('{"schemaVersion":4,')).toBe(true)
    // a newer version is refused, not rebuilt
    await writeFile(file, good.replace('{"schemaVersion":4,', '{"schemaVersion":5,'))
    await expect(openDatabase({ dataDir: dir, now })).rejects.toThrow(/更新版本/)
  })

  it('a community part of a clean summary.json damaged on disk is recounted when first read', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00+08:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([cA], [demand('2026-04'), demand('2026-05'), demand('2026-05')])
    await db.close({ backup: false })
    const file = join(dir, 'summary.json')
    // One byte of cA's part overwritten (same length): the header line and the file's length hold.
    await damagePart(file, 'cA')

    const reopened = await openDatabase({ dataDir: dir, now })
    expect(reopened.notices()).toEqual([]) // the open trusted the outline
    expect(reopened.countsOf('cA')).toEqual({}) // the damaged part is dropped, not guessed
    await reopened.whenIdle()
    expect(reopened.notices().map((n) => n.message).join()).toContain('部分内容损坏')
    expect(reopened.countsOf('cA')['2026-05'].total).toBe(2)
    expect(reopened.countsOf('cA')['2026-04'].total).toBe(1)
    await reopened.close({ backup: false })
    expect((await readSummary(dir)).counts.cA['2026-05'].total).toBe(2)
  })
})

describe('a damaged summary part met by the check behind the open', () => {
  it('is recounted in that same check: the street total is whole without any community read first', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00+08:00')
    const cB: Community = { id: 'cB', name: '西门社区', grids: [], compounds: [], revision: 1 }
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([cA, cB], [demand('2026-04'), demand('2026-05'), { ...demand('2026-05'), id: makeDemandId('cB', '2026-05', 'b1'), communityId: 'cB' }])
    expect(db.demandTotal()).toBe(3)
    await db.close({ backup: false })
    // one byte of cB's part overwritten (same length)
    await damagePart(join(dir, 'summary.json'), 'cB')

    const reopened = await openDatabase({ dataDir: dir, now })
    await reopened.whenIdle() // the stat check behind the open, nothing read before it
    expect(reopened.demandTotal()).toBe(3)
    expect(reopened.countsOf('cB')['2026-05'].total).toBe(1)
    await reopened.close({ backup: false })
  })
})

describe('backups by hard link', () => {
  it('never share an inode with live files or with the next backup; rewriting one copy changes nothing else', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00+08:00')
    const db = await openDatabase({ dataDir: dir, now })
    const keep = demand('2026-04', { status: 'evaluated' })
    const gone = demand('2026-04')
    await db.addCommunities([cA], [keep, gone, demand('2026-05')])
    await db.whenIdle()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      now.advance(60_000)
      ids.push(await db.backup())
    }
    const rel = ['demands', 'cA', '2026-04.json']
    const ino = async (...p: string[]) => (await stat(join(dir, ...p))).ino
    const live = await ino(...rel)
    const [b1, b2, b3] = await Promise.all(ids.map((id) => ino('backups', id, ...rel)))
    expect([b1, b2, b3]).not.toContain(live)
    expect(b1).not.toBe(b2)
    expect(b2).not.toBe(b3)
    expect(b3).toBe(b1) // linked to the second newest backup's copy: two physical copies

    // Live file rewritten (delete erases it from live and from every backup copy)...
    await db.deleteDemand(gone.id)
    for (const id of ids) {
      expect(await readFile(join(dir, 'backups', id, ...rel), 'utf8')).not.toContain(gone.id)
      expect(await readFile(join(dir, 'backups', id, ...rel), 'utf8')).toContain(keep.id)
    }
    // ...and a backup copy rewritten: the live file and the other backups keep their content.
    const liveText = await readFile(join(dir, ...rel), 'utf8')
    const otherText = await readFile(join(dir, 'backups', ids[0], ...rel), 'utf8')
    const { writeFileDurable, nodeFs } = await import('../../electron/data')
    await writeFileDurable(nodeFs, join(dir, 'backups', ids[2], ...rel), '{"schemaVersion":1,"items":[]}')
    expect(await readFile(join(dir, ...rel), 'utf8')).toBe(liveText)
    expect(await readFile(join(dir, 'backups', ids[0], ...rel), 'utf8')).toBe(otherText)
    // A live file damaged in place (outside the app) does not reach any backup.
    await writeFile(join(dir, ...rel), 'garbage')
    expect(await readFile(join(dir, 'backups', ids[0], ...rel), 'utf8')).toBe(otherText)
    expect(await readFile(join(dir, 'backups', ids[1], ...rel), 'utf8')).toContain(keep.id)
    await db.close({ backup: false })
  })
})
