// search:* — 诉求检索 over the in-memory index (search-index.ts): query words, filters, paging,
// highlighted snippets. Operators limited to some communities only ever see those.
import type { SearchHit, SearchPage, SearchStatus } from '../../shared/contract/search'
import { highlightRanges, normalizeSearchText, parseQuery, snippet, type QueryPart } from '../../shared/domain/search-text'
import type { Database } from '../data'
import { requireScope, scopedCommunities } from './actor'
import { SearchIndex, type ScanPlan, type SearchDoc, type SearchSource } from './search-index'
import { demandSource } from './search-sources'
import type { AreaService } from './types'

export interface SearchService extends AreaService<'search'> {
  /** the index itself (tests, the bench) */
  readonly index: SearchIndex
}

export interface SearchOptions {
  /** the street's time zone (street settings): the day a demand was received in */
  timeZone?: () => Promise<string>
  /** more kinds of records (topics) */
  sources?: SearchSource[]
  plan?: ScanPlan
}

export function createSearchService(db: Database, opts: SearchOptions = {}): SearchService {
  const index = new SearchIndex([demandSource(db, opts.timeZone), ...(opts.sources ?? [])], (l) => db.onChange(l), opts.plan)

  return {
    index,

    async status(): Promise<SearchStatus> {
      return index.status()
    },

    async query(input, ctx): Promise<SearchPage> {
      if (input.communityId) requireScope(ctx, input.communityId)
      await index.ready()
      const t0 = performance.now()
      const all = db.communities().map((c) => c.id)
      const visible = scopedCommunities(ctx, all)
      const scoped = visible.length === all.length ? null : new Set(visible)
      const parts = parseQuery(input.query)
      const caseNo = input.caseNo ? normalizeSearchText(input.caseNo) : ''
      const keep = (doc: SearchDoc): boolean =>
        (!input.communityId || doc.communityId === input.communityId) &&
        (!scoped || scoped.has(doc.communityId)) &&
        (!input.channel || doc.channel === input.channel) &&
        (!input.category || doc.category === input.category) &&
        (!input.status || doc.status === input.status) &&
        (!input.from || doc.day >= input.from) &&
        (!input.to || doc.day <= input.to) &&
        (!caseNo || (!!doc.caseNo && normalizeSearchText(doc.caseNo).includes(caseNo)))
      const found = index.find(parts, keep, (input.page - 1) * input.pageSize, input.pageSize)
      const items = found.hits.map((h) => toHit(db, h.entry, parts))
      return { items, total: found.total, page: input.page, pageSize: input.pageSize, tookMs: Math.round(performance.now() - t0) }
    },
  }
}

function toHit(db: Database, doc: SearchDoc, parts: readonly QueryPart[]): SearchHit {
  const hit: SearchHit = {
    kind: doc.kind,
    id: doc.id,
    communityId: doc.communityId,
    at: doc.at,
    snippet: snippet(doc.body, highlightRanges(doc.body, parts)),
    matchedIn: [],
  }
  if (doc.caseNo) hit.caseNo = doc.caseNo
  if (doc.title) hit.title = doc.title
  if (doc.channel) hit.channel = doc.channel as SearchHit['channel']
  if (doc.category) hit.category = doc.category as SearchHit['category']
  if (doc.status) hit.status = doc.status as SearchHit['status']
  if (doc.compoundId) {
    const name = db.community(doc.communityId)?.compounds.find((c) => c.id === doc.compoundId)?.name
    if (name) hit.compoundName = name
  }
  if (parts.length) {
    const inText = (text: string | undefined) => !!text && parts.some((p) => normalizeSearchText(text).includes(p.text))
    if (inText(doc.body)) hit.matchedIn.push('text')
    for (const [where, text] of Object.entries(doc.names)) {
      if (inText(text)) hit.matchedIn.push(where as SearchHit['matchedIn'][number])
    }
  }
  return hit
}
