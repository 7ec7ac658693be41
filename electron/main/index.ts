// Thin Electron shell: lifecycle, hardening, wiring. Everything with logic lives in tested modules;
// the backend itself is the same openBackend() the preview host and the e2e tests run.
import { app, dialog, ipcMain, safeStorage, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { openBackend, type Backend } from '../api/backend'
import { loadOrCreateDataKey } from '../api/key-store'
import { auditHeadFile, fileAnchorStore } from '../services/audit'
import { safeStorageWrapper } from './key-store'
import { registerIpc, sendChanged } from './ipc/register'
import {
  isAppUrl,
  isTrustedSender,
  onWillAttachWebview,
  onWillNavigate,
  permissionCheckHandler,
  permissionRequestHandler,
  windowOpenHandler,
} from './security'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { openSettings, uiSettingsStore } from './settings'
import { createMainWindow } from './window'

const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined

registerAppScheme()

// One writer per data folder: a second launch hands over to the running app.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  /** The windows the app made; change events go to these and nowhere else. */
  const appWindows = new Set<BrowserWindow>()
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => onWillNavigate(event, url, devUrl))
    contents.on('will-frame-navigate', (event) => onWillNavigate(event, event.url, devUrl))
    contents.on('will-redirect', (event, url) => onWillNavigate(event, url, devUrl))
    contents.on('will-attach-webview', onWillAttachWebview)
    contents.setWindowOpenHandler(windowOpenHandler)
  })

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler(permissionRequestHandler)
    session.defaultSession.setPermissionCheckHandler(permissionCheckHandler)

    const settings = openSettings()
    const dataDir = join(app.getPath('userData'), 'data')
    const keyFile = join(app.getPath('userData'), 'keyring.bin')
    let backend: Backend
    try {
      backend = await openBackend({
        dataDir,
        // Personal data key: wrapped by the OS (safeStorage) in keyring.bin beside the data folder.
        // A key that does not open the data stops the app here, before anything is read or written.
        key: () => loadOrCreateDataKey(keyFile, safeStorageWrapper(safeStorage, process.platform)),
        settings: uiSettingsStore(settings),
        // The audit chain's head, HMAC'd, outside the data folder (beside keyring.bin).
        auditAnchor: (hmacKey) => fileAnchorStore(auditHeadFile(keyFile), hmacKey),
      })
    } catch (err) {
      dialog.showErrorBox('议事台无法打开数据', `${(err as Error).message}\n\n数据目录：${dataDir}`)
      app.exit(1)
      return
    }
    // One session per window (its webContents); closing the window ends it.
    registerIpc(ipcMain, backend.handlers, (frame) => isTrustedSender(frame, devUrl), (key) => backend.operators.forget(key))
    backend.onChanged((event) =>
      sendChanged(
        [...appWindows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
        event,
        (url) => isAppUrl(url, devUrl),
      ),
    )
    serveRenderer(join(import.meta.dirname, '../renderer'))
    mainWindow = createMainWindow(settings, join(import.meta.dirname, '../preload'), devUrl)
    const win = mainWindow
    appWindows.add(win)
    win.on('closed', () => appWindows.delete(win))

    let closed = false
    app.on('before-quit', (event) => {
      if (closed) return
      event.preventDefault()
      void backend.close().finally(() => {
        closed = true
        app.quit()
      })
    })
  })

  app.on('window-all-closed', () => app.quit())
}
