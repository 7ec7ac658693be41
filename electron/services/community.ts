// community:* — 社区管理: create and edit communities with their grids and compounds.
import { AppError } from '../../shared/contract/errors'
import type { ParsedOf } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import type { Database, Unsaved } from '../data'
import { COMMUNITY_ID_RE } from '../data'
import { checkRevision } from './revision'
import type { AreaService, CallContext } from './types'
import type { AuditLog } from './audit'
import { auditWho, operatorOf } from './actor'
import { canAccessCommunity } from '../../shared/domain/permissions'
import { caseNoOf } from './search-sources'
import type { CommunityRemovePlan, CommunityRemoveResult } from '../../shared/contract/community'
import type { Demand } from '../../shared/domain/entities'
import { dayOf } from '../../shared/domain/month'

type CommunityCreate = ParsedOf<'community:create'>
type CommunityPatch = ParsedOf<'community:update'>['patch']
type GridRef = { gridIndex?: number; gridName?: string }

/** A place to remove. */
export interface RemoveTarget {
  community: Community
  kind: 'grid' | 'compound' | 'community'
  /** the grid or compound (absent for the community) */
  item?: { id: string; name: string }
}

/**
 * What still refers to a place, in zh-CN ("12 条诉求（例如 七口堰-2026-0042）"), or null. Demands,
 * compounds and operators are checked here; another area (topics) adds one function.
 */
export type ReferenceCheck = (target: RemoveTarget) => Promise<string | null>

export interface CommunityRemovalDeps {
  audit: Pick<AuditLog, 'append'>
  /** operator accounts (their community scopes) */
  operators: () => ReadonlyArray<{ name: string; communityIds?: string[] }>
  /** further areas that refer to places (topics …) */
  references?: ReferenceCheck[]
}

const KIND_LABEL = { grid: '网格', compound: '小区', community: '社区' } as const

export const SCOPED_CANNOT_EDIT = '您的账户只负责部分社区，无权修改其他社区'
export const SCOPED_CANNOT_CREATE = '您的账户只负责部分社区，不能新增社区；请由负责全街道的账户新增'

/** New communities are a street-level change: an operator limited to some communities may not add one. */
export function requireStreetWide(ctx: CallContext | undefined): void {
  const op = operatorOf(ctx)
  if (op?.communityIds?.length) throw new AppError('FORBIDDEN', SCOPED_CANNOT_CREATE)
}

/** What an edit changed, by name (the audit entry's detail). */
function communityChanges(before: Community, after: Community): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (before.name !== after.name) out.renamedFrom = before.name
  if (before.households !== after.households) out.households = after.households ?? null
  const diff = (label: 'grids' | 'compounds') => {
    const old = new Map(before[label].map((x) => [x.id, x.name]))
    const added = after[label].filter((x) => !old.has(x.id)).map((x) => x.name)
    const renamed = after[label].filter((x) => old.has(x.id) && old.get(x.id) !== x.name).map((x) => `${old.get(x.id)}→${x.name}`)
    if (added.length) out[`${label}Added`] = added
    if (renamed.length) out[`${label}Renamed`] = renamed
  }
  diff('grids')
  diff('compounds')
  const gridOf = new Map(before.compounds.map((c) => [c.id, c.gridId]))
  const moved = after.compounds.filter((c) => gridOf.has(c.id) && gridOf.get(c.id) !== c.gridId).map((c) => c.name)
  if (moved.length) out.compoundsRegridded = moved
  return out
}

/** How a demand is named in a message: its case number, else its day and the start of its text. */
export function demandLabel(d: Demand): string {
  const caseNo = caseNoOf(d)
  if (caseNo) return caseNo
  const text = d.description.length > 12 ? `${d.description.slice(0, 12)}…` : d.description
  return `${dayOf(d.receivedAt)} 登记的“${text}”`
}

/** Demands of one community matching `pred`: how many, and the newest as an example. */
async function demandsWhere(db: Database, communityId: string, pred: (d: Demand) => boolean): Promise<{ n: number; example?: Demand }> {
  const months = Object.entries(db.countsOf(communityId))
    .filter(([, c]) => c.total > 0)
    .map(([m]) => m)
    .sort()
    .reverse()
  let n = 0
  let example: Demand | undefined
  for (const month of months) {
    for (const d of await db.readPartition(communityId, month)) {
      if (!pred(d)) continue
      n++
      if (!example || d.receivedAt > example.receivedAt) example = d
    }
  }
  return { n, example }
}

const listNames = (names: string[], max = 5) =>
  names.length > max ? `${names.slice(0, max).join('、')} 等` : names.join('、')

/**
 * 社区管理: create and edit communities. Grids and compounds can be added and renamed, not
 * removed (demands refer to compounds by id). Names are unique within the street. Calls run one
 * at a time, so two saves cannot both pass the name check.
 */
export function createCommunityService(
  db: Database,
  newId: () => string,
  removal?: CommunityRemovalDeps,
): AreaService<'community'> {
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

  const builtinReferences: ReferenceCheck[] = [
    // demands recorded in the compound / community
    async ({ community, kind, item }) => {
      if (kind === 'grid') return null
      if (kind === 'community') {
        const total = Object.values(db.countsOf(community.id)).reduce((s, c) => s + c.total, 0)
        if (!total) return null
      }
      const found = await demandsWhere(db, community.id, kind === 'compound' ? (d) => d.compoundId === item!.id : () => true)
      if (!found.n) return null
      return `${found.n} 条诉求（例如 ${demandLabel(found.example!)}）`
    },
    // compounds placed in the grid
    async ({ community, kind, item }) => {
      if (kind !== 'grid') return null
      const inGrid = community.compounds.filter((c) => c.gridId === item!.id).map((c) => c.name)
      return inGrid.length ? `${inGrid.length} 个小区（${listNames(inGrid)}）` : null
    },
    // topics: checked by the topic service's own check (topic.ts topicReferences), passed in deps
    // operator accounts limited to the community
    async ({ community, kind }) => {
      if (kind !== 'community' || !removal) return null
      const scoped = removal.operators().filter((o) => o.communityIds?.includes(community.id)).map((o) => o.name)
      return scoped.length ? `${scoped.length} 个操作员账户负责该社区（${listNames(scoped)}），请先在操作员管理中调整其社区范围` : null
    },
  ]

  const findTarget = (communityId: string, kind: RemoveTarget['kind'], itemId?: string): RemoveTarget => {
    const community = db.community(communityId)
    if (!community) throw new AppError('NOT_FOUND', '未找到该社区，请刷新后重试')
    if (kind === 'community') return { community, kind }
    const list = kind === 'grid' ? community.grids : community.compounds
    const item = list.find((x) => x.id === itemId)
    if (!item) throw new AppError('NOT_FOUND', `未找到该${KIND_LABEL[kind]}，请刷新后重试`)
    return { community, kind, item: { id: item.id, name: item.name } }
  }

  const planFor = async (target: RemoveTarget): Promise<CommunityRemovePlan> => {
    const references: string[] = []
    for (const check of [...builtinReferences, ...(removal?.references ?? [])]) {
      const found = await check(target)
      if (found) references.push(found)
    }
    const label = KIND_LABEL[target.kind]
    const { community, item } = target
    if (references.length) {
      return { removable: false, references, removes: [], message: `该${label}仍有 ${references.join('；')}，不能删除` }
    }
    const removes: string[] = []
    if (target.kind === 'community') {
      removes.push(`社区“${community.name}”`)
      if (community.grids.length) removes.push(`网格 ${community.grids.length} 个：${listNames(community.grids.map((g) => g.name))}`)
      if (community.compounds.length) {
        removes.push(`小区 ${community.compounds.length} 个：${listNames(community.compounds.map((c) => c.name))}`)
      }
    } else removes.push(`${community.name}的${label}“${item!.name}”`)
    return { removable: true, references, removes, message: `将删除${removes.join('，')}` }
  }

  const refuse = (plan: CommunityRemovePlan) => new AppError('CONFLICT', plan.message)

  /** Plan → revision → backup → audit → remove; the plan is checked again after the backup. */
  const removeTarget = (communityId: string, kind: RemoveTarget['kind'], itemId: string | undefined, revision: number, ctx?: CallContext) =>
    serial(async (): Promise<CommunityRemoveResult> => {
      if (!removal) throw new AppError('INTERNAL', '删除功能未启用')
      const target = findTarget(communityId, kind, itemId)
      checkRevision(target.community as { revision?: unknown }, revision, '社区')
      const plan = await planFor(target)
      if (!plan.removable) throw refuse(plan)
      const backup = await db.backup('before-community-remove')
      // A demand may have been recorded meanwhile (demand:create does not wait for this queue).
      const again = await planFor(findTarget(communityId, kind, itemId))
      if (!again.removable) throw refuse(again)
      const { community, item } = target
      await removal.audit.append({
        ...auditWho(ctx),
        action: `community.remove${kind === 'community' ? '' : kind === 'grid' ? 'Grid' : 'Compound'}`,
        target: community.id,
        detail: { community: community.name, ...(item ? { [kind]: item.name, itemId: item.id } : {}), removes: plan.removes, backup },
      })
      if (kind === 'community') {
        await db.removeCommunities([community.id])
        return { removed: plan.removes, backup }
      }
      const next: Community = structuredClone(community)
      if (kind === 'grid') next.grids = next.grids.filter((g) => g.id !== item!.id)
      else next.compounds = next.compounds.filter((c) => c.id !== item!.id)
      const saved = await db.saveCommunity(next, { expectRevision: revision })
      return { community: structuredClone(saved), removed: plan.removes, backup }
    })

  return {
    async list() {
      return db.communities()
    },

    removePlan: ({ communityId, kind, itemId }) => serial(() => planFor(findTarget(communityId, kind, itemId))),
    removeGrid: ({ communityId, gridId, revision }, ctx) => removeTarget(communityId, 'grid', gridId, revision, ctx),
    removeCompound: ({ communityId, compoundId, revision }, ctx) => removeTarget(communityId, 'compound', compoundId, revision, ctx),
    remove: ({ id, revision }, ctx) => removeTarget(id, 'community', undefined, revision, ctx),

    create: (input: CommunityCreate, ctx?: CallContext) =>
      serial(async () => {
        requireStreetWide(ctx)
        if (nameTaken(input.name)) throw duplicateName('name')
        const id = freshId('c-', (x) => db.community(x) !== undefined)
        const grids = input.grids.map((g) => ({ id: freshId(`${id}-g-`, () => false), name: g.name }))
        const compounds = input.compounds.map((c, i) => {
          const compound: Community['compounds'][number] = { id: freshId(`${id}-p-`, () => false), name: c.name }
          const gridId = resolveGrid(c, grids, `compounds.${i}`)
          if (gridId) compound.gridId = gridId
          return compound
        })
        const community: Unsaved<Community> = { id, name: input.name, grids, compounds }
        if (input.households !== undefined) community.households = input.households
        // Audited before the write, like every other write (an entry without a write is harmless; the reverse is not).
        await removal?.audit.append({
          ...auditWho(ctx),
          action: 'community.create',
          target: id,
          detail: { community: input.name, grids: grids.map((g) => g.name), compounds: compounds.map((c) => c.name) },
        })
        return structuredClone(await db.saveCommunity(community))
      }),

    update: ({ id, revision, patch }: { id: string; revision: number; patch: CommunityPatch }, ctx?: CallContext) =>
      serial(async () => {
        const op = operatorOf(ctx)
        if (op && !canAccessCommunity(op, id)) throw new AppError('FORBIDDEN', SCOPED_CANNOT_EDIT)
        const current = db.community(id)
        if (!current) throw new AppError('NOT_FOUND', '未找到该社区')
        checkRevision(current as { revision?: unknown }, revision, '社区')
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
        const changes = communityChanges(current, next)
        if (Object.keys(changes).length) {
          await removal?.audit.append({ ...auditWho(ctx), action: 'community.update', target: id, detail: { community: next.name, ...changes } })
        }
        return structuredClone(await db.saveCommunity(next, { expectRevision: revision }))
      }),
  }
}

