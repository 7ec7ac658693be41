// What each kind of record puts into the search index (search-index.ts). Only the fields named
// here are copied: reporter name, phone and address never are.
//
// Another kind of record joins with one more source like topicSource and one more entry in the
// list createSearchService builds.
import type { Community, Demand } from '../../shared/domain/entities'
import { DEMAND_CATEGORY_NAMES, DEMAND_CHANNEL_NAMES } from '../../shared/domain/vocab'
import { dayOf, STREET_TIME_ZONE } from '../../shared/domain/month'
import type { Database } from '../data'
import type { Topic } from '../../shared/domain/topic-model'
import { TOPICS_COLLECTION } from './topics-collection'
import type { SearchDoc, SearchSource } from './search-index'

/** A demand's case number (案件编号); records from before case numbers have none. */
export function caseNoOf(d: Demand): string | undefined {
  return typeof d.caseNo === 'string' && d.caseNo ? d.caseNo : undefined
}

export function demandDoc(d: Demand, community: Community | undefined, timeZone = STREET_TIME_ZONE): SearchDoc {
  const compound = d.compoundId ? community?.compounds.find((c) => c.id === d.compoundId) : undefined
  const caseNo = caseNoOf(d)
  const doc: SearchDoc = {
    kind: 'demand',
    id: d.id,
    communityId: d.communityId,
    body: d.description,
    names: {
      category: DEMAND_CATEGORY_NAMES[d.category],
      channel: DEMAND_CHANNEL_NAMES[d.channel],
    },
    at: d.receivedAt,
    atMs: Date.parse(d.receivedAt),
    // Stored times carry the street's offset (Asia/Shanghai: +08:00); others go through the zone.
    day: timeZone === STREET_TIME_ZONE && d.receivedAt.endsWith('+08:00') ? d.receivedAt.slice(0, 10) : dayOf(d.receivedAt, timeZone),
    channel: d.channel,
    category: d.category,
    status: d.status,
  }
  if (compound) {
    doc.compoundId = compound.id
    doc.names.compound = compound.name
  }
  if (caseNo) {
    doc.caseNo = caseNo
    doc.names.caseNo = caseNo
  }
  return doc
}

/** Demands, read partition by partition (the summary says which exist). */
/** `timeZone`: the street's setting (days for the date filter); Asia/Shanghai without one. */
export function demandSource(db: Database, timeZone: () => Promise<string> = async () => STREET_TIME_ZONE): SearchSource {
  return {
    kind: 'demand',
    collection: 'demands',
    // A renamed or removed compound changes the names the documents carry.
    dependsOn: ['communities'],
    count: () => db.demandTotal(),
    async loadAll(progress) {
      const docs: SearchDoc[] = []
      const tz = await timeZone()
      for (const community of db.communities()) {
        const months = Object.entries(db.countsOf(community.id))
          .filter(([, c]) => c.total > 0)
          .map(([m]) => m)
        for (const month of months) {
          const demands = await db.readPartition(community.id, month)
          for (const d of demands) docs.push(demandDoc(d, community, tz))
          progress(demands.length)
        }
      }
      return docs
    },
    refreshNames(doc) {
      if (!doc.compoundId) return undefined
      const community = db.community(doc.communityId)
      const name = community?.compounds.find((c) => c.id === doc.compoundId)?.name
      if (name === doc.names.compound) return undefined
      const next: SearchDoc = { ...doc, names: { ...doc.names } }
      if (name) next.names.compound = name
      else {
        delete next.compoundId
        delete next.names.compound
      }
      return next
    },
    async load(id) {
      const d = await db.getDemand(id)
      return d ? demandDoc(d, db.community(d.communityId), await timeZone()) : undefined
    },
  }
}

export function topicDoc(t: Topic, timeZone = STREET_TIME_ZONE): SearchDoc {
  return {
    kind: 'topic',
    id: t.id,
    communityId: t.communityId,
    // The title is the topic's text: the snippet is cut from it (topics hold no personal data).
    body: t.title,
    names: {},
    at: t.createdAt,
    atMs: Date.parse(t.createdAt),
    day: dayOf(t.createdAt, timeZone),
    title: t.title,
  }
}

/**
 * Topics (确认议题), from the `topics` collection openBackend registers. A database opened without
 * it (services built directly in tests, tools) simply has no topics to search.
 */
export function topicSource(db: Database, timeZone: () => Promise<string> = async () => STREET_TIME_ZONE): SearchSource {
  const coll = () => {
    try {
      return db.collection<Topic>(TOPICS_COLLECTION)
    } catch {
      return null
    }
  }
  let known = 0
  return {
    kind: 'topic',
    collection: TOPICS_COLLECTION,
    count: () => known,
    async loadAll(progress) {
      const c = coll()
      if (!c) return []
      const tz = await timeZone()
      const topics = await c.list()
      known = topics.length
      progress(topics.length)
      return topics.map((t) => topicDoc(t, tz))
    },
    async load(id) {
      const t = await coll()?.get(id)
      return t ? topicDoc(t, await timeZone()) : undefined
    },
  }
}
