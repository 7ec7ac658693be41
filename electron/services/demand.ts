// demand:* — record, edit, list, erase, and see one demand in full (audited).
//
// Bulk path for the spreadsheet import (exported below):
//   createDemands(
//     inputs: Array<ParsedOf<'demand:create'> & { fingerprint?: string; source?: string }>,
//     ctx?: CallContext,
//   ): Promise<DemandView[]>
// made by createDemandService(deps).createDemands. Validates every input first (scope, community,
// compound, future time; errors name the row as 第 N 条, fields keyed `<index>.<field>`), then
// reserves case numbers per community and year, writes all demands or none (db.putDemands: one
// write per partition, written partitions taken back if a later one fails), stores `fingerprint`
// and `source` as `importFingerprint` / `importSource`, and writes ONE audit entry for the batch
// (`demand.import`, before the write). Returns the created demands (masked views) in input order.
// A crash between partition writes can leave part of a batch: a second import of the same rows
// adds only the missing ones when the caller skips fingerprints already stored.
//
// Case numbers: case-numbers.ts (allocation, and numbers for older records on first read).
// Months (partition, case-number year) are computed in the street's time zone (street.ts).
import { AppError } from '../../shared/contract/errors'
import type { DemandPage, ParsedOf, UnmaskedDemand } from '../../shared/contract'
import type { Community, Demand, DemandChange, DemandView, MonthCounts } from '../../shared/domain/entities'
import { canMove } from '../../shared/domain/demand-workflow'
import { maskAddress, maskName, maskPhone } from '../../shared/domain/masking'
import { monthOf, toLocalIso, toZonedIso, withStreetOffset } from '../../shared/domain/month'
import { demandLabel, formatCaseNo } from '../../shared/domain/case-number'
import { FUTURE_SLACK_MS, RECEIVED_IN_FUTURE } from '../../shared/contract/demand'
import { DEMAND_STATUS_NAMES } from '../../shared/domain/vocab'
import type { Database, Unsaved } from '../data'
import { makeDemandId, parseDemandId } from '../data'
import { auditWho, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { createCaseNumbers, unnumbered, type CaseNumbers } from './case-numbers'
import type { StreetSettingsSource } from './street'
import { checkRevision } from './revision'
import { exportDemandLedger } from './demand-ledger'
import { relinkMovedDemand } from './topic-links'
import type { AreaService, CallContext } from './types'

export interface DemandDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
  /** The street's time zone for months and case-number years; Asia/Shanghai when not given. */
  street?: Pick<StreetSettingsSource, 'timeZone'>
  /** Case-number counters; made over `db` when not given. */
  caseNumbers?: CaseNumbers
}

/** One row of the bulk path: a demand:create input plus the import's own fields. */
export type BulkDemandInput = ParsedOf<'demand:create'> & { fingerprint?: string; source?: string }

export type DemandService = AreaService<'demand'> & {
  /** The import's bulk path (see the top of this file). */
  createDemands(inputs: BulkDemandInput[], ctx?: CallContext): Promise<DemandView[]>
}

const notFound = () => new AppError('NOT_FOUND', '未找到该诉求')

/** Refuses a received time later than now (by the injected clock, with a little slack). */
function refuseFuture(receivedAt: string, now: Date, field: string, tz?: string, row = ''): void {
  if (Date.parse(receivedAt) <= now.getTime() + FUTURE_SLACK_MS) return
  const at = toZonedIso(now, tz).slice(0, 16).replace('T', ' ')
  const message = `${row}${RECEIVED_IN_FUTURE}（现在是 ${at}），请核对受理日期和时间`
  throw new AppError('VALIDATION', message, { [field]: message })
}

/** Optional free text: '' clears it. */
const text = (v: string | undefined | null) => (v ? v : undefined)

/** What leaves the main side: name, phone and address masked (PIPL); `demand:unmask` shows them. */
export function toView(d: Demand): DemandView {
  const view: DemandView = { ...d, reporterName: maskName(d.reporterName), reporterPhone: maskPhone(d.reporterPhone) }
  if (d.reporterAddress) view.reporterAddress = maskAddress(d.reporterAddress)
  return view
}

export function requireCommunity(db: Database, id: string, field = 'communityId', row = ''): Community {
  const c = db.community(id)
  if (!c) throw new AppError('VALIDATION', `${row}所选社区不存在`, { [field]: `${row}所选社区不存在` })
  return c
}

function checkCompound(c: Community, compoundId: string | undefined | null, field = 'compoundId', row = ''): void {
  if (compoundId && !c.compounds.some((x) => x.id === compoundId)) {
    throw new AppError('VALIDATION', `${row}所选小区不属于该社区`, { [field]: `${row}所选小区不属于该社区` })
  }
}

export function createDemandService(deps: DemandDeps): DemandService {
  const { db, audit, now, newId } = deps
  const zone = () => deps.street?.timeZone() ?? Promise.resolve(undefined)
  const cases = deps.caseNumbers ?? createCaseNumbers(db)

  /** A demand as the service builds it from a create input (no id, case number, revision yet). */
  function draft(input: ParsedOf<'demand:create'>, stamp: string): Omit<Demand, 'id' | 'revision'> {
    const d: Omit<Demand, 'id' | 'revision'> = {
      communityId: input.communityId,
      channel: input.channel,
      category: input.category,
      reporterName: input.reporterName,
      receivedAt: input.receivedAt,
      description: input.description,
      status: 'called',
      createdAt: stamp,
      updatedAt: stamp,
    }
    if (input.compoundId) d.compoundId = input.compoundId
    if (input.reporterPhone) d.reporterPhone = input.reporterPhone
    if (input.reporterAddress) d.reporterAddress = input.reporterAddress
    if (text(input.householdUnit)) d.householdUnit = input.householdUnit
    if (text(input.householdLeader)) d.householdLeader = input.householdLeader
    return d
  }

  /** A stored demand, numbered first if it came from a file written before case numbers. */
  async function load(id: string): Promise<Demand> {
    let demand = await db.getDemand(id)
    if (demand && !demand.caseNo) {
      for (const y of unnumbered([demand])) await cases.backfill(y.communityId, y.year)
      demand = await db.getDemand(id)
    }
    if (!demand) throw notFound()
    return demand
  }

  return {
    async create(raw, ctx) {
      requireScope(ctx, raw.communityId)
      const community = requireCommunity(db, raw.communityId)
      checkCompound(community, raw.compoundId)
      const tz = await zone()
      // A time without an offset is a wall-clock time in the street's zone (its setting).
      const input = { ...raw, receivedAt: withStreetOffset(raw.receivedAt, tz) }
      refuseFuture(input.receivedAt, now(), 'receivedAt', tz)
      const month = monthOf(input.receivedAt, tz)
      const year = month.slice(0, 4)
      // The number is reserved (durably) before the demand is written: never given out twice.
      const seq = await cases.reserve(community, year, 1)
      const demand: Unsaved<Demand> = {
        id: makeDemandId(community.id, month, newId()),
        ...draft(input, toLocalIso(now())),
        caseNo: formatCaseNo(community.name, year, seq),
      }
      // The data layer stamps the revision; the saved record is what the caller sees.
      return toView(await db.saveDemand(demand))
    },

    async createDemands(inputs, ctx) {
      if (!inputs.length) return []
      const tz = await zone()
      const at = now()
      // Everything is checked before anything is reserved or written.
      const rows = inputs.map((given, i) => {
        const input = { ...given, receivedAt: withStreetOffset(given.receivedAt, tz) }
        const row = `第 ${i + 1} 条：`
        requireScope(ctx, input.communityId)
        const community = requireCommunity(db, input.communityId, `${i}.communityId`, row)
        checkCompound(community, input.compoundId, `${i}.compoundId`, row)
        refuseFuture(input.receivedAt, at, `${i}.receivedAt`, tz, row)
        const month = monthOf(input.receivedAt, tz)
        return { input, community, month, year: month.slice(0, 4) }
      })
      const groups = new Map<string, typeof rows>()
      for (const r of rows) {
        const key = `${r.community.id}:${r.year}`
        groups.set(key, [...(groups.get(key) ?? []), r])
      }
      const caseNos = new Map<(typeof rows)[number], string>()
      for (const group of groups.values()) {
        const first = await cases.reserve(group[0].community, group[0].year, group.length)
        group.forEach((r, k) => caseNos.set(r, formatCaseNo(r.community.name, r.year, first + k)))
      }
      const stamp = toLocalIso(at)
      const demands: Unsaved<Demand>[] = rows.map((r) => {
        const d: Unsaved<Demand> = { id: makeDemandId(r.community.id, r.month, newId()), ...draft(r.input, stamp), caseNo: caseNos.get(r)! }
        if (r.input.fingerprint) d.importFingerprint = r.input.fingerprint
        if (r.input.source) d.importSource = r.input.source
        return d
      })
      const numbers = demands.map((d) => d.caseNo!)
      const sources = [...new Set(inputs.map((i) => i.source).filter(Boolean))]
      await audit.append({
        ...auditWho(ctx),
        action: 'demand.import',
        target: `${demands.length} 件诉求（${numbers[0]}${numbers.length > 1 ? ` 等` : ''}）`,
        detail: { count: demands.length, caseNos: numbers, ...(sources.length ? { sources } : {}) },
      })
      return (await db.putDemands(demands, { mode: 'insert' })).map(toView)
    },

    async update(input, ctx) {
      const { revision, patch } = input
      // An id from before a month move still finds the record (under its current id).
      const current = await load(input.id)
      const id = current.id
      requireScope(ctx, current.communityId)
      checkRevision(current, revision, '诉求')
      const next: Demand = { ...current }
      const tz = await zone()
      if (patch.receivedAt !== undefined) {
        const at = withStreetOffset(patch.receivedAt, tz)
        refuseFuture(at, now(), 'patch.receivedAt', tz)
        next.receivedAt = at
      }
      if (patch.status === 'evaluated' && current.status !== 'evaluated') {
        // Closing has its own rules (told, rated or unreachable, no open task): feedback:close.
        const message = '诉求须在“效果评价”中反馈告知、回访评价后办结，不能直接改为“监督评价”'
        throw new AppError('VALIDATION', message, { 'patch.status': message })
      }
      if (patch.status !== undefined && !canMove(current.status, patch.status)) {
        const message = `不能从“${DEMAND_STATUS_NAMES[current.status]}”直接变为“${DEMAND_STATUS_NAMES[patch.status]}”`
        throw new AppError('VALIDATION', message, { 'patch.status': message })
      }
      if (patch.communityId !== undefined && patch.communityId !== current.communityId) {
        requireScope(ctx, patch.communityId)
        requireCommunity(db, patch.communityId, 'patch.communityId')
        next.communityId = patch.communityId
        // A compound of the old community does not come along.
        if (patch.compoundId === undefined) delete next.compoundId
      }
      if (patch.compoundId !== undefined) {
        const community = db.community(next.communityId)
        if (!community) throw notFound()
        if (patch.compoundId === null) delete next.compoundId
        else {
          checkCompound(community, patch.compoundId, 'patch.compoundId')
          next.compoundId = patch.compoundId
        }
      }
      if (patch.reporterPhone !== undefined) {
        if (patch.reporterPhone === null) delete next.reporterPhone
        else next.reporterPhone = patch.reporterPhone
      }
      if (patch.reporterAddress !== undefined) {
        if (patch.reporterAddress === null) delete next.reporterAddress
        else next.reporterAddress = patch.reporterAddress
      }
      if (patch.channel !== undefined) next.channel = patch.channel
      if (patch.category !== undefined) next.category = patch.category
      if (patch.reporterName !== undefined) next.reporterName = patch.reporterName
      if (patch.description !== undefined) next.description = patch.description
      if (patch.status !== undefined) next.status = patch.status
      for (const key of ['householdUnit', 'householdLeader'] as const) {
        if (patch[key] === undefined) continue
        if (text(patch[key])) next[key] = patch[key]!
        else delete next[key]
      }
      const fields = changedFields(current, next)
      if (!fields.length) return toView(current)
      const who = auditWho(ctx)
      const stamp = toLocalIso(now())
      next.updatedAt = stamp
      // The partition (community + received month in the street's zone) may change: then the
      // record moves, with a new id naming its new partition; case number and history stay.
      const from = parseDemandId(id)!
      const month = patch.receivedAt !== undefined ? monthOf(next.receivedAt, tz) : from.month
      const moves = month !== from.month || next.communityId !== from.communityId
      if (next.communityId !== from.communityId && current.topicId) {
        // A topic belongs to one community: the demand must leave it before it changes community.
        const message = '该诉求已归入议题，不能改到其他社区：请先在“确认议题”中把它从议题拆出'
        throw new AppError('VALIDATION', message, { 'patch.communityId': message })
      }
      const change: DemandChange = { at: stamp, by: who.actor, fields }
      if (moves) {
        change.moved = { from: from.month, to: month }
        next.id = makeDemandId(next.communityId, month, newId())
        next.formerIds = [...(current.formerIds ?? []), id]
      }
      // History and audit name the fields only: personal values never appear in clear.
      next.history = [...(current.history ?? []), change]
      const detail: Record<string, unknown> = { id, fields }
      if (moves) Object.assign(detail, { movedTo: next.id, fromMonth: from.month, toMonth: month })
      await audit.append({ ...who, action: 'demand.update', target: demandLabel(current), detail })
      const saved = moves ? await db.moveDemand(id, next, { expectRevision: revision }) : await db.saveDemand(next, { expectRevision: revision })
      // Its topic names it by the new id from now on (the old one keeps resolving meanwhile).
      if (moves && saved.topicId) await relinkMovedDemand(db, saved.topicId, id, saved.id)
      return toView(saved)
    },

    async get({ id }, ctx) {
      const demand = await load(id)
      requireScope(ctx, demand.communityId)
      return toView(demand)
    },

    async list(input, ctx) {
      const page = await listDemands(db, input, ctx)
      const missing = unnumbered(page.items)
      if (!missing.length) return page
      // Records from before case numbers: numbered once, then the page is read again.
      for (const y of missing) await cases.backfill(y.communityId, y.year)
      return listDemands(db, input, ctx)
    },

    async delete({ id, revision, reason }, ctx) {
      // The reason goes to the audit log, written before the record goes (no entry, no erasure).
      // The contract refuses reasons holding a phone or ID-card number.
      const current = await load(id)
      requireScope(ctx, current.communityId)
      checkRevision(current, revision, '诉求')
      await audit.append({ ...auditWho(ctx), action: 'demand.delete', target: demandLabel(current), detail: { id, reason } })
      const removed = await db.deleteDemand(id, { expectRevision: revision })
      if (!removed) throw notFound()
      return { id, deleted: true as const }
    },

    async export(input, ctx) {
      return exportDemandLedger({ db, audit, timeZone: zone }, input, ctx)
    },

    async unmask({ id }, ctx) {
      // Who may unmask is the permission table's 'unmask' row, checked by the api guard with the
      // session's operator before this runs; the scope is checked here.
      const who = auditWho(ctx)
      const demand = await load(id)
      requireScope(ctx, demand.communityId)
      const fields = (['reporterName', 'reporterPhone', 'reporterAddress'] as const).filter((f) => demand[f] !== undefined)
      // Audit first: if the entry cannot be written, nothing is revealed.
      await audit.append({ ...who, action: 'demand.unmask', target: demandLabel(demand), detail: { id, fields } })
      const out: UnmaskedDemand = { id, reporterName: demand.reporterName }
      if (demand.reporterPhone !== undefined) out.reporterPhone = demand.reporterPhone
      if (demand.reporterAddress !== undefined) out.reporterAddress = demand.reporterAddress
      return out
    },
  }
}

/** Fields of a demand that differ between two versions (names only). */
const EDITABLE = [
  'communityId',
  'compoundId',
  'channel',
  'category',
  'reporterName',
  'reporterPhone',
  'reporterAddress',
  'receivedAt',
  'description',
  'status',
  'householdUnit',
  'householdLeader',
] as const

export function changedFields(a: Demand, b: Demand): string[] {
  return EDITABLE.filter((k) => a[k] !== b[k])
}

/**
 * Newest received first, one page. Months are walked newest-first and skipped whole using the
 * summary counts, so only the partitions that hold the page are read.
 */
async function listDemands(db: Database, input: ParsedOf<'demand:list'>, ctx?: CallContext): Promise<DemandPage> {
  const { page, pageSize, status, category, channel } = input
  if (input.communityId) requireScope(ctx, input.communityId)
  const communityIds = input.communityId
    ? db.community(input.communityId)
      ? [input.communityId]
      : []
    : scopedCommunities(
        ctx,
        db.communities().map((c) => c.id),
      )
  const matches = (d: Demand) => (!status || d.status === status) && (!category || d.category === category) && (!channel || d.channel === channel)
  // The summary counts hold each breakdown on its own: one filter is counted from them; filters
  // combined (status and category…) are counted from the month's records.
  const filters = [status, category, channel].filter(Boolean).length
  const countIn = async (communityId: string, month: string, counts: MonthCounts | undefined): Promise<number> => {
    if (!counts) return 0
    if (filters > 1) return counts.total ? (await db.readPartition(communityId, month)).filter(matches).length : 0
    if (status) return counts.byStatus[status] ?? 0
    if (category) return counts.byCategory[category] ?? 0
    if (channel) return counts.byChannel[channel] ?? 0
    return counts.total
  }

  // month -> communities holding matching demands that month, with how many
  const byMonth = new Map<string, Array<{ communityId: string; n: number }>>()
  for (const communityId of communityIds) {
    for (const [month, counts] of Object.entries(db.countsOf(communityId))) {
      if (input.month && month !== input.month) continue
      if ((input.from && month < input.from) || (input.to && month > input.to)) continue
      const n = await countIn(communityId, month, counts)
      if (!n) continue
      const list = byMonth.get(month) ?? []
      list.push({ communityId, n })
      byMonth.set(month, list)
    }
  }
  const months = [...byMonth.keys()].sort().reverse()
  const total = months.reduce((sum, m) => sum + byMonth.get(m)!.reduce((s, x) => s + x.n, 0), 0)

  let skip = (page - 1) * pageSize
  const items: DemandView[] = []
  for (const month of months) {
    if (items.length >= pageSize) break
    const holders = byMonth.get(month)!
    const inMonth = holders.reduce((s, x) => s + x.n, 0)
    if (skip >= inMonth) {
      skip -= inMonth
      continue
    }
    const loaded = await Promise.all(holders.map((h) => db.readPartition(h.communityId, month)))
    const matching = loaded.flat().filter(matches).sort(newestFirst)
    const take = matching.slice(skip, skip + pageSize - items.length)
    skip = 0
    for (const d of take) items.push(toView(d))
  }
  return { items, total, page, pageSize }
}

function newestFirst(a: Demand, b: Demand): number {
  const t = Date.parse(b.receivedAt) - Date.parse(a.receivedAt)
  if (t) return t
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}
