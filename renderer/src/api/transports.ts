import { CHANNELS } from '../../../shared/contract'
import type { Channel, Client } from '../../../shared/contract'
import { ApiError } from './api-error'
import { unwrap } from './envelope'

/** One call on the wire: channel + payload in, envelope out (unwrapped by the caller). */
export type Invoke = (channel: Channel, payload: unknown) => Promise<unknown>

/** What the preload puts on window: one async function per contract channel. */
export type PreloadApi = { [C in Channel]?: (payload: unknown) => Promise<unknown> }

declare global {
  interface Window {
    yishi?: PreloadApi
  }
}

/** Builds a typed Client from a raw invoke function; every call unwraps its envelope. */
export function clientFrom(invoke: Invoke): Client {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const channel of CHANNELS) {
    client[channel] = async (input: unknown) => unwrap(await invoke(channel, input ?? {}))
  }
  return client as unknown as Client
}

export function electronTransport(bridge: PreloadApi): Client {
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
  const meta = doc.querySelector('meta[name="yishi-token"]')
  return meta?.getAttribute('content') ?? ''
}

export function httpTransport(token: string, fetchFn: typeof fetch = (...a) => fetch(...a)): Client {
  return clientFrom(async (channel, payload) => {
    let response: Response
    try {
      response = await fetchFn('./api/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yishi-token': token },
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
export function pickTransport(win: Window = window): Client {
  if (win.yishi && typeof win.yishi === 'object') return electronTransport(win.yishi)
  return httpTransport(readToken(win.document))
}
