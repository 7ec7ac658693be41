import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { startHost, type RunningHost } from '../../electron/host/server'
import { CSP, resolveStaticPath } from '../../electron/api/static-files'
import { recordingHandlers } from '../helpers/fake-handlers'

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
    headers: { 'content-type': 'application/json', 'x-yishi-token': host.token, ...headers },
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
