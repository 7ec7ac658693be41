// A printed page's number from a sentence of the locale: '第 {page} 页 共 {pages} 页' becomes the CSS
// `content` value "第 " counter(page) " 页 共 " counter(pages) " 页" (for an @page margin box).

/** The CSS content value of `sentence`, its {page} and {pages} replaced by the page counters. */
export function pageCounterContent(sentence: string): string {
  return sentence
    .split(/(\{pages?\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ')
}

/** A CSS string: quotes and backslashes escaped, line breaks as \A. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\A ')}"`
}
