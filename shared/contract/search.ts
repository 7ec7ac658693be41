// search:* — 诉求检索: Chinese full-text search over demands (and, when they exist, topics) with
// filters, highlighted snippets and paging. The index lives in the backend's memory
// (electron/services/search-index.ts); personal fields are never in it.
import { z } from 'zod'
import type { SnippetPiece } from '../domain/search-text'
import { QUERY_MAX } from '../domain/search-text'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES, type DemandCategory, type DemandChannel, type DemandStatus } from '../domain/vocab'
import { emptyInput, id, page, pageSize, returns, type Page } from './common'

export const CASE_NO_MAX = 40
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

const day = (label: string) =>
  z
    .string({ error: `${label}格式无效` })
    .refine((v) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00+08:00`)), {
      error: `${label}须为“年-月-日”格式，如 2026-05-01`,
    })

export const searchQueryInput = z
  .strictObject(
    {
      /** Words to find; empty = filters only (newest first). */
      query: z
        .string({ error: '检索词格式无效' })
        .trim()
        .max(QUERY_MAX, { error: `检索词不能超过 ${QUERY_MAX} 个字` })
        .default(''),
      communityId: id('社区').optional(),
      channel: z.enum(DEMAND_CHANNELS, { error: '诉求来源渠道无效' }).optional(),
      category: z.enum(DEMAND_CATEGORIES, { error: '诉求类别无效' }).optional(),
      status: z.enum(DEMAND_STATUSES, { error: '诉求状态无效' }).optional(),
      /** 受理日期 from / to, inclusive, street days (YYYY-MM-DD). */
      from: day('起始日期').optional(),
      to: day('截止日期').optional(),
      /** 案件编号: the whole number or a part of it (七口堰-2026-0042, 2026-0042). */
      caseNo: z
        .string({ error: '案件编号格式无效' })
        .trim()
        .max(CASE_NO_MAX, { error: `案件编号不能超过 ${CASE_NO_MAX} 个字` })
        .optional(),
      page,
      pageSize: pageSize(20),
    },
    { error: '提交的内容格式无效' },
  )
  .refine((v) => !v.from || !v.to || v.from <= v.to, { error: '起始日期不能晚于截止日期', path: ['from'] })

export type SearchKind = 'demand' | 'topic'

/** One hit: what the result list shows (no personal data), the snippet with its marks. */
export interface SearchHit {
  kind: SearchKind
  id: string
  communityId: string
  /** 案件编号 when the record has one */
  caseNo?: string
  /** topic title; for a demand its category and compound are shown instead */
  title?: string
  channel?: DemandChannel
  category?: DemandCategory
  status?: DemandStatus
  compoundName?: string
  /** 受理时间 (demand) or creation time (topic) */
  at: string
  /** the description around the first match, cut into plain and marked pieces */
  snippet: SnippetPiece[]
  /** where the query matched outside the description (小区、类别、编号 …), for the hint line */
  matchedIn: Array<'text' | 'caseNo' | 'compound' | 'community' | 'category' | 'channel' | 'title'>
}

export interface SearchPage extends Page<SearchHit> {
  /** milliseconds the backend spent (index build excluded) */
  tookMs: number
}

export interface SearchStatus {
  /** idle: not built yet (built by the first search); building: reading records; ready */
  state: 'idle' | 'building' | 'ready'
  /** records indexed so far */
  indexed: number
  /** records to index (demands from the summary counts, plus other sources) */
  total: number
}

export const searchChannels = {
  'search:query': { input: searchQueryInput, result: returns<SearchPage>() },
  'search:status': { input: emptyInput, result: returns<SearchStatus>() },
} as const
