import { BrowserWindow, screen } from 'electron'
import { join } from 'node:path'
import type Store from 'electron-store'
import type { Settings } from './settings'
import { APP_ENTRY, HARDENED_WEB_PREFERENCES } from './security'

export function createMainWindow(settings: Store<Settings>, preloadDir: string, devUrl?: string): BrowserWindow {
  const bounds = visibleBounds(settings.get('windowBounds'))
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '议事台',
    backgroundColor: '#f5f6f8',
    webPreferences: {
      ...HARDENED_WEB_PREFERENCES,
      preload: join(preloadDir, 'index.cjs'),
    },
  })
  win.once('ready-to-show', () => win.show())
  win.on('close', () => settings.set('windowBounds', win.getNormalBounds()))
  void win.loadURL(devUrl ?? APP_ENTRY)
  return win
}

/** Saved bounds are used only if they still fit on a connected display. */
function visibleBounds(saved: Settings['windowBounds']) {
  const fallback = { width: 1280, height: 800 }
  if (!saved) return fallback
  const onScreen = screen.getAllDisplays().some(({ workArea: a }) => {
    const x = saved.x ?? a.x
    const y = saved.y ?? a.y
    return x >= a.x - 50 && y >= a.y - 50 && x + 200 <= a.x + a.width && y + 100 <= a.y + a.height
  })
  return onScreen ? saved : fallback
}
