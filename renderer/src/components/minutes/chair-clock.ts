// Pure helpers of chair mode and the projector page: the countdown of the current item from the
// persisted chair state (shared/domain/meeting.ts itemElapsedAt), the meeting's total time, and
// durations as text. The views only tick `now` once a second.
import { agendaInOrder, itemElapsedAt, type AgendaItem, type ChairState, type Meeting } from '../../../../shared/domain/meeting'

/** 75 → 01:15, 3725 → 1:02:05 (never negative). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`
}

export interface ItemTimer {
  elapsed: number
  /** Seconds left of the allotted minutes (0 when over). */
  remaining: number
  /** Seconds past the allotted minutes (0 when within). */
  overrunBy: number
  overrun: boolean
  paused: boolean
  /** 0…1 of the allotted time used (capped at 1). */
  fraction: number
}

export function itemTimer(item: Pick<AgendaItem, 'minutes'>, chair: ChairState, now: Date): ItemTimer {
  const elapsed = itemElapsedAt(chair, now)
  const allotted = item.minutes * 60
  return {
    elapsed,
    remaining: Math.max(0, allotted - elapsed),
    overrunBy: Math.max(0, elapsed - allotted),
    overrun: elapsed > allotted,
    paused: chair.itemStartedAt === null,
    fraction: allotted ? Math.min(1, elapsed / allotted) : 1,
  }
}

/** Seconds since the meeting started (to its end once ended; 0 before the start). */
export function meetingElapsed(m: Pick<Meeting, 'startedAt' | 'endedAt'>, now: Date): number {
  if (!m.startedAt) return 0
  const end = m.endedAt ? Date.parse(m.endedAt) : now.getTime()
  return Math.max(0, Math.floor((end - Date.parse(m.startedAt)) / 1000))
}

/** The current item, its 1-based position and the agenda in order. */
export function currentItem(m: Pick<Meeting, 'agenda' | 'chair'>): { item: AgendaItem | null; index: number; order: AgendaItem[] } {
  const order = agendaInOrder(m.agenda)
  const index = order.findIndex((a) => a.id === m.chair.currentItemId)
  return { item: index >= 0 ? order[index] : null, index, order }
}

/** The chair's keys (not while typing in a field): what each does. */
export type ChairKey = 'next' | 'prev' | 'toggleTimer' | 'addSpeaker' | 'nextSpeaker'

export function chairKeyFor(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'target'>): ChairKey | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null
  const el = e.target as HTMLElement | null
  if (el && typeof el.closest === 'function' && el.closest('input, textarea, select, [contenteditable="true"], .el-select, [role="combobox"], [role="listbox"], .el-message-box')) return null
  switch (e.key) {
    case 'ArrowRight':
      return 'next'
    case 'ArrowLeft':
      return 'prev'
    case ' ':
    case 'Spacebar':
      return 'toggleTimer'
    case 's':
    case 'S':
      return 'addSpeaker'
    case 'n':
    case 'N':
      return 'nextSpeaker'
    default:
      return null
  }
}
