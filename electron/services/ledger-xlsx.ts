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
  for (const row of rows) sheet.addRow([...row]).alignment = { vertical: 'top', wrapText: true }
  const buffer = await workbook.xlsx.writeBuffer()
  return {
    fileName,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buffer as ArrayBuffer).toString('base64'),
  }
}
