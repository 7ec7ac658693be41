import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import { openDatabase, type ChangeEvent } from '../../electron/data'
import { clock, tempDir } from './helpers'
import { note, notesCollection, type Note } from './test-collection'

const NOW = '2026-12-01T10:00:00+08:00'
const open = (dir: string) => openDatabase({ dataDir: dir, now: clock(NOW), collections: [notesCollection] })

/** Every file under `root`, relative, '/' separated (skipping `skip` at the top). */
async function walk(root: string, skip: string[] = []): Promise<string[]> {
  const out: string[] = []
  const visit = async (dir: string, prefix: string) => {
    for (const name of await readdir(dir)) {
      if (!prefix && skip.includes(name)) continue
      const path = join(dir, name)
      if ((await stat(path)).isDirectory()) await visit(path, `${prefix}${name}/`)
      else out.push(`${prefix}${name}`)
    }
  }
  await visit(root, '')
  return out.sort()
}

describe('registered collections (a test-only "notes" collection)', () => {
  it('saves with revisions, refuses a stale revision with the time of the change, and reports changes', async () => {
    const dir = await tempDir()
    const db = await open(dir)
    const events: ChangeEvent[] = []
    const off = db.onChange((e) => events.push(e))
    expect(db.hasCollection('notes')).toBe(true)
    expect(db.hasCollection('tasks')).toBe(false) // opened with the test collection only
    expect(() => db.collection('tasks')).toThrow('unknown collection')
    const notes = db.collection<Note>('notes')
    const saved = await notes.save(note('2026', 'a1', '议题草稿'))
    expect(saved.revision).toBe(1)
    const again = await notes.save({ ...saved, text: '议题定稿' }, { expectRevision: 1 })
    expect(again.revision).toBe(2)
    const stale = await notes.save({ ...saved, text: '旧稿' }, { expectRevision: 1 }).catch((e: unknown) => e)
    expect(stale).toBeInstanceOf(AppError)
    expect((stale as AppError).code).toBe('CONFLICT')
    expect((stale as AppError).message).toBe('该笔记已于 2026-11-30 14:05 被他人修改，请重新加载后再保存')
    expect(await notes.get('n-2026-a1')).toMatchObject({ text: '议题定稿', revision: 2 })
    // pluck: a field of every record (of a partition or all), read without copying the records
    await notes.save(note('2027', 'b1', '下年'))
    expect(await notes.pluck((n) => n.text, '2026')).toEqual(['议题定稿'])
    expect((await notes.pluck((n) => `${n.id}:${n.revision}`)).sort()).toEqual(['n-2026-a1:2', 'n-2027-b1:1'])
    await notes.delete('n-2027-b1')
    events.pop()
    events.pop()
    expect((await notes.delete('n-2026-a1', { expectRevision: 1 }).catch((e: AppError) => e.code))).toBe('CONFLICT')
    expect(await notes.delete('n-2026-a1', { expectRevision: 2 })).toMatchObject({ revision: 2 })
    expect(await notes.list()).toEqual([])
    expect(events).toEqual([
      { collection: 'notes', ids: ['n-2026-a1'] },
      { collection: 'notes', ids: ['n-2026-a1'] },
      { collection: 'notes', ids: ['n-2026-a1'] },
    ])
    off()
    // demands and communities carry revisions too
    await db.saveCommunity({ id: 'cA', name: '东门社区', grids: [], compounds: [] })
    expect(db.community('cA')?.revision).toBe(1)
    const c2 = await db.saveCommunity({ ...db.community('cA')!, name: '东门' }, { expectRevision: 1 })
    expect(c2.revision).toBe(2)
    expect((await db.saveCommunity({ ...c2, name: 'x' }, { expectRevision: 1 }).catch((e: AppError) => e.message))).toContain('该社区已被他人修改')
    await db.close({ backup: false })
  })

  it('is backed up, restored, quarantined and restored from backup when damaged, and swept of temp files', async () => {
    const dir = await tempDir()
    let db = await open(dir)
    await db.saveCommunity({ id: 'cA', name: '东门社区', grids: [], compounds: [] })
    const notes = db.collection<Note>('notes')
    await notes.save(note('2025', 'b1', '去年的会议记录'))
    await notes.save(note('2026', 'b2', '今年的会议记录'))
    const id = await db.backup('manual')
    expect(await walk(join(dir, 'backups', id, 'notes'))).toEqual(['2025.json', '2026.json'])
    // restore: a note written after the backup goes, an edited one is as it was (a deleted one
    // stays deleted: a delete erases the record from the backups too)
    await notes.save(note('2027', 'b3', '备份之后'))
    await notes.save({ ...note('2025', 'b1', '改过'), revision: 1 }, { expectRevision: 1 })
    const events: ChangeEvent[] = []
    db.onChange((e) => events.push(e))
    await db.restore(id)
    expect((await notes.list()).map((n) => n.id).sort()).toEqual(['n-2025-b1', 'n-2026-b2'])
    expect(await notes.get('n-2025-b1')).toMatchObject({ text: '去年的会议记录', revision: 1 })
    expect(await walk(join(dir, 'notes'))).toEqual(['2025.json', '2026.json'])
    expect(events).toContainEqual({ collection: 'notes', ids: [] })
    await db.close({ backup: false })

    // damaged on disk + a temp file of an interrupted write; then an unclean open (lock left)
    await writeFile(join(dir, 'notes', '2026.json'), '{"schemaVersion":1,"items":[{"id":')
    await writeFile(join(dir, 'notes', '.2026.json.999.abcdef.tmp'), '{"schemaVersion":1,')
    await writeFile(join(dir, 'yishi.lock'), JSON.stringify({ pid: 999_999_999, hostname: (await import('node:os')).hostname(), startedAt: NOW }))
    db = await open(dir)
    expect(await db.collection<Note>('notes').get('n-2026-b2')).toMatchObject({ text: '今年的会议记录' })
    expect((await readdir(join(dir, 'notes'))).filter((n) => n.includes('.corrupt-'))).toHaveLength(1)
    expect(db.notices().some((n) => n.file === 'notes/2026.json' && n.level === 'warning')).toBe(true)
    expect((await readdir(join(dir, 'notes'))).some((n) => n.endsWith('.tmp'))).toBe(false)
    await db.close({ backup: false })
  })

  it('backup completeness: every file of the data folder is in a fresh backup', async () => {
    const dir = await tempDir()
    const db = await open(dir)
    await db.saveCommunity({ id: 'cA', name: '东门社区', grids: [], compounds: [] })
    await db.saveDemand({
      id: 'cA~202611~t1',
      communityId: 'cA',
      channel: 'hotline',
      category: 'facilities',
      reporterName: '王芳',
      receivedAt: '2026-11-10T09:00:00+08:00',
      description: '路灯',
      status: 'called',
      createdAt: NOW,
      updatedAt: NOW,
    })
    await db.collection<Note>('notes').save(note('2026', 'c1', '笔记'))
    await db.setRetention({ personalDataMonths: 24 })
    await writeFile(join(dir, 'keycheck.json'), '{"schemaVersion":1}')
    const id = await db.backup('manual')
    const live = await walk(dir, ['backups', 'yishi.lock'])
    const copy = await walk(join(dir, 'backups', id), ['backup.json', 'backup-files.json'])
    expect(live.length).toBeGreaterThan(4)
    expect(live.filter((f) => !copy.includes(f))).toEqual([])
    for (const f of live) {
      if (f !== 'summary.json') expect(await readFile(join(dir, 'backups', id, f), 'utf8')).toBe(await readFile(join(dir, f), 'utf8'))
    }
    await db.close({ backup: false })
  })
})
