// Push events from the backend to every open view. Zod-free (types and names only).
import type { Area } from './index'
export { CHANGED_EVENT, CHANGED_SSE_EVENT, EVENTS_PATH } from './channels'

/**
 * Sent after every committed change, whoever made it (another view, a restore, a retention run,
 * an import). `ids` are the changed records' ids; empty means anything in the area may have
 * changed (e.g. after a restore), so a store refetches what it shows.
 */
export interface ChangedEvent {
  area: Area
  ids: string[]
}

/** What the preload exposes as `window.yishiEvents` (the HTTP transport offers the same). */
export interface EventsBridge {
  /** Calls `listener` with each event's payload; returns the function that unsubscribes. */
  onChanged(listener: (event: ChangedEvent) => void): () => void
}
