// The targets of the bench issue, as ratios ours ÷ baseline measured in the same run.
import type { Figure, System } from './harness'

export interface Target {
  id: string
  title: string
  key: string
  baseline: System
  /** ours.median / baseline.median must be at most this */
  maxRatio: number
  /** which figure of ours (default: median) */
  stat?: 'median' | 'p95'
  /** the dataset size the target is defined at (default TARGET_SIZE); e.g. imports: a 10k-row file at any size */
  definedAt?: number
}

export const TARGET_SIZE = 540_000

export const TARGETS: Target[] = [
  { id: 'edit', title: 'durable edit ≤ 10× better-sqlite3 UPDATE (synchronous=FULL)', key: 'edit.time', baseline: 'sqlite', maxRatio: 10 },
  { id: 'open', title: 'cold open → dashboard ≤ 1× better-sqlite3 open + same query', key: 'open.time', baseline: 'sqlite', maxRatio: 1 },
  { id: 'dash', title: 'warm 10-year dashboard ≤ 0.1× better-sqlite3 GROUP BY', key: 'dash.10y', baseline: 'sqlite', maxRatio: 0.1 },
  { id: 'rss', title: 'peak RSS after open ≤ 0.35× single-file lowdb', key: 'open.rss', baseline: 'lowdb', maxRatio: 0.35 },
  { id: 'import-xlsx', title: 'import 10,000 rows .xlsx ≤ 2× the bare exceljs parse', key: 'import.xlsx', baseline: 'floor', maxRatio: 2, definedAt: 10_000 },
  { id: 'import-csv', title: 'import 10,000 rows GBK .csv ≤ 2× the bare decode + papaparse', key: 'import.csv', baseline: 'floor', maxRatio: 2, definedAt: 10_000 },
]

export interface TargetResult {
  id: string
  title: string
  size: number
  ours: number
  baseline: number
  ratio: number
  /** p95 of ours ÷ p95 of the baseline, for the record */
  ratioP95: number
  maxRatio: number
  pass: boolean
  /** false when the size is not the one the target is defined at */
  official: boolean
}

export function evaluateTargets(size: number, figures: readonly Figure[]): TargetResult[] {
  const out: TargetResult[] = []
  for (const t of TARGETS) {
    const ours = figures.find((f) => f.key === t.key && f.system === 'ours')
    const base = figures.find((f) => f.key === t.key && f.system === t.baseline)
    if (!ours || !base) continue
    const ratio = ours.median / base.median
    out.push({
      id: t.id,
      title: t.title,
      size,
      ours: ours.median,
      baseline: base.median,
      ratio,
      ratioP95: ours.p95 / base.p95,
      maxRatio: t.maxRatio,
      pass: ratio <= t.maxRatio,
      official: size === (t.definedAt ?? TARGET_SIZE),
    })
  }
  return out
}
