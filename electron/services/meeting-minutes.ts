// The minutes of a meeting: saved per agenda item with a revision per item, approved (locked, with
// the SHA-256 of their canonical form), corrected as a new linked version, compared, exported.
import { createHash } from 'node:crypto'
import type { MinutesVersionView } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import {
  agendaInOrder,
  diffMinutes,
  fullPositions,
  itemsWithoutDecision,
  nextMinutesIssue,
  normaliseText,
  plainTextProblem,
  type Meeting,
  type Minutes,
  type MinutesSnapshot,
  type Person,
} from '../../shared/domain/meeting'
import { canonicalMinutes } from '../../shared/domain/minutes-canonical'
import { auditWho, INTERNAL_ACTOR, operatorOf } from './actor'
import { exportMeeting } from './meeting-export'
import { refuse, requireNotApproved, type MeetingDeps, type MeetingRecords } from './meeting-records'
import { checkRevision } from './revision'
import { communityTasks } from './tasks-collection'
import { TOPICS_COLLECTION } from './topics-collection'
import type { Topic } from '../../shared/domain/topic-model'
import type { AreaService } from './types'

/** sha256 hex of the canonical form (shared/domain/minutes-canonical.ts). */
export function minutesHash(s: MinutesSnapshot): string {
  return createHash('sha256').update(canonicalMinutes(s), 'utf8').digest('hex')
}

/** One version of the minutes as it is hashed, shown and compared (names from the directory). */
export function snapshotOf(m: Meeting, minutes: Minutes, people: Map<string, Person>): MinutesSnapshot {
  const name = (id: string) => people.get(id)?.name ?? '（已删除的人员）'
  return {
    meetingId: m.id,
    version: minutes.version,
    title: m.title,
    level: m.level,
    startsAt: m.startsAt,
    place: m.place,
    chair: name(m.chairId),
    recorder: name(m.recorderId),
    attendance: m.roster.map((r) => ({ name: name(r.personId), party: people.get(r.personId)?.party ?? 'residentRep', attendance: r.attendance })),
    items: agendaInOrder(m.agenda).map((a) => {
      const im = minutes.items.find((x) => x.itemId === a.id)
      return { order: a.order, title: a.title, notes: im?.notes ?? '', positions: fullPositions(im?.positions ?? {}), decision: im?.decision ?? '' }
    }),
    ...(minutes.issue ? { issue: minutes.issue } : {}),
  }
}

type MinutesVerbs = 'saveItemMinutes' | 'approve' | 'correct' | 'versions' | 'export'

export function meetingMinutesService(deps: MeetingDeps, rec: MeetingRecords): Pick<AreaService<'meeting'>, MinutesVerbs> {
  const { db, audit } = deps
  const { load, peopleOf, write, stamp } = rec

  const topics = () => deps.db.collection<Topic>(TOPICS_COLLECTION)

  /**
   * The 期号 an approval prints: the one given, else the corrected version's, else the next of the
   * community's year (the year of the meeting's date). One 期号 names one meeting's minutes a year.
   */
  async function issueFor(m: Meeting, given: string | undefined): Promise<string> {
    const year = m.startsAt.slice(0, 4)
    const others = (await rec.communityMeetings(m.communityId)).filter((x) => x.id !== m.id && x.startsAt.slice(0, 4) === year && x.minutes.issue)
    const issue = given || m.minutes.issue || nextMinutesIssue(others.map((x) => x.minutes.issue!))
    const clash = others.find((x) => x.minutes.issue === issue)
    if (clash) throw refuse(`期号“${issue}”已用于会议“${clash.title}”（${clash.startsAt.slice(0, 10)}），请换一个期号`, 'issue')
    return issue
  }

  /** Closes the confirmed topics whose agenda item has a decision; returns what it saved. */
  async function closeDecidedTopics(m: Meeting, at: string, by: string): Promise<Array<{ before: Topic; saved: Topic }>> {
    const done: Array<{ before: Topic; saved: Topic }> = []
    for (const item of m.agenda) {
      const decision = m.minutes.items.find((x) => x.itemId === item.id)?.decision.trim()
      if (!item.topicId || !decision) continue
      const before = await topics().get(item.topicId).catch(() => undefined)
      if (!before || before.status !== 'confirmed') continue
      const next: Topic = {
        ...before,
        status: 'closed',
        updatedAt: at,
        history: [...before.history, { id: `e-${deps.newId()}`, kind: 'close', at, by, demandIds: [...before.demandIds], meetingId: m.id }],
      }
      delete next.order
      try {
        done.push({ before, saved: await topics().save(next, { expectRevision: before.revision }) })
      } catch (err) {
        for (const d of done.reverse()) await topics().save({ ...d.before }, { expectRevision: d.saved.revision }).catch(() => undefined)
        throw err
      }
    }
    return done
  }

  return {
    async saveItemMinutes(input, ctx) {
      const notes = normaliseText(input.notes)
      const decision = normaliseText(input.decision)
      const problem = plainTextProblem(notes, '讨论记录') ?? plainTextProblem(decision, '议定事项')
      if (problem) throw refuse(problem, plainTextProblem(notes, '讨论记录') ? 'notes' : 'decision')
      const by = auditWho(ctx).actor
      // Items are checked by their own revision: two editors of different items do not collide,
      // so a lost race on the meeting record (another item saved meanwhile) is retried.
      for (let attempt = 0; ; attempt++) {
        const m = await load(input.id, ctx)
        requireNotApproved(m, 'notes')
        const item = m.agenda.find((a) => a.id === input.itemId)
        if (!item) throw refuse('该议程已不在本次会议中，请刷新', 'itemId')
        const current = m.minutes.items.find((x) => x.itemId === item.id)
        if ((current?.revision ?? 0) !== input.itemRevision) {
          const when = current ? `已于 ${current.updatedAt.replace('T', ' ').slice(0, 16)} 被${current.updatedBy}修改` : '已被修改'
          const msg = `议程“${item.title}”的纪要${when}，请刷新后再保存（您的内容请先复制保留）`
          throw new AppError('CONFLICT', msg, { itemRevision: msg })
        }
        const saved = { itemId: item.id, notes, positions: { ...input.positions }, decision, revision: (current?.revision ?? 0) + 1, updatedAt: await stamp(), updatedBy: by }
        const items = current ? m.minutes.items.map((x) => (x.itemId === item.id ? saved : x)) : [...m.minutes.items, saved]
        try {
          return await write({ ...m, minutes: { ...m.minutes, items } }, m)
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'CONFLICT') || attempt >= 4) throw err
        }
      }
    },

    async approve({ id, revision, confirmMissingDecisions, issue: given }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.minutes.status === 'approved') throw refuse('纪要已审定', 'id')
      if (m.status !== 'ended') throw refuse('会议结束后才能审定纪要', 'id')
      const without = itemsWithoutDecision(m)
      if (without.length && !confirmMissingDecisions) {
        throw refuse(`以下议程没有议定事项：${without.map((a) => `“${a.title}”`).join('、')}。确认无议定事项时，请确认后再审定`, 'confirmMissingDecisions')
      }
      const issue = await issueFor(m, given)
      const op = operatorOf(ctx)
      const snapshot = snapshotOf(m, { ...m.minutes, issue }, await peopleOf(m.communityId))
      const sha256 = minutesHash(snapshot)
      const minutes: Minutes = {
        ...m.minutes,
        issue,
        status: 'approved',
        approvedBy: op ? { id: op.id, name: op.name } : { id: 'internal', name: INTERNAL_ACTOR },
        approvedAt: await stamp(),
        sha256,
        snapshot,
      }
      await audit.append({ ...auditWho(ctx), action: 'minutes.approve', target: m.id, detail: { version: minutes.version, issue, sha256, itemsWithoutDecision: without.length } })
      // A topic decided in approved minutes is closed (议题已议定): no more merges into it, and
      // it leaves the community's agenda order. Closed first, put back if the approval fails.
      const closed = await closeDecidedTopics(m, await stamp(), auditWho(ctx).actor)
      try {
        return await write({ ...m, minutes }, m)
      } catch (err) {
        for (const { before, saved } of closed.reverse()) await topics().save({ ...before }, { expectRevision: saved.revision }).catch(() => undefined)
        throw err
      }
    },

    async correct({ id, revision, reason }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.minutes.status !== 'approved') throw refuse('纪要尚未审定，可直接修改，无需更正', 'id')
      const minutes: Minutes = {
        version: m.minutes.version + 1,
        correctionOf: m.minutes.version,
        correctionReason: reason,
        // the corrected document keeps its 期号 (the version line says it is a correction)
        ...(m.minutes.issue ? { issue: m.minutes.issue } : {}),
        status: 'draft',
        // Item revisions carry on, so an editor still holding the old version's read is refused.
        items: m.minutes.items.map((i) => ({ ...i, positions: { ...i.positions } })),
        createdAt: await stamp(),
      }
      await audit.append({
        ...auditWho(ctx),
        action: 'minutes.correct',
        target: m.id,
        detail: { fromVersion: m.minutes.version, toVersion: minutes.version, previousSha256: m.minutes.sha256, reason },
      })
      return write({ ...m, versions: [...m.versions, m.minutes], minutes }, m)
    },

    async versions({ id }, ctx) {
      const m = await load(id, ctx)
      const people = await peopleOf(m.communityId)
      const views = [...m.versions, m.minutes].map((v): MinutesVersionView => {
        const view: MinutesVersionView = { version: v.version, status: v.status, snapshot: v.snapshot ?? snapshotOf(m, v, people) }
        for (const k of ['correctionOf', 'correctionReason', 'approvedBy', 'approvedAt', 'sha256'] as const) if (v[k] !== undefined) (view as unknown as Record<string, unknown>)[k] = v[k]
        return view
      })
      const diff = views.length >= 2 ? diffMinutes(views[views.length - 2].snapshot, views[views.length - 1].snapshot) : []
      return { versions: views, diff }
    },

    async export({ id, document, format, version }, ctx) {
      const m = await load(id, ctx)
      const people = await peopleOf(m.communityId)
      const communityName = db.communities().find((c) => c.id === m.communityId)?.name ?? ''
      const timeZone = deps.timeZone ? await deps.timeZone() : undefined
      return exportMeeting(
        { meeting: m, people, communityName, timeZone, snapshotOf: (v) => v.snapshot ?? snapshotOf(m, v, people), tasks: await communityTasks(db, m.communityId) },
        { document, format, ...(version !== undefined ? { version } : {}) },
        deps.printPdf,
      )
    },
  }
}
