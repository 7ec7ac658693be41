// The topics collection (issue 9) under the damage kinds of corrupt-files.test.ts: a damaged
// topics/<community>.json is quarantined and restored from the newest good backup with a notice,
// started empty with an error notice when no backup is good, and a newer file is refused and left
// untouched. Never a crash.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import type { Topic } from '../../shared/domain/topic-model'
import { openDatabase } from '../../electron/data'
import { topicsCollection } from '../../electron/services/topics-collection'
import { COMMUNITIES, removeFolder, tempFolder } from './support'

const DAMAGES: Record<string, (o: Buffer) => Buffer> = {
  '0-byte': () => Buffer.alloc(0),
  'all-NUL': (o) => Buffer.alloc(Math.max(o.length, 16), 0),
  truncated: (o) => o.subarray(0, Math.floor(o.length / 2)),
  'invalid UTF-8': (o) => Buffer.concat([o.subarray(0, 12), Buffer.from([0xc3, 0x28, 0xff]), o.subarray(12)]),
  'wrong schema': () => Buffer.from(JSON.stringify({ schemaVersion: 1, items: [{ id: 'cA~tp~x', title: 7 }] })),
  'broken invariant': (o) => Buffer.from(o.toString('utf8').replace('"status":"proposed"', '"status":"confirmed"')),
  'newer schemaVersion': (o) => Buffer.from(JSON.stringify({ ...JSON.parse(o.toString('utf8')), schemaVersion: 99 })),
}
const REL = 'topics/cA.json'
const NOW = () => new Date('2026-05-21T09:00:00+08:00')

const topic = (key: string, title: string): Omit<Topic, 'revision'> => ({
  id: `cA~tp~${key}`,
  communityId: 'cA',
  level: 'compound',
  title,
  demandIds: [`cA~202605~${key}`],
  status: 'proposed',
  createdAt: '2026-05-20T10:00:00+08:00',
  updatedAt: '2026-05-20T10:00:00+08:00',
  history: [],
})

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await removeFolder(d)
})

/** A backup holding one topic, then a second topic saved live. */
async function seeded(): Promise<{ dir: string; backup: string }> {
  const dir = await tempFolder('yishi-topics-')
  dirs.push(dir)
  const db = await openDatabase({ dataDir: dir, now: NOW, collections: [topicsCollection as never] })
  await db.addCommunities(COMMUNITIES, [])
  await db.collection<Topic>('topics').save(topic('a1', '电梯停运'))
  const backup = await db.backup('manual')
  await db.collection<Topic>('topics').save(topic('a2', '垃圾清运'))
  await db.close({ backup: false })
  return { dir, backup }
}

describe('damaged topics file at start', () => {
  it('quarantines and restores, or starts empty and says so, or refuses a newer file', async () => {
    const rows: string[] = []
    let crashes = 0
    for (const [name, how] of Object.entries(DAMAGES)) {
      for (const backupGood of [true, false]) {
        const cell = `${REL} | ${name} | ${backupGood ? 'good backup' : 'no good backup'}`
        const { dir, backup } = await seeded()
        const written = how(await readFile(join(dir, REL)))
        await writeFile(join(dir, REL), written)
        if (!backupGood) await writeFile(join(dir, 'backups', backup, REL), how(await readFile(join(dir, 'backups', backup, REL))))
        try {
          const db = await openDatabase({ dataDir: dir, now: NOW, collections: [topicsCollection as never] })
          const got = await db
            .collection<Topic>('topics')
            .list('cA')
            .catch((e: unknown) => e)
          if (name === 'newer schemaVersion') {
            expect(got, cell).toBeInstanceOf(AppError)
            expect((got as AppError).code, cell).toBe('CONFLICT')
            expect((await readFile(join(dir, REL))).equals(written), `${cell}: newer file modified`).toBe(true)
            rows.push(`${cell} | refused (CONFLICT), file untouched`)
          } else {
            const titles = (got as Topic[]).map((t) => t.title)
            const notices = db.notices().filter((n) => n.file === REL)
            const quarantined = (await readdir(join(dir, 'topics'))).filter((f) => f.includes('.corrupt-'))
            expect(quarantined, cell).toHaveLength(1)
            expect(notices, cell).toHaveLength(1)
            if (backupGood) {
              expect(titles, cell).toEqual(['电梯停运'])
              expect(notices[0].level, cell).toBe('warning')
            } else {
              expect(titles, cell).toEqual([])
              expect(notices[0].level, cell).toBe('error')
            }
            rows.push(`${cell} | ${notices[0].level}: ${titles.length} topic(s) after, quarantined ${quarantined.length}`)
          }
          await db.close({ backup: false })
        } catch (err) {
          if (!(err instanceof AppError)) throw err
          crashes++
          rows.push(`${cell} | open refused: ${err.message}`)
        }
      }
    }
    for (const r of rows) console.log(r)
    console.log(`topics cells: ${rows.length}`)
    expect(crashes).toBe(0)
  })
})
