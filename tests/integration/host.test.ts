import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { startHost, type RunningHost } from '../../electron/host/server'
import { CSP, resolveStaticPath } from '../../electron/api/static-files'
import { recordingHandlers } from '../helpers/fake-handlers'
import { TOKEN_HEADER } from '../../shared/contract'
import { openBackend, type Backend } from '../../electron/api/backend'

/** The transport session header every /api/ call carries (one per browser tab). */
const SID = 'host-test-session-0123456789'

let host: RunningHost
const rec = recordingHandlers()

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'yishi-host-'))
  await writeFile(join(dir, 'index.html'), '<html><head><title>议事台</title></head><body></body></html>')
  await writeFile(join(dir, 'app.js'), 'console.log(1)')
  host = await startHost({ handlers: rec.handlers, staticDir: dir, log: () => {} })
})
afterAll(() => host.close())

function call(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${host.url}api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-yishi-token': host.token, 'x-yishi-session': SID, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('loopback host', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1')
  })

  it('injects the per-run token into index.html and sends the CSP', async () => {
    const res = await fetch(host.url)
    const html = await res.text()
    expect(html).toContain(`<meta name="yishi-token" content="${host.token}">`)
    expect(res.headers.get('content-security-policy')).toBe(CSP)
    expect(CSP).not.toMatch(/script-src[^;]*unsafe-inline/)
  })

  it('serves a parsed, valid call through the handler map', async () => {
    const res = await call('community:list', {})
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, result: { echoed: {} } })
  })

  it('rejects calls without the token, or with a wrong one, before any handler runs', async () => {
    const before = rec.calls.length
    const none = await fetch(`${host.url}api/community:list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(none.status).toBe(401)
    expect((await none.json()).error.code).toBe('FORBIDDEN')
    const wrong = await call('community:list', {}, { 'x-yishi-token': 'x'.repeat(host.token.length) })
    expect(wrong.status).toBe(401)
    expect(rec.calls.length).toBe(before)
  })

  it('rejects a request from another origin even with the token', async () => {
    const res = await call('community:list', {}, { origin: 'http://evil.example' })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('FORBIDDEN')
  })

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(host.url)
      const req = request(
        { host: '127.0.0.1', port: url.port, path: '/', method: 'GET', headers: { host: `evil.example:${url.port}` } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(403)
  })

  it('returns typed errors for unknown channels, bad JSON, schema violations and handler failures', async () => {
    const unknown = await (await call('demand:drop', {})).json()
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: '未知的操作' } })

    const badJson = await call('community:list', '{not json')
    expect(badJson.status).toBe(400)
    expect((await badJson.json()).error.code).toBe('VALIDATION')

    const extra = await (await call('community:list', { sneaky: 1 })).json()
    expect(extra.ok).toBe(false)
    expect(extra.error.code).toBe('VALIDATION')
    expect(extra.error.message).toContain('sneaky')

    const notFound = await (await call('demand:get', { id: 'x' })).json()
    expect(notFound.error).toEqual({ code: 'NOT_FOUND', message: '未找到该诉求' })

    const crashed = await (await call('sample:remove', {})).json()
    expect(crashed.error.code).toBe('INTERNAL')
    expect(crashed.error.message).not.toContain('disk on fire')
  })

  it('never serves files outside the static folder', async () => {
    expect(resolveStaticPath('/srv/app', '/../../etc/passwd')).toBeNull()
    expect(resolveStaticPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull()
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html')
    const res = await fetch(`${host.url}%2e%2e/%2e%2e/etc/passwd`)
    expect(res.status).toBe(404)
  })
})

describe('change events over Server-Sent Events', () => {
  let backendHost: RunningHost
  let backend: Backend
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yishi-sse-'))
    await writeFile(join(dir, 'index.html'), '<html><head></head><body></body></html>')
    backend = await openBackend({
      dataDir: join(dir, 'data'),
      key: { key: randomBytes(32), protection: 'none' },
      log: () => {},
      devAutoSignIn: { operatorName: '主机测试管理员' },
    })
    backendHost = await startHost({ handlers: backend.handlers, events: backend, staticDir: dir, log: () => {} })
    // The session SID is signed in (test-only devAutoSignIn) before the stream opens.
    await fetch(`${backendHost.url}api/session:status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: backendHost.token, 'x-yishi-session': SID },
      body: '{}',
    })
  })
  afterAll(async () => {
    await backendHost.close()
    await backend.close({ backup: false })
    await rm(dir, { recursive: true, force: true })
  })

  const eventsUrl = (token?: string) => `${backendHost.url}api/events${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`

  /** Reads the stream until `count` `event: changed` blocks arrived; returns their data. */
  async function readEvents(res: Response, count: number): Promise<unknown[]> {
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const events: unknown[] = []
    while (events.length < count) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
      let at: number
      while ((at = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, at)
        text = text.slice(at + 2)
        const lines = block.split('\n')
        if (lines[0] === 'event: changed') events.push(JSON.parse(lines[1].slice('data: '.length)))
      }
    }
    await reader.cancel()
    return events
  }

  it('pushes `changed` after a call on the API, with the token as a query parameter', async () => {
    const stream = await fetch(eventsUrl(backendHost.token))
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toContain('text/event-stream')
    const received = readEvents(stream, 3)
    const res = await fetch(`${backendHost.url}api/community:create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: backendHost.token, 'x-yishi-session': SID },
      body: JSON.stringify({ name: '东门社区' }),
    })
    const created = (await res.json()).result
    await fetch(`${backendHost.url}api/settings:update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: backendHost.token, 'x-yishi-session': SID },
      body: JSON.stringify({ role: 'chair' }),
    })
    expect(await received).toEqual([
      // adding a community is audited, then saved
      { area: 'audit', ids: [expect.any(String)] },
      { area: 'community', ids: [created.id] },
      { area: 'settings', ids: [] },
    ])
  })

  it('refuses the stream without the token (401), with a wrong one (401), or from another origin (403)', async () => {
    expect((await fetch(eventsUrl())).status).toBe(401)
    expect((await fetch(eventsUrl('x'.repeat(backendHost.token.length)))).status).toBe(401)
    // the token travels in the query only on this endpoint: a header does not open the stream
    expect((await fetch(eventsUrl(), { headers: { [TOKEN_HEADER]: backendHost.token, 'x-yishi-session': SID } })).status).toBe(401)
    const foreign = await fetch(eventsUrl(backendHost.token), { headers: { origin: 'http://evil.example' } })
    expect(foreign.status).toBe(403)
    expect((await foreign.json()).error.code).toBe('FORBIDDEN')
    const crossSite = await fetch(eventsUrl(backendHost.token), { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(crossSite.status).toBe(403)
  })

  it('accepts the token in the query nowhere else', async () => {
    const res = await fetch(`${backendHost.url}api/community:list?token=${backendHost.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(401)
  })

  it('sends a heartbeat comment and cleans up when the browser goes away', async () => {
    const beating = await startHost({ handlers: backend.handlers, events: backend, staticDir: dir, heartbeatMs: 20 })
    try {
      const res = await fetch(`${beating.url}api/events?token=${beating.token}`)
      const reader = res.body!.getReader()
      let text = ''
      while (!text.includes(': heartbeat')) text += new TextDecoder().decode((await reader.read()).value)
      await reader.cancel()
    } finally {
      await beating.close()
    }
  })
})
