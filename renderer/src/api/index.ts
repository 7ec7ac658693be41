import type { Client } from '../../../shared/contract'
import { AREAS, createChangeHub } from './events'
import type { ChangeListener } from './events'
import { pickTransport, withEvents } from './transports'
import type { Api } from './transports'

// The only renderer module that touches window.yishi / window.yishiEvents (through transports).

export { ApiError, isApiError, toApiError } from './api-error'
export {
  clientFrom,
  electronTransport,
  httpEvents,
  httpTransport,
  newSessionId,
  noEvents,
  onAuthError,
  SESSION_STORAGE_KEY,
  tabSessionId,
  pickTransport,
  readToken,
  withEvents,
} from './transports'
export type { Api, AuthErrorListener, EventSourceLike, HttpEventOptions } from './transports'
export { AREAS } from './events'
export type { Area, ChangedEvent, ChangeListener, ChangeSource } from './events'

let current: Api | null = null
const hub = createChangeHub()
let upstream: (() => void) | null = null

/** The app's client, chosen on first use. Stores call this at call time so tests can swap it. */
export function useApi(): Api {
  if (!current) current = pickTransport()
  return current
}

/**
 * Replaces the client (tests inject one over the real backend); null goes back to auto-pick.
 * Subscriptions made for the previous client end with it (each test's stores start afresh).
 */
export function setClient(client: Api | Client | null): void {
  upstream?.()
  upstream = null
  hub.clear()
  current = client && !('onChanged' in client) ? withEvents(client) : (client as Api | null)
  if (hub.size && current) connect()
}

/**
 * Tells every store that anything may have changed (as a restore does): after unlocking, the
 * calls a view made while the session was locked were refused, and other windows may have written.
 */
export function announceEverythingChanged(): void {
  for (const area of AREAS) hub.emit({ area, ids: [] })
}

function connect(): void {
  upstream = useApi().onChanged((event) => hub.emit(event))
}

/**
 * Subscribes to `changed {area, ids}` from the backend, whichever transport is in use; one
 * upstream subscription is shared by every store. Returns the unsubscribe function.
 */
export function onChanged(listener: ChangeListener): () => void {
  const remove = hub.add(listener)
  if (!upstream) connect()
  return () => {
    remove()
    if (!hub.size) {
      upstream?.()
      upstream = null
    }
  }
}
