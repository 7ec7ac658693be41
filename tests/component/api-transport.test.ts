import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, clientFrom, electronTransport, httpTransport, onAuthError, pickTransport, readToken, SESSION_STORAGE_KEY, setClient, tabSessionId, useApi } from '../../renderer/src/api'
import { SESSION_HEADER, SESSION_ID_PATTERN } from '../../shared/contract/channels'
import type { PreloadApi } from '../../renderer/src/api/transports'

afterEach(() => {
  document.head.querySelectorAll('meta[name="yishi-token"]').forEach((m) => m.remove())
  delete window.yishi
  setClient(null)
})

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

describe('http transport', () => {
  it('posts the payload to ./api/<channel> with the token and unwraps the result', async () => {
    const fetchFn = vi.fn(async () => jsonResponse({ ok: true, result: [{ id: 'c1', name: '东门社区' }] }))
    const client = httpTransport('tok-123', fetchFn as unknown as typeof fetch)
    const result = await client['community:list']({})
    expect(result).toEqual([{ id: 'c1', name: '东门社区' }])
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('./api/community%3Alist')
    expect(init.method).toBe('POST')
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', 'x-yishi-token': 'tok-123' })
    expect(JSON.parse(init.body as string)).toEqual({})
  })

  it('sends one random session id per tab on every call, kept in sessionStorage', async () => {
    sessionStorage.removeItem(SESSION_STORAGE_KEY)
    const fetchFn = vi.fn(async () => jsonResponse({ ok: true, result: {} }))
    const client = httpTransport('tok', fetchFn as unknown as typeof fetch)
    await client['app:status']({})
    await client['session:status']({})
    const ids = fetchFn.mock.calls.map((c) => ((c as unknown as [string, RequestInit])[1].headers as Record<string, string>)[SESSION_HEADER])
    expect(ids[0]).toMatch(SESSION_ID_PATTERN)
    expect(ids[1]).toBe(ids[0])
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBe(ids[0])
    // A reload of the tab keeps it; another tab (empty storage) gets a different one.
    expect(tabSessionId()).toBe(ids[0])
    const otherTab = new Map<string, string>()
    const other = tabSessionId({ getItem: (k) => otherTab.get(k) ?? null, setItem: (k, v) => void otherTab.set(k, v) })
    expect(other).toMatch(SESSION_ID_PATTERN)
    expect(other).not.toBe(ids[0])
    // A malformed stored value is replaced.
    sessionStorage.setItem(SESSION_STORAGE_KEY, 'short')
    expect(tabSessionId()).toMatch(SESSION_ID_PATTERN)
  })

  it('tells auth listeners when a call outside session:* is refused as UNAUTHENTICATED', async () => {
    const refused = { ok: false, error: { code: 'UNAUTHENTICATED', message: '已锁定，请输入密码解锁' } }
    const client = clientFrom(async () => refused)
    const seen: string[] = []
    const stop = onAuthError((channel, err) => seen.push(`${channel} ${err.message}`))
    await expect(client['demand:list']({})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    await expect(client['session:unlock']({ secret: 'x' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    stop()
    await expect(client['demand:list']({})).rejects.toBeInstanceOf(ApiError)
    expect(seen).toEqual(['demand:list 已锁定，请输入密码解锁'])
  })

  it('throws the server error as an ApiError with its fields, even on a 4xx status', async () => {
    const error = { code: 'VALIDATION', message: '联系电话格式无效', fields: { reporterPhone: '联系电话格式无效' } }
    const client = httpTransport('t', (async () => jsonResponse({ ok: false, error }, 400)) as unknown as typeof fetch)
    const failure = await client['demand:list']({}).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect(failure).toMatchObject(error)
  })

  it('reports a network failure as INTERNAL 无法连接到本地服务', async () => {
    const client = httpTransport('t', (async () => {
      throw new TypeError('Failed to fetch')
    }) as unknown as typeof fetch)
    await expect(client['app:status']({})).rejects.toMatchObject({ code: 'INTERNAL', message: '无法连接到本地服务' })
  })

  it('reads the token from the meta tag the host injects', () => {
    const meta = document.createElement('meta')
    meta.name = 'yishi-token'
    meta.content = 'abc-token'
    document.head.appendChild(meta)
    expect(readToken()).toBe('abc-token')
  })
})

describe('electron transport', () => {
  it('calls the preload function named after the channel and unwraps errors', async () => {
    const bridge: PreloadApi = {
      'demand:get': vi.fn(async () => ({ ok: false, error: { code: 'NOT_FOUND', message: '诉求不存在' } })),
      'app:status': vi.fn(async () => ({ ok: true, result: { firstRun: true } })),
    }
    const client = electronTransport(bridge)
    await expect(client['app:status']({})).resolves.toEqual({ firstRun: true })
    await expect(client['demand:get']({ id: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: '诉求不存在' })
    expect(bridge['demand:get']).toHaveBeenCalledWith({ id: 'x' })
  })

  it('is picked when window.yishi exists; otherwise http is used', async () => {
    window.yishi = { 'app:status': vi.fn(async () => ({ ok: true, result: { via: 'ipc' } })) }
    await expect(pickTransport()['app:status']({})).resolves.toEqual({ via: 'ipc' })
    delete window.yishi
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse({ ok: true, result: { via: 'http' } }))
    await expect(pickTransport()['app:status']({})).resolves.toEqual({ via: 'http' })
    fetchSpy.mockRestore()
  })
})

describe('useApi', () => {
  it('returns the injected client until it is reset', () => {
    const fake = { marker: true, onChanged: () => () => undefined } as unknown as ReturnType<typeof useApi>
    setClient(fake)
    expect(useApi()).toBe(fake)
  })
})
