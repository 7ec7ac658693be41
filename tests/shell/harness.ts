// Runs the built main process (out/main/index.js) in a child Node process against the stand-in
// 'electron' (fake-electron/), with a temp userData folder, and talks to it over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
export const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; [k: string]: unknown }
export const MAIN_FILE = resolve(ROOT, PKG.main)
export const OUT = resolve(MAIN_FILE, '../..')
export const PRELOAD_DIR = join(OUT, 'preload')
export const RENDERER_DIR = join(OUT, 'renderer')
const CHILD = join(import.meta.dirname, 'fake-electron/child.mjs')

/** The tests check the build; they do not make it (`npm run test:shell` builds first). */
export function requireBuild(): void {
  const missing = [MAIN_FILE, PRELOAD_DIR, join(RENDERER_DIR, 'index.html')].filter((p) => !existsSync(p))
  if (missing.length) {
    throw new Error(`The desktop build is missing (${missing.map((p) => relative(ROOT, p)).join(', ')}): run \`npm run build\` first (npm run test:shell does).`)
  }
}

export interface Frame {
  url: string
  parent?: Frame | null
}

export interface WindowRecord {
  id: number
  options: { webPreferences?: Record<string, unknown>; [k: string]: unknown }
  loadedURLs: string[]
  destroyed: boolean
  webContentsListeners: string[]
  hasWindowOpenHandler: boolean
  sent: { channel: string; args: unknown[] }[]
}

export interface ShellState {
  mainFile: string
  ready: boolean
  timedOut?: boolean
  errors: { kind: string; message: string; stack: string }[]
  errorBoxes: { title: string; content: string }[]
  exits: number[]
  quitRequests: number
  quitted: boolean
  singleInstanceLockRequests: number
  schemes: { scheme: string; privileges?: Record<string, boolean> }[]
  protocolSchemes: string[]
  ipcHandleCalls: string[]
  ipcListeners: string[]
  appListeners: string[]
  windows: WindowRecord[]
  permissionRequestHandler: boolean
  permissionCheckHandler: boolean
  safeStorageCalls: string[]
  netFetches: string[]
  openedExternal: string[]
  notifications: unknown[]
  /** 'default': never set (Electron's own menu); null: removed; 'custom': the app's. */
  applicationMenu: 'default' | 'custom' | null
}

export interface ProtocolResponse {
  status: number
  headers: Record<string, string>
  length: number
  sha256: string
  text: string | null
}

export interface ShellOptions {
  /** false: requestSingleInstanceLock() answers false, as for a second launch. */
  singleInstanceLock?: boolean
  packaged?: boolean
  env?: Record<string, string>
}

export interface RunningShell {
  userData: string
  child: ChildProcess
  /** stdout + stderr of the child, for failure messages. */
  output(): string
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>
  waitForStart(): Promise<ShellState>
  state(): Promise<ShellState>
  /** An IPC call from `frame` in the window at `window` (default the first, the main window). */
  invoke(channel: string, payload: unknown, frame: Frame | null, window?: number): Promise<unknown>
  protocol(url: string): Promise<ProtocolResponse>
  stop(): Promise<void>
}

export async function startShell(options: ShellOptions = {}): Promise<RunningShell> {
  requireBuild()
  const base = await mkdtemp(join(tmpdir(), 'yishi-shell-'))
  const userData = join(base, '议事台')
  const env: Record<string, string | undefined> = { ...process.env }
  for (const key of ['ELECTRON_RENDERER_URL', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'NODE_ENV']) delete env[key]
  Object.assign(env, {
    YISHI_FAKE_USER_DATA: userData,
    YISHI_FAKE_LOCK: options.singleInstanceLock === false ? '0' : '1',
    YISHI_FAKE_PACKAGED: options.packaged ? '1' : '0',
    ...options.env,
  })
  const child = fork(CHILD, [], { cwd: ROOT, env, execArgv: [], serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  let out = ''
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (out += d))

  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let loaded!: () => void
  const loadedPromise = new Promise<void>((r) => (loaded = r))
  child.on('message', (msg: { id?: number; ok?: boolean; result?: unknown; error?: { message: string; stack: string }; loaded?: boolean }) => {
    if (msg.loaded) return loaded()
    const p = pending.get(msg.id!)
    if (!p) return
    pending.delete(msg.id!)
    if (msg.ok) p.resolve(msg.result)
    else p.reject(Object.assign(new Error(msg.error!.message), { stack: msg.error!.stack }))
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`the shell child exited\n${out}`))
    pending.clear()
  })

  const call = <T,>(op: string, args?: Record<string, unknown>) =>
    new Promise<T>((resolvePromise, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolvePromise as (v: unknown) => void, reject })
      child.send({ id, op, args })
    })

  await Promise.race([
    loadedPromise,
    exited.then(() => {
      throw new Error(`the shell child exited before loading the main process\n${out}`)
    }),
  ])

  return {
    userData,
    child,
    output: () => out,
    call,
    waitForStart: () => call<ShellState>('waitForStart'),
    state: () => call<ShellState>('state'),
    invoke: (channel, payload, frame, window) => call('invoke', { channel, payload, frame, window }),
    protocol: (url) => call<ProtocolResponse>('protocol', { url }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exited
      }
      await rm(base, { recursive: true, force: true })
    },
  }
}

/** Every file under dir (relative paths), [] when dir does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort()
}

/** Every entry (files and folders) under dir, [] when dir does not exist. */
export async function listEntries(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  return (await readdir(dir, { recursive: true })).map(String).sort()
}

/** What Electron 41 uses when a webPreference is not given. */
export const ELECTRON_DEFAULTS: Record<string, unknown> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
}

export const effectivePreference = (prefs: Record<string, unknown> | undefined, key: string): unknown =>
  prefs?.[key] ?? ELECTRON_DEFAULTS[key]
