// The text of a PDF that Chromium (Skia) printed, page by page, without poppler: inflates the
// streams, reads each Type0 font's ToUnicode CMap and decodes the hex glyph strings of Tj / TJ in
// the pages' content streams. Enough for Chromium's own output (what the tests print); not a
// general PDF reader. Text comes in paint order, without the spaces and line breaks of layout.
import { inflateSync } from 'node:zlib'

interface PdfObject {
  dict: string
  stream?: Buffer
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1')
  const out = new Map<number, PdfObject>()
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]
    const s = /stream\r?\n/.exec(body)
    if (!s) {
      out.set(Number(m[1]), { dict: body })
      continue
    }
    const dict = body.slice(0, s.index)
    const start = m.index + m[0].indexOf(body) + s.index + s[0].length
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1])
    const raw = pdf.subarray(start, start + length)
    out.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : Buffer.from(raw) })
  }
  return out
}

const hexToString = (hex: string): string => {
  let s = ''
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16))
  return s
}

/** glyph code (4 hex digits) → text, from a ToUnicode CMap */
function readCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(m[1].toUpperCase().padStart(4, '0'), hexToString(m[2]))
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1], 16)
      const hi = parseInt(m[2], 16)
      const list = m[3].startsWith('[') ? [...m[3].matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => hexToString(x[1])) : null
      const base = list ? 0 : parseInt(m[3].slice(1, -1), 16)
      for (let c = lo; c <= hi; c++) {
        const key = c.toString(16).toUpperCase().padStart(4, '0')
        map.set(key, list ? (list[c - lo] ?? '') : String.fromCodePoint(base + (c - lo)))
      }
    }
  }
  return map
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict)
  return m ? Number(m[1]) : undefined
}

/** The text of each page, in page order. */
export function pdfPages(pdf: Uint8Array): string[] {
  const objs = objects(Buffer.from(pdf))
  const cmaps = new Map<number, Map<string, string>>()
  const fontMap = (num: number) => {
    let m = cmaps.get(num)
    if (!m) {
      const font = objs.get(num)
      const tu = font ? ref(font.dict, 'ToUnicode') : undefined
      const stream = tu !== undefined ? objs.get(tu)?.stream : undefined
      m = stream ? readCMap(stream.toString('latin1')) : new Map()
      cmaps.set(num, m)
    }
    return m
  }
  const pagesNode = [...objs.values()].find((o) => /\/Type \/Pages\b/.test(o.dict))
  const kids = pagesNode ? [.../\/Kids \[([^\]]*)\]/.exec(pagesNode.dict)![1].matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1])) : []
  return kids.map((num) => {
    const page = objs.get(num)!
    const fonts = new Map<string, number>()
    const fontDict = /\/Font <<([^>]*)>>/.exec(page.dict)?.[1] ?? ''
    for (const m of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(m[1], Number(m[2]))
    const contents = /\/Contents \[([^\]]*)\]/.exec(page.dict)?.[1] ?? /\/Contents (\d+ 0 R)/.exec(page.dict)?.[1] ?? ''
    let text = ''
    for (const c of contents.matchAll(/(\d+) 0 R/g)) {
      const ops = objs.get(Number(c[1]))?.stream?.toString('latin1') ?? ''
      let current = new Map<string, string>()
      const tokens = /\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|(ET)\b/g
      for (let t = tokens.exec(ops); t; t = tokens.exec(ops)) {
        if (t[1]) current = fontMap(fonts.get(t[1]) ?? -1)
        else if (t[2] !== undefined) for (let i = 0; i + 4 <= t[2].length; i += 4) text += current.get(t[2].slice(i, i + 4).toUpperCase()) ?? ''
        else if (t[3]) text += '\n'
      }
    }
    return text
  })
}

/** All the text, whitespace removed: for "does the PDF say X" checks across line breaks. */
export const pdfCompactText = (pdf: Uint8Array): string => pdfPages(pdf).join('').replace(/\s+/g, '')
