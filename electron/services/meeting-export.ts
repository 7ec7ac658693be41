// meeting:export — the 纪要 and the 签到表 of a meeting as files: the GB/T 9704 .docx
// (minutes-docx.ts), the print view (shared/domain/minutes-html.ts) and, where the app has a
// printer (Electron's printToPDF, injected as `printPdf`), the PDF of that print view. The
// meeting → document mapping is shared/domain/minutes-export.ts; this file only picks the version,
// renders and names the file. The docx library is loaded on the first export, not at start-up.
import type { MeetingExportFile } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Meeting, Minutes, MinutesSnapshot, Person } from '../../shared/domain/meeting'
import type { Task } from '../../shared/domain/task'
import { MinutesDocError, type MinutesDoc, type SignInSheet } from '../../shared/domain/minutes-doc'
import { exportFileName, minutesDocOf, signInSheetOf, withTasks } from '../../shared/domain/minutes-export'
import { minutesHtml, signInSheetHtml } from '../../shared/domain/minutes-html'

/** Prints a complete HTML document to PDF bytes (Electron: a hidden window's printToPDF). */
export type PdfPrinter = (html: string) => Promise<Uint8Array>

export const NO_PRINTER = '此处不能直接生成 PDF：请打开打印视图，用“打印”另存为 PDF'

const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html;charset=utf-8',
  pdf: 'application/pdf',
} as const

export interface ExportRequest {
  document: 'minutes' | 'signIn'
  format: 'docx' | 'html' | 'pdf'
  version?: number
}

export interface ExportSource {
  meeting: Meeting
  people: ReadonlyMap<string, Person>
  communityName: string
  /** The street's time zone (times stamped by the app are printed on its wall clock). */
  timeZone?: string
  /** The snapshot of a version as it is shown (frozen when approved, live for a draft). */
  snapshotOf(minutes: Minutes): MinutesSnapshot
  /** The community's tasks: those made from this meeting's items are its 任务分工. */
  tasks?: readonly Task[]
}

const file = (fileName: string, format: keyof typeof MIME, bytes: Uint8Array): MeetingExportFile => ({
  fileName,
  mime: MIME[format],
  base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
})

/** A document that cannot be exported says why, naming the fields (zh-CN). */
function refusal(err: unknown): never {
  if (err instanceof MinutesDocError) {
    throw new AppError('VALIDATION', err.message, Object.fromEntries(err.problems.map((p) => [p.field, p.message])))
  }
  throw err
}

export async function exportMeeting(src: ExportSource, req: ExportRequest, printPdf?: PdfPrinter): Promise<MeetingExportFile> {
  const m = src.meeting
  if (req.format === 'pdf' && !printPdf) throw new AppError('VALIDATION', NO_PRINTER, { format: NO_PRINTER })
  try {
    if (req.document === 'signIn') {
      const sheet: SignInSheet = signInSheetOf(m, src.people, src.communityName)
      const name = (ext: string) => exportFileName(m.title, '签到表', ext)
      if (req.format === 'docx') {
        const { signInSheetDocx } = await import('./minutes-docx')
        return file(name('docx'), 'docx', await signInSheetDocx(sheet))
      }
      const html = signInSheetHtml(sheet)
      if (req.format === 'html') return file(name('html'), 'html', new TextEncoder().encode(html))
      return file(name('pdf'), 'pdf', await printPdf!(html))
    }
    const all = [...m.versions, m.minutes]
    const minutes = req.version === undefined ? m.minutes : all.find((v) => v.version === req.version)
    if (!minutes) throw new AppError('VALIDATION', `纪要没有第 ${req.version} 版`, { version: `纪要没有第 ${req.version} 版` })
    const snapshot = src.snapshotOf(minutes)
    const printed = minutesDocOf(snapshot, { communityName: src.communityName, minutes, startedAt: m.startedAt, endedAt: m.endedAt, timeZone: src.timeZone })
    const doc: MinutesDoc = withTasks(printed, snapshot, m.agenda, m.id, src.tasks ?? [])
    const what = minutes.status === 'approved' ? `纪要-第${minutes.version}版` : `纪要-第${minutes.version}版草稿`
    const name = (ext: string) => exportFileName(m.title, what, ext)
    if (req.format === 'docx') {
      const { minutesDocx } = await import('./minutes-docx')
      return file(name('docx'), 'docx', await minutesDocx(doc))
    }
    const html = minutesHtml(doc)
    if (req.format === 'html') return file(name('html'), 'html', new TextEncoder().encode(html))
    return file(name('pdf'), 'pdf', await printPdf!(html))
  } catch (err) {
    return refusal(err)
  }
}
