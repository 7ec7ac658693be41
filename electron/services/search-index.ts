// The in-memory search index: MiniSearch over the terms of shared/domain/search-text.ts (Han
// bigrams + segmenter words), fed by sources that each own one data-layer collection. Built on
// the first search, kept current through db.onChange: a write marks its ids dirty, and the next
// search re-reads them first, so an edit or a delete is found / gone at once.
//
// A source (search-sources.ts) turns records into SearchDocs; topics join with one more source.
// Personal fields never reach a SearchDoc (the sources copy only what they name).
import MiniSearch, { type Query } from 'minisearch'
import type { SearchKind } from '../../shared/contract/search'
import { indexTermsOfNormal, matchesAll, normalizeSearchText, type QueryPart } from '../../shared/domain/search-text'
import type { ChangeEvent } from '../data'

/** What the index keeps of one record: text to search and facets to filter, nothing personal. */
export interface SearchDoc {
  kind: SearchKind
  id: string
  communityId: string
  /** description (demand) or summary (topic): the snippet is cut from it */
  body: string
  /** other searchable names, by where they come from (shown as "匹配：小区") */
  names: Partial<Record<'caseNo' | 'compound' | 'community' | 'category' | 'channel' | 'title', string>>
  /** ISO time (受理时间 of a demand) */
  at: string
  /** its epoch milliseconds (sort) and street day YYYY-MM-DD (date filter) */
  atMs: number
  day: string
  channel?: string
  category?: string
  status?: string
  compoundId?: string
  caseNo?: string
  title?: string
}

/** A kind of record the index holds: how to read all of them and one of them. */
export interface SearchSource {
  kind: SearchKind
  /** the data-layer collection whose change events update this source's documents */
  collection: string
  /** collections whose records' names the documents carry (communities: compound names) */
  dependsOn?: string[]
  /** the document with its names taken again from those records; undefined when unchanged */
  refreshNames?(doc: SearchDoc): SearchDoc | undefined
  /** how many records there are (for the progress), cheap */
  count(): number
  /** every record's document; `progress(n)` after each batch */
  loadAll(progress: (n: number) => void): Promise<SearchDoc[]>
  /** one record's document, or undefined when it is gone */
  load(id: string): Promise<SearchDoc | undefined>
}

interface Entry {
  doc: SearchDoc
  /** normalised body + names (body first), for the exact check of each query part */
  norm: string
  /** where the body ends in `norm`: a part found before it is in the text itself */
  bodyLength: number
  /** where the scan finds it: its block (index in blocks) and place there */
  block: number
  slot: number
}

/**
 * The scan's view of the documents: a few hundred normalised texts joined into one string, so a
 * query part is looked for by one indexOf per block instead of one per document (a common word
 * at 100k documents: ~100k calls → a few hundred). A write leaves its slot empty and marks the
 * block; the block is joined again at the next scan.
 */
interface Block {
  slots: Array<Entry | null>
  /** the live slots' texts, each followed by SEPARATOR */
  text: string
  /** start of each slot's text in `text` (an empty slot: where the next one starts), then text.length */
  starts: Int32Array
  dirty: boolean
}

const BLOCK_SIZE = 256
/** Never in a normalised text (control characters are not letters, digits or Han). */
const SEPARATOR = '\u0001'

function joinBlock(block: Block): void {
  const parts: string[] = []
  const starts = new Int32Array(block.slots.length + 1)
  let at = 0
  for (let i = 0; i < block.slots.length; i++) {
    const e = block.slots[i]
    starts[i] = at
    if (!e) continue
    parts.push(e.norm)
    at += e.norm.length + 1
  }
  starts[block.slots.length] = at
  block.text = parts.length ? parts.join(SEPARATOR) + SEPARATOR : ''
  block.starts = starts
  block.dirty = false
  // Each text becomes a view into the block's (V8 keeps a slice as a reference): one copy.
  for (let i = 0; i < block.slots.length; i++) {
    const e = block.slots[i]
    if (e) e.norm = block.text.slice(starts[i], starts[i] + e.norm.length)
  }
}

export interface SearchIndexStatus {
  state: 'idle' | 'building' | 'ready'
  indexed: number
  total: number
}

export interface RawHit {
  entry: SearchDoc
  score: number
}

const keyOf = (kind: string, id: string) => `${kind}:${id}`

function textOf(doc: SearchDoc): string {
  return [doc.body, ...Object.values(doc.names)].filter(Boolean).join('\n')
}

export class SearchIndex {
  private mini = SearchIndex.emptyMini()
  private entries = new Map<string, Entry>()
  private state: SearchIndexStatus['state'] = 'idle'
  private indexed = 0
  private building: Promise<void> | null = null
  /** one catch-up at a time: a second search waits until the first has applied every write */
  private catching: Promise<void> = Promise.resolve()
  /** keys written since they were indexed (or during the build) */
  private dirty = new Set<string>()
  /** a whole source to read again (restore, sample load, a rename) */
  private staleSources = new Set<SearchKind>()
  /** records of a dependsOn collection that changed (ids of communities); '*' = any */
  private renamed = new Set<string>()
  private readonly stop: () => void
  /** documents per term: a query part asks MiniSearch for its rarest covering term only */
  private df = new Map<string, number>()
  /** sum of the normalised texts' lengths (average length for the scan's scores) */
  private totalLength = 0
  /** the scan's blocks (see Block); new documents go to the last one */
  private blocks: Block[] = []

  constructor(
    private readonly sources: SearchSource[],
    onChange: (listener: (e: ChangeEvent) => void) => () => void,
    private readonly plan: ScanPlan = DEFAULT_SCAN_PLAN,
  ) {
    this.stop = onChange((e) => this.changed(e))
  }

  private static emptyMini(): MiniSearch<{ key: string; text: string }> {
    return new MiniSearch<{ key: string; text: string }>({
      idField: 'key',
      fields: ['text'],
      storeFields: [],
      // Documents and queries arrive as ready terms, one per space (terms never hold a space):
      // the index counts each term's documents while making them (rarest term first).
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (text) => text.split(' '),
        processTerm: (term) => term,
        prefix: false,
        fuzzy: false,
        combineWith: 'AND',
      },
    })
  }

  close(): void {
    this.stop()
  }

  status(): SearchIndexStatus {
    const total = this.sources.reduce((n, s) => n + s.count(), 0)
    return { state: this.state, indexed: this.state === 'ready' ? this.entries.size : this.indexed, total }
  }

  private changed(e: ChangeEvent): void {
    if (this.state === 'idle') return
    for (const source of this.sources) {
      if (source.dependsOn?.includes(e.collection)) {
        if (e.ids.length === 0) this.renamed.add('*')
        else for (const id of e.ids) this.renamed.add(id)
      }
      if (source.collection !== e.collection) continue
      if (e.ids.length === 0) this.staleSources.add(source.kind)
      else for (const id of e.ids) this.dirty.add(keyOf(source.kind, id))
    }
  }

  /** Builds on first use, then applies what changed since; every search waits for this. */
  async ready(): Promise<void> {
    if (this.state !== 'ready') {
      this.building ??= this.build().finally(() => (this.building = null))
      await this.building
    }
    const run = this.catching.then(() => this.catchUp())
    this.catching = run.catch(() => undefined)
    await run
  }

  private async build(): Promise<void> {
    this.state = 'building'
    this.indexed = 0
    // Writes during the build are applied after it (a partition read early may change later).
    this.dirty.clear()
    this.staleSources.clear()
    this.renamed.clear()
    try {
      this.mini = SearchIndex.emptyMini()
      this.entries = new Map()
      this.df = new Map()
      this.totalLength = 0
      this.blocks = []
      for (const source of this.sources) await this.addSource(source)
      this.state = 'ready'
    } catch (err) {
      this.state = 'idle'
      throw err
    }
  }

  private async addSource(source: SearchSource): Promise<void> {
    const docs = await source.loadAll((n) => (this.indexed += n))
    for (const doc of docs) this.put(keyOf(doc.kind, doc.id), doc)
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      if (this.staleSources.size) {
        const kinds = [...this.staleSources]
        this.staleSources.clear()
        for (const kind of kinds) {
          for (const [key, entry] of this.entries) if (entry.doc.kind === kind) this.remove(key)
          const source = this.sources.find((s) => s.kind === kind)!
          await this.addSource(source)
        }
        continue
      }
      if (this.renamed.size) {
        const which = new Set(this.renamed)
        this.renamed.clear()
        for (const [key, entry] of this.entries) {
          if (!which.has('*') && !which.has(entry.doc.communityId)) continue
          const next = this.sources.find((s) => s.kind === entry.doc.kind)?.refreshNames?.(entry.doc)
          if (next) this.put(key, next)
        }
        continue
      }
      if (!this.dirty.size) return
      const keys = [...this.dirty]
      this.dirty.clear()
      for (const key of keys) {
        const at = key.indexOf(':')
        const kind = key.slice(0, at) as SearchKind
        const source = this.sources.find((s) => s.kind === kind)
        if (!source) continue
        const doc = await source.load(key.slice(at + 1))
        // A record found under another id (a demand moved to another month keeps answering to
        // its former id) is indexed under its own id only.
        if (doc && keyOf(doc.kind, doc.id) === key) this.put(key, doc)
        else this.remove(key)
        if (doc && keyOf(doc.kind, doc.id) !== key) this.put(keyOf(doc.kind, doc.id), doc)
      }
    }
  }

  private put(key: string, doc: SearchDoc): void {
    this.remove(key)
    const norm = normalizeSearchText(textOf(doc))
    const terms = this.countTerms(indexTermsOfNormal(norm), 1)
    this.totalLength += norm.length
    let block = this.blocks[this.blocks.length - 1]
    if (!block || block.slots.length >= BLOCK_SIZE) {
      block = { slots: [], text: '', starts: new Int32Array(1), dirty: true }
      this.blocks.push(block)
    }
    const entry: Entry = { doc, norm, bodyLength: doc.body.length, block: this.blocks.length - 1, slot: block.slots.length }
    block.slots.push(entry)
    block.dirty = true
    this.entries.set(key, entry)
    // each distinct term once: MiniSearch pays per occurrence, and a term's count in a short text
    // says little (the scan and the exact check see the text itself)
    this.mini.add({ key, text: [...terms].join(' ') })
  }

  /** Adds delta to the document count of each distinct term; returns them. */
  private countTerms(terms: readonly string[], delta: 1 | -1): Set<string> {
    const distinct = new Set(terms)
    for (const t of distinct) {
      const n = (this.df.get(t) ?? 0) + delta
      if (n > 0) this.df.set(t, n)
      else this.df.delete(t)
    }
    return distinct
  }

  private remove(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.countTerms(indexTermsOfNormal(entry.norm), -1)
    this.totalLength -= entry.norm.length
    this.entries.delete(key)
    const block = this.blocks[entry.block]
    block.slots[entry.slot] = null
    block.dirty = true
    // discard: removed from results at once, the index compacts itself later (vacuum).
    this.mini.discard(key)
  }

  /**
   * Documents containing all parts (the index narrows, the exact check confirms) that `keep`
   * accepts: how many, and the ones at [offset, offset + limit), best first (score, then
   * newest). No parts: every document `keep` accepts, newest first.
   */
  find(parts: readonly QueryPart[], keep: (doc: SearchDoc) => boolean, offset: number, limit: number): { total: number; hits: RawHit[] } {
    const need = offset + limit
    if (!parts.length) {
      const docs: SearchDoc[] = []
      for (const entry of this.entries.values()) if (keep(entry.doc)) docs.push(entry.doc)
      docs.sort(newestFirst)
      return { total: docs.length, hits: docs.slice(offset, need).map((entry) => ({ entry, score: 0 })) }
    }
    if (this.unselective(parts)) return this.scan(parts, keep, offset, limit)
    const query = this.toMiniQuery(parts)
    if (!query) return { total: 0, hits: [] }
    // Hits whose own text holds every part come before those found only by a name (类别 安全隐患).
    const inText = new Set<string>()
    const results = this.mini.search(query, {
      filter: (r) => {
        const entry = this.entries.get(r.id as string)
        if (!entry || !keep(entry.doc) || !matchesAll(entry.norm, parts)) return false
        if (parts.every((p) => entry.norm.indexOf(p.text) < entry.bodyLength)) inText.add(r.id as string)
        return true
      },
    })
    const ordered = [...results.filter((r) => inText.has(r.id as string)), ...results.filter((r) => !inText.has(r.id as string))]
    // MiniSearch sorts by score; equal scores are put newest first, only as far as the page needs.
    const hits: RawHit[] = []
    for (let i = 0; i < ordered.length && hits.length < need; ) {
      let j = i + 1
      while (j < ordered.length && ordered[j].score === ordered[i].score) j++
      const group = ordered.slice(i, j).map((r) => this.entries.get(r.id as string)!.doc)
      if (group.length > 1) group.sort(newestFirst)
      for (const entry of group) hits.push({ entry, score: ordered[i].score })
      i = j
    }
    return { total: results.length, hits: hits.slice(offset, need) }
  }

  /**
   * Whether every part is so common that reading each document once beats the index: MiniSearch
   * pays per posting (maps keyed by document), a scan per document, with better locality. Like a
   * query planner, the rarest term's document count decides.
   */
  private unselective(parts: readonly QueryPart[]): boolean {
    let rarest = Infinity
    for (const p of parts) {
      if (p.prefix) continue
      let n = Infinity
      for (const t of p.terms) n = Math.min(n, this.df.get(t) ?? 0)
      rarest = Math.min(rarest, n)
    }
    return rarest > Math.max(this.plan.scanMin, this.plan.scanShare * this.entries.size)
  }

  /**
   * The same answer as the index path, by reading every document: exact parts, `keep`, text hits
   * before name-only hits, a BM25-like score on the parts' occurrences, then newest. Only the
   * first offset + limit are kept in order (a bounded insertion), not every hit sorted.
   */
  private scan(parts: readonly QueryPart[], keep: (doc: SearchDoc) => boolean, offset: number, limit: number): { total: number; hits: RawHit[] } {
    const need = offset + limit
    const avg = this.entries.size ? this.totalLength / this.entries.size : 1
    type Hit = { doc: SearchDoc; score: number; tier: number }
    const top: Hit[] = []
    const before = (doc: SearchDoc, score: number, tier: number, b: Hit) =>
      tier !== b.tier ? tier > b.tier : score !== b.score ? score > b.score : newestFirst(doc, b.doc) < 0
    let total = 0
    // The longest part is looked for in each block's text; the documents it is in are checked
    // for every part as before. No object per document unless it makes the page.
    let probe = parts[0].text
    for (const p of parts) if (p.text.length > probe.length) probe = p.text
    this.scanCandidates(probe, (entry) => {
      const norm = entry.norm
      // the probe is in this text (found there); the other parts are checked
      if ((parts.length > 1 && !matchesAll(norm, parts)) || !keep(entry.doc)) return
      total++
      let score = 0
      let tier = 1
      const norming = 1.2 * (0.25 + (0.75 * norm.length) / avg)
      for (const p of parts) {
        let tf = 0
        for (let at = norm.indexOf(p.text); at >= 0; at = norm.indexOf(p.text, at + p.text.length)) {
          if (tf === 0 && at >= entry.bodyLength) tier = 0
          tf++
        }
        score += (tf * 2.2) / (tf + norming)
      }
      const doc = entry.doc
      if (top.length === need && !before(doc, score, tier, top[need - 1])) return
      let i = top.length
      while (i > 0 && before(doc, score, tier, top[i - 1])) i--
      top.splice(i, 0, { doc, score, tier })
      if (top.length > need) top.pop()
    })
    return { total, hits: top.slice(offset).map((h) => ({ entry: h.doc, score: h.score })) }
  }

  /** Calls `visit` for each document whose text holds `needle`, found by one indexOf run per block. */
  private scanCandidates(needle: string, visit: (entry: Entry) => void): void {
    for (const block of this.blocks) {
      if (block.dirty) joinBlock(block)
      const { text, starts, slots } = block
      let slot = 0
      // a match never crosses a SEPARATOR (no query part holds one): after a hit, on to the next slot
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, starts[slot + 1])) {
        // the slot whose text holds `at` (positions only grow; empty slots have no length)
        while (starts[slot + 1] <= at) slot++
        visit(slots[slot]!)
      }
    }
  }

  /**
   * AND over the parts. A part asks for its rarest covering term (the exact check does the
   * rest), OR'ed with its whole segmenter words (a document holding the word holds the text: same
   * hits, higher score). A lone character matches as a prefix of bigrams. null: a term nobody has.
   */
  private toMiniQuery(parts: readonly QueryPart[]): Query | null {
    const queries: Query[] = []
    for (const p of parts) {
      if (p.prefix) {
        queries.push({ combineWith: 'AND', prefix: true, queries: [p.terms[0]] })
        continue
      }
      let rarest = p.terms[0]
      for (const t of p.terms) if ((this.df.get(t) ?? 0) < (this.df.get(rarest) ?? 0)) rarest = t
      if (!this.df.get(rarest)) return null
      const words = p.boostWords.filter((w) => this.df.has(w))
      queries.push(words.length ? { combineWith: 'OR', queries: [rarest, ...words] } : rarest)
    }
    return { combineWith: 'AND', queries }
  }
}

/** When a query is answered by reading every document instead of the index (see unselective). */
export interface ScanPlan {
  /** never below this many documents for the rarest term */
  scanMin: number
  /** …and above this share of all documents */
  scanShare: number
}
export const DEFAULT_SCAN_PLAN: ScanPlan = { scanMin: 2000, scanShare: 0.05 }

function newestFirst(a: SearchDoc, b: SearchDoc): number {
  return b.atMs - a.atMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
}
