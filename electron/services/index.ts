import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/contract/errors'
import type { DemandPage, ParsedOf } from '../../shared/contract'
import type { Community, Demand, DemandView, MonthCounts } from '../../shared/domain/entities'
import { canMove } from '../../shared/domain/demand-workflow'
import { maskAddress, maskName, maskPhone } from '../../shared/domain/masking'
import { monthOf, monthRange, toLocalIso } from '../../shared/domain/month'
import { emptyCounts, monthlyTrend } from '../../shared/domain/statistics'
import type { Database } from '../data'
import { COMMUNITY_ID_RE, makeDemandId, parseDemandId } from '../data'
import { SAMPLE_COMMUNITIES, generateSampleDemands } from './sample-street'
import type { Services } from './types'
import { createBackupService } from './backup'
import { createSettingsService, memorySettingsStore, normalizeSettings, type SettingsStore } from './settings'
import { createPrivacyService, memoryAuditLog, type AuditLog } from './privacy'
import { DEMAND_STATUS_NAMES, ROLE_NAMES } from '../../shared/domain/vocab'
import type { KeyProtection } from '../../shared/contract/privacy'

export type { Services } from './types'

export interface ServiceDeps {
  db: Database
  /** Clock for createdAt/updatedAt and the sample street's months. */
  now?: () => Date
  /** Random part of new demand ids (letters, digits, '-' or '_'). */
  newId?: () => string
  /** Communities of the sample street; defaults to resources/sample/communities.json. */
  sampleCommunities?: Community[]
  /** UI settings (locale, role): electron-store in the app, a file in the preview host. */
  settings?: SettingsStore
  /** The hash-chained audit log (services/audit.ts); an in-memory one when not given (tests). */
  audit?: AuditLog
  /** How the personal-data key is protected, for app:status; 'none' when not given. */
  keyProtection?: KeyProtection
}


const notFound = () => new AppError('NOT_FOUND', '未找到该诉求')

/** What leaves the main side: name, phone and address masked (PIPL); `demand:unmask` shows them. */
export function toView(d: Demand): DemandView {
  const view: DemandView = { ...d, reporterName: maskName(d.reporterName), reporterPhone: maskPhone(d.reporterPhone) }
  if (d.reporterAddress) view.reporterAddress = maskAddress(d.reporterAddress)
  return view
}

export function createServices(deps: ServiceDeps): Services {
  const { db } = deps
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? (() => randomBytes(8).toString('base64url'))
  const sampleCommunities = deps.sampleCommunities ?? SAMPLE_COMMUNITIES
  const settingsStore = deps.settings ?? memorySettingsStore()
  const audit = deps.audit ?? memoryAuditLog(now)
  /** The audit actor: the role in settings (秘书/主持人/领导) until the app has user accounts. */
  const actor = async () => ROLE_NAMES[normalizeSettings(await settingsStore.read()).role]

  const requireCommunity = (id: string): Community => {
    const c = db.community(id)
    if (!c) throw new AppError('VALIDATION', '所选社区不存在', { communityId: '所选社区不存在' })
    return c
  }
  const checkCompound = (c: Community, compoundId: string | undefined | null) => {
    if (compoundId && !c.compounds.some((x) => x.id === compoundId)) {
      throw new AppError('VALIDATION', '所选小区不属于该社区', { compoundId: '所选小区不属于该社区' })
    }
  }

  return {
    app: {
      async status() {
        const communities = db.communities()
        return {
          dataDir: db.dataDir,
          firstRun: communities.length === 0 && db.demandTotal() === 0,
          sampleLoaded: communities.some((c) => c.sample),
          notices: [...db.notices(), ...audit.notices()],
          security: { keyProtection: deps.keyProtection ?? 'none', audit: audit.startupResult() },
        }
      },
      async dismissNotice({ id }) {
        return { dismissed: db.dismissNotice(id) || audit.dismissNotice(id) }
      },
    },

    settings: createSettingsService(settingsStore),

    privacy: createPrivacyService({ db, audit, role: async () => normalizeSettings(await settingsStore.read()).role }),

    communities: createCommunityService(db, newId),

    demands: {
      async create(input) {
        const community = requireCommunity(input.communityId)
        checkCompound(community, input.compoundId)
        const stamp = toLocalIso(now())
        const demand: Demand = {
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
          revision: 1, // set by the data layer
        }
        if (input.compoundId) demand.compoundId = input.compoundId
        if (input.reporterPhone) demand.reporterPhone = input.reporterPhone
        if (input.reporterAddress) demand.reporterAddress = input.reporterAddress
        return toView(await db.saveDemand(demand))
      },

      async update({ id, patch }) {
        const current = await db.getDemand(id)
        if (!current) throw notFound()
        const next: Demand = { ...current }
        if (patch.receivedAt !== undefined) {
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
        return toView(await db.saveDemand(next))
      },

      async get({ id }) {
        const demand = await db.getDemand(id)
        if (!demand) throw notFound()
        return toView(demand)
      },

      list: (input) => listDemands(db, input),

      async delete({ id, reason }) {
        // The reason goes to the audit log, written before the record goes (no entry, no erasure).
        if (!(await db.getDemand(id))) throw notFound()
        await audit.append({ actor: await actor(), action: 'demand.delete', target: id, detail: { reason } })
        const removed = await db.deleteDemand(id)
        if (!removed) throw notFound()
        return { id, deleted: true as const }
      },
    },

    stats: {
      async petitionTrend({ communityId, from, to, scope }) {
        requireCommunity(communityId)
        const counts = db.countsOf(communityId)
        const months: Record<string, MonthCounts> = {}
        for (const m of monthRange(from, to)) months[m] = structuredClone(counts[m] ?? emptyCounts())
        return { communityId, scope, ...monthlyTrend(counts, from, to, scope), months }
      },
    },

    backup: createBackupService(db, { audit, actor }),

    sample: {
      async load() {
        if (db.communities().some((c) => c.sample || sampleCommunities.some((s) => s.id === c.id))) {
          throw new AppError('CONFLICT', '示例街道已加载')
        }
        // Community names are unique within a street; a user's own 七口堰社区 must not get a twin.
        const taken = new Set(db.communities().map((c) => c.name))
        const clashes = sampleCommunities.filter((c) => taken.has(c.name)).map((c) => c.name)
        if (clashes.length) {
          throw new AppError('CONFLICT', `已有同名社区：${clashes.join('、')}。示例街道未加载，请先在社区管理中改名。`)
        }
        const communities = sampleCommunities.map((c) => ({ ...structuredClone(c), sample: true }))
        const demands = generateSampleDemands(communities, now())
        await db.addCommunities(communities, demands)
        return { communities: communities.length, demands: demands.length }
      },
      async remove() {
        const ids = db.communities().filter((c) => c.sample).map((c) => c.id)
        if (!ids.length) return { communities: 0, demands: 0 }
        return db.removeCommunities(ids)
      },
    },
  }
}

type CommunityCreate = ParsedOf<'community:create'>
type CommunityPatch = ParsedOf<'community:update'>['patch']
type GridRef = { gridIndex?: number; gridName?: string }

/**
 * 社区管理: create and edit communities. Grids and compounds can be added and renamed, not
 * removed (demands refer to compounds by id). Names are unique within the street. Calls run one
 * at a time, so two saves cannot both pass the name check.
 */
function createCommunityService(db: Database, newId: () => string): Services['communities'] {
  let tail: Promise<unknown> = Promise.resolve()
  const serial = <R>(fn: () => Promise<R>): Promise<R> => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => undefined)
    return run
  }
  const taken = new Set<string>()
  /** A fresh id, checked against COMMUNITY_ID_RE (ids name folders and prefix demand ids). */
  const freshId = (prefix: string, used: (id: string) => boolean): string => {
    for (;;) {
      const candidate = `${prefix}${newId()}`
      if (!COMMUNITY_ID_RE.test(candidate)) throw new Error(`generated id does not fit COMMUNITY_ID_RE: ${candidate}`)
      if (!used(candidate) && !taken.has(candidate)) {
        taken.add(candidate)
        return candidate
      }
    }
  }
  const nameTaken = (name: string, exceptId?: string) =>
    db.communities().some((c) => c.id !== exceptId && c.name.trim() === name)
  const duplicateName = (field: string) => new AppError('VALIDATION', '社区名称已存在', { [field]: '社区名称已存在' })

  const resolveGrid = (ref: GridRef, grids: Community['grids'], field: string): string | undefined => {
    if (ref.gridIndex !== undefined) {
      const grid = grids[ref.gridIndex]
      if (!grid) throw new AppError('VALIDATION', '所选网格不存在', { [`${field}.gridIndex`]: '所选网格不存在' })
      return grid.id
    }
    if (ref.gridName !== undefined) {
      const grid = grids.find((g) => g.name === ref.gridName)
      const message = `网格不存在：${ref.gridName}`
      if (!grid) throw new AppError('VALIDATION', message, { [`${field}.gridName`]: message })
      return grid.id
    }
    return undefined
  }

  /** Rows with an id must be the community's own; every existing row must still be there. */
  function mergeRows<T extends { id: string; name: string }>(
    label: '网格' | '小区',
    key: 'grids' | 'compounds',
    current: T[],
    rows: ReadonlyArray<{ id?: string; name: string }>,
    idPrefix: string,
  ): Array<{ id: string; name: string; row: number }> {
    const byId = new Map(current.map((x) => [x.id, x]))
    const out = rows.map((row, i) => {
      if (row.id !== undefined && !byId.has(row.id)) {
        const message = `${label}不存在，请刷新后重试`
        throw new AppError('VALIDATION', message, { [`patch.${key}.${i}.id`]: message })
      }
      return { id: row.id ?? '', name: row.name, row: i }
    })
    const kept = new Set(rows.map((r) => r.id).filter(Boolean))
    const missing = current.filter((x) => !kept.has(x.id))
    if (missing.length) {
      const message = `${label}不能删除：${missing.map((x) => x.name).join('、')}`
      throw new AppError('VALIDATION', message, { [`patch.${key}`]: message })
    }
    const all = new Set([...current.map((x) => x.id)])
    for (const item of out) if (!item.id) item.id = freshId(idPrefix, (id) => all.has(id))
    return out
  }

  return {
    async list() {
      return db.communities()
    },

    create: (input: CommunityCreate) =>
      serial(async () => {
        if (nameTaken(input.name)) throw duplicateName('name')
        const id = freshId('c-', (x) => db.community(x) !== undefined)
        const grids = input.grids.map((g) => ({ id: freshId(`${id}-g-`, () => false), name: g.name }))
        const compounds = input.compounds.map((c, i) => {
          const compound: Community['compounds'][number] = { id: freshId(`${id}-p-`, () => false), name: c.name }
          const gridId = resolveGrid(c, grids, `compounds.${i}`)
          if (gridId) compound.gridId = gridId
          return compound
        })
        const community: Community = { id, name: input.name, grids, compounds, revision: 1 } // revision: set by the data layer
        if (input.households !== undefined) community.households = input.households
        return db.saveCommunity(community)
      }),

    update: ({ id, patch }: { id: string; patch: CommunityPatch }) =>
      serial(async () => {
        const current = db.community(id)
        if (!current) throw new AppError('NOT_FOUND', '未找到该社区')
        const next: Community = structuredClone(current)
        if (patch.name !== undefined) {
          if (nameTaken(patch.name, id)) throw duplicateName('patch.name')
          next.name = patch.name
        }
        if (patch.households === null) delete next.households
        else if (patch.households !== undefined) next.households = patch.households
        if (patch.grids) {
          next.grids = mergeRows('网格', 'grids', current.grids, patch.grids, `${id}-g-`).map(({ id: gid, name }) => ({
            id: gid,
            name,
          }))
        }
        if (patch.compounds) {
          const previous = new Map(current.compounds.map((c) => [c.id, c]))
          const merged = mergeRows('小区', 'compounds', current.compounds, patch.compounds, `${id}-p-`)
          next.compounds = merged.map(({ id: cid, name, row }) => {
            const compound: Community['compounds'][number] = { ...previous.get(cid), id: cid, name }
            delete compound.gridId
            const gridId = resolveGrid(patch.compounds![row], next.grids, `patch.compounds.${row}`)
            if (gridId) compound.gridId = gridId
            return compound
          })
        }
        return db.saveCommunity(next)
      }),
  }
}

/**
 * Newest received first, one page. Months are walked newest-first and skipped whole using the
 * summary counts, so only the partitions that hold the page are read.
 */
async function listDemands(db: Database, input: ParsedOf<'demand:list'>): Promise<DemandPage> {
  const { page, pageSize, status } = input
  const communityIds = input.communityId
    ? db.community(input.communityId)
      ? [input.communityId]
      : []
    : db.communities().map((c) => c.id)
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
