import type { DemandStatus } from './vocab'

// Allowed moves along the loop. Solved-on-the-spot demands skip coordination and backstop;
// a step may be re-opened one step back when the resident is not satisfied.
const NEXT: Record<DemandStatus, readonly DemandStatus[]> = {
  called: ['accepted'],
  accepted: ['handling'],
  handling: ['coordinating', 'notified'],
  coordinating: ['escalated', 'notified', 'handling'],
  escalated: ['notified', 'coordinating'],
  notified: ['evaluated', 'handling'],
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
