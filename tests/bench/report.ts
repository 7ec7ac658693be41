// Console table of figures with ratios ours ÷ baseline.
import { sizeName } from './generator'
import type { Figure } from './harness'
import type { TargetResult } from './targets'

export interface SizeResult {
  size: number
  figures: Figure[]
  targets: TargetResult[]
  dataset: { bytes: Record<string, number>; counts: Record<string, number>; generatedInMs: number }
}

const num = (v: number, unit: string) =>
  Number.isNaN(v) ? '—' : unit === 'MB' ? v.toFixed(0) : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3)
const ratio = (r: number) => (r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(2) : r.toFixed(3)) + '×'

export function formatTable(results: readonly SizeResult[]): string {
  const header = ['size', 'figure', 'system', 'n', 'median', 'p95', 'unit', 'ours ÷ this (median)']
  const rows: string[][] = []
  for (const r of results) {
    let lastKey = ''
    for (const f of r.figures) {
      const ours = r.figures.find((g) => g.key === f.key && g.system === 'ours')
      const cmp = ours && f.system !== 'ours' ? ratio(ours.median / f.median) : ''
      rows.push([
        sizeName(r.size),
        f.key === lastKey ? '' : f.label,
        f.system + (f.note && f.note !== 'info' ? ` (${f.note})` : ''),
        String(f.n),
        num(f.median, f.unit),
        num(f.p95, f.unit),
        f.unit,
        cmp,
      ])
      lastKey = f.key
    }
  }
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]))))
  const line = (cells: string[]) => cells.map((c, i) => (i >= 3 && i <= 5 ? padStart(c, widths[i]) : padEnd(c, widths[i]))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

export function formatTargets(results: readonly SizeResult[]): string {
  const lines: string[] = []
  for (const r of results) {
    for (const t of r.targets) {
      const verdict = t.pass ? 'PASS' : 'MISS'
      const scope = t.official ? '' : ` (indicative: target is defined at ${sizeName(t.targetSize ?? 540_000)})`
      const abs = t.maxMs !== undefined ? ` and ≤ ${t.maxMs} ms` : ''
      const stat = t.stat === 'p95' ? 'p95 ' : ''
      lines.push(
        `${verdict}  ${sizeName(t.size).padEnd(5)} ${t.title}: ${ratio(t.ratio)} (limit ${t.maxRatio}×${abs}; ours ${stat}${num(t.ours, 'ms')} vs ${num(t.baseline, 'ms')}; p95 ratio ${ratio(t.ratioP95)})${scope}`,
      )
    }
  }
  return lines.join('\n')
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)))
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s
