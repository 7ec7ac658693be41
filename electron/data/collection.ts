import type { MonthCounts } from '../../shared/domain/entities'
import { CorruptFileError } from './durable-file'
import { AppError } from '../../shared/contract/errors'
import { migrateWith, type MigrationStep } from './migrations'

// A collection is described by a descriptor and stored by the engine (engine.ts): one JSON file
// per partition, `{ schemaVersion, [itemsKey]: records }`, written durably through the write
// queue. Every record has an `id` and a `revision` the engine sets (new record: 1, +1 per write).

export interface StoredRecord {
  id: string
  revision: number
}

/** A record as a caller hands it in: the data layer sets `revision`. */
export type Unsaved<T extends StoredRecord> = Omit<T, 'revision'> & { revision?: number }

export interface WriteOptions {
  /** The revision the caller read. A different stored revision is refused with CONFLICT. */
  expectRevision?: number
  /**
   * delete only: leave the record in the backup copies (a record without personal data removed
   * after a backup was taken for it, e.g. a meeting: that backup is the way back). Default: erased.
   */
  keepInBackups?: boolean
}

/** Transforms records on their way to / from disk (e.g. encrypting personal fields). */
export interface RecordCodec<T> {
  encode(record: T): unknown
  /** An AppError propagates (a wrong key must not quarantine files); any other throw = corrupt. */
  decode(stored: unknown): T
}

export interface CollectionDescriptor<T extends StoredRecord = StoredRecord> {
  /** `db.collection(name)`, change events, messages. Unique. */
  name: string
  /** zh-CN noun for messages, e.g. '诉求' (该诉求已于 … 被他人修改). */
  label: string
  /**
   * Where its files live, relative to the data folder: `{ folder }`, one file per partition at
   * `<folder>/<partition>.json` (a partition may contain '/', e.g. 'cA/2026-05'); or `{ file }`,
   * one file holding the whole collection (partition '').
   */
  layout: { folder: string } | { file: string }
  /** The key of the record array inside a file. Default 'items'. */
  itemsKey?: string
  /** The partition a record belongs to (its file). Must not change between writes of one id. */
  partitionOf(record: T): string
  /** The partition named by an id alone (get/save/delete read one file); absent: files are scanned. */
  partitionOfId?(id: string): string | null
  /** Whether a partition name found on disk is one of this collection's (default: any). */
  isPartition?(partition: string): boolean
  /** Steps lifting a file from version N to N+1; the current schemaVersion is their number. */
  migrations: readonly MigrationStep[]
  /** Checks one decoded, migrated record (revision is checked by the engine). false = corrupt file. */
  isRecord(record: unknown): boolean
  codec?: RecordCodec<T>
  /** Loaded at open and kept in memory (small collections read synchronously, e.g. communities). */
  preload?: boolean
  /**
   * Backed up, but a restore leaves the live file as it is: it describes this installation, not
   * the records (operator accounts: a backup from before an account was disabled or its secret
   * reset must not bring that back). Like the audit log.
   */
  keptAtRestore?: boolean
  /** Derived counts kept in summary.json (summary v2 holds one such collection: community × month). */
  counts?: {
    slot(partition: string): { communityId: string; month: string } | null
    /** the inverse of slot */
    partitionOfSlot(communityId: string, month: string): string
    count(items: readonly T[]): MonthCounts | null
  }
  /** The community a partition belongs to: removeCommunities removes those files. */
  communityOf?(partition: string): string | null
  /** Personal-data retention: which partitions may hold due records, and the erasure. */
  retention?: {
    due(partition: string, cutoffMonth: string): boolean
    /** The record with personal data erased, or null when nothing is due/left to erase. */
    erase(record: T, cutoff: Date): T | null
  }
}

/** Generic access to one registered collection. Writes go through the engine's queue. */
export interface Collection<T extends StoredRecord> {
  readonly name: string
  get(id: string): Promise<T | undefined>
  /** Records of one partition, or of all partitions (loads every file: small collections only). */
  list(partition?: string): Promise<T[]>
  find(predicate: (record: T) => boolean, partition?: string): Promise<T[]>
  /**
   * `pick` applied to each record of one partition (or of all), without copying the records
   * first: for read-only summaries of many records (the rates' task index). `pick` must not
   * change the record it is given nor return it or any object or array inside it.
   */
  pluck<R>(pick: (record: Readonly<T>) => R, partition?: string): Promise<R[]>
  /** Insert (revision 1) or replace (revision + 1); returns the stored record. */
  save(record: Unsaved<T>, options?: WriteOptions): Promise<T>
  /** Removes a record (also from every backup copy of its file); returns it, or undefined. */
  delete(id: string, options?: WriteOptions): Promise<T | undefined>
}

export function relOf(d: CollectionDescriptor<never> | CollectionDescriptor, partition: string): string {
  return 'file' in d.layout ? d.layout.file : `${d.layout.folder}/${partition}.json`
}

/** The partition a data-folder-relative path is a file of, or null. */
export function partitionOfRel(d: CollectionDescriptor, rel: string): string | null {
  if ('file' in d.layout) return rel === d.layout.file ? '' : null
  const prefix = `${d.layout.folder}/`
  if (!rel.startsWith(prefix) || !rel.endsWith('.json')) return null
  const partition = rel.slice(prefix.length, -'.json'.length)
  if (!partition || partition.split('/').some((s) => !s || s.startsWith('.'))) return null
  return !d.isPartition || d.isPartition(partition) ? partition : null
}

export const itemsKeyOf = (d: CollectionDescriptor) => d.itemsKey ?? 'items'
export const versionOf = (d: CollectionDescriptor) => d.migrations.length

/**
 * Migrates, decodes and validates parsed file content; any schema failure is a CorruptFileError.
 * A newer schemaVersion throws NewerVersionError (never corrupt).
 */
export function checkFile<T extends StoredRecord>(
  d: CollectionDescriptor<T>,
  rel: string,
  raw: unknown,
): { items: T[]; migrated: boolean } {
  const { data, migrated } = migrateWith(d.migrations, rel, raw)
  const file = data as Record<string, unknown> | null
  const stored = file && typeof file === 'object' ? file[itemsKeyOf(d as CollectionDescriptor)] : undefined
  if (!Array.isArray(stored) || file?.schemaVersion !== d.migrations.length) throw new CorruptFileError('内容不符合数据格式')
  let items: T[]
  try {
    items = d.codec ? stored.map((s) => d.codec!.decode(s)) : (stored as T[])
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new CorruptFileError(`${d.label}记录无法解码`)
  }
  const partition = partitionOfRel(d as CollectionDescriptor, rel)
  for (const r of items) {
    const rec = r as unknown as Record<string, unknown> | null
    if (!rec || typeof rec !== 'object' || typeof rec.id !== 'string' || !isRevision(rec.revision) || !d.isRecord(r)) {
      throw new CorruptFileError('内容不符合数据格式')
    }
    const at = d.partitionOfId ? d.partitionOfId(r.id) : d.partitionOf(r)
    if (at !== partition || d.partitionOf(r) !== partition) throw new CorruptFileError(`包含不属于该文件的${d.label}记录`)
  }
  return { items, migrated }
}

/** File text of a partition in its stored form (records pass through the codec). */
export function serializeFile<T extends StoredRecord>(d: CollectionDescriptor<T>, items: readonly T[]): string {
  const stored = d.codec ? items.map((r) => d.codec!.encode(r)) : items
  return JSON.stringify({ schemaVersion: d.migrations.length, [itemsKeyOf(d as CollectionDescriptor)]: stored })
}

const isRevision = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1

/** '2026-11-30T14:05:09+08:00' -> '2026-11-30 14:05' (the wall-clock time it was written with). */
export function describeTime(iso: unknown): string | null {
  if (typeof iso !== 'string') return null
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso)
  return m ? `${m[1]} ${m[2]}` : null
}

/** CONFLICT for a stale expectRevision; names when the record was changed (its updatedAt). */
export function staleRevision(d: CollectionDescriptor, current: StoredRecord | undefined): AppError {
  if (!current) return new AppError('CONFLICT', `该${d.label}已被他人删除，请重新加载后再操作`)
  const when = describeTime((current as unknown as { updatedAt?: unknown }).updatedAt)
  return new AppError(
    'CONFLICT',
    when ? `该${d.label}已于 ${when} 被他人修改，请重新加载后再保存` : `该${d.label}已被他人修改，请重新加载后再保存`,
  )
}
