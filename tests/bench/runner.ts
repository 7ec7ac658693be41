// Runs the registered rows at one size and collects figures and target verdicts.
import { ensureDataset } from './dataset'
import { BENCH_COMMUNITY, benchRanges } from './generator'
import { runWorker, type BenchContext, type BenchRow, type Figure, type Reps } from './harness'
import { evaluateTargets } from './targets'
import type { SizeResult } from './report'

export function repsFor(size: number, quick: boolean): Reps {
  if (quick) return { cold: 3, coldLowdb: 3, edits: 15, editsLowdb: 3, warm: 50, warmLowdb: 5, renderer: 3, floor: 2 }
  const big = size >= 500_000
  return {
    // cold opens are noisy (a fresh process each, ~1 s); more samples where they are cheap
    cold: big ? 7 : 15,
    coldLowdb: big ? 3 : 5,
    edits: 60,
    editsLowdb: big ? 5 : 10,
    warm: 200,
    warmLowdb: big ? 10 : 30,
    renderer: 5,
    floor: big ? 2 : 3,
  }
}

export interface RunSizeOptions {
  size: number
  seed: number
  endMonth: string
  quick: boolean
  rows: readonly BenchRow[]
  resultsDir?: string
  log?: (msg: string) => void
  reps?: Partial<Reps>
}

export async function runSize(opts: RunSizeOptions): Promise<SizeResult> {
  const log = opts.log ?? (() => undefined)
  const dataset = await ensureDataset({ size: opts.size, seed: opts.seed, endMonth: opts.endMonth, resultsDir: opts.resultsDir, log })
  const ctx: BenchContext = {
    size: opts.size,
    dataset,
    reps: { ...repsFor(opts.size, opts.quick), ...opts.reps },
    quick: opts.quick,
    dash: { community: BENCH_COMMUNITY, ...benchRanges(opts.endMonth) },
    worker: runWorker,
    log,
  }
  const figures: Figure[] = []
  for (const row of opts.rows) {
    if (row.sizes && !row.sizes.includes(opts.size)) continue
    const t = performance.now()
    log(`  ${row.id}: ${row.title}`)
    figures.push(...(await row.run(ctx)))
    log(`    ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  const m = dataset.manifest
  return {
    size: opts.size,
    figures,
    targets: evaluateTargets(opts.size, figures),
    dataset: { bytes: m.bytes, counts: m.counts, generatedInMs: m.generatedInMs },
  }
}
