// The `topics` collection (issue 9): one file per community, topics/<communityId>.json, registered
// through openDatabase({ collections }) by openBackend like `operators`. Topics hold no personal
// data (titles refuse phone and ID-card numbers; demands are linked by id), so no codec.
import type { CollectionDescriptor, Database } from '../data'
import { wrapLegacyArray } from '../data'
import { COMMUNITY_ID_RE } from '../data/file-schemas'
import { TOPIC_LEVELS, type Demand } from '../../shared/domain/entities'
import { TOPIC_STATUSES, topicProblems, type Topic } from '../../shared/domain/topic-model'

export const TOPICS_COLLECTION = 'topics'
export const TOPICS_FOLDER = 'topics'

/** `<communityId>~tp~<random>`: the community names the file, so get/save read one file. */
export function makeTopicId(communityId: string, random: string): string {
  return `${communityId}~tp~${random}`
}

export function communityOfTopicId(id: string): string | null {
  const m = /^([A-Za-z0-9_-]{1,40})~tp~[A-Za-z0-9_-]{1,20}$/.exec(id)
  return m ? m[1] : null
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

function isTopicRecord(r: unknown): boolean {
  const t = r as Partial<Topic> | null
  if (!t || typeof t !== 'object') return false
  if (typeof t.communityId !== 'string' || typeof t.title !== 'string' || !isStrings(t.demandIds)) return false
  if (!(TOPIC_LEVELS as readonly unknown[]).includes(t.level) || !(TOPIC_STATUSES as readonly unknown[]).includes(t.status)) return false
  if (typeof t.createdAt !== 'string' || typeof t.updatedAt !== 'string' || !Array.isArray(t.history)) return false
  if (t.order !== undefined && typeof t.order !== 'number') return false
  if (!t.history.every((e) => e && typeof e.id === 'string' && typeof e.kind === 'string' && isStrings(e.demandIds))) return false
  return topicProblems(t as Topic).length === 0
}

export const topicsCollection: CollectionDescriptor<Topic> = {
  name: TOPICS_COLLECTION,
  label: '议题',
  layout: { folder: TOPICS_FOLDER },
  partitionOf: (t) => t.communityId,
  partitionOfId: communityOfTopicId,
  isPartition: (p) => COMMUNITY_ID_RE.test(p),
  migrations: [wrapLegacyArray('items')],
  isRecord: isTopicRecord,
  // No communityOf: removing a community (sample removal) must never take a user's topics with it.
}

/**
 * A topic's demands as they are now. A deleted demand keeps its id on the topic (shown as
 * missing) but is not counted anywhere: `deleted` says how many there are.
 */
export async function topicDemands(db: Database, topic: Topic): Promise<{ live: Demand[]; deleted: number }> {
  const live: Demand[] = []
  for (const id of topic.demandIds) {
    const d = await db.getDemand(id).catch(() => undefined)
    if (d) live.push(d)
  }
  return { live, deleted: topic.demandIds.length - live.length }
}
