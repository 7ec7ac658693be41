// Issue 9 (intake): case numbers, the import's bulk path, street settings.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ParsedOf } from '../../shared/contract'
import type { Community, Demand } from '../../shared/domain/entities'
import { makeDemandId, openDatabase } from '../../electron/data'
import { createServices } from '../../electron/services'
import { createDemandService } from '../../electron/services/demand'
import { caseCountersCollection } from '../../electron/services/case-numbers'
import { createStreetSettings, streetCollection } from '../../electron/services/street'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { clock, spyFs, tempDir, type SpyFs } from './helpers'

const NOW = '2026-05-20T10:00:00+08:00'

const communities: Community[] = [
  { id: 'cA', name: '七口堰社区', grids: [], compounds: [{ id: 'cA-c1', name: '丽景花园' }], revision: 1 },
  { id: 'cB', name: '团结路社区', grids: [], compounds: [], revision: 1 },
]

const input = (extra: Partial<ParsedOf<'demand:create'>> = {}): ParsedOf<'demand:create'> => ({
  communityId: 'cA',
  channel: 'hotline',
  category: 'facilities',
  reporterName: '王芳',
  reporterPhone: '13812345678',
  receivedAt: '2026-05-12T09:30:00+08:00',
  description: '3栋楼道灯不亮',
  ...extra,
})

async function setup(opts: { fs?: SpyFs; dataDir?: string; seed?: Demand[] } = {}) {
  const dataDir = opts.dataDir ?? (await tempDir())
  const now = clock(NOW)
  const db = await openDatabase({ dataDir, fs: opts.fs, now, collections: [streetCollection as never, caseCountersCollection as never] })
  if (!db.communities().length) await db.addCommunities(communities, opts.seed ?? [])
  let n = 0
  const run = Math.random().toString(36).slice(2, 8)
  const audit = memoryAuditLogForTests()
  const newId = () => `id${run}${++n}`
  const services = createServices({ audit, db, now, newId })
  // The bulk path is on the demand service object (createServices passes it to the import).
  const street = createStreetSettings(db)
  const bulk = createDemandService({ db, audit, now, newId: () => `bulk${++n}`, street })
  return { db, services, bulk, audit, dataDir, now }
}

describe('case numbers', () => {
  it('are given per community and year, in order, never reused after a delete, and survive a reopen', async () => {
    const { services, db, dataDir } = await setup()
    const a1 = await services.demand.create(input())
    const a2 = await services.demand.create(input({ receivedAt: '2026-01-03T08:00:00+08:00' }))
    const b1 = await services.demand.create(input({ communityId: 'cB' }))
    const old = await services.demand.create(input({ receivedAt: '2025-12-31T23:59:00+08:00' }))
    expect([a1.caseNo, a2.caseNo, b1.caseNo, old.caseNo]).toEqual(['七口堰-2026-0001', '七口堰-2026-0002', '团结路-2026-0001', '七口堰-2025-0001'])
    await services.demand.delete({ id: a2.id, revision: a2.revision, reason: '重复登记' })
    await db.close({ backup: false })
    const again = await setup({ dataDir })
    const a3 = await again.services.demand.create(input())
    expect(a3.caseNo).toBe('七口堰-2026-0003')
    expect((await again.services.demand.get({ id: a1.id })).caseNo).toBe('七口堰-2026-0001')
  })

  it('take the year in the street time zone, whatever offset the time is written with', async () => {
    const { services } = await setup()
    // 16:30 UTC on 31 December is 00:30 on 1 January in China.
    const d = await services.demand.create(input({ receivedAt: '2025-12-31T16:30:00Z' }))
    expect(d.caseNo).toBe('七口堰-2026-0001')
    expect(d.id.split('~')[1]).toBe('202601')
  })

  it('records written before case numbers get theirs on first read, by received time, and new ones follow', async () => {
    const legacy = (k: number, receivedAt: string): Demand => {
      const month = receivedAt.slice(0, 7)
      return {
        id: makeDemandId('cA', month, `old${k}`),
        communityId: 'cA',
        channel: 'hotline',
        category: 'parking',
        reporterName: '李四',
        receivedAt,
        description: '旧记录',
        status: 'called',
        createdAt: receivedAt,
        updatedAt: receivedAt,
        revision: 1,
      }
    }
    const seed = [legacy(1, '2026-03-02T09:00:00+08:00'), legacy(2, '2026-02-10T09:00:00+08:00'), legacy(3, '2026-03-01T09:00:00+08:00')]
    const { services, dataDir, db } = await setup({ seed })
    const page = await services.demand.list({ page: 1, pageSize: 20 })
    const byId = Object.fromEntries(page.items.map((d) => [d.id, d.caseNo]))
    expect(byId[seed[1].id]).toBe('七口堰-2026-0001')
    expect(byId[seed[2].id]).toBe('七口堰-2026-0002')
    expect(byId[seed[0].id]).toBe('七口堰-2026-0003')
    // Stored, not recomputed: the file holds them.
    const file = JSON.parse(await readFile(join(dataDir, 'demands', 'cA', '2026-03.json'), 'utf8'))
    expect(file.items.map((d: Demand) => d.caseNo).sort()).toEqual(['七口堰-2026-0002', '七口堰-2026-0003'])
    expect((await services.demand.create(input())).caseNo).toBe('七口堰-2026-0004')
    await db.close({ backup: false })
  })
})

describe('createDemands (the import bulk path)', () => {
  it('writes every row with case numbers, fingerprints and one audit entry', async () => {
    const { bulk, audit, services } = await setup()
    const rows = [
      { ...input(), fingerprint: 'f1', source: '12345.xlsx' },
      { ...input({ communityId: 'cB', receivedAt: '2026-04-01T10:00:00+08:00' }), fingerprint: 'f2', source: '12345.xlsx' },
      { ...input({ receivedAt: '2026-03-01T10:00:00+08:00' }), fingerprint: 'f3', source: '12345.xlsx' },
    ]
    const made = await bulk.createDemands(rows)
    expect(made.map((d) => d.caseNo)).toEqual(['七口堰-2026-0001', '团结路-2026-0001', '七口堰-2026-0002'])
    expect(made.map((d) => d.importFingerprint)).toEqual(['f1', 'f2', 'f3'])
    expect(made[0].reporterPhone).toBe('138****5678')
    const entries = audit.entries().filter((e) => e.action === 'demand.import')
    expect(entries).toHaveLength(1)
    expect(entries[0].target).toContain('3 件诉求')
    expect(JSON.stringify(entries[0])).not.toContain('13812345678')
    expect((await services.demand.list({ page: 1, pageSize: 20 })).total).toBe(3)
  })

  it('refuses the whole batch naming the row when one row is bad, and writes nothing', async () => {
    const { bulk, services, db } = await setup()
    await expect(
      bulk.createDemands([input(), input({ communityId: 'cB', compoundId: 'cA-c1' }), input()]),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: '第 2 条：所选小区不属于该社区', fields: { '1.compoundId': '第 2 条：所选小区不属于该社区' } })
    await expect(bulk.createDemands([input({ receivedAt: '2026-06-01T10:00:00+08:00' })])).rejects.toMatchObject({ code: 'VALIDATION' })
    expect((await services.demand.list({ page: 1, pageSize: 20 })).total).toBe(0)
    expect(db.demandTotal()).toBe(0)
  })

  it('takes back the partitions already written when a later partition write fails', async () => {
    const fs = spyFs()
    const { bulk, services, db, dataDir } = await setup({ fs })
    const before = await services.demand.create(input())
    fs.failNext('rename', /demands[\\/]cB[\\/]/)
    await expect(
      bulk.createDemands([input({ receivedAt: '2026-05-13T10:00:00+08:00' }), input({ communityId: 'cB' }), input({ receivedAt: '2026-04-02T10:00:00+08:00' })]),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    const page = await services.demand.list({ page: 1, pageSize: 20 })
    expect(page.items.map((d) => d.id)).toEqual([before.id])
    expect(db.demandTotal()).toBe(1)
    await db.close({ backup: false })
    // Disk agrees after a reopen.
    const again = await setup({ dataDir })
    expect((await again.services.demand.list({ page: 1, pageSize: 20 })).items.map((d) => d.id)).toEqual([before.id])
    expect(again.db.demandTotal()).toBe(1)
    // The numbers reserved for the failed batch are not given out again (a gap is allowed).
    expect((await again.services.demand.create(input())).caseNo).toBe('七口堰-2026-0004')
  })
})

describe('street settings', () => {
  it('defaults, updates with a revision check, is audited, and comes back from a backup restore', async () => {
    const { services, audit, db, dataDir } = await setup()
    const first = await services.street.get({})
    expect(first).toMatchObject({ name: '示例街道', timeZone: 'Asia/Shanghai', deadlineDays: { compound: 3, community: 7, street: 15 }, revision: 0 })
    const saved = await services.street.update({ revision: 0, patch: { name: '马家店街道' } })
    expect(saved).toMatchObject({ name: '马家店街道', revision: 1 })
    await expect(services.street.update({ revision: 0, patch: { name: '别的街道' } })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(audit.entries().filter((e) => e.action === 'street.update')).toHaveLength(1)
    expect(JSON.parse(await readFile(join(dataDir, 'street.json'), 'utf8')).items[0].name).toBe('马家店街道')
    const backupId = await db.backup('manual')
    await services.street.update({ revision: 1, patch: { name: '新街道', deadlineDays: { compound: 2, community: 5, street: 10 } } })
    expect((await services.street.get({})).name).toBe('新街道')
    await db.restore(backupId)
    expect(await services.street.get({})).toMatchObject({ name: '马家店街道', deadlineDays: { compound: 3, community: 7, street: 15 } })
  })

  it('puts a demand in the month (and case-number year) of the street time zone', async () => {
    const { services } = await setup()
    await services.street.update({ revision: 0, patch: { timeZone: 'America/New_York' } })
    // 09:00 on 1 January in China is 20:00 on 31 December in New York.
    const d = await services.demand.create(input({ receivedAt: '2026-01-01T09:00:00+08:00' }))
    expect(d.id.split('~')[1]).toBe('202512')
    expect(d.caseNo).toBe('七口堰-2025-0001')
  })
})

describe('edit with a month move', () => {
  it('moves the record to the other month: new id, same case number, history kept, old id still finds it, counts follow', async () => {
    const { services, db, audit, dataDir } = await setup()
    const d = await services.demand.create(input({ receivedAt: '2026-05-12T09:30:00+08:00' }))
    const first = await services.demand.update({ id: d.id, revision: d.revision, patch: { description: '3栋楼道灯全部不亮', reporterPhone: '13912345678' } })
    expect(first.history).toEqual([{ at: expect.any(String), by: '系统（内部调用）', fields: ['reporterPhone', 'description'] }])
    const moved = await services.demand.update({ id: d.id, revision: first.revision, patch: { receivedAt: '2026-04-28T16:00:00+08:00' } })
    expect(moved.id).not.toBe(d.id)
    expect(moved.id.split('~')[1]).toBe('202604')
    expect(moved.caseNo).toBe(d.caseNo)
    expect(moved.formerIds).toEqual([d.id])
    expect(moved.history).toHaveLength(2)
    expect(moved.history![1]).toMatchObject({ fields: ['receivedAt'], moved: { from: '2026-05', to: '2026-04' } })
    expect(moved.revision).toBe(first.revision + 1)
    // The old id still leads to it; the old month no longer holds it.
    expect((await services.demand.get({ id: d.id })).id).toBe(moved.id)
    expect(await db.readPartition('cA', '2026-05')).toEqual([])
    expect(db.countsOf('cA')['2026-05']).toBeUndefined()
    expect(db.countsOf('cA')['2026-04'].total).toBe(1)
    // Audit: case number as the target, field names only (no phone in clear anywhere).
    const entries = audit.entries().filter((e) => e.action === 'demand.update')
    expect(entries.map((e) => e.target)).toEqual([d.caseNo, d.caseNo])
    expect(entries[1].detail).toMatchObject({ id: d.id, movedTo: moved.id, fromMonth: '2026-05', toMonth: '2026-04' })
    expect(JSON.stringify(audit.entries())).not.toContain('13912345678')
    // A stale revision is refused.
    await expect(services.demand.update({ id: moved.id, revision: first.revision, patch: { description: '再改' } })).rejects.toMatchObject({ code: 'CONFLICT' })
    await db.close({ backup: false })
    const again = await setup({ dataDir })
    expect((await again.services.demand.get({ id: d.id })).caseNo).toBe(d.caseNo)
    expect(again.db.countsOf('cA')['2026-04'].total).toBe(1)
    expect((await again.services.demand.list({ page: 1, pageSize: 20 })).total).toBe(1)
  })

  it('moves to another community too, dropping a compound of the old one', async () => {
    const { services, db } = await setup()
    const d = await services.demand.create(input({ compoundId: 'cA-c1' }))
    const moved = await services.demand.update({ id: d.id, revision: d.revision, patch: { communityId: 'cB' } })
    expect(moved).toMatchObject({ communityId: 'cB', caseNo: d.caseNo })
    expect(moved.compoundId).toBeUndefined()
    expect(moved.id.startsWith('cB~202605~')).toBe(true)
    expect(db.countsOf('cA')['2026-05']).toBeUndefined()
    expect(db.countsOf('cB')['2026-05'].total).toBe(1)
  })

  it('a failed write moves nothing (WRITE_FAILED), and the record stays in its month', async () => {
    const fs = spyFs()
    const { services, db, dataDir } = await setup({ fs })
    const d = await services.demand.create(input())
    fs.failNext('rename', /2026-04\.json$/)
    await expect(services.demand.update({ id: d.id, revision: d.revision, patch: { receivedAt: '2026-04-10T10:00:00+08:00' } })).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    expect((await services.demand.get({ id: d.id })).id).toBe(d.id)
    fs.failNext('rename', /2026-05\.json$/)
    await expect(services.demand.update({ id: d.id, revision: d.revision, patch: { receivedAt: '2026-04-10T10:00:00+08:00' } })).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    expect((await db.readPartition('cA', '2026-04')).length).toBe(0)
    expect((await db.readPartition('cA', '2026-05')).map((x) => x.id)).toEqual([d.id])
    await db.close({ backup: false })
    const again = await setup({ dataDir })
    expect((await again.services.demand.list({ page: 1, pageSize: 20 })).items.map((x) => x.id)).toEqual([d.id])
  })

  it('after a crash mid-move the next open leaves the demand in exactly one month', async () => {
    // Crash after the new copy was written (both copies on disk, journal pending): finished.
    const { services, db, dataDir } = await setup()
    const d = await services.demand.create(input())
    const moved = await services.demand.update({ id: d.id, revision: d.revision, patch: { receivedAt: '2026-04-10T10:00:00+08:00' } })
    await db.close({ backup: false })
    const oldFile = join(dataDir, 'demands', 'cA', '2026-05.json')
    const movesFile = join(dataDir, 'demand-moves.json')
    const { writeFile } = await import('node:fs/promises')
    const old = JSON.parse(await readFile(oldFile, 'utf8'))
    const journal = JSON.parse(await readFile(movesFile, 'utf8'))
    const original = { ...moved, id: d.id, receivedAt: d.receivedAt, revision: d.revision, reporterName: '王芳', reporterPhone: '13812345678' }
    delete (original as Partial<Demand>).history
    delete (original as Partial<Demand>).formerIds
    await writeFile(oldFile, JSON.stringify({ ...old, items: [original] }))
    await writeFile(movesFile, JSON.stringify({ ...journal, items: journal.items.map((m: { state: string }) => ({ ...m, state: 'pending' })) }))
    await rmLock(dataDir)
    const again = await setup({ dataDir })
    expect((await again.db.readPartition('cA', '2026-05')).length).toBe(0)
    expect((await again.db.readPartition('cA', '2026-04')).map((x) => x.id)).toEqual([moved.id])
    expect(again.db.countsOf('cA')['2026-05']).toBeUndefined()
    expect(again.db.notices().some((n) => n.message.includes('已完成'))).toBe(true)
    await again.db.close({ backup: false })

    // Crash after the intent only (journal pending, new copy never written): undone.
    const ids = JSON.parse(await readFile(movesFile, 'utf8'))
    await writeFile(movesFile, JSON.stringify({ ...ids, items: [...ids.items, { id: moved.id, to: 'cA~202603~ghost', state: 'pending', at: NOW, revision: 1 }] }))
    const third = await setup({ dataDir })
    expect((await third.services.demand.get({ id: moved.id })).id).toBe(moved.id)
    expect(JSON.parse(await readFile(movesFile, 'utf8')).items.some((m: { to: string }) => m.to === 'cA~202603~ghost')).toBe(false)
  })
})

async function rmLock(dataDir: string) {
  const { rm } = await import('node:fs/promises')
  await rm(join(dataDir, 'yishi.lock'), { force: true })
}
