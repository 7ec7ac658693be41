// demand:export — the demand ledger (诉求台账) as .xlsx for the months and filters chosen: one row
// per demand with where it stands in the loop (topic, feedback, rating, closure). Personal fields
// leave masked, whoever exports; the export is audited with what it covered.
import type { ImportReportFile, ParsedOf } from '../../shared/contract'
import type { Demand } from '../../shared/domain/entities'
import { latestRating, RATING_NAMES } from '../../shared/domain/evaluation'
import { maskName, maskPhone } from '../../shared/domain/masking'
import { dayOf, monthRange, STREET_TIME_ZONE } from '../../shared/domain/month'
import type { Topic } from '../../shared/domain/topic-model'
import { DEMAND_CATEGORY_NAMES, DEMAND_CHANNEL_NAMES, DEMAND_STATUS_NAMES } from '../../shared/domain/vocab'
import type { Database } from '../data'
import { auditWho, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { dayCell, timeCell, writeLedgerSheet, type LedgerCell, type LedgerColumn } from './ledger-xlsx'
import { TOPICS_COLLECTION } from './topics-collection'
import type { CallContext } from './types'

const COLUMNS: LedgerColumn[] = [
  { title: '序号', width: 6 },
  { title: '案件编号', width: 18 },
  { title: '社区', width: 14 },
  { title: '小区', width: 14 },
  { title: '渠道', width: 12 },
  { title: '类别', width: 12 },
  { title: '受理时间', width: 17, date: 'minute' },
  { title: '诉求人', width: 9 },
  { title: '联系电话', width: 14 },
  { title: '诉求内容', width: 44 },
  { title: '状态', width: 10 },
  { title: '议题', width: 24 },
  { title: '反馈告知', width: 9 },
  { title: '回访评价', width: 10 },
  { title: '办结日期', width: 12, date: 'day' },
  { title: '用时（天）', width: 9 },
]

export interface DemandLedgerDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  timeZone: () => Promise<string | undefined>
}

export async function exportDemandLedger(deps: DemandLedgerDeps, input: ParsedOf<'demand:export'>, ctx?: CallContext): Promise<ImportReportFile> {
  const { db, audit } = deps
  if (input.communityId) requireScope(ctx, input.communityId)
  const communities = input.communityId ? [input.communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id))
  const tz = (await deps.timeZone()) ?? STREET_TIME_ZONE
  const months = monthRange(input.from, input.to)
  const demands: Demand[] = []
  const topicTitles = new Map<string, string>()
  for (const c of communities) {
    const counted = db.countsOf(c)
    // Only the months that hold demands are read (the derived counts say which).
    for (const m of months) if (counted[m]) demands.push(...(await db.readPartition(c, m)).filter((d) => !input.status || d.status === input.status))
    // Services opened without the topics collection (data-only tools): no topic titles.
    if (db.hasCollection(TOPICS_COLLECTION)) for (const t of await db.collection<Topic>(TOPICS_COLLECTION).list(c)) topicTitles.set(t.id, t.title)
  }
  demands.sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.id.localeCompare(b.id))
  const community = new Map(db.communities().map((c) => [c.id, c]))
  const rows: LedgerCell[][] = demands.map((d, i) => {
    const c = community.get(d.communityId)
    const rating = latestRating(d)?.rating ?? d.closure?.rating
    return [
      i + 1,
      d.caseNo ?? d.id,
      c?.name ?? d.communityId,
      c?.compounds.find((x) => x.id === d.compoundId)?.name ?? '',
      DEMAND_CHANNEL_NAMES[d.channel],
      DEMAND_CATEGORY_NAMES[d.category],
      timeCell(d.receivedAt, tz),
      maskName(d.reporterName),
      maskPhone(d.reporterPhone),
      d.description,
      DEMAND_STATUS_NAMES[d.status],
      d.topicId ? (topicTitles.get(d.topicId) ?? '') : '',
      d.feedback?.length ? `${d.feedback.length} 次` : '',
      d.closure?.outcome === 'unreachable' ? '无法联系' : rating ? RATING_NAMES[rating] : '',
      dayCell(d.closure ? dayOf(d.closure.at, tz) : undefined),
      d.closure ? d.closure.days : null,
    ]
  })
  await audit.append({
    ...auditWho(ctx),
    action: 'demand.export',
    target: input.communityId ?? 'street',
    detail: { from: input.from, to: input.to, ...(input.status ? { status: input.status } : {}), communities: communities.length, rows: rows.length, masked: true },
  })
  const span = input.from === input.to ? input.from : `${input.from}至${input.to}`
  return writeLedgerSheet(`诉求台账-${span}.xlsx`, '诉求台账', COLUMNS, rows)
}
