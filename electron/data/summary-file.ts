import type { MonthCounts } from '../../shared/domain/entities'
import { isMonth } from '../../shared/domain/month'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../../shared/domain/vocab'
import { OUTCOME_KEYS } from '../../shared/domain/evaluation'
import { COMMUNITY_ID_RE } from './file-schemas'
import { parsePartitionRel } from './paths'
import { SummaryIndex } from './summary-index'

// summary.json, schemaVersion 4: a compact, positional form of the per-partition counts, one JSON
// file written in two lines so an open reads only what it needs:
//   line 1: {"schemaVersion":4,"vocab":{…},"cleanClose":true,"bodyBytes":N,
//            "sections":{"counts":{[communityId]:[offset,length]},"partitions":{…}},
//   line 2: "counts":{[communityId]:{[YYYY-MM]:[total,byCategory[],byChannel[],byStatus[],outcomes[]?]}},
//           "partitions":{[communityId]:{[YYYY-MM]:[size,mtimeMs]}}}
// The whole file is one JSON object (tools may JSON.parse it). The open parses line 1 only (its
// last comma closed by a brace) and checks that line 2 is exactly `bodyBytes` long; a community's
// months are parsed from their byte range of line 2 when the dashboard first reads them
// (summary-index.ts), the partition stats on the first heal or save.
// The arrays are indexed by the file's own `vocab` (written from shared/domain/vocab.ts plus any
// other key met), so a later vocabulary change still reads old files. `cleanClose` is written only
// by close(): it says the file matched the partitions when the app last exited normally.
// `outcomes` (issue 11: ratings and days to closure of closed demands) is written only for months
// that have some, indexed by `vocab.outcomes`; files written before it simply have none.
// Version 1 stored MonthCounts objects keyed by name and partition stats keyed by path; at 540k
// demands that was 743 KB taking ~22 ms to JSON.parse plus ~90 ms of zod in a fresh process;
// version 2 is ~224 KB and is checked by hand (no zod), but a cold JSON.parse of its ~20,000
// small arrays still took ~10 ms; version 3 held each community's part as a JSON string (a few
// dozen strings to parse, ~1 ms, plus the decoding of the whole 219 KB file); version 4 decodes
// and parses only line 1 and the community read (the bench's cold open at 10k: ~0.8 ms of ~10).

export type PackedCounts = [number, number[], number[], number[]] | [number, number[], number[], number[], number[]]

export interface SummaryVocab {
  categories: string[]
  channels: string[]
  statuses: string[]
  /** Present when any month has outcomes (evaluation.ts OUTCOME_KEYS plus any other key met). */
  outcomes?: string[]
}

export type PackedMonths = Record<string, PackedCounts>
export type PackedStats = Record<string, [number, number]>

export interface PartitionStat {
  size: number
  mtimeMs: number
}

/** The summary in memory. */
export interface SummaryState {
  /** communityId -> month -> counts */
  counts: Record<string, Record<string, MonthCounts>>
  /** partition path relative to the data folder -> what it looked like when counted */
  partitions: Record<string, PartitionStat>
}

export function emptySummary(): SummaryState {
  return { counts: {}, partitions: {} }
}

function vocabFor(counts: SummaryState['counts']): SummaryVocab {
  const categories: string[] = [...DEMAND_CATEGORIES]
  const channels: string[] = [...DEMAND_CHANNELS]
  const statuses: string[] = [...DEMAND_STATUSES]
  const outcomes: string[] = [...OUTCOME_KEYS]
  let anyOutcomes = false
  const extend = (list: string[], rec: Record<string, unknown>) => {
    for (const k of Object.keys(rec)) if (!list.includes(k)) list.push(k)
  }
  for (const months of Object.values(counts)) {
    for (const m of Object.values(months)) {
      extend(categories, m.byCategory)
      extend(channels, m.byChannel)
      extend(statuses, m.byStatus)
      if (m.outcomes && Object.keys(m.outcomes).length) {
        anyOutcomes = true
        extend(outcomes, m.outcomes)
      }
    }
  }
  return anyOutcomes ? { categories, channels, statuses, outcomes } : { categories, channels, statuses }
}

/** The packed parts of a state: vocab, and per community its months and partition stats. */
function packSummary(state: SummaryState): { vocab: SummaryVocab; counts: Record<string, PackedMonths>; partitions: Record<string, PackedStats> } {
  const vocab = vocabFor(state.counts)
  const pack = (names: string[], rec: Record<string, number | undefined>) => names.map((k) => rec[k] ?? 0)
  const counts: Record<string, PackedMonths> = {}
  for (const [communityId, months] of Object.entries(state.counts)) {
    const out: PackedMonths = {}
    for (const [month, m] of Object.entries(months)) {
      const packed: PackedCounts = [m.total, pack(vocab.categories, m.byCategory), pack(vocab.channels, m.byChannel), pack(vocab.statuses, m.byStatus)]
      if (vocab.outcomes && m.outcomes && Object.keys(m.outcomes).length) packed.push(pack(vocab.outcomes, m.outcomes))
      out[month] = packed
    }
    counts[communityId] = out
  }
  const partitions: Record<string, PackedStats> = {}
  for (const [rel, s] of Object.entries(state.partitions)) {
    const p = parsePartitionRel(rel)
    if (!p) continue
    ;(partitions[p.communityId] ??= {})[p.month] = [s.size, s.mtimeMs]
  }
  return { vocab, counts, partitions }
}

const utf8 = new TextEncoder()
/** Byte offsets, whatever the text (line 2 is ASCII today: ids, months and numbers). */
const byteLength = (text: string) => utf8.encode(text).length

/** summary.json v4 as written: the header line, then the body whose byte ranges it lists. */
export function encodeSummary(state: SummaryState, cleanClose = false): string {
  const { vocab, counts, partitions } = packSummary(state)
  const body: string[] = []
  let at = 0
  const put = (text: string) => {
    body.push(text)
    at += byteLength(text)
  }
  const sections = { counts: {} as Record<string, [number, number]>, partitions: {} as Record<string, [number, number]> }
  for (const part of ['counts', 'partitions'] as const) {
    put(part === 'counts' ? '"counts":{' : '},"partitions":{')
    let first = true
    for (const [communityId, value] of Object.entries(part === 'counts' ? counts : partitions)) {
      put(`${first ? '' : ','}${JSON.stringify(communityId)}:`)
      first = false
      const text = JSON.stringify(value)
      sections[part][communityId] = [at, byteLength(text)]
      put(text)
    }
  }
  put('}}')
  // schemaVersion first: the open tells this layout by the file's first bytes (summary-index.ts).
  const header = { schemaVersion: 4, vocab, ...(cleanClose ? { cleanClose: true } : {}), bodyBytes: at, sections }
  const line1 = JSON.stringify(header)
  return `${line1.slice(0, -1)},\n${body.join('')}`
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/**
 * Checks a parsed file (v4, as JSON.parse reads the whole of it) completely and builds the in-memory state; null when anything is
 * malformed (the caller treats that as corruption and rebuilds from the partitions). The data
 * layer itself opens the file lazily (summary-index.ts); this eager form is for tools and tests.
 */
export function decodeSummary(raw: unknown): { state: SummaryState; cleanClose: boolean } | null {
  const opened = SummaryIndex.open(raw)
  if (!opened || !opened.index.decodeAll()) return null
  return { state: opened.index.state(), cleanClose: opened.cleanClose }
}

/**
 * v1 -> v2. A well-formed v1 file keeps its counts and stats; anything malformed yields a v2
 * object that fails decodeSummary, so the file is handled as corrupt (as v1's zod check did).
 */
export function summaryV1toV2(data: unknown): unknown {
  const invalid = { schemaVersion: 2, invalid: true }
  if (!isObject(data) || !isObject(data.counts) || !isObject(data.partitions)) return invalid
  const state = emptySummary()
  const isCountRecord = (v: unknown): v is Record<string, number> => isObject(v) && Object.values(v).every(isCount)
  for (const [communityId, months] of Object.entries(data.counts)) {
    if (!isObject(months)) return invalid
    const out: Record<string, MonthCounts> = {}
    for (const [month, m] of Object.entries(months)) {
      if (!isMonth(month) || !isObject(m) || !isCount(m.total)) return invalid
      if (!isCountRecord(m.byCategory) || !isCountRecord(m.byChannel) || !isCountRecord(m.byStatus)) return invalid
      out[month] = { total: m.total, byCategory: m.byCategory, byChannel: m.byChannel, byStatus: m.byStatus } as MonthCounts
    }
    state.counts[communityId] = out
  }
  for (const [rel, s] of Object.entries(data.partitions)) {
    if (!isObject(s) || !isCount(s.size) || typeof s.mtimeMs !== 'number') return invalid
    // A path v2 cannot express is simply forgotten: that partition is recounted at the next open.
    if (parsePartitionRel(rel)) state.partitions[rel] = { size: s.size, mtimeMs: s.mtimeMs }
  }
  // The v2 layout (each community's packed months and stats as objects), which the object form
  // of v4 still is: the steps after this one leave it as it is.
  const { vocab, counts, partitions } = packSummary(state)
  const file = { schemaVersion: 2, vocab, counts, partitions }
  // Community ids the index rejects would make the whole file invalid: keep that outcome.
  for (const id of Object.keys(state.counts)) if (!COMMUNITY_ID_RE.test(id)) return invalid
  return file
}

/**
 * v3 -> v4: each community's part as the object it holds (the object form of the two-line file):
 * v3's JSON strings are parsed, v2's objects kept. A string that does not parse is kept as it
 * was, so the v4 check fails and the file is rebuilt from the partitions.
 */
export function summaryV3toV4(data: unknown): unknown {
  if (!isObject(data)) return data
  const asObjects = (part: unknown): unknown => {
    if (!isObject(part)) return part
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(part)) {
      try {
        out[k] = typeof v === 'string' ? JSON.parse(v) : v
      } catch {
        out[k] = v
      }
    }
    return out
  }
  return { ...data, counts: asObjects(data.counts), partitions: asObjects(data.partitions) }
}
