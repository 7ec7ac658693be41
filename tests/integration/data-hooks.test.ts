import { readFile, readdir, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type CollectionDescriptor, type RetentionPlan } from '../../electron/data'
import { communityRecord, demandMaker } from '../helpers/data-records'
import { clock, tempDir } from './helpers'

// Issue 8, data-layer part: file modes, caller metadata in backup manifests, retention hooks
// that run before anything is erased, and a service-defined single-file collection.

const community = communityRecord
const demand = demandMaker('h')

/** Every file under dir (relative path → content) and every folder. */
async function snapshot(dir: string): Promise<{ files: Map<string, string>; dirs: string[] }> {
  const files = new Map<string, string>()
  const dirs: string[] = []
  const visit = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) {
        dirs.push(relative(dir, p))
        await visit(p)
      } else files.set(relative(dir, p), await readFile(p, 'utf8'))
    }
  }
  await visit(dir)
  return { files, dirs }
}

describe('file modes', () => {
  it.skipIf(process.platform === 'win32')('creates every file 0600 and every folder 0700', async () => {
    const dir = join(await tempDir(), 'data') // created by openDatabase
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    await db.addCommunities([community('cA')], [demand('2026-05'), demand('2026-04')])
    await db.setRetention({ personalDataMonths: 24 })
    now.advance(60_000)
    await db.backup('manual')
    now.advance(60_000)
    await db.saveDemand(demand('2026-05'))
    await db.backup('manual') // links unchanged files to the previous backup, copies the rest
    await db.flush()
    const { files, dirs } = await snapshot(dir)
    expect(files.has('yishi.lock')).toBe(true)
    expect([...files.keys()].some((f) => f.startsWith('backups/'))).toBe(true)
    const wrong: string[] = []
    for (const f of files.keys()) {
      const mode = (await stat(join(dir, f))).mode & 0o777
      if (mode !== 0o600) wrong.push(`${f} ${mode.toString(8)}`)
    }
    for (const d of ['', ...dirs]) {
      const mode = (await stat(join(dir, d))).mode & 0o777
      if (mode !== 0o700) wrong.push(`${d}/ ${mode.toString(8)}`)
    }
    expect(wrong).toEqual([])
    await db.close()
  })
})

describe('backup manifest extra', () => {
  it('writes the caller metadata into each backup and reads it back', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    let head = { entries: 3, lastHash: 'abc' }
    const db = await openDatabase({ dataDir: dir, now, manifestExtra: () => ({ audit: head }) })
    await db.addCommunities([community('cA')], [demand('2026-05')])
    now.advance(60_000)
    const first = await db.backup('manual')
    head = { entries: 4, lastHash: 'def' }
    now.advance(60_000)
    const second = await db.backup('manual')
    const list = await db.backups()
    expect(list.find((b) => b.id === first)?.extra).toEqual({ audit: { entries: 3, lastHash: 'abc' } })
    expect(list.find((b) => b.id === second)?.extra).toEqual({ audit: { entries: 4, lastHash: 'def' } })
    expect(JSON.parse(await readFile(join(dir, 'backups', second, 'backup.json'), 'utf8')).extra).toEqual({
      audit: { entries: 4, lastHash: 'def' },
    })
    await db.close({ backup: false })
  })

  it('a throwing manifestExtra does not stop the backup', async () => {
    const dir = await tempDir()
    const db = await openDatabase({
      dataDir: dir,
      now: clock('2026-05-20T10:00:00'),
      manifestExtra: () => {
        throw new Error('audit log unreadable')
      },
    })
    const id = await db.backup('manual')
    const meta = (await db.backups()).find((b) => b.id === id)!
    expect(meta.reason).toBe('manual')
    expect(meta.extra).toBeUndefined()
    await db.close({ backup: false })
  })
})

describe('retention hooks', () => {
  /** Old closed demand + backups before and after the cutoff; retention set to 12 months. */
  async function setUp(hooks: {
    beforeRetention?: (plan: RetentionPlan) => Promise<void>
  }) {
    const dir = await tempDir()
    const now = clock('2025-01-15T10:00:00')
    const db = await openDatabase({ dataDir: dir, now })
    const oldClosed = demand('2025-01', { status: 'evaluated', reporterName: '钱多多', reporterPhone: '13700000001' })
    const oldClosed2 = demand('2025-01', { status: 'evaluated', reporterName: '周芷若' })
    await db.addCommunities([community('cA')], [oldClosed, oldClosed2, demand('2025-01')])
    await db.setRetention({ personalDataMonths: 12 })
    await db.close() // exit backup 2025-01-15 (before the cutoff)
    now.set('2026-04-01T10:00:00')
    const db2 = await openDatabase({ dataDir: dir, now, ...hooks })
    return { dir, db: db2, oldClosed }
  }

  it('beforeRetention sees the exact plan before any file changes', async () => {
    let atHook: { plan: RetentionPlan; files: Map<string, string> } | null = null
    const { dir, db, oldClosed } = await setUp({
      beforeRetention: async (plan) => {
        atHook = { plan, files: (await snapshot(dir)).files }
      },
    })
    // The daily maintenance (backup, then retention) starts with the first queued operation.
    const backupsBefore = (await db.backups()).map((b) => b.id)
    await db.whenIdle()
    expect(atHook).not.toBeNull()
    const { plan, files } = atHook!
    const daily = (await db.backups()).map((b) => b.id).filter((id) => !backupsBefore.includes(id))
    expect(daily).toHaveLength(1)
    expect(plan.cutoff).toMatch(/^2025-04-01T10:00:00[+-]\d\d:\d\d$/) // local time, 12 months back
    expect(plan).toEqual({
      cutoff: plan.cutoff,
      records: 2,
      backupsToDelete: backupsBefore,
      backupsToRewrite: daily,
    })
    // Nothing was erased yet when the hook ran.
    const text = [...files.values()].join('\n')
    expect(text).toContain('钱多多')
    expect(files.has(`backups/${backupsBefore[0]}/backup.json`)).toBe(true)
    // ...and afterwards the plan was carried out.
    expect((await db.getDemand(oldClosed.id))?.reporterName).toBe('已脱敏')
    expect((await db.backups()).map((b) => b.id)).toEqual(daily)
    expect([...(await snapshot(dir)).files.values()].join('\n')).not.toContain('钱多多')
    await db.close({ backup: false })
  })

  it('a throwing beforeRetention leaves everything as it was; applyRetention rejects', async () => {
    let calls = 0
    const { dir, db } = await setUp({
      beforeRetention: async () => {
        calls++
        throw new Error('audit log unwritable')
      },
    })
    await db.whenIdle() // the daily run: refused, with a notice
    expect(calls).toBe(1)
    expect(db.notices().some((n) => n.message.includes('个人信息保留期限未能按时执行'))).toBe(true)
    const before = (await snapshot(dir)).files
    expect([...before.values()].join('\n')).toContain('钱多多')
    await expect(db.applyRetention()).rejects.toThrow('audit log unwritable')
    expect(calls).toBe(2)
    const after = (await snapshot(dir)).files
    expect(after).toEqual(before)
    await db.close({ backup: false })
  })

  it('beforeRetentionSetting runs before the setting is written; a throw keeps the old one', async () => {
    const dir = await tempDir()
    const seen: unknown[] = []
    let refuse = false
    const db = await openDatabase({
      dataDir: dir,
      now: clock('2026-05-20T10:00:00'),
      beforeRetentionSetting: async (from, to) => {
        seen.push({ from, to, onDisk: await readFile(join(dir, 'retention.json'), 'utf8').catch(() => null) })
        if (refuse) throw new Error('audit log unwritable')
      },
    })
    await db.setRetention({ personalDataMonths: 24 })
    expect(seen).toEqual([{ from: { personalDataMonths: null }, to: { personalDataMonths: 24 }, onDisk: null }])
    refuse = true
    await expect(db.setRetention({ personalDataMonths: 6 })).rejects.toThrow('audit log unwritable')
    expect(seen[1]).toMatchObject({ from: { personalDataMonths: 24 }, to: { personalDataMonths: 6 } })
    expect(await db.retention()).toEqual({ personalDataMonths: 24 })
    await db.close({ backup: false })
  })
})

// A service-defined collection in one file (as electron/services registers `operators`).
interface Operator {
  id: string
  revision: number
  name: string
  role: string
  passwordHash: string
}

const operatorsCollection: CollectionDescriptor<Operator> = {
  name: 'operators',
  label: '操作员',
  layout: { file: 'operators.json' },
  partitionOf: () => '',
  migrations: [(data) => ({ schemaVersion: 1, items: Array.isArray(data) ? data : [] })],
  isRecord: (r) => {
    const o = r as Partial<Operator>
    return typeof o.id === 'string' && typeof o.name === 'string' && typeof o.role === 'string'
  },
}

describe('a single-file collection (operators)', () => {
  it('saves, gets, lists and deletes with revisions; is backed up and restored', async () => {
    const dir = await tempDir()
    const now = clock('2026-05-20T10:00:00')
    const db = await openDatabase({ dataDir: dir, now, collections: [operatorsCollection] })
    await db.addCommunities([community('cA')], []) // a restore needs communities.json
    const ops = db.collection<Operator>('operators')
    const admin = await ops.save({ id: 'op-admin', name: '张主任', role: 'leader', passwordHash: 'scrypt$x' })
    expect(admin.revision).toBe(1)
    const clerk = await ops.save({ id: 'op-clerk', name: '李文书', role: 'secretary', passwordHash: 'scrypt$y' })
    const renamed = await ops.save({ ...clerk, name: '李秘书' }, { expectRevision: 1 })
    expect(renamed.revision).toBe(2)
    await expect(ops.save({ ...clerk, name: '旧名' }, { expectRevision: 1 })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await ops.list()).map((o) => [o.id, o.name, o.revision])).toEqual([
      ['op-admin', '张主任', 1],
      ['op-clerk', '李秘书', 2],
    ])
    expect(JSON.parse(await readFile(join(dir, 'operators.json'), 'utf8'))).toMatchObject({ schemaVersion: 1, items: [{ id: 'op-admin' }, { id: 'op-clerk' }] })

    now.advance(60_000)
    const backup = await db.backup('manual')
    expect((await snapshot(join(dir, 'backups', backup))).files.has('operators.json')).toBe(true)

    expect((await ops.delete('op-clerk', { expectRevision: 2 }))?.name).toBe('李秘书')
    expect(await ops.get('op-clerk')).toBeUndefined()
    // A deleted record is erased from the backup copies too.
    expect(await readFile(join(dir, 'backups', backup, 'operators.json'), 'utf8')).not.toContain('op-clerk')
    await ops.save({ id: 'op-new', name: '王干事', role: 'secretary', passwordHash: 'scrypt$z' })
    now.advance(60_000)
    const withNew = await db.backup('manual')
    now.advance(60_000)
    await ops.save({ ...admin, role: 'secretary' }, { expectRevision: 1 }) // (a delete would also erase it from backups)
    await ops.save({ id: 'op-later', name: '赵干事', role: 'secretary', passwordHash: 'scrypt$w' })
    await db.restore(withNew)
    expect((await ops.list()).map((o) => [o.id, o.role, o.revision])).toEqual([
      ['op-admin', 'leader', 1],
      ['op-new', 'secretary', 1],
    ])
    await db.close({ backup: false })

    // Reopened: the file is loaded again, revisions kept.
    const again = await openDatabase({ dataDir: dir, now, collections: [operatorsCollection] })
    expect(await again.collection<Operator>('operators').get('op-admin')).toMatchObject({ name: '张主任', revision: 1 })
    await again.close({ backup: false })
  })
})
