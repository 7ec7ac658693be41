// people:* — the people directory of a community (会议人员): who sits for which of the five parties
// or attends as 列席. Phones are personal: stored encrypted, returned masked.
import { z } from 'zod'
import { PERSON_NAME_MAX, PERSON_PARTIES, PERSON_TEXT_MAX, type PersonView } from '../domain/meeting'
import type { PersonRemovePlan } from '../domain/person-usage'
import { findPersonalNumber } from '../domain/personal-data'
import { parsePhone } from '../domain/phone'
import { id, returns, revision } from './common'

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}格式无效` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    // The phone has its own (encrypted) field; a number typed here would be stored in clear.
    .refine((v) => findPersonalNumber(v) === null, { error: `${label}不能包含电话号码或身份证号` })

/** Mobile or landline, stored normalised; null clears it, absent keeps it. */
const phone = z.string({ error: '联系电话格式无效' }).transform((value, ctx) => {
  const parsed = parsePhone(value)
  if (parsed.ok) return parsed.value
  ctx.addIssue({ code: 'custom', message: parsed.message })
  return z.NEVER
})

export const peopleListInput = z.strictObject(
  { communityId: id('社区'), includeInactive: z.boolean({ error: '参数无效' }).optional() },
  { error: '提交的内容格式无效' },
)

export const peopleSaveInput = z
  .strictObject(
    {
      /** Absent: a new person. */
      id: id('人员').optional(),
      revision: revision.optional(),
      communityId: id('社区'),
      name: z
        .string({ error: '请填写姓名' })
        .trim()
        .min(1, { error: '请填写姓名' })
        .max(PERSON_NAME_MAX, { error: `姓名不能超过 ${PERSON_NAME_MAX} 个字` })
        .refine((v) => findPersonalNumber(v) === null, { error: '姓名不能包含电话号码或身份证号' }),
      /** The whole record: an edit sends every field (active too); only an absent phone is kept. */
      party: z.enum(PERSON_PARTIES, { error: '请选择所属方（社区党组织、五方之一或列席）' }),
      phone: phone.nullable().optional(),
      title: text('职务', PERSON_TEXT_MAX).optional(),
      unit: text('单位', PERSON_TEXT_MAX).optional(),
      active: z.boolean({ error: '请选择是否在任' }).default(true),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine((v, ctx) => {
    if (v.id !== undefined && v.revision === undefined) ctx.addIssue({ code: 'custom', path: ['revision'], message: '缺少记录版本号，请刷新后重试' })
  })

/** Read-only: what deleting the person takes, or why they may not be deleted (asked before any confirmation). */
export const peopleRemovePlanInput = z.strictObject({ id: id('人员') }, { error: '提交的内容格式无效' })

export const peopleRemoveInput = z.strictObject({ id: id('人员'), revision }, { error: '提交的内容格式无效' })

export const peopleChannels = {
  'people:list': { input: peopleListInput, result: returns<PersonView[]>() },
  'people:save': { input: peopleSaveInput, result: returns<PersonView>() },
  'people:removePlan': { input: peopleRemovePlanInput, result: returns<PersonRemovePlan>() },
  'people:remove': { input: peopleRemoveInput, result: returns<{ removed: string }>() },
} as const

export type { PersonRemovePlan }
