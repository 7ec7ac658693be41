// A joint meeting for the minutes and chair-mode tests, made through the real backend.
import type { Meeting } from '../../../shared/domain/meeting'
import { demandInput, type RealBackend } from './real-client'

const PEOPLE = [
  ['王志强', 'compoundBranch'],
  ['陈丽', 'ownersCommittee'],
  ['刘建国', 'propertyCompany'],
  ['赵红梅', 'socialOrganization'],
  ['黄大伟', 'residentRep'],
] as const
export const TOPICS = ['北门车位被长期占用', '3栋电梯经常停运']

export interface SeedOptions {
  /** how far it goes: signed in and ready (default started), or ended */
  stage?: 'ready' | 'inProgress' | 'ended'
  /** names signed in absent */
  absent?: string[]
}

/** A meeting of 七口堰社区: the five parties on the roster and signed in, two items. */
export async function seedMeeting(backend: RealBackend, opts: SeedOptions = {}): Promise<Meeting> {
  const qky = backend.communities['七口堰社区']
  const people: Array<{ id: string; name: string }> = []
  for (const [name, party] of PEOPLE) people.push(await backend.call('people:save', { communityId: qky.id, name, party, active: true }))
  const topics: string[] = []
  for (const [i, title] of TOPICS.entries()) {
    const d = await backend.call('demand:create', demandInput(qky, i + 1, { description: `${title}的问题` }))
    const t = await backend.call('topic:create', { communityId: qky.id, level: 'community', title, demandIds: [d.id] })
    await backend.call('topic:confirm', { id: t.id, revision: t.revision })
    topics.push(t.id)
  }
  let m = await backend.call('meeting:create', {
    communityId: qky.id,
    level: 'community',
    title: '十二月联席会议',
    startsAt: '2026-12-03T14:30',
    place: '社区会议室',
    chairId: people[0].id,
    recorderId: people[3].id,
    roster: people.map((p) => p.id),
  })
  m = await backend.call('meeting:setAgenda', { id: m.id, revision: m.revision, items: topics.map((topicId) => ({ kind: 'topic' as const, topicId, minutes: 10 })) })
  const present = people.filter((p) => !opts.absent?.includes(p.name))
  m = await backend.call('meeting:signIn', { id: m.id, revision: m.revision, entries: present.map((p) => ({ personId: p.id, attendance: 'present' as const })) })
  const stage = opts.stage ?? 'inProgress'
  if (stage === 'ready') return m
  m = await backend.call('meeting:start', { id: m.id, revision: m.revision, ...(opts.absent?.length ? { proceedDespiteMissing: true } : {}) })
  if (stage === 'ended') m = await backend.call('meeting:end', { id: m.id, revision: m.revision })
  return m
}
