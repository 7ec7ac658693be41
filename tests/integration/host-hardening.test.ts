import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHost, type RunningHost } from '../../electron/host/server'
import { resolveStaticFile } from '../../electron/api/static-files'
import { recordingHandlers } from '../helpers/fake-handlers'

/** The transport session header every /api/ call carries (one per browser tab). */
const SID = 'host-test-session-0123456789'

let host: RunningHost
let root: string
let staticDir: string
const rec = recordingHandlers()
const MAX_BODY = 64 * 1024

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'yishi-hard-'))
  staticDir = join(root, 'dist-web')
  await mkdir(join(staticDir, 'assets'), { recursive: true })
  await writeFile(join(staticDir, 'index.html'), '<html><head></head><body></body></html>')
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(root, 'secret.txt'), 'keyring contents')
  await mkdir(join(root, 'outside'))
  await writeFile(join(root, 'outside', 'x.js'), 'outside')
  // links planted inside the static folder that point out of it, and one that stays inside
  await symlink(join(root, 'secret.txt'), join(staticDir, 'leak.txt'))
  await symlink(join(root, 'outside'), join(staticDir, 'outdir'))
  await symlink(join(staticDir, 'assets', 'app.js'), join(staticDir, 'alias.js'))
  host = await startHost({
    handlers: rec.handlers,
    staticDir,
    log: () => {},
    maxBody: MAX_BODY,
    timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 200, idleMs: 2000 },
  })
})
afterAll(async () => {
  await host.close()
  await rm(root, { recursive: true, force: true })
})

const port = () => Number(new URL(host.url).port)

/** A raw HTTP exchange: writes `head` (and optionally more), collects what comes back until close. */
function raw(head: string, opts: { body?: Buffer; keepWriting?: boolean } = {}): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const sock = connect(port(), '127.0.0.1')
    let text = ''
    let timer: NodeJS.Timeout | undefined
    sock.on('connect', () => {
      sock.write(head)
      if (opts.body) sock.write(opts.body)
      if (opts.keepWriting) {
        // keeps sending until the server closes: a client that would never stop
        timer = setInterval(() => sock.writable && sock.write(Buffer.alloc(16 * 1024, 0x61)), 5)
      }
    })
    sock.on('data', (d) => (text += d.toString('utf8')))
    sock.on('error', () => undefined) // EPIPE/ECONNRESET after the server closes is expected
    sock.on('close', () => {
      clearInterval(timer)
      resolve({ text, ms: Date.now() - started })
    })
    setTimeout(() => {
      sock.destroy()
      reject(new Error(`no close after 5 s; got: ${text.slice(0, 200)}`))
    }, 5000)
  })
}

const postHead = (extra: string) =>
  `POST /api/community:list HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nx-yishi-token: ${host.token}\r\nx-yishi-session: ${SID}\r\ncontent-type: application/json\r\n${extra}\r\n`

/** The JSON body of a raw response (plain or chunked). */
const jsonOf = (text: string) => {
  const body = text.slice(text.indexOf('\r\n\r\n') + 4)
  return JSON.parse(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1))
}

describe('host hardening', () => {
  it('cuts a stalled body (valid token) at the request timeout', async () => {
    const before = rec.calls.length
    const { text, ms } = await raw(postHead('content-length: 100\r\n'), { body: Buffer.from('{"a":') })
    expect(text).toMatch(/^HTTP\/1\.1 408/)
    expect(ms).toBeLessThan(3000)
    expect(rec.calls.length).toBe(before)
  })

  it('cuts a client that never finishes its headers', async () => {
    const { text, ms } = await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nx-slow: 1\r\n`)
    expect(text).toMatch(/^HTTP\/1\.1 408/)
    expect(ms).toBeLessThan(3000)
  })

  it('answers a declared oversized body 413 with a zh-CN JSON error, then closes', async () => {
    const { text } = await raw(postHead(`content-length: ${MAX_BODY + 1}\r\n`), { keepWriting: true })
    expect(text).toMatch(/^HTTP\/1\.1 413/)
    expect(text.toLowerCase()).toContain('connection: close')
    expect(jsonOf(text)).toEqual({ ok: false, error: { code: 'VALIDATION', message: '请求内容过大（最多 0.1 MB）' } })
  })

  it('answers a chunked body that grows past the limit 413 before the socket closes', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x61)
    const chunks = Array.from({ length: 6 }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))
    const { text } = await raw(postHead('transfer-encoding: chunked\r\n'), { body: Buffer.concat(chunks) })
    expect(text).toMatch(/^HTTP\/1\.1 413/)
    expect(jsonOf(text).error.code).toBe('VALIDATION')
  })

  it('still serves a body under the limit', async () => {
    const res = await fetch(`${host.url}api/community:list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yishi-token': host.token, 'x-yishi-session': SID },
      body: JSON.stringify({ pad: 'x'.repeat(1000) }),
    })
    expect(res.status).toBe(200)
  })

  it('answers malformed percent-encoding 400 without a stack trace', async () => {
    for (const path of ['/api/community%3Alist%E0%A4%A', '/%E0%A4%A', '/assets/%ZZ.js', '/%']) {
      const { text } = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nconnection: close\r\n\r\n`)
      expect(text, path).toMatch(/^HTTP\/1\.1 400/)
      expect(jsonOf(text)).toEqual({ ok: false, error: { code: 'VALIDATION', message: '请求地址无效' } })
      expect(text).not.toMatch(/URIError|at .*\.ts:\d+|node:internal/)
    }
  })

  it('refuses symlinks that leave the static folder, and serves one that stays inside', async () => {
    for (const path of ['/leak.txt', '/outdir/x.js']) {
      const res = await fetch(`${host.url}${path.slice(1)}`)
      expect(res.status, path).toBe(404)
      expect(await res.text()).not.toContain('keyring')
    }
    const inside = await fetch(`${host.url}alias.js`)
    expect(inside.status).toBe(200)
    expect(await inside.text()).toBe('console.log(1)')
    expect(await resolveStaticFile(staticDir, '/leak.txt')).toBeNull()
    expect(await resolveStaticFile(staticDir, '/missing.js')).toBeNull()
    expect(await resolveStaticFile(staticDir, '/assets/app.js')).toMatch(/assets[/\\]app\.js$/)
  })
})
