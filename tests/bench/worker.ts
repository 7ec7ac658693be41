// One measurement in a fresh Node process: `node --import tsx tests/bench/worker.ts <op> '<json>'`.
// Prints one JSON line (the result) on stdout. Ops are the keys of OPS below.
import { readFileSync } from 'node:fs'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Low, type Adapter } from 'lowdb'
import type { Demand, MonthCounts } from '../../shared/domain/entities'
import { addMonths } from '../../shared/domain/month'
import { emptyCounts, monthlyTrend } from '../../shared/domain/statistics'
import { nodeFs, openDatabase, writeFileDurable, type Database as YishiDb } from '../../electron/data'
import { createServices, type Services } from '../../electron/services'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { DEMAND_CATEGORY_NAMES, DEMAND_CHANNEL_NAMES } from '../../shared/domain/vocab'
import { SAMPLE_COMMUNITIES } from '../../electron/services/sample-street'
import { demandRevision } from '../helpers/audit-log'
import { BENCH_COLLECTIONS } from './dataset'
import { ratesDigest, sqliteRates, sqliteStreet, streetDigestOf, type StreetDigest } from './stats-sqlite'
import type { Rates } from '../../shared/domain/rates'

export interface Range {
  from: string
  to: string
}
export interface DashArgs {
  community: string
  months24: Range
  years10: Range
}
export interface OpenResult {
  /** openDatabase (or equivalent) → both dashboard results ready */
  ms: number
  /** same moment, since the process started (includes Node + tsx + module loading) */
  sinceStartMs: number
  /** VmHWM: peak resident set of this process */
  peakRssMB: number
  totals: { months24: number; years10: number; petitions10: number }
}

const clock = () => new Date('2000-01-01T12:00:00+08:00')

function peakRssMB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20
}

/** What every system returns for the dashboard: the trend series plus per-month breakdowns. */
type Dashboard = ReturnType<typeof monthlyTrend> & { months: Record<string, MonthCounts> }

function dashboardFrom(counts: Record<string, MonthCounts>, r: Range, scope: 'all' | 'petition' = 'all'): Dashboard {
  const series = monthlyTrend(counts, r.from, r.to, scope)
  const months: Record<string, MonthCounts> = {}
  for (const p of series.points) months[p.month] = counts[p.month] ?? emptyCounts()
  return { ...series, months }
}

// ---------- ours ----------

/** Databases this process opened: closed (without an exit backup) after the measurement. */
const opened: YishiDb[] = []

/** close({ backup: false }): saves the summary (marked cleanClose) and releases the lock. */
export async function closeOpened(): Promise<void> {
  for (const db of opened.splice(0)) await db.close({ backup: false })
}

async function oursOpen(dir: string, now = clock): Promise<{ db: YishiDb; services: Services }> {
  // With the tasks collection, as the app registers it (the rates and the street dashboard read it).
  const db = await openDatabase({ dataDir: dir, now, collections: BENCH_COLLECTIONS })
  opened.push(db)
  return { db, services: createServices({ audit: memoryAuditLogForTests(), db }) }
}

async function oursDashboard(services: Services, a: DashArgs, which: 'months24' | 'years10') {
  return services.stats.petitionTrend({ communityId: a.community, ...a[which], scope: 'all' })
}

// ---------- better-sqlite3 ----------

function sqliteOpen(file: string): Database.Database {
  const db = new Database(file)
  db.pragma('synchronous = FULL')
  return db
}

function sqliteDashboard(db: Database.Database, community: string, r: Range): Dashboard {
  // The 12 months before `from` are needed for 同比, as the summary has them.
  const lo = addMonths(r.from, -12)
  const counts: Record<string, MonthCounts> = {}
  const at = (m: string) => (counts[m] ??= emptyCounts())
  const q = (sql: string) => db.prepare(sql).all(community, lo, r.to) as Array<{ month: string; k?: string; n: number }>
  const where = 'WHERE community_id = ? AND month BETWEEN ? AND ?'
  for (const row of q(`SELECT month, COUNT(*) AS n FROM demands ${where} GROUP BY month`)) at(row.month).total = row.n
  for (const row of q(`SELECT month, category AS k, COUNT(*) AS n FROM demands ${where} GROUP BY month, category`)) {
    ;(at(row.month).byCategory as Record<string, number>)[row.k!] = row.n
  }
  for (const row of q(`SELECT month, channel AS k, COUNT(*) AS n FROM demands ${where} GROUP BY month, channel`)) {
    ;(at(row.month).byChannel as Record<string, number>)[row.k!] = row.n
  }
  return dashboardFrom(counts, r)
}

// ---------- lowdb (one db.json) ----------

interface LowData {
  demands: Demand[]
}

/** Read: readFile + JSON.parse. Write: the same durable discipline as ours (temp, fsync, rename, fsync dir). */
class DurableWholeFile implements Adapter<LowData> {
  constructor(private readonly path: string) {}
  async read(): Promise<LowData | null> {
    return JSON.parse(await readFile(this.path, 'utf8')) as LowData
  }
  async write(data: LowData): Promise<void> {
    await writeFileDurable(nodeFs, this.path, JSON.stringify(data))
  }
}

async function lowdbOpen(file: string): Promise<Low<LowData>> {
  const db = new Low<LowData>(new DurableWholeFile(file), { demands: [] })
  await db.read()
  return db
}

function lowdbDashboard(db: Low<LowData>, community: string, r: Range): Dashboard {
  const lo = addMonths(r.from, -12)
  const counts: Record<string, MonthCounts> = {}
  for (const d of db.data.demands) {
    if (d.communityId !== community) continue
    const m = d.receivedAt.slice(0, 7)
    if (m < lo || m > r.to) continue
    const c = (counts[m] ??= emptyCounts())
    c.total++
    c.byCategory[d.category] = (c.byCategory[d.category] ?? 0) + 1
    c.byChannel[d.channel] = (c.byChannel[d.channel] ?? 0) + 1
    c.byStatus[d.status] = (c.byStatus[d.status] ?? 0) + 1
  }
  return dashboardFrom(counts, r)
}

// ---------- shared pieces ----------

const MARK = '（已核实）'
/** The edit: a secretary corrects the description (toggles a marker, so reruns keep sizes stable). */
function edited(description: string): string {
  return description.endsWith(MARK) ? description.slice(0, -MARK.length) : description + MARK
}

function petitionsIn(months: Record<string, MonthCounts>): number {
  return Object.values(months).reduce((s, m) => s + (m.byChannel.petition ?? 0), 0)
}

function totalsOf(d24: { total: number }, d120: { total: number }, petitions10: number) {
  return { months24: d24.total, years10: d120.total, petitions10 }
}

function timeSync<T>(fn: () => T): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

type System = 'ours' | 'sqlite' | 'lowdb'

// ---------- rates and the street dashboard (issues 11, 12) ----------

export interface StreetArgs {
  system: 'ours' | 'sqlite'
  path: string
  years10: Range
  months12: Range
}

/** stats:street as the leaders' dashboard asks it: every community, by month, ranked by petitions. */
async function oursStreet(services: Services, r: Range): Promise<StreetDigest> {
  const s = await services.stats.street({ from: r.from, to: r.to, granularity: 'month', rankBy: 'petitions', order: 'desc', sentences: 'yoy' })
  return streetDigestOf(s)
}

const streetIds = () => SAMPLE_COMMUNITIES.map((c) => c.id)

// ---------- search (issue 9) ----------

/** The text each system searches: description + category, channel and compound names (no personal fields). */
function searchTextOf(d: Pick<Demand, 'description' | 'category' | 'channel' | 'compoundId'>, compounds: Map<string, string>): string {
  const names = [DEMAND_CATEGORY_NAMES[d.category], DEMAND_CHANNEL_NAMES[d.channel], d.compoundId ? compounds.get(d.compoundId) : undefined]
  return [d.description, ...names].filter(Boolean).join('\n')
}

/**
 * SQLite FTS5 with the trigram tokenizer over the same texts, kept beside the baseline's file
 * (built once per dataset). A query of 3+ characters uses MATCH (ranked by bm25); shorter ones
 * cannot use a trigram index and fall back to LIKE, as FTS5 documents.
 */
function sqliteFts(file: string, ftsFile: string): Database.Database {
  const fts = new Database(ftsFile)
  const has = fts.prepare("SELECT name FROM sqlite_master WHERE name = 'docs'").get()
  if (!has) {
    const compounds = new Map(SAMPLE_COMMUNITIES.flatMap((c) => c.compounds.map((p) => [p.id, p.name] as const)))
    fts.pragma('synchronous = OFF')
    fts.exec("CREATE VIRTUAL TABLE docs USING fts5(text, id UNINDEXED, received_at UNINDEXED, tokenize = 'trigram')")
    const src = new Database(file, { readonly: true })
    const insert = fts.prepare('INSERT INTO docs (text, id, received_at) VALUES (?, ?, ?)')
    const rows = src.prepare('SELECT id, description, category, channel, compound_id AS compoundId, received_at AS receivedAt FROM demands').all() as Array<
      Pick<Demand, 'id' | 'description' | 'category' | 'channel' | 'compoundId' | 'receivedAt'>
    >
    fts.transaction(() => {
      for (const r of rows) insert.run(searchTextOf(r, compounds), r.id, r.receivedAt)
    })()
    src.close()
  }
  return fts
}


export const OPS = {
  /** Warm rates of the whole street over a range: open once, warm up, time `reps` runs. */
  async rates(a: { system: 'ours' | 'sqlite'; path: string; range: Range; reps: number }) {
    let run: () => Promise<Rates>
    if (a.system === 'ours') {
      const { services } = await oursOpen(a.path)
      run = async () => ratesDigest(await services.stats.rates({ from: a.range.from, to: a.range.to }))
    } else {
      const db = sqliteOpen(a.path)
      run = async () => sqliteRates(db, a.range.from, a.range.to)
    }
    let digest = await run()
    for (let i = 1; i < Math.min(5, a.reps); i++) digest = await run() // warm-up
    const ms: number[] = []
    for (let i = 0; i < a.reps; i++) ms.push(await timeAsync(run))
    return { ms, digest }
  },

  /** Warm street dashboard (10 years and 12 months, by month, all communities, ranked). */
  async street(a: StreetArgs & { reps: number }) {
    let run: (r: Range) => Promise<StreetDigest>
    if (a.system === 'ours') {
      const { services } = await oursOpen(a.path)
      run = (r) => oursStreet(services, r)
    } else {
      const db = sqliteOpen(a.path)
      run = async (r) => sqliteStreet(db, r, streetIds())
    }
    const out = { years10: [] as number[], months12: [] as number[] }
    const digests = {} as Record<'years10' | 'months12', StreetDigest>
    for (const which of ['years10', 'months12'] as const) {
      digests[which] = await run(a[which])
      for (let i = 1; i < Math.min(5, a.reps); i++) await run(a[which]) // warm-up
      for (let i = 0; i < a.reps; i++) out[which].push(await timeAsync(() => run(a[which])))
    }
    return { ...out, digests }
  },

  /** Cold open → street dashboard (10 years) in this fresh process. */
  async streetOpen(a: StreetArgs) {
    const t0 = performance.now()
    let digest: StreetDigest
    if (a.system === 'ours') {
      const { services } = await oursOpen(a.path)
      digest = await oursStreet(services, a.years10)
    } else {
      digest = sqliteStreet(sqliteOpen(a.path), a.years10, streetIds())
    }
    const ms = performance.now() - t0
    return { ms, peakRssMB: peakRssMB(), digest }
  },

  /**
   * Search: the total and the first page of 20 (best first, with the text to show) for each
   * query. ours: services.search.query after the index is built (its build time is reported).
   */
  async search(a: { system: 'ours' | 'sqlite'; path: string; ftsFile?: string; queries: string[]; reps: number }) {
    const ms: Record<string, number[]> = {}
    const totals: Record<string, number> = {}
    let buildMs: number
    let run: (q: string) => Promise<number>
    if (a.system === 'ours') {
      const { services } = await oursOpen(a.path)
      const search = services.search as import('../../electron/services/search').SearchService
      buildMs = await timeAsync(() => search.index.ready())
      run = async (q) => (await services.search.query({ query: q, page: 1, pageSize: 20 })).total
    } else {
      const t = performance.now()
      const db = sqliteFts(a.path, a.ftsFile!)
      buildMs = performance.now() - t
      const count = db.prepare('SELECT count(*) AS n FROM docs WHERE docs MATCH ?')
      const page = db.prepare(
        "SELECT id, received_at, snippet(docs, 0, '<mark>', '</mark>', '…', 20) AS s FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20",
      )
      const countLike = db.prepare('SELECT count(*) AS n FROM docs WHERE text LIKE ?')
      const pageLike = db.prepare('SELECT id, received_at, substr(text, 1, 80) AS s FROM docs WHERE text LIKE ? ORDER BY received_at DESC LIMIT 20')
      run = async (q) => {
        if ([...q].length >= 3) {
          const match = `"${q.replaceAll('"', '""')}"`
          page.all(match)
          return (count.get(match) as { n: number }).n
        }
        pageLike.all(`%${q}%`)
        return (countLike.get(`%${q}%`) as { n: number }).n
      }
    }
    for (const q of a.queries) {
      ms[q] = []
      for (let i = 0; i < Math.min(5, a.reps); i++) totals[q] = await run(q) // warm-up
      for (let i = 0; i < a.reps; i++) ms[q].push(await timeAsync(() => run(q)))
    }
    return { ms, totals, buildMs, peakRssMB: peakRssMB() }
  },


  /** Cold open → dashboard data for 24 months and 10 years. */
  async open(a: DashArgs & { system: System; path: string }): Promise<OpenResult> {
    const t0 = performance.now()
    let totals: OpenResult['totals']
    if (a.system === 'ours') {
      const { services } = await oursOpen(a.path)
      const d24 = await oursDashboard(services, a, 'months24')
      const d120 = await oursDashboard(services, a, 'years10')
      totals = totalsOf(d24, d120, petitionsIn(d120.months))
    } else if (a.system === 'sqlite') {
      const db = sqliteOpen(a.path)
      const d24 = sqliteDashboard(db, a.community, a.months24)
      const d120 = sqliteDashboard(db, a.community, a.years10)
      totals = totalsOf(d24, d120, petitionsIn(d120.months))
    } else {
      const db = await lowdbOpen(a.path)
      const d24 = lowdbDashboard(db, a.community, a.months24)
      const d120 = lowdbDashboard(db, a.community, a.years10)
      totals = totalsOf(d24, d120, petitionsIn(d120.months))
    }
    const t1 = performance.now()
    return { ms: t1 - t0, sinceStartMs: t1, peakRssMB: peakRssMB(), totals }
  },

  /** The first open of a calendar day: our data layer copies the data folder to backups/. */
  async firstOpenOfDay(a: { path: string }): Promise<{ ms: number; backupMs: number; backup: string[] }> {
    const backupsDir = join(a.path, 'backups')
    const before = new Set(await readdir(backupsDir).catch(() => []))
    const day = new Date('2001-01-01T12:00:00+08:00')
    const t0 = performance.now()
    const { db } = await oursOpen(a.path, () => day)
    const ms = performance.now() - t0
    // The daily backup runs behind the open, through the write queue.
    await db.whenIdle()
    const backupMs = performance.now() - t0
    const made = (await readdir(backupsDir)).filter((n) => !before.has(n))
    for (const n of made) await rm(join(backupsDir, n), { recursive: true, force: true })
    return { ms, backupMs, backup: made }
  },

  /** Warm dashboard: open once, warm up, then time each query `reps` times. */
  async dashboard(a: DashArgs & { system: System; path: string; reps: number }) {
    let run: (which: 'months24' | 'years10') => Promise<unknown>
    if (a.system === 'ours') {
      const { services } = await oursOpen(a.path)
      run = (which) => oursDashboard(services, a, which)
    } else if (a.system === 'sqlite') {
      const db = sqliteOpen(a.path)
      run = async (which) => sqliteDashboard(db, a.community, a[which])
    } else {
      const db = await lowdbOpen(a.path)
      run = async (which) => lowdbDashboard(db, a.community, a[which])
    }
    const out = { months24: [] as number[], years10: [] as number[] }
    for (const which of ['months24', 'years10'] as const) {
      for (let i = 0; i < Math.min(5, a.reps); i++) await run(which) // warm-up
      for (let i = 0; i < a.reps; i++) out[which].push(await timeAsync(() => run(which)))
    }
    return out
  },

  /**
   * Durable edits of `ids`, one at a time, each acknowledged after fsync.
   * ours: through services.demands.update; `opened` = the record was shown first (its month
   * partition is in memory, as after the detail drawer), otherwise the partition is read cold.
   */
  async edit(a: { system: System | 'sqlite-wal'; path: string; ids: string[]; opened?: boolean }) {
    const ms: number[] = []
    if (a.system === 'ours') {
      const { services, db } = await oursOpen(a.path)
      for (const id of a.ids) {
        let description: string | undefined
        if (a.opened) description = (await services.demand.get({ id })).description
        ms.push(
          await timeAsync(async () => {
            description ??= (await services.demand.get({ id })).description
            await services.demand.update({ id, revision: await demandRevision(db, id), patch: { description: edited(description) } })
          }),
        )
      }
    } else if (a.system === 'sqlite' || a.system === 'sqlite-wal') {
      const db = sqliteOpen(a.path)
      const get = db.prepare('SELECT description FROM demands WHERE id = ?')
      const set = db.prepare('UPDATE demands SET description = ?, updated_at = ? WHERE id = ?')
      const tx = db.transaction((id: string) => {
        const row = get.get(id) as { description: string }
        set.run(edited(row.description), new Date().toISOString(), id)
      })
      for (const id of a.ids) ms.push(timeSync(() => tx(id)))
      db.close()
    } else {
      const db = await lowdbOpen(a.path)
      for (const id of a.ids) {
        ms.push(
          await timeAsync(async () => {
            const d = db.data.demands.find((x) => x.id === id)!
            d.description = edited(d.description)
            d.updatedAt = new Date().toISOString()
            await db.write()
          }),
        )
      }
    }
    return { ms, peakRssMB: peakRssMB() }
  },

  /** The JSON floor: the whole set as one file, and one month partition. */
  async jsonFloor(a: { file: string; partition: string; reps: number }) {
    const out = { readParse: [] as number[], stringify: [] as number[], write: [] as number[], writeFsync: [] as number[] }
    const tmp = `${a.file}.floor.tmp`
    for (let i = 0; i < a.reps; i++) {
      let data: unknown
      out.readParse.push(await timeAsync(async () => (data = JSON.parse(await readFile(a.file, 'utf8')))))
      let text = ''
      out.stringify.push(timeSync(() => (text = JSON.stringify(data))))
      out.write.push(await timeAsync(() => writeFile(tmp, text)))
      out.writeFsync.push(await timeAsync(() => writeFileDurable(nodeFs, tmp, text)))
      data = undefined
      text = ''
    }
    await rm(tmp, { force: true })
    const part = { readParse: [] as number[], stringifyDurable: [] as number[] }
    const ptmp = `${a.partition}.floor.tmp`
    for (let i = 0; i < a.reps * 10; i++) {
      let data: unknown
      part.readParse.push(await timeAsync(async () => (data = JSON.parse(await readFile(a.partition, 'utf8')))))
      part.stringifyDurable.push(await timeAsync(() => writeFileDurable(nodeFs, ptmp, JSON.stringify(data))))
    }
    await rm(ptmp, { force: true })
    return { whole: out, partition: part }
  },
}

export type Op = keyof typeof OPS

const isMain = process.argv[1] && import.meta.filename === process.argv[1]
if (isMain) {
  const [op, json] = process.argv.slice(2) as [Op, string]
  const fn = OPS[op] as (a: unknown) => Promise<unknown>
  if (!fn) {
    console.error(`unknown op ${op}`)
    process.exit(2)
  }
  fn(JSON.parse(json ?? '{}')).then(
    async (result) => {
      await closeOpened()
      process.stdout.write(`${JSON.stringify(result)}\n`)
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
