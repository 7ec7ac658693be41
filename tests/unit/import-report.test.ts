// The bad-row report (.xlsx) laid out to be read and printed: frozen header repeated on every
// page, landscape one page wide, the reason wrapped with rows tall enough, nothing a formula.
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { reportRows, writeReport } from '../../electron/services/import-report'

const headers = ['社区', '网格', '小区', '户数']
const cells: Record<number, string[]> = {
  3: ['东湖社区', '第一网格', '甲苑', ''],
  4: ['=cmd', '第二网格', '丁苑', ''],
}

async function load(base64: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer)
  return wb.worksheets[0]
}

describe('import bad-row report (.xlsx)', () => {
  it('has a frozen, repeated header, fits one landscape page wide and wraps the reason', async () => {
    const rows = reportRows(
      headers,
      [
        { row: 3, column: '小区', field: 'compound', level: 'error', message: '与文件中前面的行重复' },
        { row: 4, column: '社区', field: 'community', level: 'error', message: '小区“甲苑”在第 2 行属于网格“第一网格”，不能同时列在两个网格下，请改正后重新导入这一整个文件' },
      ],
      (r) => cells[r],
    )
    const file = await writeReport('xlsx', '社区名册.xlsx', rows)
    expect(file.fileName).toBe('社区名册-导入问题.xlsx')
    const sheet = await load(file.base64)
    expect(sheet.name).toBe('导入问题')
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' })
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['行号', '列', '级别', '原因', '社区', '网格', '小区', '户数'])
    expect(sheet.getCell('A1').font).toMatchObject({ bold: true })
    expect(sheet.getCell('D3').alignment).toMatchObject({ wrapText: true, vertical: 'top' })
    // the long reason wraps onto more lines: its row is taller, the short one keeps the default
    expect(sheet.getRow(3).height).toBeGreaterThan(15)
    expect(sheet.getRow(2).height ?? 15).toBeLessThanOrEqual(15)
    expect(sheet.getColumn(4).width).toBeGreaterThan(sheet.getColumn(1).width!)
    // a cell that a spreadsheet would run is text with a leading '
    expect(sheet.getCell('E3').value).toBe("'=cmd")
  })
})
