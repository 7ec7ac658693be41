// meeting:export format pdf in the app: the print view (shared/domain/minutes-html.ts, built by
// the meeting service) printed by a hidden, script-less window with Chromium's printToPDF, the
// CSS page size (A4, GB/T 9704 margins) and backgrounds (the red mark and line). Thin on purpose:
// what is printed is tested in the e2e suite (the same HTML through Chromium's page.pdf).
import { BrowserWindow } from 'electron'
import { HARDENED_WEB_PREFERENCES } from './security'

export function createPdfPrinter(): (html: string) => Promise<Uint8Array> {
  return async (html) => {
    const win = new BrowserWindow({
      show: false,
      width: 794,
      height: 1123,
      // disableBlinkFeatures repeated here so the static check sees it (the spread has it too)
      webPreferences: { ...HARDENED_WEB_PREFERENCES, contextIsolation: true, sandbox: true, nodeIntegration: false, javascript: false, disableBlinkFeatures: 'Auxclick' },
    })
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`)
      const pdf = await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true })
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)
    } finally {
      win.destroy()
    }
  }
}
