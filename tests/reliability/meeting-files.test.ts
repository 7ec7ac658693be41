// The people and meetings collections (issue 10) under the damage kinds of corrupt-files.test.ts:
// a damaged people/<community>.json or meetings/<community>/<year>.json is quarantined and
// restored from the newest good backup with a notice, started empty with an error notice when no
// backup is good, and a newer file is refused and left untouched. A people file read with another
// data key is refused (KEY_MISMATCH), never quarantined. Never a crash.
import { randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import type { Meeting, Person } from '../../shared/domain/meeting'
import { openDatabase, type Unsaved } from '../../electron/data'
import { createPiiCipher } from '../../electron/data/pii-codec'
import { createPeopleCollection } from '../../electron/services/people-collection'
import { meetingsCollection } from '../../electron/services/meetings-collection'
import { COMMUNITIES, removeFolder, tempFolder } from './support'

const NOW = () => new Date('2026-05-21T09:00:00+08:00')
const KEY = randomBytes(32)
const collections = (key = KEY) => [createPeopleCollection(createPiiCipher(key)) as never, meetingsCollection as never]

const person = (key: string, name: string): Unsaved<Person> => ({
  id: `cA~ps~${key}`,
  communityId: 'cA',
  name,
  party: 'ownersCommittee',
  phone: '13812345678',
  active: true,
  createdAt: '2026-05-20T10:00:00+08:00',
  updatedAt: '2026-05-20T10:00:00+08:00',
})

const meeting = (key: string, title: string): Unsaved<Meeting> => ({
  id: `cA~mt~2026~${key}`,
  communityId: 'cA',
  level: 'community',
  title,
  startsAt: '2026-05-25T14:30:00+08:00',
  place: '社区党群服务中心',
  chairId: 'cA~ps~a1',
  recorderId: 'cA~ps~a1',
  roster: [{ personId: 'cA~ps~a1', attendance: 'present' }],
  status: 'draft',
  agenda: [],
  chair: { currentItemId: null, itemStartedAt: null, itemElapsed: 0, speakers: [] },
  minutes: { version: 1, status: 'draft', items: [], createdAt: '2026-05-20T10:00:00+08:00' },
  versions: [],
  createdAt: '2026-05-20T10:00:00+08:00',
  updatedAt: '2026-05-20T10:00:00+08:00',
})

interface Target {
  rel: string
  collection: 'people' | 'meetings'
  partition: string
  first: () => Unsaved<Person> | Unsaved<Meeting>
  second: () => Unsaved<Person> | Unsaved<Meeting>
  nameOf: (r: Person | Meeting) => string
  firstName: string
  broken: (text: string) => string
}

const TARGETS: Target[] = [
  {
    rel: 'people/cA.json',
    collection: 'people',
    partition: 'cA',
    first: () => person('a1', '张主任'),
    second: () => person('a2', '赵经理'),
    nameOf: (r) => (r as Person).name,
    firstName: '张主任',
    broken: (t) => t.replace('"party":"ownersCommittee"', '"party":"nobody"'),
  },
  {
    rel: 'meetings/cA/2026.json',
    collection: 'meetings',
    partition: 'cA/2026',
    first: () => meeting('a1', '五月联席会议'),
    second: () => meeting('a2', '六月联席会议'),
    nameOf: (r) => (r as Meeting).title,
    firstName: '五月联席会议',
    broken: (t) => t.replace('"communityId":"cA"', '"communityId":"cB"'),
  },
]

const damages = (t: Target): Record<string, (o: Buffer) => Buffer> => ({
  '0-byte': () => Buffer.alloc(0),
  'all-NUL': (o) => Buffer.alloc(Math.max(o.length, 16), 0),
  truncated: (o) => o.subarray(0, Math.floor(o.length / 2)),
  'invalid UTF-8': (o) => Buffer.concat([o.subarray(0, 12), Buffer.from([0xc3, 0x28, 0xff]), o.subarray(12)]),
  'wrong schema': () => Buffer.from(JSON.stringify({ schemaVersion: 1, items: [{ id: 'x', title: 7 }] })),
  'broken invariant': (o) => Buffer.from(t.broken(o.toString('utf8'))),
  'newer schemaVersion': (o) => Buffer.from(JSON.stringify({ ...JSON.parse(o.toString('utf8')), schemaVersion: 99 })),
})

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await removeFolder(d)
})

/** A backup holding one record, then a second saved live. */
async function seeded(t: Target): Promise<{ dir: string; backup: string }> {
  const dir = await tempFolder('yishi-meeting-files-')
  dirs.push(dir)
  const db = await openDatabase({ dataDir: dir, now: NOW, collections: collections() })
  await db.addCommunities(COMMUNITIES, [])
  await db.collection(t.collection).save(t.first() as never)
  const backup = await db.backup('manual')
  await db.collection(t.collection).save(t.second() as never)
  await db.close({ backup: false })
  return { dir, backup }
}

describe('damaged people and meetings files at start', () => {
  for (const t of TARGETS) {
    it(`${t.rel}: quarantines and restores, or starts empty and says so, or refuses a newer file`, async () => {
      const rows: string[] = []
      let crashes = 0
      for (const [name, how] of Object.entries(damages(t))) {
        for (const backupGood of [true, false]) {
          const cell = `${t.rel} | ${name} | ${backupGood ? 'good backup' : 'no good backup'}`
          const { dir, backup } = await seeded(t)
          const written = how(await readFile(join(dir, t.rel)))
          await writeFile(join(dir, t.rel), written)
          if (!backupGood) await writeFile(join(dir, 'backups', backup, t.rel), how(await readFile(join(dir, 'backups', backup, t.rel))))
          try {
            const db = await openDatabase({ dataDir: dir, now: NOW, collections: collections() })
            const got = await db
              .collection<Person | Meeting>(t.collection)
              .list(t.partition)
              .catch((e: unknown) => e)
            if (name === 'newer schemaVersion') {
              expect(got, cell).toBeInstanceOf(AppError)
              expect((got as AppError).code, cell).toBe('CONFLICT')
              expect((await readFile(join(dir, t.rel))).equals(written), `${cell}: newer file modified`).toBe(true)
              rows.push(`${cell} | refused (CONFLICT), file untouched`)
            } else {
              const names = (got as Array<Person | Meeting>).map(t.nameOf)
              const notices = db.notices().filter((n) => n.file === t.rel)
              const quarantined = (await readdir(join(dir, dirname(t.rel)))).filter((f) => f.includes('.corrupt-'))
              expect(quarantined, cell).toHaveLength(1)
              expect(notices, cell).toHaveLength(1)
              expect(names, cell).toEqual(backupGood ? [t.firstName] : [])
              expect(notices[0].level, cell).toBe(backupGood ? 'warning' : 'error')
              rows.push(`${cell} | ${notices[0].level}: ${names.length} record(s) after, quarantined ${quarantined.length}`)
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
      expect(crashes).toBe(0)
    })
  }

  it('people/cA.json read with another data key: KEY_MISMATCH, the file is neither quarantined nor changed', async () => {
    const { dir } = await seeded(TARGETS[0])
    const before = await readFile(join(dir, 'people/cA.json'))
    expect(before.toString('utf8')).not.toContain('13812345678')
    const db = await openDatabase({ dataDir: dir, now: NOW, collections: collections(randomBytes(32)) })
    const got = await db.collection('people').list('cA').catch((e: unknown) => e)
    expect(got).toBeInstanceOf(AppError)
    expect((got as AppError).code).toBe('KEY_MISMATCH')
    expect((await readdir(join(dir, 'people'))).filter((f) => f.includes('.corrupt-'))).toEqual([])
    expect((await readFile(join(dir, 'people/cA.json'))).equals(before)).toBe(true)
    await db.close({ backup: false })
  })
})
