import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { CHANGED_SSE_EVENT, EVENTS_PATH, SESSION_HEADER, SESSION_ID_PATTERN, TOKEN_HEADER, TOKEN_META, type ChangedEvent, type Envelope, type HandlerMap } from '../../shared/contract'
import { dispatch } from '../api/dispatch'
import type { Handlers } from '../api/handlers'
import { SECURITY_HEADERS, contentType, resolveStaticFile } from '../api/static-files'

export interface HostOptions {
  /** The backend's handler map (openBackend().handlers), or a fake with the same shape in tests. */
  handlers: Handlers | HandlerMap
  /** The backend's change events, pushed to browsers as Server-Sent Events on /api/events. */
  events?: { onChanged(listener: (event: ChangedEvent) => void): () => void }
  /** Heartbeat comment interval on open event streams (ms); ~25 s keeps proxies and browsers patient. */
  heartbeatMs?: number
  /** The built renderer (dist-web/). */
  staticDir: string
  port?: number
  token?: string
  log?: (err: unknown) => void
  /** Slow-client limits (ms); tests pass short ones. */
  timeouts?: Partial<HostTimeouts>
  /** Largest accepted request body in bytes (2 MiB). */
  maxBody?: number
  /** Called when the host stops, for each session key it used (operators.forget). */
  onSessionEnd?: (sessionKey: string) => void
}

export interface HostTimeouts {
  /** Until all request headers have arrived. */
  headersMs: number
  /** Until the whole request (headers and body) has arrived: a stalled body is cut here. */
  requestMs: number
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number
  /** A socket with no activity at all is closed after this. */
  idleMs: number
}

export const DEFAULT_HOST_TIMEOUTS: HostTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 60_000 }

export interface RunningHost {
  url: string
  token: string
  close(): Promise<void>
}

export { TOKEN_HEADER } from '../../shared/contract'
const MAX_BODY = 2 * 1024 * 1024

/**
 * Serves the renderer and the same handler map as IPC over 127.0.0.1, for `npm run preview:web`
 * and e2e. Calls need the per-run token (injected into index.html) and a same-origin request.
 */
export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)
  let origin = ''
  const streams = new Set<ServerResponse>()
  const sessionKeys = new Set<string>()

  const limits = { ...DEFAULT_HOST_TIMEOUTS, ...opts.timeouts }
  const maxBody = opts.maxBody ?? MAX_BODY
  const server = createServer(
    {
      headersTimeout: Math.min(limits.headersMs, limits.requestMs),
      requestTimeout: limits.requestMs,
      keepAliveTimeout: limits.keepAliveMs,
      // how often Node looks for requests past those limits (default 30 s)
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersMs / 2))),
    },
    (req, res) => {
    handle(req, res).catch((err) => {
      opts.log?.(err)
      if (!res.headersSent) sendEnvelope(res, 500, fail('INTERNAL', '本地服务内部错误'))
      else res.end()
    })
    },
  )
  server.timeout = limits.idleMs

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS-rebinding guard: only our own loopback host name is served.
    const host = req.headers.host ?? ''
    if (!isLoopbackHost(host, port)) {
      sendEnvelope(res, 403, fail('FORBIDDEN', '拒绝访问：主机名无效'))
      return
    }
    const url = parseRequestPath(req.url)
    if (!url) {
      // e.g. /%E0%A4%A: answered plainly, never with a stack trace
      sendEnvelope(res, 400, fail('VALIDATION', '请求地址无效'))
      return
    }
    if (url.pathname === EVENTS_PATH) {
      handleEvents(req, res, url)
      return
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url.decoded.slice(5))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, POST', ...SECURITY_HEADERS }).end()
      return
    }
    await serveStatic(res, url.pathname)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') {
      sendEnvelope(res, 405, fail('FORBIDDEN', '仅支持 POST 请求'))
      return
    }
    if (!authorized(req, res, req.headers[TOKEN_HEADER])) return
    // The transport session: one random value per browser tab (the renderer keeps it in
    // sessionStorage). It only names the session; signing in is what gives it an operator.
    const sessionId = req.headers[SESSION_HEADER]
    if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) {
      sendEnvelope(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: '会话标识缺失或无效，请刷新页面' } })
      return
    }
    const sessionKey = `http:${sessionId}`
    sessionKeys.add(sessionKey)
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendEnvelope(res, 415, fail('VALIDATION', '请求内容须为 JSON'))
      return
    }
    const declared = Number(req.headers['content-length'])
    let body: string | null = null
    if (!(declared > maxBody)) body = await readBody(req, maxBody)
    if (body === null) {
      refuseTooLarge(req, res, maxBody)
      return
    }
    let payload: unknown
    try {
      payload = body.length ? JSON.parse(body) : {}
    } catch {
      sendEnvelope(res, 400, fail('VALIDATION', '请求内容不是有效的 JSON'))
      return
    }
    sendEnvelope(res, 200, await dispatch(opts.handlers, channel, payload, opts.log, { transport: 'http', sessionKey }))
  }

  /** Token first (401), then the origin: a foreign page is refused even with the token (403). */
  function authorized(req: IncomingMessage, res: ServerResponse, given: unknown): boolean {
    if (typeof given !== 'string' || !sameSecret(Buffer.from(given), tokenBuf)) {
      sendEnvelope(res, 401, fail('FORBIDDEN', '拒绝访问：缺少或错误的访问令牌'))
      return false
    }
    // Browsers send Origin on POST (and on a cross-origin EventSource); Sec-Fetch-Site tells a
    // cross-site request apart even where Origin is left out.
    const reqOrigin = req.headers.origin
    const site = req.headers['sec-fetch-site']
    const foreignOrigin = reqOrigin !== undefined && reqOrigin !== origin && reqOrigin !== localhostOrigin()
    const foreignSite = site !== undefined && site !== 'same-origin' && site !== 'none'
    if (foreignOrigin || foreignSite) {
      sendEnvelope(res, 403, fail('FORBIDDEN', '拒绝访问：来源不被允许'))
      return false
    }
    return true
  }

  /**
   * GET /api/events?token=…: `event: changed` + `data: {area, ids}` per change, a comment as
   * heartbeat. EventSource cannot set headers, so this one endpoint takes the token as a query
   * parameter; the Host, token and origin checks are the same as for calls.
   */
  function handleEvents(req: IncomingMessage, res: ServerResponse, url: { searchParams: URLSearchParams }) {
    if (req.method !== 'GET') {
      sendEnvelope(res, 405, fail('FORBIDDEN', '仅支持 GET 请求'))
      return
    }
    if (!authorized(req, res, url.searchParams.get('token') ?? undefined)) return
    if (!opts.events) {
      sendEnvelope(res, 404, fail('VALIDATION', '本地服务未提供事件'))
      return
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      ...SECURITY_HEADERS,
    })
    res.write(': yishi events\n\n')
    const unsubscribe = opts.events.onChanged((event) => {
      res.write(`event: ${CHANGED_SSE_EVENT}\ndata: ${JSON.stringify(event)}\n\n`)
    })
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), opts.heartbeatMs ?? 25_000)
    heartbeat.unref()
    streams.add(res)
    const cleanup = () => {
      clearInterval(heartbeat)
      unsubscribe()
      streams.delete(res)
    }
    req.on('close', cleanup)
    res.on('close', cleanup)
  }

  async function serveStatic(res: ServerResponse, pathname: string) {
    const file = await resolveStaticFile(opts.staticDir, pathname)
    let data: Buffer | null = null
    if (file) data = await readFile(file).catch(() => null)
    if (!file || !data) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
      res.end('未找到')
      return
    }
    let out: Buffer | string = data
    if (file.endsWith('index.html')) {
      const meta = `<meta name="${TOKEN_META}" content="${token}">`
      out = data.toString('utf8').replace('</head>', `${meta}\n</head>`)
    }
    res.writeHead(200, {
      'content-type': contentType(file),
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    })
    res.end(out)
  }

  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      resolvePort((server.address() as AddressInfo).port)
    })
  })
  origin = `http://127.0.0.1:${port}`
  const localhostOrigin = () => `http://localhost:${port}`

  return {
    url: `${origin}/`,
    token,
    close: () =>
      new Promise<void>((done) => {
        for (const key of sessionKeys) opts.onSessionEnd?.(key)
        sessionKeys.clear()
        for (const stream of streams) stream.end()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

function isLoopbackHost(host: string, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

function sameSecret(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

function fail(code: 'FORBIDDEN' | 'VALIDATION' | 'INTERNAL', message: string): Envelope<never> {
  return { ok: false, error: { code, message } }
}

function sendEnvelope(res: ServerResponse, status: number, env: Envelope<unknown>) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS })
  res.end(JSON.stringify(env))
}

/** The request's path, decoded once; null when its percent-encoding is malformed. */
function parseRequestPath(raw: string | undefined): { pathname: string; decoded: string; searchParams: URLSearchParams } | null {
  try {
    const url = new URL(raw ?? '/', 'http://127.0.0.1')
    return { pathname: url.pathname, decoded: decodeURIComponent(url.pathname), searchParams: url.searchParams }
  } catch {
    return null
  }
}

/** The body, or null as soon as it passes `max` bytes (reading stops there). */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.off('data', onData)
        req.pause()
        resolveBody(null)
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** 413 with a JSON zh-CN error, sent before the connection is closed (the rest is not read). */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, max: number) {
  req.pause()
  res.shouldKeepAlive = false
  res.once('finish', () => setImmediate(() => req.socket.destroy()))
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
    ...SECURITY_HEADERS,
  })
  res.end(JSON.stringify(fail('VALIDATION', `请求内容过大（最多 ${Math.round((max / 1024 / 1024) * 10) / 10} MB）`)))
}
