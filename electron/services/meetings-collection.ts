// The `meetings` collection (issue 10): meetings/<communityId>/<year>.json, the year of the
// meeting's first date, carried in its id so a later change of date never moves the record (nor
// changes the id carry-overs and open windows name): a list by year reads `startsAt`, not the file.
// Registered through openDatabase({ collections }) by openBackend; minutes live in the meeting
// record, so one durable write commits an autosave of an item's minutes.
import type { CollectionDescriptor } from '../data'
import { wrapLegacyArray } from '../data'
import { TOPIC_LEVELS } from '../../shared/domain/entities'
import { MEETING_STATUSES, type Meeting } from '../../shared/domain/meeting'

export const MEETINGS_COLLECTION = 'meetings'
export const MEETINGS_FOLDER = 'meetings'

const ID_RE = /^([A-Za-z0-9_-]{1,40})~mt~(\d{4})~[A-Za-z0-9_-]{1,20}$/

/** `<communityId>~mt~<YYYY>~<random>`. */
export function makeMeetingId(communityId: string, year: string, random: string): string {
  return `${communityId}~mt~${year}~${random}`
}

export function partitionOfMeetingId(id: string): string | null {
  const m = ID_RE.exec(id)
  return m ? `${m[1]}/${m[2]}` : null
}

const isArray = Array.isArray

function isMeetingRecord(r: unknown): boolean {
  const m = r as Partial<Meeting> | null
  if (!m || typeof m !== 'object' || typeof m.id !== 'string') return false
  const partition = partitionOfMeetingId(m.id)
  if (!partition || partition.split('/')[0] !== m.communityId) return false
  if (!(TOPIC_LEVELS as readonly unknown[]).includes(m.level) || !(MEETING_STATUSES as readonly unknown[]).includes(m.status)) return false
  for (const k of ['title', 'startsAt', 'place', 'chairId', 'recorderId', 'createdAt', 'updatedAt'] as const) if (typeof m[k] !== 'string') return false
  if (!isArray(m.roster) || !isArray(m.agenda) || !isArray(m.versions)) return false
  if (!m.roster.every((e) => e && typeof e.personId === 'string' && typeof e.attendance === 'string')) return false
  if (!m.agenda.every((a) => a && typeof a.id === 'string' && typeof a.title === 'string' && typeof a.order === 'number' && typeof a.minutes === 'number')) return false
  if (!m.chair || typeof m.chair !== 'object' || !isArray(m.chair.speakers) || typeof m.chair.itemElapsed !== 'number') return false
  const minutesOk = (x: unknown) => {
    const v = x as Meeting['minutes'] | null
    return !!v && typeof v.version === 'number' && (v.status === 'draft' || v.status === 'approved') && isArray(v.items) && v.items.every((i) => i && typeof i.itemId === 'string' && typeof i.notes === 'string' && typeof i.decision === 'string' && typeof i.revision === 'number')
  }
  return minutesOk(m.minutes) && m.versions.every(minutesOk)
}

export const meetingsCollection: CollectionDescriptor<Meeting> = {
  name: MEETINGS_COLLECTION,
  label: '会议',
  layout: { folder: MEETINGS_FOLDER },
  partitionOf: (m) => partitionOfMeetingId(m.id) ?? `${m.communityId}/0000`,
  partitionOfId: partitionOfMeetingId,
  isPartition: (p) => /^[A-Za-z0-9_-]{1,40}\/\d{4}$/.test(p),
  migrations: [wrapLegacyArray('items')],
  isRecord: isMeetingRecord,
  // No communityOf: removing a community never takes its meetings (and their minutes) with it.
}
