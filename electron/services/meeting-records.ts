// What every part of the meeting service shares (meeting.ts, meeting-agenda.ts, meeting-minutes.ts,
// meeting-remove.ts): its dependencies, a meeting loaded within the caller's scope, the community's
// people and meetings, the refusals and the write that names the revision it read.
import { AppError } from '../../shared/contract/errors'
import type { Meeting, Person } from '../../shared/domain/meeting'
import { toZonedIso } from '../../shared/domain/month'
import type { Collection, Database } from '../data'
import { requireScope } from './actor'
import type { AuditLog } from './audit'
import type { PdfPrinter } from './meeting-export'
import { MEETINGS_COLLECTION, partitionOfMeetingId } from './meetings-collection'
import { PEOPLE_COLLECTION } from './people-collection'
import type { CallContext } from './types'

export interface MeetingDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
  /** Electron's printToPDF of the print view; absent in the preview host and tests (pdf refused). */
  printPdf?: PdfPrinter
  /** The street's time zone (whether a carried-over task is overdue); default Asia/Shanghai. */
  timeZone?: () => Promise<string>
}

export const NO_AGENDA = '会议没有议程，不能开始'
export const MINUTES_LOCKED = '纪要已审定，不能修改；更正请创建新版本'

export const refuse = (message: string, field: string) => new AppError('VALIDATION', message, { [field]: message })
export const notFound = () => new AppError('NOT_FOUND', '未找到该会议（可能已被删除），请刷新')

/** The latest meeting by date (then by creation) among `list`, or null. */
export function latest(list: Meeting[]): Meeting | null {
  return [...list].sort((a, b) => b.startsAt.localeCompare(a.startsAt) || b.createdAt.localeCompare(a.createdAt))[0] ?? null
}

export function requireNotApproved(m: Meeting, field = 'id'): void {
  if (m.minutes.status === 'approved') throw refuse(MINUTES_LOCKED, field)
}

export function requireRunning(m: Meeting): void {
  if (m.status !== 'inProgress') throw refuse(m.status === 'ended' ? '会议已结束' : '会议尚未开始，请先开始会议', 'id')
}

/** Refuses ids that are not people of the community. */
export function checkPeople(people: Map<string, Person>, ids: readonly string[], field: string, label: string): void {
  for (const id of ids) if (!people.has(id)) throw refuse(`所选${label}不在本社区的会议人员名单中，请刷新`, field)
}

export interface MeetingRecords {
  meetings(): Collection<Meeting>
  /** Now, as stored: the instant on the street's clock (its time-zone setting), as feedback stamps it. */
  stamp(): Promise<string>
  /** The meeting with this id in the caller's scope (NOT_FOUND, FORBIDDEN). */
  load(id: string, ctx?: CallContext): Promise<Meeting>
  peopleOf(communityId: string): Promise<Map<string, Person>>
  /** Every meeting of a community (all its year files). */
  communityMeetings(communityId: string): Promise<Meeting[]>
  /** Saves `next` over `before` (CONFLICT if it changed since it was read). */
  write(next: Meeting, before: Meeting): Promise<Meeting>
}

export function meetingRecords({ db, now, timeZone }: Pick<MeetingDeps, 'db' | 'now' | 'timeZone'>): MeetingRecords {
  const meetings = (): Collection<Meeting> => db.collection<Meeting>(MEETINGS_COLLECTION)
  const stamp = async () => toZonedIso(now(), timeZone ? await timeZone() : undefined)
  return {
    meetings,
    stamp,
    async load(id, ctx) {
      if (!partitionOfMeetingId(id)) throw notFound()
      const m = await meetings().get(id)
      if (!m) throw notFound()
      requireScope(ctx, m.communityId)
      return m
    },
    async peopleOf(communityId) {
      return new Map((await db.collection<Person>(PEOPLE_COLLECTION).list(communityId)).map((p) => [p.id, p]))
    },
    communityMeetings(communityId) {
      return meetings().find((m) => m.communityId === communityId)
    },
    write: async (next, before) => meetings().save({ ...next, updatedAt: await stamp() }, { expectRevision: before.revision }),
  }
}
