// 确认议题 (issue 9, item 7): topics group demands; the chair confirms and orders them. Also the
// triage rules shared by the service and the form: the status a decision moves a demand to, and
// the deadline arithmetic (the default days per level are street settings, shared/contract/street.ts).
import type { DemandStatus } from './vocab'
import { DEMAND_STATUS_NAMES } from './vocab'
import { nextStatuses } from './demand-workflow'
import type { TopicLevel, TriageDecision } from './entities'

export const TOPIC_STATUSES = ['proposed', 'confirmed', 'closed'] as const
export type TopicStatus = (typeof TOPIC_STATUSES)[number]

export const TOPIC_TITLE_MAX = 40

/** How long a title made from a demand may be before it is cut (with …). */
const DEFAULT_TITLE_MAX = 24

/**
 * A new topic's title until someone renames it, from the demand it starts with: the whole text
 * when short; else up to the last clause end (，。；！？) within the limit; else cut with … — never
 * stopped mid-word without saying so.
 */
export function defaultTopicTitle(description: string): string {
  const text = description.replace(/\s+/g, ' ').replace(/^[\s，。；！？,.;!?]+/, '').replace(/[\s，。；！？,.;!?]+$/, '')
  const chars = [...text]
  if (chars.length <= DEFAULT_TITLE_MAX) return text
  const head = chars.slice(0, DEFAULT_TITLE_MAX).join('')
  const cut = Math.max(...[...'，。；！？,.;!?'].map((p) => head.lastIndexOf(p)))
  if (cut > 0) return head.slice(0, cut)
  return `${chars.slice(0, DEFAULT_TITLE_MAX - 1).join('')}…`
}

export const TOPIC_LEVEL_NAMES: Record<TopicLevel, string> = {
  compound: '小区议事',
  community: '社区联席会议',
  street: '街道联席会议',
}

export const TOPIC_STATUS_NAMES: Record<TopicStatus, string> = {
  proposed: '待确认',
  confirmed: '已确认',
  closed: '已关闭',
}

/** One change of a topic's demands, kept on the topic so a merge can be undone exactly. */
export interface TopicEvent {
  /** Unique within the topic; an undo names the merge it reverts. */
  id: string
  kind: 'create' | 'merge' | 'undoMerge' | 'split' | 'splitFrom' | 'confirm' | 'reorder' | 'escalate' | 'close'
  at: string
  /** Display name of who did it (李秘书（秘书）). */
  by: string
  /** The demands moved in (create, merge), out (undoMerge, split) or in from another topic (splitFrom). */
  demandIds: string[]
  /** merge: the topic was made by this merge (undo removes it). undoMerge: the merge reverted. */
  mergeId?: string
  createdByMerge?: boolean
  /** split: the new topic; splitFrom: the topic split. */
  otherTopicId?: string
  /** escalate (街道兜底): the stuck task that raised the topic to the street, and why. */
  taskId?: string
  reason?: string
  /** close: the meeting whose approved minutes hold the topic's decision. */
  meetingId?: string
}

export interface Topic {
  id: string
  communityId: string
  level: TopicLevel
  /** Short, required, at most 40 characters. */
  title: string
  demandIds: string[]
  status: TopicStatus
  /** 1, 2, … among the community's confirmed topics (the agenda order). */
  order?: number
  createdAt: string
  updatedAt: string
  history: TopicEvent[]
  /** Set by the data layer. */
  revision: number
}

/** Where each triage decision leaves a demand in the one-matter loop (demand-workflow.ts). */
export function triageTarget(decision: TriageDecision, level: TopicLevel | undefined): DemandStatus {
  switch (decision) {
    case 'accepted':
      return 'accepted'
    case 'rejected': // the resident is told why (反馈告知), then rates it
    case 'solved': // solved on the spot skips coordination and backstop
      return 'notified'
    case 'escalated':
      return level === 'street' ? 'escalated' : 'coordinating'
  }
}

/**
 * The steps from one status to another along allowed moves (shortest), excluding `from`;
 * [] when equal; null when the workflow does not lead there.
 */
export function statusPath(from: DemandStatus, to: DemandStatus): DemandStatus[] | null {
  if (from === to) return []
  const prev = new Map<DemandStatus, DemandStatus>()
  const queue: DemandStatus[] = [from]
  while (queue.length) {
    const s = queue.shift()!
    for (const n of nextStatuses(s)) {
      if (n === from || prev.has(n)) continue
      prev.set(n, s)
      if (n === to) {
        const path: DemandStatus[] = [to]
        let at = s
        while (at !== from) {
          path.unshift(at)
          at = prev.get(at)!
        }
        return path
      }
      queue.push(n)
    }
  }
  return null
}

export function statusMoveRefusal(from: DemandStatus, to: DemandStatus): string {
  return `该诉求目前处于“${DEMAND_STATUS_NAMES[from]}”，不能再改为“${DEMAND_STATUS_NAMES[to]}”`
}

/** YYYY-MM-DD `days` after the given street-zone day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return t.toISOString().slice(0, 10)
}

/** A demand that is closed or rejected takes part in no merge or topic. */
export function demandMergeRefusal(d: { status: DemandStatus; triage?: { decision: TriageDecision } }): string | null {
  if (d.status === 'evaluated') return '已办结'
  if (d.triage?.decision === 'rejected') return '已驳回'
  return null
}

/** The confirmed topics of one list in agenda order (order, then creation). */
export function agendaOrder<T extends Pick<Topic, 'status' | 'order' | 'createdAt' | 'id'>>(topics: readonly T[]): T[] {
  return topics
    .filter((t) => t.status === 'confirmed')
    .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

/** Moves one id up (-1) or down (+1) in a list; unchanged at the ends. */
export function moveInList(ids: readonly string[], id: string, delta: -1 | 1): string[] {
  const out = [...ids]
  const i = out.indexOf(id)
  const j = i + delta
  if (i < 0 || j < 0 || j >= out.length) return out
  ;[out[i], out[j]] = [out[j], out[i]]
  return out
}

/** Checks a topic record's own invariants (the service keeps them; the file check reads them). */
export function topicProblems(t: Topic): string[] {
  const out: string[] = []
  if (!t.title.trim()) out.push('议题标题为空')
  if ([...t.title].length > TOPIC_TITLE_MAX) out.push(`议题标题超过 ${TOPIC_TITLE_MAX} 字`)
  if (t.demandIds.length === 0) out.push('议题中没有诉求')
  if (new Set(t.demandIds).size !== t.demandIds.length) out.push('议题中有重复的诉求')
  if (t.status === 'confirmed' && !(typeof t.order === 'number' && t.order >= 1)) out.push('已确认的议题缺少顺序')
  if (t.status !== 'confirmed' && t.order !== undefined) out.push('未确认的议题不应有顺序')
  return out
}
