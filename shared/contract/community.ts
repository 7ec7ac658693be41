// community:* — 社区管理: communities with their grids (网格) and compounds (小区).
import { z } from 'zod'
import type { Community } from '../domain/entities'
import { emptyInput, id, returns, revision } from './common'


export const COMMUNITY_NAME_MAX = 20
export const HOUSEHOLDS_MAX = 100_000
/** Generous bounds on one community's lists; a real community has a handful of each. */
export const GRIDS_MAX = 100
export const COMPOUNDS_MAX = 300

const placeName = (label: string) =>
  z
    .string({ error: `请填写${label}名称` })
    .trim()
    .min(1, { error: `请填写${label}名称` })
    .max(COMMUNITY_NAME_MAX, { error: `${label}名称不能超过 ${COMMUNITY_NAME_MAX} 个字` })

const households = z
  .number({ error: `户数须为 0–${HOUSEHOLDS_MAX} 的整数` })
  .int({ error: `户数须为 0–${HOUSEHOLDS_MAX} 的整数` })
  .min(0, { error: `户数须为 0–${HOUSEHOLDS_MAX} 的整数` })
  .max(HOUSEHOLDS_MAX, { error: `户数须为 0–${HOUSEHOLDS_MAX} 的整数` })

const itemId = (label: string) =>
  z.string({ error: `${label}编号无效` }).min(1, { error: `${label}编号无效` }).max(64, { error: `${label}编号无效` })

const gridIndex = z
  .number({ error: '所选网格无效' })
  .int({ error: '所选网格无效' })
  .min(0, { error: '所选网格无效' })
  .max(GRIDS_MAX - 1, { error: '所选网格无效' })

/** A grid row: existing rows carry their id (kept), rows without id are new. */
const gridItem = z.strictObject({ id: itemId('网格').optional(), name: placeName('网格') }, { error: '网格格式无效' })

/** A compound row; its grid by position in the grids list (gridIndex) or by name (gridName). */
const compoundItem = z
  .strictObject(
    {
      id: itemId('小区').optional(),
      name: placeName('小区'),
      gridIndex: gridIndex.optional(),
      gridName: placeName('网格').optional(),
    },
    { error: '小区格式无效' },
  )
  .refine((c) => c.gridIndex === undefined || c.gridName === undefined, {
    error: '所属网格只能按序号或名称指定其一',
    path: ['gridIndex'],
  })

/** Names must differ within a list; the later row is reported, e.g. compounds.2.name. */
function uniqueNames(label: string) {
  return (items: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx) => {
    const seen = new Set<string>()
    items.forEach((item, i) => {
      if (seen.has(item.name)) {
        ctx.addIssue({ code: 'custom', message: `${label}名称重复：${item.name}`, path: [i, 'name'] })
      }
      seen.add(item.name)
    })
  }
}

function uniqueIds(label: string) {
  return (items: ReadonlyArray<{ id?: string }>, ctx: z.RefinementCtx) => {
    const seen = new Set<string>()
    items.forEach((item, i) => {
      if (item.id === undefined) return
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `${label}重复出现`, path: [i, 'id'] })
      seen.add(item.id)
    })
  }
}

const gridList = z
  .array(gridItem, { error: '网格列表格式无效' })
  .max(GRIDS_MAX, { error: `网格最多 ${GRIDS_MAX} 个` })
  .superRefine(uniqueNames('网格'))
  .superRefine(uniqueIds('网格'))

const compoundList = z
  .array(compoundItem, { error: '小区列表格式无效' })
  .max(COMPOUNDS_MAX, { error: `小区最多 ${COMPOUNDS_MAX} 个` })
  .superRefine(uniqueNames('小区'))
  .superRefine(uniqueIds('小区'))

export const communityFields = {
  name: placeName('社区'),
  households,
  grids: gridList,
  compounds: compoundList,
}

/** New community: rows carry no ids (the service makes them). */
export const communityCreateInput = z
  .strictObject(
    {
      name: communityFields.name,
      households: households.optional(),
      grids: z
        .array(gridItem.omit({ id: true }).strict(), { error: '网格列表格式无效' })
        .max(GRIDS_MAX, { error: `网格最多 ${GRIDS_MAX} 个` })
        .superRefine(uniqueNames('网格'))
        .default([]),
      compounds: z
        .array(
          z
            .strictObject(
              { name: placeName('小区'), gridIndex: gridIndex.optional(), gridName: placeName('网格').optional() },
              { error: '小区格式无效' },
            )
            .refine((c) => c.gridIndex === undefined || c.gridName === undefined, {
              error: '所属网格只能按序号或名称指定其一',
              path: ['gridIndex'],
            }),
          { error: '小区列表格式无效' },
        )
        .max(COMPOUNDS_MAX, { error: `小区最多 ${COMPOUNDS_MAX} 个` })
        .superRefine(uniqueNames('小区'))
        .default([]),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine((v, ctx) => checkGridRefs(v.grids, v.compounds, ctx, []))

/**
 * Changes to a community. `grids` / `compounds` are the whole new lists: rows with an id keep it
 * (rename), rows without are added. Removing a grid or compound is not supported (demands may
 * refer to it); the service refuses a list that leaves one out. households: null clears it.
 */
export const communityUpdateInput = z
  .strictObject(
    {
      id: id('社区'),
      /** The revision the editor read; a stale one is refused (CONFLICT). */
      revision,
      patch: z
        .strictObject(
          {
            name: communityFields.name,
            households: households.nullable(),
            grids: gridList,
            compounds: compoundList,
          },
          { error: '修改内容格式无效' },
        )
        .partial()
        .refine((p) => Object.keys(p).length > 0, { error: '没有要修改的内容' }),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine((v, ctx) => {
    if (v.patch.grids && v.patch.compounds) checkGridRefs(v.patch.grids, v.patch.compounds, ctx, ['patch'])
  })

/** When both lists are in the payload, a compound's grid must be one of them. */
function checkGridRefs(
  grids: ReadonlyArray<{ name: string }>,
  compounds: ReadonlyArray<{ gridIndex?: number; gridName?: string }>,
  ctx: z.RefinementCtx,
  prefix: string[],
): void {
  compounds.forEach((c, i) => {
    if (c.gridIndex !== undefined && c.gridIndex >= grids.length) {
      ctx.addIssue({ code: 'custom', message: '所选网格不存在', path: [...prefix, 'compounds', i, 'gridIndex'] })
    }
    if (c.gridName !== undefined && !grids.some((g) => g.name === c.gridName)) {
      ctx.addIssue({ code: 'custom', message: `网格不存在：${c.gridName}`, path: [...prefix, 'compounds', i, 'gridName'] })
    }
  })
}

/** Which place to remove: a grid or compound of a community, or the community itself. */
export const communityRemoveTarget = z.strictObject(
  {
    communityId: id('社区'),
    kind: z.enum(['grid', 'compound', 'community'], { error: '删除对象无效' }),
    /** the grid's or compound's id; absent for the community itself */
    itemId: itemId('网格或小区').optional(),
  },
  { error: '提交的内容格式无效' },
)

export const communityRemoveGridInput = z.strictObject(
  { communityId: id('社区'), gridId: itemId('网格'), revision },
  { error: '提交的内容格式无效' },
)
export const communityRemoveCompoundInput = z.strictObject(
  { communityId: id('社区'), compoundId: itemId('小区'), revision },
  { error: '提交的内容格式无效' },
)
export const communityRemoveInput = z.strictObject({ id: id('社区'), revision }, { error: '提交的内容格式无效' })

/**
 * What a removal would do: refused (what still refers to it, in zh-CN) or allowed (exactly what
 * goes). The confirmation dialog shows it before anything is removed.
 */
export interface CommunityRemovePlan {
  removable: boolean
  /** zh-CN: "该小区仍有 12 条诉求（例如 七口堰-2026-0042），不能删除" or "将删除小区“丽景花园”" */
  message: string
  /** each thing still referring to it, e.g. "12 条诉求（例如 七口堰-2026-0042）" */
  references: string[]
  /** what goes when removable, e.g. ["社区“新村社区”", "网格 2 个：第一网格、第二网格"] */
  removes: string[]
}

export interface CommunityRemoveResult {
  /** the community as stored after a grid or compound went; absent when the community went */
  community?: Community
  removed: string[]
  /** the backup taken first */
  backup: string
}

export const communityChannels = {
  'community:list': { input: emptyInput, result: returns<Community[]>() },
  'community:create': { input: communityCreateInput, result: returns<Community>() },
  'community:update': { input: communityUpdateInput, result: returns<Community>() },
} as const

/** Removal (issue 9), joined after the other areas so the channel list only grows at its end. */
export const communityRemoveChannels = {
  'community:removePlan': { input: communityRemoveTarget, result: returns<CommunityRemovePlan>() },
  'community:removeGrid': { input: communityRemoveGridInput, result: returns<CommunityRemoveResult>() },
  'community:removeCompound': { input: communityRemoveCompoundInput, result: returns<CommunityRemoveResult>() },
  'community:remove': { input: communityRemoveInput, result: returns<CommunityRemoveResult>() },
} as const
