// One PDF print of an HTML document (meeting:export format pdf), Electron-free so it is tested in
// Node: the HTML goes into a private temp folder (os.tmpdir(), removed afterwards, whatever
// happens) and a hidden window loads it from there and prints it. A print that does not finish in
// time gives up with a zh-CN error instead of leaving the export waiting for ever.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'

/** The hidden window print-pdf.ts makes; structural so tests pass a fake. */
export interface PdfWindowLike {
  loadFile(path: string): Promise<unknown>
  printToPDF(): Promise<Uint8Array>
  destroy(): void
}

export const PDF_TIMEOUT_MS = 60_000

export const pdfTimeoutMessage = (ms: number) => `生成 PDF 超时（${Math.round(ms / 1000)} 秒内未完成），请重试；如仍不行，可先导出 Word 纪要`

export interface PdfJobOptions {
  timeoutMs?: number
  /** Where the temp folder goes (default os.tmpdir()). */
  tmpDir?: string
}

export function createPdfJob(openWindow: () => PdfWindowLike, options: PdfJobOptions = {}): (html: string) => Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? PDF_TIMEOUT_MS
  return async (html) => {
    // mkdtemp makes the folder readable by this user only: the minutes name people.
    const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'yishi-print-'))
    let win: PdfWindowLike | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const file = join(dir, 'print.html')
      await writeFile(file, html, { encoding: 'utf8', mode: 0o600 })
      const w = (win = openWindow())
      const job = (async () => {
        await w.loadFile(file)
        return w.printToPDF()
      })()
      // After a timeout the window is destroyed under the job, which then fails: nobody waits for it.
      job.catch(() => undefined)
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('INTERNAL', pdfTimeoutMessage(timeoutMs))), timeoutMs)
      })
      const pdf = await Promise.race([job, timeout])
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)
    } finally {
      clearTimeout(timer)
      win?.destroy()
      await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined)
    }
  }
}
