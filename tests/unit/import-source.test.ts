// A demand import reads a .csv as a RowSource (import-parse.ts): where the rows are, found once,
// and each pass reads them again. It must give exactly the rows papaparse gives for the whole
// text (numbered as Excel shows them, empty ones left out), with or without quote characters.
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { cellText, type CellValue } from '../../shared/domain/import-mapping'
import { csvDialect, openSource, parseCsv, type ParsedTable } from '../../electron/services/import-parse'
import { mulberry32 } from '../../electron/services/sample-street'
import { encodeGbk } from '../helpers/gbk'

/** The table as the import read it before (the whole text through papaparse at once). */
function reference(text: string): Pick<ParsedTable, 'headers' | 'headerRow' | 'rows'> | { error: string } {
  const all = Papa.parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';', '|'] }).data.map((cells, i) => ({ row: i + 1, cells }))
  const nonEmpty = all.filter((r) => r.cells.some((c) => cellText(c) !== ''))
  if (!nonEmpty.length) return { error: '文件中没有任何内容（空表）' }
  const [head, ...rows] = nonEmpty
  const headers = head.cells.map((c) => cellText(c))
  while (headers.length && headers[headers.length - 1] === '') headers.pop()
  if (!rows.length) return { error: `文件只有表头（第 ${head.row} 行），没有数据行` }
  return { headers: headers.map((h, i) => h || `第 ${i + 1} 列`), headerRow: head.row, rows }
}

async function read(text: string) {
  const bytes = Buffer.from(text, 'utf8')
  try {
    const source = await openSource(bytes, 'x.csv')
    const rows: Array<{ row: number; cells: readonly CellValue[] }> = []
    const pauses: number[] = []
    await source.eachRow({ visit: (row, cells) => void rows.push({ row, cells }) }, 3, async (done) => void pauses.push(done))
    expect(pauses).toEqual(Array.from({ length: Math.floor(rows.length / 3) }, (_, i) => 3 * (i + 1)))
    expect(source.rowCount).toBe(rows.length)
    expect(source.sample).toEqual(rows.slice(0, 8))
    expect(source.table().rows).toEqual(rows)
    expect(parseCsv(bytes)).toMatchObject({ headers: source.headers, headerRow: source.headerRow, rows })
    // a pass that reads some columns only: those cells as they are, the others blank (or as they are)
    const only = [0, 2]
    const some: Array<{ row: number; cells: CellValue[] }> = []
    await source.eachRow({ visit: (row, cells) => void some.push({ row, cells: [...cells] }) }, 1000, () => undefined, only)
    expect(some.map((r) => r.row)).toEqual(rows.map((r) => r.row))
    some.forEach((r, i) => {
      expect(r.cells.length).toBe(rows[i].cells.length)
      r.cells.forEach((cell, k) => expect(cell === rows[i].cells[k] || (!only.includes(k) && cell === '')).toBe(true))
    })
    return { headers: source.headers, headerRow: source.headerRow, rows }
  } catch (err) {
    return { error: (err as Error).message }
  }
}

const PIECES = ['a', '七口堰', '王芳', '12', ' ', '\u3000', '\t', ',', ';', '|', '\r\n', '\n', '\r', '', '=1+1', ',,', '\ufeff']
const QUOTED = ['"', '""', '"x,y"', '"两行\r\n内容"', '"a""b"', '" "', '"x" ,']

function randomText(random: () => number, quotes: boolean): string {
  const pieces = quotes ? [...PIECES, ...QUOTED] : PIECES
  let text = random() < 0.2 ? '\ufeff' : ''
  const n = Math.floor(random() * 60)
  for (let i = 0; i < n; i++) text += pieces[Math.floor(random() * pieces.length)]
  return text
}

describe('import: a csv read row by row', () => {
  it('gives the rows of the whole parse, for texts with and without quote characters', async () => {
    const random = mulberry32(21)
    let compared = 0
    for (let i = 0; i < 4000; i++) {
      const text = randomText(random, i % 2 === 0)
      if (!text) continue
      expect(await read(text), JSON.stringify(text)).toEqual(reference(text.replace(/^\ufeff/, '')))
      compared++
    }
    expect(compared).toBeGreaterThan(3500)
  })

  it('reads a 12345 export: GBK, line breaks in quoted cells, blank rows, numbered by record', async () => {
    const text = '序号,受理时间,内容\r\n1,2025/3/5,"两行\r\n内容"\r\n\r\n2,2025/3/6,"他说""好"""\r\n,,\r\n3,2025/3/7,灯坏了\r\n'
    const source = await openSource(Buffer.from(encodeGbk(text)), '12345.csv')
    expect(source).toMatchObject({ format: 'csv', encoding: 'GBK/GB18030', headers: ['序号', '受理时间', '内容'], headerRow: 1, rowCount: 3 })
    expect(source.table().rows).toEqual([
      { row: 2, cells: ['1', '2025/3/5', '两行\r\n内容'] },
      { row: 4, cells: ['2', '2025/3/6', '他说"好"'] },
      { row: 6, cells: ['3', '2025/3/7', '灯坏了'] },
    ])
    // no quote character: the rows are the lines, split at the delimiter papaparse guesses
    const plain = await openSource(Buffer.from('社区\t内容\r\n七口堰\tx\r\n\t\u3000\r\n东门\t y '), 'a.csv')
    expect(plain.table().rows).toEqual([
      { row: 2, cells: ['七口堰', 'x'] },
      { row: 4, cells: ['东门', ' y '] },
    ])
  })
})

describe('import: the csv dialect', () => {
  it('is the line break and delimiter papaparse guesses for the whole text', () => {
    const random = mulberry32(33)
    for (let i = 0; i < 4000; i++) {
      const text = randomText(random, i % 3 === 0).replace(/^\ufeff/, '')
      const meta = Papa.parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';', '|'] }).meta
      expect(csvDialect(text), JSON.stringify(text)).toEqual({ delimiter: meta.delimiter, linebreak: meta.linebreak })
    }
    // long files: the guess reads the first rows (and the first MB for the line break)
    const rows = Array.from({ length: 3000 }, (_, i) => `${i}\t七口堰\t"x"\t${'内容'.repeat(i % 200)}`)
    for (const nl of ['\r\n', '\n', '\r']) {
      const text = rows.join(nl) + '\r' + rows.slice(0, 5).join('\n')
      const meta = Papa.parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';', '|'] }).meta
      expect(csvDialect(text)).toEqual({ delimiter: meta.delimiter, linebreak: meta.linebreak })
    }
  })
})
