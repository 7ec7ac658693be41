import type { Community, Demand } from '../../shared/domain/entities'
import { applyToCounts, emptyCounts } from '../../shared/domain/statistics'
import type { CollectionDescriptor } from './collection'
import { isCommunity, storedDemandSchema } from './file-schemas'
import { MIGRATIONS, wrapLegacyArray } from './migrations'
import { COMMUNITIES_FILE, DEMANDS_DIR, parseDemandId, parsePartitionRel } from './paths'

// The built-in collections: demands (by community and month) and communities (one file).

/** Transforms every demand written to / read from a partition file (and its backup copies). */
export interface DemandCodec {
  encodeDemand(d: Demand): unknown
  decodeDemand(stored: unknown): Demand
}

export const identityCodec: DemandCodec = {
  encodeDemand: (d) => d,
  decodeDemand: (stored) => stored as Demand,
}

/** What an erased reporter name reads as. */
export const ERASED_NAME = '已脱敏'

const demandPartition = (id: string): string | null => {
  const at = parseDemandId(id)
  return at ? `${at.communityId}/${at.month}` : null
}

export function demandsCollection(codec: DemandCodec = identityCodec): CollectionDescriptor<Demand> {
  return {
    name: 'demands',
    label: '诉求',
    layout: { folder: DEMANDS_DIR },
    itemsKey: 'items',
    partitionOf: (d) => demandPartition(d.id) ?? '',
    partitionOfId: demandPartition,
    isPartition: (p) => parsePartitionRel(`${DEMANDS_DIR}/${p}.json`) !== null,
    migrations: MIGRATIONS.demands,
    isRecord: (r) => storedDemandSchema.safeParse(r).success,
    codec: codec === identityCodec ? undefined : { encode: (d) => codec.encodeDemand(d), decode: (s) => codec.decodeDemand(s) },
    counts: {
      slot: (p) => parsePartitionRel(`${DEMANDS_DIR}/${p}.json`),
      partitionOfSlot: (communityId, month) => `${communityId}/${month}`,
      count(items) {
        let counts = emptyCounts()
        for (const d of items) counts = applyToCounts(counts, d, 1)
        return items.length ? counts : null
      },
    },
    communityOf: (p) => p.split('/')[0] ?? null,
    retention: {
      due: (p, cutoffMonth) => (parsePartitionRel(`${DEMANDS_DIR}/${p}.json`)?.month ?? '9999-99') <= cutoffMonth,
      // Received before the cutoff and closed (evaluated): reporterName -> 已脱敏, phone and address removed.
      erase(d, cutoff) {
        const rec = d as Demand & { reporterAddress?: unknown }
        if (d.status !== 'evaluated' || !(Date.parse(d.receivedAt) < cutoff.getTime())) return null
        if (d.reporterName === ERASED_NAME && rec.reporterPhone === undefined && rec.reporterAddress === undefined) return null
        const e: Demand & { reporterAddress?: unknown } = { ...d, reporterName: ERASED_NAME }
        delete e.reporterPhone
        delete e.reporterAddress
        return e
      },
    },
  }
}

export function communitiesCollection(): CollectionDescriptor<Community> {
  return {
    name: 'communities',
    label: '社区',
    layout: { file: COMMUNITIES_FILE },
    itemsKey: 'communities',
    partitionOf: () => '',
    migrations: MIGRATIONS.communities,
    isRecord: (r) => isCommunity(r, true),
    preload: true,
  }
}

/** demand-moves.json: the journal of month (or community) moves, and the old id → new id aliases. */
export const DEMAND_MOVES = 'demand-moves'
export const DEMAND_MOVES_FILE = 'demand-moves.json'

/**
 * One move of a demand to another partition (its id names the partition, so it gets a new id).
 * `pending` is written before anything moves; `done` once the old copy is gone. The entry stays as
 * the alias: `getDemand(<old id>)` finds the record under its new id.
 */
export interface DemandMove {
  /** the id before the move */
  id: string
  /** the id after it */
  to: string
  state: 'pending' | 'done'
  at: string
  revision: number
}

export function demandMovesCollection(): CollectionDescriptor<DemandMove> {
  return {
    name: DEMAND_MOVES,
    label: '诉求移动记录',
    layout: { file: DEMAND_MOVES_FILE },
    partitionOf: () => '',
    partitionOfId: () => '',
    migrations: [wrapLegacyArray('items')],
    isRecord: (r) => {
      const m = r as Partial<DemandMove> | null
      return !!m && typeof m.id === 'string' && typeof m.to === 'string' && (m.state === 'pending' || m.state === 'done') && typeof m.at === 'string'
    },
    preload: true,
  }
}

/**
 * bulk-writes.json: a batch of new demands across several partitions (an import) is journalled
 * here before its first partition write and dropped after its last, so a crash in between is
 * undone at the next open (bulk.ts): the batch is all there or not at all.
 */
export const BULK_WRITES = 'bulk-writes'
export const BULK_WRITES_FILE = 'bulk-writes.json'

export interface BulkWrite {
  id: string
  /** the new demands' ids: removed again if the batch did not finish */
  ids: string[]
  /** the partitions it writes */
  partitions: string[]
  at: string
  revision: number
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

export function bulkWritesCollection(): CollectionDescriptor<BulkWrite> {
  return {
    name: BULK_WRITES,
    label: '批量写入记录',
    layout: { file: BULK_WRITES_FILE },
    partitionOf: () => '',
    partitionOfId: () => '',
    migrations: [wrapLegacyArray('items')],
    isRecord: (r) => {
      const b = r as Partial<BulkWrite> | null
      return !!b && typeof b.id === 'string' && isStringList(b.ids) && isStringList(b.partitions) && typeof b.at === 'string'
    },
    // Read only after an unclean stop (a clean close finished every batch) and by a batch.
  }
}
