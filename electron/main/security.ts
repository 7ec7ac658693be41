// Electron-free rules for the hardened windows, so they are unit-tested in Node.
import type { FrameLike } from './ipc/register'

export const APP_SCHEME = 'app'
export const APP_HOST = 'yishi'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY = `${APP_ORIGIN}/index.html`

/** True for URLs of our own bundled page (and the dev server while developing). */
export function isAppUrl(url: string, devOrigin?: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true
  return !!devOrigin && parsed.origin === new URL(devOrigin).origin
}

/** IPC is answered only for the app's own top-level page, never an iframe or another origin. */
export function isTrustedSender(frame: FrameLike | null, devOrigin?: string): boolean {
  if (!frame) return false
  if (frame.parent) return false
  return isAppUrl(frame.url, devOrigin)
}

export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  /** Middle-click would otherwise open links through a path that bypasses will-navigate. */
  disableBlinkFeatures: 'Auxclick',
} as const

/** The part of Electron's navigation events we use; structural so tests pass a fake. */
export interface PreventableEvent {
  preventDefault(): void
}

/**
 * `will-navigate` / `will-redirect` / `will-frame-navigate`: the page may move only within the
 * app (e.g. its own hash routes); anything else (a link to the web, file://, a dropped file) is
 * stopped. Returns whether the navigation was allowed.
 */
export function onWillNavigate(event: PreventableEvent, url: string, devOrigin?: string): boolean {
  if (isAppUrl(url, devOrigin)) return true
  event.preventDefault()
  return false
}

/** `setWindowOpenHandler`: no window.open, no target=_blank, no middle-click windows. */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' }
}

/** `setPermissionRequestHandler`: camera, microphone, notifications, geolocation… all denied. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false)
}

/** `setPermissionCheckHandler`: every synchronous permission check answers no. */
export function permissionCheckHandler(): boolean {
  return false
}

/** `will-attach-webview`: the app never uses <webview>. */
export function onWillAttachWebview(event: PreventableEvent): void {
  event.preventDefault()
}
