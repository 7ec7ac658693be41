// 制定方案 / 推进落实 (issue 11): a decision (议定事项) of a meeting becomes tasks with a
// responsible party, a responsible person and a deadline; progress notes are dated and signed;
// a stuck task is pushed up to the street (街道兜底) as a street-level topic.
//
// Decisions:
// - A task's file is `tasks/<communityId>.json`; the community is in its id
//   (`<communityId>~tk~<random>`), so get and save read one file.
// - 已逾期 is not stored: it is derived from the deadline and the street's date, so it is right
//   after a clock change, a restore or a night with the app closed.
// - The responsible person is a name (often from the community's people directory: `ownerId`),
//   not a resident: task texts refuse phone and ID-card numbers like topic titles do.
import { PARTIES, PARTY_NAMES, type Party } from './meeting'

export const TASK_STATUSES = ['notStarted', 'inProgress', 'done', 'escalated'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** The board's columns: the stored statuses plus 已逾期 (open and past the deadline). */
export const TASK_COLUMNS = ['notStarted', 'inProgress', 'overdue', 'done', 'escalated'] as const
export type TaskColumn = (typeof TASK_COLUMNS)[number]

export const TASK_COLUMN_NAMES: Record<TaskColumn, string> = {
  notStarted: '未开始',
  inProgress: '进行中',
  overdue: '已逾期',
  done: '已完成',
  escalated: '已提交街道',
}

/** Who answers for a task: one of the five parties, the street office or a named department. */
export const TASK_PARTIES = [...PARTIES, 'street', 'department'] as const
export type TaskParty = (typeof TASK_PARTIES)[number]

export const TASK_PARTY_NAMES: Record<TaskParty, string> = {
  ...(Object.fromEntries(PARTIES.map((p) => [p, PARTY_NAMES[p]])) as Record<Party, string>),
  street: '街道办事处',
  department: '职能部门',
}

export const TASK_TITLE_MAX = 100
export const TASK_NAME_MAX = 20
export const TASK_UNIT_MAX = 40
export const TASK_NOTE_MAX = 1000
export const TASK_LINKS_MAX = 200
export const TASK_PROGRESS_MAX = 500

/** One dated progress note, signed by the operator who wrote it. */
export interface TaskProgress {
  id: string
  at: string
  /** Display name of who wrote it (李秘书（秘书）). */
  by: string
  text: string
  /** The status the note moved the task to, when it moved it. */
  status?: TaskStatus
}

export interface TaskEscalation {
  at: string
  by: string
  reason: string
  /** The street-level topic made from the task. */
  topicId: string
}

export interface Task {
  id: string
  communityId: string
  /** 任务内容: what is to be done. */
  title: string
  party: TaskParty
  /** The department's (or the party's unit's) name; required for a department. */
  unit?: string
  /** 责任人: the responsible person's name. */
  owner: string
  /** The person in the community's directory, when the owner was picked from it. */
  ownerId?: string
  /** YYYY-MM-DD, the street's calendar. */
  deadline: string
  /** The decision it comes from: the meeting and its agenda item. */
  source?: { meetingId: string; itemId: string }
  topicIds: string[]
  demandIds: string[]
  status: TaskStatus
  progress: TaskProgress[]
  /** When it was marked done (the note that did it). */
  doneAt?: string
  escalation?: TaskEscalation
  createdAt: string
  createdBy: string
  updatedAt: string
  /** Set by the data layer. */
  revision: number
}

/** A task as lists show it, with what is derived from the street's date. */
export interface TaskView extends Task {
  column: TaskColumn
  overdue: boolean
  /** Days past the deadline (open tasks), or 0. */
  daysOverdue: number
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar day YYYY-MM-DD (no 2月30日). */
export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export const isOpenTask = (t: Pick<Task, 'status'>): boolean => t.status === 'notStarted' || t.status === 'inProgress'

/** Open and the deadline has passed (the deadline day itself is still in time). */
export function isOverdue(t: Pick<Task, 'status' | 'deadline'>, today: string): boolean {
  return isOpenTask(t) && t.deadline < today
}

export function taskColumn(t: Pick<Task, 'status' | 'deadline'>, today: string): TaskColumn {
  return isOverdue(t, today) ? 'overdue' : t.status
}

export function taskView(t: Task, today: string): TaskView {
  const overdue = isOverdue(t, today)
  return { ...t, column: taskColumn(t, today), overdue, daysOverdue: overdue ? daysBetween(t.deadline, today) : 0 }
}

/** A done task's days past its deadline (the street day it was marked done), else 0. */
export function daysLate(t: Pick<Task, 'status' | 'deadline' | 'doneAt'>, dayOfDone: (iso: string) => string): number {
  if (t.status !== 'done' || !t.doneAt) return 0
  return Math.max(0, daysBetween(t.deadline, dayOfDone(t.doneAt)))
}

/** Done by its deadline: marked done on or before the deadline day (street date of doneAt). */
export function doneOnTime(t: Pick<Task, 'status' | 'deadline' | 'doneAt'>, dayOfDone: (iso: string) => string): boolean {
  return t.status === 'done' && !!t.doneAt && dayOfDone(t.doneAt) <= t.deadline
}

/**
 * Why a deadline is refused, or null: it must be a real day and not before the meeting the
 * decision was made at (`meetingDay`, YYYY-MM-DD).
 */
export function deadlineRefusal(deadline: string, meetingDay: string | null): string | null {
  if (!isDay(deadline)) return '完成时限须为有效日期，如 2026-12-31'
  if (meetingDay && deadline < meetingDay) return `完成时限不能早于会议日期（${meetingDay}）`
  return null
}

/** The title of the street-level topic an escalated task becomes. */
export function escalatedTopicTitle(taskTitle: string, max: number): string {
  const title = `街道兜底：${taskTitle}`
  const chars = [...title]
  return chars.length <= max ? title : `${chars.slice(0, max - 1).join('')}…`
}

/** Problems of a stored task (the collection refuses a record with any). */
export function taskProblems(t: Task): string[] {
  const out: string[] = []
  if (!t.title.trim()) out.push('任务内容为空')
  if (!t.owner.trim()) out.push('责任人为空')
  if (!isDay(t.deadline)) out.push('完成时限无效')
  if (t.party === 'department' && !t.unit?.trim()) out.push('职能部门未填写名称')
  if (t.status === 'done' && !t.doneAt) out.push('已完成的任务缺少完成时间')
  if (t.status === 'escalated' && !t.escalation) out.push('已提交街道的任务缺少兜底记录')
  return out
}
