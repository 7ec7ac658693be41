// triage:* — 受理研判: decide on a new demand (accept, reject with a reason, solve on the spot,
// escalate), and find similar open demands (duplicates) for a demand or a draft being typed.
import { z } from 'zod'
import type { DemandView } from '../domain/entities'
import { TOPIC_LEVELS, TRIAGE_DECISIONS, URGENCIES } from '../domain/entities'
import { findPersonalNumber } from '../domain/personal-data'
import { parsePhone } from '../domain/phone'
import { DEMAND_CATEGORIES } from '../domain/vocab'
import { id, returns, revision } from './common'
import { DESCRIPTION_MAX } from './demand'

export const TRIAGE_TEXT_MAX = 200
export const SIMILAR_LIMIT_MAX = 20

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** Free text kept on the demand and shown to others: no phone or ID-card numbers in it. */
const note = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(TRIAGE_TEXT_MAX, { error: `${label}不能超过 ${TRIAGE_TEXT_MAX} 字` })
    .refine((v) => findPersonalNumber(v) === null, { error: `${label}不能包含电话号码或身份证号` })

export const triageDecideInput = z
  .strictObject(
    {
      id: id('诉求'),
      revision,
      decision: z.enum(TRIAGE_DECISIONS, { error: '请选择研判结果' }),
      reason: note('驳回原因').optional(),
      action: note('处理情况').optional(),
      level: z.enum(TOPIC_LEVELS, { error: '请选择办理层级' }).optional(),
      urgency: z.enum(URGENCIES, { error: '请选择紧急程度' }),
      /** YYYY-MM-DD; absent = the default for the level (street settings). */
      deadline: z
        .string({ error: '办理时限格式无效' })
        .refine((v) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: '办理时限须为“年-月-日”，如 2026-12-15' })
        .optional(),
      /** Corrects the category. */
      category: z.enum(DEMAND_CATEGORIES, { error: '诉求类别无效' }).optional(),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine((v, ctx) => {
    if (v.decision === 'rejected' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '驳回须填写原因' })
    if (v.decision === 'solved' && !v.action) ctx.addIssue({ code: 'custom', path: ['action'], message: '当场解决须写明处理情况' })
    if (v.decision === 'escalated' && v.level !== 'community' && v.level !== 'street') {
      ctx.addIssue({ code: 'custom', path: ['level'], message: '上报须选择社区或街道层级' })
    }
    if (v.decision === 'accepted' && !v.level) ctx.addIssue({ code: 'custom', path: ['level'], message: '请选择办理层级' })
  })

/** A demand already recorded (demandId), or a draft being typed (description and the rest). */
export const triageSimilarInput = z
  .strictObject(
    {
      demandId: id('诉求').optional(),
      description: z.string({ error: '诉求内容格式无效' }).max(DESCRIPTION_MAX, { error: `诉求内容不能超过 ${DESCRIPTION_MAX} 字` }).optional(),
      communityId: id('社区').optional(),
      compoundId: id('小区').optional(),
      /** Compared normalised inside the service; never returned. */
      phone: z
        .string({ error: '联系电话格式无效' })
        .max(40, { error: '联系电话格式无效' })
        .refine((v) => parsePhone(v).ok, { error: '联系电话格式无效' })
        .optional(),
      receivedAt: z.string({ error: '受理时间格式无效' }).max(40, { error: '受理时间格式无效' }).optional(),
      limit: z.number({ error: '条数无效' }).int({ error: '条数无效' }).min(1, { error: '条数无效' }).max(SIMILAR_LIMIT_MAX, { error: `最多 ${SIMILAR_LIMIT_MAX} 条` }).default(5),
    },
    { error: '提交的内容格式无效' },
  )
  .refine((v) => v.demandId !== undefined || (v.description ?? '').trim().length > 0, {
    error: '请提供诉求或诉求内容',
    path: ['description'],
  })

export interface SimilarDemand {
  demand: DemandView
  /** 0…1 */
  score: number
  textPercent: number
  reasons: string[]
  /** 内容相似 82% · 同一小区 · 同一电话 · 3 天内 */
  reasonText: string
  /** The topic the similar demand is in, if any (merge into it). */
  topicTitle?: string
}

export const triageChannels = {
  'triage:decide': { input: triageDecideInput, result: returns<DemandView>() },
  'triage:similar': { input: triageSimilarInput, result: returns<SimilarDemand[]>() },
} as const
