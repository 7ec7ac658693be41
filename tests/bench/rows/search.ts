import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import { figure, type BenchRow, type Figure } from '../harness'

/** A two-character and a four-character query, as a secretary types them. */
export const SEARCH_QUERIES = ['停车', '安全隐患'] as const

// Chinese full-text search (issue 9): ours = MiniSearch over bigrams + segmenter words in the
// backend's memory, through services.search.query; baseline = SQLite FTS5 (trigram tokenizer,
// better-sqlite3) over the same texts. Both: the total and the first page of 20 per query.
export const searchRow: BenchRow = {
  id: 'search',
  title: 'Chinese search: total + first page of 20 (2- and 4-character query)',
  sizes: [10_000, 100_000],
  async run(ctx) {
    type R = { ms: Record<string, number[]>; totals: Record<string, number>; buildMs: number; peakRssMB: number }
    const ds = ctx.dataset
    const ftsDir = join(ds.root, 'sqlite-fts')
    await mkdir(ftsDir, { recursive: true })
    const queries = [...SEARCH_QUERIES]
    const reps = ctx.quick ? 30 : 100
    const ours = await ctx.worker<R>('search', { system: 'ours', path: ds.yishiDir, queries, reps })
    const sqlite = await ctx.worker<R>('search', { system: 'sqlite', path: ds.sqliteFile, ftsFile: join(ftsDir, 'fts.db'), queries, reps })
    for (const q of queries) {
      // Both must find the same demands, or the comparison means nothing.
      if (ours.totals[q] !== sqlite.totals[q]) {
        throw new Error(`search ${q}: ours found ${ours.totals[q]}, sqlite ${sqlite.totals[q]}`)
      }
    }
    const out: Figure[] = []
    queries.forEach((q, i) => {
      const key = i === 0 ? 'search.2char' : 'search.4char'
      const label = `search "${q}" (${ours.totals[q]} hits), total + page 1`
      out.push(figure(key, label, 'ours', ours.ms[q], 'ms', 'MiniSearch, bigrams + words'))
      out.push(figure(key, label, 'sqlite', sqlite.ms[q], 'ms', [...q].length >= 3 ? 'FTS5 trigram MATCH' : 'FTS5 table, LIKE (trigram needs 3+)'))
    })
    out.push(figure('search.build', 'search index built on first search', 'ours', [ours.buildMs], 'ms', 'info'))
    out.push(figure('search.build', 'search index built on first search', 'sqlite', [sqlite.buildMs], 'ms', 'info: FTS table opened (built once, cached)'))
    out.push(figure('search.rss', 'peak RSS with the index', 'ours', [ours.peakRssMB], 'MB', 'info'))
    out.push(figure('search.rss', 'peak RSS with the index', 'sqlite', [sqlite.peakRssMB], 'MB', 'info'))
    return out
  },
}
