// The main window's projector windows (投屏), Electron-free so the rules are tested in Node: which
// window.open becomes a projector (only the main window's, only #/projector/<meeting id>), one per
// meeting (asking again focuses the open one), its limited session (ipc/register.ts
// linkProjector), and closing it when that session ends or the main window closes. main/index.ts
// only wires Electron's events to it.
import { sendChanged, type EventTarget, type IpcSessions, type SenderLike } from './ipc/register'
import { projectorMeetingId } from './projector'

/** The part of a BrowserWindow this needs; structural so tests pass a fake. */
export interface ProjectorWindow {
  webContents: SenderLike & EventTarget
  isDestroyed(): boolean
  focus(): void
  close(): void
  once(event: 'closed', listener: () => void): unknown
}

export type ProjectorRequest = { open: true; meetingId: string } | { open: false }

export interface ProjectorWindows<W extends ProjectorWindow> {
  /**
   * setWindowOpenHandler of `from`: open a new projector window for the meeting, or not (anything
   * that is not the main window asking for a projector page; or that meeting's projector is
   * already open, and is focused instead).
   */
  request(url: string, from: SenderLike, main: SenderLike | null): ProjectorRequest
  /**
   * did-create-window: keeps the window and links it to the opener's session. False when it must
   * not exist (not a projector of the main window; no IPC sessions yet): the caller destroys it.
   */
  created(win: W, url: string, from: SenderLike, main: SenderLike | null): boolean
  /** The open projector window of a meeting. */
  get(meetingId: string): W | undefined
  /** The main window closed: its projectors close with it. */
  closeAll(): void
}

export function createProjectorWindows<W extends ProjectorWindow>(opts: {
  sessions: () => IpcSessions | null
  isAppPage: (url: string) => boolean
  devUrl?: string
}): ProjectorWindows<W> {
  const open = new Map<string, W>()
  const live = (meetingId: string) => {
    const win = open.get(meetingId)
    return win && !win.isDestroyed() ? win : undefined
  }
  const meetingOf = (url: string, from: SenderLike, main: SenderLike | null) => (main && from === main ? projectorMeetingId(url, opts.devUrl) : null)

  return {
    request(url, from, main) {
      const meetingId = meetingOf(url, from, main)
      if (!meetingId) return { open: false }
      const existing = live(meetingId)
      if (existing) {
        existing.focus()
        return { open: false }
      }
      return { open: true, meetingId }
    },

    created(win, url, from, main) {
      const meetingId = meetingOf(url, from, main)
      const sessions = opts.sessions()
      if (!meetingId || !sessions || live(meetingId)) return false
      open.set(meetingId, win)
      win.once('closed', () => {
        if (open.get(meetingId) === win) open.delete(meetingId)
      })
      sessions.linkProjector(win.webContents, from, {
        // Locked, unlocked, signed out: the page reads session:status again (and pauses or resumes).
        onChange: () => {
          if (!win.isDestroyed()) sendChanged([win.webContents], { area: 'session', ids: [] }, opts.isAppPage)
        },
        // The opener's session is over: so is the projector (a new one is opened from the new session).
        onEnd: () => {
          if (!win.isDestroyed()) win.close()
        },
      })
      return true
    },

    get: live,

    closeAll() {
      for (const win of open.values()) if (!win.isDestroyed()) win.close()
    },
  }
}
