import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { Community, Demand } from '../../shared/domain/entities'
import { serializeFile, type StoredRecord, type Unsaved } from './collection'
import { writeFileDurable } from './durable-file'
import { forEachLimited, fsReason, writeFailed, type Engine } from './engine'
import { DIR_MODE } from './fs-ops'
import { DEMANDS_DIR, absPath, describeStamp, parseDemandId, timeStamp } from './paths'
import type { BulkWrite } from './builtin'
import { toLocalIso } from '../../shared/domain/month'
import { JOURNAL_ENTRY_DONE, type CollectionStore } from './store'

// Writes of many records at once (an import, the sample street, a community's removal). Each
// checks and builds everything before its first write and takes back what it wrote when a later
// write fails, so a caller sees all of it or none of it. Run inside the write queue.

const WRITE_CONCURRENCY = 8

/** Inserts (or replaces) demands across partitions: all or nothing. */
export function putDemands(
  engine: Engine,
  store: CollectionStore<Demand>,
  demands: Unsaved<Demand>[],
  options: { mode: 'insert' | 'replace'; keepRevision?: boolean },
  journal?: CollectionStore<BulkWrite>,
): Promise<Demand[]> {
  return engine.enqueue(async () => {
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
    // New demands in several files: the batch is journalled first, so a crash between two
    // partition writes is undone at the next open (undoUnfinishedBulk). One file is atomic alone.
    const entry = journal && options.mode === 'insert' && plan.length > 1 ? await journalBulk(engine, journal, [...stored.keys()], plan.map((s) => s.p)) : null
    const written: typeof plan = []
    try {
      for (const step of plan) {
        await store.write(step.p, step.next, step.previous, null)
        written.push(step)
      }
      // The commit point: until the entry is gone, the next open would take the batch back.
      if (entry) await journal!.removeNow(entry.id, JOURNAL_ENTRY_DONE)
    } catch (err) {
      // Take back what was written, newest first, so nothing is half-saved.
      for (const step of written.reverse()) {
        try {
          await store.write(step.p, [...step.previous], step.next, null)
        } catch {
          // disk and memory still agree for that partition (memory follows a successful write only)
        }
      }
      if (entry) await journal!.removeNow(entry.id, JOURNAL_ENTRY_DONE).catch(() => undefined) // else the next open finds nothing to undo
      throw writeFailed(err)
    }
    engine.emit('demands', [...stored.keys()])
    return demands.map((d) => structuredClone(stored.get(d.id)!))
  })
}

async function journalBulk(engine: Engine, journal: CollectionStore<BulkWrite>, ids: string[], partitions: string[]): Promise<BulkWrite> {
  try {
    return await journal.saveNow({ id: `bulk-${timeStamp(engine.now(), 'compact')}-${ids.length}`, ids, partitions, at: toLocalIso(engine.now()) })
  } catch (err) {
    throw writeFailed(err) // nothing written yet
  }
}

/**
 * At open, before anything reads demands: a batch journalled but not finished (the app stopped
 * between its partition writes) is taken back, so the folder is as before the import, and the
 * user is told how many demands went.
 */
export async function undoUnfinishedBulk(engine: Engine, store: CollectionStore<Demand>, journal: CollectionStore<BulkWrite>): Promise<void> {
  for (const entry of await journal.partition('')) {
    try {
      const ids = new Set(entry.ids)
      let removed = 0
      for (const p of entry.partitions) {
        const items = await store.partition(p)
        const kept = items.filter((d) => !ids.has(d.id))
        if (kept.length === items.length) continue
        removed += items.length - kept.length
        await store.write(p, kept, items, items.filter((d) => ids.has(d.id)).map((d) => d.id))
      }
      await journal.removeNow(entry.id, JOURNAL_ENTRY_DONE)
      if (removed) {
        engine.notify(
          'warning',
          `上次退出时，一次批量导入（${describeStamp(timeStamp(new Date(entry.at), 'dash'))}开始，共 ${entry.ids.length} 条诉求）尚未写完，已撤销其中已写入的 ${removed} 条，数据与导入前相同。请重新导入该文件。`,
        )
      }
    } catch (err) {
      engine.notify('warning', `上次未写完的一次批量导入未能撤销（${fsReason(err)}），将在下次启动时重试。`)
    }
  }
}

/** New communities with their demands; communities.json is the commit point. */
export function addCommunities(
  engine: Engine,
  communityStore: CollectionStore<Community>,
  demandStore: CollectionStore<Demand>,
  communities: Unsaved<Community>[],
  demands: Unsaved<Demand>[],
): Promise<void> {
  return engine.enqueue(async () => {
    const ids = new Set(communities.map((c) => c.id))
    const previous = communityStore.cached('') ?? []
    if (previous.some((c) => ids.has(c.id))) throw new AppError('CONFLICT', '社区已存在')
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
    const nextList = [...previous, ...communities.map((c) => ({ ...structuredClone(c), revision: 1 }) as Community)]
    await engine.beforeLiveWrite()
    try {
      for (const id of ids) await engine.fs.mkdir(join(engine.dataDir, DEMANDS_DIR, id), DIR_MODE)
      await forEachLimited([...groups], WRITE_CONCURRENCY, async ([p, items]) => {
        await writeFileDurable(engine.fs, absPath(engine.dataDir, demandStore.rel(p)), serializeFile(demandStore.d, items))
      })
      await engine.commit(communityStore.rel(''), serializeFile(communityStore.d, nextList), serializeFile(communityStore.d, previous))
      communityStore.remember('', nextList)
    } catch (err) {
      // Not committed (the communities file is the commit point): take the partitions back,
      // unless communities.json could not be rolled back (then disk is fully new).
      if (!(err as { rollbackFailed?: boolean }).rollbackFailed) {
        for (const id of ids) await engine.fs.rm(join(engine.dataDir, DEMANDS_DIR, id)).catch(() => undefined)
      }
      throw writeFailed(err)
    }
    for (const [p, items] of groups) {
      demandStore.remember(p, items)
      await engine.counted(demandStore.d, p, items)
    }
    engine.emit('communities', [...ids])
    engine.emit('demands', [])
  })
}

/** Removes one community's demands that `drop` picks, partition by partition. */
export function removeDemandsWhere(engine: Engine, store: CollectionStore<Demand>, communityId: string, drop: (d: Demand) => boolean): Promise<number> {
  return engine.enqueue(async () => {
    let removed = 0
    for (const month of Object.keys(engine.summary.monthsOf(communityId))) {
      const p = `${communityId}/${month}`
      const items = await store.partition(p)
      const gone = items.filter(drop)
      if (!gone.length) continue
      await store.write(
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

/**
 * Removes communities (communities.json is the commit point) and then, best effort, every
 * collection's partitions of them: leftovers belong to no community and are removed next time.
 */
export function removeCommunities(
  engine: Engine,
  communityStore: CollectionStore<Community>,
  stores: Iterable<CollectionStore<StoredRecord>>,
  ids: string[],
): Promise<{ communities: number; demands: number }> {
  return engine.enqueue(async () => {
    const gone = new Set(ids)
    const previous = communityStore.cached('') ?? []
    const nextList = previous.filter((c) => !gone.has(c.id))
    await engine.commit(communityStore.rel(''), serializeFile(communityStore.d, nextList), serializeFile(communityStore.d, previous))
    communityStore.remember('', nextList)
    let demands = 0
    for (const id of gone) demands += engine.summary.totalOf(id)
    for (const s of stores) {
      const communityOf = s.d.communityOf
      if (!communityOf || 'file' in s.d.layout) continue
      const folder = s.d.layout.folder
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
