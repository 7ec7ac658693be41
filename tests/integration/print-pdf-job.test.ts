// meeting:export pdf in the app, without Electron: the print view goes into a private temp file
// (not a data: URL), the hidden window loads that file and prints it, and the file, its folder and
// the window are gone afterwards — also when the print fails or takes too long (a zh-CN error).
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import { createPdfJob, pdfTimeoutMessage, PDF_TIMEOUT_MS, type PdfWindowLike } from '../../electron/main/print-pdf-job'

const roots: string[] = []
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true })
})
async function root(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yishi-pdf-test-'))
  roots.push(dir)
  return dir
}

const HTML = '<!doctype html><meta charset="utf-8"><title>纪要</title><p>王志强：同意</p>'
const PDF = new TextEncoder().encode('%PDF-1.7 fake')

/** A hidden window that records what it was asked; `print` decides how printing goes. */
function fakeWindow(print: () => Promise<Uint8Array> = async () => PDF) {
  const seen: { loaded?: string; html?: string; mode?: number; destroyed: number } = { destroyed: 0 }
  const win: PdfWindowLike = {
    async loadFile(path) {
      seen.loaded = path
      seen.html = await readFile(path, 'utf8')
      seen.mode = (await stat(path)).mode & 0o777
    },
    printToPDF: () => print(),
    destroy: () => void seen.destroyed++,
  }
  return { win, seen }
}

describe('the PDF print job', () => {
  it('prints the HTML from a private temp file in the temp folder, then removes it and the window', async () => {
    const tmp = await root()
    const { win, seen } = fakeWindow()
    const pdf = await createPdfJob(() => win, { tmpDir: tmp })(HTML)
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.7 fake')
    expect(seen.html).toBe(HTML)
    expect(dirname(dirname(seen.loaded!))).toBe(tmp)
    expect(seen.loaded!).toMatch(/yishi-print-[^/\\]+[/\\]print\.html$/)
    if (process.platform !== 'win32') expect(seen.mode).toBe(0o600)
    expect(seen.destroyed).toBe(1)
    expect(existsSync(seen.loaded!)).toBe(false)
    expect(await readdir(tmp)).toEqual([])
  })

  it('uses the system temp folder by default', async () => {
    const { win, seen } = fakeWindow()
    await createPdfJob(() => win)(HTML)
    expect(dirname(dirname(seen.loaded!))).toBe(tmpdir())
    expect(existsSync(dirname(seen.loaded!))).toBe(false)
  })

  it('gives up after the timeout with a zh-CN error, destroying the window and removing the file', async () => {
    const tmp = await root()
    const { win, seen } = fakeWindow(() => new Promise<Uint8Array>(() => undefined))
    const started = Date.now()
    const err = await createPdfJob(() => win, { tmpDir: tmp, timeoutMs: 150 })(HTML).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'INTERNAL', message: pdfTimeoutMessage(150) })
    expect((err as AppError).message).toMatch(/^生成 PDF 超时/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(seen.destroyed).toBe(1)
    expect(await readdir(tmp)).toEqual([])
    expect(PDF_TIMEOUT_MS).toBe(60_000)
    expect(pdfTimeoutMessage(PDF_TIMEOUT_MS)).toBe('生成 PDF 超时（60 秒内未完成），请重试；如仍不行，可先导出 Word 纪要')
  })

  it('a failed load or print is passed on, and cleaned up the same way', async () => {
    const tmp = await root()
    const { win, seen } = fakeWindow(async () => {
      throw new Error('printing failed')
    })
    await expect(createPdfJob(() => win, { tmpDir: tmp })(HTML)).rejects.toThrow('printing failed')
    expect(seen.destroyed).toBe(1)
    expect(await readdir(tmp)).toEqual([])

    const refused: PdfWindowLike = { loadFile: async () => Promise.reject(new Error('ERR_FILE_NOT_FOUND')), printToPDF: async () => PDF, destroy: () => undefined }
    await expect(createPdfJob(() => refused, { tmpDir: tmp })(HTML)).rejects.toThrow('ERR_FILE_NOT_FOUND')
    expect(await readdir(tmp)).toEqual([])
  })
})
