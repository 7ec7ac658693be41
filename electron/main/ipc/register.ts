import { randomBytes } from 'node:crypto'
import { CHANGED_EVENT, CHANNELS, type ChangedEvent, type Envelope } from '../../../shared/contract'
import { dispatch } from '../../api/dispatch'
import type { Handlers } from '../../api/handlers'
import type { HandlerMap } from '../../../shared/contract'

/** The part of Electron's ipcMain we use; structural so tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: FrameLike | null; sender?: SenderLike }, payload: unknown) => Promise<unknown>): void
}
/** The part of a sender webContents the session needs; structural so tests pass a fake. */
export interface SenderLike {
  id: number
  once(event: 'destroyed', listener: () => void): unknown
}
export interface FrameLike {
  url: string
  parent?: FrameLike | null
}

/** What registerIpc gives back: linking a window the app opened to its opener's session. */
export interface IpcSessions {
  /**
   * The projector window (opened by the main window) calls in its opener's session: it is signed
   * in as the same operator without a second sign-in, and its closing does not end the session
   * (the opener's does). Its view is read-only; the channel rules still apply to every call.
   */
  share(child: SenderLike, opener: SenderLike): void
}

/**
 * Registers one handler per contract channel, each checking the sender before anything else. The
 * transport session is the sender's webContents: `ipc:<id>:<random>`, made at its first call and
 * ended (`onSessionEnd`, i.e. operators.forget) when it is destroyed. A reload keeps the session
 * (same webContents); closing the window signs it out.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers | HandlerMap,
  isTrustedSender: (frame: FrameLike | null) => boolean,
  onSessionEnd: (sessionKey: string) => void = () => {},
): IpcSessions {
  const keys = new WeakMap<SenderLike, string>()
  const sessionKeyOf = (sender: SenderLike | undefined): string | undefined => {
    if (!sender || typeof sender.id !== 'number') return undefined
    let key = keys.get(sender)
    if (!key) {
      const made = `ipc:${sender.id}:${randomBytes(16).toString('base64url')}`
      key = made
      keys.set(sender, made)
      sender.once('destroyed', () => {
        keys.delete(sender)
        onSessionEnd(made)
      })
    }
    return key
  }
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自议事台页面' } }
      }
      const sessionKey = sessionKeyOf(event.sender)
      return dispatch(handlers, channel, payload, undefined, sessionKey ? { transport: 'ipc', sessionKey } : { transport: 'ipc' })
    })
  }
  return {
    share(child, opener) {
      const key = sessionKeyOf(opener)
      if (!key || typeof child?.id !== 'number' || child === opener) return
      keys.set(child, key)
      child.once('destroyed', () => {
        if (keys.get(child) === key) keys.delete(child)
      })
    },
  }
}

/** The part of a BrowserWindow's webContents the event push needs; structural for tests. */
export interface EventTarget {
  isDestroyed(): boolean
  getURL(): string
  send(channel: string, payload: unknown): void
}

/**
 * Sends `yishi:changed` to the app's own windows only: each target must be one the app made and
 * still show the app's page (a window that navigated elsewhere gets nothing). Returns how many got it.
 */
export function sendChanged(targets: Iterable<EventTarget>, event: ChangedEvent, isAppPage: (url: string) => boolean): number {
  let sent = 0
  for (const target of targets) {
    if (target.isDestroyed() || !isAppPage(target.getURL())) continue
    target.send(CHANGED_EVENT, { area: event.area, ids: [...event.ids] })
    sent++
  }
  return sent
}
