// Renders .docx files with LibreOffice headless to PDF and to PNG pages (pdftoppm -png -r 80), so
// a person can look at the exported 纪要 without Word.
//   npx tsx scripts/render-docx.ts <out-dir> [file.docx …]
// With no files it first writes the sample 10-item minutes and sign-in sheet (tests/helpers/
// minutes-sample.ts) into <out-dir> and renders those. Needs `soffice` (Debian: libreoffice-writer)
// and `pdftoppm` (poppler-utils). Fonts: where the official fonts (方正小标宋简体, 仿宋_GB2312, …)
// are missing LibreOffice substitutes an installed CJK font; layout, margins, sizes and colours
// are still the document's own.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { minutesDocx, signInSheetDocx } from '../electron/services/minutes-docx'
import { sampleMinutes, sampleSignInSheet } from '../tests/helpers/minutes-sample'

function need(cmd: string, pkg: string): void {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' })
  } catch {
    throw new Error(`${cmd} not found: install ${pkg} (e.g. apt-get install -y ${pkg})`)
  }
}

async function main(): Promise<void> {
  const [outArg, ...files] = process.argv.slice(2)
  if (!outArg) throw new Error('usage: tsx scripts/render-docx.ts <out-dir> [file.docx …]')
  need('soffice', 'libreoffice-writer')
  need('pdftoppm', 'poppler-utils')
  const out = resolve(outArg)
  mkdirSync(out, { recursive: true })
  if (!files.length) {
    writeFileSync(join(out, 'sample-minutes.docx'), await minutesDocx(sampleMinutes()))
    writeFileSync(join(out, 'sample-sign-in.docx'), await signInSheetDocx(sampleSignInSheet()))
    files.push(join(out, 'sample-minutes.docx'), join(out, 'sample-sign-in.docx'))
  }
  // A private LibreOffice profile: no clash with a running instance, no first-start dialogs.
  const profile = join(tmpdir(), `yishi-lo-profile-${process.pid}`)
  for (const f of files.map((x) => resolve(x))) {
    if (!existsSync(f)) throw new Error(`no such file: ${f}`)
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, f], { stdio: 'inherit', timeout: 180_000 })
    const stem = basename(f).replace(/\.docx$/i, '')
    const pdf = join(out, `${stem}.pdf`)
    execFileSync('pdftoppm', ['-png', '-r', '80', pdf, join(out, stem)], { stdio: 'inherit' })
    const pages = readdirSync(out).filter((n) => n.startsWith(`${stem}-`) && n.endsWith('.png'))
    console.log(`${basename(f)} → ${pdf} + ${pages.length} PNG page(s)`)
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
