// Topics and their demands kept in step: a topic's demand ids follow a demand that moves, and its
// demands' status follows the topic as it moves on. Its own file, so the demand and task services
// can call it without importing the topic service (which imports demand.ts).
import type { Demand } from '../../shared/domain/entities'
import { followTopic, type TopicStage } from '../../shared/domain/demand-workflow'
import type { Topic } from '../../shared/domain/topic-model'
import type { Collection, Database } from '../data'
import { demandStep, type Step } from './steps'
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

/** Where a confirmed topic's demands stand: 街道兜底 for the street's meeting, else 社区协同. */
export const stageOf = (topic: Pick<Topic, 'level'>): TopicStage => (topic.level === 'street' ? 'escalated' : 'coordinating')

/**
 * The writes that take a topic's demands on with it (followTopic: confirmed for a meeting →
 * 社区协同, for the street's → 街道兜底; raised to the street → 街道兜底), for the caller's runAll
 * beside its own writes, and the demands they move. A demand that cannot be read (removed,
 * damaged) is left as it is.
 */
export async function followTopicSteps(db: Database, demandIds: readonly string[], stage: TopicStage, stamp: string): Promise<{ steps: Step[]; moved: Demand[] }> {
  const steps: Step[] = []
  const moved: Demand[] = []
  for (const id of demandIds) {
    const d = await db.getDemand(id).catch(() => undefined)
    const to = d ? followTopic(d.status, stage) : null
    if (!d || !to) continue
    moved.push(d)
    steps.push(demandStep(db, d, { ...d, status: to, updatedAt: stamp }))
  }
  return { steps, moved }
}
