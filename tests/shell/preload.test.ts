// The BUILT preload (out/preload/*.cjs) run the way a sandboxed Electron renderer runs it: a
// CommonJS function body in its own V8 context, with only the sandbox's require() (electron,
// events, timers, url) and a reduced `process`. A stand-in contextBridge / ipcRenderer records
// what it exposes and what it sends. Run after `npm run build` (npm run test:shell).
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import vm from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { CHANNELS } from '../../shared/contract'
import { PRELOAD_DIR, requireBuild } from './harness'

/** What the page may see: `yishi` (one function per channel) and, optionally, `yishiEvents`. */
const ALLOWED_GLOBALS = ['yishi', 'yishiEvents']
const PUSH_EVENT = 'yishi:changed'
const SANDBOX_MODULES = ['electron', 'events', 'timers', 'url']

type Listener = (...args: unknown[]) => void

function loadPreload(file: string) {
  const exposed: { key: string; api: unknown }[] = []
  const invokes: unknown[][] = []
  const sends: unknown[][] = []
  const listeners = new Map<string, Listener[]>()
  const requested: string[] = []
  const removeListener = (channel: string, listener: Listener) => {
    listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener))
    return ipcRenderer
  }
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invokes.push(args)
      return Promise.resolve({ ok: true, result: { echo: args } })
    },
    send: (...args: unknown[]) => void sends.push(['send', ...args]),
    sendSync: (...args: unknown[]) => void sends.push(['sendSync', ...args]),
    sendToHost: (...args: unknown[]) => void sends.push(['sendToHost', ...args]),
    postMessage: (...args: unknown[]) => void sends.push(['postMessage', ...args]),
    on: (channel: string, listener: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
      return ipcRenderer
    },
    once: (channel: string, listener: Listener) => ipcRenderer.on(channel, listener),
    addListener: (channel: string, listener: Listener) => ipcRenderer.on(channel, listener),
    off: removeListener,
    removeListener,
    removeAllListeners: (channel?: string) => {
      if (channel) listeners.delete(channel)
      else listeners.clear()
      return ipcRenderer
    },
  }
  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => void exposed.push({ key, api }),
    exposeInIsolatedWorld: (_worldId: number, key: string, api: unknown) => void exposed.push({ key: `isolated:${key}`, api }),
  }
  const electron = { contextBridge, ipcRenderer, webFrame: {}, webUtils: {} }
  const sandboxProcess = { platform: process.platform, arch: process.arch, env: {}, versions: {}, type: 'renderer', sandboxed: true, contextIsolated: true }
  const sandboxRequire = (name: string) => {
    requested.push(name)
    if (name === 'electron') return electron
    throw new Error(`Cannot require '${name}' in a sandboxed preload (stand-in allows only ${SANDBOX_MODULES.join(', ')})`)
  }
  const context = vm.createContext({ console, setTimeout, clearTimeout, queueMicrotask, process: sandboxProcess })
  const code = readFileSync(file, 'utf8')
  const fn = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file, parsingContext: context })
  const module = { exports: {} as unknown }
  fn(module.exports, sandboxRequire, module, file, dirname(file))
  const forbidden = new Map<unknown, string>([
    [ipcRenderer, 'ipcRenderer'],
    [electron, 'the electron module'],
    [contextBridge, 'contextBridge'],
    [sandboxRequire, 'require'],
    [sandboxProcess, 'process'],
    [module, 'module'],
    ...Object.entries(ipcRenderer).map(([k, v]) => [v, `ipcRenderer.${k}`] as [unknown, string]),
  ])
  return { exposed, invokes, sends, listeners, requested, forbidden }
}

/** Every value reachable from `root` through own properties (no prototypes, no calls). */
function reachable(root: unknown): { path: string; value: unknown }[] {
  const seen = new Set<unknown>()
  const out: { path: string; value: unknown }[] = []
  const walk = (value: unknown, path: string) => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return
    seen.add(value)
    out.push({ path, value })
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key)
      if (desc && 'value' in desc) walk(desc.value, `${path}.${String(key)}`)
      if (desc?.get) walk(desc.get, `${path}.get ${String(key)}`)
    }
  }
  walk(root, '')
  return out
}

describe('the built preload', () => {
  let files: string[]
  beforeAll(() => {
    requireBuild()
    files = readdirSync(PRELOAD_DIR).filter((f) => /\.(c?js)$/.test(f)).map((f) => join(PRELOAD_DIR, f))
  })

  it('is there', () => {
    expect(files.length, `no preload script in ${PRELOAD_DIR}`).toBeGreaterThan(0)
  })

  it('lists channel names without bundling zod or the schemas (it was 174 KB when it did)', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      expect(text.length, `${file} is ${text.length} bytes`).toBeLessThan(16_000)
      expect(text).not.toMatch(/ZodError|safeParse|\$ZodType/)
    }
  })

  it('requires nothing but what a sandboxed preload may, and calls nothing while loading', () => {
    for (const file of files) {
      const { requested, invokes, sends } = loadPreload(file)
      expect(requested.filter((m) => !SANDBOX_MODULES.includes(m)), file).toEqual([])
      expect(invokes, `${file} invoked a channel while loading`).toEqual([])
      expect(sends, `${file} sent IPC while loading`).toEqual([])
    }
  })

  it('exposes only `yishi` (and optionally `yishiEvents`), each once', () => {
    for (const file of files) {
      const keys = loadPreload(file).exposed.map((e) => e.key)
      expect(keys, file).toContain('yishi')
      expect(keys.filter((k) => !ALLOWED_GLOBALS.includes(k)), `${file} exposes more than ${ALLOWED_GLOBALS.join(' / ')}`).toEqual([])
      expect(new Set(keys).size, `${file} exposes a key twice`).toBe(keys.length)
    }
  })

  it('puts exactly one function per contract channel on `yishi`, each invoking that channel with the payload only', async () => {
    for (const file of files) {
      const { exposed, invokes } = loadPreload(file)
      const yishi = exposed.find((e) => e.key === 'yishi')!.api as Record<string, unknown>
      expect(Reflect.ownKeys(yishi).map(String).sort(), file).toEqual([...CHANNELS].sort())
      for (const channel of CHANNELS) {
        expect(typeof yishi[channel], `${file}: yishi['${channel}']`).toBe('function')
        const payload = { probe: channel, nested: { n: 1 } }
        const answer = await (yishi[channel] as (...a: unknown[]) => Promise<unknown>)(payload, 'extra argument', { senderFrame: 'forged' })
        expect(invokes.at(-1), `${file}: yishi['${channel}'] did not invoke (channel, payload)`).toEqual([channel, payload])
        expect(answer, `${file}: yishi['${channel}'] did not return the invoke result`).toEqual({ ok: true, result: { echo: [channel, payload] } })
      }
      expect(invokes).toHaveLength(CHANNELS.length)
    }
  })

  it('leaks no ipcRenderer, require, process or module through what it exposes', () => {
    for (const file of files) {
      const { exposed, forbidden } = loadPreload(file)
      for (const { key, api } of exposed) {
        for (const { path, value } of reachable(api)) {
          expect(forbidden.get(value), `${file}: window.${key}${path} is ${forbidden.get(value)}`).toBeUndefined()
        }
      }
    }
  })

  it('if it exposes `yishiEvents`, it has only onChanged, whose listener gets the payload and not the IPC event', () => {
    for (const file of files) {
      const { exposed, listeners } = loadPreload(file)
      const events = exposed.find((e) => e.key === 'yishiEvents')?.api as Record<string, unknown> | undefined
      if (!events) continue
      expect(Reflect.ownKeys(events).map(String), file).toEqual(['onChanged'])
      expect(typeof events.onChanged).toBe('function')
      const calls: unknown[][] = []
      const unsubscribe = (events.onChanged as (l: Listener) => unknown)((...args) => void calls.push(args))
      const registered = listeners.get(PUSH_EVENT) ?? []
      expect(registered, `${file}: onChanged did not listen on '${PUSH_EVENT}'`).toHaveLength(1)
      expect([...listeners.keys()].filter((c) => c !== PUSH_EVENT && listeners.get(c)!.length), `${file}: listens on other channels`).toEqual([])
      const ipcEvent = { sender: { secret: 'ipcRenderer' }, senderId: 0, ports: [] }
      const payload = { area: 'demand', ids: ['d1'] }
      registered[0](ipcEvent, payload)
      expect(calls, `${file}: the listener must receive only the payload`).toEqual([[payload]])
      if (typeof unsubscribe === 'function') {
        unsubscribe()
        expect(listeners.get(PUSH_EVENT) ?? [], `${file}: unsubscribing left the listener registered`).toHaveLength(0)
      }
    }
  })
})
