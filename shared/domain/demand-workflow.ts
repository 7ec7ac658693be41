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
