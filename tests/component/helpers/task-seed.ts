// Seeds for the task screens' component tests: the people of 七口堰社区 (the five parties), two
// confirmed topics, a meeting on them that has started, and the decisions (议定事项) written in
// its minutes. Everything through the real backend as the administrator.
import type { InputOf } from '../../../shared/contract'
import type { Meeting } from '../../../shared/domain/meeting'
import { toZonedIso } from '../../../shared/domain/month'
import type { TaskView } from '../../../shared/domain/task'
import { demandInput, type RealBackend } from './real-client'

/** The street's day (Asia/Shanghai) `n` days from now: YYYY-MM-DD. */
export const dayFromNow = (n: number, from: number = Date.now()) => toZonedIso(new Date(from + n * 86_400_000), 'Asia/Shanghai').slice(0, 10)

export const PEOPLE = [
  ['王志强', 'compoundBranch'],
  ['陈丽', 'ownersCommittee'],
  ['刘建国', 'propertyCompany'],
  ['赵红梅', 'socialOrganization'],
  ['黄大伟', 'residentRep'],
] as const

export const TOPICS = ['北门车位被长期占用', '3栋电梯经常停运']

export interface TaskSeed {
  meeting: Meeting
  communityId: string
  people: Map<string, string>
  topics: string[]
}

/**
 * A started meeting of 七口堰社区 held `daysAgo` days ago with one agenda item per topic; each
 * non-empty `decisions[i]` is written as item i's 议定事项.
 */
export async function seedDecisions(backend: RealBackend, decisions: string[] = ['物业一周内清理北门僵尸车\n业委会负责监督', ''], daysAgo = 1): Promise<TaskSeed> {
  const community = backend.communities['七口堰社区']
  const people = new Map<string, string>()
  for (const [name, party] of PEOPLE) people.set(name, (await backend.call('people:save', { communityId: community.id, name, party, active: true })).id)
  const topics: string[] = []
  for (const [i, title] of TOPICS.entries()) {
    const d = await backend.call('demand:create', demandInput(community, i + 1, { description: `${title}，请协调` }))
    const t = await backend.call('topic:create', { communityId: community.id, level: 'community', title, demandIds: [d.id] })
    topics.push((await backend.call('topic:confirm', { id: t.id, revision: t.revision })).id)
  }
  let m = await backend.call('meeting:create', {
    communityId: community.id,
    level: 'community',
    title: '五方联席会议',
    startsAt: `${dayFromNow(-daysAgo)}T14:30`,
    place: '社区议事厅',
    chairId: people.get('王志强')!,
    recorderId: people.get('赵红梅')!,
    roster: [...people.values()],
  })
  m = await backend.call('meeting:setAgenda', { id: m.id, revision: m.revision, items: topics.map((topicId) => ({ kind: 'topic' as const, topicId, minutes: 10 })) })
  m = await backend.call('meeting:signIn', { id: m.id, revision: m.revision, entries: [...people.values()].map((personId) => ({ personId, attendance: 'present' as const })) })
  m = await backend.call('meeting:start', { id: m.id, revision: m.revision })
  for (const [i, decision] of decisions.entries()) {
    if (!decision) continue
    m = await backend.call('meeting:saveItemMinutes', { id: m.id, itemId: m.agenda[i].id, itemRevision: 0, notes: '各方发言', positions: {}, decision })
  }
  return { meeting: m, communityId: community.id, people, topics }
}

/** A task made through the API (from decision `itemIndex` unless `source: undefined` is given). */
export async function seedTask(backend: RealBackend, seed: TaskSeed, over: Partial<InputOf<'task:create'>> = {}, itemIndex = 0): Promise<TaskView> {
  return backend.call('task:create', {
    communityId: seed.communityId,
    title: '清理北门僵尸车',
    party: 'propertyCompany',
    owner: '刘建国',
    deadline: dayFromNow(7),
    source: { meetingId: seed.meeting.id, itemId: seed.meeting.agenda[itemIndex].id },
    ...over,
  } as InputOf<'task:create'>)
}
