// Damaged files at start, table-driven: every target × every kind of damage × the state of the
// backups. The app must never crash, never start empty without saying so, quarantine what it
// cannot read, restore what it can, and say what it did (DataNotice).
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import type { Demand } from '../../shared/domain/entities'
import { openDatabase, type Database } from '../../electron/data'
import { COMMUNITIES, checkFolder, recountMismatches, removeFolder, tempFolder } from './support'

type Damage = (original: Buffer) => Buffer
const DAMAGES: Record<string, Damage> = {
  '0-byte': () => Buffer.alloc(0),
  'all-NUL': (o) => Buffer.alloc(Math.max(o.length, 16), 0),
  truncated: (o) => o.subarray(0, Math.floor(o.length / 2)),
  'invalid UTF-8': (o) => Buffer.concat([o.subarray(0, 12), Buffer.from([0xc3, 0x28, 0xff]), o.subarray(12)]),
  'wrong schema': () =>
    Buffer.from(JSON.stringify({ schemaVersion: 1, communities: 'x', items: [{ id: 7 }], counts: [], partitions: 5 })),
  'newer schemaVersion': (o) => Buffer.from(JSON.stringify({ ...JSON.parse(o.toString('utf8')), schemaVersion: 99 })),
}

const TARGETS = {
  'communities.json': 'communities.json',
  'summary.json': 'summary.json',
  partition: 'demands/cA/2026-05.json',
} as const
type Target = keyof typeof TARGETS | 'backup copy'
type Backups = 'good backup' | 'newest backup also damaged' | 'no good backup'

const demand = (n: number, month = '2026-05'): Demand => ({
  id: `cA~${month.replace('-', '')}~m${n}`,
  communityId: 'cA',
  channel: 'hotline',
  category: 'facilities',
  reporterName: '王芳',
  receivedAt: `${month}-1${n}T09:00:00+08:00`,
  description: `诉求 ${n}`,
  status: 'called',
  createdAt: `${month}-1${n}T09:00:00+08:00`,
  updatedAt: `${month}-1${n}T09:00:00+08:00`,
})

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await removeFolder(d)
})

/** Two communities; backups B1 (older, 2 demands in May) and B2 (newest, 3 demands in May). */
async function seeded(): Promise<{ dir: string; backups: string[] }> {
  const dir = await tempFolder('yishi-corrupt-')
  dirs.push(dir)
  let t = new Date('2026-05-20T10:00:00+08:00').getTime()
  const now = () => new Date(t)
  const db = await openDatabase({ dataDir: dir, now })
  await db.addCommunities(COMMUNITIES, [demand(1), demand(2)])
  t += 60_000
  await db.close()
  t += 60_000
  const db2 = await openDatabase({ dataDir: dir, now })
  await db2.saveDemand(demand(3))
  await db2.close()
  const backups = (await readdir(join(dir, 'backups'))).sort().reverse() // newest first
  return { dir, backups: backups.slice(0, 2) }
}

async function damage(path: string, how: Damage): Promise<Buffer> {
  const bytes = how(await readFile(path))
  await writeFile(path, bytes)
  return bytes
}

interface Outcome {
  opened: boolean
  text: string
}

describe('damaged files at start', () => {
  it('handles the full matrix', async () => {
    const rows: string[] = []
    let crashes = 0
    let silentEmpty = 0
    let cells = 0

    const check = (cond: boolean, msg: string) => expect(cond, msg).toBe(true)

    for (const target of [...Object.keys(TARGETS), 'backup copy'] as Target[]) {
      for (const [damageName, how] of Object.entries(DAMAGES)) {
        const backupStates: Backups[] = target === 'summary.json' || target === 'backup copy' ? ['good backup'] : ['good backup', 'newest backup also damaged', 'no good backup']
        for (const backupState of backupStates) {
          cells++
          const cell = `${target} | ${damageName} | ${backupState}`
          const { dir, backups } = await seeded()
          const rel = target === 'backup copy' ? TARGETS.partition : TARGETS[target]
          let written: Buffer
          if (target === 'backup copy') {
            written = await damage(join(dir, 'backups', backups[0], rel), how)
          } else {
            written = await damage(join(dir, rel), how)
            if (backupState !== 'good backup') await damage(join(dir, 'backups', backups[0], rel), how)
            if (backupState === 'no good backup') await damage(join(dir, 'backups', backups[1], rel), how)
          }

          let db: Database | null = null
          let outcome: Outcome
          try {
            db = await openDatabase({ dataDir: dir, now: () => new Date('2026-05-21T09:00:00+08:00') })
            if (target === 'partition' && damageName === 'newer schemaVersion') {
              // The folder was closed cleanly, so the open trusts summary.json and does not read
              // partitions; the file is refused when read (and by the check behind the open).
              const err = await db.readPartition('cA', '2026-05').catch((e: unknown) => e)
              check(err instanceof AppError && err.code === 'CONFLICT' && err.message.includes('更新版本'), `${cell}: read not refused`)
              await db.whenIdle()
              check(db.notices().some((n) => n.message.includes('更新版本')), `${cell}: no notice from the check behind the open`)
              check((await readFile(join(dir, rel))).equals(written), `${cell}: newer file was modified`)
              await db.close()
              rows.push(`${cell} | opened (clean close: summary trusted); reading it refused (CONFLICT: 更新版本), file untouched`)
              continue
            }
            // Partitions load lazily: touch the damaged one, as a list would.
            const may = await db.readPartition('cA', '2026-05')
            const notices = db.notices()
            const levels = notices.map((n) => n.level).join(',') || 'none'
            const files = await checkFolder(dir)
            const live = files.corrupt.filter((f) => !f.startsWith('backups/'))
            check(live.length === 0, `${cell}: live files still corrupt: ${live.join(', ')}`)
            check((await recountMismatches(db, dir)).length === 0, `${cell}: summary differs from recount`)
            const communities = db.communities().length
            if ((communities === 0 || may.length === 0) && !notices.some((n) => n.level === 'error')) silentEmpty++
            outcome = {
              opened: true,
              text: `opened; notices ${levels}; quarantined ${files.quarantined.length}; communities ${communities}; May demands ${may.length}`,
            }
            if (target === 'backup copy') {
              const err = await db.restore(backups[0]).catch((e: unknown) => e)
              check(err instanceof AppError, `${cell}: restore of damaged backup did not refuse`)
              const code = (err as AppError).code
              check(code === (damageName === 'newer schemaVersion' ? 'CONFLICT' : 'VALIDATION'), `${cell}: ${code}`)
              check((await db.readPartition('cA', '2026-05')).length === 3, `${cell}: live data changed`)
              outcome.text += `; restore of that backup refused (${code})`
              check(notices.length === 0, `${cell}: unexpected notice`)
            } else if (damageName !== 'newer schemaVersion') {
              check(files.quarantined.length === 1, `${cell}: expected one quarantined file`)
              check(notices.length === 1, `${cell}: expected one notice, got ${levels}`)
              const [n] = notices
              check(n.message.includes(rel), `${cell}: notice does not name ${rel}`)
              if (target === 'summary.json') {
                check(n.level === 'warning' && n.message.includes('重新统计'), `${cell}: ${n.message}`)
                check(may.length === 3, `${cell}: data lost`)
              } else if (backupState === 'no good backup') {
                check(n.level === 'error' && n.message.includes('没有找到完好的备份'), `${cell}: ${n.message}`)
              } else {
                check(n.level === 'warning' && n.message.includes('的备份恢复'), `${cell}: ${n.message}`)
                const expectMay = backupState === 'good backup' ? 3 : 2
                check(communities === 2, `${cell}: communities ${communities}`)
                if (target === 'partition') check(may.length === expectMay, `${cell}: May ${may.length}`)
              }
            } else {
              check(false, `${cell}: a newer file must refuse to open`)
            }
            await db.close()
          } catch (err) {
            if (!(err instanceof AppError)) {
              crashes++
              rows.push(`${cell} | CRASH ${String(err)}`)
              continue
            }
            if (db) throw err // an assertion wrapped as AppError cannot happen; keep failures loud
            check(damageName === 'newer schemaVersion', `${cell}: open refused: ${err.message}`)
            check(err.code === 'CONFLICT' && err.message.includes('更新版本'), `${cell}: ${err.message}`)
            // Left untouched, and the folder is not held.
            check((await readFile(join(dir, rel))).equals(written), `${cell}: newer file was modified`)
            const reopen = await openDatabase({ dataDir: dir }).catch((e: unknown) => e)
            check(reopen instanceof AppError && !(reopen.message.includes('另一个')), `${cell}: lock not released`)
            outcome = { opened: false, text: `refused to open (CONFLICT: 更新版本), file untouched, lock released` }
          }
          rows.push(`${cell} | ${outcome.text}`)
        }
      }
    }
    console.log('target | damage | backups | outcome')
    for (const r of rows) console.log(r)
    console.log(`matrix cells: ${cells}`)
    console.log(`crashes: ${crashes}`)
    console.log(`started empty without an error notice: ${silentEmpty}`)
    expect(crashes).toBe(0)
    expect(silentEmpty).toBe(0)
  })
})
