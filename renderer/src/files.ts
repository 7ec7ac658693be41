// Files in and out of the page: bytes to base64 for the chunked uploads, and the files the
// backend makes (minutes, ledgers, briefings, packages) saved or printed. Kept out of the stores so
// the first screen's chunk does not carry the import and minutes stores.
/** A file the backend made: its bytes as base64, its type and its name. */
export interface MadeFile {
  base64: string
  mime: string
  fileName: string
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  // String.fromCharCode takes a limited number of arguments: go in slices.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Saves a file the backend made (base64) through the browser's download. */
export function downloadFile(file: MadeFile): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Not too soon: on a busy machine the download may start after a second, and a revoked URL fails it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/**
 * Opens an HTML document (the print view) in a page of its own and prints it there (the
 * preview's PDF: the user picks "另存为 PDF" in the print dialog). Returns false when the
 * browser refused the new page.
 */
export function printInPage(file: MadeFile): boolean {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
  const w = window.open(url, '_blank')
  if (!w) {
    URL.revokeObjectURL(url)
    return false
  }
  const started = Date.now()
  const timer = setInterval(() => {
    try {
      if (w.closed || Date.now() - started > 15_000) clearInterval(timer)
      else if (w.location.href === url && w.document.readyState === 'complete') {
        clearInterval(timer)
        w.focus()
        w.print()
      }
    } catch {
      clearInterval(timer)
    }
  }, 100)
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return true
}
