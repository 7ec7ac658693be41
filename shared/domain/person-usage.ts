// Where a person of the people directory is named (meetings, tasks) and what deleting them takes:
// one rule for the removal plan the people screen asks for before any confirmation and for the
// removal itself, so the screen never offers a deletion the service then refuses.
import { PARTY_NAMES, type Meeting, type Person } from './meeting'
import type { Task } from './task'

/** What deleting a person takes, or why they may not be deleted (shown before any confirmation). */
export interface PersonRemovePlan {
  id: string
  name: string
  /** zh-CN lines: the person's record, and the registered phone (masked) when there is one. */
  removes: string[]
  /** zh-CN lines, one per meeting or task naming the person: 会议“…”（2026-05-20）：主持人、参会名单. */
  uses: string[]
  /** Why the person may not be deleted (named by a meeting or a task; deactivate instead); absent when they may. */
  blocked?: string
}

/** The roles a meeting gives the person, in words (empty: not named by it). */
export function meetingRoles(m: Pick<Meeting, 'chairId' | 'recorderId' | 'roster' | 'agenda'>, personId: string): string[] {
  const roles: string[] = []
  if (m.chairId === personId) roles.push('主持人')
  if (m.recorderId === personId) roles.push('记录人')
  if (m.roster.some((r) => r.personId === personId)) roles.push('参会名单')
  if (m.agenda.some((a) => a.presenterId === personId)) roles.push('议程汇报人')
  return roles
}

type PlanMeeting = Pick<Meeting, 'title' | 'startsAt' | 'chairId' | 'recorderId' | 'roster' | 'agenda'>
type PlanTask = Pick<Task, 'title' | 'ownerId'>

/**
 * The removal plan of `p` given the meetings and tasks of their community. Named anywhere: blocked
 * (minutes and tasks keep the names they list; a person who no longer attends is deactivated).
 * `phone` is the masked one of a PersonView (the plan leaves the service).
 */
export function personRemovePlan(
  p: Pick<Person, 'id' | 'name' | 'party' | 'phone'>,
  meetings: readonly PlanMeeting[],
  tasks: readonly PlanTask[],
): PersonRemovePlan {
  const removes = [`会议人员“${p.name}”（${PARTY_NAMES[p.party]}）的记录`]
  if (p.phone) removes.push(`登记的联系电话（${p.phone}）`)
  const named = [...meetings]
    .map((m) => ({ m, roles: meetingRoles(m, p.id) }))
    .filter((x) => x.roles.length > 0)
    .sort((a, b) => a.m.startsAt.localeCompare(b.m.startsAt))
  const owned = tasks.filter((t) => t.ownerId === p.id)
  const uses = [
    ...named.map(({ m, roles }) => `会议“${m.title}”（${m.startsAt.slice(0, 10)}）：${roles.join('、')}`),
    ...owned.map((t) => `任务“${t.title}”：责任人`),
  ]
  const plan: PersonRemovePlan = { id: p.id, name: p.name, removes, uses }
  const why: string[] = []
  if (named.length) why.push(named.length === 1 ? `已列入会议“${named[0].m.title}”` : `已列入会议“${named[0].m.title}”等 ${named.length} 次会议`)
  if (owned.length) why.push(owned.length === 1 ? `是任务“${owned[0].title}”的责任人` : `是任务“${owned[0].title}”等 ${owned.length} 项任务的责任人`)
  if (why.length) plan.blocked = `${p.name}${why.join('，也')}，不能删除；如已不再参会，请改为停用`
  return plan
}
