// Change events pushed by the backend after every write: stores refresh the areas they cache.

import type { ChangedEvent } from '../../../shared/contract/events'
export type { ChangedEvent }

export type ChangeListener = (event: ChangedEvent) => void

/** What every transport offers besides the channels: a subscription to `changed` events. */
export interface ChangeSource {
  onChanged(listener: ChangeListener): () => void
}

/** The areas the renderer caches. A restore emits every one of them. */
export const AREAS = ['demand', 'community', 'stats', 'backup', 'audit', 'operator', 'session', 'street', 'topic', 'meeting', 'people', 'task', 'history'] as const
export type Area = (typeof AREAS)[number]

/** A tiny fan-out: one upstream subscription shared by any number of listeners. */
export function createChangeHub() {
  const listeners = new Set<ChangeListener>()
  return {
    emit(event: ChangedEvent): void {
      for (const listener of [...listeners]) {
        try {
          listener(event)
        } catch (err) {
          console.warn('change listener failed', err)
        }
      }
    },
    add(listener: ChangeListener): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    clear(): void {
      listeners.clear()
    },
    get size(): number {
      return listeners.size
    },
  }
}

/** Validates an event from the wire (SSE data or IPC payload); anything else is dropped. */
export function toChangedEvent(value: unknown): ChangedEvent | null {
  if (!value || typeof value !== 'object') return null
  const { area, ids } = value as { area?: unknown; ids?: unknown }
  if (typeof area !== 'string' || !area) return null
  const list = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
  return { area: area as ChangedEvent['area'], ids: list }
}
