import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { Community, DataNotice, Demand, MonthCounts } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import { applyToCounts, emptyCounts } from '../../shared/domain/statistics'
import { createBackup, exists, listBackups, listDataFiles, readdirOrEmpty } from './backups'
import { CorruptFileError, readJsonStrict, writeFileDurable } from './durable-file'
import {
  fileSchemas,
  type CommunitiesFile,
  type FileKind,
  type PartitionFile,
  type PartitionStat,
  type SummaryFile,
  storedPartitionSchema,
} from './file-schemas'
import { errorCode, nodeFs, type FsOps } from './fs-ops'
import { NewerVersionError, migrate } from './migrations'
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
   * Bulk path (sample street): adds communities and writes each of their partitions once,
   * replacing any partition file already there, then the communities file and the summary.
   */
  addCommunities(communities: Community[], demands: Demand[]): Promise<void>
  /** Removes communities with all their partitions and counts; returns how many demands went. */
  removeCommunities(ids: string[]): Promise<{ communities: number; demands: number }>
  notices(): DataNotice[]
  dismissNotice(id: string): boolean
  /** Copies the data files to backups/<YYYYMMDD-HHmmss>/, keeping the newest 10. */
  backup(): Promise<string>
  /** Waits for pending writes, saves the summary if behind, and makes a backup. */
  close(): Promise<void>
}

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
const PARTITION_CACHE_MAX = 512

interface Loaded<T> {
  /** null when the file does not exist or was corrupt with no good backup */
  data: T | null
  /** the file was corrupt and has been quarantined (and maybe restored) */
  repaired: boolean
}

class PartitionedDatabase implements Database {
  private communityList: Community[] = []
  private summary: SummaryFile = { schemaVersion: 1, counts: {}, partitions: {} }
  private summaryDirty = false
  private readonly cache = new Map<string, Demand[]>()
  private readonly loading = new Map<string, Promise<Demand[]>>()
  private readonly noticeList: DataNotice[] = []
  private tail: Promise<unknown> = Promise.resolve()

  constructor(
    readonly dataDir: string,
    private readonly fs: FsOps,
    private readonly now: () => Date,
    private readonly codec: DemandCodec,
  ) {}

  // ---------- open ----------

  async open(): Promise<void> {
    await this.fs.mkdir(join(this.dataDir, DEMANDS_DIR))
    await this.removeStrayTempFiles()

    const communities = await this.loadFile<CommunitiesFile>('communities', COMMUNITIES_FILE)
    this.communityList = communities.data?.communities ?? []

    const stats = new Map<string, PartitionStat>()
    for (const rel of await listDataFiles(this.fs, this.dataDir)) {
      if (!parsePartitionRel(rel)) continue
      const s = await this.fs.stat(absPath(this.dataDir, rel))
      stats.set(rel, { size: s.size, mtimeMs: s.mtimeMs })
    }

    const summary = await this.loadFile<SummaryFile>('summary', SUMMARY_FILE)
    if (summary.data) this.summary = summary.data
    else this.summaryDirty = true
    if (await this.heal(stats)) this.summaryDirty = true
    if (this.summaryDirty) await this.flushSummary()

    await this.dailyBackup()
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

  private async removeStrayTempFiles(): Promise<void> {
    const tmp = (n: string) => n.startsWith('.') && n.endsWith('.tmp')
    for (const n of await readdirOrEmpty(this.fs, this.dataDir)) {
      if (tmp(n)) await this.fs.unlink(join(this.dataDir, n)).catch(() => undefined)
    }
    for (const c of await readdirOrEmpty(this.fs, join(this.dataDir, DEMANDS_DIR))) {
      for (const n of await readdirOrEmpty(this.fs, join(this.dataDir, DEMANDS_DIR, c))) {
        if (tmp(n)) await this.fs.unlink(join(this.dataDir, DEMANDS_DIR, c, n)).catch(() => undefined)
      }
    }
    for (const n of await readdirOrEmpty(this.fs, join(this.dataDir, BACKUPS_DIR))) {
      if (n.startsWith('.partial-')) await this.fs.rm(join(this.dataDir, BACKUPS_DIR, n)).catch(() => undefined)
    }
  }

  private async dailyBackup(): Promise<void> {
    const today = timeStamp(this.now(), 'dash').slice(0, 8)
    try {
      const names = await listBackups(this.fs, this.dataDir)
      if (!names.some((n) => n.startsWith(today))) await createBackup(this.fs, this.dataDir, this.now())
    } catch (err) {
      this.notify('warning', `今日自动备份未能完成（${fsReason(err)}），数据本身未受影响。`)
    }
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

  /** Migrates and validates parsed content; schema failures count as corruption. */
  private check(kind: FileKind, rel: string, raw: unknown): { data: unknown; migrated: boolean } {
    const migratedResult = migrate(kind, rel, raw)
    const { migrated } = migratedResult
    let data = migratedResult.data
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
        this.enqueue(() => this.flushSummary()).catch(() => undefined)
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

  /** Saves the in-memory summary. Never throws: the partitions are the truth and heal it. */
  private async flushSummary(): Promise<void> {
    try {
      await writeFileDurable(this.fs, absPath(this.dataDir, SUMMARY_FILE), JSON.stringify(this.summary))
      this.summaryDirty = false
    } catch {
      this.summaryDirty = true
    }
  }

  private enqueue<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.tail.then(fn, fn)
    this.tail = run.catch(() => undefined)
    return run
  }

  private async writeOrFail(rel: string, text: string): Promise<void> {
    try {
      await writeFileDurable(this.fs, absPath(this.dataDir, rel), text)
    } catch (err) {
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
      await this.writeOrFail(rel, this.partitionText(next))
      // Committed: the partition is on disk. Memory and summary follow.
      this.remember(rel, next)
      let counts = this.summary.counts[at.communityId]?.[at.month] ?? emptyCounts()
      if (previous) counts = applyToCounts(counts, previous, -1)
      this.setCounts(at.communityId, at.month, applyToCounts(counts, demand, 1))
      await this.recordStat(rel)
      await this.flushSummary()
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
      try {
        for (const id of ids) await this.fs.mkdir(join(this.dataDir, DEMANDS_DIR, id))
        await forEachLimited([...groups], WRITE_CONCURRENCY, async ([rel, items]) => {
          await writeFileDurable(this.fs, absPath(this.dataDir, rel), this.partitionText(items))
          written.push(rel)
        })
        const nextList = [...this.communityList, ...communities]
        await writeFileDurable(
          this.fs,
          absPath(this.dataDir, COMMUNITIES_FILE),
          JSON.stringify({ schemaVersion: 1, communities: nextList } satisfies CommunitiesFile),
        )
        this.communityList = nextList
      } catch (err) {
        // Not committed (the communities file is the commit point): take the partitions back.
        for (const id of ids) await this.fs.rm(join(this.dataDir, DEMANDS_DIR, id)).catch(() => undefined)
        throw writeFailed(err)
      }
      for (const [rel, items] of groups) {
        const { communityId, month } = parsePartitionRel(rel)!
        this.remember(rel, items)
        await this.recount(communityId, month, items)
      }
      await this.flushSummary()
    })
  }

  removeCommunities(ids: string[]): Promise<{ communities: number; demands: number }> {
    return this.enqueue(async () => {
      const gone = new Set(ids)
      const nextList = this.communityList.filter((c) => !gone.has(c.id))
      const removed = this.communityList.length - nextList.length
      await this.writeOrFail(COMMUNITIES_FILE, JSON.stringify({ schemaVersion: 1, communities: nextList } satisfies CommunitiesFile))
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
      await this.flushSummary()
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

  backup(): Promise<string> {
    return this.enqueue(() => createBackup(this.fs, this.dataDir, this.now()))
  }

  async close(): Promise<void> {
    await this.enqueue(async () => {
      if (this.summaryDirty) await this.flushSummary()
    })
    await this.backup()
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
