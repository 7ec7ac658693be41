import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { Community, DataNotice, Demand, MonthCounts } from '../../shared/domain/entities'
import type { CloseOptions, Database, OpenDatabaseOptions } from './database-api'
import type { BackupMeta, BackupReason } from './backups'
import { communitiesCollection, demandMovesCollection, demandsCollection, DEMAND_MOVES, identityCodec, type DemandMove } from './builtin'
import {
  serializeFile,
  staleRevision,
  type Collection,
  type CollectionDescriptor,
  type StoredRecord,
  type Unsaved,
  type WriteOptions,
} from './collection'
import { Engine, forEachLimited, fsReason, writeFailed, type ChangeEvent } from './engine'
import { isCommunity } from './file-schemas'
import { writeFileDurable } from './durable-file'
import { DIR_MODE, nodeFs } from './fs-ops'
import { loadState, verifyPartitions } from './heal'
import { acquireLock } from './lock'
import { Maintenance, type RestoreOutcome, type RetentionOutcome, type RetentionSetting } from './maintenance'
import { DEMANDS_DIR, absPath, parseDemandId } from './paths'
import { toLocalIso } from '../../shared/domain/month'
import { CollectionStore } from './store'

export { ERASED_NAME, identityCodec, type DemandCodec } from './builtin'
export { RESTORE_MARKER, RETENTION_FILE } from './paths'
export type { ChangeEvent } from './engine'
export type { RestoreOutcome, RetentionOutcome, RetentionPlan, RetentionSetting } from './maintenance'

export type { CloseOptions, Database, OpenDatabaseOptions } from './database-api'

const MAINTENANCE_CHECK_MS = 60 * 60_000
const WRITE_CONCURRENCY = 8
/** The work queued behind the open starts this long after it (or at the first queued operation). */
const BEHIND_OPEN_DELAY_MS = 2_000

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const descriptors = new Map<string, CollectionDescriptor<never>>()
  for (const d of [
    communitiesCollection(),
    demandsCollection(options.codec ?? identityCodec),
    demandMovesCollection(),
    ...(options.collections ?? []),
  ] as CollectionDescriptor<never>[]) {
    descriptors.set(d.name, d)
  }
  const engine = new Engine(options.dataDir, options.fs ?? nodeFs, options.now ?? (() => new Date()))
  const db = new YishiDatabase(engine, [...descriptors.values()] as unknown as CollectionDescriptor[], options)
  await db.open()
  return db
}

class YishiDatabase implements Database {
  private readonly stores = new Map<string, CollectionStore<StoredRecord>>()
  private readonly maint: Maintenance
  private timer: ReturnType<typeof setInterval> | null = null
  private deferTimer: ReturnType<typeof setTimeout> | null = null
  private maintainedDay = ''
  private healQueued = false

  constructor(
    private readonly engine: Engine,
    descriptors: CollectionDescriptor[],
    private readonly options: Pick<OpenDatabaseOptions, 'manifestExtra' | 'beforeRetention' | 'beforeRetentionSetting' | 'timeZone'> = {},
  ) {
    for (const d of descriptors) this.stores.set(d.name, new CollectionStore(d, engine))
    this.maint = new Maintenance(engine, [...this.stores.values()], {
      backupMeta: () => {
        let extra: Record<string, unknown> | undefined
        try {
          extra = options.manifestExtra?.()
        } catch {
          extra = undefined // the caller's metadata is not worth losing the backup over
        }
        return { communities: this.communityList().length, demands: this.demandTotal(), ...(extra ? { extra } : {}) }
      },
      beforeRetention: options.beforeRetention,
      timeZone: options.timeZone,
      reload: () => loadState(engine, [...this.stores.values()], false).then(() => undefined),
    })
    for (const store of this.stores.values()) {
      store.eraseFromBackups = (partition, ids) => this.maint.eraseFromBackups(store, partition, ids)
      store.onRepaired = async (partition, items) => {
        // The file changed under the summary: recount it (saved later).
        await engine.counted(store.d, partition, items)
      }
    }
  }

  get dataDir(): string {
    return this.engine.dataDir
  }

  private get demands(): CollectionStore<Demand> {
    return this.stores.get('demands') as unknown as CollectionStore<Demand>
  }

  private get communityStore(): CollectionStore<Community> {
    return this.stores.get('communities') as unknown as CollectionStore<Community>
  }

  private communityList(): Community[] {
    return this.communityStore.cached('') ?? []
  }

  async open(): Promise<void> {
    const { engine } = this
    const stores = [...this.stores.values()]
    await engine.fs.mkdir(join(engine.dataDir, DEMANDS_DIR), DIR_MODE)
    engine.lock = await acquireLock(engine.fs, engine.dataDir, engine.now())
    let fast: boolean
    try {
      const stale = engine.lock.tookOver
      if (stale) {
        engine.notify(
          'info',
          stale.pid
            ? `上次议事台未正常退出（进程 ${stale.pid}），已接管数据目录并检查了数据完整性。`
            : '上次议事台未正常退出，已接管数据目录并检查了数据完整性。',
        )
      }
      const restored = await this.maint.finishPendingRestore()
      // Clean-shutdown fast path (README "Startup"): trusted only after a close() of the last
      // run (summary.json says cleanClose and no stale lock was taken over).
      fast = await loadState(engine, stores, !stale && !restored)
      if (!fast) await this.maint.removeStrayTempFiles({ live: true, inBackups: true, notMine: false })
      // A month move cut short by a crash is finished or undone before anything reads demands.
      await this.finishMoves()
    } catch (err) {
      await engine.lock.release()
      throw err
    }
    // Behind the open, through the write queue (whenIdle()): after a fast open the stat check of
    // every counted partition and the temp sweep; then the daily backup and retention. Started
    // BEHIND_OPEN_DELAY_MS after the open, or at once by the first queued operation (a write,
    // whenIdle(), close()…), so the first screen's reads do not share the CPU and the disk with it.
    this.maintainedDay = engine.today()
    engine.deferred = () => {
      if (fast) {
        engine
          .enqueue(async () => {
            await verifyPartitions(engine, stores)
            await this.maint.removeStrayTempFiles({ live: true, inBackups: true, notMine: true })
          })
          .catch(() => undefined)
      }
      engine.enqueue(() => this.maintenance()).catch(() => undefined)
    }
    this.deferTimer = setTimeout(() => engine.startDeferred(), BEHIND_OPEN_DELAY_MS)
    this.deferTimer.unref()
    this.timer = setInterval(() => {
      if (engine.today() !== this.maintainedDay) {
        this.maintainedDay = engine.today()
        engine.enqueue(() => this.maintenance()).catch(() => undefined)
      }
    }, MAINTENANCE_CHECK_MS)
    this.timer.unref()
  }

  /** Once a day (at open, then checked hourly): a backup if none today, and the retention rule. */
  private async maintenance(): Promise<void> {
    this.maintainedDay = this.engine.today()
    await this.maint.dailyBackup()
    try {
      const setting = await this.maint.readRetention()
      if (setting.personalDataMonths !== null) await this.maint.retentionNow(setting.personalDataMonths)
    } catch (err) {
      this.engine.notify('warning', `个人信息保留期限未能按时执行（${fsReason(err)}），将在下次启动或明天重试。`)
    }
  }

  collection<T extends StoredRecord>(name: string): Collection<T> {
    const store = this.stores.get(name)
    if (!store) throw new Error(`unknown collection: ${name}`)
    return store as unknown as Collection<T>
  }

  onChange(listener: (e: ChangeEvent) => void): () => void {
    return this.engine.onChange(listener)
  }

  communities(): Community[] {
    return structuredClone(this.communityList())
  }

  community(id: string): Community | undefined {
    const c = this.communityList().find((x) => x.id === id)
    return c ? structuredClone(c) : undefined
  }

  countsOf(communityId: string): Readonly<Record<string, MonthCounts>> {
    const months = this.engine.summary.monthsOf(communityId)
    if (this.engine.summary.damaged && !this.healQueued) {
      // A damaged part of summary.json met lazily: recount those partitions behind this read.
      this.healQueued = true
      this.engine.notify('warning', '统计汇总文件 summary.json 有部分内容损坏，已根据诉求数据重新统计。', 'summary.json')
      this.engine
        .enqueue(() => verifyPartitions(this.engine, [...this.stores.values()]))
        .finally(() => (this.healQueued = false))
        .catch(() => undefined)
    }
    return months
  }

  demandTotal(): number {
    let total = 0
    for (const c of this.communityList()) total += this.engine.summary.totalOf(c.id)
    return total
  }

  async readPartition(communityId: string, month: string): Promise<readonly Demand[]> {
    return this.demands.partition(`${communityId}/${month}`)
  }

  private get moves(): CollectionStore<DemandMove> {
    return this.stores.get(DEMAND_MOVES) as unknown as CollectionStore<DemandMove>
  }

  async getDemand(id: string): Promise<Demand | undefined> {
    const found = await this.demands.get(id)
    if (found) return found
    // Moved to another month (new id): the journal's alias leads to it (a few hops at most).
    let at = id
    for (let hop = 0; hop < 8; hop++) {
      const move = this.moves.cached('')?.find((m) => m.id === at && m.state === 'done')
      if (!move) return undefined
      at = move.to
      const moved = await this.demands.get(at)
      if (moved) return moved
    }
    return undefined
  }

  moveDemand(fromId: string, next: Unsaved<Demand>, options: WriteOptions = {}): Promise<Demand> {
    const { demands, moves } = this
    return this.engine.enqueue(async () => {
      const from = demands.d.partitionOfId!(fromId)
      const to = demands.d.partitionOf(next as Demand)
      const at = parseDemandId(next.id)
      if (from === null || !at || at.communityId !== next.communityId || from === to) throw new Error(`not a move: ${fromId} -> ${next.id}`)
      const source = await demands.partition(from)
      const current = source.find((d) => d.id === fromId)
      if (options.expectRevision !== undefined && current?.revision !== options.expectRevision) {
        throw staleRevision(demands.d as unknown as CollectionDescriptor, current)
      }
      if (!current) throw new AppError('NOT_FOUND', '未找到该诉求')
      const target = await demands.partition(to)
      if (target.some((d) => d.id === next.id)) throw new AppError('CONFLICT', '诉求编号重复，未保存')
      const stored = { ...structuredClone(next), revision: current.revision + 1 } as Demand
      if (!demands.d.isRecord(stored)) throw new AppError('VALIDATION', '诉求数据不完整，未保存')
      const stamp = toLocalIso(this.engine.now())
      // 1. the intent, durably, before anything moves (a crash after it is finished at the next open)
      await moves.saveNow({ id: fromId, to: next.id, state: 'pending', at: stamp })
      const targetAfter = [...target, stored]
      try {
        // 2. the commit point: the record in its new partition
        await demands.write(to, targetAfter, target, null)
      } catch (err) {
        await this.dropMove(fromId).catch(() => undefined)
        throw err
      }
      try {
        // 3. the old copy goes
        await demands.write(
          from,
          source.filter((d) => d.id !== fromId),
          source,
          null,
        )
      } catch (err) {
        // Not reported as saved: take the new copy back (else the next open finishes the move).
        try {
          await demands.write(to, [...target], targetAfter, null)
          await this.dropMove(fromId).catch(() => undefined)
        } catch {
          // the pending journal entry makes the next open finish the move
        }
        throw writeFailed(err)
      }
      // 4. done; if this write fails the next open marks it (the move itself is complete)
      await moves.saveNow({ id: fromId, to: next.id, state: 'done', at: stamp }).catch(() => undefined)
      this.engine.emit('demands', [fromId, next.id])
      return structuredClone(stored)
    })
  }

  /** Removes a journal entry (inside the queue: the store's delete() would wait for it). */
  private async dropMove(id: string): Promise<void> {
    const items = this.moves.cached('') ?? []
    if (items.some((m) => m.id === id)) await this.moves.write('', items.filter((m) => m.id !== id), items, null)
  }

  /** Journal entries left `pending` by a crash: finished if the new copy exists, else dropped. */
  private async finishMoves(): Promise<void> {
    const { demands, moves } = this
    for (const move of (moves.cached('') ?? []).filter((m) => m.state === 'pending')) {
      try {
        const landed = await demands.get(move.to)
        if (!landed) {
          await this.dropMove(move.id)
          continue
        }
        const from = demands.d.partitionOfId!(move.id)
        if (from !== null) {
          const items = await demands.partition(from)
          if (items.some((d) => d.id === move.id)) {
            await demands.write(
              from,
              items.filter((d) => d.id !== move.id),
              items,
              [move.id],
            )
          }
        }
        await moves.saveNow({ ...move, state: 'done' })
        this.engine.notify('info', `上次退出前有一条诉求正在更正受理月份，已完成该操作（${move.to}）。`)
      } catch (err) {
        this.engine.notify('warning', `一条诉求的受理月份更正未能完成（${fsReason(err)}），将在下次启动时重试。`)
      }
    }
  }

  saveDemand(demand: Unsaved<Demand>, options?: WriteOptions): Promise<Demand> {
    const at = parseDemandId(demand.id)
    if (!at || at.communityId !== demand.communityId) return Promise.reject(new Error(`demand id does not match: ${demand.id}`))
    return this.demands.save(demand, options)
  }

  deleteDemand(id: string, options?: WriteOptions): Promise<Demand | undefined> {
    return this.demands.delete(id, options)
  }

  putDemands(demands: Unsaved<Demand>[], options: { mode: 'insert' | 'replace'; keepRevision?: boolean }): Promise<Demand[]> {
    const store = this.demands
    return this.engine.enqueue(async () => {
      const groups = new Map<string, Unsaved<Demand>[]>()
      for (const d of demands) {
        const at = parseDemandId(d.id)
        if (!at || at.communityId !== d.communityId) throw new Error(`demand id does not match: ${d.id}`)
        const p = `${at.communityId}/${at.month}`
        groups.set(p, [...(groups.get(p) ?? []), d])
      }
      // Everything is checked and built before the first write.
      const plan: Array<{ p: string; next: Demand[]; previous: readonly Demand[] }> = []
      const stored = new Map<string, Demand>()
      for (const [p, list] of groups) {
        const previous = await store.partition(p)
        let next = [...previous]
        for (const d of list) {
          const index = next.findIndex((r) => r.id === d.id)
          if (options.mode === 'insert' ? index >= 0 || stored.has(d.id) : index < 0) {
            throw new AppError('CONFLICT', options.mode === 'insert' ? '诉求编号重复，未保存' : '该诉求已被他人删除，请重新加载后再操作')
          }
          const revision = index < 0 ? 1 : options.keepRevision ? next[index].revision : next[index].revision + 1
          const record = { ...structuredClone(d), revision } as Demand
          if (!store.d.isRecord(record)) throw new AppError('VALIDATION', '诉求数据不完整，未保存')
          next = index >= 0 ? next.with(index, record) : [...next, record]
          stored.set(record.id, record)
        }
        plan.push({ p, next, previous })
      }
      const written: typeof plan = []
      try {
        for (const step of plan) {
          await store.write(step.p, step.next, step.previous, null)
          written.push(step)
        }
      } catch (err) {
        // Take back what was written, newest first, so nothing is half-saved.
        for (const step of written.reverse()) {
          try {
            await store.write(step.p, [...step.previous], step.next, null)
          } catch {
            // disk and memory still agree for that partition (memory follows a successful write only)
          }
        }
        throw writeFailed(err)
      }
      this.engine.emit('demands', [...stored.keys()])
      return demands.map((d) => structuredClone(stored.get(d.id)!))
    })
  }

  addCommunities(communities: Unsaved<Community>[], demands: Unsaved<Demand>[]): Promise<void> {
    const { engine } = this
    return engine.enqueue(async () => {
      const ids = new Set(communities.map((c) => c.id))
      if (this.communityList().some((c) => ids.has(c.id))) throw new AppError('CONFLICT', '社区已存在')
      const groups = new Map<string, Demand[]>()
      for (const d of demands) {
        const at = parseDemandId(d.id)
        if (!at || !ids.has(at.communityId) || at.communityId !== d.communityId) {
          throw new Error(`demand does not belong to the added communities: ${d.id}`)
        }
        const p = `${at.communityId}/${at.month}`
        const list = groups.get(p) ?? []
        list.push({ ...d, revision: 1 } as Demand)
        groups.set(p, list)
      }
      const store = this.communityStore
      const previous = this.communityList()
      const nextList = [...previous, ...communities.map((c) => ({ ...structuredClone(c), revision: 1 }) as Community)]
      await engine.beforeLiveWrite()
      try {
        for (const id of ids) await engine.fs.mkdir(join(engine.dataDir, DEMANDS_DIR, id), DIR_MODE)
        await forEachLimited([...groups], WRITE_CONCURRENCY, async ([p, items]) => {
          await writeFileDurable(engine.fs, absPath(engine.dataDir, this.demands.rel(p)), serializeFile(this.demands.d, items))
        })
        await engine.commit(store.rel(''), serializeFile(store.d, nextList), serializeFile(store.d, previous))
        store.remember('', nextList)
      } catch (err) {
        // Not committed (the communities file is the commit point): take the partitions back,
        // unless communities.json could not be rolled back (then disk is fully new).
        if (!(err as { rollbackFailed?: boolean }).rollbackFailed) {
          for (const id of ids) await engine.fs.rm(join(engine.dataDir, DEMANDS_DIR, id)).catch(() => undefined)
        }
        throw writeFailed(err)
      }
      for (const [p, items] of groups) {
        this.demands.remember(p, items)
        await engine.counted(this.demands.d, p, items)
      }
      engine.emit('communities', [...ids])
      engine.emit('demands', [])
    })
  }

  saveCommunity(community: Unsaved<Community>, options: WriteOptions = {}): Promise<Community> {
    const { engine } = this
    return engine.enqueue(async () => {
      if (!isCommunity(community)) throw new Error(`invalid community: ${community.id}`)
      const current = this.communityList().find((c) => c.id === community.id)
      if (options.expectRevision !== undefined && current?.revision !== options.expectRevision) {
        throw staleRevision(this.communityStore.d as unknown as CollectionDescriptor, current)
      }
      const dir = join(engine.dataDir, DEMANDS_DIR, community.id)
      try {
        // Before the commit point, so a demand can be recorded as soon as the community exists.
        await engine.fs.mkdir(dir, DIR_MODE)
      } catch (err) {
        throw writeFailed(err)
      }
      try {
        return await this.communityStore.saveNow(community, options)
      } catch (err) {
        // A new community's folder is still empty: take it back unless disk kept the new list.
        if (!current && !(err as { rollbackFailed?: boolean }).rollbackFailed) await engine.fs.rm(dir).catch(() => undefined)
        throw err
      }
    })
  }

  removeDemandsWhere(communityId: string, drop: (d: Demand) => boolean): Promise<number> {
    return this.engine.enqueue(async () => {
      let removed = 0
      for (const month of Object.keys(this.engine.summary.monthsOf(communityId))) {
        const p = `${communityId}/${month}`
        const items = await this.demands.partition(p)
        const gone = items.filter(drop)
        if (!gone.length) continue
        await this.demands.write(
          p,
          items.filter((d) => !drop(d)),
          items,
          gone.map((d) => d.id),
        )
        removed += gone.length
      }
      return removed
    })
  }

  removeCommunities(ids: string[]): Promise<{ communities: number; demands: number }> {
    const { engine } = this
    return engine.enqueue(async () => {
      const gone = new Set(ids)
      const store = this.communityStore
      const previous = this.communityList()
      const nextList = previous.filter((c) => !gone.has(c.id))
      await engine.commit(store.rel(''), serializeFile(store.d, nextList), serializeFile(store.d, previous))
      store.remember('', nextList)
      let demands = 0
      for (const id of gone) demands += engine.summary.totalOf(id)
      for (const s of this.stores.values()) {
        const communityOf = s.d.communityOf
        if (!communityOf || 'file' in s.d.layout) continue
        const folder = s.d.layout.folder
        // Best effort: leftovers belong to no community and are ignored (and removed next time).
        for (const id of gone) await engine.fs.rm(join(engine.dataDir, ...folder.split('/'), id)).catch(() => undefined)
        s.forget((p) => gone.has(communityOf(p) ?? ''))
        for (const rel of engine.summary.statRels()) {
          if (gone.has(rel.split('/')[1] ?? '') && rel.startsWith(`${folder}/`)) engine.summary.setStat(rel, null)
        }
        engine.emit(s.name, [])
      }
      for (const id of gone) engine.summary.dropCommunity(id)
      engine.summaryChanged()
      engine.emit('communities', ids)
      return { communities: previous.length - nextList.length, demands }
    })
  }

  notices(): DataNotice[] {
    return this.engine.notices()
  }

  dismissNotice(id: string): boolean {
    return this.engine.dismissNotice(id)
  }

  backup(reason: BackupReason = 'manual'): Promise<string> {
    return this.engine.enqueue(async () => {
      try {
        return await this.maint.createBackupNow(reason)
      } catch (err) {
        throw new AppError('WRITE_FAILED', `备份失败：${fsReason(err)}，数据本身未受影响`)
      }
    })
  }

  backups(): Promise<Array<BackupMeta & { id: string }>> {
    return this.maint.backups()
  }

  restore(id: string): Promise<RestoreOutcome> {
    return this.engine.enqueue(() => this.maint.restore(id))
  }

  retention(): Promise<RetentionSetting> {
    return this.engine.enqueue(() => this.maint.readRetention())
  }

  setRetention(setting: RetentionSetting): Promise<RetentionSetting> {
    return this.engine.enqueue(async () => {
      if (this.options.beforeRetentionSetting) {
        await this.options.beforeRetentionSetting(await this.maint.readRetention(), { personalDataMonths: setting.personalDataMonths })
      }
      return this.maint.writeRetention(setting)
    })
  }

  applyRetention(): Promise<RetentionOutcome> {
    return this.engine.enqueue(async () => {
      const { personalDataMonths } = await this.maint.readRetention()
      if (personalDataMonths === null) return { months: null, erased: 0, backupsDeleted: 0, backupsRewritten: 0 }
      return this.maint.retentionNow(personalDataMonths)
    })
  }

  async whenIdle(): Promise<void> {
    await this.engine.enqueue(async () => undefined)
  }

  async flush(): Promise<void> {
    this.engine.cancelFlushTimer()
    await this.engine.enqueue(async () => {
      if (this.engine.summaryDirty) await this.engine.flushSummary()
    })
  }

  async close(options: CloseOptions = {}): Promise<void> {
    const { engine } = this
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (this.deferTimer) clearTimeout(this.deferTimer)
    engine.cancelFlushTimer()
    // The summary is saved marked cleanClose, so the next open can trust it without a heal. If
    // that save fails the file on disk is not marked (beforeLiveWrite), and the next open heals.
    await engine.enqueue(async () => {
      if (engine.summaryDirty || !engine.diskSummaryClean) await engine.flushSummary(true)
    })
    try {
      if (options.backup !== false) await this.backup('exit')
    } finally {
      engine.cancelFlushTimer()
      await engine.lock?.release()
    }
  }
}
