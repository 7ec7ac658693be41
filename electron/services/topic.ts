// topic:* — 确认议题: topics group demands. Merge duplicates (each demand stays its own record with
// its own resident, linked by topicId), undo a merge exactly, split a topic, and (the chair)
// confirm topics and order them. The topic's demandIds are the authority; each demand's topicId
// mirrors them and is written in the same call (rolled back if a later write fails).
import { AppError } from '../../shared/contract/errors'
import type { TopicView } from '../../shared/contract'
import type { Demand, TopicLevel } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import { agendaOrder, defaultTopicTitle, demandMergeRefusal, type Topic, type TopicEvent } from '../../shared/domain/topic-model'
import type { Collection, Database, Unsaved } from '../data'
import { auditWho, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { requireCommunity, toView } from './demand'
import { checkRevision } from './revision'
import { makeTopicId, TOPICS_COLLECTION } from './topics-collection'
import type { ReferenceCheck } from './community'
import type { AreaService, CallContext } from './types'
import { demandStep, recordStep, runAll, type Step } from './steps'
import { followTopicSteps, stageOf } from './topic-links'
import { followTopic } from '../../shared/domain/demand-workflow'

export interface TopicDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
}

const topicNotFound = () => new AppError('NOT_FOUND', '未找到该议题（可能已被撤销或删除），请刷新')

/** How a demand is named in messages: its case number and the start of its text (never the resident). */
export function demandText(d: Pick<Demand, 'description' | 'caseNo'>): string {
  const text = d.description.replace(/\s+/g, ' ').trim()
  const start = [...text].length > 14 ? `${[...text].slice(0, 14).join('')}…` : text
  return d.caseNo ? `${d.caseNo}“${start}”` : `“${start}”`
}

/** Case numbers of demands for audit entries (ids stay beside them). */
const caseNosOf = (ds: Array<Pick<Demand, 'id' | 'caseNo'>>) => ds.map((d) => d.caseNo ?? d.id)


function refuse(message: string, field = 'demandIds'): AppError {
  return new AppError('VALIDATION', message, { [field]: message })
}

export function createTopicService(deps: TopicDeps): AreaService<'topic'> & { topicsOf(communityId: string): Promise<Topic[]> } {
  const { db, audit, now, newId } = deps
  // Resolved at call time: services built without the collection (tests that only need demands) still start.
  const topics = (): Collection<Topic> => db.collection<Topic>(TOPICS_COLLECTION)
  const by = (ctx?: CallContext) => auditWho(ctx).actor

  async function view(t: Topic): Promise<TopicView> {
    const demands: TopicView['demands'] = []
    for (const id of t.demandIds) {
      const d = await db.getDemand(id).catch(() => undefined)
      demands.push(d ? toView(d) : { id, missing: true })
    }
    return { ...t, demands }
  }

  async function loadTopic(id: string, ctx?: CallContext): Promise<Topic> {
    const t = await topics().get(id)
    if (!t) throw topicNotFound()
    requireScope(ctx, t.communityId)
    return t
  }

  async function loadDemand(id: string, ctx?: CallContext): Promise<Demand> {
    const d = await db.getDemand(id).catch(() => undefined)
    if (!d) throw refuse('所选诉求不存在或已被删除，请刷新')
    requireScope(ctx, d.communityId)
    return d
  }

  /** Refuses a demand that may not join `target` (a topic, or a new one in `communityId`). */
  async function checkJoinable(d: Demand, communityId: string, target: Topic | null): Promise<void> {
    const name = `诉求${demandText(d)}`
    const state = demandMergeRefusal(d)
    if (state) throw refuse(`${name}${state}，不能合并或列入议题`)
    if (d.communityId !== communityId) throw refuse(`${name}不属于该议题所在的社区，不能合并`)
    if (target && (d.topicId === target.id || target.demandIds.includes(d.id))) throw refuse(`${name}已在此议题中`)
    // The topics' own lists are the authority (a link written by an interrupted call may be missing).
    const holder = d.topicId ? await topics().get(d.topicId).catch(() => undefined) : undefined
    const other = holder?.demandIds.includes(d.id)
      ? holder
      : (await topics().list(communityId)).find((t) => t.id !== target?.id && t.demandIds.includes(d.id))
    if (other && other.id !== target?.id) throw refuse(`${name}已在议题“${other.title}”中，请先从该议题拆出`)
  }

  /**
   * Saves a demand with a new topic link; its revert writes the previous link back. Joining a
   * confirmed topic, a triaged demand moves on with it (followTopic).
   */
  function linkStep(d: Demand, topicId: string | undefined, stamp: string, joins?: Topic | null): Step {
    const next: Unsaved<Demand> = { ...d, updatedAt: stamp }
    const moved = joins?.status === 'confirmed' ? followTopic(d.status, stageOf(joins)) : null
    if (moved) next.status = moved
    if (topicId) next.topicId = topicId
    else delete next.topicId
    return demandStep(db, d, next)
  }

  /** Saves a topic (new, or replacing `before`); its revert deletes the new one or writes `before` back. */
  const topicStep = (next: Unsaved<Topic>, before: Topic | null): Step => recordStep(topics, next, before)

  function deleteStep(t: Topic): Step {
    let removed = false
    return {
      async run() {
        await topics().delete(t.id, { expectRevision: t.revision })
        removed = true
      },
      async revert() {
        if (removed) await topics().save({ ...t, revision: undefined } as Unsaved<Topic>)
      },
    }
  }

  const event = (kind: TopicEvent['kind'], ctx: CallContext | undefined, demandIds: string[], extra: Partial<TopicEvent> = {}): TopicEvent => ({
    id: `${kind === 'merge' ? 'm' : 'e'}-${newId()}`,
    kind,
    at: toLocalIso(now()),
    by: by(ctx),
    demandIds,
    ...extra,
  })

  async function get(id: string): Promise<TopicView> {
    const t = await topics().get(id)
    if (!t) throw topicNotFound()
    return view(t)
  }

  async function topicsOf(communityId: string): Promise<Topic[]> {
    return topics().list(communityId)
  }

  return {
    topicsOf,

    async list({ communityId, status }, ctx) {
      if (communityId) requireScope(ctx, communityId)
      const ids = communityId ? [communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id))
      const rank = { confirmed: 0, proposed: 1, closed: 2 } as const
      const all: Topic[] = []
      for (const c of ids) all.push(...(await topics().list(c)).filter((t) => !status || t.status === status))
      all.sort(
        (a, b) =>
          rank[a.status] - rank[b.status] ||
          (a.order ?? 0) - (b.order ?? 0) ||
          b.createdAt.localeCompare(a.createdAt) ||
          a.id.localeCompare(b.id),
      )
      return Promise.all(all.map(view))
    },

    async create({ communityId, level, title, demandIds }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const demands: Demand[] = []
      for (const id of demandIds) {
        const d = await loadDemand(id, ctx)
        await checkJoinable(d, communityId, null)
        demands.push(d)
      }
      const stamp = toLocalIso(now())
      const topic: Unsaved<Topic> = {
        id: makeTopicId(communityId, newId()),
        communityId,
        level,
        title,
        demandIds: [...demandIds],
        status: 'proposed',
        createdAt: stamp,
        updatedAt: stamp,
        history: [event('create', ctx, [...demandIds])],
      }
      await audit.append({ ...auditWho(ctx), action: 'topic.create', target: topic.id, detail: { communityId, level, demandIds, caseNos: caseNosOf(demands) } })
      await runAll([topicStep(topic, null), ...demands.map((d) => linkStep(d, topic.id, stamp))])
      return get(topic.id)
    },

    async merge(input, ctx) {
      const { demandIds } = input
      const stamp = toLocalIso(now())
      let target: Topic | null = null
      let anchor: Demand | null = null
      if (input.targetDemandId !== undefined) {
        if (demandIds.includes(input.targetDemandId)) throw refuse('不能把诉求合并到它自己')
        anchor = await loadDemand(input.targetDemandId, ctx)
        const state = demandMergeRefusal(anchor)
        if (state) throw refuse(`目标诉求${demandText(anchor)}${state}，不能作为合并目标`, 'targetDemandId')
        if (anchor.topicId) target = (await topics().get(anchor.topicId)) ?? null
      } else {
        target = await loadTopic(input.topicId!, ctx)
        checkRevision(target, input.revision!, '议题')
      }
      if (target?.status === 'closed') throw refuse(`议题“${target.title}”已关闭，不能再合并诉求`, 'topicId')
      const communityId = target?.communityId ?? anchor!.communityId
      const demands: Demand[] = []
      for (const id of demandIds) {
        const d = await loadDemand(id, ctx)
        await checkJoinable(d, communityId, target)
        demands.push(d)
      }
      let steps: Step[]
      let topicId: string
      if (target) {
        topicId = target.id
        const merge = event('merge', ctx, [...demandIds])
        const next: Topic = { ...target, demandIds: [...target.demandIds, ...demandIds], history: [...target.history, merge], updatedAt: stamp }
        steps = [topicStep(next, target)]
      } else {
        // Merging into a demand without a topic makes one holding both; undoing it removes it again.
        topicId = makeTopicId(communityId, newId())
        const level: TopicLevel = anchor!.triage?.level ?? demands.find((d) => d.triage?.level)?.triage?.level ?? 'compound'
        const ids = [anchor!.id, ...demandIds]
        const created: Unsaved<Topic> = {
          id: topicId,
          communityId,
          level,
          title: input.title ?? defaultTopicTitle(anchor!.description),
          demandIds: ids,
          status: 'proposed',
          createdAt: stamp,
          updatedAt: stamp,
          history: [event('merge', ctx, ids, { createdByMerge: true })],
        }
        steps = [topicStep(created, null), linkStep(anchor!, topicId, stamp)]
      }
      await audit.append({
        ...auditWho(ctx),
        action: 'topic.merge',
        target: topicId,
        detail: { demandIds, caseNos: caseNosOf(demands), ...(anchor ? { targetDemandId: anchor.id, targetCaseNo: anchor.caseNo ?? anchor.id } : {}), createdTopic: !target },
      })
      await runAll([...steps, ...demands.map((d) => linkStep(d, topicId, stamp, target))])
      return get(topicId)
    },

    async undoMerge({ id, revision, mergeId }, ctx) {
      const topic = await loadTopic(id, ctx)
      checkRevision(topic, revision, '议题')
      if (topic.status === 'closed') throw refuse(`议题“${topic.title}”已关闭，不能撤销合并`, 'id')
      const merge = topic.history.find((e) => e.kind === 'merge' && e.id === mergeId)
      if (!merge) throw new AppError('NOT_FOUND', '未找到这次合并记录，请刷新')
      if (topic.history.some((e) => e.kind === 'undoMerge' && e.mergeId === mergeId)) throw refuse('这次合并已经撤销过了', 'mergeId')
      const gone = merge.demandIds.filter((d) => !topic.demandIds.includes(d))
      if (gone.length) throw refuse('这次合并的部分诉求已被拆分到其他议题，无法撤销这次合并；请先把它们拆回或重新合并', 'mergeId')
      const stamp = toLocalIso(now())
      const remaining = topic.demandIds.filter((d) => !merge.demandIds.includes(d))
      const steps: Step[] = []
      if (remaining.length === 0) steps.push(deleteStep(topic))
      else {
        const next: Topic = {
          ...topic,
          demandIds: remaining,
          updatedAt: stamp,
          history: [...topic.history, event('undoMerge', ctx, [...merge.demandIds], { mergeId })],
        }
        steps.push(topicStep(next, topic))
      }
      // Demands join a topic only when they are in none (checkJoinable), so before the merge each
      // of them had no topic: the exact previous link is "none".
      const unlinked: Demand[] = []
      for (const demandId of merge.demandIds) {
        const d = await db.getDemand(demandId).catch(() => undefined)
        if (d && d.topicId === topic.id) {
          steps.push(linkStep(d, undefined, stamp))
          unlinked.push(d)
        }
      }
      await audit.append({
        ...auditWho(ctx),
        action: 'topic.undoMerge',
        target: topic.id,
        detail: { mergeId, demandIds: merge.demandIds, caseNos: caseNosOf(unlinked), topicRemoved: remaining.length === 0 },
      })
      await runAll(steps)
      return remaining.length === 0 ? { topic: null, removed: true } : { topic: await get(topic.id), removed: false }
    },

    async split({ id, revision, demandIds, title }, ctx) {
      const topic = await loadTopic(id, ctx)
      checkRevision(topic, revision, '议题')
      if (topic.status === 'closed') throw refuse(`议题“${topic.title}”已关闭，不能拆分`, 'id')
      const outside = demandIds.filter((d) => !topic.demandIds.includes(d))
      if (outside.length) throw refuse('所选诉求不在该议题中，请刷新')
      const remaining = topic.demandIds.filter((d) => !demandIds.includes(d))
      if (remaining.length === 0) throw refuse('不能把全部诉求拆出，议题至少保留一条诉求')
      const stamp = toLocalIso(now())
      const newTopicId = makeTopicId(topic.communityId, newId())
      const created: Unsaved<Topic> = {
        id: newTopicId,
        communityId: topic.communityId,
        level: topic.level,
        title,
        demandIds: [...demandIds],
        status: 'proposed',
        createdAt: stamp,
        updatedAt: stamp,
        history: [event('splitFrom', ctx, [...demandIds], { otherTopicId: topic.id })],
      }
      const next: Topic = {
        ...topic,
        demandIds: remaining,
        updatedAt: stamp,
        history: [...topic.history, event('split', ctx, [...demandIds], { otherTopicId: newTopicId })],
      }
      const links: Step[] = []
      const moved: Demand[] = []
      for (const demandId of demandIds) {
        const d = await db.getDemand(demandId).catch(() => undefined)
        if (d) {
          links.push(linkStep(d, newTopicId, stamp))
          moved.push(d)
        }
      }
      await audit.append({ ...auditWho(ctx), action: 'topic.split', target: topic.id, detail: { newTopicId, demandIds, caseNos: caseNosOf(moved) } })
      await runAll([topicStep(next, topic), topicStep(created, null), ...links])
      return { from: await get(topic.id), created: await get(newTopicId) }
    },

    async update({ id, revision, patch }, ctx) {
      const topic = await loadTopic(id, ctx)
      checkRevision(topic, revision, '议题')
      if (topic.status === 'closed') throw refuse(`议题“${topic.title}”已关闭，不能修改`, 'id')
      const next: Topic = { ...topic, ...patch, updatedAt: toLocalIso(now()) }
      const changes: Record<string, { from: string; to: string }> = {}
      if (patch.level !== undefined && patch.level !== topic.level) changes.level = { from: topic.level, to: patch.level }
      if (patch.title !== undefined && patch.title !== topic.title) changes.title = { from: topic.title, to: patch.title }
      // A confirmed topic raised to the street takes its demands to 街道兜底 (forward only).
      const follow = next.status === 'confirmed' && changes.level ? await followTopicSteps(db, topic.demandIds, stageOf(next), next.updatedAt) : { steps: [], moved: [] }
      const moved = follow.moved.length ? { demands: follow.moved.map((d) => d.id), status: stageOf(next) } : {}
      await audit.append({ ...auditWho(ctx), action: 'topic.update', target: topic.id, detail: { ...changes, ...moved } })
      await runAll([...follow.steps, topicStep(next, topic)])
      return get(topic.id)
    },

    async confirm({ id, revision }, ctx) {
      const topic = await loadTopic(id, ctx)
      checkRevision(topic, revision, '议题')
      if (topic.status === 'confirmed') throw refuse(`议题“${topic.title}”已经确认`, 'id')
      if (topic.status === 'closed') throw refuse(`议题“${topic.title}”已关闭，不能确认`, 'id')
      const confirmed = agendaOrder(await topics().list(topic.communityId))
      const order = confirmed.reduce((max, t) => Math.max(max, t.order ?? 0), 0) + 1
      const stamp = toLocalIso(now())
      const next: Topic = { ...topic, status: 'confirmed', order, updatedAt: stamp, history: [...topic.history, event('confirm', ctx, [])] }
      // Its demands move on with it: 社区协同 for a compound or community meeting, 街道兜底 for the street's.
      const stage = stageOf(topic)
      const follow = await followTopicSteps(db, topic.demandIds, stage, stamp)
      const moved = follow.moved.length ? { demands: follow.moved.map((d) => d.id), status: stage } : {}
      await audit.append({ ...auditWho(ctx), action: 'topic.confirm', target: topic.id, detail: { order, ...moved } })
      // The demands first: a crash before the topic's write leaves it unconfirmed, and confirming
      // again finds them moved already (followTopic runs forward only).
      await runAll([...follow.steps, topicStep(next, topic)])
      return get(topic.id)
    },

    async reorder({ communityId, ids }, ctx) {
      requireScope(ctx, communityId)
      const confirmed = agendaOrder(await topics().list(communityId))
      const known = new Set(confirmed.map((t) => t.id))
      if (ids.length !== confirmed.length || ids.some((i) => !known.has(i))) {
        throw new AppError('CONFLICT', '已确认的议题有变化（可能在另一个窗口），请刷新后再排序')
      }
      const stamp = toLocalIso(now())
      const steps: Step[] = []
      ids.forEach((tid, i) => {
        const t = confirmed.find((x) => x.id === tid)!
        if (t.order !== i + 1) steps.push(topicStep({ ...t, order: i + 1, updatedAt: stamp }, t))
      })
      if (steps.length) {
        await audit.append({ ...auditWho(ctx), action: 'topic.reorder', target: communityId, detail: { ids } })
        await runAll(steps)
      }
      const after = agendaOrder(await topics().list(communityId))
      return Promise.all(after.map(view))
    },
  }
}


/**
 * For 社区管理's removal check: a community that still has topics cannot be removed (its topics
 * would be left without a community). Grids and compounds are referred to by demands only.
 */
export function topicReferences(db: Pick<Database, 'collection'>): ReferenceCheck {
  return async ({ community, kind }) => {
    if (kind !== 'community') return null
    let list: Topic[]
    try {
      list = await db.collection<Topic>(TOPICS_COLLECTION).list(community.id)
    } catch {
      return null // services built without the topics collection
    }
    if (!list.length) return null
    return `${list.length} 个议题（例如“${list[0].title}”）`
  }
}

