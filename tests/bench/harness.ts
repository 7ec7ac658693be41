// The pieces every bench row uses: the context it runs in, figures, percentiles, workers.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Dataset } from './dataset'
import type { Op } from './worker'
import type { DashArgs } from './worker'

export type System = 'ours' | 'sqlite' | 'sqlite-wal' | 'lowdb' | 'json' | 'floor' | 'stack'

/** One measured quantity for one system (a line of the table). */
export interface Figure {
  /** groups figures that are compared with each other, e.g. 'open.time' */
  key: string
  label: string
  system: System
  unit: 'ms' | 'MB'
  n: number
  median: number
  p95: number
  note?: string
}

export interface Reps {
  /** fresh processes per cold measurement */
  cold: number
  /** cold measurements of the whole-file baseline (slow at 540k) */
  coldLowdb: number
  edits: number
  editsLowdb: number
  /** in-process repetitions of a warm query */
  warm: number
  warmLowdb: number
  renderer: number
  floor: number
}

export interface BenchContext {
  size: number
  dataset: Dataset
  reps: Reps
  quick: boolean
  dash: DashArgs
  worker<T>(op: Op, args: object): Promise<T & { wallMs: number }>
  log(msg: string): void
}

/** A row of the bench: a module in rows/ registered in rows/index.ts. */
export interface BenchRow {
  id: string
  title: string
  /** sizes (demands) the row runs at; omitted = every size */
  sizes?: number[]
  run(ctx: BenchContext): Promise<Figure[]>
}

export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  // nearest-rank
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export function median(samples: readonly number[]): number {
  if (!samples.length) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function figure(
  key: string,
  label: string,
  system: System,
  samples: readonly number[],
  unit: Figure['unit'] = 'ms',
  note?: string,
): Figure {
  const f: Figure = { key, label, system, unit, n: samples.length, median: median(samples), p95: percentile(samples, 95) }
  if (note) f.note = note
  return f
}

const WORKER = resolve(import.meta.dirname, 'worker.ts')
/** Same heap limit for every system: the whole-file baseline needs more than the default at 540k. */
export const WORKER_NODE_ARGS = ['--max-old-space-size=8192', '--import', 'tsx']

/** Runs one op of worker.ts in a fresh Node process and returns its JSON result. */
export function runWorker<T>(op: Op, args: object): Promise<T & { wallMs: number }> {
  return new Promise((res, rej) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [...WORKER_NODE_ARGS, WORKER, op, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (b: Buffer) => (out += b))
    child.stderr.on('data', (b: Buffer) => (err += b))
    child.on('error', rej)
    child.on('close', (code) => {
      const wallMs = performance.now() - t0
      if (code !== 0) return rej(new Error(`worker ${op} exited ${code}: ${err.trim().slice(-2000)}`))
      const line = out.trim().split('\n').at(-1) ?? ''
      try {
        res({ ...(JSON.parse(line) as T), wallMs })
      } catch {
        rej(new Error(`worker ${op} printed no result: ${out.slice(-500)} ${err.slice(-500)}`))
      }
    })
  })
}

let gcFn: (() => void) | null = null
/** How long the collector's background work (sweeping on the other core) may take after a full collection. */
const GC_SETTLE_MS = 150
/**
 * A full garbage collection, and a pause while the collector finishes in the background: for
 * in-process rows that time two systems one after the other, called before each timed run of
 * either, so neither pays for the other's garbage — at once or on the other core. (Without the
 * pause, the run after a large one, e.g. a .csv import after an .xlsx parse, shared the machine
 * with that parse's sweeping and took up to twice as long.) The --expose-gc flag is set at run
 * time; the `gc` function comes from a fresh context.
 */
export async function collectGarbage(): Promise<void> {
  if (!gcFn) {
    setFlagsFromString('--expose-gc')
    gcFn = runInNewContext('gc') as () => void
  }
  gcFn()
  await new Promise((resolve) => setTimeout(resolve, GC_SETTLE_MS))
}
