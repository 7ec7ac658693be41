// The projector window (投屏) of electron/main, Electron-free: which URL may open it, where it goes
// (projectorPlacement: another display full screen, else a window on the one display), its
// hardened options, and its IPC calls running in the opener's session (no second sign-in).
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { CHANNELS, type HandlerMap } from '../../shared/contract'
import { registerIpc, type IpcMainLike, type SenderLike } from '../../electron/main/ipc/register'
import { projectorMeetingId, projectorPlacement, projectorWindowOptions, type DisplayLike } from '../../electron/main/projector'

const laptop: DisplayLike = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 }, workArea: { x: 0, y: 0, width: 1366, height: 728 } }
const beamer: DisplayLike = { id: 2, bounds: { x: 1366, y: 0, width: 1920, height: 1080 }, workArea: { x: 1366, y: 0, width: 1920, height: 1040 } }

describe('projector URL', () => {
  it('accepts only the app page at #/projector/<meeting id>', () => {
    expect(projectorMeetingId('app://yishi/index.html#/projector/cA~mt~2026~abc_1-2')).toBe('cA~mt~2026~abc_1-2')
    expect(projectorMeetingId('http://localhost:5173/#/projector/m1', 'http://localhost:5173')).toBe('m1')
    for (const url of [
      'app://yishi/index.html',
      'app://yishi/index.html#/meet/m1/chair',
      'app://yishi/index.html#/projector/',
      'app://yishi/index.html#/projector/m1/../x',
      'app://yishi/index.html?x=1#/projector/m1',
      'app://yishi/other.html#/projector/m1',
      'app://other/index.html#/projector/m1',
      'https://example.com/#/projector/m1',
      'http://localhost:5173/#/projector/m1',
      'not a url',
    ]) {
      expect(projectorMeetingId(url), url).toBeNull()
    }
  })
})

describe('projectorPlacement', () => {
  it('goes full screen on the display that does not show the main window', () => {
    expect(projectorPlacement([laptop, beamer], { x: 100, y: 50, width: 1200, height: 680 }, 1)).toEqual({ ...beamer.bounds, fullscreen: true, displayId: 2 })
    // the main window dragged to the beamer: the laptop screen is the other one
    expect(projectorPlacement([laptop, beamer], { x: 1500, y: 100, width: 1200, height: 700 }, 1)).toEqual({ ...laptop.bounds, fullscreen: true, displayId: 1 })
  })

  it('with one display: a 1280×720 window centred in the work area (no bigger than it)', () => {
    expect(projectorPlacement([beamer], { x: 1400, y: 0, width: 800, height: 600 }, 2)).toEqual({ x: 1686, y: 160, width: 1280, height: 720, fullscreen: false, displayId: 2 })
    expect(projectorPlacement([laptop], null, 1)).toEqual({ x: 43, y: 4, width: 1280, height: 720, fullscreen: false, displayId: 1 })
    const small: DisplayLike = { id: 3, bounds: { x: 0, y: 0, width: 1024, height: 600 }, workArea: { x: 0, y: 0, width: 1024, height: 560 } }
    expect(projectorPlacement([small], null)).toMatchObject({ width: 1024, height: 560, x: 0, y: 0 })
    expect(projectorPlacement([], null)).toMatchObject({ fullscreen: false, width: 1280 })
  })

  it('the window is hardened like the main one and has the preload', () => {
    const o = projectorWindowOptions(projectorPlacement([laptop, beamer], null, 1), '/app/out/preload/index.cjs')
    expect(o).toMatchObject({ x: 1366, y: 0, fullscreen: true })
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: '/app/out/preload/index.cjs' })
  })
})

describe('projector session', () => {
  class Sender extends EventEmitter implements SenderLike {
    constructor(readonly id: number) {
      super()
    }
    destroy() {
      this.emit('destroyed')
    }
  }
  function setup() {
    const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>()
    const ended: string[] = []
    const handlers = Object.fromEntries(CHANNELS.map((c) => [c, async (_input: unknown, ctx?: { sessionKey?: string }) => ctx?.sessionKey]))
    const sessions = registerIpc({ handle: (c, l) => void listeners.set(c, l) }, handlers as unknown as HandlerMap, () => true, (k) => ended.push(k))
    const call = async (sender: Sender) =>
      ((await listeners.get('session:status')!({ senderFrame: { url: 'app://yishi/index.html', parent: null }, sender }, {})) as { result: string }).result
    return { sessions, call, ended }
  }

  it('calls from the projector window run in the opener session; closing it does not end that session', async () => {
    const { sessions, call, ended } = setup()
    const main = new Sender(1)
    const projector = new Sender(2)
    const other = new Sender(3)
    const key = await call(main)
    expect(key).toMatch(/^ipc:1:/)
    sessions.share(projector, main)
    expect(await call(projector)).toBe(key)
    expect(await call(other)).not.toBe(key)
    projector.destroy()
    expect(ended).toEqual([])
    main.destroy()
    expect(ended).toEqual([key])
  })
})
