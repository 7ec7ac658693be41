import type { Channel, Client } from '../../../shared/contract'
import { CHANNEL_NAMES, EVENTS_PATH, SESSION_HEADER, SESSION_ID_PATTERN, TOKEN_HEADER, TOKEN_META } from '../../../shared/contract/channels'
import { ApiError } from './api-error'
import { unwrap } from './envelope'
import { AREAS, createChangeHub, toChangedEvent } from './events'
import type { ChangeListener, ChangeSource } from './events'

/** The renderer's one interface to the backend: every contract channel plus change events. */
export type Api = Client & ChangeSource

/** One call on the wire: channel + payload in, envelope out (unwrapped by the caller). */
export type Invoke = (channel: Channel, payload: unknown) => Promise<unknown>

/** What the preload puts on window: one async function per contract channel. */
export type PreloadApi = { [C in Channel]?: (payload: unknown) => Promise<unknown> }

/** What the preload puts beside it for events pushed from main. */
export interface PreloadEvents {
  onChanged(listener: (event: unknown) => void): () => void
}

declare global {
  interface Window {
    yishi?: PreloadApi
    yishiEvents?: PreloadEvents
  }
}

/** No events (a transport without a push channel yet): stores still refresh after their own writes. */
export const noEvents: ChangeSource = { onChanged: () => () => undefined }

/** Adds an event source to a plain Client. */
export function withEvents(client: Client, events: ChangeSource = noEvents): Api {
  return { ...client, onChanged: (listener: ChangeListener) => events.onChanged(listener) }
}

/** Told when a call outside session:* is refused as UNAUTHENTICATED (signed out or locked). */
export type AuthErrorListener = (channel: Channel, error: ApiError) => void
const authListeners = new Set<AuthErrorListener>()

/**
 * Subscribes to refusals of the session itself (the backend locked it after idle minutes, or
 * it ended): the session store re-reads session:status and shows the lock or sign-in screen.
 */
export function onAuthError(listener: AuthErrorListener): () => void {
  authListeners.add(listener)
  return () => {
    authListeners.delete(listener)
  }
}

/** Builds a typed Client from a raw invoke function; every call unwraps its envelope. */
export function clientFrom(invoke: Invoke): Client {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const channel of CHANNEL_NAMES) {
    client[channel] = async (input: unknown) => {
      try {
        return unwrap(await invoke(channel, input ?? {}))
      } catch (err) {
        if (err instanceof ApiError && err.code === 'UNAUTHENTICATED' && !channel.startsWith('session:')) {
          for (const listener of [...authListeners]) {
            try {
              listener(channel, err)
            } catch (e) {
              console.warn('auth listener failed', e)
            }
          }
        }
        throw err
      }
    }
  }
  return client as unknown as Client
}

export function electronTransport(bridge: PreloadApi, events?: PreloadEvents): Api {
  const source: ChangeSource = {
    onChanged(listener) {
      if (!events || typeof events.onChanged !== 'function') return () => undefined
      return events.onChanged((raw) => {
        const event = toChangedEvent(raw)
        if (event) listener(event)
      })
    },
  }
  return withEvents(electronClient(bridge), source)
}

function electronClient(bridge: PreloadApi): Client {
  return clientFrom(async (channel, payload) => {
    const fn = bridge[channel]
    if (typeof fn !== 'function') {
      throw new ApiError('UNKNOWN_CHANNEL', `未知的接口：${channel}`)
    }
    try {
      return await fn(payload)
    } catch {
      // The preload resolves envelopes; a rejection means IPC itself broke.
      throw new ApiError('INTERNAL', '无法连接到本地服务')
    }
  })
}

/** The per-run token the loopback host writes into index.html. */
export function readToken(doc: Document = document): string {
  const meta = doc.querySelector(`meta[name="${TOKEN_META}"]`)
  return meta?.getAttribute('content') ?? ''
}

/** Where a tab keeps its session id (survives a reload of the tab, not a new tab). */
export const SESSION_STORAGE_KEY = 'yishi.session'

/** 32 random bytes, base64url (43 characters): matches SESSION_ID_PATTERN. */
export function newSessionId(): string {
  const bytes = new Uint8Array(32)
  crypto.getRandomValues(bytes)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * This tab's transport session id for the loopback host: one random value per tab, kept in
 * sessionStorage so a reload stays signed in; a stored value that is not well-formed is replaced.
 */
export function tabSessionId(storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeSessionStorage()): string {
  const stored = storage?.getItem(SESSION_STORAGE_KEY)
  if (stored && SESSION_ID_PATTERN.test(stored)) return stored
  const id = newSessionId()
  try {
    storage?.setItem(SESSION_STORAGE_KEY, id)
  } catch {
    // storage full or refused: the id lives as long as this page
  }
  return id
}

function safeSessionStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null
  }
}

/** Minimal EventSource surface, so tests can drive the stream. */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((this: never, ev: Event) => unknown) | null
  onerror: ((this: never, ev: Event) => unknown) | null
  addEventListener(type: 'changed', listener: (ev: MessageEvent) => void): void
  close(): void
}

export interface HttpEventOptions {
  /** Opens the stream; defaults to the browser's EventSource. */
  eventSource?: (url: string) => EventSourceLike
  /** Reconnect delays: first, then doubled up to max (ms). */
  retryMs?: number
  maxRetryMs?: number
  /** Scheduler for reconnects (tests pass a fake). */
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/**
 * Server-sent `changed` events from the loopback host: one EventSource, opened on the first
 * listener, closed with the last. On error it is closed and reopened after a growing delay
 * (1 s, 2 s, 4 s … 30 s); after a reconnect every area is announced as changed, since events may
 * have been missed while the stream was down.
 */
export function httpEvents(token: string, options: HttpEventOptions = {}): ChangeSource {
  const open = options.eventSource ?? ((url: string) => new EventSource(url) as unknown as EventSourceLike)
  const first = options.retryMs ?? 1000
  const max = options.maxRetryMs ?? 30_000
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const hub = createChangeHub()
  let source: EventSourceLike | null = null
  let timer: unknown = null
  let delay = first
  let hadError = false

  const connect = () => {
    timer = null
    const es = open('.' + EVENTS_PATH + '?token=' + encodeURIComponent(token))
    source = es
    es.onopen = () => {
      delay = first
      if (hadError) {
        hadError = false
        for (const area of AREAS) hub.emit({ area, ids: [] })
      }
    }
    es.onerror = () => {
      if (source !== es) return
      es.close()
      source = null
      hadError = true
      if (hub.size) {
        timer = setTimer(connect, delay)
        delay = Math.min(delay * 2, max)
      }
    }
    es.addEventListener('changed', (ev) => {
      let data: unknown
      try {
        data = JSON.parse(String(ev.data))
      } catch {
        return
      }
      const event = toChangedEvent(data)
      if (event) hub.emit(event)
    })
  }

  const disconnect = () => {
    if (timer !== null) clearTimer(timer)
    timer = null
    source?.close()
    source = null
    delay = first
    hadError = false
  }

  return {
    onChanged(listener: ChangeListener) {
      const remove = hub.add(listener)
      if (!source && timer === null) connect()
      return () => {
        remove()
        if (!hub.size) disconnect()
      }
    },
  }
}

/**
 * Calls over the loopback host. Every call carries the token and this tab's session id
 * (SESSION_HEADER); the events stream needs only the token (the host does not ask for a session).
 */
export function httpTransport(
  token: string,
  fetchFn: typeof fetch = (...a) => fetch(...a),
  events: ChangeSource = httpEvents(token),
  sessionId: string = tabSessionId(),
): Api {
  return withEvents(httpClient(token, fetchFn, sessionId), events)
}

function httpClient(token: string, fetchFn: typeof fetch, sessionId: string): Client {
  return clientFrom(async (channel, payload) => {
    let response: Response
    try {
      response = await fetchFn('./api/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, [SESSION_HEADER]: sessionId },
        body: JSON.stringify(payload ?? {}),
      })
    } catch {
      throw new ApiError('INTERNAL', '无法连接到本地服务')
    }
    // Error replies (4xx/5xx) still carry an envelope; read the body whatever the status.
    try {
      return await response.json()
    } catch {
      throw new ApiError('INTERNAL', `本地服务返回了无效的响应（HTTP ${response.status}）`)
    }
  })
}

/** electron when the preload bridge is present, otherwise the loopback host over HTTP. */
export function pickTransport(win: Window = window): Api {
  if (win.yishi && typeof win.yishi === 'object') return electronTransport(win.yishi, win.yishiEvents)
  return httpTransport(readToken(win.document))
}
