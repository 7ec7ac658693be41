// Text files from Chinese offices come in UTF-8 (with or without BOM) or GBK/GB18030, which
// Chinese Excel and 12345 hotline exports write. UTF-8 is tried strictly first: GBK bytes of
// Chinese text are almost never valid UTF-8, so a strict decode tells them apart.

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le'

export interface DecodedText {
  text: string
  encoding: TextEncodingName
  /** The file started with a byte-order mark (removed from `text`). */
  bom: boolean
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true }
  }
  // Excel's "Unicode text" export.
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', bom: false }
  }
}

/** Display names for the report. */
export const ENCODING_LABELS: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GBK/GB18030',
  'utf-16le': 'UTF-16',
}
