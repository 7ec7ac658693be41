// meeting:* — 联席会议 (issue 10): setup with a roster pre-filled from the last meeting, sign-in and
// the quorum decision, the agenda (confirmed topics + the last meeting's decisions), chair mode
// (persisted, so the projector window follows through `changed` events), minutes per agenda item
// with a revision per item, approval (locks them, stores the SHA-256 of their canonical form) and
// corrections as new linked versions. Every write names the revision it read (CONFLICT if stale).
// This file: list, setup, sign-in and chair mode; the agenda is meeting-agenda.ts, the minutes
// meeting-minutes.ts, removal meeting-remove.ts, what they share meeting-records.ts.
import { agendaInOrder, itemElapsedAt, missingParties, partyList, SPEAKERS_MAX, type AgendaItem, type Meeting, type RosterEntry } from '../../shared/domain/meeting'
import { toLocalIso } from '../../shared/domain/month'
import type { Unsaved } from '../data'
import { auditWho, INTERNAL_ACTOR, operatorOf, requireScope, scopedCommunities } from './actor'
import { requireCommunity } from './demand'
import { meetingAgendaService } from './meeting-agenda'
import { meetingMinutesService } from './meeting-minutes'
import { checkPeople, latest, meetingRecords, NO_AGENDA, refuse, requireNotApproved, requireRunning, type MeetingDeps } from './meeting-records'
import { meetingRemoveService } from './meeting-remove'
import { makeMeetingId } from './meetings-collection'
import { checkRevision } from './revision'
import type { AreaService } from './types'

export { carryOverNote } from './meeting-agenda'
export { minutesHash } from './meeting-minutes'
export { MINUTES_LOCKED, NO_AGENDA, type MeetingDeps } from './meeting-records'

export function createMeetingService(deps: MeetingDeps): AreaService<'meeting'> {
  const { db, audit, now, newId } = deps
  const rec = meetingRecords(deps)
  const { meetings, stamp, load, peopleOf, communityMeetings, write } = rec

  return {
    async list({ communityId, year, status }, ctx) {
      if (communityId) {
        requireScope(ctx, communityId)
        requireCommunity(db, communityId)
      }
      const allowed = new Set(communityId ? [communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id)))
      // The year is the meeting's date (street wall clock), never its file: the file is the year it
      // was created for, kept when the date moves to another year (the id names the file), so a
      // year's meetings may sit in any of the community's files.
      const inYear = (m: Meeting) => year === undefined || m.startsAt.startsWith(`${year}-`)
      const found = await meetings().find((m) => allowed.has(m.communityId) && inYear(m) && (!status || m.status === status))
      return found.sort((a, b) => b.startsAt.localeCompare(a.startsAt) || a.id.localeCompare(b.id))
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
      const at = await stamp()
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
      const at = await stamp()
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

    ...meetingAgendaService(deps, rec),
    ...meetingMinutesService(deps, rec),
    ...meetingRemoveService(deps, rec),
  }
}
