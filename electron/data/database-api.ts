import type { Community, DataNotice, Demand, MonthCounts } from '../../shared/domain/entities'
import type { BackupMeta, BackupReason } from './backups'
import type { DemandCodec } from './builtin'
import type { Collection, CollectionDescriptor, StoredRecord, Unsaved, WriteOptions } from './collection'
import type { ChangeEvent } from './engine'
import type { FsOps } from './fs-ops'
import type { RestoreOutcome, RetentionOutcome, RetentionPlan, RetentionSetting } from './maintenance'

// The public interface of the data layer (implemented in database.ts).

export interface OpenDatabaseOptions {
  /** Folder holding the collections' files, summary.json and backups/. Created if missing. */
  dataDir: string
  /** File-system operations; tests inject faults, spies or an in-memory file system here. */
  fs?: FsOps
  /** Clock for backup names, quarantine stamps, notices and retention. */
  now?: () => Date
  /**
   * Transforms every demand written to / read from a partition file (and its backup copies),
   * e.g. to encrypt personal fields. Identity by default. decodeDemand may throw: an AppError
   * propagates unchanged (a wrong key must not quarantine files); any other error = corrupt.
   */
  codec?: DemandCodec
  /**
   * Collections registered besides the built-in `demands` and `communities` (a descriptor with a
   * built-in's name replaces it). Registered collections are backed up, restored, swept and
   * checked like the built-in ones; see README "How to add a collection".
   */
  collections?: CollectionDescriptor<StoredRecord>[]
  /**
   * Extra metadata written into each backup's manifest (`backup.json` → `extra`), read back by
   * `backups()`; e.g. the audit log's head `{ entries, lastHash }`. Called when the backup is
   * made; a throw leaves `extra` out (the backup itself is not refused).
   */
  manifestExtra?: () => Record<string, unknown>
  /**
   * Called inside the write queue before a retention run (`applyRetention()` or the daily one)
   * erases anything, with what it is about to do; not called when there is nothing to erase. If
   * it throws, nothing is erased and the error propagates (the daily run: a warning notice).
   */
  beforeRetention?: (plan: RetentionPlan) => Promise<void>
  /** Called inside the write queue before `setRetention` writes; if it throws, nothing changes. */
  beforeRetentionSetting?: (from: RetentionSetting, to: RetentionSetting) => Promise<void>
  /**
   * The street's time zone (its settings live in a collection the services register), read at
   * each retention run: the cutoff is "N months ago" on the street's calendar. Absent or failing:
   * Asia/Shanghai.
   */
  timeZone?: () => Promise<string | undefined>
}

/**
 * The database: an engine (write queue, durable files, lock, summary, backups) with registered
 * collections, and the facade the services use. Every write is durable before memory changes; a
 * failed write throws AppError('WRITE_FAILED') with memory unchanged. Every record carries a
 * `revision` the data layer sets; `expectRevision` refuses a stale write with CONFLICT.
 */
export interface Database {
  readonly dataDir: string
  /** Generic access to a registered collection (throws for an unknown name). */
  collection<T extends StoredRecord>(name: string): Collection<T>
  /** Whether the collection is registered (data-only tools and the bench open only some). */
  hasCollection(name: string): boolean
  /** Called after every commit; returns the unsubscribe function. ids [] = anything may have changed. */
  onChange(listener: (e: ChangeEvent) => void): () => void
  communities(): Community[]
  community(id: string): Community | undefined
  /** Per-month counts of one community, from the summary (never scans records). */
  countsOf(communityId: string): Readonly<Record<string, MonthCounts>>
  /** Total demands held for known communities, from the summary. */
  demandTotal(): number
  /** One community-month of demands; loads its file on first use, then serves from memory. */
  readPartition(communityId: string, month: string): Promise<readonly Demand[]>
  /**
   * Finds a demand by id, loading only the partition its id names; an id from before a month move
   * finds the record under its new id (demand-moves.json keeps the aliases).
   */
  getDemand(id: string): Promise<Demand | undefined>
  /**
   * Moves a demand to another partition (its received month or community changed): `next` carries
   * the new id (naming the new partition) and every other field. One logical write: a journal
   * entry (demand-moves.json, `pending`) first, then the new partition (the commit point), then
   * the old one, then the entry marked `done` (kept as the old id's alias). A crash anywhere
   * leaves the demand in exactly one partition after the next open (finished or undone there);
   * a failed write is taken back (WRITE_FAILED, nothing moved). Revision checked and + 1.
   */
  moveDemand(fromId: string, next: Unsaved<Demand>, options?: WriteOptions): Promise<Demand>
  /** Inserts (revision 1) or replaces (revision + 1) a demand; returns it as stored. */
  saveDemand(demand: Unsaved<Demand>, options?: WriteOptions): Promise<Demand>
  /**
   * Bulk write of demands, all or nothing: grouped by partition, one durable write per partition
   * (through the queue, counts updated). `insert`: every id must be new (CONFLICT otherwise);
   * `replace`: every id must exist (its revision + 1). If a partition write fails, the partitions
   * already written are put back (WRITE_FAILED, memory and disk as before). Not atomic against a
   * crash between partitions: callers that need that make the batch idempotent (e.g. import
   * fingerprints). `keepRevision` (replace only): a migration of stored records (e.g. case numbers
   * for old records), not an edit: revisions stay, so nobody's read goes stale. Returns the
   * records as stored, in input order.
   */
  putDemands(demands: Unsaved<Demand>[], options: { mode: 'insert' | 'replace'; keepRevision?: boolean }): Promise<Demand[]>
  /** Erases a demand from its partition and every backup copy; returns it, or undefined. */
  deleteDemand(id: string, options?: WriteOptions): Promise<Demand | undefined>
  /**
   * Bulk path (sample street): adds communities and writes each of their partitions once,
   * replacing any partition file already there, then the communities file (the commit point).
   */
  addCommunities(communities: Unsaved<Community>[], demands: Unsaved<Demand>[]): Promise<void>
  /**
   * Inserts or replaces one community (by id) in communities.json: one durable write, memory
   * changed only after it. A new community also gets its (empty) demands folder, taken back if
   * the write fails. Returns it as stored.
   */
  saveCommunity(community: Unsaved<Community>, options?: WriteOptions): Promise<Community>
  /**
   * Removes the demands of one community matching `drop`, one durable write per partition that
   * changes (through the queue; counts updated). Backup copies are left as they are (used by the
   * sample removal, which takes a backup first). Returns how many were removed.
   */
  removeDemandsWhere(communityId: string, drop: (d: Demand) => boolean): Promise<number>
  /** Removes communities with all their partitions (every community-scoped collection) and counts. */
  removeCommunities(ids: string[]): Promise<{ communities: number; demands: number }>
  notices(): DataNotice[]
  dismissNotice(id: string): boolean
  /** Copies every data file to backups/<YYYYMMDD-HHmmss>/, keeping the newest 10. */
  backup(reason?: BackupReason): Promise<string>
  backups(): Promise<Array<BackupMeta & { id: string }>>
  /** Validates a backup completely, takes a safety backup, swaps the files in, reloads memory. */
  restore(id: string): Promise<RestoreOutcome>
  retention(): Promise<RetentionSetting>
  setRetention(setting: RetentionSetting): Promise<RetentionSetting>
  applyRetention(): Promise<RetentionOutcome>
  /** Resolves when every write queued so far (incl. the daily backup queued at open) is done. */
  whenIdle(): Promise<void>
  /** Saves the lazily kept summary now instead of after its debounce, then waits for the queue. */
  flush(): Promise<void>
  /** Waits for pending writes, saves the summary (marked clean), backs up (unless `backup: false`), unlocks. */
  close(options?: CloseOptions): Promise<void>
}

export interface CloseOptions {
  /** default true: an 'exit' backup */
  backup?: boolean
}

