// meeting:export format pdf in the app: the print view (shared/domain/minutes-html.ts, built by
// the meeting service) printed by a hidden, script-less window with Chromium's printToPDF, the
// CSS page size (A4, GB/T 9704 margins) and backgrounds (the red mark and line). The temp file,
// the timeout and the clean-up are print-pdf-job.ts (tested in Node); what is printed is tested
// in the e2e suite (the same HTML through Chromium's page.pdf).
import { BrowserWindow } from 'electron'
import { HARDENED_WEB_PREFERENCES } from './security'
import { createPdfJob } from './print-pdf-job'

export function createPdfPrinter(): (html: string) => Promise<Uint8Array> {
  return createPdfJob(() => {
    const win = new BrowserWindow({
      show: false,
      width: 794,
      height: 1123,
      // disableBlinkFeatures repeated here so the static check sees it (the spread has it too)
      webPreferences: { ...HARDENED_WEB_PREFERENCES, contextIsolation: true, sandbox: true, nodeIntegration: false, javascript: false, disableBlinkFeatures: 'Auxclick' },
    })
    return {
      loadFile: (path) => win.loadFile(path),
      printToPDF: () => win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true }),
      destroy: () => {
        if (!win.isDestroyed()) win.destroy()
      },
    }
  })
}
