// Thin Electron shell: lifecycle, hardening, wiring. Everything with logic lives in tested modules;
// the backend itself is the same openBackend() the preview host and the e2e tests run.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, screen, session } from 'electron'
import { join } from 'node:path'
import { openBackend, type Backend } from '../api/backend'
import { loadOrCreateDataKey } from '../api/key-store'
import { startOverdueWatch } from '../api/overdue-watch'
import { auditHeadFile, fileAnchorStore } from '../services/audit'
import { safeStorageWrapper } from './key-store'
import { registerIpc, sendChanged, type IpcSessions } from './ipc/register'
import { createPdfPrinter } from './print-pdf'
import { projectorPlacement, projectorWindowOptions } from './projector'
import { createProjectorWindows } from './projector-windows'
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
  let ipcSessions: IpcSessions | null = null
  /** Projector windows, one per meeting, opened by the main window only, in a limited session. */
  const projectors = createProjectorWindows<BrowserWindow>({ sessions: () => ipcSessions, isAppPage: (url) => isAppUrl(url, devUrl), devUrl })
  const preloadDir = join(import.meta.dirname, '../preload')
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
    // window.open is denied, except the main window opening its projector page (投屏); asking
    // again for an open one focuses it.
    contents.setWindowOpenHandler(({ url }) => {
      if (!mainWindow || !projectors.request(url, contents, mainWindow.webContents).open) return windowOpenHandler()
      const place = projectorPlacement(screen.getAllDisplays(), mainWindow.getBounds(), screen.getPrimaryDisplay().id)
      return { action: 'allow', overrideBrowserWindowOptions: projectorWindowOptions(place, join(preloadDir, 'index.cjs')) }
    })
    contents.on('did-create-window', (child, { url }) => {
      if (!projectors.created(child, url, contents, mainWindow?.webContents ?? null)) return child.destroy()
      appWindows.add(child)
      child.on('closed', () => appWindows.delete(child))
    })
  })

  void app.whenReady().then(async () => {
    // No default menu: the app has its own navigation, and the default one offers reload and dev tools.
    Menu.setApplicationMenu(null)
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
        // meeting:export pdf: the print view through a hidden window's printToPDF.
        printPdf: createPdfPrinter(),
        // Written into exported data packages' manifests (issue 12; docs/data-package.md).
        appVersion: app.getVersion(),
      })
    } catch (err) {
      dialog.showErrorBox('议事台无法打开数据', `${(err as Error).message}\n\n数据目录：${dataDir}`)
      app.exit(1)
      return
    }
    // One session per window (its webContents); closing the window ends it.
    ipcSessions = registerIpc(ipcMain, backend.handlers, (frame) => isTrustedSender(frame, devUrl), (key) => backend.operators.forget(key))
    backend.onChanged((event) =>
      sendChanged(
        [...appWindows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
        event,
        (url) => isAppUrl(url, devUrl),
      ),
    )
    // 推进落实: overdue tasks at start, hourly and after task changes, as a desktop notification.
    const overdueWatch = startOverdueWatch({
      overdue: () => backend.services.task.overdue({}),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show()
      },
      onTasksChanged: (fn) => backend.onChanged((e) => (e.area === 'task' ? fn() : undefined)),
      log: (err) => console.error(err),
    })
    serveRenderer(join(import.meta.dirname, '../renderer'))
    mainWindow = createMainWindow(settings, preloadDir, devUrl)
    const win = mainWindow
    appWindows.add(win)
    win.on('closed', () => {
      appWindows.delete(win)
      // The projector windows live in the main window's session: they close with it.
      projectors.closeAll()
    })

    let closed = false
    app.on('before-quit', (event) => {
      if (closed) return
      event.preventDefault()
      overdueWatch.stop()
      void backend.close().finally(() => {
        closed = true
        app.quit()
      })
    })
  })

  app.on('window-all-closed', () => app.quit())
}
