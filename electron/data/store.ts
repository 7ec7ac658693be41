import { AppError } from '../../shared/contract/errors'
import { listDataFiles } from './backups'
import {
  partitionOfRel,
  relOf,
  serializeFile,
  staleRevision,
  type Collection,
  type CollectionDescriptor,
  type StoredRecord,
  type Unsaved,
  type WriteOptions,
} from './collection'
import type { Engine } from './engine'

const PARTITION_CACHE_MAX = 512

/** removeNow's options for a journal entry done with (bulk writes, demand moves): no change event, backups left alone. */
export const JOURNAL_ENTRY_DONE = { quiet: true, keepInBackups: true } as const

/**
 * One registered collection: its partitions in memory (all of them for `preload`, else an LRU of
 * 512 loaded on first use) and the record operations. Writes run inside the engine's queue:
 * the partition file is the commit point, memory and the summary follow it, then listeners.
 */
export class CollectionStore<T extends StoredRecord> implements Collection<T> {
  private readonly cache = new Map<string, T[]>()
  private readonly loading = new Map<string, Promise<T[]>>()
  /** Called after a partition was repaired from a backup (or started empty) on load. */
  onRepaired: (partition: string, items: T[]) => Promise<void> = async () => undefined
  /** Rewrites backup copies after a delete; set by the database (maintenance.ts). */
  eraseFromBackups: (partition: string, ids: Set<string>) => Promise<void> = async () => undefined

  constructor(
    readonly d: CollectionDescriptor<T>,
    private readonly engine: Engine,
  ) {}

  get name(): string {
    return this.d.name
  }

  rel(partition: string): string {
    return relOf(this.d, partition)
  }

  clear(): void {
    this.cache.clear()
  }

  /** Forgets cached partitions matching `which` (their files were removed). */
  forget(which: (partition: string) => boolean): void {
    for (const p of [...this.cache.keys()]) if (which(p)) this.cache.delete(p)
  }

  /** Cached items of a partition, if loaded (preloaded collections: always). */
  cached(partition: string): T[] | undefined {
    return this.cache.get(partition)
  }

  /** Partitions that have a file in the data folder (or in a backup root). */
  async partitions(root = this.engine.dataDir): Promise<string[]> {
    const out: string[] = []
    for (const rel of await listDataFiles(this.engine.fs, root)) {
      const p = partitionOfRel(this.d as unknown as CollectionDescriptor, rel)
      if (p !== null) out.push(p)
    }
    return out
  }

  partition(partition: string): Promise<T[]> {
    const cached = this.cache.get(partition)
    if (cached) {
      if (!this.d.preload) this.remember(partition, cached) // refresh LRU position
      return Promise.resolve(cached)
    }
    const pending = this.loading.get(partition)
    if (pending) return pending
    const load = (async () => {
      const { items, repaired } = await this.engine.loadPartition(this.d, partition)
      const list = items ?? []
      if (repaired) await this.onRepaired(partition, list)
      if (!this.cache.has(partition)) this.remember(partition, list)
      return this.cache.get(partition) ?? list
    })()
    this.loading.set(partition, load)
    return load.finally(() => this.loading.delete(partition))
  }

  remember(partition: string, items: T[]): void {
    this.cache.delete(partition)
    this.cache.set(partition, items)
    if (this.d.preload) return
    while (this.cache.size > PARTITION_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!)
  }

  /** Commits a partition's new items: file first, then memory, counts and listeners (`ids`; null: none). */
  async write(partition: string, next: T[], previous: readonly T[], ids: string[] | null): Promise<void> {
    await this.engine.commit(this.rel(partition), serializeFile(this.d, next), serializeFile(this.d, previous))
    this.remember(partition, next)
    await this.engine.counted(this.d, partition, next)
    if (ids) this.engine.emit(this.name, ids)
  }

  private async locate(id: string): Promise<string | null> {
    if ('file' in this.d.layout) return ''
    if (this.d.partitionOfId) return this.d.partitionOfId(id)
    for (const p of await this.partitions()) {
      if ((await this.partition(p)).some((r) => r.id === id)) return p
    }
    return null
  }

  async get(id: string): Promise<T | undefined> {
    const p = await this.locate(id)
    if (p === null) return undefined
    const found = (await this.partition(p)).find((r) => r.id === id)
    return found ? structuredClone(found) : undefined
  }

  async list(partition?: string): Promise<T[]> {
    const parts = partition !== undefined ? [partition] : 'file' in this.d.layout ? [''] : await this.partitions()
    const out: T[] = []
    for (const p of parts) out.push(...(await this.partition(p)))
    return structuredClone(out)
  }

  async pluck<R>(pick: (record: Readonly<T>) => R, partition?: string): Promise<R[]> {
    const parts = partition !== undefined ? [partition] : 'file' in this.d.layout ? [''] : await this.partitions()
    const out: R[] = []
    for (const p of parts) for (const r of await this.partition(p)) out.push(pick(r))
    return out
  }

  async find(predicate: (record: T) => boolean, partition?: string): Promise<T[]> {
    return (await this.list(partition)).filter(predicate)
  }

  save(record: Unsaved<T>, options: WriteOptions = {}): Promise<T> {
    return this.engine.enqueue(() => this.saveNow(record, options))
  }

  /** save() inside the queue (for callers already in it). */
  async saveNow(record: Unsaved<T>, options: WriteOptions = {}): Promise<T> {
    const draft = record as unknown as T
    const partition = this.d.partitionOf(draft)
    if (this.d.partitionOfId && this.d.partitionOfId(draft.id) !== partition) {
      throw new Error(`${this.name}: id ${draft.id} does not name partition ${partition}`)
    }
    const items = await this.partition(partition)
    const index = items.findIndex((r) => r.id === draft.id)
    const current = index >= 0 ? items[index] : undefined
    if (options.expectRevision !== undefined && current?.revision !== options.expectRevision) {
      throw staleRevision(this.d as unknown as CollectionDescriptor, current)
    }
    const stored = { ...structuredClone(record), revision: (current?.revision ?? 0) + 1 } as T
    if (!this.d.isRecord(stored)) throw new AppError('VALIDATION', `${this.d.label}数据不完整，未保存`)
    const next = index >= 0 ? items.with(index, stored) : [...items, stored]
    await this.write(partition, next, items, [stored.id])
    return structuredClone(stored)
  }

  delete(id: string, options: WriteOptions = {}): Promise<T | undefined> {
    return this.engine.enqueue(() => this.removeNow(id, options))
  }

  /**
   * delete() inside the queue (for callers already in it). `quiet`: no change event — for a
   * journal's own entries (bulk writes, demand moves), which no screen shows.
   */
  async removeNow(id: string, options: WriteOptions & { quiet?: boolean } = {}): Promise<T | undefined> {
    const partition = await this.locate(id)
    const items = partition === null ? [] : await this.partition(partition)
    const gone = items.find((r) => r.id === id)
    if (options.expectRevision !== undefined && gone?.revision !== options.expectRevision) {
      throw staleRevision(this.d as unknown as CollectionDescriptor, gone)
    }
    if (!gone || partition === null) return undefined
    await this.write(
      partition,
      items.filter((r) => r.id !== id),
      items,
      options.quiet ? null : [id],
    )
    // Personal data must be erasable: the backup copies of this partition lose it too.
    if (!options.keepInBackups) await this.eraseFromBackups(partition, new Set([id]))
    return structuredClone(gone)
  }
}
