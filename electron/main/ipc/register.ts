import { randomBytes } from 'node:crypto'
import { CHANGED_EVENT, CHANNELS, type Channel, type ChangedEvent, type Envelope } from '../../../shared/contract'
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

/**
 * What the projector window (投屏) may call: the meeting it shows, that community's people for the
 * names, and the session state (to pause when the opener's session is locked or gone). Every other
 * channel is refused before the backend sees it.
 */
export const PROJECTOR_CHANNELS: readonly Channel[] = ['meeting:get', 'people:list', 'session:status']

/** After one of these the opener's session is a new one, or none: its projector links end. */
const SESSION_ENDING: ReadonlySet<Channel> = new Set<Channel>(['session:signIn', 'session:setup', 'session:signOut'])
/** After one of these the opener's session state may have changed (locked, unlocked, ended). */
const SESSION_CHANGING: ReadonlySet<Channel> = new Set<Channel>([...SESSION_ENDING, 'session:lock', 'session:unlock'])

const NOT_APP_PAGE = '拒绝访问：请求不是来自议事台页面'
export const PROJECTOR_REFUSED = '拒绝访问：投屏窗口只能显示会议，不能执行此操作'

/** Told about a projector link's changes; main pushes the state to the window or closes it. */
export interface ProjectorLinkEvents {
  /** The opener locked, unlocked or ended its session: the projector should read its state again. */
  onChange?(): void
  /** The link ended (the opener signed out, someone signed in anew, or the opener closed). */
  onEnd?(): void
}

/** What registerIpc gives back: linking a window the app opened to its opener's session. */
export interface IpcSessions {
  /**
   * The projector window (opened by the main window) calls in a limited child of its opener's
   * session: signed in as the same operator without a second sign-in, but only PROJECTOR_CHANNELS
   * (everything else FORBIDDEN), and only while that session lasts. When the opener signs out,
   * signs in anew or closes, the link ends for good: the child's calls run in a session nobody can
   * sign in (session:* writes are refused to it), so it shows no data. Its closing does not end the
   * opener's session. Linking again replaces the link.
   */
  linkProjector(child: SenderLike, opener: SenderLike, events?: ProjectorLinkEvents): void
}

interface ProjectorLink {
  /** The session the child's calls run in: the opener's while linked, then a dead one. */
  key: string
  opener: SenderLike | null
  events: ProjectorLinkEvents
}

/**
 * Registers one handler per contract channel, each checking the sender before anything else. The
 * transport session is the sender's webContents: `ipc:<id>:<random>`, made at its first call and
 * ended (`onSessionEnd`, i.e. operators.forget) when it is destroyed. A reload keeps the session
 * (same webContents); closing the window signs it out. A projector window linked with
 * linkProjector calls in its opener's session instead, limited to PROJECTOR_CHANNELS.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers | HandlerMap,
  isTrustedSender: (frame: FrameLike | null) => boolean,
  onSessionEnd: (sessionKey: string) => void = () => {},
): IpcSessions {
  const keys = new WeakMap<SenderLike, string>()
  const links = new WeakMap<SenderLike, ProjectorLink>()
  const linked = new WeakMap<SenderLike, Set<SenderLike>>()
  const newKey = (sender: SenderLike, tag = '') => `ipc:${sender.id}:${tag}${randomBytes(16).toString('base64url')}`

  /** Ends the opener's projector links: each child keeps a dead session until it closes. */
  const endLinks = (opener: SenderLike) => {
    const children = linked.get(opener)
    if (!children) return
    linked.delete(opener)
    for (const child of children) {
      const link = links.get(child)
      if (!link || link.opener !== opener) continue
      link.opener = null
      link.key = newKey(child, 'ended:')
      const { events } = link
      safely(() => events.onChange?.())
      safely(() => events.onEnd?.())
    }
  }
  const notifyLinks = (opener: SenderLike) => {
    for (const child of linked.get(opener) ?? []) {
      const events = links.get(child)?.events
      safely(() => events?.onChange?.())
    }
  }

  const sessionKeyOf = (sender: SenderLike | undefined): string | undefined => {
    if (!sender || typeof sender.id !== 'number') return undefined
    let key = keys.get(sender)
    if (!key) {
      const made = newKey(sender)
      key = made
      keys.set(sender, made)
      sender.once('destroyed', () => {
        keys.delete(sender)
        endLinks(sender)
        onSessionEnd(made)
      })
    }
    return key
  }
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: NOT_APP_PAGE } }
      }
      const sender = event.sender
      const link = sender ? links.get(sender) : undefined
      if (link) {
        if (!PROJECTOR_CHANNELS.includes(channel)) return { ok: false, error: { code: 'FORBIDDEN', message: PROJECTOR_REFUSED } }
        return dispatch(handlers, channel, payload, undefined, { transport: 'ipc', sessionKey: link.key })
      }
      const sessionKey = sessionKeyOf(sender)
      const result = await dispatch(handlers, channel, payload, undefined, sessionKey ? { transport: 'ipc', sessionKey } : { transport: 'ipc' })
      if (sender && SESSION_CHANGING.has(channel)) {
        if (result.ok && SESSION_ENDING.has(channel)) endLinks(sender)
        else notifyLinks(sender)
      }
      return result
    })
  }
  return {
    linkProjector(child, opener, events = {}) {
      if (typeof child?.id !== 'number' || child === opener || links.has(opener)) return
      const key = sessionKeyOf(opener)
      if (!key) return
      const before = links.get(child)
      if (before?.opener) linked.get(before.opener)?.delete(child)
      // A window that already had a session of its own gives it up.
      const own = keys.get(child)
      if (own) {
        keys.delete(child)
        onSessionEnd(own)
      }
      links.set(child, { key, opener, events })
      let children = linked.get(opener)
      if (!children) linked.set(opener, (children = new Set()))
      children.add(child)
      if (!before) {
        child.once('destroyed', () => {
          const link = links.get(child)
          links.delete(child)
          if (link?.opener) linked.get(link.opener)?.delete(child)
        })
      }
    },
  }
}

/** A listener's failure is logged, never passed to the call that ended the session. */
function safely(fn: () => void): void {
  try {
    fn()
  } catch (err) {
    console.error(err)
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
