// The `history` collection (issue 12): the historical monthly counts, one sheet per community in
// history/<communityId>.json, registered through appCollections so backup, restore, repair, the
// kill test and the fuzz cover it with no other code. A sheet is one record (id = communityId) so a
// batch of months is one durable write. Counts hold no personal data, so no codec.
import type { CollectionDescriptor, Database } from '../data'
import { wrapLegacyArray } from '../data'
import { COMMUNITY_ID_RE } from '../data/file-schemas'
import { isStoredMonth, type HistorySheet, type StoredMonth } from '../../shared/domain/historical-counts'

export const HISTORY_COLLECTION = 'history'
export const HISTORY_FOLDER = 'history'

function isSheet(r: unknown): boolean {
  const s = r as Partial<HistorySheet> | null
  if (!s || typeof s !== 'object' || typeof s.communityId !== 'string' || s.id !== s.communityId) return false
  if (typeof s.updatedAt !== 'string' || !Array.isArray(s.months) || !s.months.every(isStoredMonth)) return false
  return new Set(s.months.map((m) => m.month)).size === s.months.length
}

export const historyCollection: CollectionDescriptor<HistorySheet> = {
  name: HISTORY_COLLECTION,
  label: '历史统计数',
  layout: { folder: HISTORY_FOLDER },
  partitionOf: (s) => s.communityId,
  partitionOfId: (id) => (COMMUNITY_ID_RE.test(id) ? id : null),
  isPartition: (p) => COMMUNITY_ID_RE.test(p),
  migrations: [wrapLegacyArray('items')],
  isRecord: isSheet,
  // No communityOf: removing a community (sample removal) must never take entered counts with it.
}

/**
 * The entered months of these communities, for the statistics (small files; demand records are
 * never read; here, not in history.ts, so the dashboard's cold path loads no spreadsheet parser).
 * None when the services were opened without the collection (data-only tools, the bench).
 */
export async function historyOf(db: Database, communityIds: readonly string[]): Promise<Map<string, StoredMonth[]>> {
  const out = new Map<string, StoredMonth[]>()
  const coll = db.hasCollection(HISTORY_COLLECTION) ? db.collection<HistorySheet>(HISTORY_COLLECTION) : null
  for (const id of communityIds) out.set(id, coll ? ((await coll.get(id))?.months ?? []) : [])
  return out
}
