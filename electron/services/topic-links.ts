// Keeping topics' demand ids current when a demand moves. Its own file, so the demand service can
// call it without importing the topic service (which imports demand.ts).
import type { Topic } from '../../shared/domain/topic-model'
import type { Collection, Database } from '../data'
import { TOPICS_COLLECTION } from './topics-collection'

/**
 * A demand whose received month (or community) changed moved to another partition under a new id
 * (demand.ts `update`). Its topic names it by the new id from then on — in the list and in the
 * history an undo reads — so membership checks, split and undo still find it. The old id keeps
 * resolving (Demand.formerIds), so a crash before this write loses no link.
 */
export async function relinkMovedDemand(db: Database, topicId: string, oldId: string, newId: string): Promise<void> {
  let coll: Collection<Topic>
  try {
    coll = db.collection<Topic>(TOPICS_COLLECTION)
  } catch {
    return // a database opened without topics (service tests on the built-ins only)
  }
  const t = await coll.get(topicId)
  if (!t || !t.demandIds.includes(oldId)) return
  const swap = (ids: string[]) => ids.map((x) => (x === oldId ? newId : x))
  await coll.save(
    { ...t, demandIds: swap(t.demandIds), history: t.history.map((e) => ({ ...e, demandIds: swap(e.demandIds) })) },
    { expectRevision: t.revision },
  )
}
