import type { MonthCounts } from '../../shared/domain/entities'
import { isMonth } from '../../shared/domain/month'
import { COMMUNITY_ID_RE } from './file-schemas'
import { partitionRel } from './paths'
import { encodeSummary, type PartitionStat, type SummaryState, type SummaryVocab } from './summary-file'

// The summary in memory, decoded lazily: opening checks only the outline of summary.json (vocab,
// the community ids, that each holds a string); a community's months are parsed and unpacked on first use
// (the dashboard of one community touches one), partition stats on the first heal or save. A
// community whose packed months turn out malformed is dropped with its stats and `damaged` is
// set: the engine then runs the stat heal, which recounts exactly those partitions.

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const isNames = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '') && new Set(v).size === v.length

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text)
    return isObject(v) ? v : null
  } catch {
    return null
  }
}

export class SummaryIndex {
  private readonly counts: Record<string, Record<string, MonthCounts>> = {}
  /** communityId -> its months, still as the JSON string of the file */
  private readonly packed = new Map<string, string>()
  private packedStats: Record<string, string> | null = null
  private readonly stats: Record<string, PartitionStat> = {}
  /** a lazily decoded part was malformed (and dropped): the partitions must be re-checked */
  damaged = false

  private constructor(private readonly vocab: SummaryVocab | null) {}

  static empty(): SummaryIndex {
    return new SummaryIndex(null)
  }

  /** Outline check of a parsed v3 file; null when malformed (the caller rebuilds). */
  static open(raw: unknown): { index: SummaryIndex; cleanClose: boolean } | null {
    if (!isObject(raw) || raw.schemaVersion !== 3) return null
    const vocab = raw.vocab
    if (!isObject(vocab) || !isNames(vocab.categories) || !isNames(vocab.channels) || !isNames(vocab.statuses)) return null
    if (!isObject(raw.counts) || !isObject(raw.partitions)) return null
    if (vocab.outcomes !== undefined && !isNames(vocab.outcomes)) return null
    const index = new SummaryIndex({
      categories: vocab.categories,
      channels: vocab.channels,
      statuses: vocab.statuses,
      ...(vocab.outcomes ? { outcomes: vocab.outcomes as string[] } : {}),
    })
    for (const [communityId, months] of Object.entries(raw.counts)) {
      if (!COMMUNITY_ID_RE.test(communityId) || typeof months !== 'string') return null
      index.packed.set(communityId, months)
    }
    for (const [communityId, months] of Object.entries(raw.partitions)) {
      if (!COMMUNITY_ID_RE.test(communityId) || typeof months !== 'string') return null
    }
    index.packedStats = raw.partitions as Record<string, string>
    return { index, cleanClose: raw.cleanClose === true }
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

  encode(cleanClose = false): ReturnType<typeof encodeSummary> {
    return encodeSummary(this.state(), cleanClose)
  }

  private unpack(communityId: string): boolean {
    const text = this.packed.get(communityId)
    this.packed.delete(communityId)
    if (text === undefined || !this.vocab) return true
    const vocab = this.vocab
    const months = parseObject(text)
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
    for (const [communityId, text] of Object.entries(raw)) {
      const months = parseObject(text)
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
