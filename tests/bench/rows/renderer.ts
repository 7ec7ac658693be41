import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build } from 'vite'
import vue from '@vitejs/plugin-vue'
import { openDatabase } from '../../../electron/data'
import { createServices } from '../../../electron/services'
import { memorySettingsStore } from '../../../electron/services/settings'
import { createOperatorService, memoryOperatorStore } from '../../../electron/services/operators'
import { buildHandlers } from '../../../electron/api/handlers'
import { createGuard, withGuard } from '../../../electron/api/guard'
import { startHost } from '../../../electron/host/server'
import { findChromium } from '../../e2e/harness'
import { BENCH_CLOCK, BENCH_COLLECTIONS, releaseLock } from '../dataset'
import { figure, type BenchRow } from '../harness'
import { memoryAuditLogForTests } from '../../helpers/audit-log'

const ROOT = resolve(import.meta.dirname, '../../..')
const STATIC_DIR = join(ROOT, 'dist-web')
// The flags of tests/e2e/harness.ts (closed network, root in a container).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export function ensureWebBuild(log: (msg: string) => void): void {
  if (existsSync(join(STATIC_DIR, 'index.html'))) return
  log('dist-web/ missing: building the renderer (vite build --config vite.web.config.ts)')
  execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: ROOT, stdio: 'inherit' })
}

/**
 * Builds a reference page of the row into a temporary folder: tests/bench/empty-page (an empty
 * Vue + Element Plus page) or tests/bench/stack-page (the dashboard's first screen with nothing
 * but the required stack).
 */
async function buildPage(name: 'empty-page' | 'stack-page'): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `yishi-bench-${name}-`))
  await build({
    root: resolve(import.meta.dirname, '..', name),
    base: './',
    plugins: [vue()],
    logLevel: 'silent',
    configFile: false,
    build: { outDir, emptyOutDir: true },
  })
  return outDir
}

/** Navigation → the empty page's button painted, per fresh context, in ms (first run dropped). */
async function emptyPageFirstPaint(browser: Browser, url: string, reps: number): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < reps + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'commit' })
    const handle = await page.waitForFunction(() => (document.querySelector('[data-testid="empty-ready"]') ? performance.now() : false), undefined, {
      polling: 'raf',
      timeout: 60_000,
    })
    const t = (await handle.jsonValue()) as number
    if (i > 0) ms.push(t)
    await context.close()
  }
  return ms
}

/** Navigation → the stack page's chart and table drawn, per fresh context, in ms (first run dropped). */
async function stackPageDrawn(browser: Browser, url: string, sessionId: string, reps: number): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < reps + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    await context.addInitScript((id) => sessionStorage.setItem('yishi.session', id), sessionId)
    const page = await context.newPage()
    const problems = watchProblems(page)
    await page.goto(url, { waitUntil: 'commit' })
    const t = await chartDrawnAt(page, problems)
    if (i > 0) ms.push(t)
    await context.close()
  }
  return ms
}

/**
 * performance.now() (0 = navigation start) at the first animation frame where the street
 * dashboard's trend chart canvas has pixels and the ranking table has rows.
 */
async function chartDrawnAt(page: Page, problems: string[]): Promise<number> {
  const handle = await page
    .waitForFunction(
      () => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="overview-trend"] canvas')
        const rows = document.querySelectorAll('[data-testid="ranking-table"] tbody tr').length
        if (!canvas || !rows || !canvas.width || !canvas.height) return false
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data
        if (!pixels) return false
        for (let k = 3; k < pixels.length; k += 4 * 37) if (pixels[k] !== 0) return performance.now()
        return false
      },
      undefined,
      { polling: 'raf', timeout: 60_000 },
    )
    .catch((err: unknown) => {
      throw new Error(`renderer: the trend chart was not drawn (${String(err)}); seen: ${problems.join(' | ') || 'nothing'}`)
    })
  return (await handle.jsonValue()) as number
}

/** Refused API calls, console errors and page errors of a page, for the error if the chart never comes. */
function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('response', (r) => {
    if (!r.url().includes('/api/') || r.url().includes('/api/events')) return
    void r.json().then(
      (body: { ok?: boolean; error?: { code?: string; message?: string } }) => {
        if (body?.ok === false) problems.push(`${decodeURIComponent(new URL(r.url()).pathname)}: ${body.error?.code} ${body.error?.message}`)
      },
      () => undefined,
    )
  })
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`console: ${m.text()}`))
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`))
  return problems
}

/**
 * The leader's usual start, for the record (not a target): the sign-in screen is up (the app's
 * code loaded), the name and password typed; from the click on 登录 (the password checked on the
 * main side) to the street dashboard's chart drawn. Each repetition a fresh context.
 */
async function signInToChart(browser: Browser, url: string, name: string, secret: string, reps: number): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < reps + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    const problems = watchProblems(page)
    await page.goto(`${url}#/overview`)
    await page.locator('#session-name').fill(name)
    await page.locator('#session-secret').fill(secret)
    // the page settles (idle callbacks, fonts) before the click, as it has when a person types
    await page.waitForTimeout(300)
    const clickedAt = await page.evaluate(() => {
      const t = performance.now()
      document.querySelector<HTMLElement>('[data-testid="signin-submit"]')!.click()
      return t
    })
    const drawnAt = await chartDrawnAt(page, problems)
    if (i > 0) ms.push(drawnAt - clickedAt)
    await context.close()
  }
  return ms
}

/**
 * Navigation → trend chart drawn, in Chromium against the preview host on the bench data. Each
 * repetition is a fresh browser context (empty HTTP cache). Timed in the page: performance.now()
 * (0 = navigation start) at the first animation frame where the chart canvas has pixels and the
 * trend table has rows.
 */
export const rendererRow: BenchRow = {
  id: 'renderer',
  title: 'renderer: navigation → street dashboard trend chart drawn vs an empty Vue + Element Plus page (Chromium)',
  async run(ctx) {
    ensureWebBuild(ctx.log)
    // With the tasks collection: the shell asks task:overdue on every screen.
    const db = await openDatabase({ dataDir: ctx.dataset.yishiDir, now: BENCH_CLOCK, collections: BENCH_COLLECTIONS })
    // The leader's role preset opens on the street dashboard (街道看板, issue 12). (As a secretary,
    // App.vue's role redirect runs before the router has resolved the hash and sends the page to /collect.)
    const audit = memoryAuditLogForTests()
    const operators = createOperatorService({ store: memoryOperatorStore(), audit })
    const services = createServices({ audit, db, operators, settings: memorySettingsStore({ locale: 'zh-CN', role: 'leader' }) })
    // Screens sit behind the sign-in gate: an administrator signed in on the session id each page
    // sends (the renderer keeps it in sessionStorage, set before the app's scripts run).
    const sessionId = 'bench-renderer-session-0001'
    const admin = { name: '测速管理员', secret: 'bench-secret-1' }
    await services.session.setup(admin, { transport: 'http', sessionKey: `http:${sessionId}` })
    // Guarded as openBackend guards them: the guard puts the session's operator into each call.
    // Bare buildHandlers(services) over HTTP answer session:status (signed in) but every service
    // that asks for the operator (stats:street, task:overdue…) refuses with UNAUTHENTICATED.
    // (openBackend itself is not used: the bench data folder has no data key.)
    const handlers = withGuard(buildHandlers(services), createGuard(operators))
    // An event stream that stays open and quiet (the page only reads), as the real host has: without
    // one /api/events answers 404 and the page keeps retrying it during the measurement.
    const events = { onChanged: () => () => undefined }
    const host = await startHost({ handlers, events, staticDir: STATIC_DIR })
    const emptyDir = await buildPage('empty-page')
    const emptyHost = await startHost({ handlers, staticDir: emptyDir })
    const stackDir = await buildPage('stack-page')
    const stackHost = await startHost({ handlers, events, staticDir: stackDir })
    const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS })
    const ms: number[] = []
    const empty: number[] = []
    const stack: number[] = []
    const signIn: number[] = []
    try {
      for (let i = 0; i < ctx.reps.renderer + 1; i++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
        await context.addInitScript((id) => sessionStorage.setItem('yishi.session', id), sessionId)
        const page = await context.newPage()
        const problems = watchProblems(page)
        await page.goto(`${host.url}#/overview`, { waitUntil: 'commit' })
        const t = await chartDrawnAt(page, problems)
        if (i > 0) ms.push(t) // the first run warms Chromium itself (disk cache of the binary, GPU process)
        await context.close()
      }
      empty.push(...(await emptyPageFirstPaint(browser, emptyHost.url, ctx.reps.renderer)))
      stack.push(...(await stackPageDrawn(browser, stackHost.url, sessionId, ctx.reps.renderer)))
      signIn.push(...(await signInToChart(browser, host.url, admin.name, admin.secret, ctx.reps.renderer)))
    } finally {
      await browser.close()
      await host.close()
      await emptyHost.close()
      await stackHost.close()
      await rm(emptyDir, { recursive: true, force: true })
      await rm(stackDir, { recursive: true, force: true })
      await db.backups() // nothing pending: the page only read
      await releaseLock(ctx.dataset.yishiDir)
    }
    return [
      figure('renderer.chart', 'navigation → street dashboard trend chart drawn', 'ours', ms),
      figure('renderer.chart', 'navigation → empty Vue + Element Plus page painted', 'floor', empty, 'ms', 'baseline in the same run: target chart ≤ 2×'),
      // For the record: the same screen with nothing but the required stack (tests/bench/stack-page).
      // Its multiple of the empty page is the least any build of this screen can reach here.
      figure('renderer.chart', 'navigation → the same chart and ranking with only Vue, Element Plus and ECharts', 'stack', stack, 'ms', 'Vue + Element Plus + ECharts only, same figures'),
      figure('renderer.signIn', '登录 clicked (code loaded) → street dashboard trend chart drawn', 'ours', signIn, 'ms', 'info'),
    ]
  },
}
