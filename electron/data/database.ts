import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { Community, DataNotice, Demand, MonthCounts } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import { applyToCounts, emptyCounts } from '../../shared/domain/statistics'
import {
  createBackup,
  exists,
  listBackups,
  listDataFiles,
  readBackupMeta,
  readdirOrEmpty,
  type BackupMeta,
  type BackupReason,
  type CreateBackupOptions,
} from './backups'
import {
  CorruptFileError,
  NotSyncedError,
  readJsonStrict,
  writeFileBestEffort,
  writeFileDurable,
} from './durable-file'
import { acquireLock, type HeldLock } from './lock'
import {
  communitySchema,
  fileSchemas,
  type CommunitiesFile,
  type FileKind,
  type PartitionFile,
  storedPartitionSchema,
} from './file-schemas'
import { errorCode, nodeFs, type FsOps } from './fs-ops'
import { NewerVersionError, migrate } from './migrations'
import {
  decodeSummary,
  emptySummary,
  encodeSummary,
  type PartitionStat,
  type SummaryState,
} from './summary-file'
import {
  BACKUPS_DIR,
  COMMUNITIES_FILE,
  DEMANDS_DIR,
  SUMMARY_FILE,
  absPath,
  describeStamp,
  parseDemandId,
  parsePartitionRel,
  partitionRel,
  timeStamp,
} from './paths'

export interface OpenDatabaseOptions {
  /** Folder holding communities.json, summary.json, demands/ and backups/. Created if missing. */
  dataDir: string
  /** File-system operations; tests inject faults or spies here. */
  fs?: FsOps
  /** Clock for backup names, quarantine stamps and notices. */
  now?: () => Date
  /**
   * Transforms every demand written to / read from a partition file (and its backup copies),
   * e.g. to encrypt personal fields. Identity by default. The summary holds no personal data and
   * is not passed through it. decodeDemand may throw: an AppError propagates unchanged (e.g. a
   * wrong key must not quarantine files); any other error marks the file corrupt.
   */
  codec?: DemandCodec
}

export interface DemandCodec {
  encodeDemand(d: Demand): unknown
  decodeDemand(stored: unknown): Demand
}

export const identityCodec: DemandCodec = {
  encodeDemand: (d) => d,
  decodeDemand: (stored) => stored as Demand,
}

/**
 * The partitioned store. All writes go through one queue; each write is durable before memory
 * changes, and a failed write throws AppError('WRITE_FAILED') with memory unchanged.
 */
export interface Database {
  readonly dataDir: string
  communities(): Community[]
  community(id: string): Community | undefined
  /** Per-month counts of one community, from the summary (never scans records). */
  countsOf(communityId: string): Readonly<Record<string, MonthCounts>>
  /** Total demands held for known communities, from the summary. */
  demandTotal(): number
  /** One community-month of demands; loads its file on first use, then serves from memory. */
  readPartition(communityId: string, month: string): Promise<readonly Demand[]>
  /** Finds a demand by id, loading only the partition its id names. */
  getDemand(id: string): Promise<Demand | undefined>
  /** Inserts or replaces a demand in the partition named by its id. */
  saveDemand(demand: Demand): Promise<void>
  /**
   * Erases a demand: removes it from its partition file (and from every backup copy of that
   * partition, best effort), counts updated. Returns the removed demand, or undefined.
   */
  deleteDemand(id: string): Promise<Demand | undefined>
  /**
   * Bulk path (sample street): adds communities and writes each of their partitions once,
   * replacing any partition file already there, then the communities file and the summary.
   */
  addCommunities(communities: Community[], demands: Demand[]): Promise<void>
  /**
   * Inserts or replaces one community (by id) in communities.json: one durable write, memory
   * changed only after it. A new community also gets its (empty) demands folder; that folder is
   * taken back if the write fails. Validated against the file schema first.
   */
  saveCommunity(community: Community): Promise<void>
  /** Removes communities with all their partitions and counts; returns how many demands went. */
  removeCommunities(ids: string[]): Promise<{ communities: number; demands: number }>
  notices(): DataNotice[]
  dismissNotice(id: string): boolean
  /** Copies the data files to backups/<YYYYMMDD-HHmmss>/, keeping the newest 10. */
  backup(reason?: BackupReason): Promise<string>
  /** Backups, newest first, with their meta. */
  backups(): Promise<Array<BackupMeta & { id: string }>>
  /**
   * Validates a backup completely, takes a safety backup of the current state, then swaps the
   * backup's files in and reloads memory. Crash-safe: a marker file makes the next open finish it.
   */
  restore(id: string): Promise<RestoreOutcome>
  /** The personal-data retention setting (retention.json); null = keep indefinitely. */
  retention(): Promise<RetentionSetting>
  setRetention(setting: RetentionSetting): Promise<RetentionSetting>
  /** Applies the retention setting now (also at open and daily). */
  applyRetention(): Promise<RetentionOutcome>
  /** Resolves when every write queued so far (incl. the daily backup queued at open) is done. */
  whenIdle(): Promise<void>
  /** Saves the lazily kept summary now instead of after its debounce, then waits for the queue. */
  flush(): Promise<void>
  /**
   * Waits for pending writes, saves the summary (marked as cleanly closed), makes a backup
   * (unless `backup: false`), releases the lock.
   */
  close(options?: CloseOptions): Promise<void>
}

export interface CloseOptions {
  /** default true: an 'exit' backup */
  backup?: boolean
}

export interface RestoreOutcome {
  backup: string
  /** the backup taken of the state just before the restore */
  safetyBackup: string
  communities: number
  demands: number
}

export interface RetentionSetting {
  personalDataMonths: number | null
}

export interface RetentionOutcome {
  months: number | null
  /** demands whose personal data was erased in the live data */
  erased: number
  backupsDeleted: number
  backupsRewritten: number
}

/** What an erased reporter name reads as. */
export const ERASED_NAME = '已脱敏'
export const RETENTION_FILE = 'retention.json'
export const RESTORE_MARKER = 'restore-pending.json'
const MAINTENANCE_CHECK_MS = 60 * 60_000
/** summary.json is saved this long after the last change of counts... */
const SUMMARY_FLUSH_MS = 1_500
/** ...but no later than this after the first unsaved change. */
const SUMMARY_FLUSH_MAX_MS = 10_000

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = new PartitionedDatabase(
    options.dataDir,
    options.fs ?? nodeFs,
    options.now ?? (() => new Date()),
    options.codec ?? identityCodec,
  )
  await db.open()
  return db
}

const WRITE_CONCURRENCY = 8
const STAT_CONCURRENCY = 16
const PARTITION_CACHE_MAX = 512

/** summary.json as check() returns it */
interface LoadedSummary {
  state: SummaryState
  cleanClose: boolean
}

interface Loaded<T> {
  /** null when the file does not exist or was corrupt with no good backup */
  data: T | null
  /** the file was corrupt and has been quarantined (and maybe restored) */
  repaired: boolean
}

class PartitionedDatabase implements Database {
  private communityList: Community[] = []
  private summary: SummaryState = emptySummary()
  /** memory has counts/stats summary.json does not */
  private summaryDirty = false
  /** summary.json on disk says cleanClose: it must be rewritten before any data file changes */
  private diskSummaryClean = false
  private flushTimer: ReturnType<typeof setTimeout> | null = null
  private dirtySince = 0
  private readonly cache = new Map<string, Demand[]>()
  private readonly loading = new Map<string, Promise<Demand[]>>()
  private readonly noticeList: DataNotice[] = []
  private tail: Promise<unknown> = Promise.resolve()
  private lock: HeldLock | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private maintainedDay = ''

  constructor(
    readonly dataDir: string,
    private readonly fs: FsOps,
    private readonly now: () => Date,
    private readonly codec: DemandCodec,
  ) {}

  // ---------- open ----------

  async open(): Promise<void> {
    await this.fs.mkdir(join(this.dataDir, DEMANDS_DIR))
    this.lock = await acquireLock(this.fs, this.dataDir, this.now())
    let fast: boolean
    try {
      const stale = this.lock.tookOver
      if (stale) {
        this.notify(
          'info',
          stale.pid
            ? `上次议事台未正常退出（进程 ${stale.pid}），已接管数据目录并检查了数据完整性。`
            : '上次议事台未正常退出，已接管数据目录并检查了数据完整性。',
        )
      }
      const restored = await this.finishPendingRestore()
      // Clean-shutdown fast path (README "Startup"): trusted only after a close() of the last
      // run (summary.json says cleanClose and no stale lock was taken over).
      fast = await this.loadState(!stale && !restored)
      if (!fast) await this.removeStrayTempFiles({ live: true, inBackups: true, notMine: false })
    } catch (err) {
      await this.lock.release()
      throw err
    }
    // Behind the open, through the write queue (whenIdle()): after a fast open the check of every
    // partition's stat (files changed while the app was closed) and of backups' temp files; then
    // the daily backup and retention.
    if (fast) {
      this.enqueue(async () => {
        await this.verifyPartitions()
        await this.removeStrayTempFiles({ live: true, inBackups: true, notMine: true })
      }).catch(() => undefined)
    }
    this.maintainedDay = this.today()
    this.enqueue(() => this.maintenance()).catch(() => undefined)
    this.timer = setInterval(() => {
      if (this.today() !== this.maintainedDay) {
        this.maintainedDay = this.today()
        this.enqueue(() => this.maintenance()).catch(() => undefined)
      }
    }, MAINTENANCE_CHECK_MS)
    this.timer.unref()
  }

  /**
   * Reads communities and summary. With `trustClean` and a summary saved by close(), that is
   * all (returns true). Otherwise every partition is stat'ed and the summary healed from it.
   */
  private async loadState(trustClean: boolean): Promise<boolean> {
    this.cache.clear()
    this.cancelFlushTimer()
    this.summary = emptySummary()
    this.summaryDirty = false
    this.diskSummaryClean = false
    const communities = await this.loadFile<CommunitiesFile>('communities', COMMUNITIES_FILE)
    this.communityList = communities.data?.communities ?? []

    const summary = await this.loadFile<LoadedSummary>('summary', SUMMARY_FILE)
    if (summary.data) this.summary = summary.data.state
    else this.summaryDirty = true
    this.diskSummaryClean = summary.data?.cleanClose ?? false
    if (trustClean && summary.data?.cleanClose) return true

    if (await this.heal(await this.partitionStats())) this.summaryDirty = true
    if (this.summaryDirty) await this.flushSummary()
    return false
  }

  /** Every partition file's stat, in parallel. */
  private async partitionStats(): Promise<Map<string, PartitionStat>> {
    const rels = (await listDataFiles(this.fs, this.dataDir)).filter((rel) => parsePartitionRel(rel))
    const found: Array<PartitionStat | undefined> = new Array(rels.length)
    await forEachLimited([...rels.keys()], STAT_CONCURRENCY, async (i) => {
      const s = await this.fs.stat(absPath(this.dataDir, rels[i]))
      found[i] = { size: s.size, mtimeMs: s.mtimeMs }
    })
    return new Map<string, PartitionStat>(rels.map((rel, i) => [rel, found[i]!]))
  }

  /**
   * After a fast open: the same heal, behind the open. Catches partitions changed or damaged
   * while the app was closed (by hand, a restore from outside, a newer app) within moments.
   */
  private async verifyPartitions(): Promise<void> {
    try {
      if (await this.heal(await this.partitionStats())) this.summaryChanged()
    } catch (err) {
      if (err instanceof AppError) this.notify('error', err.message)
      else this.notify('warning', `启动后的数据完整性检查未能完成（${fsReason(err)}），将在下次启动时重试。`)
    }
  }

  private today(): string {
    return timeStamp(this.now(), 'dash').slice(0, 8)
  }

  /** Once a day (at open, then checked hourly): a backup if none today, and the retention rule. */
  private async maintenance(): Promise<void> {
    this.maintainedDay = this.today()
    await this.dailyBackup()
    try {
      const setting = await this.readRetention()
      if (setting.personalDataMonths !== null) await this.retentionNow(setting.personalDataMonths)
    } catch (err) {
      this.notify('warning', `个人信息保留期限未能按时执行（${fsReason(err)}），将在下次启动或明天重试。`)
    }
  }

  /** Recounts partitions the summary does not describe (a crash between the two writes). */
  private async heal(stats: Map<string, PartitionStat>): Promise<boolean> {
    let changed = false
    for (const [rel, stat] of stats) {
      const known = this.summary.partitions[rel]
      if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) continue
      const { communityId, month } = parsePartitionRel(rel)!
      await this.recount(communityId, month, await this.partition(rel))
      changed = true
    }
    for (const rel of Object.keys(this.summary.partitions)) {
      if (stats.has(rel)) continue
      const p = parsePartitionRel(rel)
      delete this.summary.partitions[rel]
      if (p) this.setCounts(p.communityId, p.month, null)
      changed = true
    }
    // Counts with no file behind them (e.g. after a migrated summary) are dropped.
    for (const [communityId, months] of Object.entries(this.summary.counts)) {
      for (const month of Object.keys(months)) {
        if (!stats.has(partitionRel(communityId, month))) {
          this.setCounts(communityId, month, null)
          changed = true
        }
      }
    }
    return changed
  }

  /**
   * Removes temp files of interrupted writes (`live`: the data folders; inside finished backups,
   * rewritten by deletes and the retention rule, with `inBackups`) and half-made backups. In the
   * open after a crash; after a fast open behind it, through the write queue, with `notMine`:
   * temp files named with this process's pid are in-flight writes made outside the queue (a
   * repair on lazy load) and are left alone.
   */
  private async removeStrayTempFiles(opts: { live: boolean; inBackups: boolean; notMine: boolean }): Promise<void> {
    const mine = `.${process.pid}.`
    const tmp = (n: string) => n.startsWith('.') && n.endsWith('.tmp') && !(opts.notMine && n.includes(mine))
    const sweep = async (dir: string) => {
      for (const n of await readdirOrEmpty(this.fs, dir)) {
        if (tmp(n)) await this.fs.unlink(join(dir, n)).catch(() => undefined)
      }
    }
    if (opts.live) {
      await sweep(this.dataDir)
      const communities = await readdirOrEmpty(this.fs, join(this.dataDir, DEMANDS_DIR))
      await forEachLimited(communities, STAT_CONCURRENCY, (c) => sweep(join(this.dataDir, DEMANDS_DIR, c)))
    }
    for (const n of await readdirOrEmpty(this.fs, join(this.dataDir, BACKUPS_DIR))) {
      const root = join(this.dataDir, BACKUPS_DIR, n)
      if (n.startsWith('.partial-')) {
        await this.fs.rm(root).catch(() => undefined)
        continue
      }
      if (!opts.inBackups) continue
      for (const f of await readdirOrEmpty(this.fs, root)) {
        if (tmp(f)) await this.fs.unlink(join(root, f)).catch(() => undefined)
      }
      for (const c of await readdirOrEmpty(this.fs, join(root, DEMANDS_DIR))) {
        for (const f of await readdirOrEmpty(this.fs, join(root, DEMANDS_DIR, c))) {
          if (tmp(f)) await this.fs.unlink(join(root, DEMANDS_DIR, c, f)).catch(() => undefined)
        }
      }
    }
  }

  private backupMeta(reason: BackupReason): CreateBackupOptions {
    return { reason, communities: this.communityList.length, demands: this.demandTotal() }
  }

  private async dailyBackup(): Promise<void> {
    const today = this.today()
    try {
      const names = await listBackups(this.fs, this.dataDir)
      if (!names.some((n) => n.startsWith(today))) await this.createBackupNow('daily')
    } catch (err) {
      this.notify('warning', `今日自动备份未能完成（${fsReason(err)}），数据本身未受影响。`)
    }
  }

  /** A backup of the current files; summary.json is saved first, so the copy matches them. */
  private async createBackupNow(reason: BackupReason, protect?: string): Promise<string> {
    if (this.summaryDirty) await this.flushSummary()
    return createBackup(this.fs, this.dataDir, this.now(), { ...this.backupMeta(reason), protect })
  }

  // ---------- reading files ----------

  /**
   * Reads, migrates and validates one data file. A corrupt file is quarantined and the newest
   * good backup copy restored (summary: left null for the caller to rebuild). A file from a
   * newer app version throws and is left untouched.
   */
  private async loadFile<T>(kind: FileKind, rel: string): Promise<Loaded<T>> {
    const path = absPath(this.dataDir, rel)
    let reason: string
    try {
      const raw = await readJsonStrict(this.fs, path)
      if (raw === null) return { data: null, repaired: false }
      const { data, migrated } = this.check(kind, rel, raw)
      if (migrated) await writeFileDurable(this.fs, path, this.serialize(kind, data))
      return { data: data as T, repaired: false }
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err
      reason = err.reason
    }
    // A record file is about to change under the summary.
    if (kind !== 'summary') await this.beforeLiveWrite()
    const quarantined = await this.quarantine(rel)
    if (kind === 'summary') {
      this.notify(
        'warning',
        `统计汇总文件 ${rel} 已损坏（${reason}），已另存为 ${quarantined}，并已根据诉求数据重新统计。`,
        rel,
      )
      return { data: null, repaired: true }
    }
    const restored = await this.restoreFromBackup<T>(kind, rel)
    if (restored) {
      this.notify(
        'warning',
        `数据文件 ${rel} 已损坏（${reason}），已另存为 ${quarantined}，并已从 ${describeStamp(restored.backup)} 的备份恢复；该备份之后对此文件的修改未能找回。`,
        rel,
      )
      return { data: restored.data, repaired: true }
    }
    this.notify(
      'error',
      `数据文件 ${rel} 已损坏（${reason}），已另存为 ${quarantined}；没有找到完好的备份，该文件已按空白重新开始。损坏的文件已保留，可交技术人员尝试找回。`,
      rel,
    )
    return { data: null, repaired: true }
  }

  /**
   * Migrates and validates parsed content; schema failures count as corruption. The summary
   * comes back decoded (LoadedSummary).
   */
  private check(kind: FileKind, rel: string, raw: unknown): { data: unknown; migrated: boolean } {
    const migratedResult = migrate(kind, rel, raw)
    const { migrated } = migratedResult
    let data = migratedResult.data
    if (kind === 'summary') {
      const decoded = decodeSummary(data)
      if (!decoded) throw new CorruptFileError('内容不符合数据格式')
      return { data: decoded satisfies LoadedSummary, migrated }
    }
    if (kind === 'demands') data = this.decodePartition(data)
    const parsed = fileSchemas[kind].safeParse(data)
    if (!parsed.success) throw new CorruptFileError('内容不符合数据格式')
    if (kind === 'demands') {
      const p = parsePartitionRel(rel)
      const misplaced = (parsed.data as PartitionFile).items.some((d) => {
        const at = parseDemandId(d.id)
        return !at || at.communityId !== p?.communityId || at.month !== p?.month
      })
      if (misplaced) throw new CorruptFileError('包含不属于该文件的诉求记录')
    }
    return { data: parsed.data, migrated }
  }

  /** Passes each stored item through codec.decodeDemand (schema checks follow). */
  private decodePartition(data: unknown): unknown {
    const stored = storedPartitionSchema.safeParse(data)
    if (!stored.success) throw new CorruptFileError('内容不符合数据格式')
    let items: Demand[]
    try {
      items = stored.data.items.map((item) => this.codec.decodeDemand(item))
    } catch (err) {
      if (err instanceof AppError) throw err
      throw new CorruptFileError('诉求记录无法解码')
    }
    return { ...stored.data, items }
  }

  /** File text of a data file in its stored form (demands pass through the codec). */
  private serialize(kind: FileKind, data: unknown): string {
    if (kind === 'summary') {
      const s = data as LoadedSummary
      return JSON.stringify(encodeSummary(s.state, s.cleanClose))
    }
    if (kind !== 'demands') return JSON.stringify(data)
    const file = data as PartitionFile
    return JSON.stringify({ ...file, items: file.items.map((d) => this.codec.encodeDemand(d)) })
  }

  private partitionText(items: readonly Demand[]): string {
    return this.serialize('demands', { schemaVersion: 1, items: [...items] } satisfies PartitionFile)
  }

  private async quarantine(rel: string): Promise<string> {
    const path = absPath(this.dataDir, rel)
    const base = `${path}.corrupt-${timeStamp(this.now(), 'compact')}`
    let target = base
    for (let i = 1; await exists(this.fs, target); i++) target = `${base}-${i}`
    await this.fs.rename(path, target)
    return target.slice(this.dataDir.length + 1).split('\\').join('/')
  }

  private async restoreFromBackup<T>(kind: FileKind, rel: string): Promise<{ data: T; backup: string } | null> {
    for (const backup of await listBackups(this.fs, this.dataDir)) {
      const path = absPath(join(this.dataDir, BACKUPS_DIR, backup), rel)
      let data: unknown
      try {
        const raw = await readJsonStrict(this.fs, path)
        if (raw === null) continue
        data = this.check(kind, rel, raw).data
      } catch (err) {
        if (err instanceof CorruptFileError || err instanceof NewerVersionError) continue
        throw err
      }
      await writeFileDurable(this.fs, absPath(this.dataDir, rel), this.serialize(kind, data))
      return { data: data as T, backup }
    }
    return null
  }

  private notify(level: DataNotice['level'], message: string, file?: string): void {
    const notice: DataNotice = { id: `n-${randomBytes(6).toString('hex')}`, level, message, at: toLocalIso(this.now()) }
    if (file) notice.file = file
    this.noticeList.push(notice)
  }

  // ---------- partitions ----------

  private partition(rel: string): Promise<Demand[]> {
    const cached = this.cache.get(rel)
    if (cached) {
      // refresh LRU position
      this.cache.delete(rel)
      this.cache.set(rel, cached)
      return Promise.resolve(cached)
    }
    const pending = this.loading.get(rel)
    if (pending) return pending
    const load = (async () => {
      const { data, repaired } = await this.loadFile<PartitionFile>('demands', rel)
      const items = data?.items ?? []
      if (repaired) {
        // The file on disk changed under the summary: recount it and save the summary later.
        const { communityId, month } = parsePartitionRel(rel)!
        await this.recount(communityId, month, items)
        this.summaryChanged()
      }
      if (!this.cache.has(rel)) this.remember(rel, items)
      return this.cache.get(rel) ?? items
    })()
    this.loading.set(rel, load)
    return load.finally(() => this.loading.delete(rel))
  }

  private remember(rel: string, items: Demand[]): void {
    this.cache.delete(rel)
    this.cache.set(rel, items)
    while (this.cache.size > PARTITION_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!)
  }

  /** Counts one partition from its items and records its current file stat. */
  private async recount(communityId: string, month: string, items: readonly Demand[]): Promise<void> {
    let counts = emptyCounts()
    for (const d of items) counts = applyToCounts(counts, d, 1)
    this.setCounts(communityId, month, items.length ? counts : null)
    await this.recordStat(partitionRel(communityId, month))
  }

  private async recordStat(rel: string): Promise<void> {
    try {
      const s = await this.fs.stat(absPath(this.dataDir, rel))
      this.summary.partitions[rel] = { size: s.size, mtimeMs: s.mtimeMs }
    } catch {
      // missing (or unreadable): no entry, so the next start recounts whatever is there
      delete this.summary.partitions[rel]
    }
  }

  private setCounts(communityId: string, month: string, counts: MonthCounts | null): void {
    const byMonth = this.summary.counts[communityId] ?? {}
    if (counts && counts.total > 0) byMonth[month] = counts
    else delete byMonth[month]
    if (Object.keys(byMonth).length) this.summary.counts[communityId] = byMonth
    else delete this.summary.counts[communityId]
  }

  /**
   * Saves the in-memory summary (`cleanClose` only from close()). Never throws: the partitions
   * are the truth and heal it. Returns whether it was saved.
   */
  private async flushSummary(cleanClose = false): Promise<boolean> {
    this.cancelFlushTimer()
    try {
      await writeFileDurable(this.fs, absPath(this.dataDir, SUMMARY_FILE), JSON.stringify(encodeSummary(this.summary, cleanClose)))
      this.summaryDirty = false
      this.diskSummaryClean = cleanClose
      return true
    } catch {
      // After a failed folder fsync either version may be on disk: still "clean" if either is.
      this.summaryDirty = true
      this.diskSummaryClean ||= cleanClose
      return false
    }
  }

  /**
   * Counts changed in memory: summary.json is saved lazily, SUMMARY_FLUSH_MS after the last
   * change (at most SUMMARY_FLUSH_MAX_MS after the first), through the write queue; and by
   * close(). If the app dies first, the stale lock makes the next open heal it from the stats.
   */
  private summaryChanged(): void {
    this.summaryDirty = true
    const t = Date.now()
    if (!this.flushTimer) this.dirtySince = t
    else if (t - this.dirtySince >= SUMMARY_FLUSH_MAX_MS) return
    else clearTimeout(this.flushTimer)
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      this.enqueue(async () => {
        if (this.summaryDirty) await this.flushSummary()
      }).catch(() => undefined)
    }, SUMMARY_FLUSH_MS)
    this.flushTimer.unref()
  }

  private cancelFlushTimer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = null
  }

  /**
   * Before the first change of a data file in a session that opened on a summary saved by
   * close(): that summary must stop claiming cleanClose first, or a crash (or a lock removed by
   * hand) could make the next open trust counts the partitions no longer match. Once a session.
   */
  private async beforeLiveWrite(): Promise<void> {
    if (!this.diskSummaryClean) return
    try {
      await writeFileDurable(this.fs, absPath(this.dataDir, SUMMARY_FILE), JSON.stringify(encodeSummary(this.summary)))
    } catch (err) {
      throw writeFailed(err)
    }
    this.diskSummaryClean = false
    this.summaryDirty = false
  }

  private enqueue<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.tail.then(fn, fn)
    this.tail = run.catch(() => undefined)
    return run
  }

  /**
   * Writes a commit-point file. On failure throws WRITE_FAILED with memory unchanged. If the
   * failure came after the rename (folder fsync), the previous content is put back so disk and
   * memory agree (fully old); only if that also fails can the new content reappear after a
   * restart (memory stays old for this session). Returns whether the rollback failed.
   */
  private async commit(rel: string, text: string, previous: string | null): Promise<void> {
    const path = absPath(this.dataDir, rel)
    await this.beforeLiveWrite()
    try {
      await writeFileDurable(this.fs, path, text)
    } catch (err) {
      if (err instanceof NotSyncedError) {
        try {
          if (previous === null) await this.fs.unlink(path)
          else await writeFileBestEffort(this.fs, path, previous)
        } catch {
          throw Object.assign(writeFailed(err), { rollbackFailed: true })
        }
      }
      throw writeFailed(err)
    }
  }

  // ---------- public API ----------

  communities(): Community[] {
    return structuredClone(this.communityList)
  }

  community(id: string): Community | undefined {
    const c = this.communityList.find((x) => x.id === id)
    return c ? structuredClone(c) : undefined
  }

  countsOf(communityId: string): Readonly<Record<string, MonthCounts>> {
    return this.summary.counts[communityId] ?? {}
  }

  demandTotal(): number {
    let total = 0
    for (const c of this.communityList) {
      for (const m of Object.values(this.summary.counts[c.id] ?? {})) total += m.total
    }
    return total
  }

  async readPartition(communityId: string, month: string): Promise<readonly Demand[]> {
    return this.partition(partitionRel(communityId, month))
  }

  async getDemand(id: string): Promise<Demand | undefined> {
    const at = parseDemandId(id)
    if (!at) return undefined
    const items = await this.readPartition(at.communityId, at.month)
    const found = items.find((d) => d.id === id)
    return found ? structuredClone(found) : undefined
  }

  saveDemand(demand: Demand): Promise<void> {
    return this.enqueue(async () => {
      const at = parseDemandId(demand.id)
      if (!at || at.communityId !== demand.communityId) throw new Error(`demand id does not match: ${demand.id}`)
      const rel = partitionRel(at.communityId, at.month)
      const items = await this.partition(rel)
      const index = items.findIndex((d) => d.id === demand.id)
      const previous = index >= 0 ? items[index] : undefined
      const next = index >= 0 ? items.with(index, demand) : [...items, demand]
      await this.commit(rel, this.partitionText(next), this.partitionText(items))
      // Committed: the partition is on disk. Memory and summary follow.
      this.remember(rel, next)
      let counts = this.summary.counts[at.communityId]?.[at.month] ?? emptyCounts()
      if (previous) counts = applyToCounts(counts, previous, -1)
      this.setCounts(at.communityId, at.month, applyToCounts(counts, demand, 1))
      await this.recordStat(rel)
      this.summaryChanged()
    })
  }

  addCommunities(communities: Community[], demands: Demand[]): Promise<void> {
    return this.enqueue(async () => {
      const ids = new Set(communities.map((c) => c.id))
      if (this.communityList.some((c) => ids.has(c.id))) throw new AppError('CONFLICT', '社区已存在')
      const groups = new Map<string, Demand[]>()
      for (const d of demands) {
        const at = parseDemandId(d.id)
        if (!at || !ids.has(at.communityId) || at.communityId !== d.communityId) {
          throw new Error(`demand does not belong to the added communities: ${d.id}`)
        }
        const rel = partitionRel(at.communityId, at.month)
        const list = groups.get(rel) ?? []
        list.push(d)
        groups.set(rel, list)
      }
      const written: string[] = []
      await this.beforeLiveWrite()
      try {
        for (const id of ids) await this.fs.mkdir(join(this.dataDir, DEMANDS_DIR, id))
        await forEachLimited([...groups], WRITE_CONCURRENCY, async ([rel, items]) => {
          await writeFileDurable(this.fs, absPath(this.dataDir, rel), this.partitionText(items))
          written.push(rel)
        })
        const nextList = [...this.communityList, ...communities]
        const text = JSON.stringify({ schemaVersion: 1, communities: nextList } satisfies CommunitiesFile)
        const previous = JSON.stringify({ schemaVersion: 1, communities: this.communityList } satisfies CommunitiesFile)
        await this.commit(COMMUNITIES_FILE, text, previous)
        this.communityList = nextList
      } catch (err) {
        // Not committed (the communities file is the commit point): take the partitions back,
        // unless communities.json could not be rolled back (then disk is fully new).
        if (!(err as { rollbackFailed?: boolean }).rollbackFailed) {
          for (const id of ids) await this.fs.rm(join(this.dataDir, DEMANDS_DIR, id)).catch(() => undefined)
        }
        throw writeFailed(err)
      }
      for (const [rel, items] of groups) {
        const { communityId, month } = parsePartitionRel(rel)!
        this.remember(rel, items)
        await this.recount(communityId, month, items)
      }
      this.summaryChanged()
    })
  }

  saveCommunity(community: Community): Promise<void> {
    return this.enqueue(async () => {
      const parsed = communitySchema.safeParse(community)
      if (!parsed.success) throw new Error(`invalid community: ${community.id}`)
      const index = this.communityList.findIndex((c) => c.id === community.id)
      const next = structuredClone(community)
      const nextList = index >= 0 ? this.communityList.with(index, next) : [...this.communityList, next]
      const dir = join(this.dataDir, DEMANDS_DIR, community.id)
      try {
        // Before the commit point, so a demand can be recorded as soon as the community exists.
        await this.fs.mkdir(dir)
      } catch (err) {
        throw writeFailed(err)
      }
      try {
        await this.commit(
          COMMUNITIES_FILE,
          JSON.stringify({ schemaVersion: 1, communities: nextList } satisfies CommunitiesFile),
          JSON.stringify({ schemaVersion: 1, communities: this.communityList } satisfies CommunitiesFile),
        )
      } catch (err) {
        // A new community's folder is still empty: take it back unless disk kept the new list.
        if (index < 0 && !(err as { rollbackFailed?: boolean }).rollbackFailed) {
          await this.fs.rm(dir).catch(() => undefined)
        }
        throw err
      }
      this.communityList = nextList
    })
  }

  removeCommunities(ids: string[]): Promise<{ communities: number; demands: number }> {
    return this.enqueue(async () => {
      const gone = new Set(ids)
      const nextList = this.communityList.filter((c) => !gone.has(c.id))
      const removed = this.communityList.length - nextList.length
      await this.commit(
        COMMUNITIES_FILE,
        JSON.stringify({ schemaVersion: 1, communities: nextList } satisfies CommunitiesFile),
        JSON.stringify({ schemaVersion: 1, communities: this.communityList } satisfies CommunitiesFile),
      )
      this.communityList = nextList
      let demands = 0
      for (const id of gone) {
        for (const m of Object.values(this.summary.counts[id] ?? {})) demands += m.total
        delete this.summary.counts[id]
        // Best effort: leftovers belong to no community and are ignored (and removed next time).
        await this.fs.rm(join(this.dataDir, DEMANDS_DIR, id)).catch(() => undefined)
        for (const rel of [...Object.keys(this.summary.partitions), ...this.cache.keys()]) {
          if (rel.startsWith(`${DEMANDS_DIR}/${id}/`)) {
            delete this.summary.partitions[rel]
            this.cache.delete(rel)
          }
        }
      }
      this.summaryChanged()
      return { communities: removed, demands }
    })
  }

  notices(): DataNotice[] {
    return this.noticeList.map((n) => ({ ...n }))
  }

  dismissNotice(id: string): boolean {
    const i = this.noticeList.findIndex((n) => n.id === id)
    if (i < 0) return false
    this.noticeList.splice(i, 1)
    return true
  }

  backup(reason: BackupReason = 'manual'): Promise<string> {
    return this.enqueue(async () => {
      try {
        return await this.createBackupNow(reason)
      } catch (err) {
        throw new AppError('WRITE_FAILED', `备份失败：${fsReason(err)}，数据本身未受影响`)
      }
    })
  }

  async backups(): Promise<Array<BackupMeta & { id: string }>> {
    const out: Array<BackupMeta & { id: string }> = []
    for (const id of await listBackups(this.fs, this.dataDir)) {
      out.push({ id, ...(await readBackupMeta(this.fs, this.dataDir, id)) })
    }
    return out
  }

  async whenIdle(): Promise<void> {
    await this.enqueue(async () => undefined)
  }

  async flush(): Promise<void> {
    this.cancelFlushTimer()
    await this.enqueue(async () => {
      if (this.summaryDirty) await this.flushSummary()
    })
  }

  async close(options: CloseOptions = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.cancelFlushTimer()
    // The summary is saved marked cleanClose, so the next open can trust it without a heal. If
    // that save fails the file on disk is not marked (beforeLiveWrite), and the next open heals.
    await this.enqueue(async () => {
      if (this.summaryDirty || !this.diskSummaryClean) await this.flushSummary(true)
    })
    try {
      if (options.backup !== false) await this.backup('exit')
    } finally {
      this.cancelFlushTimer()
      await this.lock?.release()
    }
  }

  // ---------- delete ----------

  deleteDemand(id: string): Promise<Demand | undefined> {
    return this.enqueue(async () => {
      const at = parseDemandId(id)
      if (!at) return undefined
      const rel = partitionRel(at.communityId, at.month)
      const items = await this.partition(rel)
      const gone = items.find((d) => d.id === id)
      if (!gone) return undefined
      const next = items.filter((d) => d.id !== id)
      await this.commit(rel, this.partitionText(next), this.partitionText(items))
      this.remember(rel, next)
      const counts = this.summary.counts[at.communityId]?.[at.month] ?? emptyCounts()
      this.setCounts(at.communityId, at.month, applyToCounts(counts, gone, -1))
      await this.recordStat(rel)
      this.summaryChanged()
      // Personal data must be erasable: the backup copies of this partition lose it too.
      const failed = await this.rewriteBackups(
        (r) => r === rel,
        (list) => {
          const kept = list.filter((d) => d.id !== id)
          return kept.length === list.length ? null : kept
        },
      )
      if (failed.error) {
        this.notify('warning', `诉求已删除，但从 ${failed.deleted} 份无法改写的备份中移除它时失败，这些备份已被删除。`)
      }
      return structuredClone(gone)
    })
  }

  /**
   * Applies `transform` to every backup's partitions matching `which`; a backup that cannot be
   * read or rewritten is deleted whole (it may still hold the personal data being removed).
   */
  private async rewriteBackups(
    which: (rel: string) => boolean,
    transform: (items: Demand[]) => Demand[] | null,
    keep: (meta: BackupMeta) => boolean = () => true,
  ): Promise<{ rewritten: number; deleted: number; error: boolean }> {
    let rewritten = 0
    let deleted = 0
    let error = false
    for (const name of await listBackups(this.fs, this.dataDir)) {
      const root = join(this.dataDir, BACKUPS_DIR, name)
      if (!keep(await readBackupMeta(this.fs, this.dataDir, name))) {
        await this.fs.rm(root)
        deleted++
        continue
      }
      try {
        let changed = false
        for (const rel of await listDataFiles(this.fs, root)) {
          if (!parsePartitionRel(rel) || !which(rel)) continue
          const raw = await readJsonStrict(this.fs, absPath(root, rel))
          if (raw === null) continue
          const file = this.check('demands', rel, raw).data as PartitionFile
          const next = transform(file.items)
          if (!next) continue
          await writeFileDurable(this.fs, absPath(root, rel), this.serialize('demands', { ...file, items: next }))
          changed = true
        }
        if (changed) rewritten++
      } catch {
        error = true
        await this.fs.rm(root).catch(() => undefined)
        deleted++
      }
    }
    return { rewritten, deleted, error }
  }

  // ---------- restore ----------

  restore(id: string): Promise<RestoreOutcome> {
    return this.enqueue(async () => {
      if (!(await listBackups(this.fs, this.dataDir)).includes(id)) throw new AppError('NOT_FOUND', '未找到该备份')
      const when = describeStamp(id)
      const root = join(this.dataDir, BACKUPS_DIR, id)
      const files = await listDataFiles(this.fs, root)
      if (!files.includes(COMMUNITIES_FILE)) {
        throw new AppError('VALIDATION', `${when} 的备份不完整（缺少 ${COMMUNITIES_FILE}），未做任何修改`)
      }
      let communities = 0
      let demands = 0
      for (const rel of files) {
        if (rel === SUMMARY_FILE) continue // derived; rebuilt from the partitions
        const kind: FileKind = rel === COMMUNITIES_FILE ? 'communities' : 'demands'
        try {
          const raw = await readJsonStrict(this.fs, absPath(root, rel))
          const data = this.check(kind, rel, raw).data
          if (kind === 'communities') communities = (data as CommunitiesFile).communities.length
          else demands += (data as PartitionFile).items.length
        } catch (err) {
          if (err instanceof CorruptFileError) {
            throw new AppError('VALIDATION', `${when} 的备份中 ${rel} 已损坏（${err.reason}），未做任何修改`)
          }
          throw err
        }
      }
      let safetyBackup: string
      try {
        safetyBackup = await this.createBackupNow('before-restore', id)
        await writeFileDurable(
          this.fs,
          join(this.dataDir, RESTORE_MARKER),
          JSON.stringify({ schemaVersion: 1, backup: id, safetyBackup }),
        )
      } catch (err) {
        throw new AppError('WRITE_FAILED', `恢复前的安全备份未能完成（${fsReason(err)}），未做任何修改`)
      }
      try {
        await this.swapIn(id)
      } catch (err) {
        throw new AppError(
          'WRITE_FAILED',
          `恢复未能完成（${fsReason(err)}）。恢复前的数据已备份为 ${describeStamp(safetyBackup)}；下次启动时将自动继续恢复。`,
        )
      }
      await this.loadState(false)
      return { backup: id, safetyBackup, communities, demands }
    })
  }

  /** Copies a validated backup over the live files (roll-forward; the marker says which). */
  private async swapIn(id: string): Promise<void> {
    await this.beforeLiveWrite()
    const root = join(this.dataDir, BACKUPS_DIR, id)
    const wanted = new Set((await listDataFiles(this.fs, root)).filter((rel) => rel !== SUMMARY_FILE))
    for (const rel of wanted) {
      const target = absPath(this.dataDir, rel)
      await this.fs.mkdir(join(target, '..'))
      await writeFileDurable(this.fs, target, await this.fs.readFile(absPath(root, rel)))
    }
    for (const rel of await listDataFiles(this.fs, this.dataDir)) {
      if (!wanted.has(rel)) await this.fs.unlink(absPath(this.dataDir, rel))
    }
    await this.fs.unlink(join(this.dataDir, RESTORE_MARKER))
  }

  /** Returns true when the data files were changed (a restore was finished or abandoned). */
  private async finishPendingRestore(): Promise<boolean> {
    let marker: unknown
    try {
      marker = await readJsonStrict(this.fs, join(this.dataDir, RESTORE_MARKER))
    } catch {
      marker = {}
    }
    if (marker === null) return false
    const id = (marker as { backup?: unknown }).backup
    if (typeof id === 'string' && (await listBackups(this.fs, this.dataDir)).includes(id)) {
      await this.swapIn(id)
      this.notify('warning', `上次从 ${describeStamp(id)} 的备份恢复时程序中断，现已完成恢复。`)
    } else {
      await this.fs.unlink(join(this.dataDir, RESTORE_MARKER))
      this.notify('error', '上次恢复备份时程序中断，且找不到要恢复的备份；数据保持中断时的状态，请检查后重新恢复。')
    }
    return true
  }

  // ---------- retention ----------

  private async readRetention(): Promise<RetentionSetting> {
    let raw: unknown
    try {
      raw = await readJsonStrict(this.fs, join(this.dataDir, RETENTION_FILE))
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err
      const q = await this.quarantine(RETENTION_FILE)
      this.notify('warning', `保留期限设置文件已损坏（${err.reason}），已另存为 ${q}，请重新设置个人信息保留期限。`)
      return { personalDataMonths: null }
    }
    const months = (raw as { personalDataMonths?: unknown } | null)?.personalDataMonths
    return { personalDataMonths: typeof months === 'number' && Number.isInteger(months) && months > 0 ? months : null }
  }

  retention(): Promise<RetentionSetting> {
    return this.enqueue(() => this.readRetention())
  }

  setRetention(setting: RetentionSetting): Promise<RetentionSetting> {
    return this.enqueue(async () => {
      const text = JSON.stringify({ schemaVersion: 1, personalDataMonths: setting.personalDataMonths })
      try {
        await writeFileDurable(this.fs, join(this.dataDir, RETENTION_FILE), text)
      } catch (err) {
        throw writeFailed(err)
      }
      return { personalDataMonths: setting.personalDataMonths }
    })
  }

  applyRetention(): Promise<RetentionOutcome> {
    return this.enqueue(async () => {
      const { personalDataMonths } = await this.readRetention()
      if (personalDataMonths === null) return { months: null, erased: 0, backupsDeleted: 0, backupsRewritten: 0 }
      return this.retentionNow(personalDataMonths)
    })
  }

  /**
   * Demands received before the cutoff and closed (evaluated) lose reporterName (-> 已脱敏),
   * reporterPhone and reporterAddress, in place. Backups made before the cutoff are deleted;
   * the remaining backups are rewritten with the same erasure (so a restore cannot bring the
   * personal data back).
   */
  private async retentionNow(months: number): Promise<RetentionOutcome> {
    const now = this.now()
    const cutoff = new Date(now.getFullYear(), now.getMonth() - months, now.getDate(), now.getHours(), now.getMinutes())
    const cutoffMonth = toLocalIso(cutoff).slice(0, 7)
    const due = (rel: string) => {
      const p = parsePartitionRel(rel)
      return !!p && p.month <= cutoffMonth
    }
    const erase = (items: Demand[]): { items: Demand[]; n: number } => {
      let n = 0
      const out = items.map((d) => {
        const rec = d as Demand & { reporterAddress?: unknown }
        if (d.status !== 'evaluated' || !(Date.parse(d.receivedAt) < cutoff.getTime())) return d
        if (d.reporterName === ERASED_NAME && rec.reporterPhone === undefined && rec.reporterAddress === undefined) return d
        n++
        const e: Demand & { reporterAddress?: unknown } = { ...d, reporterName: ERASED_NAME }
        delete e.reporterPhone
        delete e.reporterAddress
        return e
      })
      return { items: out, n }
    }
    let erased = 0
    for (const rel of await listDataFiles(this.fs, this.dataDir)) {
      if (!due(rel)) continue
      const items = await this.partition(rel)
      const result = erase(items)
      if (!result.n) continue
      await this.commit(rel, this.partitionText(result.items), this.partitionText(items))
      this.remember(rel, result.items)
      await this.recordStat(rel)
      erased += result.n
    }
    if (erased) this.summaryChanged()
    const backups = await this.rewriteBackups(
      due,
      (items) => {
        const r = erase(items)
        return r.n ? r.items : null
      },
      (meta) => !(Date.parse(meta.createdAt) < cutoff.getTime()),
    )
    return { months, erased, backupsDeleted: backups.deleted, backupsRewritten: backups.rewritten }
  }
}

function writeFailed(err: unknown): AppError {
  if (err instanceof AppError) return err
  return new AppError('WRITE_FAILED', `保存失败：${fsReason(err)}，本次修改未保存`)
}

function fsReason(err: unknown): string {
  switch (errorCode(err)) {
    case 'ENOSPC':
      return '磁盘空间不足'
    case 'EACCES':
    case 'EPERM':
      return '没有写入数据文件夹的权限'
    case 'EROFS':
      return '磁盘为只读'
    case 'EIO':
      return '磁盘读写出错'
    case 'EMFILE':
    case 'ENFILE':
      return '同时打开的文件过多'
    default:
      return '无法写入数据文件'
  }
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failed: unknown = null
  const worker = async () => {
    while (failed === null && next < items.length) {
      const item = items[next++]
      try {
        await fn(item)
      } catch (err) {
        failed ??= err
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failed !== null) throw failed
}
