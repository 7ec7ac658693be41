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
  /** the dataset size the target is defined at (default TARGET_SIZE); imports: a 10k-row file */
  size?: number
  /** and ours must also be at most this many ms (absolute) */
  maxMs?: number
}

export const TARGET_SIZE = 540_000

export const TARGETS: Target[] = [
  { id: 'edit', title: 'durable edit ≤ 10× better-sqlite3 UPDATE (synchronous=FULL)', key: 'edit.time', baseline: 'sqlite', maxRatio: 10 },
  { id: 'open', title: 'cold open → dashboard ≤ 1× better-sqlite3 open + same query', key: 'open.time', baseline: 'sqlite', maxRatio: 1 },
  { id: 'dash', title: 'warm 10-year dashboard ≤ 0.1× better-sqlite3 GROUP BY', key: 'dash.10y', baseline: 'sqlite', maxRatio: 0.1 },
  // issue 9: p95 of each query ≤ 1× FTS5 trigram, measured at 100k (and ≤ 50 ms absolute, below)
  { id: 'search2', title: 'search, 2-character query, p95 ≤ 1× SQLite FTS5 trigram', key: 'search.2char', baseline: 'sqlite', maxRatio: 1, stat: 'p95', size: 100_000, maxMs: 50 },
  { id: 'search4', title: 'search, 4-character query, p95 ≤ 1× SQLite FTS5 trigram', key: 'search.4char', baseline: 'sqlite', maxRatio: 1, stat: 'p95', size: 100_000, maxMs: 50 },
  { id: 'rss', title: 'peak RSS after open ≤ 0.35× single-file lowdb', key: 'open.rss', baseline: 'lowdb', maxRatio: 0.35 },
  { id: 'import-xlsx', title: 'import 10,000 rows .xlsx ≤ 2× the bare exceljs parse', key: 'import.xlsx', baseline: 'floor', maxRatio: 2, size: 10_000 },
  { id: 'import-csv', title: 'import 10,000 rows GBK .csv ≤ 2× the bare decode + papaparse', key: 'import.csv', baseline: 'floor', maxRatio: 2, size: 10_000 },
  { id: 'minutes-docx', title: 'minutes .docx of a 10-item meeting ≤ 1.5× the docx library packing it directly', key: 'minutes.docx', baseline: 'floor', maxRatio: 1.5, size: 10_000 },
  // issue 11: the task ledger of 10,000 tasks ≤ 1.5× exceljs writing the same rows directly
  { id: 'ledger-xlsx', title: 'task ledger .xlsx of 10,000 tasks ≤ 1.5× exceljs writing the same rows directly', key: 'ledger.xlsx', baseline: 'floor', maxRatio: 1.5, size: 10_000 },
  // issue 11: the whole street's rates over 10 years, warm
  { id: 'rates', title: 'warm rates, whole street, 10 years ≤ 0.1× better-sqlite3 aggregates', key: 'rates.10y', baseline: 'sqlite', maxRatio: 0.1 },
  // issue 12: the street dashboard (15 communities, 10 years, ranking with rates)
  { id: 'street', title: 'warm street dashboard, 10 years ≤ 0.1× better-sqlite3 GROUP BY', key: 'street.10y', baseline: 'sqlite', maxRatio: 0.1 },
  { id: 'street-open', title: 'cold open → street dashboard ≤ 1× better-sqlite3 open + same queries', key: 'street.open', baseline: 'sqlite', maxRatio: 1 },
  // issue 12: the leader's home drawn in Chromium against an empty Vue + Element Plus page's first paint
  { id: 'renderer', title: 'navigation → street dashboard trend chart drawn ≤ 2× an empty Vue + Element Plus page painted', key: 'renderer.chart', baseline: 'floor', maxRatio: 2 },
  { id: 'minutes-pdf', title: 'minutes PDF of a 10-item meeting ≤ 1.5× Chromium printing the same text, fonts and page', key: 'minutes.pdf', baseline: 'floor', maxRatio: 1.5, size: 10_000 },
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
  /** which figure was compared */
  stat: 'median' | 'p95'
  /** the target size, and the absolute limit when there is one */
  targetSize: number
  maxMs?: number
}

export function evaluateTargets(size: number, figures: readonly Figure[]): TargetResult[] {
  const out: TargetResult[] = []
  for (const t of TARGETS) {
    const ours = figures.find((f) => f.key === t.key && f.system === 'ours')
    const base = figures.find((f) => f.key === t.key && f.system === t.baseline)
    if (!ours || !base) continue
    const stat = t.stat ?? 'median'
    const ratio = ours[stat] / base[stat]
    const targetSize = t.size ?? TARGET_SIZE
    out.push({
      id: t.id,
      title: t.title,
      size,
      ours: ours[stat],
      baseline: base[stat],
      ratio,
      ratioP95: ours.p95 / base.p95,
      maxRatio: t.maxRatio,
      pass: ratio <= t.maxRatio && (t.maxMs === undefined || ours[stat] <= t.maxMs),
      official: size === targetSize,
      stat,
      targetSize,
      ...(t.maxMs !== undefined ? { maxMs: t.maxMs } : {}),
    })
  }
  return out
}
