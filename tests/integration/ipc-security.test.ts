import { describe, expect, it } from 'vitest'
import { CHANGED_EVENT, CHANNELS } from '../../shared/contract'
import { registerIpc, sendChanged, type IpcMainLike } from '../../electron/main/ipc/register'
import { HARDENED_WEB_PREFERENCES, isAppUrl, isTrustedSender } from '../../electron/main/security'
import { recordingHandlers } from '../helpers/fake-handlers'

type Listener = Parameters<IpcMainLike['handle']>[1]

function fakeIpcMain() {
  const listeners = new Map<string, Listener>()
  const ipc: IpcMainLike = { handle: (channel, listener) => void listeners.set(channel, listener) }
  return { ipc, listeners }
}

describe('IPC registration', () => {
  it('registers exactly the contract channels', () => {
    const { ipc, listeners } = fakeIpcMain()
    registerIpc(ipc, recordingHandlers().handlers, () => true)
    expect([...listeners.keys()].sort()).toEqual([...CHANNELS].sort())
  })

  it('rejects a call from a frame that is not the app page, without running the handler', async () => {
    const { ipc, listeners } = fakeIpcMain()
    const rec = recordingHandlers()
    registerIpc(ipc, rec.handlers, (frame) => isTrustedSender(frame))
    const listener = listeners.get('community:list')!
    const foreign = await listener({ senderFrame: { url: 'https://evil.example/' } }, {})
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const iframe = await listener({ senderFrame: { url: 'app://yishi/index.html', parent: { url: 'app://yishi/index.html' } } }, {})
    expect(iframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const none = await listener({ senderFrame: null }, {})
    expect(none).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(rec.calls).toHaveLength(0)

    const own = await listener({ senderFrame: { url: 'app://yishi/index.html#/collect', parent: null } }, {})
    expect(own).toEqual({ ok: true, result: { echoed: {} } })
    expect(rec.calls).toHaveLength(1)
  })

  it('parses payloads with the strict schema before the handler sees them', async () => {
    const { ipc, listeners } = fakeIpcMain()
    const rec = recordingHandlers()
    registerIpc(ipc, rec.handlers, () => true)
    const res = await listeners.get('demand:list')!({ senderFrame: { url: 'app://yishi/' } }, { page: 0 })
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { page: '页码无效' } } })
    expect(rec.calls).toHaveLength(0)
  })
})

describe('window security rules', () => {
  it('treats only app://yishi (and the dev server when given) as the app', () => {
    expect(isAppUrl('app://yishi/index.html')).toBe(true)
    expect(isAppUrl('app://other/index.html')).toBe(false)
    expect(isAppUrl('file:///etc/passwd')).toBe(false)
    expect(isAppUrl('https://example.com')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
  })

  it('keeps the hardened web preferences', () => {
    expect(HARDENED_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    })
  })
})

describe('change events over IPC', () => {
  const target = (url: string, destroyed = false) => {
    const sent: Array<[string, unknown]> = []
    return { sent, isDestroyed: () => destroyed, getURL: () => url, send: (c: string, p: unknown) => void sent.push([c, p]) }
  }

  it("sends yishi:changed only to the app's own windows still showing the app page", () => {
    const own = target('app://yishi/index.html#/collect')
    const navigated = target('https://evil.example/')
    const gone = target('app://yishi/index.html', true)
    const n = sendChanged([own, navigated, gone], { area: 'demand', ids: ['d1'] }, (url) => isAppUrl(url))
    expect(n).toBe(1)
    expect(own.sent).toEqual([[CHANGED_EVENT, { area: 'demand', ids: ['d1'] }]])
    expect(navigated.sent).toEqual([])
    expect(gone.sent).toEqual([])
  })
})
