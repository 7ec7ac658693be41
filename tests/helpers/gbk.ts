// GBK bytes for test files without iconv: the reverse of Node's own gb18030 decoder over every
// two-byte GBK code (0x81–0xFE × 0x40–0xFE), built once. ASCII stays one byte.
let table: Map<string, number> | null = null

function reverseTable(): Map<string, number> {
  if (table) return table
  table = new Map()
  const decoder = new TextDecoder('gb18030')
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue
      const ch = decoder.decode(new Uint8Array([hi, lo]))
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, (hi << 8) | lo)
    }
  }
  return table
}

/** `text` as GBK bytes; throws on a character GBK has no two-byte code for. */
export function encodeGbk(text: string): Uint8Array {
  const map = reverseTable()
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) {
      out.push(code)
      continue
    }
    const gbk = map.get(ch)
    if (gbk === undefined) throw new Error(`no GBK code for ${ch}`)
    out.push(gbk >> 8, gbk & 0xff)
  }
  return Uint8Array.from(out)
}
