// 打开投屏: the projector page of a meeting in a second window. In the app, main opens it on the
// second display in a limited session (electron/main/projector-windows.ts); in the preview it is a
// browser window. Asking again brings the open one forward, and "the browser blocked the new
// window" is said only when it really was blocked.
import { LOCALES, type Locale } from '../../../shared/domain/vocab'

/** 'opened': a new window; 'focused': the open one came forward; 'blocked': no window at all. */
export type ProjectorOpen = 'opened' | 'focused' | 'blocked'

/** The projector windows this page opened (their WindowProxy), by meeting id. */
const opened = new Map<string, Window>()

/** One window per meeting: the same name reuses it. */
export const projectorWindowName = (meetingId: string) => `yishi-projector-${meetingId.replace(/[^A-Za-z0-9_-]/g, '_')}`

export function projectorUrl(meetingId: string, loc: Pick<Location, 'pathname' | 'search'> = location): string {
  return `${loc.pathname}${loc.search}#/projector/${encodeURIComponent(meetingId)}`
}

/**
 * Opens (or brings forward) the meeting's projector window. window.open comes first even when a
 * window is open: a browser reuses the named window and gives it back; in the app, main focuses
 * the open projector and denies, so window.open gives null. A null is a block only when no
 * projector of ours is open and this is not the app (whose main never blocks the projector page).
 */
export function openProjector(meetingId: string, win: Window = window): ProjectorOpen {
  rememberProjectorLocale(win.document?.documentElement.lang)
  const kept = opened.get(meetingId)
  const stillOpen = !!kept && !isClosed(kept)
  const w = win.open(projectorUrl(meetingId, win.location), projectorWindowName(meetingId))
  if (w) {
    opened.set(meetingId, w)
    focus(w)
    return stillOpen && w === kept ? 'focused' : 'opened'
  }
  if (stillOpen) {
    focus(kept)
    return 'focused'
  }
  opened.delete(meetingId)
  return isDesktopApp(win) ? 'focused' : 'blocked'
}

/** The preload's bridge is there: the page runs in the app's window, not a browser. */
function isDesktopApp(win: Window): boolean {
  const bridge = (win as Window & { yishi?: unknown }).yishi
  return typeof bridge === 'object' && bridge !== null
}

function isClosed(w: Window): boolean {
  try {
    return w.closed
  } catch {
    return true
  }
}

function focus(w: Window): void {
  try {
    w.focus()
  } catch {
    // a window we may no longer reach: main or the browser brought it forward already
  }
}

// The projector calls only what it shows (in the app its session may read the meeting and little
// else, not the UI settings): it takes the language the opener was showing.
const LOCALE_KEY = 'yishi.projector.locale'

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function rememberProjectorLocale(locale: string | undefined): void {
  if (!isLocale(locale)) return
  try {
    storage()?.setItem(LOCALE_KEY, locale)
  } catch {
    // storage refused: the projector shows the default language
  }
}

/** The language for the projector page: the opener's, or null (the default). */
export function projectorLocale(): Locale | null {
  const saved = storage()?.getItem(LOCALE_KEY)
  return isLocale(saved) ? saved : null
}
