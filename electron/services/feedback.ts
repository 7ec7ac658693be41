// feedback:* — 效果评价 (issue 11, step 6). Every step is a field of the demand record itself
// (shared/domain/evaluation.ts), written with the revision the caller read, so the month's derived
// counts (ratings, days to closure) follow each write and a closure is never half-recorded.
// Closing and reopening are audited; both keep what came before (pastClosures, reopenings).
import { AppError } from '../../shared/contract/errors'
import type { FeedbackState, TopicEffect } from '../../shared/contract'
import type { Demand } from '../../shared/domain/entities'
import { closeRefusal, closureOf, currentRound, latestRating, ratingRefusal, RATINGS, type FeedbackEntry, type FollowUp } from '../../shared/domain/evaluation'
import { dayOf, toZonedIso } from '../../shared/domain/month'
import { percentOf } from '../../shared/domain/rates'
import { isOpenTask, taskColumn, type Task } from '../../shared/domain/task'
import type { Topic } from '../../shared/domain/topic-model'
import type { Database, Unsaved } from '../data'
import { auditWho, requireScope } from './actor'
import type { AuditLog } from './audit'
import { toView } from './demand'
import { buildTimeline } from './feedback-timeline'
import { checkRevision } from './revision'
import type { StreetSettingsSource } from './street'
import { TASKS_COLLECTION } from './tasks-collection'
import { TOPICS_COLLECTION, topicDemands } from './topics-collection'
import type { AreaService, CallContext } from './types'

export interface FeedbackDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
  street: Pick<StreetSettingsSource, 'timeZone'>
}

const refuse = (message: string, field = 'demandId') => new AppError('VALIDATION', message, { [field]: message })

export function createFeedbackService(deps: FeedbackDeps): AreaService<'feedback'> {
  const { db, audit, now, newId, street } = deps
  const by = (ctx?: CallContext) => auditWho(ctx).actor

  async function loadDemand(id: string, ctx?: CallContext): Promise<Demand> {
    const d = await db.getDemand(id).catch(() => undefined)
    if (!d) throw new AppError('NOT_FOUND', '未找到该诉求（可能已被删除），请刷新')
    requireScope(ctx, d.communityId)
    return d
  }

  /** The demand's tasks (any community file may not hold them: tasks link demands of their own community). */
  async function tasksOf(d: Demand): Promise<Task[]> {
    return (await db.collection<Task>(TASKS_COLLECTION).list(d.communityId)).filter((t) => t.demandIds.includes(d.id))
  }

  async function today(): Promise<string> {
    const tz = await street.timeZone()
    return dayOf(toZonedIso(now(), tz), tz)
  }

  async function state(d: Demand): Promise<FeedbackState> {
    const day = await today()
    const open = (await tasksOf(d)).filter(isOpenTask)
    const titles = open.map((t) => t.title)
    return {
      demand: toView(d),
      openTasks: open.map((t) => ({ id: t.id, title: t.title, column: taskColumn(t, day) })),
      closeRefusal: { rated: closeRefusal(d, 'rated', titles), unreachable: closeRefusal(d, 'unreachable', titles) },
      ratingRefusal: ratingRefusal(d),
    }
  }

  async function save(before: Demand, next: Unsaved<Demand>): Promise<FeedbackState> {
    const saved = await db.saveDemand(next, { expectRevision: before.revision })
    return state(saved)
  }

  function requireOpen(d: Demand, doing: string): void {
    if (d.status === 'evaluated') throw refuse(`该诉求已办结，不能再${doing}；如需继续办理，请先重新打开`)
  }

  return {
    async get({ demandId }, ctx) {
      return state(await loadDemand(demandId, ctx))
    },

    async tell(input, ctx) {
      const d = await loadDemand(input.demandId, ctx)
      checkRevision(d, input.revision, '诉求')
      requireOpen(d, '反馈告知')
      if (Date.parse(input.at) > now().getTime()) throw refuse('告知时间不能晚于现在', 'at')
      const stamp = toZonedIso(now(), await street.timeZone())
      const entry: FeedbackEntry = { id: `f-${newId()}`, at: input.at, way: input.way, teller: input.teller, text: input.text, by: by(ctx), recordedAt: stamp }
      // Told the result: the demand is at 反馈告知 (from wherever it was in the loop).
      return save(d, { ...d, status: 'notified', feedback: [...(d.feedback ?? []), entry], updatedAt: stamp })
    },

    async followUp(input, ctx) {
      const d = await loadDemand(input.demandId, ctx)
      checkRevision(d, input.revision, '诉求')
      requireOpen(d, '回访')
      const refusal = ratingRefusal(d)
      if (refusal) throw refuse(refusal, input.reached ? 'rating' : 'demandId')
      if (Date.parse(input.at) > now().getTime()) throw refuse('回访时间不能晚于现在', 'at')
      const f: FollowUp = { id: `v-${newId()}`, at: input.at, way: input.way, reached: input.reached, by: by(ctx) }
      if (input.rating) f.rating = input.rating
      if (input.comment) f.comment = input.comment
      const stamp = toZonedIso(now(), await street.timeZone())
      return save(d, { ...d, followUps: [...(d.followUps ?? []), f], updatedAt: stamp })
    },

    async close({ demandId, revision, outcome }, ctx) {
      const d = await loadDemand(demandId, ctx)
      checkRevision(d, revision, '诉求')
      const refusal = closeRefusal(d, outcome, (await tasksOf(d)).filter(isOpenTask).map((t) => t.title))
      if (refusal) throw refuse(refusal, 'outcome')
      const tz = await street.timeZone()
      const stamp = toZonedIso(now(), tz)
      const closure = closureOf(d, outcome, stamp, by(ctx), dayOf(d.receivedAt, tz), dayOf(stamp, tz))
      await audit.append({
        ...auditWho(ctx),
        action: 'demand.close',
        target: d.id,
        detail: { communityId: d.communityId, caseNo: d.caseNo ?? d.id, outcome, ...(closure.rating ? { rating: closure.rating } : {}), days: closure.days },
      })
      return save(d, { ...d, status: 'evaluated', closure, updatedAt: stamp })
    },

    async reopen({ demandId, revision, reason }, ctx) {
      const d = await loadDemand(demandId, ctx)
      checkRevision(d, revision, '诉求')
      if (d.status !== 'evaluated') throw refuse('该诉求尚未办结，不需要重新打开')
      const stamp = toZonedIso(now(), await street.timeZone())
      await audit.append({ ...auditWho(ctx), action: 'demand.reopen', target: d.id, detail: { communityId: d.communityId, caseNo: d.caseNo ?? d.id, reason } })
      const next: Unsaved<Demand> = {
        ...d,
        status: 'handling',
        // The first closure stays in the record: each past closure is undone by the reopening at its index.
        pastClosures: [...(d.pastClosures ?? []), ...(d.closure ? [d.closure] : [])],
        reopenings: [...(d.reopenings ?? []), { at: stamp, by: by(ctx), reason, feedbackBefore: d.feedback?.length ?? 0, followUpsBefore: d.followUps?.length ?? 0 }],
        updatedAt: stamp,
      }
      delete next.closure
      return save(d, next)
    },

    async timeline({ demandId }, ctx) {
      const d = await loadDemand(demandId, ctx)
      return buildTimeline(db, d, await tasksOf(d))
    },

    async topicEffect({ topicId }, ctx): Promise<TopicEffect> {
      const t = await db.collection<Topic>(TOPICS_COLLECTION).get(topicId)
      if (!t) throw new AppError('NOT_FOUND', '未找到该议题（可能已被删除），请刷新')
      requireScope(ctx, t.communityId)
      const ratings = Object.fromEntries(RATINGS.map((r) => [r, 0])) as TopicEffect['ratings']
      let told = 0
      let unreachable = 0
      let closed = 0
      const { live, deleted } = await topicDemands(db, t)
      for (const d of live) {
        if (currentRound(d).feedback.length) told++
        const rating = latestRating(d)?.rating
        if (rating) ratings[rating]++
        if (d.status === 'evaluated') closed++
        if (d.closure?.outcome === 'unreachable') unreachable++
      }
      const rated = ratings.satisfied + ratings.basicallySatisfied + ratings.dissatisfied
      return {
        topicId: t.id,
        title: t.title,
        demands: live.length,
        deleted,
        told,
        rated,
        ratings,
        unreachable,
        closed,
        satisfactionRate: percentOf(ratings.satisfied + ratings.basicallySatisfied, rated),
      }
    },
  }
}
