import { BrowserWindow, dialog, screen } from 'electron'
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
    // The key flags are spelled out so electronegativity (npm run lint:electron) can see them;
    // they repeat HARDENED_WEB_PREFERENCES (security.ts, unit-tested), which holds the rest.
    webPreferences: {
      ...HARDENED_WEB_PREFERENCES,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
      // PRELOAD_JS_CHECK asks for a review of the preload. Reviewed: electron/preload/index.ts runs
      // sandboxed and exposes one invoke function per contract channel, no ipcRenderer, no Node.
      preload: join(preloadDir, 'index.cjs'), // eng-disable PRELOAD_JS_CHECK
    },
  })
  win.once('ready-to-show', () => win.show())
  // A screen's beforeunload (useUnloadGuard: minutes being saved, an unsaved agenda, a demand
  // being typed): ask, instead of Electron's silent refusal to close. preventDefault() here means
  // "close anyway".
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['仍然关闭', '留在此页'],
      defaultId: 1,
      cancelId: 1,
      title: '有未保存的内容',
      message: '当前页面还有未保存的内容（会议纪要、议程或正在填写的诉求）。',
      detail: '建议留在此页，保存后再关闭；仍然关闭将丢失未保存的内容。',
    })
    if (choice === 0) event.preventDefault()
  })
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
