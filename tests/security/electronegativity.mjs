#!/usr/bin/env node
// `npm run lint:electron`: runs @doyensec/electronegativity on the Electron sources and fails on
// any HIGH or MEDIUM finding. A finding that is acceptable must be justified where it occurs, with
// an `// eng-disable CHECK_NAME` annotation on the flagged line and a comment saying why.
//
// Electronegativity scans a folder; the repository root would drag in out/, dist-web/ and the
// tests, so the inputs are staged in a temp folder: electron/ (main, preload, host, services),
// renderer/index.html (its CSP meta) and package.json (the Electron version).
// AvailableSecurityFixesGlobalCheck is skipped: it downloads Electron's release list (no network
// here); Electron updates are tracked by the pinned version in package.json.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')
const FAIL_ON = new Set(['HIGH', 'MEDIUM'])

const stage = mkdtempSync(join(tmpdir(), 'yishi-eneg-'))
try {
  cpSync(join(root, 'electron'), join(stage, 'electron'), { recursive: true })
  cpSync(join(root, 'renderer/index.html'), join(stage, 'renderer/index.html'))
  cpSync(join(root, 'package.json'), join(stage, 'package.json'))
  const csv = join(stage, 'findings.csv')
  const bin = join(root, 'node_modules/.bin/electronegativity')
  const run = spawnSync(bin, ['-i', stage, '-r', '-o', csv, '-x', 'AvailableSecurityFixesGlobalCheck'], {
    cwd: stage,
    encoding: 'utf8',
  })
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr)
    console.error(`electronegativity exited with ${run.status ?? run.signal}`)
    process.exit(2)
  }
  let text
  try {
    text = readFileSync(csv, 'utf8')
  } catch {
    console.error(run.stdout, run.stderr)
    console.error('electronegativity wrote no report')
    process.exit(2)
  }
  const rows = parseCsv(text)
  const header = rows.shift()?.map((h) => h.trim()) ?? []
  const col = (name) => header.indexOf(name)
  if (col('issue') < 0 || col('severity') < 0) {
    console.error(`unexpected report header: ${header.join(',')}`)
    process.exit(2)
  }
  const findings = rows
    .filter((r) => r.length > 1)
    .map((r) => ({
      issue: r[col('issue')],
      severity: r[col('severity')].trim(),
      confidence: r[col('confidence')],
      file: r[col('filename')],
      location: r[col('location')],
      description: r[col('description')],
    }))
  const failing = findings.filter((f) => FAIL_ON.has(f.severity))
  for (const f of findings) {
    const mark = FAIL_ON.has(f.severity) ? '✗' : '·'
    console.log(`${mark} ${f.severity.padEnd(13)} ${f.issue}  ${f.file}:${f.location}  ${f.description}`)
  }
  console.log(`electronegativity: ${findings.length} finding(s), ${failing.length} HIGH/MEDIUM`)
  if (failing.length) {
    console.error('Fix them, or justify each in place with `// eng-disable CHECK_NAME` and a comment saying why.')
    process.exit(1)
  }
} finally {
  rmSync(stage, { recursive: true, force: true })
}

/** RFC 4180-ish: quoted fields with "" escapes, commas and newlines inside quotes. */
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
