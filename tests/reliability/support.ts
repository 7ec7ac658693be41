// Shared by the reliability tests: fixtures, a strict checker of a data folder, and a recount.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Community, Demand, MonthCounts } from '../../shared/domain/entities'
import { applyToCounts, emptyCounts } from '../../shared/domain/statistics'
import type { Database } from '../../electron/data'
import { parseJsonBytes } from '../../electron/data/durable-file'
import { communitiesFileSchema, partitionFileSchema } from '../../electron/data/file-schemas'
import { decodeSummary } from '../../electron/data/summary-file'
import { mulberry32 } from '../../electron/services/sample-street'

const summaryFileSchema = { safeParse: (v: unknown) => ({ success: decodeSummary(v) !== null }) }

export const COMMUNITIES: Community[] = [
  { id: 'cA', name: '东门社区', grids: [], compounds: [{ id: 'cA-p1', name: '东门小区' }] },
  { id: 'cB', name: '七口堰社区', grids: [], compounds: [{ id: 'cB-p1', name: '滨江花园' }] },
]

export async function tempFolder(prefix = 'yishi-rel-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 })
}

/** Every file under dir, relative, '/'-separated. */
export async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  const visit = async (d: string) => {
    let names: string[]
    try {
      names = await readdir(d)
    } catch {
      return
    }
    for (const n of names) {
      const p = join(d, n)
      if ((await stat(p)).isDirectory()) await visit(p)
      else out.push(relative(dir, p).split('\\').join('/'))
    }
  }
  await visit(dir)
  return out.sort()
}

export interface FolderCheck {
  /** data files (live or in a backup) that do not parse or validate */
  corrupt: string[]
  /** *.tmp files and .partial-* backup folders */
  stray: string[]
  /** files the app quarantined (*.corrupt-*) */
  quarantined: string[]
}

/** Parses and validates every data file on disk, live and in backups (identity codec). */
export async function checkFolder(dir: string): Promise<FolderCheck> {
  const files = await walk(dir)
  const result: FolderCheck = { corrupt: [], stray: [], quarantined: [] }
  for (const rel of files) {
    const name = rel.split('/').at(-1)!
    if (name.endsWith('.tmp') || rel.split('/').some((part) => part.startsWith('.partial-'))) {
      result.stray.push(rel)
      continue
    }
    if (/\.corrupt-\d{14}/.test(name)) {
      result.quarantined.push(rel)
      continue
    }
    const schema =
      name === 'communities.json'
        ? communitiesFileSchema
        : name === 'summary.json'
          ? summaryFileSchema
          : /^\d{4}-\d{2}\.json$/.test(name) && rel.includes('demands/')
            ? partitionFileSchema
            : null
    if (!schema) continue
    try {
      const parsed = schema.safeParse(parseJsonBytes(await readFile(join(dir, rel))))
      if (!parsed.success) result.corrupt.push(rel)
    } catch {
      result.corrupt.push(rel)
    }
  }
  return result
}

/**
 * Compares the database's summary counts with a full recount of the partition files.
 * Returns the mismatching community-months (empty = consistent).
 */
export async function recountMismatches(db: Database, dir: string): Promise<string[]> {
  const bad: string[] = []
  const expected = new Map<string, MonthCounts>()
  for (const rel of await walk(join(dir, 'demands'))) {
    const m = /^([^/]+)\/(\d{4}-\d{2})\.json$/.exec(rel)
    if (!m) continue
    const items = (JSON.parse(await readFile(join(dir, 'demands', rel), 'utf8')) as { items: Demand[] }).items
    let counts = emptyCounts()
    for (const d of items) counts = applyToCounts(counts, d, 1)
    if (counts.total) expected.set(`${m[1]}/${m[2]}`, counts)
  }
  const seen = new Set<string>()
  for (const c of db.communities()) {
    for (const [month, counts] of Object.entries(db.countsOf(c.id))) {
      const key = `${c.id}/${month}`
      seen.add(key)
      if (JSON.stringify(sortKeys(counts)) !== JSON.stringify(sortKeys(expected.get(key)))) bad.push(key)
    }
  }
  // Partitions of communities the app does not know (e.g. communities.json lost) are not counted.
  const known = new Set(db.communities().map((c) => c.id))
  for (const key of expected.keys()) if (!seen.has(key) && known.has(key.split('/')[0])) bad.push(key)
  return bad
}

function sortKeys(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => [k, sortKeys(x)]),
  )
}

/** A small deterministic PRNG (the sample street's mulberry32) so a failing run can be replayed from its seed. */
export const rng = mulberry32

export const FULL = process.env.RELIABILITY_FULL === '1'

/** The data key the kill test's worker and parent open the people collection with (phones encrypted). */
export const KILL_TEST_KEY = Buffer.alloc(32, 7)
