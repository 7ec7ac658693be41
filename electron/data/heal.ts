import { AppError } from '../../shared/contract/errors'
import { partitionOfRel, type CollectionDescriptor, type StoredRecord } from './collection'
import { CorruptFileError, parseJsonBytes, readBytes } from './durable-file'
import { forEachLimited, fsReason, type Engine } from './engine'
import { NewerVersionError, migrate } from './migrations'
import { SUMMARY_FILE, absPath } from './paths'
import type { PartitionStat } from './summary-file'
import { SummaryIndex } from './summary-index'
import type { CollectionStore } from './store'


// Loading the state at open (and after a restore) and healing the summary from file stats.

const STAT_CONCURRENCY = 16
type AnyStore = CollectionStore<StoredRecord>

/**
 * Reads the preloaded collections and the summary. With `trustClean` and a summary saved by
 * close(), that is all (returns true). Otherwise every counted partition is stat'ed and the
 * summary healed from it.
 */
export async function loadState(engine: Engine, stores: AnyStore[], trustClean: boolean): Promise<boolean> {
  for (const s of stores) s.clear()
  engine.cancelFlushTimer()
  engine.summary = SummaryIndex.empty()
  engine.summaryDirty = false
  engine.diskSummaryClean = false
  for (const s of stores) {
    if (!s.d.preload) continue
    for (const p of 'file' in s.d.layout ? [''] : await s.partitions()) await s.partition(p)
  }
  const summary = await loadSummary(engine)
  if (summary) engine.summary = summary.index
  if (!summary || summary.migrated) engine.summaryDirty = true
  engine.diskSummaryClean = summary?.cleanClose ?? false
  if (trustClean && summary?.cleanClose) return true

  if (await heal(engine, stores, await partitionStats(engine, stores))) engine.summaryDirty = true
  if (engine.summaryDirty) await engine.flushSummary()
  return false
}

/** summary.json, outline-checked (summary-index.ts); damaged: quarantined, null (rebuilt). */
async function loadSummary(engine: Engine): Promise<{ index: SummaryIndex; cleanClose: boolean; migrated: boolean } | null> {
  const path = absPath(engine.dataDir, SUMMARY_FILE)
  let reason: string
  try {
    const bytes = await readBytes(engine.fs, path)
    if (bytes === null) return null
    // The current layout: its header line only (summary-file.ts). Older (or newer) files whole.
    const fast = SummaryIndex.openBytes(bytes)
    if (fast) return { ...fast, migrated: false }
    const { data, migrated } = migrate('summary', SUMMARY_FILE, parseJsonBytes(bytes))
    const opened = SummaryIndex.open(data)
    if (!opened) throw new CorruptFileError('内容不符合数据格式')
    return { ...opened, migrated }
  } catch (err) {
    if (!(err instanceof CorruptFileError) || err instanceof NewerVersionError) throw err
    reason = err.reason
  }
  const quarantined = await engine.quarantine(SUMMARY_FILE)
  engine.notify(
    'warning',
    `统计汇总文件 ${SUMMARY_FILE} 已损坏（${reason}），已另存为 ${quarantined}，并已根据诉求数据重新统计。`,
    SUMMARY_FILE,
  )
  return null
}

/** Every counted partition file's stat, in parallel. */
async function partitionStats(engine: Engine, stores: AnyStore[]): Promise<Map<string, PartitionStat>> {
  const rels: string[] = []
  for (const s of stores) if (s.d.counts) rels.push(...(await s.partitions()).map((p) => s.rel(p)))
  const found: Array<PartitionStat | undefined> = new Array(rels.length)
  await forEachLimited([...rels.keys()], STAT_CONCURRENCY, async (i) => {
    const st = await engine.fs.stat(absPath(engine.dataDir, rels[i]))
    found[i] = { size: st.size, mtimeMs: st.mtimeMs }
  })
  return new Map<string, PartitionStat>(rels.map((rel, i) => [rel, found[i]!]))
}

/** Recounts partitions the summary does not describe (a crash between the two writes). */
async function heal(engine: Engine, stores: AnyStore[], stats: Map<string, PartitionStat>): Promise<boolean> {
  const counted = stores.find((s) => s.d.counts)
  if (!counted) return false
  const counts = counted.d.counts!
  // Every part decoded first: a damaged one drops its stats now, so the loop below recounts its
  // partitions in this pass (decoded later, its counts would read as 0 until another heal).
  engine.summary.decodeAll()
  let changed = false
  for (const [rel, stat] of stats) {
    const known = engine.summary.statOf(rel)
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) continue
    const p = partitionOfRel(counted.d as CollectionDescriptor, rel)!
    await engine.counted(counted.d, p, await counted.partition(p))
    changed = true
  }
  for (const rel of engine.summary.statRels()) {
    if (stats.has(rel)) continue
    engine.summary.setStat(rel, null)
    changed = true
  }
  // Counts with no file behind them (e.g. after a migrated summary) are dropped.
  for (const communityId of engine.summary.communityIds()) {
    for (const month of Object.keys(engine.summary.monthsOf(communityId))) {
      if (!stats.has(counted.rel(counts.partitionOfSlot(communityId, month)))) {
        engine.summary.setCounts(communityId, month, null)
        changed = true
      }
    }
  }
  return changed
}

/**
 * After a fast open (or a lazily found damaged summary part): the same heal, behind the open.
 * Catches partitions changed or damaged while the app was closed within moments.
 */
export async function verifyPartitions(engine: Engine, stores: AnyStore[]): Promise<void> {
  try {
    engine.summary.damaged = false
    if (await heal(engine, stores, await partitionStats(engine, stores))) engine.summaryChanged()
  } catch (err) {
    if (err instanceof AppError) engine.notify('error', err.message)
    else engine.notify('warning', `启动后的数据完整性检查未能完成（${fsReason(err)}），将在下次启动时重试。`)
  }
}
