// demand:* — residents' demands (诉求): record, edit, list, erase, and see one in full (audited).
import { z } from 'zod'
import type { DemandView } from '../domain/entities'
import { findPersonalNumber } from '../domain/personal-data'
import { parsePhone } from '../domain/phone'
import { withStreetOffset } from '../domain/month'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../domain/vocab'
import { id, month, page, pageSize, returns, revision, type Page } from './common'
import type { ImportReportFile } from './import'

// zh-CN messages live beside the rules so every rejection names the field in the user's words.

export const DESCRIPTION_MAX = 1000
export const NAME_MAX = 20
export const ADDRESS_MAX = 100
/**
 * Clock skew tolerated between the form's "now" and the service's. The future check itself is
 * the service's (demand.ts, with the injected clock): a schema must not read the wall clock.
 */
export const FUTURE_SLACK_MS = 5 * 60_000
export const RECEIVED_IN_FUTURE = '受理时间不能晚于当前时间'

// Wall-clock time, with its offset (2026-11-26T09:30:00+08:00, …Z) or without one. A time
// without an offset passes through as written: the service reads it in the street's time zone
// (the street:* setting, which a schema cannot read) and stores it with that zone's offset
// (withStreetOffset). The month (partition, statistics) is the month the time falls in, in the
// street's zone. The checks here read it in Asia/Shanghai: only validity and the 2000 floor.
const ISO_TIME = /^\d{4}-(0[1-9]|1[0-2])-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/

export const receivedAtSchema = z
  .string({ error: '请填写受理时间' })
  .refine((v) => ISO_TIME.test(v) && !Number.isNaN(Date.parse(withStreetOffset(v))), {
    error: '受理时间格式无效',
  })
  .refine((v) => !ISO_TIME.test(v) || Date.parse(withStreetOffset(v)) >= Date.parse('2000-01-01T00:00:00+08:00'), {
    error: '受理时间不能早于 2000 年',
  })

const reporterName = z
  .string({ error: '请填写反映人姓名' })
  .trim()
  .min(1, { error: '请填写反映人姓名' })
  .max(NAME_MAX, { error: `反映人姓名不能超过 ${NAME_MAX} 个字` })

/** Mobile or landline, stored normalised (shared/domain/phone.ts): 138 8888 6666 -> 13888886666. */
const reporterPhone = z.string({ error: '联系电话格式无效' }).transform((value, ctx) => {
  const parsed = parsePhone(value)
  if (parsed.ok) return parsed.value
  ctx.addIssue({ code: 'custom', message: parsed.message })
  return z.NEVER
})

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

export const HOUSEHOLD_MAX = 30

/** 联户单元 / 联户长: optional, free text (e.g. 3栋1单元联户, 张建国). */
const household = (label: string) =>
  z
    .string({ error: `${label}格式无效` })
    .trim()
    .max(HOUSEHOLD_MAX, { error: `${label}不能超过 ${HOUSEHOLD_MAX} 个字` })

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
  householdUnit: household('联户单元').optional(),
  householdLeader: household('联户长').optional(),
}

export const demandCreateInput = z.strictObject(demandFields, { error: '提交的内容格式无效' })

export const demandUpdateInput = z.strictObject({
  id: id('诉求'),
  /** The revision the editor read; a stale one is refused (CONFLICT). */
  revision,
  patch: z.strictObject(
    {
      /** Another community (the record moves; its case number stays). */
      communityId: demandFields.communityId,
      compoundId: demandFields.compoundId.nullable(),
      channel: demandFields.channel,
      category: demandFields.category,
      reporterName,
      reporterPhone: reporterPhone.nullable(),
      reporterAddress: reporterAddress.nullable(),
      receivedAt: receivedAtSchema,
      description,
      status: z.enum(DEMAND_STATUSES, { error: '诉求状态无效' }),
      householdUnit: household('联户单元').nullable(),
      householdLeader: household('联户长').nullable(),
    },
    { error: '修改内容格式无效' },
  )
    .partial()
    .refine((p) => Object.keys(p).length > 0, { error: '没有要修改的内容' }),
})

export const demandListInput = z
  .strictObject({
    communityId: id('社区').optional(),
    month: month('月份').optional(),
    /** Received in from..to (the dashboard's drill-down from a bucket or a period). */
    from: month('起始月份').optional(),
    to: month('截止月份').optional(),
    status: z.enum(DEMAND_STATUSES, { error: '诉求状态无效' }).optional(),
    category: z.enum(DEMAND_CATEGORIES, { error: '诉求类别无效' }).optional(),
    /** channel 'petition': the records behind 信访量 */
    channel: z.enum(DEMAND_CHANNELS, { error: '来源渠道无效' }).optional(),
    page,
    pageSize: pageSize(20),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { error: '起始月份不能晚于截止月份', path: ['from'] })

/** The demand ledger (诉求台账) as .xlsx: received in from..to (at most 10 years), the list's filters. */
export const DEMAND_EXPORT_MONTHS_MAX = 120
export const demandExportInput = z
  .strictObject({
    communityId: id('社区').optional(),
    from: month('起始月份'),
    to: month('截止月份'),
    status: z.enum(DEMAND_STATUSES, { error: '诉求状态无效' }).optional(),
  })
  .refine((v) => v.from <= v.to, { error: '起始月份不能晚于截止月份', path: ['from'] })
  .refine((v) => monthSpan(v.from, v.to) <= DEMAND_EXPORT_MONTHS_MAX, { error: '导出区间最长 10 年', path: ['to'] })

function monthSpan(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number)
  const [ty, tm] = to.split('-').map(Number)
  return (ty - fy) * 12 + (tm - fm) + 1
}

export const demandGetInput = z.strictObject({ id: id('诉求') })

export const DELETE_REASON_MAX = 200

export const DELETE_REASON_PHONE = '删除原因不能包含电话号码：原因会保留在审计日志中，请只写删除的理由'
export const DELETE_REASON_ID_CARD = '删除原因不能包含身份证号：原因会保留在审计日志中，请只写删除的理由'

/** Erasing a demand (personal data must be erasable); the reason is required. */
export const demandDeleteInput = z.strictObject({
  id: id('诉求'),
  revision,
  reason: z
    .string({ error: '请填写删除原因' })
    .trim()
    .min(1, { error: '请填写删除原因' })
    .max(DELETE_REASON_MAX, { error: `删除原因不能超过 ${DELETE_REASON_MAX} 字` })
    // The reason stays in the audit log after the record is erased: no personal numbers in it.
    .refine((v) => findPersonalNumber(v) !== 'phone', { error: DELETE_REASON_PHONE })
    .refine((v) => findPersonalNumber(v) !== 'idCard', { error: DELETE_REASON_ID_CARD }),
})

export const demandUnmaskInput = z.strictObject({ id: id('诉求') })

export type DemandPage = Page<DemandView>

/** A demand's personal data in full, for one person who asked and was audited. */
export interface UnmaskedDemand {
  id: string
  reporterName: string
  reporterPhone?: string
  reporterAddress?: string
}

export const demandChannels = {
  'demand:create': { input: demandCreateInput, result: returns<DemandView>() },
  'demand:update': { input: demandUpdateInput, result: returns<DemandView>() },
  'demand:get': { input: demandGetInput, result: returns<DemandView>() },
  'demand:delete': { input: demandDeleteInput, result: returns<{ id: string; deleted: true }>() },
  'demand:list': { input: demandListInput, result: returns<DemandPage>() },
  'demand:unmask': { input: demandUnmaskInput, result: returns<UnmaskedDemand>() },
  'demand:export': { input: demandExportInput, result: returns<ImportReportFile>() },
} as const
