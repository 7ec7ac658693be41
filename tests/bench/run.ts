// `npm run bench [-- --quick] [-- --sizes 10k,100k] [-- --rows open,edit] [-- --seed N] [-- --generate-only]`
// Generates (or reuses) the data for each size, runs every row of rows/index.ts, prints the
// table and the targets, and writes bench-results/bench-<timestamp>.json and latest.json.
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { RESULTS_DIR, defaultEndMonth, ensureDataset } from './dataset'
import { DEFAULT_SEED, GENERATOR_VERSION, parseSize, sizeName } from './generator'
import { formatTable, formatTargets, type SizeResult } from './report'
import { ROWS } from './rows'
import { runSize } from './runner'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      rows: { type: 'string' },
      seed: { type: 'string' },
      'end-month': { type: 'string' },
      'generate-only': { type: 'boolean', default: false },
    },
  })
  const quick = values.quick ?? false
  const sizes = (values.sizes ?? (quick ? '10k' : '10k,100k,540k')).split(',').map(parseSize)
  const seed = values.seed ? Number(values.seed) : DEFAULT_SEED
  const endMonth = values['end-month'] ?? defaultEndMonth()
  const wanted = values.rows?.split(',')
  const rows = wanted ? ROWS.filter((r) => wanted.includes(r.id)) : ROWS
  if (wanted && rows.length !== wanted.length) {
    throw new Error(`unknown row in --rows; known: ${ROWS.map((r) => r.id).join(', ')}`)
  }
  const log = (msg: string) => console.log(msg)
  const started = new Date()
  const t0 = performance.now()
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    platform: process.platform,
  }
  log(`yishi bench: sizes ${sizes.map(sizeName).join(', ')}${quick ? ' (quick)' : ''}, seed ${seed}, ten years to ${endMonth}`)
  log(`machine: ${machine.cpu} × ${machine.cores}, ${machine.memoryGB} GB, Node ${machine.node}, Linux ${machine.kernel}`)

  if (values['generate-only']) {
    for (const size of sizes) await ensureDataset({ size, seed, endMonth, log })
    return
  }
  const results: SizeResult[] = []
  for (const size of sizes) {
    log(`\n== ${sizeName(size)} ==`)
    results.push(await runSize({ size, seed, endMonth, quick, rows, log }))
  }

  const table = formatTable(results)
  const targets = formatTargets(results)
  log(`\n${table}\n\nTargets (ours ÷ baseline, medians):\n${targets || '(no target figures in this run)'}`)
  const totalS = (performance.now() - t0) / 1000
  log(`\ntotal ${totalS.toFixed(0)} s`)

  const stamp = started.toISOString().replace(/[:.]/g, '-')
  const report = {
    startedAt: started.toISOString(),
    durationS: Math.round(totalS),
    quick,
    seed,
    endMonth,
    generatorVersion: GENERATOR_VERSION,
    machine,
    results,
    table,
    targets,
  }
  await mkdir(RESULTS_DIR, { recursive: true })
  const text = JSON.stringify(report, null, 2)
  await writeFile(join(RESULTS_DIR, `bench-${stamp}.json`), text)
  await writeFile(join(RESULTS_DIR, 'latest.json'), text)
  log(`written: bench-results/bench-${stamp}.json, bench-results/latest.json`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
