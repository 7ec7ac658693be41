// A stand-in for the `electron` module, for the desktop-shell tests only (tests/shell/). It runs the
// *built* main process (out/main/index.js) in plain Node and records what it asks Electron to do:
// windows and their options, IPC handlers, protocol handlers, session permission handlers, lifecycle
// listeners. Where Electron refuses something (a BrowserWindow or protocol.handle before 'ready', a
// scheme registered after it, a second ipcMain.handle for one channel), the stand-in throws the same
// way, so a mistake that would break the real app breaks the test.
//
// Configured by environment variables set by tests/shell/harness.ts:
//   YISHI_FAKE_USER_DATA   the userData folder (a temp folder)
//   YISHI_FAKE_LOCK        '0': requestSingleInstanceLock() returns false (a second instance)
//   YISHI_FAKE_PACKAGED    '1': app.isPackaged is true
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../..')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const USER_DATA = process.env.YISHI_FAKE_USER_DATA ?? join(tmpdir(), 'yishi-fake-user-data')

/** Everything the main process did, read by tests/shell/fake-electron/child.mjs. */
export const recorder = {
  ready: false,
  errors: [],
  errorBoxes: [],
  exits: [],
  quitRequests: 0,
  quitted: false,
  singleInstanceLockRequests: 0,
  schemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  ipcHandleCalls: [],
  ipcListeners: [],
  windows: [],
  webContents: [],
  permissionRequestHandler: null,
  permissionCheckHandler: null,
  applicationMenu: undefined,
  notifications: [],
  netFetches: [],
  openedExternal: [],
  safeStorageCalls: [],
}

function notReady(what) {
  if (!recorder.ready) throw new Error(`${what} cannot be used before the app is ready (stand-in electron, as in Electron)`)
}

function preventableEvent(extra = {}) {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
    ...extra,
  }
  return event
}

// ---------------- app ----------------

class App extends EventEmitter {
  isPackaged = process.env.YISHI_FAKE_PACKAGED === '1'
  name = pkg.productName ?? pkg.name
  commandLine = { appendSwitch() {}, appendArgument() {}, hasSwitch: () => false, getSwitchValue: () => '' }
  #readyPromise
  #resolveReady
  #quitting = false

  constructor() {
    super()
    this.#readyPromise = new Promise((r) => (this.#resolveReady = r))
  }

  /** Called by the child once the main module has been evaluated, as Electron does. */
  fireReady() {
    if (recorder.ready) return
    this.emit('will-finish-launching')
    recorder.ready = true
    this.#resolveReady()
    this.emit('ready', preventableEvent(), {})
  }

  whenReady() {
    return this.#readyPromise
  }
  isReady() {
    return recorder.ready
  }
  requestSingleInstanceLock() {
    recorder.singleInstanceLockRequests++
    return process.env.YISHI_FAKE_LOCK !== '0'
  }
  hasSingleInstanceLock() {
    return process.env.YISHI_FAKE_LOCK !== '0'
  }
  releaseSingleInstanceLock() {}

  /** Electron's order: before-quit (preventable), windows close, will-quit (preventable), quit. */
  quit() {
    recorder.quitRequests++
    if (this.#quitting || recorder.quitted) return
    this.#quitting = true
    try {
      const before = preventableEvent()
      this.emit('before-quit', before)
      if (before.defaultPrevented) return
      for (const win of [...recorder.windows]) if (!win.isDestroyed()) win.close()
      const will = preventableEvent()
      this.emit('will-quit', will)
      if (will.defaultPrevented) return
      recorder.quitted = true
      this.emit('quit', preventableEvent(), 0)
    } finally {
      this.#quitting = false
    }
  }
  exit(code = 0) {
    recorder.exits.push(code)
  }
  relaunch() {}
  focus() {}
  getPath(name) {
    const home = join(dirname(USER_DATA), 'home')
    const paths = {
      userData: USER_DATA,
      appData: dirname(USER_DATA),
      sessionData: USER_DATA,
      temp: tmpdir(),
      home,
      documents: join(home, 'Documents'),
      downloads: join(home, 'Downloads'),
      desktop: join(home, 'Desktop'),
      logs: join(USER_DATA, 'logs'),
      crashDumps: join(USER_DATA, 'Crashpad'),
      exe: process.execPath,
      module: process.execPath,
    }
    if (!(name in paths)) throw new Error(`Failed to get '${name}' path`)
    return paths[name]
  }
  setPath() {}
  getAppPath() {
    return ROOT
  }
  getVersion() {
    return pkg.version
  }
  getName() {
    return this.name
  }
  setName(name) {
    this.name = name
  }
  getLocale() {
    return 'zh-CN'
  }
  getSystemLocale() {
    return 'zh-CN'
  }
  getPreferredSystemLanguages() {
    return ['zh-CN']
  }
  setAppUserModelId() {}
  disableHardwareAcceleration() {
    if (recorder.ready) throw new Error('disableHardwareAcceleration must be called before ready')
  }
  setAboutPanelOptions() {}
  addRecentDocument() {}
  clearRecentDocuments() {}
}

export const app = new App()

// ---------------- webContents / BrowserWindow ----------------

let nextWebContentsId = 1

class WebContents extends EventEmitter {
  id = nextWebContentsId++
  sent = []
  windowOpenHandler = null
  loadedURLs = []
  #destroyed = false
  constructor(session) {
    super()
    this.session = session
    recorder.webContents.push(this)
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler
  }
  send(channel, ...args) {
    this.sent.push({ channel, args: JSON.parse(JSON.stringify(args)) })
  }
  loadURL(url) {
    this.loadedURLs.push(url)
    return Promise.resolve()
  }
  loadFile(file) {
    this.loadedURLs.push(`file://${file}`)
    return Promise.resolve()
  }
  getURL() {
    return this.loadedURLs.at(-1) ?? ''
  }
  isDestroyed() {
    return this.#destroyed
  }
  destroy() {
    this.#destroyed = true
    this.emit('destroyed')
  }
  isLoading() {
    return false
  }
  focus() {}
  reload() {}
  openDevTools() {}
  closeDevTools() {}
  isDevToolsOpened() {
    return false
  }
  setZoomFactor() {}
  getZoomFactor() {
    return 1
  }
  printToPDF() {
    return Promise.reject(new Error('printToPDF needs a real Electron (stand-in)'))
  }
  print() {}
  executeJavaScript() {
    return Promise.reject(new Error('executeJavaScript needs a real Electron (stand-in)'))
  }
}

let nextWindowId = 1

export class BrowserWindow extends EventEmitter {
  id = nextWindowId++
  #destroyed = false
  #minimized = false
  #visible = false
  #bounds
  constructor(options = {}) {
    super()
    notReady('BrowserWindow')
    this.options = structuredClone(options)
    this.#visible = options.show !== false
    this.#bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 }
    this.webContents = new WebContents(session.defaultSession)
    recorder.windows.push(this)
    app.emit('web-contents-created', preventableEvent(), this.webContents)
    app.emit('browser-window-created', preventableEvent(), this)
  }
  static getAllWindows() {
    return recorder.windows.filter((w) => !w.isDestroyed())
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows()[0] ?? null
  }
  static fromWebContents(contents) {
    return recorder.windows.find((w) => w.webContents === contents) ?? null
  }
  static fromId(id) {
    return recorder.windows.find((w) => w.id === id) ?? null
  }
  loadURL(url) {
    return this.webContents.loadURL(url)
  }
  loadFile(file) {
    return this.webContents.loadFile(file)
  }
  show() {
    this.#visible = true
  }
  showInactive() {
    this.#visible = true
  }
  hide() {
    this.#visible = false
  }
  isVisible() {
    return this.#visible
  }
  focus() {}
  blur() {}
  isFocused() {
    return true
  }
  minimize() {
    this.#minimized = true
  }
  restore() {
    this.#minimized = false
  }
  isMinimized() {
    return this.#minimized
  }
  maximize() {}
  unmaximize() {}
  isMaximized() {
    return false
  }
  setFullScreen() {}
  isFullScreen() {
    return false
  }
  setMenuBarVisibility() {}
  setAutoHideMenuBar() {}
  removeMenu() {}
  setMenu() {}
  setTitle(title) {
    this.options.title = title
  }
  getTitle() {
    return this.options.title ?? ''
  }
  getBounds() {
    return { ...this.#bounds }
  }
  getNormalBounds() {
    return { ...this.#bounds }
  }
  setBounds(bounds) {
    this.#bounds = { ...this.#bounds, ...bounds }
  }
  getContentBounds() {
    return { ...this.#bounds }
  }
  isDestroyed() {
    return this.#destroyed
  }
  close() {
    if (this.#destroyed) return
    const event = preventableEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return
    this.destroy()
  }
  destroy() {
    if (this.#destroyed) return
    this.#destroyed = true
    this.webContents.destroy()
    this.emit('closed')
  }
}

export const webContents = {
  getAllWebContents: () => recorder.webContents.filter((w) => !w.isDestroyed()),
  getFocusedWebContents: () => recorder.webContents.find((w) => !w.isDestroyed()) ?? null,
  fromId: (id) => recorder.webContents.find((w) => w.id === id),
}

// ---------------- ipcMain ----------------

class IpcMain extends EventEmitter {
  handle(channel, listener) {
    recorder.ipcHandleCalls.push(channel)
    if (recorder.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    recorder.ipcHandlers.set(channel, listener)
  }
  handleOnce(channel, listener) {
    this.handle(channel, listener)
  }
  removeHandler(channel) {
    recorder.ipcHandlers.delete(channel)
  }
  on(channel, listener) {
    recorder.ipcListeners.push(channel)
    return super.on(channel, listener)
  }
}
export const ipcMain = new IpcMain()

// ---------------- protocol / session ----------------

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (recorder.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready')
    recorder.schemes.push(...structuredClone(schemes))
  },
  handle(scheme, handler) {
    notReady('protocol.handle')
    if (recorder.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
    recorder.protocolHandlers.set(scheme, handler)
  },
  unhandle(scheme) {
    recorder.protocolHandlers.delete(scheme)
  },
  isProtocolHandled(scheme) {
    return recorder.protocolHandlers.has(scheme)
  },
}

class Session extends EventEmitter {
  protocol = protocol
  webRequest = { onBeforeRequest() {}, onHeadersReceived() {}, onBeforeSendHeaders() {} }
  setPermissionRequestHandler(handler) {
    recorder.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler) {
    recorder.permissionCheckHandler = handler
  }
  setDevicePermissionHandler() {}
  setDisplayMediaRequestHandler() {}
  setSpellCheckerEnabled() {}
  setProxy() {
    return Promise.resolve()
  }
  clearCache() {
    return Promise.resolve()
  }
  clearStorageData() {
    return Promise.resolve()
  }
  getUserAgent() {
    return 'YishiDesk-stand-in'
  }
  setUserAgent() {}
  fetch(...args) {
    return net.fetch(...args)
  }
}
const defaultSession = new Session()

export const session = {
  get defaultSession() {
    notReady('session.defaultSession')
    return defaultSession
  },
  fromPartition() {
    notReady('session.fromPartition')
    return new Session()
  },
}

// ---------------- safeStorage (reversible, marks its output) ----------------

const WRAP_PREFIX = 'stand-in-safeStorage:'
export const safeStorage = {
  isEncryptionAvailable() {
    recorder.safeStorageCalls.push('isEncryptionAvailable')
    // On Linux Electron answers false until the app is ready.
    return recorder.ready
  },
  getSelectedStorageBackend() {
    recorder.safeStorageCalls.push('getSelectedStorageBackend')
    return process.platform === 'linux' ? 'gnome_libsecret' : 'unknown'
  },
  encryptString(plain) {
    recorder.safeStorageCalls.push('encryptString')
    if (!recorder.ready) throw new Error('safeStorage cannot be used before the app is ready')
    return Buffer.from(WRAP_PREFIX + Buffer.from(plain, 'utf8').toString('hex'), 'utf8')
  },
  decryptString(wrapped) {
    recorder.safeStorageCalls.push('decryptString')
    const text = Buffer.from(wrapped).toString('utf8')
    if (!text.startsWith(WRAP_PREFIX)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    return Buffer.from(text.slice(WRAP_PREFIX.length), 'hex').toString('utf8')
  },
  setUsePlainTextEncryption() {},
}

// ---------------- screen, Menu, dialog, Notification, shell, net, others ----------------

const DISPLAY = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  size: { width: 1920, height: 1080 },
  workAreaSize: { width: 1920, height: 1040 },
  scaleFactor: 1,
  rotation: 0,
  internal: false,
}
class Screen extends EventEmitter {
  getAllDisplays() {
    notReady('screen')
    return [structuredClone(DISPLAY)]
  }
  getPrimaryDisplay() {
    notReady('screen')
    return structuredClone(DISPLAY)
  }
  getDisplayMatching() {
    return this.getPrimaryDisplay()
  }
  getDisplayNearestPoint() {
    return this.getPrimaryDisplay()
  }
  getCursorScreenPoint() {
    return { x: 0, y: 0 }
  }
}
export const screen = new Screen()

export class Menu {
  constructor() {
    this.items = []
  }
  static buildFromTemplate(template) {
    const menu = new Menu()
    menu.items = template
    return menu
  }
  static setApplicationMenu(menu) {
    recorder.applicationMenu = menu
  }
  static getApplicationMenu() {
    return recorder.applicationMenu ?? null
  }
  append(item) {
    this.items.push(item)
  }
  popup() {}
  closePopup() {}
}
export class MenuItem {
  constructor(options) {
    Object.assign(this, options)
  }
}

export const dialog = {
  showErrorBox(title, content) {
    recorder.errorBoxes.push({ title, content })
  },
  showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
  showMessageBoxSync: () => 0,
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showOpenDialogSync: () => undefined,
  showSaveDialog: async () => ({ canceled: true, filePath: '' }),
  showSaveDialogSync: () => undefined,
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true
  }
  constructor(options = {}) {
    super()
    this.options = options
  }
  show() {
    recorder.notifications.push(structuredClone(this.options))
  }
  close() {}
}

export const shell = {
  openExternal: async (url) => void recorder.openedExternal.push(url),
  openPath: async () => '',
  showItemInFolder() {},
  trashItem: async () => undefined,
  beep() {},
}

export const net = {
  fetch: async (input) => {
    recorder.netFetches.push(String(input instanceof Request ? input.url : input))
    throw new Error('net.fetch: no network in the stand-in (the app is offline)')
  },
  isOnline: () => false,
}

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' })
export const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0 })
export const powerSaveBlocker = { start: () => 1, stop() {}, isStarted: () => false }
export const globalShortcut = { register: () => true, unregister() {}, unregisterAll() {}, isRegistered: () => false }
export const clipboard = { writeText() {}, readText: () => '', writeImage() {} }
export const nativeImage = {
  createEmpty: () => ({ isEmpty: () => true, toPNG: () => Buffer.alloc(0) }),
  createFromPath: () => ({ isEmpty: () => true, toPNG: () => Buffer.alloc(0) }),
  createFromBuffer: () => ({ isEmpty: () => true, toPNG: () => Buffer.alloc(0) }),
  createFromDataURL: () => ({ isEmpty: () => true, toPNG: () => Buffer.alloc(0) }),
}
export const crashReporter = { start() {}, getUploadedReports: () => [] }
export const systemPreferences = { getMediaAccessStatus: () => 'denied', askForMediaAccess: async () => false }
export class Tray extends EventEmitter {
  setToolTip() {}
  setContextMenu() {}
  destroy() {}
}
export const autoUpdater = Object.assign(new EventEmitter(), { setFeedURL() {}, checkForUpdates() {} })

// Renderer-side names exist so an accidental import in main does not fail at link time; they refuse.
export const contextBridge = {
  exposeInMainWorld() {
    throw new Error('contextBridge is only available in the preload')
  },
}
export const ipcRenderer = {
  invoke() {
    throw new Error('ipcRenderer is only available in the preload')
  },
}

const electron = {
  app,
  autoUpdater,
  BrowserWindow,
  clipboard,
  contextBridge,
  crashReporter,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  Menu,
  MenuItem,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
  webContents,
}
export default electron
