// Writes (or finds cached) the bench data for one size: our data folder through the real data
// layer, and the same records for the baselines (better-sqlite3, one lowdb db.json).
import { createWriteStream, existsSync } from 'node:fs'
import { copyFile, mkdir, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import type { Demand } from '../../shared/domain/entities'
import { addMonths, currentMonth, dayOf, monthOf } from '../../shared/domain/month'
import { nodeFs, openDatabase, writeFileDurable } from '../../electron/data'
import { SAMPLE_COMMUNITIES, mulberry32 } from '../../electron/services/sample-street'
import { LOCK_FILE } from '../../electron/data/lock'
import { TASKS_FOLDER, tasksCollection } from '../../electron/services/tasks-collection'
import type { Task } from '../../shared/domain/task'
import { GENERATOR_VERSION, generateCommunity, monthlyCounts, sizeName, type CommunityData } from './generator'

/** The collections the bench registers when it opens our folder (the app registers more; their files are not in the bench folder). */
export const BENCH_COLLECTIONS = [tasksCollection] as unknown as NonNullable<Parameters<typeof openDatabase>[0]['collections']>

export const RESULTS_DIR = resolve(import.meta.dirname, '../../bench-results')

/**
 * The data layer's clock for backup names: fixed, so the daily backup made when the folder is
 * generated counts as "today's" on every later open. A cold open in the bench therefore never
 * includes a backup copy; the first open of a real day does (measured as its own row).
 */
export const BENCH_CLOCK = () => new Date('2000-01-01T12:00:00+08:00')

export interface Dataset {
  size: number
  seed: number
  endMonth: string
  root: string
  /** our data folder (openDatabase) */
  yishiDir: string
  sqliteFile: string
  sqliteWalFile: string
  lowdbFile: string
  manifest: Manifest
}

export interface Manifest {
  generatorVersion: number
  size: number
  seed: number
  endMonth: string
  /** closures: evaluated demands with a closure record (rated or 无法联系) */
  counts: { demands: number; meetings: number; topics: number; tasks: number; closures: number }
  bytes: { yishi: number; sqlite: number; lowdb: number }
  /** a sample of demand ids (spread over communities and months) for the edit rows */
  editIds: string[]
  generatedInMs: number
  createdAt: string
}

/** The last complete month before `now` (street time): ten years end there. */
export function defaultEndMonth(now = new Date()): string {
  return addMonths(currentMonth(now), -1)
}

export function datasetRoot(size: number, seed: number, endMonth: string, resultsDir = RESULTS_DIR): string {
  return join(resultsDir, `data-${sizeName(size)}-s${seed}-g${GENERATOR_VERSION}-${endMonth}`)
}

export async function ensureDataset(
  opts: { size: number; seed: number; endMonth: string; resultsDir?: string; log?: (msg: string) => void },
): Promise<Dataset> {
  const root = datasetRoot(opts.size, opts.seed, opts.endMonth, opts.resultsDir)
  const paths = {
    root,
    yishiDir: join(root, 'yishi'),
    sqliteFile: join(root, 'sqlite', 'demands.db'),
    sqliteWalFile: join(root, 'sqlite-wal', 'demands.db'),
    lowdbFile: join(root, 'lowdb', 'db.json'),
  }
  const manifestPath = join(root, 'manifest.json')
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest
    if (manifest.generatorVersion === GENERATOR_VERSION) return { ...opts, ...paths, manifest }
  }
  const log = opts.log ?? (() => undefined)
  log(`generating ${sizeName(opts.size)} (seed ${opts.seed}, ten years to ${opts.endMonth}) in ${root}`)
  const started = performance.now()
  await rm(root, { recursive: true, force: true })
  for (const dir of [paths.yishiDir, join(root, 'sqlite'), join(root, 'sqlite-wal'), join(root, 'lowdb')]) {
    await mkdir(dir, { recursive: true })
  }

  const genOpts = { size: opts.size, seed: opts.seed, endMonth: opts.endMonth }
  const counts = monthlyCounts(genOpts)
  const db = await openDatabase({ dataDir: paths.yishiDir, now: BENCH_CLOCK })
  const sqlite = createSqlite(paths.sqliteFile)
  const lowdb = await openLowdbStream(paths.lowdbFile)
  const totals = { demands: 0, meetings: 0, topics: 0, tasks: 0, closures: 0 }
  const extras = new Map<string, unknown[]>()
  const editIds: string[] = []

  for (const community of SAMPLE_COMMUNITIES) {
    const data = generateCommunity(genOpts, structuredClone(community), counts.get(community.id)!)
    // The real bulk path: partitions (durable), communities.json, summary.json.
    await db.addCommunities([data.community], data.demands)
    sqlite.insert(data.demands)
    sqlite.insertTasks(data.tasks)
    // The tasks collection's own file format (tasks-collection.ts), written durably: saving 1,000
    // tasks one by one through collection.save would rewrite the file 1,000 times. Checked below.
    await writeTasksFile(paths.yishiDir, data.community.id, data.tasks)
    await lowdb.append(data.demands)
    collectExtras(extras, data)
    totals.demands += data.demands.length
    totals.meetings += data.meetings.length
    totals.topics += data.topics.length
    totals.tasks += data.tasks.length
    totals.closures += data.demands.filter((d) => d.closure).length
    // every 97th demand, a spread sample for the edit rows
    for (let i = 0; i < data.demands.length; i += 97) editIds.push(data.demands[i].id)
    log(`  ${community.id}: ${data.demands.length} demands`)
  }
  // Synthetic meetings/topics, through the same durable writer (not read by the bench's opens).
  for (const [rel, items] of extras) {
    const path = join(paths.yishiDir, ...rel.split('/'))
    await mkdir(join(path, '..'), { recursive: true })
    await writeFileDurable(nodeFs, path, JSON.stringify({ schemaVersion: 2, synthetic: true, items }))
  }
  // A clean close (summary saved, marked cleanClose), without an exit backup.
  await db.close({ backup: false })
  sqlite.finish()
  await lowdb.finish()
  // The tasks files must be what the real collection reads: open with it and list every community.
  const check = await openDatabase({ dataDir: paths.yishiDir, now: BENCH_CLOCK, collections: BENCH_COLLECTIONS })
  let listed = 0
  for (const c of SAMPLE_COMMUNITIES) listed += (await check.collection<Task>('tasks').list(c.id)).length
  await check.close({ backup: false })
  if (listed !== totals.tasks) throw new Error(`the tasks collection reads ${listed} tasks, ${totals.tasks} were written`)
  // WAL variant: the same database file, switched to journal_mode=WAL (persistent).
  await copyFile(paths.sqliteFile, paths.sqliteWalFile)
  const wal = new Database(paths.sqliteWalFile)
  wal.pragma('journal_mode = WAL')
  wal.close()

  const manifest: Manifest = {
    generatorVersion: GENERATOR_VERSION,
    size: opts.size,
    seed: opts.seed,
    endMonth: opts.endMonth,
    counts: totals,
    bytes: { yishi: await duBytes(paths.yishiDir, ['backups']), sqlite: await duBytes(join(root, 'sqlite')), lowdb: await duBytes(join(root, 'lowdb')) },
    editIds: shuffle(editIds, opts.seed).slice(0, 400),
    generatedInMs: Math.round(performance.now() - started),
    createdAt: new Date().toISOString(),
  }
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2))
  log(`  done in ${(manifest.generatedInMs / 1000).toFixed(1)} s`)
  return { ...opts, ...paths, manifest }
}

/**
 * Releases the data layer's one-writer lock without close(): close() also copies the whole data
 * folder to backups/ (on every exit), which the bench does not want to repeat per measurement.
 * Call only when this process has no writes pending on that folder.
 */
export async function releaseLock(dataDir: string): Promise<void> {
  await rm(join(dataDir, LOCK_FILE), { force: true })
}

function collectExtras(extras: Map<string, unknown[]>, data: CommunityData): void {
  const add = (rel: string, item: unknown) => {
    const list = extras.get(rel) ?? []
    list.push(item)
    extras.set(rel, list)
  }
  for (const m of data.meetings) add(`meetings/${m.month.slice(0, 4)}.json`, m)
  const yearOfMeeting = new Map(data.meetings.map((m) => [m.id, m.month.slice(0, 4)]))
  for (const t of data.topics) add(`topics/${yearOfMeeting.get(t.meetingId)!}.json`, t)
}

async function writeTasksFile(dataDir: string, communityId: string, tasks: Task[]): Promise<void> {
  const dir = join(dataDir, TASKS_FOLDER)
  await mkdir(dir, { recursive: true })
  const file = { schemaVersion: tasksCollection.migrations.length, items: tasks }
  await writeFileDurable(nodeFs, join(dir, `${communityId}.json`), JSON.stringify(file))
}

// ---------- better-sqlite3 baseline ----------

export const SQLITE_SCHEMA = `
CREATE TABLE demands (
  id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL,
  month TEXT NOT NULL,
  compound_id TEXT,
  channel TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  reporter_name TEXT NOT NULL,
  reporter_phone TEXT,
  received_at TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  close_days INTEGER,
  outcome TEXT,
  rating TEXT
);
CREATE INDEX demands_cm_category ON demands (community_id, month, category);
CREATE INDEX demands_cm_channel ON demands (community_id, month, channel);
CREATE INDEX demands_cm_outcome ON demands (community_id, month, status, outcome, rating, close_days);
CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  community_id TEXT NOT NULL,
  status TEXT NOT NULL,
  deadline TEXT NOT NULL,
  done_at TEXT,
  done_day TEXT
);
CREATE INDEX tasks_done ON tasks (community_id, status, done_day, deadline);
`

function createSqlite(file: string) {
  const db = new Database(file)
  // Loading speed is not measured: the bulk load runs unsynced; the bench connections use FULL.
  db.pragma('synchronous = OFF')
  db.exec(SQLITE_SCHEMA)
  const stmt = db.prepare(
    `INSERT INTO demands (id, community_id, month, compound_id, channel, category, status, reporter_name,
       reporter_phone, received_at, description, created_at, updated_at, closed_at, close_days, outcome, rating)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const taskStmt = db.prepare('INSERT INTO tasks (id, community_id, status, deadline, done_at, done_day) VALUES (?, ?, ?, ?, ?, ?)')
  const insertTasks = db.transaction((tasks: Task[]) => {
    // done_day: the street's day of doneAt, stored as a SQL schema would (no time-zone work per query).
    for (const t of tasks) taskStmt.run(t.id, t.communityId, t.status, t.deadline, t.doneAt ?? null, t.doneAt ? dayOf(t.doneAt) : null)
  })
  const insertAll = db.transaction((demands: Demand[]) => {
    for (const d of demands) {
      stmt.run(
        d.id,
        d.communityId,
        monthOf(d.receivedAt),
        d.compoundId ?? null,
        d.channel,
        d.category,
        d.status,
        d.reporterName,
        d.reporterPhone ?? null,
        d.receivedAt,
        d.description,
        d.createdAt,
        d.updatedAt,
        d.closure?.at ?? null,
        d.closure?.days ?? null,
        d.closure?.outcome ?? null,
        d.closure?.rating ?? null,
      )
    }
  })
  return {
    insert: (demands: Demand[]) => insertAll(demands),
    insertTasks: (tasks: Task[]) => insertTasks(tasks),
    finish: () => {
      db.exec('ANALYZE')
      db.close()
    },
  }
}

// ---------- lowdb baseline: one db.json {"demands":[...]} ----------

async function openLowdbStream(file: string) {
  const out = createWriteStream(file)
  let first = true
  let failed: Error | null = null
  out.on('error', (err) => (failed = err))
  const write = (text: string) =>
    new Promise<void>((res, rej) => {
      if (failed) return rej(failed)
      if (out.write(text)) res()
      else out.once('drain', res)
    })
  await write('{"demands":[')
  return {
    async append(demands: Demand[]) {
      for (let i = 0; i < demands.length; i += 2000) {
        const chunk = demands.slice(i, i + 2000).map((d) => JSON.stringify(d)).join(',')
        await write((first ? '' : ',') + chunk)
        first = false
      }
    },
    async finish() {
      await write(']}')
      await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())))
      const h = await open(file, 'r+')
      await h.sync()
      await h.close()
    },
  }
}

// ---------- helpers ----------

async function duBytes(dir: string, skip: string[] = []): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue
    const p = join(dir, entry.name)
    if (entry.isDirectory()) total += await duBytes(p)
    else total += (await stat(p)).size
  }
  return total
}

function shuffle<T>(list: T[], seed: number): T[] {
  const rand = mulberry32(seed)
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}
