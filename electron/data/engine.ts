import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { DataNotice } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import { exists, listBackups } from './backups'
import { checkFile, relOf, serializeFile, type CollectionDescriptor, type StoredRecord } from './collection'
import { CorruptFileError, NotSyncedError, readJsonStrict, writeFileBestEffort, writeFileDurable } from './durable-file'
import { DIR_MODE, errorCode, type FsOps } from './fs-ops'
import type { HeldLock } from './lock'
import { NewerVersionError } from './migrations'
import { BACKUPS_DIR, SUMMARY_FILE, absPath, describeStamp, timeStamp } from './paths'
import { SummaryIndex } from './summary-index'

// The collection-agnostic core: one write queue, commit with rollback, loading a data file with
// migrate / validate / quarantine / restore-from-backup, the summary fed on commit, notices and
// change events. Collections (collection.ts, store.ts) and maintenance (maintenance.ts: backup,
// restore, retention, temp sweep) are built on it; database.ts is the facade the services use.

/** What changed after a commit: ids written or deleted; [] = anything in the collection. */
export interface ChangeEvent {
  collection: string
  ids: string[]
}

/** summary.json is saved this long after the last change of counts... */
const SUMMARY_FLUSH_MS = 1_500
/** ...but no later than this after the first unsaved change. */
const SUMMARY_FLUSH_MAX_MS = 10_000

export class Engine {
  summary = SummaryIndex.empty()
  /** memory has counts/stats summary.json does not */
  summaryDirty = false
  /** summary.json on disk says cleanClose: it must be rewritten before any data file changes */
  diskSummaryClean = false
  lock: HeldLock | null = null
  private flushTimer: ReturnType<typeof setTimeout> | null = null
  private dirtySince = 0
  private tail: Promise<unknown> = Promise.resolve()
  private readonly noticeList: DataNotice[] = []
  private readonly listeners = new Set<(e: ChangeEvent) => void>()

  constructor(
    readonly dataDir: string,
    readonly fs: FsOps,
    readonly now: () => Date,
  ) {}

  // ---------- queue, events, notices ----------

  /**
   * Work queued behind the open, not yet started (database.ts): started by the first enqueue,
   * so it keeps its place ahead of any later write, or by a timer once the first reads are served.
   */
  deferred: (() => void) | null = null

  startDeferred(): void {
    const start = this.deferred
    this.deferred = null
    start?.()
  }

  enqueue<R>(fn: () => Promise<R>): Promise<R> {
    if (this.deferred) this.startDeferred()
    const run = this.tail.then(fn, fn)
    this.tail = run.catch(() => undefined)
    return run
  }

  onChange(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(collection: string, ids: string[]): void {
    for (const l of [...this.listeners]) {
      try {
        l({ collection, ids: [...ids] })
      } catch {
        // a listener's failure is not the write's
      }
    }
  }

  notify(level: DataNotice['level'], message: string, file?: string): void {
    const notice: DataNotice = { id: `n-${randomBytes(6).toString('hex')}`, level, message, at: toLocalIso(this.now()) }
    if (file) notice.file = file
    this.noticeList.push(notice)
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

  today(): string {
    return timeStamp(this.now(), 'dash').slice(0, 8)
  }

  // ---------- commit ----------

  /**
   * Writes a commit-point file. On failure throws WRITE_FAILED with memory unchanged. If the
   * failure came after the rename (folder fsync), the previous content is put back so disk and
   * memory agree (fully old); only if that also fails can the new content reappear after a
   * restart (memory stays old for this session); the error then has `rollbackFailed`.
   */
  async commit(rel: string, text: string, previous: string | null): Promise<void> {
    const path = absPath(this.dataDir, rel)
    await this.beforeLiveWrite()
    try {
      await this.fs.mkdir(join(path, '..'), DIR_MODE)
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

  /**
   * Before the first change of a data file in a session that opened on a summary saved by
   * close(): that summary must stop claiming cleanClose first, or a crash (or a lock removed by
   * hand) could make the next open trust counts the partitions no longer match. Once a session.
   */
  async beforeLiveWrite(): Promise<void> {
    if (!this.diskSummaryClean) return
    try {
      await writeFileDurable(this.fs, absPath(this.dataDir, SUMMARY_FILE), this.summary.encode())
    } catch (err) {
      throw writeFailed(err)
    }
    this.diskSummaryClean = false
    this.summaryDirty = false
  }

  // ---------- summary ----------

  async recordStat(rel: string): Promise<void> {
    try {
      const s = await this.fs.stat(absPath(this.dataDir, rel))
      this.summary.setStat(rel, { size: s.size, mtimeMs: s.mtimeMs })
    } catch {
      // missing (or unreadable): no entry, so the next start recounts whatever is there
      this.summary.setStat(rel, null)
    }
  }

  /** Feeds a committed partition of a counted collection into the summary. */
  async counted<T extends StoredRecord>(d: CollectionDescriptor<T>, partition: string, items: readonly T[]): Promise<void> {
    const slot = d.counts?.slot(partition)
    if (!d.counts || !slot) return
    this.summary.setCounts(slot.communityId, slot.month, items.length ? d.counts.count(items) : null)
    await this.recordStat(relOf(d, partition))
    this.summaryChanged()
  }

  /**
   * Saves the in-memory summary (`cleanClose` only from close()). Never throws: the partitions
   * are the truth and heal it. Returns whether it was saved.
   */
  async flushSummary(cleanClose = false): Promise<boolean> {
    this.cancelFlushTimer()
    try {
      await writeFileDurable(this.fs, absPath(this.dataDir, SUMMARY_FILE), this.summary.encode(cleanClose))
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
  summaryChanged(): void {
    this.summaryDirty = true
    // A debounce interval on the same (monotonic) time line as setTimeout, not a date: the
    // injected clock (`now`, possibly fixed in tests and the bench) would never advance it.
    const t = performance.now()
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

  cancelFlushTimer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = null
  }

  // ---------- reading files ----------

  /**
   * Reads, migrates and validates one partition file of a collection. A corrupt file is
   * quarantined and the newest good backup copy restored (or started empty, error notice). A
   * file from a newer app version throws and is left untouched. `items` null = no file.
   */
  async loadPartition<T extends StoredRecord>(
    d: CollectionDescriptor<T>,
    partition: string,
  ): Promise<{ items: T[] | null; repaired: boolean }> {
    const rel = relOf(d, partition)
    const path = absPath(this.dataDir, rel)
    let reason: string
    try {
      const raw = await readJsonStrict(this.fs, path)
      if (raw === null) return { items: null, repaired: false }
      const { items, migrated } = checkFile(d, rel, raw)
      if (migrated) await writeFileDurable(this.fs, path, serializeFile(d, items))
      return { items, repaired: false }
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err
      reason = err.reason
    }
    // A record file is about to change under the summary.
    await this.beforeLiveWrite()
    const quarantined = await this.quarantine(rel)
    const restored = await this.restoreFromBackup(d, rel)
    if (restored) {
      this.notify(
        'warning',
        `数据文件 ${rel} 已损坏（${reason}），已另存为 ${quarantined}，并已从 ${describeStamp(restored.backup)} 的备份恢复；该备份之后对此文件的修改未能找回。`,
        rel,
      )
      return { items: restored.items, repaired: true }
    }
    this.notify(
      'error',
      `数据文件 ${rel} 已损坏（${reason}），已另存为 ${quarantined}；没有找到完好的备份，该文件已按空白重新开始。损坏的文件已保留，可交技术人员尝试找回。`,
      rel,
    )
    return { items: null, repaired: true }
  }

  async quarantine(rel: string): Promise<string> {
    const path = absPath(this.dataDir, rel)
    const base = `${path}.corrupt-${timeStamp(this.now(), 'compact')}`
    let target = base
    for (let i = 1; await exists(this.fs, target); i++) target = `${base}-${i}`
    await this.fs.rename(path, target)
    return target.slice(this.dataDir.length + 1).split('\\').join('/')
  }

  private async restoreFromBackup<T extends StoredRecord>(
    d: CollectionDescriptor<T>,
    rel: string,
  ): Promise<{ items: T[]; backup: string } | null> {
    for (const backup of await listBackups(this.fs, this.dataDir)) {
      const path = absPath(join(this.dataDir, BACKUPS_DIR, backup), rel)
      let items: T[]
      try {
        const raw = await readJsonStrict(this.fs, path)
        if (raw === null) continue
        items = checkFile(d, rel, raw).items
      } catch (err) {
        if (err instanceof CorruptFileError || err instanceof NewerVersionError) continue
        throw err
      }
      await writeFileDurable(this.fs, absPath(this.dataDir, rel), serializeFile(d, items))
      return { items, backup }
    }
    return null
  }
}

export function writeFailed(err: unknown): AppError {
  if (err instanceof AppError) return err
  return new AppError('WRITE_FAILED', `保存失败：${fsReason(err)}，本次修改未保存`)
}

export function fsReason(err: unknown): string {
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

export async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
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
