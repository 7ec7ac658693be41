import { onScopeDispose } from 'vue'
import { onChanged } from '../api'
import type { Area, ChangedEvent } from '../api'

/**
 * Wires a store to the backend's `changed {area, ids}` events: any event for one of `areas` runs
 * `refresh` once, after the events of the same burst (a restore announces every area) have
 * arrived. Called in a setup store; the subscription ends with the store's scope.
 */
export function refreshOn(areas: readonly Area[], refresh: (events: ChangedEvent[]) => unknown): void {
  let pending: ChangedEvent[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  const stop = onChanged((event) => {
    if (!(areas as readonly string[]).includes(event.area)) return
    pending.push(event)
    if (timer !== null) return
    timer = setTimeout(() => {
      timer = null
      const batch = pending
      pending = []
      // A refresh that fails (the backend gone for a moment, a window closing) keeps what the store
      // shows; the next change or call asks again. Never an unhandled rejection.
      void Promise.resolve()
        .then(() => refresh(batch))
        .catch(() => undefined)
    }, 0)
  })
  onScopeDispose(() => {
    stop()
    if (timer !== null) clearTimeout(timer)
  })
}
