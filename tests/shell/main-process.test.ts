// The BUILT main process (package.json "main" → out/main/index.js) started in a child Node process
// against the stand-in 'electron' (fake-electron/), on a temp userData folder. What it proves is
// listed in README → Tests → Desktop shell tests. Run after `npm run build` (npm run test:shell).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, extname, join, relative, resolve, sep } from 'node:path'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANGED_EVENT, CHANNELS } from '../../shared/contract'
import { PROJECTOR_CHANNELS, PROJECTOR_REFUSED } from '../../electron/main/ipc/register'
import { MAIN_FILE, PRELOAD_DIR, RENDERER_DIR, ROOT, effectivePreference, listEntries, listFiles, startShell, type Frame, type RunningShell, type ShellState, type WindowRecord } from './harness'

interface Envelope {
  ok: boolean
  result?: Record<string, unknown> & { dataDir?: string }
  error?: { code: string; message: string }
}

const FOREIGN_URLS = ['https://example.com/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']

/** Start-up is clean: no exception, no error box, no exit, not quitting. Child output on failure. */
function expectCleanStart(state: ShellState, shell: RunningShell): void {
  const why = `start-up failed\n${state.errors.map((e) => e.stack).join('\n')}\nchild output:\n${shell.output()}`
  expect(state.errors.map((e) => `${e.kind}: ${e.message}`), why).toEqual([])
  expect(state.errorBoxes, why).toEqual([])
  expect(state.exits, why).toEqual([])
  expect(state.timedOut, `start-up did not finish (no window loaded a URL)\n${why}`).toBe(false)
  expect(state.quitted, why).toBe(false)
}

describe('the built main process, first instance', () => {
  let shell: RunningShell
  let state: ShellState
  let win: WindowRecord
  let entryUrl: string
  let trusted: Frame

  beforeAll(async () => {
    shell = await startShell()
    state = await shell.waitForStart()
    win = state.windows[0]
    entryUrl = win?.loadedURLs.at(-1) ?? ''
    trusted = { url: entryUrl, parent: null }
  }, 60_000)
  afterAll(async () => {
    await shell?.stop()
  })

  it('starts without an exception and opens one window on the app entry', () => {
    expectCleanStart(state, shell)
    expect(state.singleInstanceLockRequests, 'requestSingleInstanceLock() was not asked').toBeGreaterThan(0)
    expect(state.windows.length).toBeGreaterThanOrEqual(1)
    expect(win.loadedURLs).toHaveLength(1)
    expect(new URL(entryUrl).protocol, `the window loads ${entryUrl}, not the app protocol`).not.toMatch(/^(https?|file):$/)
  })

  it('registers the app scheme as privileged before ready, and handles it', () => {
    const scheme = new URL(entryUrl).protocol.slice(0, -1)
    const registered = state.schemes.find((s) => s.scheme === scheme)
    expect(registered, `scheme '${scheme}' not registered with registerSchemesAsPrivileged`).toBeTruthy()
    expect(registered!.privileges).toMatchObject({ standard: true, secure: true })
    expect(state.protocolSchemes).toContain(scheme)
  })

  it('creates the main window with the hardened preferences', () => {
    const prefs = win.options.webPreferences
    const flags = ['contextIsolation', 'sandbox', 'nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webSecurity', 'allowRunningInsecureContent', 'webviewTag', 'experimentalFeatures']
    const effective = Object.fromEntries(flags.map((k) => [k, effectivePreference(prefs, k)]))
    expect(effective).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    })
  })

  it('gives the window a preload that exists in out/preload/ and is CommonJS', () => {
    const preload = win.options.webPreferences?.preload
    expect(typeof preload, 'webPreferences.preload is not set').toBe('string')
    const file = resolve(String(preload))
    expect(file.startsWith(PRELOAD_DIR + sep), `preload ${file} is not inside ${PRELOAD_DIR}`).toBe(true)
    expect(existsSync(file) && statSync(file).isFile(), `preload path does not exist in the build: ${relative(ROOT, file)}`).toBe(true)
    // package.json has "type": "module", so only a .cjs file is CommonJS; a sandboxed preload
    // cannot be an ES module. It must also compile as a CommonJS function body.
    expect(extname(file), `preload ${basename(file)} would be loaded as an ES module`).toBe('.cjs')
    const code = readFileSync(file, 'utf8')
    expect(() => vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file })).not.toThrow()
  })

  it('serves index.html and hashed assets from out/renderer/ with the CSP and security headers', async () => {
    const page = await shell.protocol(entryUrl)
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.text === (await readFile(join(RENDERER_DIR, 'index.html'), 'utf8')), `${entryUrl} is not served from ${RENDERER_DIR}/index.html`).toBe(true)
    const assets = [...page.text!.matchAll(/(?:src|href)="([^"]*assets\/[^"]+)"/g)].map((m) => m[1])
    expect(assets.length, 'index.html references no assets/ file').toBeGreaterThan(0)
    for (const asset of [assets.find((a) => a.endsWith('.js')), assets.find((a) => a.endsWith('.css'))].filter(Boolean) as string[]) {
      const url = new URL(asset, entryUrl).href
      const res = await shell.protocol(url)
      const onDisk = await readFile(join(RENDERER_DIR, new URL(url).pathname))
      expect(res.status, url).toBe(200)
      expect(res.length, url).toBe(onDisk.length)
      expect(res.headers['content-type'], url).toMatch(asset.endsWith('.js') ? /javascript/ : /^text\/css/)
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
    }
    const csp = page.headers['content-security-policy'] ?? ''
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? ''
    expect(directive('default-src')).toBe("default-src 'self'")
    expect(directive('script-src') || directive('default-src')).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/)
    expect(directive('object-src')).toBe("object-src 'none'")
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' })
  })

  it('refuses paths outside out/renderer/, other hosts and missing files', async () => {
    const mainBundle = await readFile(MAIN_FILE)
    const outside = [
      new URL('..%2fmain%2findex.js', entryUrl).href,
      new URL('%2e%2e%2f%2e%2e%2fpackage.json', entryUrl).href,
      new URL('..%5cmain%5cindex.js', entryUrl).href,
      `${new URL(entryUrl).protocol}//other/index.html`,
      new URL('no-such-file.js', entryUrl).href,
    ]
    for (const url of outside) {
      const res = await shell.protocol(url)
      expect(res.status, url).toBeGreaterThanOrEqual(400)
      expect(res.length === mainBundle.length && res.text === null, `${url} returned the main bundle`).toBe(false)
      expect(res.text ?? '', url).not.toContain('"devDependencies"')
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
    }
  })

  it('registers every contract channel exactly once with ipcMain.handle, and nothing else', () => {
    const counts = new Map<string, number>()
    for (const c of state.ipcHandleCalls) counts.set(c, (counts.get(c) ?? 0) + 1)
    const twice = [...counts].filter(([, n]) => n > 1).map(([c]) => c)
    expect(twice, 'channels registered more than once').toEqual([])
    expect([...CHANNELS].filter((c) => !counts.has(c)), 'contract channels with no ipcMain.handle').toEqual([])
    expect([...counts.keys()].filter((c) => !(CHANNELS as readonly string[]).includes(c)), 'handlers for channels not in the contract').toEqual([])
  })

  it('answers the app page through the recorded handlers from the real services on the temp folder', async () => {
    const status = (await shell.invoke('app:status', {}, trusted)) as Envelope
    expect(status.ok, JSON.stringify(status)).toBe(true)
    const dataDir = String(status.result!.dataDir)
    expect(dataDir.startsWith(shell.userData + sep), `data dir ${dataDir} is not in the temp userData ${shell.userData}`).toBe(true)
    expect(status.result!.security).toMatchObject({ keyProtection: 'os' }) // the stand-in safeStorage wrapped the key

    // Nobody exists yet: the window's session creates the first administrator and is signed in.
    const setup = (await shell.invoke('session:setup', { name: '壳测试管理员', secret: 'Shell-Test-2026' }, trusted)) as Envelope
    expect(setup.ok, JSON.stringify(setup)).toBe(true)
    const created = (await shell.invoke('community:create', { name: '壳测试社区' }, trusted)) as Envelope
    expect(created.ok, JSON.stringify(created)).toBe(true)
    const listed = (await shell.invoke('community:list', {}, trusted)) as { ok: boolean; result: { name: string }[] }
    expect(listed.result.map((c) => c.name)).toContain('壳测试社区')
    expect(await listFiles(dataDir), 'nothing written in the data folder').not.toEqual([])
    expect(readFileSync(join(dataDir, (await listFiles(dataDir)).find((f) => f.startsWith('communities'))!), 'utf8')).toContain('壳测试社区')
  })

  it('routes every channel to the contract: a bad payload is a typed VALIDATION error, never INTERNAL', async () => {
    // Signed in as the administrator made above, so the permission table lets every channel through.
    for (const channel of CHANNELS) {
      const res = (await shell.invoke(channel, { __shellProbe: 1 }, trusted)) as Envelope
      expect(res.ok, channel).toBe(false)
      expect(res.error?.code, `${channel}: ${JSON.stringify(res)}`).toBe('VALIDATION')
      expect(res.error?.message, channel).toMatch(/\p{Script=Han}/u)
    }
  })

  it('refuses a sender that is not the app page', async () => {
    const untrusted: (Frame | null)[] = [
      null,
      { url: 'https://example.com/', parent: null },
      { url: 'file:///index.html', parent: null },
      { url: 'http://127.0.0.1:5173/', parent: null },
      { url: entryUrl, parent: { url: 'https://example.com/', parent: null } }, // our page in an iframe
    ]
    for (const frame of untrusted) {
      const res = (await shell.invoke('app:status', {}, frame)) as Envelope
      expect(res.ok, JSON.stringify(frame)).toBe(false)
      expect(res.error?.code, JSON.stringify(frame)).toBe('FORBIDDEN')
      expect(JSON.stringify(res), 'a refusal must not leak data').not.toContain(shell.userData)
    }
  })

  it('denies navigation away from the app, but keeps its own routes', async () => {
    expect(win.webContentsListeners, 'no will-navigate handler on the main window').toContain('will-navigate')
    const events = ['will-navigate', 'will-redirect', 'will-frame-navigate'].filter((e) => win.webContentsListeners.includes(e))
    for (const event of events) {
      for (const url of FOREIGN_URLS) {
        const r = await shell.call<{ prevented: boolean }>('navigate', { window: 0, event, url })
        expect(r.prevented, `${event} ${url}`).toBe(true)
      }
    }
    const own = await shell.call<{ prevented: boolean }>('navigate', { window: 0, event: 'will-navigate', url: `${entryUrl}#/collect` })
    expect(own.prevented, 'the app cannot move between its own routes').toBe(false)
  })

  it('denies window.open and every permission request', async () => {
    expect(win.hasWindowOpenHandler, 'no setWindowOpenHandler on the main window').toBe(true)
    for (const url of ['https://example.com/', entryUrl]) {
      const r = await shell.call<{ result: unknown }>('windowOpen', { window: 0, url })
      expect(r.result, url).toEqual({ action: 'deny' })
    }
    // the one exception: the main window opening its projector page (投屏), hardened, with the preload
    const projector = await shell.call<{ result: { action: string; overrideBrowserWindowOptions?: { webPreferences: Record<string, unknown> } } }>('windowOpen', { window: 0, url: `${entryUrl}#/projector/cA~mt~2026~x1` })
    expect(projector.result.action).toBe('allow')
    expect(projector.result.overrideBrowserWindowOptions?.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(String(projector.result.overrideBrowserWindowOptions?.webPreferences.preload)).toMatch(/out\/preload\/index\.cjs$/)
    expect(state.permissionRequestHandler, 'session.setPermissionRequestHandler not called').toBe(true)
    expect(state.permissionCheckHandler, 'session.setPermissionCheckHandler not called').toBe(true)
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture', 'fullscreen', 'hid']) {
      const r = await shell.call<{ requested: unknown; checked: unknown }>('permission', { permission })
      expect(r, permission).toEqual({ requested: false, checked: false })
    }
  })

  it('removes the default application menu (it offers reload and dev tools)', () => {
    expect(state.applicationMenu).toBeNull()
  })

  it('opens the projector in a limited child of the main window session, which ends with it', async () => {
    type Opened = { result: { action: string }; window: number | null }
    const meetingId = 'cA~mt~2026~x1'
    const url = `${entryUrl}#/projector/${meetingId}`
    const frame = { url, parent: null }
    const opened = await shell.call<Opened>('openWindow', { window: 0, url })
    expect(opened.result.action).toBe('allow')
    const p = opened.window!
    expect(p).toBeGreaterThan(0)
    const status = (await shell.invoke('session:status', {}, frame, p)) as Envelope
    expect(status.result?.operator, 'the projector is signed in as its opener').toMatchObject({ name: '壳测试管理员' })
    // The meeting channels reach the backend (no such meeting here); everything else is refused.
    expect(((await shell.invoke('meeting:get', { id: meetingId }, frame, p)) as Envelope).error?.code).toBe('NOT_FOUND')
    for (const channel of CHANNELS.filter((c) => !PROJECTOR_CHANNELS.includes(c))) {
      expect(await shell.invoke(channel, {}, frame, p), channel).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: PROJECTOR_REFUSED } })
    }

    // Asking again: no second window (main focuses the open one).
    const again = await shell.call<Opened>('openWindow', { window: 0, url })
    expect(again).toMatchObject({ result: { action: 'deny' }, window: null })
    // Only the main window opens projectors, not the projector itself.
    expect(await shell.call<Opened>('openWindow', { window: p, url: `${entryUrl}#/projector/other` })).toMatchObject({ result: { action: 'deny' }, window: null })

    // Locking the main window tells the projector (it pauses); signing out closes it.
    const sessionEvents = (s: ShellState) => s.windows[p].sent.filter((m) => m.channel === CHANGED_EVENT && (m.args[0] as { area: string }).area === 'session').length
    expect(((await shell.invoke('session:lock', {}, trusted)) as Envelope).ok).toBe(true)
    let now = await shell.state()
    expect(sessionEvents(now)).toBe(1)
    expect(((await shell.invoke('session:status', {}, frame, p)) as Envelope).result).toMatchObject({ locked: true })
    expect(((await shell.invoke('session:unlock', { secret: 'Shell-Test-2026' }, trusted)) as Envelope).ok).toBe(true)
    expect(now.windows[p].destroyed).toBe(false)
    expect(((await shell.invoke('session:signOut', {}, trusted)) as Envelope).ok).toBe(true)
    now = await shell.state()
    expect(now.windows[p].destroyed, 'the projector outlived the session it was opened in').toBe(true)
    expect(now.windows[0].destroyed).toBe(false)
    expect(((await shell.invoke('session:status', {}, frame, p)) as Envelope).result?.operator ?? null).toBeNull()

    // Closed, it can be opened again (a new window).
    const reopened = await shell.call<Opened>('openWindow', { window: 0, url })
    expect(reopened.result.action).toBe('allow')
    expect(reopened.window).not.toBe(p)
  })

  // Last: it ends the app.
  it('closes the data folder cleanly on quit: summary saved, lock released', async () => {
    const status = (await shell.invoke('app:status', {}, trusted)) as Envelope
    const dataDir = String(status.result!.dataDir)
    const locksBefore = (await listFiles(dataDir)).filter((f) => f.endsWith('.lock'))
    expect(locksBefore, 'no lock file while the app runs').not.toEqual([])

    const after = await shell.call<ShellState>('quit')
    expect(after.errors.map((e) => e.message), shell.output()).toEqual([])
    expect(after.quitted, 'the app never finished quitting (before-quit prevented for good?)').toBe(true)
    const files = await listFiles(dataDir)
    expect(files.filter((f) => f.endsWith('.lock')), 'lock file left behind after quit').toEqual([])
    expect(files.filter((f) => f.endsWith('.tmp') || basename(f).startsWith('.partial')), 'temp files left behind').toEqual([])
    const summary = JSON.parse(readFileSync(join(dataDir, 'summary.json'), 'utf8'))
    expect(summary.cleanClose, 'summary.json not saved as a clean close').toBe(true)
  })
})

describe('the built main process, second instance', () => {
  it('quits without opening the data folder when the single-instance lock is taken', async () => {
    const shell = await startShell({ singleInstanceLock: false })
    try {
      await shell.waitForStart()
      const state = await shell.call<ShellState>('settle', { ms: 400 })
      expect(state.errors.map((e) => e.message), shell.output()).toEqual([])
      expect(state.singleInstanceLockRequests).toBeGreaterThan(0)
      expect(state.quitRequests, 'a second instance must quit').toBeGreaterThan(0)
      expect(state.windows, 'a second instance opened a window').toEqual([])
      expect(state.ipcHandleCalls, 'a second instance registered IPC handlers').toEqual([])
      expect(await listEntries(shell.userData), 'a second instance created files in userData').toEqual([])
    } finally {
      await shell.stop()
    }
  }, 60_000)
})

describe('the built main process, packaged', () => {
  it('ignores ELECTRON_RENDERER_URL: loads the app protocol and refuses that origin', async () => {
    const devUrl = 'http://127.0.0.1:5173/'
    const shell = await startShell({ packaged: true, env: { ELECTRON_RENDERER_URL: devUrl } })
    try {
      const state = await shell.waitForStart()
      expectCleanStart(state, shell)
      const url = state.windows[0].loadedURLs.at(-1)!
      expect(url.startsWith(devUrl), `a packaged app loaded ${url}`).toBe(false)
      const nav = await shell.call<{ prevented: boolean }>('navigate', { window: 0, event: 'will-navigate', url: devUrl })
      expect(nav.prevented).toBe(true)
      const res = (await shell.invoke('app:status', {}, { url: devUrl, parent: null })) as Envelope
      expect(res.error?.code).toBe('FORBIDDEN')
    } finally {
      await shell.stop()
    }
  }, 60_000)
})
