import type { MonthCounts } from '../../shared/domain/entities'
import { isMonth } from '../../shared/domain/month'
import { decodeUtf8Strict } from './durable-file'
import { COMMUNITY_ID_RE } from './file-schemas'
import { partitionRel } from './paths'
import { encodeSummary, type PartitionStat, type SummaryState, type SummaryVocab } from './summary-file'

// The summary in memory, decoded lazily: opening checks only the outline of summary.json (vocab,
// the community ids, where each one's part is); a community's months are parsed and unpacked on
// first use (the dashboard of one community touches one), partition stats on the first heal or
// save. A community whose packed months turn out malformed is dropped with its stats and
// `damaged` is set: the engine then runs the stat heal, which recounts exactly those partitions.

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const isNames = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '') && new Set(v).size === v.length

/** A community's part: its bytes in the file (opened fast) or already parsed (the object form). */
type Packed = Uint8Array | Record<string, unknown>

function parseObject(part: Packed): Record<string, unknown> | null {
  if (!(part instanceof Uint8Array)) return part
  try {
    const v: unknown = JSON.parse(decodeUtf8Strict(part))
    return isObject(v) ? v : null
  } catch {
    return null
  }
}

/** The first bytes of a v4 file: how the open tells the two-line layout from older files. */
const PREFIX = new TextEncoder().encode('{"schemaVersion":4,')
const NEWLINE = 0x0a
const CLOSE_BRACE = 0x7d
const COMMA = 0x2c

/** [offset, length] pairs of a header's sections, each within the body; null when malformed. */
function byteRanges(v: unknown, bodyBytes: number): Record<string, [number, number]> | null {
  if (!isObject(v)) return null
  for (const [id, r] of Object.entries(v)) {
    if (!COMMUNITY_ID_RE.test(id) || !Array.isArray(r) || r.length !== 2 || !isCount(r[0]) || !isCount(r[1]) || r[0] + r[1] > bodyBytes) return null
  }
  return v as Record<string, [number, number]>
}

export class SummaryIndex {
  private readonly counts: Record<string, Record<string, MonthCounts>> = {}
  /** communityId -> its months, still as the file has them */
  private readonly packed = new Map<string, Packed>()
  private packedStats: Record<string, Packed> | null = null
  private readonly stats: Record<string, PartitionStat> = {}
  /** a lazily decoded part was malformed (and dropped): the partitions must be re-checked */
  damaged = false

  private constructor(private readonly vocab: SummaryVocab | null) {}

  static empty(): SummaryIndex {
    return new SummaryIndex(null)
  }

  /**
   * Outline check of a v4 file in its object form (JSON.parse of the whole file, or a migrated
   * older one); null when malformed (the caller rebuilds).
   */
  static open(raw: unknown): { index: SummaryIndex; cleanClose: boolean } | null {
    if (!isObject(raw) || raw.schemaVersion !== 4 || !isObject(raw.counts) || !isObject(raw.partitions)) return null
    const index = SummaryIndex.withVocab(raw.vocab)
    if (!index) return null
    for (const [communityId, months] of Object.entries(raw.counts)) {
      if (!COMMUNITY_ID_RE.test(communityId) || !isObject(months)) return null
      index.packed.set(communityId, months)
    }
    for (const [communityId, months] of Object.entries(raw.partitions)) {
      if (!COMMUNITY_ID_RE.test(communityId) || !isObject(months)) return null
    }
    index.packedStats = raw.partitions as Record<string, Packed>
    return { index, cleanClose: raw.cleanClose === true }
  }

  /**
   * The open's fast path: a v4 file's header line only, each part kept as its bytes. Undefined
   * when the file is not in that layout or it does not hold together (older or newer, written by
   * another tool, cut short, a range outside the body): the caller then parses the file whole,
   * which migrates, refuses or finds it corrupt.
   */
  static openBytes(bytes: Uint8Array): { index: SummaryIndex; cleanClose: boolean } | undefined {
    // (No scan for NUL bytes: one in the header fails its parse here, one in a part fails that
    // part's parse when first read, as any other damage there does.)
    if (bytes.length < PREFIX.length || PREFIX.some((b, i) => bytes[i] !== b)) return undefined
    const newline = bytes.indexOf(NEWLINE)
    // Line 1 ends with the comma before line 2: the header alone is line 1 closed by a brace.
    if (newline < 0 || bytes[newline - 1] !== COMMA) return undefined
    let header: unknown
    try {
      header = JSON.parse(`${decodeUtf8Strict(bytes.subarray(0, newline - 1))}}`)
    } catch {
      return undefined
    }
    if (!isObject(header) || !isCount(header.bodyBytes) || !isObject(header.sections)) return undefined
    const body = bytes.subarray(newline + 1)
    if (body.length !== header.bodyBytes || body[body.length - 1] !== CLOSE_BRACE) return undefined
    const counts = byteRanges(header.sections.counts, body.length)
    const partitions = byteRanges(header.sections.partitions, body.length)
    const index = SummaryIndex.withVocab(header.vocab)
    if (!counts || !partitions || !index) return undefined
    for (const [communityId, [at, length]] of Object.entries(counts)) index.packed.set(communityId, body.subarray(at, at + length))
    index.packedStats = {}
    for (const [communityId, [at, length]] of Object.entries(partitions)) index.packedStats[communityId] = body.subarray(at, at + length)
    return { index, cleanClose: header.cleanClose === true }
  }

  private static withVocab(vocab: unknown): SummaryIndex | null {
    if (!isObject(vocab) || !isNames(vocab.categories) || !isNames(vocab.channels) || !isNames(vocab.statuses)) return null
    if (vocab.outcomes !== undefined && !isNames(vocab.outcomes)) return null
    return new SummaryIndex({
      categories: vocab.categories,
      channels: vocab.channels,
      statuses: vocab.statuses,
      ...(vocab.outcomes ? { outcomes: vocab.outcomes as string[] } : {}),
    })
  }

  /** Decodes everything now; false when any part is malformed (eager callers: corrupt). */
  decodeAll(): boolean {
    let ok = true
    for (const id of [...this.packed.keys()]) ok = this.unpack(id) && ok
    return this.unpackStats() && ok
  }

  monthsOf(communityId: string): Readonly<Record<string, MonthCounts>> {
    if (this.packed.has(communityId)) this.unpack(communityId)
    return this.counts[communityId] ?? {}
  }

  totalOf(communityId: string): number {
    let total = 0
    for (const m of Object.values(this.monthsOf(communityId))) total += m.total
    return total
  }

  communityIds(): string[] {
    return [...new Set([...Object.keys(this.counts), ...this.packed.keys()])]
  }

  setCounts(communityId: string, month: string, counts: MonthCounts | null): void {
    if (this.packed.has(communityId)) this.unpack(communityId)
    const byMonth = this.counts[communityId] ?? {}
    if (counts && counts.total > 0) byMonth[month] = counts
    else delete byMonth[month]
    if (Object.keys(byMonth).length) this.counts[communityId] = byMonth
    else delete this.counts[communityId]
  }

  dropCommunity(communityId: string): void {
    this.packed.delete(communityId)
    delete this.counts[communityId]
  }

  statOf(rel: string): PartitionStat | undefined {
    this.unpackStats()
    return this.stats[rel]
  }

  setStat(rel: string, stat: PartitionStat | null): void {
    this.unpackStats()
    if (stat) this.stats[rel] = stat
    else delete this.stats[rel]
  }

  statRels(): string[] {
    this.unpackStats()
    return Object.keys(this.stats)
  }

  /** The eager form (tests, encoding). */
  state(): SummaryState {
    this.decodeAll()
    return { counts: this.counts, partitions: this.stats }
  }

  /** summary.json's text (v4). */
  encode(cleanClose = false): string {
    return encodeSummary(this.state(), cleanClose)
  }

  private unpack(communityId: string): boolean {
    const part = this.packed.get(communityId)
    this.packed.delete(communityId)
    if (part === undefined || !this.vocab) return true
    const vocab = this.vocab
    const months = parseObject(part)
    const unpackList = (names: string[], values: unknown): Record<string, number> | null => {
      if (!Array.isArray(values) || values.length !== names.length) return null
      const out: Record<string, number> = {}
      for (let i = 0; i < names.length; i++) {
        const v: unknown = values[i]
        if (!isCount(v)) return null
        if (v > 0) out[names[i]] = v
      }
      return out
    }
    // Malformed: forget this community's counts and stats; the heal recounts its partitions.
    const dropDamaged = () => {
      this.unpackStats()
      for (const rel of Object.keys(this.stats)) if (rel.startsWith(`demands/${communityId}/`)) delete this.stats[rel]
      this.damaged = true
      return false
    }
    if (!months) return dropDamaged()
    const out: Record<string, MonthCounts> = {}
    for (const [month, p] of Object.entries(months)) {
      const ok = isMonth(month) && Array.isArray(p) && (p.length === 4 || (p.length === 5 && !!vocab.outcomes)) && isCount(p[0])
      const byCategory = ok ? unpackList(vocab.categories, p[1]) : null
      const byChannel = ok ? unpackList(vocab.channels, p[2]) : null
      const byStatus = ok ? unpackList(vocab.statuses, p[3]) : null
      const outcomes = ok && p.length === 5 ? unpackList(vocab.outcomes!, p[4]) : undefined
      if (!byCategory || !byChannel || !byStatus || outcomes === null) return dropDamaged()
      const counts = { total: (p as unknown[])[0] as number, byCategory, byChannel, byStatus } as MonthCounts
      if (outcomes && Object.keys(outcomes).length) counts.outcomes = outcomes
      out[month] = counts
    }
    if (Object.keys(out).length) this.counts[communityId] = out
    return true
  }

  private unpackStats(): boolean {
    const raw = this.packedStats
    if (!raw) return true
    this.packedStats = null
    let ok = true
    for (const [communityId, part] of Object.entries(raw)) {
      const months = parseObject(part)
      if (!months) {
        ok = false
        this.damaged = true
        continue // that community's partitions are recounted by the heal
      }
      for (const [month, s] of Object.entries(months)) {
        if (!isMonth(month) || !Array.isArray(s) || s.length !== 2 || !isCount(s[0]) || typeof s[1] !== 'number' || !Number.isFinite(s[1])) {
          ok = false
          this.damaged = true
          continue // that partition is recounted by the heal
        }
        this.stats[partitionRel(communityId, month)] = { size: s[0], mtimeMs: s[1] }
      }
    }
    return ok
  }
}
