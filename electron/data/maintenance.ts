import { join } from 'node:path'
import type { RetentionSetting } from '../../shared/contract/backup'
import { AppError } from '../../shared/contract/errors'
import { monthOf, STREET_TIME_ZONE, toLocalIso, toZonedIso, wallClockIn, zonedTime } from '../../shared/domain/month'
import {
  createBackup,
  listBackups,
  listDataFiles,
  readBackupMeta,
  readdirOrEmpty,
  type BackupMeta,
  type BackupReason,
} from './backups'
import { checkFile, partitionOfRel, serializeFile, type CollectionDescriptor, type StoredRecord } from './collection'
import { CorruptFileError, readJsonStrict, writeFileDurable } from './durable-file'
import { fsReason, writeFailed, type Engine } from './engine'
import type { CollectionStore } from './store'
import { DIR_MODE } from './fs-ops'
import { BACKUPS_DIR, RESTORE_MARKER, RETENTION_FILE, SUMMARY_FILE, absPath, describeStamp } from './paths'

// Backup, restore, retention and the temp-file sweep, over every registered collection. Files
// are enumerated by walking the folders (backups.ts listDataFiles), never by kind: a collection
// added later is backed up, restored, erased and swept with no code here.

export interface RestoreOutcome {
  backup: string
  /** the backup taken of the state just before the restore */
  safetyBackup: string
  communities: number
  demands: number
}

export type { RetentionSetting }

export interface RetentionOutcome {
  months: number | null
  /** records whose personal data was erased in the live data */
  erased: number
  backupsDeleted: number
  backupsRewritten: number
}


type AnyStore = CollectionStore<StoredRecord>

/** What a retention run is about to erase (openDatabase `beforeRetention`). */
export interface RetentionPlan {
  /** local ISO time: records due before it lose their personal data, backups made before it go */
  cutoff: string
  /** live records that will lose personal data */
  records: number
  /** backup ids to be deleted whole (made before the cutoff, or unreadable) */
  backupsToDelete: string[]
  /** backup ids whose copies will be rewritten with the same erasure */
  backupsToRewrite: string[]
}

export class Maintenance {
  constructor(
    private readonly engine: Engine,
    private readonly stores: AnyStore[],
    private readonly hooks: {
      backupMeta(): { communities: number; demands: number; extra?: Record<string, unknown> }
      /** called inside the queue before a retention run erases anything; a throw stops it */
      beforeRetention?: (plan: RetentionPlan) => Promise<void>
      /** the street's time zone (openDatabase `timeZone`) */
      timeZone?: () => Promise<string | undefined>
      /** reload memory from disk (after a restore) */
      reload(): Promise<void>
    },
  ) {}

  private owner(rel: string): { store: AnyStore; partition: string } | null {
    for (const store of this.stores) {
      const partition = partitionOfRel(store.d as CollectionDescriptor, rel)
      if (partition !== null) return { store, partition }
    }
    return null
  }

  // ---------- backups ----------

  /** A backup of the current files; summary.json is saved first, so the copy matches them. */
  async createBackupNow(reason: BackupReason, protect?: string): Promise<string> {
    if (this.engine.summaryDirty) await this.engine.flushSummary()
    return createBackup(this.engine.fs, this.engine.dataDir, this.engine.now(), { reason, ...this.hooks.backupMeta(), protect })
  }

  async dailyBackup(): Promise<void> {
    const today = this.engine.today()
    try {
      const names = await listBackups(this.engine.fs, this.engine.dataDir)
      if (!names.some((n) => n.startsWith(today))) await this.createBackupNow('daily')
    } catch (err) {
      this.engine.notify('warning', `今日自动备份未能完成（${fsReason(err)}），数据本身未受影响。`)
    }
  }

  async backups(): Promise<Array<BackupMeta & { id: string }>> {
    const out: Array<BackupMeta & { id: string }> = []
    for (const id of await listBackups(this.engine.fs, this.engine.dataDir)) {
      out.push({ id, ...(await readBackupMeta(this.engine.fs, this.engine.dataDir, id)) })
    }
    return out
  }

  /**
   * Applies `transform` to every backup's collection files matching `which`; a backup that
   * cannot be read or rewritten is deleted whole (it may still hold the personal data being removed).
   */
  async rewriteBackups(
    which: (store: AnyStore, partition: string) => boolean,
    transform: (store: AnyStore, items: StoredRecord[]) => StoredRecord[] | null,
    keep: (meta: BackupMeta) => boolean = () => true,
    planOnly = false,
  ): Promise<{ rewritten: number; deleted: number; error: boolean; toRewrite: string[]; toDelete: string[] }> {
    const { fs, dataDir } = this.engine
    const toRewrite: string[] = []
    const toDelete: string[] = []
    let error = false
    for (const name of await listBackups(fs, dataDir)) {
      const root = join(dataDir, BACKUPS_DIR, name)
      if (!keep(await readBackupMeta(fs, dataDir, name))) {
        if (!planOnly) await fs.rm(root)
        toDelete.push(name)
        continue
      }
      try {
        let changed = false
        for (const rel of await listDataFiles(fs, root)) {
          const at = this.owner(rel)
          if (!at || !which(at.store, at.partition)) continue
          const raw = await readJsonStrict(fs, absPath(root, rel))
          if (raw === null) continue
          const next = transform(at.store, checkFile(at.store.d, rel, raw).items)
          if (!next) continue
          changed = true
          if (planOnly) break
          await writeFileDurable(fs, absPath(root, rel), serializeFile(at.store.d, next))
        }
        if (changed) toRewrite.push(name)
      } catch {
        error = true
        if (!planOnly) await fs.rm(root).catch(() => undefined)
        toDelete.push(name)
      }
    }
    return { rewritten: toRewrite.length, deleted: toDelete.length, error, toRewrite, toDelete }
  }

  /** After a delete: the backup copies of that partition lose the records too. */
  async eraseFromBackups(store: AnyStore, partition: string, ids: Set<string>): Promise<void> {
    const failed = await this.rewriteBackups(
      (s, p) => s === store && p === partition,
      (_s, list) => {
        const kept = list.filter((r) => !ids.has(r.id))
        return kept.length === list.length ? null : kept
      },
    )
    if (failed.error) {
      this.engine.notify(
        'warning',
        `${store.d.label}已删除，但从 ${failed.deleted} 份无法改写的备份中移除它时失败，这些备份已被删除。`,
      )
    }
  }

  // ---------- restore ----------

  async restore(id: string): Promise<RestoreOutcome> {
    const { fs, dataDir } = this.engine
    if (!(await listBackups(fs, dataDir)).includes(id)) throw new AppError('NOT_FOUND', '未找到该备份')
    const when = describeStamp(id)
    const root = join(dataDir, BACKUPS_DIR, id)
    const files = await listDataFiles(fs, root)
    const communitiesRel = this.stores.find((s) => s.name === 'communities')?.rel('')
    if (communitiesRel && !files.includes(communitiesRel)) {
      throw new AppError('VALIDATION', `${when} 的备份不完整（缺少 ${communitiesRel}），未做任何修改`)
    }
    const held: Record<string, number> = {}
    for (const rel of files) {
      const at = this.owner(rel)
      if (!at) continue // summary (derived, rebuilt) and other files are copied as they are
      try {
        const items = checkFile(at.store.d, rel, await readJsonStrict(fs, absPath(root, rel))).items
        held[at.store.name] = (held[at.store.name] ?? 0) + items.length
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
      await writeFileDurable(fs, join(dataDir, RESTORE_MARKER), JSON.stringify({ schemaVersion: 1, backup: id, safetyBackup }))
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
    await this.hooks.reload()
    for (const store of this.stores) this.engine.emit(store.name, [])
    return { backup: id, safetyBackup, communities: held.communities ?? 0, demands: held.demands ?? 0 }
  }

  /**
   * Copies a validated backup's collection files over the live ones and removes live collection
   * files it does not have (roll-forward; the marker says which). The summary is dropped (rebuilt).
   * Files of no collection (audit log, retention.json, keycheck.json) and collections marked
   * `keptAtRestore` (operator accounts) are backed up but a restore leaves the live ones alone:
   * they describe this installation, not the records.
   */
  private async swapIn(id: string): Promise<void> {
    const { fs, dataDir } = this.engine
    await this.engine.beforeLiveWrite()
    const root = join(dataDir, BACKUPS_DIR, id)
    const restorable = (rel: string) => {
      const at = this.owner(rel)
      return !!at && !at.store.d.keptAtRestore
    }
    const wanted = new Set((await listDataFiles(fs, root)).filter(restorable))
    for (const rel of wanted) {
      const target = absPath(dataDir, rel)
      await fs.mkdir(join(target, '..'), DIR_MODE)
      await writeFileDurable(fs, target, await fs.readFile(absPath(root, rel)))
    }
    for (const rel of await listDataFiles(fs, dataDir)) {
      if (!wanted.has(rel) && (restorable(rel) || rel === SUMMARY_FILE)) await fs.unlink(absPath(dataDir, rel))
    }
    await fs.unlink(join(dataDir, RESTORE_MARKER))
  }

  /** Returns true when the data files were changed (a restore was finished or abandoned). */
  async finishPendingRestore(): Promise<boolean> {
    const { fs, dataDir } = this.engine
    let marker: unknown
    try {
      marker = await readJsonStrict(fs, join(dataDir, RESTORE_MARKER))
    } catch {
      marker = {}
    }
    if (marker === null) return false
    const id = (marker as { backup?: unknown }).backup
    if (typeof id === 'string' && (await listBackups(fs, dataDir)).includes(id)) {
      await this.swapIn(id)
      this.engine.notify('warning', `上次从 ${describeStamp(id)} 的备份恢复时程序中断，现已完成恢复。`)
    } else {
      await fs.unlink(join(dataDir, RESTORE_MARKER))
      this.engine.notify('error', '上次恢复备份时程序中断，且找不到要恢复的备份；数据保持中断时的状态，请检查后重新恢复。')
    }
    return true
  }

  // ---------- retention ----------

  async readRetention(): Promise<RetentionSetting> {
    let raw: unknown
    try {
      raw = await readJsonStrict(this.engine.fs, join(this.engine.dataDir, RETENTION_FILE))
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err
      const q = await this.engine.quarantine(RETENTION_FILE)
      this.engine.notify('warning', `保留期限设置文件已损坏（${err.reason}），已另存为 ${q}，请重新设置个人信息保留期限。`)
      return { personalDataMonths: null }
    }
    const months = (raw as { personalDataMonths?: unknown } | null)?.personalDataMonths
    return { personalDataMonths: typeof months === 'number' && Number.isInteger(months) && months > 0 ? months : null }
  }

  async writeRetention(setting: RetentionSetting): Promise<RetentionSetting> {
    const text = JSON.stringify({ schemaVersion: 1, personalDataMonths: setting.personalDataMonths })
    try {
      await writeFileDurable(this.engine.fs, join(this.engine.dataDir, RETENTION_FILE), text)
    } catch (err) {
      throw writeFailed(err)
    }
    return { personalDataMonths: setting.personalDataMonths }
  }

  /**
   * Records of every collection with a retention rule lose their personal data once due (for
   * demands: received before the cutoff and evaluated), in place. Backups made before the cutoff
   * are deleted; the others are rewritten with the same erasure (a restore cannot bring it back).
   */
  async retentionNow(months: number): Promise<RetentionOutcome> {
    const now = this.engine.now()
    // N months back on the street's calendar (not the machine's): its months are the partitions'.
    const tz = (await this.hooks.timeZone?.().catch(() => undefined)) || STREET_TIME_ZONE
    const w = wallClockIn(now, tz)
    const cutoff = zonedTime(w.year, w.month - months, w.day, w.hour, w.minute, 0, tz)
    const cutoffMonth = monthOf(toZonedIso(cutoff, tz), tz)
    const due = (store: AnyStore, partition: string) => !!store.d.retention?.due(partition, cutoffMonth)
    const erase = (store: AnyStore, items: StoredRecord[]): { items: StoredRecord[]; n: number } => {
      let n = 0
      const out = items.map((r) => {
        const e = store.d.retention?.erase(r, cutoff)
        if (!e) return r
        n++
        return { ...e, revision: r.revision + 1 } // an erasure is a write like any other
      })
      return { items: out, n }
    }
    // Plan first (nothing written): the live partitions to rewrite and the backups affected. Only
    // counts are kept (a first run over years of data would otherwise hold every copy at once);
    // the erasure is computed again when acting, on the same records (we are inside the queue).
    const live: Array<{ store: AnyStore; partition: string; n: number }> = []
    for (const store of this.stores) {
      if (!store.d.retention) continue
      for (const partition of await store.partitions()) {
        if (!due(store, partition)) continue
        const items = await store.partition(partition)
        const result = erase(store, items)
        if (result.n) live.push({ store, partition, n: result.n })
      }
    }
    const eraseInBackup = (store: AnyStore, items: StoredRecord[]) => {
      const r = erase(store, items)
      return r.n ? r.items : null
    }
    const keep = (meta: BackupMeta) => !(Date.parse(meta.createdAt) < cutoff.getTime())
    const records = live.reduce((sum, p) => sum + p.n, 0)
    if (this.hooks.beforeRetention) {
      const planned = await this.rewriteBackups(due, eraseInBackup, keep, true)
      if (records || planned.toDelete.length || planned.toRewrite.length) {
        await this.hooks.beforeRetention({
          cutoff: toLocalIso(cutoff),
          records,
          backupsToDelete: planned.toDelete,
          backupsToRewrite: planned.toRewrite,
        })
      }
    }
    const touched = new Set<AnyStore>()
    for (const p of live) {
      const items = await p.store.partition(p.partition)
      await p.store.write(p.partition, erase(p.store, items).items, items, null)
      touched.add(p.store)
    }
    for (const store of touched) this.engine.emit(store.name, [])
    const backups = await this.rewriteBackups(due, eraseInBackup, keep)
    return { months, erased: records, backupsDeleted: backups.deleted, backupsRewritten: backups.rewritten }
  }

  // ---------- temp files ----------

  /**
   * Removes temp files of interrupted writes (`live`: the data folders; inside finished backups,
   * rewritten by deletes and the retention rule, with `inBackups`) and half-made backups. In the
   * open after a crash; after a fast open behind it, through the write queue, with `notMine`:
   * temp files named with this process's pid are in-flight writes made outside the queue (a
   * repair on lazy load) and are left alone.
   */
  async removeStrayTempFiles(opts: { live: boolean; inBackups: boolean; notMine: boolean }): Promise<void> {
    const { fs, dataDir } = this.engine
    const mine = `.${process.pid}.`
    const tmp = (n: string) => n.startsWith('.') && n.endsWith('.tmp') && !(opts.notMine && n.includes(mine))
    const sweep = async (dir: string, top: boolean): Promise<void> => {
      for (const n of await readdirOrEmpty(fs, dir)) {
        if (top && n === BACKUPS_DIR) continue
        const path = join(dir, n)
        if (tmp(n)) await fs.unlink(path).catch(() => undefined)
        else if (!n.includes('.') || !n.endsWith('.json')) {
          // maybe a folder (names of data files end in .json); readdirOrEmpty ignores files
          if (!n.includes('.corrupt-')) await sweep(path, false)
        }
      }
    }
    if (opts.live) await sweep(dataDir, true)
    for (const n of await readdirOrEmpty(fs, join(dataDir, BACKUPS_DIR))) {
      const root = join(dataDir, BACKUPS_DIR, n)
      if (n.startsWith('.partial-')) {
        await fs.rm(root).catch(() => undefined)
        continue
      }
      if (opts.inBackups) await sweep(root, false)
    }
  }
}
