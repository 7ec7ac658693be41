// Opens an exported office file (.xlsx, .docx) with LibreOffice headless, as office staff would,
// and converts it to PDF: a file LibreOffice cannot read fails here with its own words.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'

export function findSoffice(): string {
  const found = [process.env.SOFFICE_PATH, '/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => !!p && existsSync(p))
  if (!found) throw new Error('No LibreOffice found: install Debian\'s libreoffice-calc-nogui (.ci/run does) or set SOFFICE_PATH.')
  return found
}

/** Converts `file` to PDF in a temp folder; resolves to the PDF's bytes and what LibreOffice printed. */
export async function openWithLibreOffice(file: string): Promise<{ pdf: Buffer; output: string }> {
  const out = await mkdtemp(join(tmpdir(), 'yishi-lo-'))
  // A profile of its own: a second LibreOffice (or a stale lock) never blocks this one.
  const profile = pathToFileURL(join(out, 'profile')).href
  try {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        findSoffice(),
        [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', out, file],
        { timeout: 120_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`LibreOffice failed on ${basename(file)}: ${err.message}\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`)),
      )
    })
    const pdfName = (await readdir(out)).find((n) => n.endsWith('.pdf'))
    if (!pdfName) throw new Error(`LibreOffice made no PDF of ${basename(file)}: ${output}`)
    return { pdf: await readFile(join(out, pdfName)), output }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}
