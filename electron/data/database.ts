import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { Community, DataNotice, Demand, MonthCounts } from '../../shared/domain/entities'
import type { CloseOptions, Database, OpenDatabaseOptions } from './database-api'
import type { BackupMeta, BackupReason } from './backups'
import { bulkWritesCollection, communitiesCollection, demandMovesCollection, demandsCollection, BULK_WRITES, DEMAND_MOVES, identityCodec, type BulkWrite, type DemandMove } from './builtin'
import { addCommunities, putDemands, removeCommunities, removeDemandsWhere, undoUnfinishedBulk } from './bulk'
import {
  staleRevision,
  type Collection,
  type CollectionDescriptor,
  type StoredRecord,
  type Unsaved,
  type WriteOptions,
} from './collection'
import { DemandMoves } from './demand-moves'
import { Engine, fsReason, writeFailed, type ChangeEvent } from './engine'
import { isCommunity } from './file-schemas'
import { DIR_MODE, nodeFs } from './fs-ops'
import { loadState, verifyPartitions } from './heal'
import { acquireLock } from './lock'
import { Maintenance, type RestoreOutcome, type RetentionOutcome, type RetentionSetting } from './maintenance'
import { DEMANDS_DIR, parseDemandId } from './paths'
import { CollectionStore } from './store'

export { ERASED_NAME, identityCodec, type DemandCodec } from './builtin'
export { RESTORE_MARKER, RETENTION_FILE } from './paths'
export type { ChangeEvent } from './engine'
export type { RestoreOutcome, RetentionOutcome, RetentionPlan, RetentionSetting } from './maintenance'

export type { CloseOptions, Database, OpenDatabaseOptions } from './database-api'

const MAINTENANCE_CHECK_MS = 60 * 60_000
/** The work queued behind the open starts this long after it (or at the first queued operation). */
const BEHIND_OPEN_DELAY_MS = 2_000

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const descriptors = new Map<string, CollectionDescriptor<never>>()
  for (const d of [
    communitiesCollection(),
    demandsCollection(options.codec ?? identityCodec),
    demandMovesCollection(),
    bulkWritesCollection(),
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
  /** close() has begun: the hourly check is not started any more. */
  private closing = false
  private maintainedDay = ''
  private healQueued = false
  private readonly moveJournal: DemandMoves
  /** demand-moves.json was restored from a backup (or started empty) while loading */
  private movesRepaired = false

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
    this.moveJournal = new DemandMoves(engine, this.demands, this.stores.get(DEMAND_MOVES) as unknown as CollectionStore<DemandMove>)
    for (const store of this.stores.values()) {
      store.eraseFromBackups = (partition, ids) => this.maint.eraseFromBackups(store, partition, ids)
      store.onRepaired = async (partition, items) => {
        // The file changed under the summary: recount it (saved later).
        await engine.counted(store.d, partition, items)
        if (store.name === DEMAND_MOVES) this.movesRepaired = true
      }
    }
  }

  /** Aliases lost with a damaged demand-moves.json come back from the records' formerIds. */
  private async rebuildMoveAliases(): Promise<void> {
    this.movesRepaired = false
    try {
      const added = await this.moveJournal.rebuildAliases()
      if (added) this.engine.notify('info', `已根据诉求记录找回 ${added} 条更正受理月份前的诉求编号，按旧编号仍能找到这些诉求。`)
    } catch (err) {
      this.engine.notify('warning', `未能根据诉求记录找回更正受理月份前的诉求编号（${fsReason(err)}）；按新编号查找不受影响。`)
    }
  }

  get dataDir(): string {
    return this.engine.dataDir
  }

  private get demands(): CollectionStore<Demand> {
    return this.stores.get('demands') as unknown as CollectionStore<Demand>
  }

  private get bulkJournal(): CollectionStore<BulkWrite> {
    return this.stores.get(BULK_WRITES) as unknown as CollectionStore<BulkWrite>
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
      await this.moveJournal.finishPending()
      // A clean close finished every batch: only an open after a crash can find one unfinished.
      if (!fast) await undoUnfinishedBulk(engine, this.demands, this.bulkJournal)
      if (this.movesRepaired) await this.rebuildMoveAliases()
    } catch (err) {
      await engine.lock.release()
      throw err
    }
    // Behind the open, through the write queue (whenIdle()): after a fast open the stat check of
    // every counted partition and the temp sweep; then the daily backup and retention. Started
    // BEHIND_OPEN_DELAY_MS after the open, or at once by the first queued operation (a write,
    // whenIdle(), close()…), so the first screen's reads do not share the CPU and the disk with it.
    // (maintainedDay is set by maintenance(), behind the open: the first local-time reading of a
    // process costs ~0.5 ms of time-zone set-up, which the open and first screen do not need)
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
      this.startDailyCheck()
    }
    // One timer on the open's path: a process's first timer costs 0.3–0.5 ms of Node's set-up
    // (the bench's cold open at 10k), so the hourly check is started with the work behind the open.
    this.deferTimer = setTimeout(() => engine.startDeferred(), BEHIND_OPEN_DELAY_MS)
    this.deferTimer.unref()
  }

  /** Hourly: a new day (the app left open overnight) gets its daily backup and retention run. */
  private startDailyCheck(): void {
    if (this.closing || this.timer) return
    this.timer = setInterval(() => {
      if (this.engine.today() !== this.maintainedDay) {
        this.maintainedDay = this.engine.today()
        this.engine.enqueue(() => this.maintenance()).catch(() => undefined)
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

  hasCollection(name: string): boolean {
    return this.stores.has(name)
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

  getDemand(id: string): Promise<Demand | undefined> {
    return this.moveJournal.resolve(id)
  }

  moveDemand(fromId: string, next: Unsaved<Demand>, options: WriteOptions = {}): Promise<Demand> {
    return this.moveJournal.move(fromId, next, options)
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
    return putDemands(this.engine, this.demands, demands, options, this.bulkJournal)
  }

  addCommunities(communities: Unsaved<Community>[], demands: Unsaved<Demand>[]): Promise<void> {
    return addCommunities(this.engine, this.communityStore, this.demands, communities, demands)
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
    return removeDemandsWhere(this.engine, this.demands, communityId, drop)
  }

  removeCommunities(ids: string[]): Promise<{ communities: number; demands: number }> {
    return removeCommunities(this.engine, this.communityStore, this.stores.values(), ids)
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
    this.closing = true
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
