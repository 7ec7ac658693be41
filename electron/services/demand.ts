// demand:* — record, edit, list, erase, and see one demand in full (audited).
import { AppError } from '../../shared/contract/errors'
import type { DemandPage, ParsedOf, UnmaskedDemand } from '../../shared/contract'
import type { Community, Demand, DemandView, MonthCounts } from '../../shared/domain/entities'
import { canMove } from '../../shared/domain/demand-workflow'
import { maskAddress, maskName, maskPhone } from '../../shared/domain/masking'
import { monthOf, toLocalIso, toZonedIso } from '../../shared/domain/month'
import { FUTURE_SLACK_MS, RECEIVED_IN_FUTURE } from '../../shared/contract/demand'
import { DEMAND_STATUS_NAMES } from '../../shared/domain/vocab'
import type { Database, Unsaved } from '../data'
import { makeDemandId, parseDemandId } from '../data'
import { auditWho, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { checkRevision } from './revision'
import type { AreaService, CallContext } from './types'

export interface DemandDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
}

const notFound = () => new AppError('NOT_FOUND', '未找到该诉求')

/** Refuses a received time later than now (by the injected clock, with a little slack). */
function refuseFuture(receivedAt: string, now: Date, field: string): void {
  if (Date.parse(receivedAt) <= now.getTime() + FUTURE_SLACK_MS) return
  const at = toZonedIso(now).slice(0, 16).replace('T', ' ')
  const message = `${RECEIVED_IN_FUTURE}（现在是 ${at}），请核对受理日期和时间`
  throw new AppError('VALIDATION', message, { [field]: message })
}

/** What leaves the main side: name, phone and address masked (PIPL); `demand:unmask` shows them. */
export function toView(d: Demand): DemandView {
  const view: DemandView = { ...d, reporterName: maskName(d.reporterName), reporterPhone: maskPhone(d.reporterPhone) }
  if (d.reporterAddress) view.reporterAddress = maskAddress(d.reporterAddress)
  return view
}

export function requireCommunity(db: Database, id: string): Community {
  const c = db.community(id)
  if (!c) throw new AppError('VALIDATION', '所选社区不存在', { communityId: '所选社区不存在' })
  return c
}

function checkCompound(c: Community, compoundId: string | undefined | null): void {
  if (compoundId && !c.compounds.some((x) => x.id === compoundId)) {
    throw new AppError('VALIDATION', '所选小区不属于该社区', { compoundId: '所选小区不属于该社区' })
  }
}

export function createDemandService(deps: DemandDeps): AreaService<'demand'> {
  const { db, audit, now, newId } = deps

  return {
    async create(input, ctx) {
      requireScope(ctx, input.communityId)
      const community = requireCommunity(db, input.communityId)
      checkCompound(community, input.compoundId)
      refuseFuture(input.receivedAt, now(), 'receivedAt')
      const stamp = toLocalIso(now())
      const demand: Unsaved<Demand> = {
        id: makeDemandId(community.id, monthOf(input.receivedAt), newId()),
        communityId: community.id,
        channel: input.channel,
        category: input.category,
        reporterName: input.reporterName,
        receivedAt: input.receivedAt,
        description: input.description,
        status: 'called',
        createdAt: stamp,
        updatedAt: stamp,
      }
      if (input.compoundId) demand.compoundId = input.compoundId
      if (input.reporterPhone) demand.reporterPhone = input.reporterPhone
      if (input.reporterAddress) demand.reporterAddress = input.reporterAddress
      // The data layer stamps the revision; the saved record is what the caller sees.
      return toView(await db.saveDemand(demand))
    },

    async update({ id, revision, patch }, ctx) {
      const current = await db.getDemand(id)
      if (!current) throw notFound()
      requireScope(ctx, current.communityId)
      checkRevision(current, revision, '诉求')
      const next: Demand = { ...current }
      if (patch.receivedAt !== undefined) {
        refuseFuture(patch.receivedAt, now(), 'patch.receivedAt')
        // The id names the partition, so a demand cannot move between months.
        if (monthOf(patch.receivedAt) !== parseDemandId(id)!.month) {
          throw new AppError('VALIDATION', '受理时间只能在同一月份内更正；跨月请作废后重新登记', {
            'patch.receivedAt': '受理时间只能在同一月份内更正；跨月请作废后重新登记',
          })
        }
        next.receivedAt = patch.receivedAt
      }
      if (patch.status !== undefined && !canMove(current.status, patch.status)) {
        const message = `不能从“${DEMAND_STATUS_NAMES[current.status]}”直接变为“${DEMAND_STATUS_NAMES[patch.status]}”`
        throw new AppError('VALIDATION', message, { 'patch.status': message })
      }
      if (patch.compoundId !== undefined) {
        const community = db.community(current.communityId)
        if (!community) throw notFound()
        if (patch.compoundId === null) delete next.compoundId
        else {
          checkCompound(community, patch.compoundId)
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
      next.updatedAt = toLocalIso(now())
      return toView(await db.saveDemand(next, { expectRevision: revision }))
    },

    async get({ id }, ctx) {
      const demand = await db.getDemand(id)
      if (!demand) throw notFound()
      requireScope(ctx, demand.communityId)
      return toView(demand)
    },

    list: (input, ctx) => listDemands(db, input, ctx),

    async delete({ id, revision, reason }, ctx) {
      // The reason goes to the audit log, written before the record goes (no entry, no erasure).
      // The contract refuses reasons holding a phone or ID-card number.
      const current = await db.getDemand(id)
      if (!current) throw notFound()
      requireScope(ctx, current.communityId)
      checkRevision(current, revision, '诉求')
      await audit.append({ ...auditWho(ctx), action: 'demand.delete', target: id, detail: { reason } })
      const removed = await db.deleteDemand(id, { expectRevision: revision })
      if (!removed) throw notFound()
      return { id, deleted: true as const }
    },

    async unmask({ id }, ctx) {
      // Who may unmask is the permission table's 'unmask' row, checked by the api guard with the
      // session's operator before this runs; the scope is checked here.
      const who = auditWho(ctx)
      const demand = await db.getDemand(id)
      if (!demand) throw notFound()
      requireScope(ctx, demand.communityId)
      const fields = (['reporterName', 'reporterPhone', 'reporterAddress'] as const).filter((f) => demand[f] !== undefined)
      // Audit first: if the entry cannot be written, nothing is revealed.
      await audit.append({ ...who, action: 'demand.unmask', target: id, detail: { fields } })
      const out: UnmaskedDemand = { id, reporterName: demand.reporterName }
      if (demand.reporterPhone !== undefined) out.reporterPhone = demand.reporterPhone
      if (demand.reporterAddress !== undefined) out.reporterAddress = demand.reporterAddress
      return out
    },
  }
}

/**
 * Newest received first, one page. Months are walked newest-first and skipped whole using the
 * summary counts, so only the partitions that hold the page are read.
 */
async function listDemands(db: Database, input: ParsedOf<'demand:list'>, ctx?: CallContext): Promise<DemandPage> {
  const { page, pageSize, status } = input
  if (input.communityId) requireScope(ctx, input.communityId)
  const communityIds = input.communityId
    ? db.community(input.communityId)
      ? [input.communityId]
      : []
    : scopedCommunities(
        ctx,
        db.communities().map((c) => c.id),
      )
  const countIn = (counts: MonthCounts | undefined) =>
    !counts ? 0 : status ? (counts.byStatus[status] ?? 0) : counts.total

  // month -> communities holding matching demands that month, with how many
  const byMonth = new Map<string, Array<{ communityId: string; n: number }>>()
  for (const communityId of communityIds) {
    for (const [month, counts] of Object.entries(db.countsOf(communityId))) {
      if (input.month && month !== input.month) continue
      const n = countIn(counts)
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
    const matching = loaded.flat().filter((d) => !status || d.status === status).sort(newestFirst)
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
