// Starts the real services on a temp data folder behind the loopback host, and a real Chromium
// driven by playwright-core against the built renderer (dist-web/).
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { SESSION_HEADER, TOKEN_HEADER, type Channel, type Envelope, type InputOf, type ResultOf } from '../../shared/contract'
import { randomBytes } from 'node:crypto'
import { openBackend, type Backend } from '../../electron/api/backend'
import { memoryAnchorStore } from '../../electron/services/audit'
import type { OperatorRole } from '../../shared/domain/permissions'
import { startHost, type RunningHost } from '../../electron/host/server'

export const SCREENSHOT_DIR = resolve(import.meta.dirname, 'screenshots')
const STATIC_DIR = resolve(import.meta.dirname, '../../dist-web')

export function findChromium(): string {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ].filter((p): p is string => !!p)
  const found = candidates.find((p) => existsSync(p))
  if (!found) {
    throw new Error(`No Chromium found (tried ${candidates.join(', ')}). Install Debian's chromium or set CHROME_PATH.`)
  }
  return found
}

export interface E2eApp {
  host: RunningHost
  /** The same backend the app and the preview host open (electron/api/backend.ts). */
  backend: Backend
  dataDir: string
  browser: Browser
  page: Page
  /** Console errors and page errors seen so far (CSP violations land here too). */
  errors: string[]
  /**
   * Calls a channel on the host directly (setup steps that are not what the test is about), in a
   * session of its own signed in as the first administrator (ADMIN_NAME).
   */
  api: ApiCall
  /**
   * An operator of `role` made by the administrator (name and secret returned), and an `api` for a
   * new session signed in as that operator through session:signIn.
   */
  operator(role: OperatorRole, name?: string): Promise<{ name: string; secret: string; id: string; api: ApiCall }>
  /** A new, signed-out host session (session:setup / session:signIn through it). */
  session(): ApiCall
  shot(name: string): Promise<string>
  close(): Promise<void>
}

export type ApiCall = <C extends Channel>(channel: C, input: InputOf<C>) => Promise<ResultOf<C>>

/** The first administrator of every e2e run. */
export const ADMIN_NAME = '测试管理员'
export const ADMIN_SECRET = 'e2e-admin-secret'

export interface StartOptions {
  /**
   * false: no devAutoSignIn and no operator at all: the page starts on the first-administrator
   * form and signs in through the UI, with the renderer's own per-tab session header; `api` is
   * then a signed-out session (sign it in with session:signIn once an administrator exists).
   * Default true (the tests written before the sign-in screen).
   */
  signIn?: boolean
  /**
   * The backend's clock (data layer, audit log, services): a test that must see time pass (a
   * deadline going by) passes one it can move. Default: the real clock.
   */
  now?: () => Date
}

export async function startApp(opts: StartOptions = {}): Promise<E2eApp> {
  const autoSignIn = opts.signIn !== false
  if (!existsSync(join(STATIC_DIR, 'index.html'))) {
    throw new Error('dist-web/ is missing: run `npm run build:web` first (npm run test:e2e does).')
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'yishi-e2e-'))
  // A fresh data key per run, injected (not protected: keyProtection 'none', so the UI warns).
  // devAutoSignIn is TEST ONLY: the tests written before the sign-in screen drive the UI in a
  // browser session that counts as signed in as ADMIN_NAME. New tests sign in through the UI.
  const backend = await openBackend({
    dataDir,
    key: { key: randomBytes(32), protection: 'none' },
    auditAnchor: memoryAnchorStore(),
    ...(opts.now ? { now: opts.now } : {}),
    ...(autoSignIn ? { devAutoSignIn: { operatorName: ADMIN_NAME, secret: ADMIN_SECRET } } : {}),
  })
  const host = await startHost({
    handlers: backend.handlers,
    events: backend,
    staticDir: STATIC_DIR,
    onSessionEnd: (key) => backend.operators.forget(key),
  })
  const session = (): ApiCall => {
    const id = randomBytes(24).toString('base64url')
    return async (channel, input) => {
      const res = await fetch(`${host.url}api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, [SESSION_HEADER]: id },
        body: JSON.stringify(input),
      })
      const envelope = (await res.json()) as Envelope<never>
      if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`)
      return envelope.result
    }
  }
  // The admin's own session (devAutoSignIn signs it in; ADMIN_SECRET signs in through the UI).
  const api = session()
  await api('session:status', {})
  let seq = 0
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  // Until the renderer sends its own per-tab session header, the browser context sends one.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    ...(autoSignIn ? { extraHTTPHeaders: { [SESSION_HEADER]: randomBytes(24).toString('base64url') } } : {}),
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(String(err)))
  await mkdir(SCREENSHOT_DIR, { recursive: true })

  return {
    host,
    backend,
    dataDir,
    browser,
    page,
    errors,
    api,
    session,
    async operator(role, name) {
      const opName = name ?? `测试${role}${++seq}`
      const secret = `e2e-${role}-secret-${seq}`
      const view = await api('operator:create', { name: opName, role, secret })
      const own = session()
      await own('session:signIn', { name: opName, secret })
      return { name: opName, secret, id: view.id, api: own }
    },
    async shot(name) {
      // Let dialogs and messages finish their CSS transitions so the picture is what a user sees.
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
      const path = join(SCREENSHOT_DIR, `${name}.png`)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      await browser.close()
      await host.close()
      await backend.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
