import { CHANNELS } from '../../../shared/contract'
import type { Channel, Client } from '../../../shared/contract'
import { EVENTS_PATH, TOKEN_HEADER, TOKEN_META } from '../../../shared/contract/channels'
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

/** Builds a typed Client from a raw invoke function; every call unwraps its envelope. */
export function clientFrom(invoke: Invoke): Client {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const channel of CHANNELS) {
    client[channel] = async (input: unknown) => unwrap(await invoke(channel, input ?? {}))
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

export function httpTransport(
  token: string,
  fetchFn: typeof fetch = (...a) => fetch(...a),
  events: ChangeSource = httpEvents(token),
): Api {
  return withEvents(httpClient(token, fetchFn), events)
}

function httpClient(token: string, fetchFn: typeof fetch): Client {
  return clientFrom(async (channel, payload) => {
    let response: Response
    try {
      response = await fetchFn('./api/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
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
