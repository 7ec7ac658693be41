// Sums the vitest JSON reports in test-results/ into the one line CI reads: "N passed, N failed".
import { readdirSync, readFileSync, existsSync } from 'node:fs'

const status = Number(process.argv[2] ?? 0)
let passed = 0
let failed = 0
let skipped = 0
const dir = 'test-results'
if (existsSync(dir)) {
  for (const name of readdirSync(dir).filter((n) => n.startsWith('vitest-') && n.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'))
    passed += report.numPassedTests ?? 0
    failed += report.numFailedTests ?? 0
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    // A suite that failed to load has no failed tests but still failed.
    for (const file of report.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1
    }
  }
}
// A non-zero exit with no failed test means a step before or around the tests failed (lint,
// typecheck, build): count it, so the line never reads green for a red run.
if (status !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
