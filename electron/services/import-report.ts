// The bad-row report of an import as .xlsx or .csv: one line per finding (row number, column,
// level, reason) followed by the row's own cells, so the user can fix the file and import again.
// Every cell that a spreadsheet program would run as a formula gets a leading ' (never executed).
import Papa from 'papaparse'
import type { ImportIssue, ImportReportFile } from '../../shared/contract'
import { cellText, neutraliseCell, type CellValue } from '../../shared/domain/import-mapping'

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
  const sheet = workbook.addWorksheet('导入问题')
  // Plain strings only: nothing in the report is a formula.
  for (const r of rows) sheet.addRow(r)
  sheet.getRow(1).font = { bold: true }
  sheet.columns.forEach((col, i) => {
    col.width = i === 3 ? 48 : i < 3 ? 12 : 16
  })
  const buffer = await workbook.xlsx.writeBuffer()
  return {
    fileName: `${stem}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(buffer as ArrayBuffer).toString('base64'),
  }
}
