// One ledger sheet (台账) as .xlsx, the way office staff print and pass them on: Chinese headers,
// column widths, a frozen header repeated on every printed page, landscape A4 one page wide,
// dates as real dates. Every text is a plain string cell, so a text starting with = + - @ is
// shown as typed and never runs as a formula.
import type { ImportReportFile } from '../../shared/contract'
import { wallClockIn } from '../../shared/domain/month'

export type LedgerCell = string | number | Date | null

export interface LedgerColumn {
  title: string
  /** Excel's width units (a CJK character takes about two). */
  width: number
  /** Date cells: a day, or a day and time. */
  date?: 'day' | 'minute'
}

/** A YYYY-MM-DD day as the Date exceljs writes as that calendar day. */
export const dayCell = (day: string | undefined): Date | null => (day ? new Date(`${day}T00:00:00Z`) : null)

/** An instant as the Date exceljs writes as its wall-clock time in `tz` (the street's). */
export function timeCell(iso: string | undefined, tz: string): Date | null {
  if (!iso) return null
  const w = wallClockIn(new Date(iso), tz)
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute))
}

/** Excel's width units of a text: a CJK (full-width) character takes two, others one. */
export function widthOf(text: string): number {
  let w = 0
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}

/**
 * The height (points) a row of wrapped cells needs: Excel and LibreOffice keep a written row at
 * its default 15 pt, so a wrapped cell would run into the row below. One line per column width of
 * text (and per line break), 15 pt a line.
 */
export function rowHeight(row: readonly LedgerCell[], columns: readonly LedgerColumn[]): number {
  let lines = 1
  row.forEach((cell, i) => {
    if (typeof cell !== 'string' || !columns[i]) return
    const usable = Math.max(1, columns[i].width - 1)
    const n = cell.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(widthOf(part) / usable)), 0)
    lines = Math.max(lines, n)
  })
  return lines * 15
}

export async function writeLedgerSheet(fileName: string, sheetName: string, columns: readonly LedgerColumn[], rows: ReadonlyArray<readonly LedgerCell[]>): Promise<ImportReportFile> {
  const { default: ExcelJS } = await import('exceljs') // loaded on first use (large)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  })
  sheet.columns = columns.map((c) => ({
    header: c.title,
    width: c.width,
    ...(c.date ? { style: { numFmt: c.date === 'day' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm' } } : {}),
  }))
  const header = sheet.getRow(1)
  header.font = { bold: true }
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF2F6' } }
    cell.alignment = { vertical: 'middle', horizontal: 'center' }
  })
  for (const row of rows) {
    const added = sheet.addRow([...row])
    added.alignment = { vertical: 'top', wrapText: true }
    added.height = rowHeight(row, columns)
  }
  const buffer = await workbook.xlsx.writeBuffer()
  return {
    fileName,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buffer as ArrayBuffer).toString('base64'),
  }
}
