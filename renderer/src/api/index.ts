import type { Client } from '../../../shared/contract'
import { pickTransport } from './transports'

export { ApiError, isApiError, toApiError } from './api-error'
export { clientFrom, electronTransport, httpTransport, pickTransport, readToken } from './transports'

let current: Client | null = null

/** The app's client, chosen on first use. Stores call this at call time so tests can swap it. */
export function useApi(): Client {
  if (!current) current = pickTransport()
  return current
}

/** Replaces the client (tests inject an in-memory fake); null goes back to auto-pick. */
export function setClient(client: Client | null): void {
  current = client
}
