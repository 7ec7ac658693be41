import type { DemandStatus } from './vocab'

// Allowed moves along the loop by editing a demand. Solved-on-the-spot demands skip coordination
// and backstop; a step may be re-opened one step back when the resident is not satisfied.
// 办结 (evaluated) is not among them: a demand closes only through feedback:close, after the
// resident was told and rated it (evaluation.ts), and reopens only through feedback:reopen.
const NEXT: Record<DemandStatus, readonly DemandStatus[]> = {
  called: ['accepted'],
  accepted: ['handling'],
  handling: ['coordinating', 'notified'],
  coordinating: ['escalated', 'notified', 'handling'],
  escalated: ['notified', 'coordinating'],
  notified: ['handling'],
  evaluated: [],
}

export function nextStatuses(from: DemandStatus): readonly DemandStatus[] {
  return NEXT[from]
}

export function canMove(from: DemandStatus, to: DemandStatus): boolean {
  return from === to || NEXT[from].includes(to)
}

export function isClosed(status: DemandStatus): boolean {
  return status === 'evaluated'
}

/** Where a demand stands when its topic moves on: confirmed for a joint meeting, raised to the street. */
export type TopicStage = 'coordinating' | 'escalated'

/**
 * The status a demand takes when its topic moves on — confirmed for a compound or community
 * meeting: 社区协同; confirmed for the street's meeting, or raised there by a stuck task: 街道兜底 —
 * or null when it keeps its own: the loop only runs forward (a demand already there or further on
 * stays), a demand whose resident has been told (反馈告知) or that is closed is not taken back, and
 * a demand not yet triaged (居民呼叫) waits for its 受理研判 (triage:decide) in the triage queue.
 */
export function followTopic(current: DemandStatus, stage: TopicStage): DemandStatus | null {
  if (current === 'called' || current === 'notified' || current === 'evaluated') return null
  const order: readonly DemandStatus[] = ['accepted', 'handling', 'coordinating', 'escalated']
  return order.indexOf(current) < order.indexOf(stage) ? stage : null
}
