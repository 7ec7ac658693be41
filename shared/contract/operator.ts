// operator:* — named operator accounts (administrators only): list, create, edit (rename, role,
// community scope, disable, reset the secret, lift a lockout) and delete.
import { z } from 'zod'
import { OPERATOR_ROLES, type OperatorRole } from '../domain/permissions'
import { emptyInput, id, returns, revision } from './common'
import { newSecret, operatorName } from './session'

export const OPERATOR_COMMUNITIES_MAX = 100

const role = z.enum(OPERATOR_ROLES, { error: '请选择身份' })

/** The communities an operator works in; empty = all communities. */
const communityIds = z
  .array(id('社区'), { error: '社区范围无效' })
  .max(OPERATOR_COMMUNITIES_MAX, { error: `社区范围最多 ${OPERATOR_COMMUNITIES_MAX} 个社区` })

export const operatorCreateInput = z.strictObject(
  { name: operatorName, role, secret: newSecret('初始密码'), communityIds: communityIds.optional() },
  { error: '提交的内容格式无效' },
)

export const operatorUpdateInput = z.strictObject({
  id: id('操作员'),
  revision,
  patch: z
    .strictObject(
      {
        name: operatorName,
        role,
        /** null or [] = all communities */
        communityIds: communityIds.nullable(),
        disabled: z.boolean({ error: '“停用”须为是或否' }),
        /** A new secret set by the administrator (the operator forgot theirs); clears a lockout. */
        secret: newSecret('新密码'),
        /** Lift a sign-in lockout now. */
        unlock: z.literal(true, { error: '“解除锁定”只能为是' }),
      },
      { error: '修改内容格式无效' },
    )
    .partial()
    .refine((p) => Object.keys(p).length > 0, { error: '没有要修改的内容' }),
})

export const operatorDeleteInput = z.strictObject({ id: id('操作员'), revision })

/** What leaves the backend about an operator: never the secret's hash or the failure counters. */
export interface OperatorView {
  id: string
  name: string
  role: OperatorRole
  communityIds?: string[]
  disabled: boolean
  /** Sign-in refused for now after too many failures (operator:update {unlock: true} lifts it). */
  lockedOut: boolean
  createdAt: string
  updatedAt: string
  revision: number
}

export const operatorChannels = {
  'operator:list': { input: emptyInput, result: returns<OperatorView[]>() },
  'operator:create': { input: operatorCreateInput, result: returns<OperatorView>() },
  'operator:update': { input: operatorUpdateInput, result: returns<OperatorView>() },
  'operator:delete': { input: operatorDeleteInput, result: returns<{ id: string; deleted: true }>() },
} as const
