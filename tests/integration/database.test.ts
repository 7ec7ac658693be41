import { readdir, readFile, rm, stat, writeFile, mkdir, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import type { Community, Demand } from '../../shared/domain/entities'
import { openDatabase, makeDemandId, type Database } from '../../electron/data'
import { clock, crashed, readSummary, spyFs, tempDir } from './helpers'

const community = (id: string, extra: Partial<Community> = {}): Community => ({
  id,
  name: `${id}社区`,
  grids: [{ id: `${id}-g1`, name: '第一网格' }],
  compounds: [{ id: `${id}-c1`, name: '丽景花园', gridId: `${id}-g1` }],
  revision: 1,
  ...extra,
})

let seq = 0
const demand = (communityId: string, receivedAt: string, extra: Partial<Demand> = {}): Demand => {
  const month = receivedAt.slice(0, 7) // test times are mid-month, so any offset gives this month
  return {
    id: makeDemandId(communityId, month, `t${++seq}`),
    communityId,
    channel: 'hotline',
    category: 'facilities',
    reporterName: '王芳',
    reporterPhone: '13812345678',
    receivedAt,
    description: '3栋楼道灯不亮，夜间出行不便',
    status: 'called',
    createdAt: receivedAt,
    updatedAt: receivedAt,
    revision: 1,
    ...extra,
  }
}

const readJson = async (p: string) => JSON.parse(await readFile(p, 'utf8'))

/** A data folder with one community and three demands over two months, closed (so backed up). */
async function seeded(dataDir: string, now = clock('2026-05-20T10:00:00+08:00')) {
  const db = await openDatabase({ dataDir, now })
  await db.addCommunities([community('cA'), community('cB')], [])
  await db.saveDemand(demand('cA', '2026-04-10T09:00:00+08:00'))
  await db.saveDemand(demand('cA', '2026-05-12T09:00:00+08:00', { channel: 'petition' }))
  await db.saveDemand(demand('cB', '2026-05-13T09:00:00+08:00'))
  await db.close()
  return now
}

describe('partitioned database', () => {
  it('lays out communities, partitions and summary, and counts per month', async () => {
    const dir = await tempDir()
    await seeded(dir)
    expect((await readdir(dir)).sort()).toEqual(['backups', 'communities.json', 'demands', 'summary.json'])
    expect((await readdir(join(dir, 'demands', 'cA'))).sort()).toEqual(['2026-04.json', '2026-05.json'])
    const part = await readJson(join(dir, 'demands', 'cA', '2026-05.json'))
    expect(part.schemaVersion).toBe(2)
    expect(part.items).toHaveLength(1)
    const summary = await readSummary(dir)
    expect(summary.schemaVersion).toBe(4)
    expect(summary.cleanClose).toBe(true)
    expect(summary.counts.cA['2026-05']).toEqual({
      total: 1,
      byCategory: { facilities: 1 },
      byChannel: { petition: 1 },
      byStatus: { called: 1 },
    })
    expect(Object.keys(summary.partitions).sort()).toEqual([
      'demands/cA/2026-04.json',
      'demands/cA/2026-05.json',
      'demands/cB/2026-05.json',
    ])
  })

  it('does not load history at startup', async () => {
    const dir = await tempDir()
    await seeded(dir)
    const fs = spyFs()
    const db = await openDatabase({ dataDir: dir, fs, now: clock('2026-05-20T10:00:00+08:00') })
    expect(fs.reads().some((p) => p.includes(`${join('demands', 'cA')}`) && !p.includes('backups'))).toBe(false)
    expect(db.countsOf('cA')['2026-04'].total).toBe(1)
    expect(db.demandTotal()).toBe(3)
  })

  it('heals the summary after a crash between the partition write and the summary write', async () => {
    const dir = await tempDir()
    const now = await seeded(dir)
    const db = await openDatabase({ dataDir: dir, now })
    await db.saveDemand(demand('cB', '2026-05-14T09:00:00+08:00'))
    // The first change of the session rewrote summary.json without cleanClose; nothing since.
    const oldSummary = await readFile(join(dir, 'summary.json'))
    expect((await readSummary(dir)).cleanClose).toBe(false)
    await db.saveDemand(demand('cA', '2026-05-14T09:00:00+08:00', { category: 'parking' }))
    await db.saveDemand(demand('cB', '2026-03-01T12:00:00+08:00'))
    // The crash: the partitions reached the disk, the summary did not.
    await writeFile(join(dir, 'summary.json'), oldSummary)
    // And a partition vanished (deleted by hand) while the summary still lists it.
    await unlink(join(dir, 'demands', 'cA', '2026-04.json'))

    await crashed(dir)
    const reopened = await openDatabase({ dataDir: dir, now })
    expect(reopened.countsOf('cA')['2026-05']).toMatchObject({ total: 2, byCategory: { facilities: 1, parking: 1 } })
    expect(reopened.countsOf('cA')['2026-04']).toBeUndefined()
    expect(reopened.countsOf('cB')['2026-03'].total).toBe(1)
    expect(reopened.countsOf('cB')['2026-05'].total).toBe(2)
    const summary = await readSummary(dir)
    expect(summary.counts.cA['2026-05'].total).toBe(2)
    expect(summary.partitions['demands/cA/2026-04.json']).toBeUndefined()
    expect(summary.partitions['demands/cB/2026-03.json']).toBeDefined()
    expect(reopened.notices()).toEqual([])
  })

  it('keeps the change when only the summary write fails, and heals at the next start', async () => {
    const dir = await tempDir()
    const now = await seeded(dir)
    const fs = spyFs()
    const db = await openDatabase({ dataDir: dir, fs, now })
    // The first change of a session opened on a cleanly closed summary rewrites it (unmarked)
    // first; if that fails, the change fails with nothing written.
    fs.failNext('rename', /summary\.json$/, 'EIO')
    const d = demand('cA', '2026-05-15T09:00:00+08:00')
    await expect(db.saveDemand(d)).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    expect(db.countsOf('cA')['2026-05'].total).toBe(1)
    await db.saveDemand(d)
    expect(db.countsOf('cA')['2026-05'].total).toBe(2)
    // summary.json is saved lazily: still the count before the change.
    expect((await readSummary(dir)).counts.cA['2026-05'].total).toBe(1)
    // close() cannot save it: not marked clean, so the next start heals it.
    fs.failNext('rename', /summary\.json$/, 'EIO')
    await db.close({ backup: false })
    expect((await readSummary(dir)).cleanClose).toBe(false)
    const reopened = await openDatabase({ dataDir: dir, now })
    expect(reopened.countsOf('cA')['2026-05'].total).toBe(2)
  })

  it('leaves memory and files unchanged when a partition write fails', async () => {
    const dir = await tempDir()
    const now = await seeded(dir)
    const fs = spyFs()
    const db = await openDatabase({ dataDir: dir, fs, now })
    const file = join(dir, 'demands', 'cA', '2026-05.json')
    const before = await readFile(file, 'utf8')
    const existing = (await db.readPartition('cA', '2026-05'))[0]
    fs.failNext('rename', /2026-05\.json$/, 'ENOSPC')
    const err = await db.saveDemand({ ...existing, status: 'accepted' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'WRITE_FAILED', message: '保存失败：磁盘空间不足，本次修改未保存' })
    expect(await readFile(file, 'utf8')).toBe(before)
    expect((await db.getDemand(existing.id))?.status).toBe('called')
    expect(db.countsOf('cA')['2026-05'].byStatus).toEqual({ called: 1 })
    expect((await readdir(join(dir, 'demands', 'cA'))).filter((n) => n.endsWith('.tmp'))).toEqual([])
    // The queue is not stuck after a failure.
    await db.saveDemand({ ...existing, status: 'accepted' })
    expect((await db.getDemand(existing.id))?.status).toBe('accepted')
  })

  it('removes temp files left by a crash mid-write, and never reads them', async () => {
    const dir = await tempDir()
    const now = await seeded(dir)
    await writeFile(join(dir, '.communities.json.999.abcdef.tmp'), '{"schemaVersion":1,"communities":[]}')
    await writeFile(join(dir, 'demands', 'cA', '.2026-05.json.999.abcdef.tmp'), '{"schemaVersion":1,')
    await mkdir(join(dir, 'backups', '.partial-20260520-000000'), { recursive: true })
    const db = await openDatabase({ dataDir: dir, now })
    expect(db.communities()).toHaveLength(2)
    // After a clean close the sweep runs behind the open (through the write queue).
    await db.whenIdle()
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
    expect((await readdir(join(dir, 'demands', 'cA'))).sort()).toEqual(['2026-04.json', '2026-05.json'])
    expect((await readdir(join(dir, 'backups'))).filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('serialises concurrent writes to one partition', async () => {
    const dir = await tempDir()
    const db = await openDatabase({ dataDir: dir, now: clock('2026-05-20T10:00:00+08:00') })
    await db.addCommunities([community('cA')], [])
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.saveDemand(demand('cA', `2026-05-${String(i + 1).padStart(2, '0')}T09:00:00+08:00`))))
    expect((await readJson(join(dir, 'demands', 'cA', '2026-05.json'))).items).toHaveLength(20)
    expect(db.countsOf('cA')['2026-05'].total).toBe(20)
  })
})

describe('schema versions', () => {
  it('migrates legacy v0 files (bare arrays, no schemaVersion) to the current version at startup (records get revision 1)', async () => {
    const dir = await tempDir()
    const { revision: _c, ...legacyCommunity } = community('cA')
    await writeFile(join(dir, 'communities.json'), JSON.stringify([legacyCommunity]))
    await mkdir(join(dir, 'demands', 'cA'), { recursive: true })
    const d = demand('cA', '2026-02-10T09:00:00+08:00', { channel: 'petition' })
    const { revision: _d, ...legacy } = d
    await writeFile(join(dir, 'demands', 'cA', '2026-02.json'), JSON.stringify([legacy]))
    await writeFile(join(dir, 'summary.json'), JSON.stringify({ counts: { cA: { '2026-02': { total: 9, byCategory: {}, byChannel: {}, byStatus: {} } } } }))

    const db = await openDatabase({ dataDir: dir, now: clock('2026-05-20T10:00:00+08:00') })
    expect(db.communities().map((c) => c.id)).toEqual(['cA'])
    // The v0 summary keeps no partition stats, so the partition is recounted from the file.
    expect(db.countsOf('cA')['2026-02']).toMatchObject({ total: 1, byChannel: { petition: 1 } })
    expect(await readJson(join(dir, 'communities.json'))).toEqual({ schemaVersion: 2, communities: [community('cA')] })
    expect(await readJson(join(dir, 'demands', 'cA', '2026-02.json'))).toEqual({ schemaVersion: 2, items: [d] })
    expect((await readSummary(dir)).schemaVersion).toBe(4)
    expect(db.notices()).toEqual([])
  })

  it('refuses to open data written by a newer version, and leaves it untouched', async () => {
    const dir = await tempDir()
    const text = JSON.stringify({ schemaVersion: 3, communities: [], somethingNew: true })
    await writeFile(join(dir, 'communities.json'), text)
    const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toContain('更新版本的议事台')
    expect((err as AppError).message).toContain('communities.json')
    expect(await readFile(join(dir, 'communities.json'), 'utf8')).toBe(text)
    expect((await readdir(dir)).filter((n) => n.includes('corrupt'))).toEqual([])
  })

  it('refuses a newer partition found at startup', async () => {
    const dir = await tempDir()
    await seeded(dir)
    const file = join(dir, 'demands', 'cB', '2026-05.json')
    const text = JSON.stringify({ schemaVersion: 7, items: [] })
    await writeFile(file, text)
    // After a crash the open heals from every partition, and refuses.
    await crashed(dir)
    await writeFile(join(dir, 'yishi.lock'), JSON.stringify({ pid: 2 ** 30, hostname: hostname(), startedAt: '' }))
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/demands\/cB\/2026-05\.json.*更新版本的议事台/)
    expect(await readFile(file, 'utf8')).toBe(text)
    // After a clean close the open trusts the summary; the check behind it finds the file,
    // says so, and reading it is refused. Nothing is modified.
    await rm(join(dir, 'yishi.lock'), { force: true })
    const db = await openDatabase({ dataDir: dir })
    await db.whenIdle()
    expect(db.notices().map((n) => n.message).join()).toMatch(/demands\/cB\/2026-05\.json.*更新版本的议事台/)
    await expect(db.readPartition('cB', '2026-05')).rejects.toThrow(/更新版本的议事台/)
    expect(await readFile(file, 'utf8')).toBe(text)
  })
})

const CORRUPTIONS: Array<[string, Uint8Array]> = [
  ['0 bytes', new Uint8Array()],
  ['NUL bytes', new Uint8Array(300)],
  ['truncated', Buffer.from('{"schemaVersion":1,"communities":[{"id":"cA","na')],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])],
  ['schema failure', Buffer.from(JSON.stringify({ schemaVersion: 1, communities: [{ id: 'has space', name: 1 }] }))],
]

async function corruptFiles(dir: string, rel: string): Promise<string[]> {
  const folder = join(dir, ...rel.split('/').slice(0, -1))
  const name = rel.split('/').at(-1)!
  return (await readdir(folder)).filter((n) => n.startsWith(`${name}.corrupt-`))
}

describe('corruption', () => {
  it.each(CORRUPTIONS)('quarantines communities.json with %s and restores the newest good backup', async (_kind, bytes) => {
    const dir = await tempDir()
    const now = await seeded(dir)
    // A newer backup whose copy is itself damaged must be skipped.
    now.advance(3600_000)
    const db0 = await openDatabase({ dataDir: dir, now })
    await writeFile(join(dir, 'communities.json'), '{"schemaVersion":1,')
    await db0.backup()
    await writeFile(join(dir, 'communities.json'), bytes)

    now.set('2026-05-21T08:09:10+08:00')
    await crashed(dir)
    const db = await openDatabase({ dataDir: dir, now })
    expect(db.communities().map((c) => c.id)).toEqual(['cA', 'cB'])
    const quarantined = await corruptFiles(dir, 'communities.json')
    expect(quarantined).toHaveLength(1)
    expect(quarantined[0]).toMatch(/^communities\.json\.corrupt-\d{14}$/)
    expect(new Uint8Array(await readFile(join(dir, quarantined[0])))).toEqual(new Uint8Array(bytes))
    const notices = db.notices()
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ level: 'warning', file: 'communities.json' })
    expect(notices[0].message).toContain('communities.json')
    expect(notices[0].message).toContain('已从')
    expect(notices[0].message).toContain('的备份恢复')
    // The restored file is valid on disk, so the next start is quiet.
    await crashed(dir)
    const again = await openDatabase({ dataDir: dir, now })
    expect(again.notices()).toEqual([])
    expect(again.communities()).toHaveLength(2)
  })

  it('without a good backup starts that file empty and says so', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'communities.json'), new Uint8Array(16))
    const db = await openDatabase({ dataDir: dir, now: clock('2026-05-20T10:00:00+08:00') })
    expect(db.communities()).toEqual([])
    const [notice] = db.notices()
    expect(notice.level).toBe('error')
    expect(notice.message).toMatch(/communities\.json.*没有找到完好的备份.*空白/)
    expect(await corruptFiles(dir, 'communities.json')).toHaveLength(1)
    expect(db.dismissNotice(notice.id)).toBe(true)
    expect(db.notices()).toEqual([])
  })

  it('rebuilds a corrupt summary.json from the partitions', async () => {
    const dir = await tempDir()
    const now = await seeded(dir)
    await writeFile(join(dir, 'summary.json'), '{"schemaVersion":1,"counts":{"cA":')
    const db = await openDatabase({ dataDir: dir, now })
    expect(db.countsOf('cA')['2026-04'].total).toBe(1)
    expect(db.countsOf('cA')['2026-05'].total).toBe(1)
    expect(db.countsOf('cB')['2026-05'].total).toBe(1)
    expect(db.notices()[0].message).toMatch(/summary\.json.*重新统计/)
    expect(await corruptFiles(dir, 'summary.json')).toHaveLength(1)
  })

  it('repairs a partition found corrupt on lazy load, from backup', async () => {
    const dir = await tempDir()
    const now = await seeded(dir)
    const rel = 'demands/cA/2026-04.json'
    const file = join(dir, 'demands', 'cA', '2026-04.json')
    await writeFile(file, '{"schemaVersion":1,"items":[{"id":"cA~202604~x"')
    // Make the summary agree with the damaged file's stat, so startup does not look at it.
    const summary = await readJson(join(dir, 'summary.json'))
    const s = await stat(file)
    summary.partitions.cA = { ...summary.partitions.cA, '2026-04': [s.size, s.mtimeMs] }
    delete summary.cleanClose
    await writeFile(join(dir, 'summary.json'), JSON.stringify(summary))

    const db = await openDatabase({ dataDir: dir, now })
    expect(db.notices()).toEqual([])
    const items = await db.readPartition('cA', '2026-04')
    expect(items).toHaveLength(1)
    expect(db.notices()[0]).toMatchObject({ file: rel })
    expect(db.notices()[0].message).toContain('的备份恢复')
    expect(await corruptFiles(dir, rel)).toHaveLength(1)
    expect((await readJson(file)).items).toHaveLength(1)
  })

  it('rejects a partition holding a demand of another community', async () => {
    const dir = await tempDir()
    const now = await seeded(dir)
    const file = join(dir, 'demands', 'cB', '2026-05.json')
    await writeFile(file, JSON.stringify({ schemaVersion: 1, items: [demand('cA', '2026-05-02T09:00:00+08:00')] }))
    const db = await openDatabase({ dataDir: dir, now })
    await db.whenIdle() // the check of partition stats runs behind a fast open
    expect(db.notices()[0].message).toContain('demands/cB/2026-05.json')
    expect((await db.readPartition('cB', '2026-05')).map((d) => d.communityId)).toEqual(['cB'])
  })
})

describe('backups', () => {
  it('backs up at open once a day and on close, keeping the newest 10', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00') // local time: backup names are local
    const db: Database = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([community('cA')], [demand('cA', '2026-05-02T09:00:00+08:00')])
    // The daily backup is queued behind the open (it does not delay it).
    await db.whenIdle()
    expect(await readdir(join(dir, 'backups'))).toEqual(['20260520-100000'])
    await crashed(dir)
    await (await openDatabase({ dataDir: dir, now })).whenIdle() // same day: no new backup
    expect(await readdir(join(dir, 'backups'))).toHaveLength(1)
    for (let i = 0; i < 12; i++) {
      now.advance(60_000)
      await db.close()
    }
    const names = (await readdir(join(dir, 'backups'))).sort()
    expect(names).toHaveLength(10)
    expect(names.at(-1)).toBe('20260520-101200')
    const latest = join(dir, 'backups', names.at(-1)!)
    expect((await readdir(latest)).sort()).toEqual(['backup-files.json', 'backup.json', 'communities.json', 'demands', 'summary.json'])
    expect(await readdir(join(latest, 'demands', 'cA'))).toEqual(['2026-05.json'])
    now.set('2026-05-21T09:00:00')
    await crashed(dir)
    await (await openDatabase({ dataDir: dir, now })).whenIdle()
    expect((await readdir(join(dir, 'backups'))).sort().at(-1)).toBe('20260521-090000')
  })
})
