// Text pasted from Word (or a web page) keeps its words, not its markup: the clipboard's HTML is
// sanitised with DOMPurify (no script, style, comments or Office conditional blocks survive) and
// then read as plain text, one line per paragraph, list item, table row or <br>.
import DOMPurify from 'dompurify'

/** Never text, even if a sanitiser let them through. */
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TITLE', 'XML', 'HEAD'])
const BLOCK = new Set(['P', 'DIV', 'LI', 'TR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'SECTION', 'ARTICLE', 'TABLE', 'UL', 'OL'])

/** The plain text of an HTML fragment as a user would read it. */
export function htmlToPlainText(html: string): string {
  const clean = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ['style', 'title', 'meta', 'link', 'xml'] }) as DocumentFragment
  const lines: string[] = []
  let line = ''
  const flush = () => {
    lines.push(line.replace(/ {2,}/g, ' ').replace(/^[ \t]+|[ \t]+$/g, ''))
    line = ''
  }
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      line += (node.textContent ?? '').replace(/[\r\n\t]+/g, ' ').replace(/\u00a0/g, ' ')
      return
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return
    const tag = ((node as Element).tagName ?? '').toUpperCase()
    if (SKIP.has(tag)) return
    if (tag === 'BR') {
      flush()
      return
    }
    const block = BLOCK.has(tag)
    if (block && line.trim()) flush()
    if (tag === 'TD' || tag === 'TH') {
      if (line.trim()) line += '\t'
    }
    for (const child of Array.from(node.childNodes)) walk(child)
    if (block && line.trim()) flush()
  }
  walk(clean)
  if (line.trim()) flush()
  // no blank runs: one empty line at most between paragraphs, none at the ends
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** The text a paste puts in: plain text from the clipboard's HTML, else its plain text. */
export function pastedText(data: Pick<DataTransfer, 'getData'> | null): string | null {
  if (!data) return null
  const html = data.getData('text/html')
  if (html && html.trim()) return htmlToPlainText(html)
  const text = data.getData('text/plain')
  return text ? text.replace(/\r\n?/g, '\n') : null
}

/** Puts `text` in place of the selection of a textarea's value; returns the value and caret. */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length }
}
