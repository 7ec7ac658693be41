// Reads a .docx back for tests: unzips it (fflate, the docx library's own zip) and lists the
// paragraphs of word/document.xml with their runs (text, East Asian font, size, colour), so a test
// can check the structure, fonts and margins of an export without Word.
import { strFromU8, unzipSync } from 'fflate'

export interface DocxRun {
  text: string
  eastAsia?: string
  /** points (w:sz is half-points) */
  pt?: number
  color?: string
  /** w:spacing of the run, twentieths of a point */
  spacing?: number
  xml: string
}

export interface DocxParagraph {
  text: string
  runs: DocxRun[]
  /** w:jc */
  align?: string
  xml: string
}

export interface DocxParts {
  files: Record<string, string>
  document: string
  paragraphs: DocxParagraph[]
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

export const attr = (xml: string, element: string, name: string): string | undefined => {
  const m = new RegExp(`<${element}\\b[^>]*?\\s${name}="([^"]*)"`).exec(xml)
  return m ? decode(m[1]) : undefined
}

function parseRun(xml: string): DocxRun {
  const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => decode(m[1])).join('')
  const sz = attr(xml, 'w:sz', 'w:val')
  const spacing = attr(xml, 'w:spacing', 'w:val')
  return {
    text,
    eastAsia: attr(xml, 'w:rFonts', 'w:eastAsia'),
    pt: sz ? Number(sz) / 2 : undefined,
    color: attr(xml, 'w:color', 'w:val'),
    spacing: spacing ? Number(spacing) : undefined,
    xml,
  }
}

export function parseParagraphs(xml: string): DocxParagraph[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => {
    const runs = [...p.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => parseRun(m[1]))
    return { text: runs.map((r) => r.text).join(''), runs, align: attr(p, 'w:jc', 'w:val'), xml: p }
  })
}

export function readDocx(bytes: Uint8Array): DocxParts {
  const raw = unzipSync(bytes)
  const files: Record<string, string> = {}
  for (const [name, data] of Object.entries(raw)) if (/\.(xml|rels)$/.test(name)) files[name] = strFromU8(data)
  const document = files['word/document.xml']
  if (!document) throw new Error('no word/document.xml in the package')
  return { files, document, paragraphs: parseParagraphs(document) }
}
