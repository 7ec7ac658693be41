// Thin Electron shell: lifecycle, hardening, wiring. Everything with logic lives in tested modules.
import { app, dialog, ipcMain, safeStorage, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { openDatabase } from '../data'
import { createServices } from '../services'
import { openAuditLog, type AuditLog } from '../services/audit'
import { createPiiCodec, verifyDataKey } from '../data/pii-codec'
import type { KeyProtection } from '../../shared/contract/privacy'
import { loadOrCreateDataKey, safeStorageWrapper } from './key-store'
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
    let audit: AuditLog
    let keyProtection: KeyProtection
    try {
      // Personal data key: wrapped by the OS (safeStorage) in keyring.bin beside the data folder.
      // A key that does not open the data stops the app here, before anything is read or written.
      const loaded = await loadOrCreateDataKey(
        join(app.getPath('userData'), 'keyring.bin'),
        safeStorageWrapper(safeStorage, process.platform),
      )
      keyProtection = loaded.protection
      await verifyDataKey(dataDir, loaded.key)
      db = await openDatabase({ dataDir, codec: createPiiCodec(loaded.key) })
      loaded.key.fill(0)
      audit = await openAuditLog({ dataDir })
    } catch (err) {
      dialog.showErrorBox('议事台无法打开数据', `${(err as Error).message}\n\n数据目录：${dataDir}`)
      app.exit(1)
      return
    }
    registerIpc(ipcMain, buildHandlers(createServices({ db, settings: uiSettingsStore(settings), audit, keyProtection })), (frame) => isTrustedSender(frame, devUrl))
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
