// The projector window (投屏, issue 10): Electron-free rules, unit-tested in Node. main/index.ts
// lets the app's main window open exactly one kind of window — its own page at
// #/projector/<meeting id> — and places it with projectorPlacement: full screen on another
// display when there is one, otherwise a window over the main one (the chair drags it to a
// projector plugged in later). Every other window.open stays denied (security.ts).
import { HARDENED_WEB_PREFERENCES, isAppUrl } from './security'

/** #/projector/<id>: ids are letters, digits, ~ - _ (shared/contract/common.ts id()). */
const PROJECTOR_HASH = /^#\/projector\/([A-Za-z0-9~_-]{1,120})$/

/** The meeting id of a projector page URL of the app, or null for anything else. */
export function projectorMeetingId(url: string, devOrigin?: string): string | null {
  if (!isAppUrl(url, devOrigin)) return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.search || (parsed.pathname !== '/index.html' && parsed.pathname !== '/')) return null
  return PROJECTOR_HASH.exec(parsed.hash)?.[1] ?? null
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}
/** The part of Electron's Display the placement needs. */
export interface DisplayLike {
  id: number
  bounds: Rect
  workArea: Rect
}

export interface ProjectorPlacement extends Rect {
  /** On a display of its own: full screen (the chair's screen keeps the app). */
  fullscreen: boolean
  displayId: number
}

const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })
const contains = (r: Rect, p: { x: number; y: number }) => p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height

/**
 * Where the projector window goes: on the first display that does not show the main window
 * (the projector or second screen), full screen; with one display, a 1280×720 window (or the
 * work area, if smaller) centred on it.
 */
export function projectorPlacement(displays: readonly DisplayLike[], mainWindow: Rect | null, primaryId?: number): ProjectorPlacement {
  if (!displays.length) return { x: 0, y: 0, width: 1280, height: 720, fullscreen: false, displayId: -1 }
  const mainDisplay =
    (mainWindow && displays.find((d) => contains(d.bounds, centre(mainWindow)))) ?? displays.find((d) => d.id === primaryId) ?? displays[0]
  const other = displays.find((d) => d.id !== mainDisplay.id)
  if (other) return { ...other.bounds, fullscreen: true, displayId: other.id }
  const a = mainDisplay.workArea
  const width = Math.min(1280, a.width)
  const height = Math.min(720, a.height)
  return { x: Math.round(a.x + (a.width - width) / 2), y: Math.round(a.y + (a.height - height) / 2), width, height, fullscreen: false, displayId: mainDisplay.id }
}

/**
 * The BrowserWindow options of the projector window (window.open's overrideBrowserWindowOptions):
 * the main window's hardened preferences and preload, placed by projectorPlacement.
 */
export function projectorWindowOptions(place: ProjectorPlacement, preload: string) {
  return {
    x: place.x,
    y: place.y,
    width: place.width,
    height: place.height,
    fullscreen: place.fullscreen,
    autoHideMenuBar: true,
    title: '议事台 · 投屏',
    backgroundColor: '#10243e',
    webPreferences: {
      ...HARDENED_WEB_PREFERENCES,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload,
    },
  }
}
