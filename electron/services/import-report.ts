// The bad-row report of an import as .xlsx or .csv: one line per finding (row number, column,
// level, reason) followed by the row's own cells, so the user can fix the file and import again.
// Every cell that a spreadsheet program would run as a formula gets a leading ' (never executed).
import Papa from 'papaparse'
import type { ImportIssue, ImportReportFile } from '../../shared/contract'
import { cellText, neutraliseCell, type CellValue } from '../../shared/domain/import-mapping'
import { rowHeight, widthOf } from './ledger-xlsx'

const LEVEL = { error: '错误（未导入）', warning: '提示' } as const

export function reportRows(
  headers: readonly string[],
  issues: readonly ImportIssue[],
  cellsOf: (row: number) => readonly CellValue[] | undefined,
): string[][] {
  const head = ['行号', '列', '级别', '原因', ...headers]
  const body = issues.map((i) => {
    const cells = cellsOf(i.row) ?? []
    return [String(i.row), i.column, LEVEL[i.level], i.message, ...headers.map((_, c) => cellText(cells[c]))].map(neutraliseCell)
  })
  return [head.map(neutraliseCell), ...body]
}

export async function writeReport(format: 'xlsx' | 'csv', baseName: string, rows: string[][]): Promise<ImportReportFile> {
  const stem = `${baseName.replace(/\.[^.]*$/, '')}-导入问题`
  if (format === 'csv') {
    // UTF-8 with BOM: Excel opens it with the right characters.
    const text = '\ufeff' + Papa.unparse(rows, { newline: '\r\n' })
    return { fileName: `${stem}.csv`, mime: 'text/csv;charset=utf-8', base64: Buffer.from(text, 'utf8').toString('base64') }
  }
  const { default: ExcelJS } = await import('exceljs') // loaded on first use (large)
  const workbook = new ExcelJS.Workbook()
  // Frozen header, repeated on every printed page; landscape, as wide as one page: the reason
  // and the row's cells stay side by side when the report is printed (rendered with LibreOffice).
  const sheet = workbook.addWorksheet('导入问题', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  })
  // Plain strings only: nothing in the report is a formula.
  for (const r of rows) sheet.addRow(r)
  const columns = rows[0]?.length ?? 0
  // 行号 / 列 / 级别 narrow, 原因 wide, the file's own columns as wide as their text (capped)
  const widths = Array.from({ length: columns }, (_, i) =>
    i === 0 ? 7 : i === 1 ? 12 : i === 2 ? 16 : i === 3 ? 44 : Math.min(30, Math.max(10, ...rows.map((r) => widthOf(r[i] ?? '') + 2))),
  )
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w))
  const sized = widths.map((width) => ({ title: '', width }))
  sheet.eachRow((row, n) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.alignment = { vertical: 'top', wrapText: true }
      if (n === 1) {
        cell.font = { bold: true }
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF2F6' } }
      }
    })
    // spreadsheet programs do not grow a row for wrapped text on their own when opening a file
    const height = rowHeight(rows[n - 1] ?? [], sized)
    if (height > 15) row.height = Math.min(height, 15 * 8)
  })
  if (rows.length > 1 && columns) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } }
  const buffer = await workbook.xlsx.writeBuffer()
  return {
    fileName: `${stem}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buffer as ArrayBuffer).toString('base64'),
  }
}
