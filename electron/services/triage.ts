// triage:* — 受理研判: the decision on a demand (accept / reject / solve on the spot / escalate) with
// urgency, level and deadline, and duplicate suggestions (similar open demands). The demand's
// status moves along the one-matter loop (demand-workflow.ts) to where the decision leaves it.
import { AppError } from '../../shared/contract/errors'
import type { SimilarDemand } from '../../shared/contract'
import type { Demand, DemandTriage } from '../../shared/domain/entities'
import { addMonths, dayOf, monthOf, toLocalIso, toZonedIso, withStreetOffset } from '../../shared/domain/month'
import { parsePhone } from '../../shared/domain/phone'
import { bigrams, daysBetween, dice, scoreSimilarity, SIMILAR_WINDOW_DAYS } from '../../shared/domain/similarity'
import { DEFAULT_STREET_SETTINGS } from '../../shared/contract/street'
import {
  addDays,
  demandMergeRefusal,
  statusMoveRefusal,
  statusPath,
  triageTarget,
  type Topic,
} from '../../shared/domain/topic-model'
import { DEMAND_STATUS_NAMES } from '../../shared/domain/vocab'
import type { Database } from '../data'
import { auditWho, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { demandLabel } from '../../shared/domain/case-number'
import { toView } from './demand'
import { checkRevision } from './revision'
import { TOPICS_COLLECTION } from './topics-collection'
import type { StreetSettingsSource } from './street'
import type { AreaService } from './types'

export interface TriageDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  /** The street settings: default days to the deadline per level, and the time zone of "today". */
  street?: Pick<StreetSettingsSource, 'get'>
}

const invalid = (field: string, message: string) => new AppError('VALIDATION', message, { [field]: message })

/** Months a candidate may have been received in: the window around the reference time. */
function monthsAround(ref: string, tz: string): string[] {
  const ms = Date.parse(ref)
  const from = monthOf(toZonedIso(new Date(ms - SIMILAR_WINDOW_DAYS * 2 * 86_400_000), tz), tz)
  const to = monthOf(toZonedIso(new Date(ms + SIMILAR_WINDOW_DAYS * 86_400_000), tz), tz)
  const out: string[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m)
  return out
}

export function createTriageService(deps: TriageDeps): AreaService<'triage'> {
  const { db, audit, now } = deps
  const settings = async () => (deps.street ? await deps.street.get() : { ...DEFAULT_STREET_SETTINGS })

  return {
    async decide(input, ctx) {
      const current = await db.getDemand(input.id)
      if (!current) throw new AppError('NOT_FOUND', '未找到该诉求')
      requireScope(ctx, current.communityId)
      checkRevision(current, input.revision, '诉求')
      if (current.status === 'evaluated') throw invalid('decision', '该诉求已办结（监督评价），不能再研判')
      const { decision } = input
      if (decision === 'rejected' && current.topicId) {
        throw invalid('decision', '该诉求已列入议题，驳回前请先把它从议题中拆出')
      }
      // Only what belongs to the decision is stored; anything else is refused, never dropped.
      if (input.reason !== undefined && decision !== 'rejected') throw invalid('reason', '只有驳回需要填写驳回原因')
      if (input.action !== undefined && decision !== 'solved') throw invalid('action', '只有当场解决需要填写处理情况')
      const handled = decision === 'accepted' || decision === 'escalated'
      if (!handled && input.level !== undefined) throw invalid('level', '驳回或当场解决的诉求不选办理层级')
      if (!handled && input.deadline !== undefined) throw invalid('deadline', '驳回或当场解决的诉求不设办理时限')

      const target = triageTarget(decision, input.level)
      const path = statusPath(current.status, target)
      if (path === null) throw invalid('decision', statusMoveRefusal(current.status, target))

      const nowDate = now()
      const street = await settings()
      const today = dayOf(toZonedIso(nowDate, street.timeZone), street.timeZone)
      let deadline: string | undefined
      if (handled) {
        deadline = input.deadline ?? addDays(today, street.deadlineDays[input.level!])
        if (deadline < today) throw invalid('deadline', `办理时限不能早于今天（${today}）`)
      }
      const who = auditWho(ctx)
      const triage: DemandTriage = { decision, urgency: input.urgency, by: who.actor, at: toLocalIso(nowDate) }
      if (input.reason !== undefined) triage.reason = input.reason
      if (input.action !== undefined) triage.action = input.action
      if (handled) triage.level = input.level
      if (deadline) triage.deadline = deadline

      const next: Demand = { ...current, status: target, triage, updatedAt: toLocalIso(nowDate) }
      if (input.category !== undefined) next.category = input.category
      // Who and when, before the change; free text (reason, action) stays on the record only.
      await audit.append({
        ...who,
        action: 'demand.triage',
        target: demandLabel(current),
        detail: {
          id: current.id,
          decision,
          urgency: input.urgency,
          ...(triage.level ? { level: triage.level } : {}),
          ...(deadline ? { deadline } : {}),
          status: { from: DEMAND_STATUS_NAMES[current.status], to: DEMAND_STATUS_NAMES[target] },
          ...(input.category !== undefined && input.category !== current.category ? { category: { from: current.category, to: input.category } } : {}),
        },
      })
      return toView(await db.saveDemand(next, { expectRevision: input.revision }))
    },

    async similar(input, ctx) {
      let text = input.description ?? ''
      let communityId = input.communityId
      let compoundId = input.compoundId
      let phone = input.phone !== undefined ? (parsePhone(input.phone) as { ok: true; value: string }).value : undefined
      const tz = (await settings()).timeZone
      // A draft's time without an offset is wall-clock time in the street's zone.
      const given = input.receivedAt ? withStreetOffset(input.receivedAt, tz) : ''
      let receivedAt = given && !Number.isNaN(Date.parse(given)) ? given : toLocalIso(now())
      let self: Demand | undefined
      if (input.demandId !== undefined) {
        self = await db.getDemand(input.demandId)
        if (!self) throw new AppError('NOT_FOUND', '未找到该诉求')
        requireScope(ctx, self.communityId)
        text = self.description
        communityId = self.communityId
        compoundId = self.compoundId
        phone = self.reporterPhone
        receivedAt = self.receivedAt
      } else if (communityId) requireScope(ctx, communityId)
      if (communityId && !db.community(communityId)) return []

      const base = bigrams(text)
      const communities = communityId ? [communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id))
      const months = new Set(monthsAround(receivedAt, tz))
      const found: Array<{ d: Demand; r: ReturnType<typeof scoreSimilarity> }> = []
      for (const c of communities) {
        for (const month of Object.keys(db.countsOf(c))) {
          if (!months.has(month)) continue
          for (const d of await db.readPartition(c, month)) {
            if (self && (d.id === self.id || (self.topicId && d.topicId === self.topicId))) continue
            if (demandMergeRefusal(d)) continue // only open demands are suggested
            const r = scoreSimilarity({
              text: dice(base, bigrams(d.description)),
              sameCompound: !!compoundId && d.compoundId === compoundId,
              // Normalised on both sides (the schemas store phones normalised); never returned.
              samePhone: !!phone && d.reporterPhone === phone,
              daysApart: daysBetween(receivedAt, d.receivedAt),
            })
            if (r.suggested) found.push({ d, r })
          }
        }
      }
      found.sort((a, b) => b.r.score - a.r.score || Date.parse(b.d.receivedAt) - Date.parse(a.d.receivedAt))
      const top = found.slice(0, input.limit)
      const titles = new Map<string, string>()
      let topics: ((id: string) => Promise<Topic | undefined>) | null
      try {
        const coll = db.collection<Topic>(TOPICS_COLLECTION)
        topics = (id) => coll.get(id)
      } catch {
        topics = null // services built without the topics collection (tests of demands only)
      }
      const out: SimilarDemand[] = []
      for (const { d, r } of top) {
        const item: SimilarDemand = { demand: toView(d), score: r.score, textPercent: r.textPercent, reasons: r.reasons, reasonText: r.reasonText }
        if (d.topicId && topics) {
          if (!titles.has(d.topicId)) titles.set(d.topicId, (await topics(d.topicId).catch(() => undefined))?.title ?? '')
          if (titles.get(d.topicId)) item.topicTitle = titles.get(d.topicId)
        }
        out.push(item)
      }
      return out
    },
  }
}
