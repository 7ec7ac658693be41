// Child process of tests/shell/harness.ts: loads the BUILT main process (package.json "main", i.e.
// out/main/index.js) against the stand-in 'electron', fires 'ready' once the module has been
// evaluated (as Electron does), and answers the parent's requests over the IPC channel: a snapshot
// of what was recorded, and calls into the recorded handlers (ipcMain.handle, protocol.handle,
// navigation / window.open / permission handlers, the quit sequence).
import Module, { register } from 'node:module'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

register('./hooks.mjs', import.meta.url)
const fake = await import('./electron.mjs')
const { recorder, app } = fake

// A CommonJS require('electron') (a CJS dependency) gets the stand-in too; ESM goes through hooks.mjs.
const originalLoad = Module._load
Module._load = function load(request, ...rest) {
  if (request === 'electron') return fake.default
  return originalLoad.call(this, request, ...rest)
}

const describeError = (err) => ({ message: String(err?.message ?? err), stack: String(err?.stack ?? '') })
process.on('uncaughtException', (err) => recorder.errors.push({ kind: 'uncaughtException', ...describeError(err) }))
process.on('unhandledRejection', (err) => recorder.errors.push({ kind: 'unhandledRejection', ...describeError(err) }))
process.on('disconnect', () => process.exit(0))

const ROOT = resolve(import.meta.dirname, '../../..')
const mainFile = resolve(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).main)

try {
  await import(pathToFileURL(mainFile).href)
} catch (err) {
  recorder.errors.push({ kind: 'import', ...describeError(err) })
}
// Electron emits 'ready' after the main script has run (even when it asked to quit).
setImmediate(() => {
  try {
    app.fireReady()
  } catch (err) {
    recorder.errors.push({ kind: 'ready', ...describeError(err) })
  }
})

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function snapshot() {
  return {
    mainFile,
    ready: recorder.ready,
    errors: recorder.errors,
    errorBoxes: recorder.errorBoxes,
    exits: recorder.exits,
    quitRequests: recorder.quitRequests,
    quitted: recorder.quitted,
    singleInstanceLockRequests: recorder.singleInstanceLockRequests,
    schemes: recorder.schemes,
    protocolSchemes: [...recorder.protocolHandlers.keys()],
    ipcHandleCalls: recorder.ipcHandleCalls,
    ipcListeners: recorder.ipcListeners,
    appListeners: app.eventNames().map(String),
    windows: recorder.windows.map((w) => ({
      id: w.id,
      options: w.options,
      loadedURLs: w.webContents.loadedURLs,
      destroyed: w.isDestroyed(),
      webContentsListeners: w.webContents.eventNames().map(String),
      hasWindowOpenHandler: typeof w.webContents.windowOpenHandler === 'function',
      sent: w.webContents.sent,
    })),
    permissionRequestHandler: typeof recorder.permissionRequestHandler === 'function',
    permissionCheckHandler: typeof recorder.permissionCheckHandler === 'function',
    safeStorageCalls: recorder.safeStorageCalls,
    netFetches: recorder.netFetches,
    openedExternal: recorder.openedExternal,
    notifications: recorder.notifications,
    // undefined: never set (Electron's default menu); null: removed
    applicationMenu: recorder.applicationMenu === undefined ? 'default' : recorder.applicationMenu === null ? null : 'custom',
  }
}

function windowAt(index) {
  const win = recorder.windows[index ?? 0]
  if (!win) throw new Error(`no window #${index ?? 0} was created`)
  return win
}

const ops = {
  state: () => snapshot(),

  /** Resolves once start-up has visibly finished (a window loaded a URL) or failed. */
  async waitForStart({ timeoutMs = 20_000 } = {}) {
    const done = () =>
      recorder.windows.some((w) => w.webContents.loadedURLs.length > 0) ||
      recorder.errors.length > 0 ||
      recorder.errorBoxes.length > 0 ||
      recorder.exits.length > 0 ||
      recorder.quitted
    const until = Date.now() + timeoutMs
    while (!done() && Date.now() < until) await sleep(20)
    await sleep(150) // late rejections of the start-up chain
    return { timedOut: !done(), ...snapshot() }
  },

  async settle({ ms = 300 } = {}) {
    await sleep(ms)
    return snapshot()
  },

  /** Calls the handler registered with ipcMain.handle, as Electron would for `frame` in `window`. */
  async invoke({ channel, payload, frame, window = 0 }) {
    const handler = recorder.ipcHandlers.get(channel)
    if (!handler) throw new Error(`no ipcMain.handle handler for '${channel}'`)
    const sender = recorder.windows[window]?.webContents ?? null
    const event = { sender, senderFrame: frame, frameId: 1, processId: 1, type: 'frame' }
    return await handler(event, payload)
  },

  /** Calls the handler registered with protocol.handle for the URL's scheme with a Request. */
  async protocol({ url, method = 'GET' }) {
    const scheme = new URL(url).protocol.slice(0, -1)
    const handler = recorder.protocolHandlers.get(scheme)
    if (!handler) throw new Error(`no protocol.handle handler for '${scheme}:'`)
    const response = await handler(new Request(url, { method }))
    const body = Buffer.from(await response.arrayBuffer())
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      length: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      text: body.length <= 65_536 ? body.toString('utf8') : null,
    }
  },

  /** Emits a navigation event on a window's webContents; returns whether it was prevented. */
  navigate({ window, event = 'will-navigate', url }) {
    const contents = windowAt(window).webContents
    const listeners = contents.listeners(event)
    const e = {
      defaultPrevented: false,
      preventDefault() {
        e.defaultPrevented = true
      },
      url,
      isMainFrame: true,
      isSameDocument: false,
      frame: null,
      initiator: null,
    }
    for (const listener of listeners) listener(e, url, false, true)
    return { listeners: listeners.length, prevented: e.defaultPrevented }
  },

  windowOpen({ window, url }) {
    const contents = windowAt(window).webContents
    if (!contents.windowOpenHandler) return { handler: false }
    const result = contents.windowOpenHandler({
      url,
      frameName: '',
      features: '',
      disposition: 'foreground-tab',
      referrer: { url: '', policy: 'no-referrer' },
      postBody: undefined,
    })
    return { handler: true, result }
  },

  /**
   * window.open in a window, as Electron runs it: the window-open handler and, when it allows, the
   * new window with its options, loading the URL, and 'did-create-window' on the opener.
   */
  openWindow({ window, url }) {
    const contents = windowAt(window).webContents
    if (!contents.windowOpenHandler) return { handler: false }
    const result = contents.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'no-referrer' }, postBody: undefined })
    if (result?.action !== 'allow') return { handler: true, result, window: null }
    const options = result.overrideBrowserWindowOptions ?? {}
    const child = new fake.BrowserWindow(options)
    child.webContents.loadedURLs.push(url)
    contents.emit('did-create-window', child, { url, frameName: '', options, disposition: 'new-window', referrer: { url: '', policy: 'no-referrer' } })
    return { handler: true, result, window: recorder.windows.indexOf(child) }
  },

  async permission({ permission }) {
    const contents = recorder.windows[0]?.webContents ?? null
    const details = { requestingUrl: 'app://yishi/index.html', isMainFrame: true }
    let requested = 'no handler'
    if (recorder.permissionRequestHandler) {
      requested = await new Promise((resolveGranted) => {
        recorder.permissionRequestHandler(contents, permission, (granted) => resolveGranted(granted), details)
        setTimeout(() => resolveGranted('callback never called'), 2_000)
      })
    }
    const checked = recorder.permissionCheckHandler
      ? recorder.permissionCheckHandler(contents, permission, 'app://yishi', details)
      : 'no handler'
    return { requested, checked }
  },

  /** app.quit() as the user would trigger it; waits for the 'quit' event (or gives up). */
  async quit({ timeoutMs = 20_000 } = {}) {
    app.quit()
    const until = Date.now() + timeoutMs
    while (!recorder.quitted && Date.now() < until) await sleep(20)
    await sleep(50)
    return snapshot()
  },
}

process.on('message', async (message) => {
  const { id, op, args } = message
  try {
    if (!(op in ops)) throw new Error(`unknown op ${op}`)
    const result = await ops[op](args ?? {})
    process.send({ id, ok: true, result })
  } catch (err) {
    process.send({ id, ok: false, error: describeError(err) })
  }
})
process.send({ loaded: true })
