// Bytes of an uploaded file → a table of cells: .xlsx through exceljs (first worksheet with
// content), .csv through papaparse after decoding UTF-8 / GBK (shared/domain/import-encoding.ts).
// Row numbers are the ones the user sees in Excel (the header row is row 1 of a csv; in a sheet,
// whatever row the header is on). A file that is neither gets a zh-CN reason, never a throw of
// the library's own.
import type ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { AppError } from '../../shared/contract/errors'
import { decodeText, ENCODING_LABELS } from '../../shared/domain/import-encoding'
import { cellText, type CellValue } from '../../shared/domain/import-mapping'

export interface ParsedTable {
  format: 'xlsx' | 'csv'
  encoding?: string
  sheetName?: string
  headers: string[]
  headerRow: number
  /** data rows (empty ones left out), each with its row number as Excel shows it */
  rows: Array<{ row: number; cells: CellValue[] }>
}

const notSpreadsheet = (why: string) => new AppError('VALIDATION', `无法读取该文件：${why}。请选择 .xlsx 或 .csv 表格文件`)

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
const isOle = (b: Uint8Array) => b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0

export async function parseTable(bytes: Buffer, fileName: string): Promise<ParsedTable> {
  if (bytes.length === 0) throw new AppError('VALIDATION', '文件是空的（0 字节），请检查是否选错了文件')
  if (isOle(bytes)) throw notSpreadsheet('这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 CSV 后再导入')
  if (isZip(bytes)) return parseXlsx(bytes)
  if (/\.xlsx$/i.test(fileName)) throw notSpreadsheet('文件名是 .xlsx，但内容不是 Excel 工作簿')
  return parseCsv(bytes)
}

function finish(table: Omit<ParsedTable, 'headers' | 'headerRow' | 'rows'>, all: Array<{ row: number; cells: CellValue[] }>): ParsedTable {
  const nonEmpty = all.filter((r) => r.cells.some((c) => cellText(c) !== ''))
  if (!nonEmpty.length) throw new AppError('VALIDATION', '文件中没有任何内容（空表）')
  const [head, ...rows] = nonEmpty
  const headers = head.cells.map((c) => cellText(c))
  // Trailing header cells left blank are not columns.
  while (headers.length && headers[headers.length - 1] === '') headers.pop()
  if (!rows.length) throw new AppError('VALIDATION', `文件只有表头（第 ${head.row} 行），没有数据行`)
  return { ...table, headers: headers.map((h, i) => h || `第 ${i + 1} 列`), headerRow: head.row, rows }
}

// ---------- csv ----------

export function parseCsv(bytes: Uint8Array): ParsedTable {
  const decoded = decodeText(bytes)
  // Binary files (images, PDFs, archives) decode to text with NULs in it.
  if (decoded.text.includes('\u0000')) throw notSpreadsheet('内容不是文本表格（可能是图片、PDF 或压缩包）')
  const parsed = Papa.parse<string[]>(decoded.text, { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';', '|'] })
  const all = parsed.data.map((cells, i) => ({ row: i + 1, cells: cells as CellValue[] }))
  return finish({ format: 'csv', encoding: ENCODING_LABELS[decoded.encoding] }, all)
}

// ---------- xlsx ----------

type XlsxValue = ExcelJS.CellValue

/** An exceljs cell value as a plain cell: formulas as their text (never their cached result). */
export function xlsxCell(value: XlsxValue): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  const v = value as unknown as Record<string, unknown>
  if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('')
  if (typeof v.formula === 'string') return `=${v.formula}`
  if (typeof v.sharedFormula === 'string') return `=${v.sharedFormula}`
  if ('error' in v) return String(v.error ?? '#ERROR')
  if ('text' in v) return xlsxCell(v.text as XlsxValue)
  return null
}

async function parseXlsx(bytes: Buffer): Promise<ParsedTable> {
  // Loaded on first use: exceljs is large, and the app's start (and cold open) does not need it.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw notSpreadsheet('Excel 文件已损坏或不是 .xlsx 格式')
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0) ?? workbook.worksheets[0]
  if (!sheet) throw new AppError('VALIDATION', '文件中没有任何内容（空表）')
  const all: Array<{ row: number; cells: CellValue[] }> = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based (index 0 unused)
    const values = row.values as XlsxValue[]
    const cells: CellValue[] = []
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]))
    all.push({ row: rowNumber, cells })
  })
  return finish({ format: 'xlsx', sheetName: sheet.name }, all)
}
