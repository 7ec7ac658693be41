// Bytes of an uploaded file → rows of cells: .xlsx through exceljs (first worksheet with content),
// .csv through papaparse after decoding UTF-8 / GBK (shared/domain/import-encoding.ts). Row
// numbers are the ones the user sees in Excel (the header row is row 1 of a csv; in a sheet,
// whatever row the header is on). A file that is neither gets a zh-CN reason, never a throw of
// the library's own. A demand import reads the rows as a RowSource: a .csv keeps only its text
// and is parsed again, row by row, by each check, so no file-sized table of cells is held.
import type ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { IMPORT_SAMPLE_ROWS } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import { decodeText, ENCODING_LABELS } from '../../shared/domain/import-encoding'
import { cellText, isBlank, type CellValue } from '../../shared/domain/import-mapping'
import { keepShape } from './kept-shapes'

export interface ParsedTable {
  format: 'xlsx' | 'csv'
  encoding?: string
  sheetName?: string
  headers: string[]
  headerRow: number
  /** data rows (empty ones left out), each with its row number as Excel shows it */
  rows: Array<{ row: number; cells: CellValue[] }>
}

/**
 * What a pass does with each row (`index`: 0 for the first data row). An object with a method,
 * not a function made per pass: the engine inlines the call in the pass's loop, and code inlining
 * a function object dies with it (see kept-shapes.ts).
 */
export interface RowVisitor {
  visit(row: number, cells: readonly CellValue[], index: number): void
}

/** A file's rows, read again by every pass (see the top of this file). */
export interface RowSource extends Omit<ParsedTable, 'rows'> {
  /** data rows (empty ones left out) */
  rowCount: number
  /** the first data rows (the preview shows them) */
  sample: ParsedTable['rows']
  /**
   * Calls `each.visit` for every data row in file order; after
   * every `every` rows it calls `pause(rows so far)`, and waits when that gives a promise
   * (progress, and other calls answered meanwhile).
   * `only`: the columns the caller reads; the others may be left blank, and the cells may be one
   * array filled again for each row (so no more is made per row than the caller reads).
   */
  eachRow(each: RowVisitor, every: number, pause: (done: number) => Promise<void> | void, only?: readonly number[]): Promise<void>
  /** one data row again, by its index */
  rowAt(index: number): { row: number; cells: readonly CellValue[] }
  /** every data row at once (a community import checks them as a whole) */
  table(): ParsedTable
}

const notSpreadsheet = (why: string) => new AppError('VALIDATION', `无法读取该文件：${why}。请选择 .xlsx 或 .csv 表格文件`)

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
const isOle = (b: Uint8Array) => b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0

export async function openSource(bytes: Buffer, fileName: string): Promise<RowSource> {
  if (bytes.length === 0) throw new AppError('VALIDATION', '文件是空的（0 字节），请检查是否选错了文件')
  if (isOle(bytes)) throw notSpreadsheet('这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 CSV 后再导入')
  if (isZip(bytes)) return new TableRows(await parseXlsx(bytes))
  if (/\.xlsx$/i.test(fileName)) throw notSpreadsheet('文件名是 .xlsx，但内容不是 Excel 工作簿')
  return csvSource(bytes)
}

export async function parseTable(bytes: Buffer, fileName: string): Promise<ParsedTable> {
  return (await openSource(bytes, fileName)).table()
}

/** A row with any cell that is not blank. */
function hasContent(cells: readonly CellValue[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cellText(cells[i]) !== '') return true
  return false
}

/** The header row's cells as column names; refuses a file with no content or no data rows. */
function headerOf(head: { row: number; cells: readonly CellValue[] } | undefined, dataRows: number): string[] {
  if (!head) throw new AppError('VALIDATION', '文件中没有任何内容（空表）')
  const headers = head.cells.map((c) => cellText(c))
  // Trailing header cells left blank are not columns.
  while (headers.length && headers[headers.length - 1] === '') headers.pop()
  if (!dataRows) throw new AppError('VALIDATION', `文件只有表头（第 ${head.row} 行），没有数据行`)
  return headers.map((h, i) => h || `第 ${i + 1} 列`)
}

// ---------- csv ----------

const CSV_CONFIG = { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';', '|'] }
const QUOTE = '"'

/**
 * Where a csv's rows are, found once when the file arrives: the header, the sample and, for every
 * other data row, only numbers (no object per row). A text without a quote character is read as
 * papaparse reads it (rows at the line break, cells at the delimiter): `cuts` has the place of
 * every delimiter and row end, and a pass cuts a row's cells out of the text at them. The cells
 * of a row of a text with quote characters are as papaparse gave them (quoted fields are rare).
 */
interface CsvLayout {
  head: { row: number; cells: string[] } | undefined
  sample: ParsedTable['rows']
  /** per data row: its number, where its text starts, its first and last cut (-1: its cells are in `quoted`) */
  at: Int32Array
  cuts: Int32Array
  quoted: Map<number, string[]>
}

/**
 * papaparse's guess of a csv's line break and delimiter, as a whole parse makes it, without its
 * cost (it splits the whole text seven times to guess): the line break by its own rule, counted
 * in place; the delimiter by papaparse itself, on the first ten rows (all its guess reads) — the
 * whole text when those have a quote character.
 */
export function csvDialect(text: string): { delimiter: string; linebreak: string } {
  const linebreak = guessLinebreak(text)
  let end = 0
  for (let rows = 0; rows < 10 && end !== -1; rows++) {
    end = text.indexOf(linebreak, end)
    if (end !== -1) end += linebreak.length
  }
  const head = end === -1 ? text : text.slice(0, end)
  const { delimiter } = Papa.parse<string[]>(head.includes(QUOTE) ? text : head, { ...CSV_CONFIG, newline: linebreak, preview: 1 }).meta
  return { delimiter, linebreak }
}

/** papaparse's guessLineEndings: which of \r\n, \r and \n, from the first MB with quoted parts left out. */
function guessLinebreak(text: string): '\n' | '\r' | '\r\n' {
  let input = text.length > 1024 * 1024 ? text.substring(0, 1024 * 1024) : text
  if (input.includes(QUOTE)) input = input.replace(/"([^]*?)"/gm, '')
  const firstR = input.indexOf('\r')
  if (firstR === -1) return '\n'
  const firstN = input.indexOf('\n')
  if (firstN !== -1 && firstN < firstR) return '\n'
  // pieces between \r (one more than there are), and how many of them start with \n
  let pieces = 1
  let withN = 0
  for (let i = firstR; i !== -1; i = input.indexOf('\r', i + 1)) {
    pieces++
    if (input.charCodeAt(i + 1) === 0x0a) withN++
  }
  return withN >= pieces / 2 ? '\r\n' : '\r'
}

/**
 * A text without a quote character, as papaparse reads it (its fast path): rows are the text
 * split at the line break, cells a row split at the (one-character) delimiter. A row has content
 * when some character is neither the delimiter nor blank. One pass over the characters notes
 * every cut (delimiter or row end); a row without content takes its cuts back.
 */
function lineLayout(text: string, delimiter: string, linebreak: string): CsvLayout {
  const layout: CsvLayout = { head: undefined, sample: [], at: new Int32Array(0), cuts: new Int32Array(0), quoted: new Map() }
  const d = delimiter.charCodeAt(0)
  const lb0 = linebreak.charCodeAt(0)
  const lb1 = linebreak.length > 1 ? linebreak.charCodeAt(1) : -1
  const length = text.length
  // Plain locals and typed arrays only in this loop: it runs once per character (a closure over
  // these, or a growing JS array, made it two to three times slower).
  let cuts = new Int32Array(1024)
  let n = 0
  let at = new Int32Array(1024)
  let m = 0
  let row = 1
  let start = 0
  let firstCut = 0
  let content = false
  // the end of the text ends the last row, as a line break would
  for (let i = 0; i <= length; i++) {
    const c = i < length ? text.charCodeAt(i) : lb0
    if (c === d) {
      if (n === cuts.length) cuts = grown(cuts)
      cuts[n++] = i
    } else if (c === lb0 && (i === length || lb1 === -1 || text.charCodeAt(i + 1) === lb1)) {
      if (n === cuts.length) cuts = grown(cuts)
      cuts[n++] = i
      if (!content) n = firstCut
      else if (!layout.head) {
        layout.head = { row, cells: text.substring(start, i).split(delimiter) }
        n = firstCut
      } else {
        if (layout.sample.length < IMPORT_SAMPLE_ROWS) layout.sample.push({ row, cells: text.substring(start, i).split(delimiter) })
        if (m + 4 > at.length) at = grown(at)
        at[m++] = row
        at[m++] = start
        at[m++] = firstCut
        at[m++] = n - 1
      }
      i += linebreak.length - 1
      row++
      start = i + 1
      firstCut = n
      content = false
    } else if (!content && !isBlank(c)) content = true
  }
  layout.at = at.slice(0, m)
  layout.cuts = cuts.slice(0, n)
  return layout
}

function grown(cuts: Int32Array): Int32Array<ArrayBuffer> {
  const more = new Int32Array(cuts.length * 2)
  more.set(cuts)
  return more
}

/** Any text, row by row through papaparse, which says where each row ends (its cursor). */
function papaLayout(text: string, delimiter: string): CsvLayout {
  const layout: CsvLayout = { head: undefined, sample: [], at: new Int32Array(0), cuts: new Int32Array(0), quoted: new Map() }
  const at: number[] = []
  // a row without a quote character is cut at its delimiters (one character; else kept whole)
  const d = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1
  const cuts: number[] = []
  let row = 0
  let start = 0
  let nextQuote = text.indexOf(QUOTE)
  Papa.parse<string[]>(text, {
    ...CSV_CONFIG,
    step: ({ data: cells, meta }) => {
      row++
      // the row's text runs to the cursor, its line break included
      const from = start
      const to = (start = meta.cursor)
      if (!hasContent(cells)) return
      if (!layout.head) {
        layout.head = { row, cells }
        return
      }
      if (layout.sample.length < IMPORT_SAMPLE_ROWS) layout.sample.push({ row, cells })
      if (nextQuote !== -1 && nextQuote < from) nextQuote = text.indexOf(QUOTE, from)
      if (d === -1 || (nextQuote !== -1 && nextQuote < to)) {
        layout.quoted.set(row, cells)
        at.push(row, from, -1, -1)
      } else {
        const nl = meta.linebreak
        const end = to - nl.length >= from && text.startsWith(nl, to - nl.length) ? to - nl.length : to
        const first = cuts.length
        for (let i = from; i < end; i++) if (text.charCodeAt(i) === d) cuts.push(i)
        cuts.push(end)
        at.push(row, from, first, cuts.length - 1)
      }
    },
  })
  layout.at = Int32Array.from(at)
  layout.cuts = Int32Array.from(cuts)
  return layout
}

function csvSource(bytes: Uint8Array): RowSource {
  const decoded = decodeText(bytes)
  // papaparse drops a byte-order mark at the start; so does this, or the offsets would be one off
  const text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text
  // Binary files (images, PDFs, archives) decode to text with NULs in it.
  if (text.includes('\u0000')) throw notSpreadsheet('内容不是文本表格（可能是图片、PDF 或压缩包）')
  const { delimiter, linebreak } = csvDialect(text)
  const layout = delimiter.length === 1 && !text.includes(QUOTE) ? lineLayout(text, delimiter, linebreak) : papaLayout(text, delimiter)
  return new CsvRows(text, ENCODING_LABELS[decoded.encoding], layout)
}

/**
 * A csv's rows, read again from its text by every pass. A class, not closures made per file: its
 * methods' optimised code then outlives one import (see kept-shapes.ts).
 */
class CsvRows implements RowSource {
  readonly format = 'csv'
  readonly headers: string[]
  readonly headerRow: number
  readonly rowCount: number
  readonly sample: ParsedTable['rows']
  private readonly at: Int32Array
  private readonly cuts: Int32Array
  private readonly quoted: Map<number, string[]>

  constructor(
    private readonly text: string,
    readonly encoding: string,
    layout: CsvLayout,
  ) {
    this.at = layout.at
    this.cuts = layout.cuts
    this.quoted = layout.quoted
    this.sample = layout.sample
    this.rowCount = layout.at.length / 4
    this.headers = headerOf(layout.head, this.rowCount)
    this.headerRow = layout.head!.row
  }

  /** The cells of the row at `i` (4 × its index) into `out` (a new array when not given); with `wanted`, the others blank. */
  private cellsAt(i: number, out?: string[], wanted?: readonly boolean[]): string[] {
    const first = this.at[i + 2]
    if (first < 0) return this.quoted.get(this.at[i])!
    const { text, cuts } = this
    const last = this.at[i + 3]
    const cells = out ?? new Array<string>(last - first + 1)
    let from = this.at[i + 1]
    for (let c = first, k = 0; c <= last; c++, k++) {
      const to = cuts[c]
      cells[k] = !wanted || wanted[k] ? text.substring(from, to) : ''
      from = to + 1
    }
    cells.length = last - first + 1
    return cells
  }

  async eachRow(each: RowVisitor, every: number, pause: (done: number) => Promise<void> | void, only?: readonly number[]): Promise<void> {
    const wanted: boolean[] = []
    for (const c of only ?? []) wanted[c] = true
    for (let k = 0; k < wanted.length; k++) wanted[k] = wanted[k] === true
    // one array filled again for each row, when the caller says which cells it reads
    const scratch: string[] | undefined = only ? [] : undefined
    const at = this.at
    for (let i = 0, done = 0; i < at.length; i += 4) {
      each.visit(at[i], this.cellsAt(i, scratch, scratch && wanted), done)
      if (++done % every === 0) {
        const wait = pause(done)
        if (wait) await wait
      }
    }
  }

  rowAt(index: number): { row: number; cells: readonly CellValue[] } {
    return { row: this.at[4 * index], cells: this.cellsAt(4 * index) }
  }

  table(): ParsedTable {
    const rows: ParsedTable['rows'] = []
    for (let i = 0; i < this.at.length; i += 4) rows.push({ row: this.at[i], cells: this.cellsAt(i) })
    return { format: 'csv', encoding: this.encoding, headers: this.headers, headerRow: this.headerRow, rows }
  }
}

keepShape(csvSource(new TextEncoder().encode('a\nb')))

export function parseCsv(bytes: Uint8Array): ParsedTable {
  return csvSource(bytes).table()
}

// ---------- xlsx ----------

/** A table already in memory (an .xlsx, as exceljs gave it) as a RowSource (a class: see CsvRows). */
class TableRows implements RowSource {
  readonly format: ParsedTable['format']
  readonly encoding: string | undefined
  readonly sheetName: string | undefined
  readonly headers: string[]
  readonly headerRow: number
  readonly rowCount: number
  readonly sample: ParsedTable['rows']
  private readonly rows: ParsedTable['rows']

  constructor(private readonly whole: ParsedTable) {
    this.format = whole.format
    this.encoding = whole.encoding
    this.sheetName = whole.sheetName
    this.headers = whole.headers
    this.headerRow = whole.headerRow
    this.rows = whole.rows
    this.rowCount = whole.rows.length
    this.sample = whole.rows.slice(0, IMPORT_SAMPLE_ROWS)
  }

  async eachRow(each: RowVisitor, every: number, pause: (done: number) => Promise<void> | void): Promise<void> {
    const rows = this.rows
    for (let i = 0; i < rows.length; i++) {
      each.visit(rows[i].row, rows[i].cells, i)
      if ((i + 1) % every === 0) {
        const wait = pause(i + 1)
        if (wait) await wait
      }
    }
  }

  rowAt(index: number): { row: number; cells: readonly CellValue[] } {
    return this.rows[index]
  }

  table(): ParsedTable {
    return this.whole
  }
}
keepShape(new TableRows({ format: 'xlsx', headers: [], headerRow: 1, rows: [] }))

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
  const all: ParsedTable['rows'] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based (index 0 unused)
    const values = row.values as XlsxValue[]
    const cells: CellValue[] = []
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]))
    if (hasContent(cells)) all.push({ row: rowNumber, cells })
  })
  const [head, ...rows] = all
  return { format: 'xlsx', sheetName: sheet.name, headers: headerOf(head, rows.length), headerRow: head.row, rows }
}
