// community:* — 社区管理: create and edit communities with their grids and compounds.
import { AppError } from '../../shared/contract/errors'
import type { ParsedOf } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import type { Database, Unsaved } from '../data'
import { COMMUNITY_ID_RE } from '../data'
import { checkRevision } from './revision'
import type { AreaService } from './types'

type CommunityCreate = ParsedOf<'community:create'>
type CommunityPatch = ParsedOf<'community:update'>['patch']
type GridRef = { gridIndex?: number; gridName?: string }

/**
 * 社区管理: create and edit communities. Grids and compounds can be added and renamed, not
 * removed (demands refer to compounds by id). Names are unique within the street. Calls run one
 * at a time, so two saves cannot both pass the name check.
 */
export function createCommunityService(db: Database, newId: () => string): AreaService<'community'> {
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
        const community: Unsaved<Community> = { id, name: input.name, grids, compounds }
        if (input.households !== undefined) community.households = input.households
        return structuredClone(await db.saveCommunity(community))
      }),

    update: ({ id, revision, patch }: { id: string; revision: number; patch: CommunityPatch }) =>
      serial(async () => {
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
        return structuredClone(await db.saveCommunity(next, { expectRevision: revision }))
      }),
  }
}

