// meeting:* — 联席会议 (issue 10): setup with a roster pre-filled from the last meeting, sign-in and
// the quorum decision, the agenda (confirmed topics + the last meeting's decisions), chair mode
// (persisted, so the projector window follows through `changed` events), minutes per agenda item
// with a revision per item, approval (locks them, stores the SHA-256 of their canonical form) and
// corrections as new linked versions. Every write names the revision it read (CONFLICT if stale).
import { createHash } from 'node:crypto'
import type { AgendaCandidates, MeetingRemovePlan, MinutesVersionView } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import {
  agendaInOrder,
  diffMinutes,
  fullPositions,
  itemElapsedAt,
  itemsWithoutDecision,
  missingParties,
  normaliseText,
  partyList,
  plainTextProblem,
  SPEAKERS_MAX,
  type AgendaItem,
  type Meeting,
  type Minutes,
  type MinutesSnapshot,
  type Person,
  type RosterEntry,
} from '../../shared/domain/meeting'
import { canonicalMinutes } from '../../shared/domain/minutes-canonical'
import { toLocalIso } from '../../shared/domain/month'
import type { Topic } from '../../shared/domain/topic-model'
import type { Collection, Database, Unsaved } from '../data'
import { auditWho, INTERNAL_ACTOR, operatorOf, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { requireCommunity } from './demand'
import { exportMeeting, type PdfPrinter } from './meeting-export'
import { makeMeetingId, MEETINGS_COLLECTION, partitionOfMeetingId } from './meetings-collection'
import { PEOPLE_COLLECTION } from './people-collection'
import { checkRevision } from './revision'
import { TOPICS_COLLECTION } from './topics-collection'
import type { AreaService, CallContext } from './types'

export interface MeetingDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
  /** Electron's printToPDF of the print view; absent in the preview host and tests (pdf refused). */
  printPdf?: PdfPrinter
}

export const NO_AGENDA = '会议没有议程，不能开始'
export const MINUTES_LOCKED = '纪要已审定，不能修改；更正请创建新版本'
export const CARRY_OVER_NOTE = '任务跟踪尚未启用：列出上次会议的全部议定事项，请逐项说明落实情况'

const refuse = (message: string, field: string) => new AppError('VALIDATION', message, { [field]: message })
const notFound = () => new AppError('NOT_FOUND', '未找到该会议（可能已被删除），请刷新')

/** sha256 hex of the canonical form (shared/domain/minutes-canonical.ts). */
export function minutesHash(s: MinutesSnapshot): string {
  return createHash('sha256').update(canonicalMinutes(s), 'utf8').digest('hex')
}

/** The latest meeting by date (then by creation) among `list`, or null. */
function latest(list: Meeting[]): Meeting | null {
  return [...list].sort((a, b) => b.startsAt.localeCompare(a.startsAt) || b.createdAt.localeCompare(a.createdAt))[0] ?? null
}

function hasMinutesContent(m: Pick<Meeting, 'minutes' | 'versions'>): boolean {
  return m.versions.length > 0 || m.minutes.items.some((i) => i.notes.trim() || i.decision.trim() || Object.values(i.positions).some((p) => p && p !== 'none'))
}

export function createMeetingService(deps: MeetingDeps): AreaService<'meeting'> {
  const { db, audit, now, newId } = deps
  const meetings = (): Collection<Meeting> => db.collection<Meeting>(MEETINGS_COLLECTION)
  const stamp = () => toLocalIso(now())

  async function load(id: string, ctx?: CallContext): Promise<Meeting> {
    if (!partitionOfMeetingId(id)) throw notFound()
    const m = await meetings().get(id)
    if (!m) throw notFound()
    requireScope(ctx, m.communityId)
    return m
  }

  async function peopleOf(communityId: string): Promise<Map<string, Person>> {
    return new Map((await db.collection<Person>(PEOPLE_COLLECTION).list(communityId)).map((p) => [p.id, p]))
  }

  async function communityMeetings(communityId: string): Promise<Meeting[]> {
    return meetings().find((m) => m.communityId === communityId)
  }

  /** Refuses ids that are not people of the community. */
  function checkPeople(people: Map<string, Person>, ids: readonly string[], field: string, label: string): void {
    for (const id of ids) if (!people.has(id)) throw refuse(`所选${label}不在本社区的会议人员名单中，请刷新`, field)
  }

  const write = (next: Meeting, before: Meeting) => meetings().save({ ...next, updatedAt: stamp() }, { expectRevision: before.revision })

  function snapshotOf(m: Meeting, minutes: Minutes, people: Map<string, Person>): MinutesSnapshot {
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
    }
  }

  function requireNotApproved(m: Meeting, field = 'id'): void {
    if (m.minutes.status === 'approved') throw refuse(MINUTES_LOCKED, field)
  }

  function requireRunning(m: Meeting): void {
    if (m.status !== 'inProgress') throw refuse(m.status === 'ended' ? '会议已结束' : '会议尚未开始，请先开始会议', 'id')
  }

  /** Topics on other meetings' agendas (a topic is discussed at one meeting). */
  async function topicsInMeetings(communityId: string, except?: string): Promise<Map<string, Meeting>> {
    const used = new Map<string, Meeting>()
    for (const m of await communityMeetings(communityId)) {
      if (m.id === except) continue
      for (const a of m.agenda) if (a.topicId) used.set(a.topicId, m)
    }
    return used
  }

  async function removePlan(m: Meeting): Promise<MeetingRemovePlan> {
    const removes = [`会议“${m.title}”（${m.startsAt.slice(0, 10)}）`]
    if (m.agenda.length) removes.push(`${m.agenda.length} 项议程`)
    if (m.roster.length) removes.push(`${m.roster.length} 人的签到记录`)
    const written = m.minutes.items.filter((i) => i.notes.trim() || i.decision.trim()).length
    if (written) removes.push(`${written} 项议程的纪要（第 ${m.minutes.version} 版${m.minutes.status === 'approved' ? '，已审定' : '，草稿'}）`)
    if (m.versions.length) removes.push(`已审定纪要的 ${m.versions.length} 个早先版本`)
    return { id: m.id, title: m.title, hasMinutes: hasMinutesContent(m), removes }
  }

  return {
    async list({ communityId, year, status }, ctx) {
      if (communityId) {
        requireScope(ctx, communityId)
        requireCommunity(db, communityId)
      }
      const allowed = new Set(communityId ? [communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id)))
      const found =
        communityId && year !== undefined
          ? await meetings().list(`${communityId}/${year}`)
          : await meetings().find((m) => allowed.has(m.communityId) && (year === undefined || m.startsAt.startsWith(String(year))))
      return found
        .filter((m) => allowed.has(m.communityId) && (!status || m.status === status))
        .sort((a, b) => b.startsAt.localeCompare(a.startsAt) || a.id.localeCompare(b.id))
    },

    async get({ id }, ctx) {
      return load(id, ctx)
    },

    async create(input, ctx) {
      const { communityId } = input
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const people = await peopleOf(communityId)
      checkPeople(people, [input.chairId], 'chairId', '主持人')
      checkPeople(people, [input.recorderId], 'recorderId', '记录人')
      let ids: string[]
      if (input.roster) {
        checkPeople(people, input.roster, 'roster', '参会人员')
        ids = input.roster
      } else {
        // The next meeting's roster: the previous meeting's (people still active), else every active person.
        const previous = latest(await communityMeetings(communityId))
        ids = previous
          ? previous.roster.map((r) => r.personId).filter((pid) => people.get(pid)?.active)
          : [...people.values()].filter((p) => p.active).map((p) => p.id)
      }
      const at = stamp()
      const meeting: Unsaved<Meeting> = {
        id: makeMeetingId(communityId, input.startsAt.slice(0, 4), newId()),
        communityId,
        level: input.level,
        title: input.title,
        startsAt: input.startsAt,
        place: input.place,
        chairId: input.chairId,
        recorderId: input.recorderId,
        roster: ids.map((personId) => ({ personId, attendance: 'absent' })),
        status: 'draft',
        agenda: [],
        chair: { currentItemId: null, itemStartedAt: null, itemElapsed: 0, speakers: [] },
        minutes: { version: 1, status: 'draft', items: [], createdAt: at },
        versions: [],
        createdAt: at,
        updatedAt: at,
      }
      return meetings().save(meeting)
    },

    async update({ id, revision, patch }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      requireNotApproved(m)
      const people = await peopleOf(m.communityId)
      if (patch.chairId !== undefined) checkPeople(people, [patch.chairId], 'patch.chairId', '主持人')
      if (patch.recorderId !== undefined) checkPeople(people, [patch.recorderId], 'patch.recorderId', '记录人')
      const next: Meeting = { ...m, ...patch, roster: m.roster }
      if (patch.roster) {
        if (m.status === 'ended') throw refuse('会议已结束，参会名单不能再修改', 'patch.roster')
        checkPeople(people, patch.roster, 'patch.roster', '参会人员')
        const known = new Map(m.roster.map((r) => [r.personId, r]))
        next.roster = patch.roster.map((pid): RosterEntry => known.get(pid) ?? { personId: pid, attendance: 'absent' })
      }
      return write(next, m)
    },

    async removePlan({ id }, ctx) {
      return removePlan(await load(id, ctx))
    },

    async remove({ id, revision }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      const plan = await removePlan(m)
      // Destructive: a backup first, then the audit entry saying exactly what goes, then the delete.
      const backup = await db.backup('before-meeting-remove')
      await audit.append({
        ...auditWho(ctx),
        action: 'meeting.remove',
        target: m.id,
        detail: {
          communityId: m.communityId,
          title: m.title,
          removes: plan.removes,
          backup,
          minutesVersions: [...m.versions, m.minutes].map((v) => ({ version: v.version, status: v.status, ...(v.sha256 ? { sha256: v.sha256 } : {}) })),
        },
      })
      // Meetings hold no personal data of residents: the backup just taken keeps it (the way back).
      await meetings().delete(m.id, { expectRevision: m.revision, keepInBackups: true })
      return { removed: plan.removes, backup }
    },

    async signIn({ id, revision, entries }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.status === 'ended') throw refuse('会议已结束，不能再签到', 'entries')
      const people = await peopleOf(m.communityId)
      const roster = m.roster.map((r) => ({ ...r }))
      for (const [i, e] of entries.entries()) {
        const r = roster.find((x) => x.personId === e.personId)
        if (!r) {
          const who = people.get(e.personId)?.name ?? '所选人员'
          throw refuse(`第 ${i + 1} 行：${who}不在本次会议的参会名单中，请先加入名单`, `entries.${i}.personId`)
        }
        r.attendance = e.attendance
      }
      return write({ ...m, roster }, m)
    },

    async start({ id, revision, proceedDespiteMissing }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.status === 'inProgress') throw refuse('会议已经开始', 'id')
      if (m.status === 'ended') throw refuse('会议已结束', 'id')
      if (!m.agenda.length) throw refuse(NO_AGENDA, 'agenda')
      const missing = missingParties(m.roster, await peopleOf(m.communityId))
      if (missing.length && !proceedDespiteMissing) {
        throw refuse(`以下各方无人出席：${partyList(missing)}。如主持人决定继续开会，请确认后再开始（将记录在案）`, 'proceedDespiteMissing')
      }
      const at = stamp()
      const op = operatorOf(ctx)
      const next: Meeting = {
        ...m,
        status: 'inProgress',
        startedAt: at,
        chair: { currentItemId: agendaInOrder(m.agenda)[0].id, itemStartedAt: at, itemElapsed: 0, speakers: [] },
      }
      if (missing.length) next.quorum = { missingParties: missing, proceededBy: op ? { id: op.id, name: op.name } : { id: 'internal', name: INTERNAL_ACTOR }, at }
      await audit.append({ ...auditWho(ctx), action: 'meeting.start', target: m.id, detail: { missingParties: missing, proceededDespiteMissing: missing.length > 0 } })
      return write(next, m)
    },

    async end({ id, revision }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      requireRunning(m)
      const at = now()
      const chair = { ...m.chair, itemElapsed: itemElapsedAt(m.chair, at), itemStartedAt: null, speakers: [] }
      return write({ ...m, status: 'ended', endedAt: toLocalIso(at), chair }, m)
    },

    async setAgenda({ id, revision, items }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.status === 'ended') throw refuse('会议已结束，议程不能再修改', 'items')
      requireNotApproved(m, 'items')
      const people = await peopleOf(m.communityId)
      const topics = new Map((await db.collection<Topic>(TOPICS_COLLECTION).list(m.communityId)).map((t) => [t.id, t]))
      const elsewhere = await topicsInMeetings(m.communityId, m.id)
      const current = new Map(m.agenda.map((a) => [a.id, a]))
      const seenTopics = new Set<string>()
      const seenCarry = new Set<string>()
      const agenda: AgendaItem[] = []
      for (const [i, item] of items.entries()) {
        const row = `第 ${i + 1} 项议程`
        const field = (f: string) => `items.${i}.${f}`
        if (item.id !== undefined && !current.has(item.id)) throw refuse(`${row}不在本次会议的议程中，请刷新`, field('id'))
        if (item.presenterId !== undefined && !people.has(item.presenterId)) throw refuse(`${row}：所选汇报人不在本社区的会议人员名单中`, field('presenterId'))
        let title = item.title
        if (item.kind === 'topic') {
          const t = topics.get(item.topicId!)
          if (!t) throw refuse(`${row}：所选议题不存在或不属于本社区，请刷新`, field('topicId'))
          if (t.status !== 'confirmed' && current.get(item.id ?? '')?.topicId !== t.id) throw refuse(`${row}：议题“${t.title}”尚未确认，不能列入议程`, field('topicId'))
          const other = elsewhere.get(t.id)
          if (other) throw refuse(`${row}：议题“${t.title}”已列入会议“${other.title}”的议程`, field('topicId'))
          if (seenTopics.has(t.id)) throw refuse(`${row}：议题“${t.title}”在议程中出现了两次`, field('topicId'))
          seenTopics.add(t.id)
          title ??= t.title
        } else {
          const ref = item.carryOver!
          const key = `${ref.meetingId}/${ref.itemId}`
          const earlier = ref.meetingId === m.id ? undefined : await meetings().get(ref.meetingId).catch(() => undefined)
          const earlierItem = earlier?.communityId === m.communityId ? earlier.agenda.find((a) => a.id === ref.itemId) : undefined
          if (!earlier || !earlierItem) throw refuse(`${row}：所选的上次议定事项不存在或不属于本社区，请刷新`, field('carryOver'))
          if (earlier.status !== 'ended') throw refuse(`${row}：会议“${earlier.title}”尚未结束，没有可跟进的议定事项`, field('carryOver'))
          if (seenCarry.has(key)) throw refuse(`${row}：同一议定事项在议程中出现了两次`, field('carryOver'))
          seenCarry.add(key)
          title ??= [...`上次议定事项落实情况：${earlierItem.title}`].slice(0, 60).join('')
        }
        const kept = item.id !== undefined ? current.get(item.id) : undefined
        const next: AgendaItem = { id: kept?.id ?? `ag-${newId()}`, kind: item.kind, title, minutes: item.minutes, order: i + 1 }
        if (item.kind === 'topic') next.topicId = item.topicId
        else next.carryOver = { ...item.carryOver! }
        if (item.presenterId) next.presenterId = item.presenterId
        agenda.push(next)
      }
      // An item leaves the agenda only without minutes, and never while the chair is on it.
      const keptIds = new Set(agenda.map((a) => a.id))
      for (const a of m.agenda) {
        if (keptIds.has(a.id)) continue
        const im = m.minutes.items.find((x) => x.itemId === a.id)
        if (im && (im.notes.trim() || im.decision.trim())) throw refuse(`议程“${a.title}”已有纪要，不能移出议程`, 'items')
        if (m.chair.currentItemId === a.id) throw refuse(`议程“${a.title}”正在进行，不能移出议程`, 'items')
      }
      const minutes = { ...m.minutes, items: m.minutes.items.filter((x) => keptIds.has(x.itemId)) }
      const status = m.status === 'draft' || m.status === 'ready' ? (agenda.length ? 'ready' : 'draft') : m.status
      return write({ ...m, agenda, minutes, status }, m)
    },

    async agendaCandidates({ communityId, meetingId }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const used = await topicsInMeetings(communityId, meetingId)
      const topics = (await db.collection<Topic>(TOPICS_COLLECTION).list(communityId))
        .filter((t) => t.status === 'confirmed' && !used.has(t.id))
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.id.localeCompare(b.id))
        .map((t) => ({ topicId: t.id, title: t.title, level: t.level, demandCount: t.demandIds.length }))
      const previous = latest((await communityMeetings(communityId)).filter((m) => m.status === 'ended' && m.id !== meetingId))
      const carryOvers: AgendaCandidates['carryOvers'] = []
      if (previous) {
        for (const a of agendaInOrder(previous.agenda)) {
          const decision = previous.minutes.items.find((x) => x.itemId === a.id)?.decision.trim() ?? ''
          if (decision) carryOvers.push({ meetingId: previous.id, meetingTitle: previous.title, itemId: a.id, title: a.title, decision, note: CARRY_OVER_NOTE })
        }
      }
      return { topics, carryOvers }
    },

    async chair({ id, revision, action, itemId, personId }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      requireRunning(m)
      const at = now()
      const order = agendaInOrder(m.agenda)
      const index = order.findIndex((a) => a.id === m.chair.currentItemId)
      const moveTo = (target: AgendaItem) => ({ currentItemId: target.id, itemStartedAt: toLocalIso(at), itemElapsed: 0, speakers: [] })
      let chair = { ...m.chair, speakers: [...m.chair.speakers] }
      switch (action) {
        case 'next':
          if (index >= order.length - 1) throw refuse('已经是最后一项议程', 'action')
          chair = moveTo(order[index + 1])
          break
        case 'prev':
          if (index <= 0) throw refuse('已经是第一项议程', 'action')
          chair = moveTo(order[index - 1])
          break
        case 'goto': {
          const target = order.find((a) => a.id === itemId)
          if (!target) throw refuse('所选议程不在本次会议中，请刷新', 'itemId')
          chair = moveTo(target)
          break
        }
        case 'timerStart':
          if (!chair.itemStartedAt) chair.itemStartedAt = toLocalIso(at)
          break
        case 'timerPause':
          chair = { ...chair, itemElapsed: itemElapsedAt(m.chair, at), itemStartedAt: null }
          break
        case 'timerReset':
          chair = { ...chair, itemElapsed: 0, itemStartedAt: chair.itemStartedAt ? toLocalIso(at) : null }
          break
        case 'speakerAdd': {
          const people = await peopleOf(m.communityId)
          if (!people.has(personId!)) throw refuse('所选发言人不在本社区的会议人员名单中', 'personId')
          if (chair.speakers.some((s) => s.personId === personId)) throw refuse(`${people.get(personId!)!.name}已在发言队列中`, 'personId')
          if (chair.speakers.length >= SPEAKERS_MAX) throw refuse(`发言队列最多 ${SPEAKERS_MAX} 人`, 'personId')
          chair.speakers.push({ personId: personId!, addedAt: toLocalIso(at) })
          break
        }
        case 'speakerRemove':
          if (!chair.speakers.some((s) => s.personId === personId)) throw refuse('所选人员不在发言队列中，请刷新', 'personId')
          chair.speakers = chair.speakers.filter((s) => s.personId !== personId)
          break
      }
      // The write's change event (meetings → area meeting) is what the projector window follows.
      return write({ ...m, chair }, m)
    },

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
        const saved = { itemId: item.id, notes, positions: { ...input.positions }, decision, revision: (current?.revision ?? 0) + 1, updatedAt: stamp(), updatedBy: by }
        const items = current ? m.minutes.items.map((x) => (x.itemId === item.id ? saved : x)) : [...m.minutes.items, saved]
        try {
          return await write({ ...m, minutes: { ...m.minutes, items } }, m)
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'CONFLICT') || attempt >= 4) throw err
        }
      }
    },

    async approve({ id, revision, confirmMissingDecisions }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.minutes.status === 'approved') throw refuse('纪要已审定', 'id')
      if (m.status !== 'ended') throw refuse('会议结束后才能审定纪要', 'id')
      const without = itemsWithoutDecision(m)
      if (without.length && !confirmMissingDecisions) {
        throw refuse(`以下议程没有议定事项：${without.map((a) => `“${a.title}”`).join('、')}。确认无议定事项时，请确认后再审定`, 'confirmMissingDecisions')
      }
      const op = operatorOf(ctx)
      const snapshot = snapshotOf(m, m.minutes, await peopleOf(m.communityId))
      const sha256 = minutesHash(snapshot)
      const minutes: Minutes = {
        ...m.minutes,
        status: 'approved',
        approvedBy: op ? { id: op.id, name: op.name } : { id: 'internal', name: INTERNAL_ACTOR },
        approvedAt: stamp(),
        sha256,
        snapshot,
      }
      await audit.append({ ...auditWho(ctx), action: 'minutes.approve', target: m.id, detail: { version: minutes.version, sha256, itemsWithoutDecision: without.length } })
      return write({ ...m, minutes }, m)
    },

    async correct({ id, revision, reason }, ctx) {
      const m = await load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.minutes.status !== 'approved') throw refuse('纪要尚未审定，可直接修改，无需更正', 'id')
      const minutes: Minutes = {
        version: m.minutes.version + 1,
        correctionOf: m.minutes.version,
        correctionReason: reason,
        status: 'draft',
        // Item revisions carry on, so an editor still holding the old version's read is refused.
        items: m.minutes.items.map((i) => ({ ...i, positions: { ...i.positions } })),
        createdAt: stamp(),
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
      return exportMeeting(
        { meeting: m, people, communityName, snapshotOf: (v) => v.snapshot ?? snapshotOf(m, v, people) },
        { document, format, ...(version !== undefined ? { version } : {}) },
        deps.printPdf,
      )
    },
  }
}
