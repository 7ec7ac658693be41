import { z } from 'zod'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES, LOCALES, ROLES } from '../domain/vocab'
import { isMonth } from '../domain/month'

// zh-CN messages live beside the rules so every rejection names the field in the user's words.

export const DESCRIPTION_MAX = 1000
export const NAME_MAX = 20
export const ADDRESS_MAX = 100
/** Clock skew tolerated between the form's "now" and the service's. */
const FUTURE_SLACK_MS = 5 * 60_000

const id = (label: string) =>
  z.string({ error: `请选择${label}` }).min(1, { error: `请选择${label}` }).max(64, { error: `${label}编号无效` })

const month = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isMonth, { error: `${label}须为“年-月”格式，如 2026-05` })

// Wall-clock time with its offset (e.g. 2026-11-26T09:30:00+08:00); the month is read from it.
const ISO_WITH_OFFSET = /^\d{4}-(0[1-9]|1[0-2])-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

export const receivedAtSchema = z
  .string({ error: '请填写受理时间' })
  .refine((v) => ISO_WITH_OFFSET.test(v) && !Number.isNaN(Date.parse(v)), {
    error: '受理时间格式无效',
  })
  .refine((v) => Date.parse(v) <= Date.now() + FUTURE_SLACK_MS, { error: '受理时间不能晚于当前时间' })
  .refine((v) => Date.parse(v) >= Date.parse('2000-01-01T00:00:00+08:00'), {
    error: '受理时间不能早于 2000 年',
  })

const reporterName = z
  .string({ error: '请填写反映人姓名' })
  .trim()
  .min(1, { error: '请填写反映人姓名' })
  .max(NAME_MAX, { error: `反映人姓名不能超过 ${NAME_MAX} 个字` })

const reporterPhone = z
  .string({ error: '联系电话格式无效' })
  .regex(/^1\d{10}$/, { error: '联系电话须为 11 位手机号码（以 1 开头）' })

const reporterAddress = z
  .string({ error: '住址格式无效' })
  .trim()
  .min(1, { error: '住址不能为空白' })
  .max(ADDRESS_MAX, { error: `住址不能超过 ${ADDRESS_MAX} 个字` })

const description = z
  .string({ error: '请填写诉求内容' })
  .trim()
  .min(1, { error: '请填写诉求内容' })
  .max(DESCRIPTION_MAX, { error: `诉求内容不能超过 ${DESCRIPTION_MAX} 字` })

export const demandFields = {
  communityId: id('社区'),
  compoundId: id('小区').optional(),
  channel: z.enum(DEMAND_CHANNELS, { error: '请选择诉求来源渠道' }),
  category: z.enum(DEMAND_CATEGORIES, { error: '请选择诉求类别' }),
  reporterName,
  reporterPhone: reporterPhone.optional(),
  reporterAddress: reporterAddress.optional(),
  receivedAt: receivedAtSchema,
  description,
}

export const demandCreateInput = z.strictObject(demandFields, { error: '提交的内容格式无效' })

export const demandUpdateInput = z.strictObject({
  id: id('诉求'),
  patch: z.strictObject(
    {
      compoundId: demandFields.compoundId.nullable(),
      channel: demandFields.channel,
      category: demandFields.category,
      reporterName,
      reporterPhone: reporterPhone.nullable(),
      reporterAddress: reporterAddress.nullable(),
      receivedAt: receivedAtSchema,
      description,
      status: z.enum(DEMAND_STATUSES, { error: '诉求状态无效' }),
    },
    { error: '修改内容格式无效' },
  )
    .partial()
    .refine((p) => Object.keys(p).length > 0, { error: '没有要修改的内容' }),
})

export const demandListInput = z.strictObject({
  communityId: id('社区').optional(),
  month: month('月份').optional(),
  status: z.enum(DEMAND_STATUSES, { error: '诉求状态无效' }).optional(),
  page: z.number({ error: '页码无效' }).int({ error: '页码无效' }).min(1, { error: '页码无效' }).default(1),
  pageSize: z
    .number({ error: '每页条数无效' })
    .int({ error: '每页条数无效' })
    .min(1, { error: '每页条数无效' })
    .max(200, { error: '每页最多 200 条' })
    .default(20),
})

export const demandGetInput = z.strictObject({ id: id('诉求') })

export const DELETE_REASON_MAX = 200

/** Erasing a demand (personal data must be erasable); the reason is required. */
export const demandDeleteInput = z.strictObject({
  id: id('诉求'),
  reason: z
    .string({ error: '请填写删除原因' })
    .trim()
    .min(1, { error: '请填写删除原因' })
    .max(DELETE_REASON_MAX, { error: `删除原因不能超过 ${DELETE_REASON_MAX} 字` }),
})

export const trendInput = z
  .strictObject({
    communityId: id('社区'),
    from: month('起始月份'),
    to: month('截止月份'),
    scope: z.enum(['all', 'petition'], { error: '统计口径无效' }).default('all'),
  })
  .refine((v) => v.from <= v.to, { error: '起始月份不能晚于截止月份', path: ['from'] })
  .refine((v) => monthsBetween(v.from, v.to) <= 120, { error: '统计区间最长 10 年', path: ['to'] })

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number)
  const [ty, tm] = to.split('-').map(Number)
  return (ty - fy) * 12 + (tm - fm) + 1
}

export const emptyInput = z.strictObject({}, { error: '此操作不需要参数' })

export const noticeDismissInput = z.strictObject({ id: id('提示') })

export const settingsUpdateInput = z
  .strictObject({
    locale: z.enum(LOCALES, { error: '界面语言无效' }).optional(),
    role: z.enum(ROLES, { error: '角色无效' }).optional(),
  })
  .refine((v) => v.locale !== undefined || v.role !== undefined, { error: '没有要修改的设置' })

// ---------- communities (社区管理) ----------

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
