import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { openDatabase } from '../../electron/data'
import { BENCH_COLLECTIONS, ensureDataset, releaseLock, type Dataset } from '../bench/dataset'
import { openRow } from '../bench/rows/open'
import { ratesRow } from '../bench/rows/rates'
import type { Task } from '../../shared/domain/task'
import { runSize } from '../bench/runner'

// The bench harness end to end on a small data set: the generator writes our data folder through
// the real data layer plus the two baselines, and one row runs in fresh worker processes.

let resultsDir: string
let dataset: Dataset
const base = { size: 1_500, seed: 7, endMonth: '2026-10' }

beforeAll(async () => {
  resultsDir = await mkdtemp(join(tmpdir(), 'yishi-bench-'))
  dataset = await ensureDataset({ ...base, resultsDir })
}, 60_000)
afterAll(async () => {
  await rm(resultsDir, { recursive: true, force: true })
})

describe('bench harness', () => {
  it('writes the same demands to our data folder, better-sqlite3 and lowdb', async () => {
    const db = await openDatabase({ dataDir: dataset.yishiDir, collections: BENCH_COLLECTIONS })
    expect(db.communities()).toHaveLength(15)
    expect(db.demandTotal()).toBe(1_500)
    // Tasks are read by the real tasks collection; closures reach the derived counts' outcomes.
    const tasks = (await db.collection<Task>('tasks').list()).length
    expect(tasks).toBe(dataset.manifest.counts.tasks)
    const outcomes = db.communities().flatMap((c) => Object.values(db.countsOf(c.id))).reduce((n, m) => n + (m.outcomes?.closedTimed ?? 0), 0)
    expect(outcomes).toBe(dataset.manifest.counts.closures)
    expect(outcomes).toBeGreaterThan(1_000)
    await db.backups()
    await releaseLock(dataset.yishiDir)
    const sqlite = new Database(dataset.sqliteFile)
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM demands').get() as { n: number }).n).toBe(1_500)
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM demands WHERE outcome IS NOT NULL').get() as { n: number }).n).toBe(outcomes)
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM tasks').get() as { n: number }).n).toBe(tasks)
    sqlite.close()
    const lowdb = JSON.parse(await readFile(dataset.lowdbFile, 'utf8')) as { demands: unknown[] }
    expect(lowdb.demands).toHaveLength(1_500)
    expect(dataset.manifest.counts.meetings).toBe(15 * 120)
    expect(dataset.manifest.editIds.length).toBeGreaterThan(10)
  })

  it('reuses the cached folder for the same size, seed and generator version', async () => {
    const again = await ensureDataset({ ...base, resultsDir })
    expect(again.manifest.createdAt).toBe(dataset.manifest.createdAt)
  })

  it('runs the open row in fresh processes and compares the systems', async () => {
    const result = await runSize({
      ...base,
      quick: true,
      rows: [openRow],
      resultsDir,
      reps: { cold: 1, coldLowdb: 1 },
    })
    const systems = result.figures.filter((f) => f.key === 'open.time').map((f) => f.system)
    expect(systems).toEqual(['ours', 'sqlite', 'lowdb'])
    for (const f of result.figures) {
      expect(f.n).toBe(1)
      expect(Number.isFinite(f.median) && f.median > 0).toBe(true)
    }
    const ids = result.targets.map((t) => t.id)
    expect(ids).toEqual(['open', 'rss'])
    expect(result.targets.every((t) => !t.official)).toBe(true)
  }, 30_000)

  it('runs the rates row: both systems give the same rates (the row refuses otherwise)', async () => {
    const result = await runSize({ ...base, quick: true, rows: [ratesRow], resultsDir, reps: { warm: 2 } })
    expect(result.figures.map((f) => [f.key, f.system, f.n])).toEqual([
      ['rates.10y', 'ours', 2],
      ['rates.10y', 'sqlite', 2],
    ])
    expect(result.targets.map((t) => t.id)).toEqual(['rates'])
  }, 60_000)
})
