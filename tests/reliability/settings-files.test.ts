// street.json, case-counters.json and demand-moves.json (issue 9) under the damage kinds of
// corrupt-files.test.ts (as topics-files.test.ts does for topics): damaged at start, the file is
// quarantined and restored from the newest good backup with a warning, or started empty with an
// error notice when no backup is good; a newer file is refused and left untouched. Never a crash,
// and nothing silently lost: street settings come back from the backup or fall back to the
// defaults with a notice, a restored (older) case counter never gives a number out twice, and a
// moved demand stays in exactly one partition, found under its new id.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import { DEFAULT_STREET_SETTINGS } from '../../shared/contract/street'
import type { Demand, StreetSettings } from '../../shared/domain/entities'
import { formatCaseNo } from '../../shared/domain/case-number'
import { openDatabase, type Database } from '../../electron/data'
import { streetCollection, createStreetSettings } from '../../electron/services/street'
import { caseCountersCollection, createCaseNumbers } from '../../electron/services/case-numbers'
import { COMMUNITIES, removeFolder, tempFolder } from './support'

const DAMAGES: Record<string, (o: Buffer) => Buffer> = {
  '0-byte': () => Buffer.alloc(0),
  'all-NUL': (o) => Buffer.alloc(Math.max(o.length, 16), 0),
  truncated: (o) => o.subarray(0, Math.floor(o.length / 2)),
  'invalid UTF-8': (o) => Buffer.concat([o.subarray(0, 12), Buffer.from([0xc3, 0x28, 0xff]), o.subarray(12)]),
  'wrong schema': () => Buffer.from(JSON.stringify({ schemaVersion: 1, items: [{ id: 7, bogus: true }] })),
  'newer schemaVersion': (o) => Buffer.from(JSON.stringify({ ...JSON.parse(o.toString('utf8')), schemaVersion: 99 })),
}
const NOW = () => new Date('2026-05-21T09:00:00+08:00')
const COLLECTIONS = [streetCollection as never, caseCountersCollection as never]
const open = (dataDir: string) => openDatabase({ dataDir, now: NOW, collections: COLLECTIONS })
const cB = COMMUNITIES[1]

const demand = (key: string, month: string, seq: number): Omit<Demand, 'revision'> => ({
  id: `cB~${month.replace('-', '')}~${key.padEnd(11, 'x')}`,
  communityId: 'cB',
  channel: 'hotline',
  category: 'parking',
  reporterName: '王芳',
  receivedAt: `${month}-10T09:00:00+08:00`,
  description: `车位被占用 ${key}`,
  status: 'called',
  createdAt: `${month}-10T09:00:00+08:00`,
  updatedAt: `${month}-10T09:00:00+08:00`,
  caseNo: formatCaseNo(cB.name, 2026, seq),
})

interface Case {
  rel: string
  /** Writes the state a backup is taken of (returns the backup's id), then a later live state. */
  seed(db: Database): Promise<string>
  /** Checks the state after the damaged open; returns the cell's summary. */
  check(db: Database, backupGood: boolean, cell: string): Promise<string>
}

const street = (name: string): StreetSettings & { id: string } => ({
  id: 'street',
  name,
  timeZone: 'Asia/Urumqi',
  deadlineDays: { compound: 3, community: 7, street: 15 },
  revision: 0,
})

const CASES: Case[] = [
  {
    rel: 'street.json',
    async seed(db) {
      await db.collection('street').save(street('甲街道'))
      const backup = await db.backup('manual')
      const cur = await db.collection<StreetSettings & { id: string }>('street').get('street')
      await db.collection('street').save({ ...street('乙街道'), revision: cur!.revision }, { expectRevision: cur!.revision })
      return backup
    },
    async check(db, backupGood, cell) {
      const settings = await createStreetSettings(db).get()
      if (backupGood) {
        expect(settings, cell).toMatchObject({ name: '甲街道', timeZone: 'Asia/Urumqi' })
      } else {
        // The defaults, said in the error notice: the administrator sets them again.
        expect(settings, cell).toMatchObject({ ...DEFAULT_STREET_SETTINGS, revision: 0 })
      }
      return `street ${JSON.stringify(settings.name)} ${settings.timeZone}`
    },
  },
  {
    rel: 'case-counters.json',
    async seed(db) {
      await db.saveDemand(demand('a1', '2026-05', 1))
      await db.collection('case-counters').save({ id: 'cB:2026', next: 2 })
      const backup = await db.backup('manual')
      await db.saveDemand(demand('a2', '2026-05', 2))
      await db.saveDemand(demand('a3', '2026-05', 3))
      const cur = await db.collection<{ id: string; next: number; revision: number }>('case-counters').get('cB:2026')
      await db.collection('case-counters').save({ id: 'cB:2026', next: 4 }, { expectRevision: cur!.revision })
      return backup
    },
    async check(db, _backupGood, cell) {
      // The restored counter says 2 (or there is none): the next number is still 4, never 2 or 3.
      const first = await createCaseNumbers(db).reserve(cB, '2026', 1)
      expect(first, cell).toBe(4)
      return `next case number ${formatCaseNo(cB.name, 2026, first)}`
    },
  },
  {
    rel: 'demand-moves.json',
    async seed(db) {
      const saved = await db.saveDemand(demand('m0', '2026-05', 1))
      await db.saveDemand(demand('k1', '2026-05', 2))
      await db.moveDemand(saved.id, { ...demand('m1', '2026-04', 1), id: 'cB~202604~m1xxxxxxxxx' })
      const backup = await db.backup('manual')
      await db.moveDemand('cB~202604~m1xxxxxxxxx', { ...demand('m2', '2026-03', 1), id: 'cB~202603~m2xxxxxxxxx' })
      return backup
    },
    async check(db, backupGood, cell) {
      // The records are in their partitions whatever the journal says: each in exactly one.
      const all = [...(await db.readPartition('cB', '2026-05')), ...(await db.readPartition('cB', '2026-04')), ...(await db.readPartition('cB', '2026-03'))]
      const ids = all.map((d) => d.id).sort()
      expect(ids, cell).toEqual(['cB~202603~m2xxxxxxxxx', 'cB~202605~k1xxxxxxxxx'])
      expect(await db.getDemand('cB~202603~m2xxxxxxxxx'), cell).toBeTruthy()
      // The journal is the backup's (its alias m0 -> m1 back) or empty, and the aliases made after
      // the backup (m1 -> m2; and m0 -> m1 without a good backup) are rebuilt from the record's
      // formerIds; no pending entry is invented.
      const journal = (await db.collection<{ id: string; to: string; state: string }>('demand-moves').list('')).map((m) => `${m.id}>${m.to}:${m.state}`)
      expect(journal.sort(), cell).toEqual(['cB~202604~m1xxxxxxxxx>cB~202603~m2xxxxxxxxx:done', 'cB~202605~m0xxxxxxxxx>cB~202604~m1xxxxxxxxx:done'])
      // so every earlier id still finds the demand
      expect((await db.getDemand('cB~202605~m0xxxxxxxxx'))?.id, cell).toBe('cB~202603~m2xxxxxxxxx')
      expect((await db.getDemand('cB~202604~m1xxxxxxxxx'))?.id, cell).toBe('cB~202603~m2xxxxxxxxx')
      expect(db.notices().some((n) => n.message.includes('找回') && n.message.includes('诉求编号')), cell).toBe(true)
      return `${ids.length} demands, one copy each`
    },
  },
]

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await removeFolder(d)
})

async function seeded(c: Case): Promise<{ dir: string; backup: string }> {
  const dir = await tempFolder('yishi-settings-')
  dirs.push(dir)
  const db = await open(dir)
  await db.addCommunities(COMMUNITIES, [])
  const backup = await c.seed(db)
  await db.close({ backup: false })
  return { dir, backup }
}

describe('damaged street.json, case-counters.json, demand-moves.json at start', () => {
  for (const c of CASES) {
    it(`${c.rel}: quarantines and restores, or starts empty and says so, or refuses a newer file`, async () => {
      const rows: string[] = []
      let crashes = 0
      for (const [name, how] of Object.entries(DAMAGES)) {
        for (const backupGood of [true, false]) {
          const cell = `${c.rel} | ${name} | ${backupGood ? 'good backup' : 'no good backup'}`
          const { dir, backup } = await seeded(c)
          const written = how(await readFile(join(dir, c.rel)))
          await writeFile(join(dir, c.rel), written)
          if (!backupGood) await writeFile(join(dir, 'backups', backup, c.rel), how(await readFile(join(dir, 'backups', backup, c.rel))))
          let db: Database
          try {
            db = await open(dir)
          } catch (err) {
            if (!(err instanceof AppError)) {
              crashes++
              rows.push(`${cell} | CRASH ${String(err)}`)
              continue
            }
            // Only a newer file may stop the open, and it is left as it was.
            expect(name, `${cell}: open refused: ${err.message}`).toBe('newer schemaVersion')
            expect(err.code, cell).toBe('CONFLICT')
            expect((await readFile(join(dir, c.rel))).equals(written), `${cell}: newer file modified`).toBe(true)
            rows.push(`${cell} | open refused (CONFLICT), file untouched`)
            continue
          }
          try {
            if (name === 'newer schemaVersion') {
              const got = await db.collection(c.rel.replace('.json', '')).list('').catch((e: unknown) => e)
              expect(got, cell).toBeInstanceOf(AppError)
              expect((await readFile(join(dir, c.rel))).equals(written), `${cell}: newer file modified`).toBe(true)
              rows.push(`${cell} | refused (CONFLICT), file untouched`)
              continue
            }
            const notices = db.notices().filter((n) => n.file === c.rel)
            const quarantined = (await readdir(dir)).filter((f) => f.startsWith(`${c.rel}.corrupt-`))
            expect(quarantined, cell).toHaveLength(1)
            expect(notices, cell).toHaveLength(1)
            expect(notices[0].level, cell).toBe(backupGood ? 'warning' : 'error')
            const what = await c.check(db, backupGood, cell)
            rows.push(`${cell} | ${notices[0].level}: ${what}, quarantined ${quarantined.length}`)
          } finally {
            await db.close({ backup: false })
          }
        }
      }
      for (const r of rows) console.log(r)
      console.log(`${c.rel} cells: ${rows.length}`)
      expect(crashes).toBe(0)
    })
  }
})
