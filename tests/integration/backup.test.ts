import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../electron/data'
import { createServices } from '../../electron/services'
import { buildHandlers } from '../../electron/api/handlers'
import { dispatch } from '../../electron/api/dispatch'
import { communityRecord, demandMaker } from '../helpers/data-records'
import { clock, crashed, tempDir } from './helpers'
import { memoryAuditLogForTests } from '../helpers/audit-log'

const community = communityRecord
const demand = demandMaker('b')

const filesUnder = async (dir: string): Promise<string> => {
  const out: string[] = []
  const visit = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await visit(join(d, e.name))
      else if (e.name.endsWith('.json')) out.push(await readFile(join(d, e.name), 'utf8'))
    }
  }
  await visit(dir)
  return out.join('\n')
}

afterEach(() => {
  vi.useRealTimers()
})

describe('backups', () => {
  it('lists backups with time, reason, size and counts', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([community('cA')], [demand('2026-05'), demand('2026-04')])
    now.advance(60_000)
    const handlers = buildHandlers(createServices({ audit: memoryAuditLogForTests(), db, now }))
    const created = await dispatch(handlers, 'backup:create', {})
    expect(created).toMatchObject({ ok: true, result: { id: '20260520-100100', reason: 'manual', communities: 1, demands: 2 } })
    const list = await dispatch(handlers, 'backup:list', {})
    if (!list.ok) throw new Error('list failed')
    const { backups, dataDir } = list.result as { backups: Array<Record<string, unknown>>; dataDir: string }
    expect(dataDir).toBe(dir)
    expect(backups.map((b) => [b.id, b.reason, b.demands])).toEqual([
      ['20260520-100100', 'manual', 2],
      ['20260520-100000', 'daily', 0],
    ])
    expect(backups[0].size).toBeGreaterThan(100)
    expect(backups[0].createdAt).toMatch(/^2026-05-20T10:01:00[+-]\d{2}:\d{2}$/)
    await db.close()
    expect((await db.backups())[0].reason).toBe('exit')
  })

  it('backs up daily while the app stays open (timer), once per day', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const dir = await tempDir()
    const now = clock('2026-05-20T23:30:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.whenIdle() // the daily backup is queued behind the open
    expect(await readdir(join(dir, 'backups'))).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(60 * 60_000) // same day still
    expect(await readdir(join(dir, 'backups'))).toHaveLength(1)
    now.set('2026-05-21T00:30:00')
    await vi.advanceTimersByTimeAsync(60 * 60_000)
    await vi.waitFor(async () => expect((await db.backups()).map((b) => b.id)).toContain('20260521-003000'))
    expect((await db.backups()).find((b) => b.id === '20260521-003000')?.reason).toBe('daily')
    await db.close()
  })
})

describe('restore', () => {
  it('validates, takes a safety backup, swaps the backup in and reloads memory', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    const keep = demand('2026-05')
    await db.addCommunities([community('cA')], [keep])
    now.advance(60_000)
    const good = await db.backup()
    // Later changes: an edit, a new month, a new community.
    await db.saveDemand({ ...keep, description: '后来改的' })
    await db.saveDemand(demand('2026-03'))
    await db.addCommunities([community('cB')], [])
    now.advance(60_000)

    const services = createServices({ audit: memoryAuditLogForTests(), db, now })
    const result = await services.backup.restore({ id: good })
    expect(result).toMatchObject({ restored: { id: good }, communities: 1, demands: 1 })
    expect(db.communities().map((c) => c.id)).toEqual(['cA'])
    expect((await db.getDemand(keep.id))?.description).toBe('楼道灯不亮')
    expect(db.countsOf('cA')['2026-03']).toBeUndefined()
    expect(db.demandTotal()).toBe(1)
    await expect(readFile(join(dir, 'demands', 'cA', '2026-03.json'))).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(readFile(join(dir, 'restore-pending.json'))).rejects.toMatchObject({ code: 'ENOENT' })

    // The safety backup holds what was replaced, and can be restored in turn.
    const safety = (await db.backups()).find((b) => b.id === result.safetyBackup)!
    expect(safety).toMatchObject({ reason: 'before-restore', communities: 2, demands: 2 })
    await services.backup.restore({ id: result.safetyBackup })
    expect((await db.getDemand(keep.id))?.description).toBe('后来改的')
    expect(db.communities()).toHaveLength(2)

    await db.close()
    const again = await openDatabase({ dataDir: dir, now })
    expect(again.notices()).toEqual([])
    expect(again.demandTotal()).toBe(2)
    await again.close()
  })

  it('refuses an unknown or damaged backup before touching anything', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([community('cA')], [demand('2026-05')])
    now.advance(60_000)
    const id = await db.backup()
    const before = (await db.backups()).length
    const handlers = buildHandlers(createServices({ audit: memoryAuditLogForTests(), db, now }))
    expect(await dispatch(handlers, 'backup:restore', { id: '20000101-000000' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '未找到该备份' },
    })
    expect(await dispatch(handlers, 'backup:restore', { id: '../..' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    await writeFile(join(dir, 'backups', id, 'demands', 'cA', '2026-05.json'), '{"schemaVersion":1,"items":[')
    const r = await dispatch(handlers, 'backup:restore', { id })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(!r.ok && r.error.message).toMatch(/备份中 demands\/cA\/2026-05\.json 已损坏.*未做任何修改/)
    expect((await db.backups()).length).toBe(before) // no safety backup either
    expect(db.demandTotal()).toBe(1)
    await db.close()
  })

  it('finishes an interrupted restore at the next start', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([community('cA')], [demand('2026-05')])
    now.advance(60_000)
    const id = await db.backup()
    await db.saveDemand(demand('2026-02'))
    // The crash: marker written, only part of the swap done (the summary still describes Feb).
    await writeFile(join(dir, 'restore-pending.json'), JSON.stringify({ schemaVersion: 1, backup: id }))
    await crashed(dir)
    const again = await openDatabase({ dataDir: dir, now })
    expect(again.notices().map((n) => n.message).join()).toContain('现已完成恢复')
    expect(again.demandTotal()).toBe(1)
    expect(again.countsOf('cA')['2026-02']).toBeUndefined()
    await again.close()
  })

  it('never rotates away the backup being restored', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([community('cA')], [])
    for (let i = 0; i < 12; i++) {
      now.advance(1000)
      await db.backup()
    }
    const oldest = (await db.backups()).at(-1)!.id
    now.advance(1000)
    const r = await db.restore(oldest)
    expect(r.backup).toBe(oldest)
    expect((await db.backups()).map((b) => b.id)).toContain(oldest)
    await db.close()
  })
})

describe('delete', () => {
  it('erases the record from its partition and from every backup copy, with counts updated', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    const gone = demand('2026-05', { reporterName: '欧阳娜娜', reporterPhone: '13911112222' })
    await db.addCommunities([community('cA')], [gone, demand('2026-05')])
    now.advance(60_000)
    await db.backup()
    const handlers = buildHandlers(createServices({ audit: memoryAuditLogForTests(), db, now }))
    expect(await dispatch(handlers, 'demand:delete', { id: gone.id, revision: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { reason: '请填写删除原因' } },
    })
    expect(await dispatch(handlers, 'demand:delete', { id: gone.id, revision: 1, reason: '   ' })).toMatchObject({ ok: false })
    expect(await dispatch(handlers, 'demand:delete', { id: gone.id, revision: 1, reason: '居民要求删除' })).toEqual({
      ok: true,
      result: { id: gone.id, deleted: true },
    })
    expect(await dispatch(handlers, 'demand:delete', { id: gone.id, revision: 1, reason: '再删' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(db.countsOf('cA')['2026-05'].total).toBe(1)
    expect(await db.getDemand(gone.id)).toBeUndefined()
    const everything = await filesUnder(dir)
    expect(everything).not.toContain('欧阳娜娜')
    expect(everything).not.toContain('13911112222')
    await db.close()
    const again = await openDatabase({ dataDir: dir, now })
    expect(again.countsOf('cA')['2026-05'].total).toBe(1)
    await again.close()
  })
})

describe('retention', () => {
  it('erases personal data of old closed demands in place and in backups; deletes older backups', async () => {
    const dir = await tempDir()
    const now = clock('2025-01-15T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    const oldClosed = demand('2025-01', { status: 'evaluated', reporterName: '钱多多', reporterPhone: '13700000001' })
    const oldOpen = demand('2025-01', { status: 'handling', reporterName: '孙悟空', reporterPhone: '13700000002' })
    const withAddress = { ...demand('2025-02', { status: 'evaluated', reporterName: '周芷若' }), reporterAddress: '3栋2单元' }
    await db.addCommunities([community('cA')], [oldClosed, oldOpen, withAddress])
    await db.close() // backup 2025-01-15 (old: will be deleted)
    now.set('2026-04-01T10:00:00')
    const db2 = await openDatabase({ dataDir: dir, now }) // daily backup 2026-04-01 (kept, rewritten)
    const recentClosed = demand('2026-03', { status: 'evaluated', reporterName: '李逍遥' })
    await db2.saveDemand(recentClosed)
    const services = createServices({ audit: memoryAuditLogForTests(), db: db2, now })
    expect(await services.backup.getRetention({})).toEqual({ personalDataMonths: null })
    expect(await services.backup.applyRetention({})).toEqual({ months: null, erased: 0, backupsDeleted: 0, backupsRewritten: 0 })
    expect(await services.backup.setRetention({ personalDataMonths: 12 })).toEqual({ personalDataMonths: 12 })
    expect(JSON.parse(await readFile(join(dir, 'retention.json'), 'utf8'))).toMatchObject({ personalDataMonths: 12 })

    const r = await services.backup.applyRetention({})
    expect(r).toEqual({ months: 12, erased: 2, backupsDeleted: 2, backupsRewritten: 1 })
    const erased = (await db2.getDemand(oldClosed.id))!
    expect(erased.reporterName).toBe('已脱敏')
    expect(erased.reporterPhone).toBeUndefined()
    expect((await db2.getDemand(withAddress.id))?.reporterAddress).toBeUndefined()
    expect((await db2.getDemand(oldOpen.id))?.reporterName).toBe('孙悟空') // not closed: kept
    expect((await db2.getDemand(recentClosed.id))?.reporterName).toBe('李逍遥') // recent: kept
    const everything = await filesUnder(dir)
    for (const gone of ['钱多多', '13700000001', '周芷若', '3栋2单元']) expect(everything).not.toContain(gone)
    expect(everything).toContain('孙悟空')
    expect((await db2.backups()).every((b) => b.createdAt >= '2025-04')).toBe(true)
    expect(db2.countsOf('cA')['2025-01'].total).toBe(2) // statistics unchanged
    // Idempotent.
    expect(await services.backup.applyRetention({})).toMatchObject({ erased: 0, backupsDeleted: 0 })
    await db2.close()
  })

  it('applies the setting at startup', async () => {
    const dir = await tempDir()
    const now = clock('2025-01-15T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    const d = demand('2025-01', { status: 'evaluated', reporterName: '钱多多' })
    await db.addCommunities([community('cA')], [d])
    await db.setRetention({ personalDataMonths: 6 })
    await db.close()
    now.set('2025-09-01T10:00:00')
    const again = await openDatabase({ dataDir: dir, now })
    await again.whenIdle() // retention runs behind the open, through the write queue
    expect((await again.getDemand(d.id))?.reporterName).toBe('已脱敏')
    expect(await filesUnder(dir)).not.toContain('钱多多')
    await again.close()
  })
})

describe('collections kept at a restore (operator accounts)', () => {
  interface Account {
    id: string
    name: string
    revision: number
  }
  const accounts = {
    name: 'accounts',
    label: '账号',
    layout: { file: 'accounts.json' },
    partitionOf: () => '',
    partitionOfId: () => '',
    migrations: [],
    isRecord: (r: unknown) => typeof (r as Account)?.id === 'string' && typeof (r as Account)?.name === 'string',
    preload: true,
    keptAtRestore: true,
  }
  const open = (dir: string) => openDatabase({ dataDir: dir, now: clock('2026-05-01T09:00:00+08:00'), collections: [accounts as never] })

  it('backs the file up, but neither a restore nor one finished after a crash brings the old accounts back', async () => {
    const dir = await tempDir()
    const db = await open(dir)
    await db.addCommunities([community('cA')], [demand('2026-04')])
    const coll = db.collection<Account>('accounts')
    const first = await coll.save({ id: 'a1', name: '张秘书（已停用前）' })
    const backup = await db.backup('manual')
    expect(await readFile(join(dir, 'backups', backup, 'accounts.json'), 'utf8')).toContain('张秘书（已停用前）')
    await coll.save({ ...first, name: '张秘书（已停用）' }, { expectRevision: first.revision })
    await coll.save({ id: 'a2', name: '李主任' })
    const live = await readFile(join(dir, 'accounts.json'), 'utf8')

    await db.saveDemand(demand('2026-04'))
    expect(db.countsOf('cA')['2026-04']?.total).toBe(2)
    await db.restore(backup)
    expect(db.countsOf('cA')['2026-04']?.total).toBe(1) // the records went back…
    expect(await readFile(join(dir, 'accounts.json'), 'utf8')).toBe(live) // …the accounts did not
    expect((await coll.get('a1'))?.name).toBe('张秘书（已停用）')
    expect(await coll.get('a2')).toBeDefined()

    // A restore cut off by a crash is finished at the next open: the accounts stay as they are.
    await writeFile(join(dir, 'restore-pending.json'), JSON.stringify({ schemaVersion: 1, backup, safetyBackup: backup }))
    await crashed(dir)
    const again = await open(dir)
    expect(await readFile(join(dir, 'accounts.json'), 'utf8')).toBe(live)
    expect((await again.collection<Account>('accounts').list()).map((a) => a.name).sort()).toEqual(['张秘书（已停用）', '李主任'].sort())
    await again.close()
  })
})
