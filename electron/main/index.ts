// Thin Electron shell: lifecycle, hardening, wiring. Everything with logic lives in tested modules.
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { openDatabase } from '../data'
import { createServices } from '../services'
import { buildHandlers } from './ipc/handlers'
import { registerIpc } from './ipc/register'
import {
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
    let db: Awaited<ReturnType<typeof openDatabase>>
    try {
      db = await openDatabase({ dataDir })
    } catch (err) {
      dialog.showErrorBox('议事台无法打开数据', `${(err as Error).message}\n\n数据目录：${dataDir}`)
      app.exit(1)
      return
    }
    registerIpc(ipcMain, buildHandlers(createServices({ db, settings: uiSettingsStore(settings) })), (frame) => isTrustedSender(frame, devUrl))
    serveRenderer(join(import.meta.dirname, '../renderer'))
    mainWindow = createMainWindow(settings, join(import.meta.dirname, '../preload'), devUrl)

    let closed = false
    app.on('before-quit', (event) => {
      if (closed) return
      event.preventDefault()
      void db.close().finally(() => {
        closed = true
        app.quit()
      })
    })
  })

  app.on('window-all-closed', () => app.quit())
}
