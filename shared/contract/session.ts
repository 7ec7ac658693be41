// session:* — who is signed in on this transport session (one per window / browser tab), the
// first administrator, sign-in, lock and unlock, sign-out and changing one's own secret. The
// session itself comes from the transport (IPC sender, host session header), never the payload.
import { z } from 'zod'
import type { OperatorIdentity } from '../domain/permissions'
import { SECRET_MAX_LENGTH, checkSecretPolicy } from '../domain/secret-policy'
import { emptyInput, returns } from './common'

export const OPERATOR_NAME_MAX = 32

/** An operator's name (姓名), as typed at sign-in or given by an administrator. */
export const operatorName = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(1, { error: '请填写姓名' })
  .refine((v) => Array.from(v).length <= OPERATOR_NAME_MAX, { error: `姓名不能超过 ${OPERATOR_NAME_MAX} 个字` })
  // eslint-disable-next-line no-control-regex
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: '姓名含有无效字符' })

/** A secret being checked (sign-in, unlock, the current one): any non-empty string up to the limit. */
export const givenSecret = (label: string) =>
  z
    .string({ error: `请输入${label}` })
    .min(1, { error: `请输入${label}` })
    .max(SECRET_MAX_LENGTH, { error: `${label}不能超过 ${SECRET_MAX_LENGTH} 个字符` })

/** A new secret: PIN of 6+ digits (not trivial) or a password of 8+ characters. */
export const newSecret = (label: string) =>
  z.string({ error: `请输入${label}` }).superRefine((v, ctx) => {
    const policy = checkSecretPolicy(v)
    if (!policy.ok) ctx.addIssue({ code: 'custom', message: `${label}：${policy.message}` })
  })

export const sessionSetupInput = z.strictObject(
  { name: operatorName, secret: newSecret('管理员密码') },
  { error: '提交的内容格式无效' },
)

export const sessionSignInInput = z.strictObject(
  {
    name: operatorName,
    secret: givenSecret('密码'),
    /** Remember the name on this computer for the next sign-in screen (never the secret). */
    remember: z.boolean({ error: '“记住姓名”须为是或否' }).optional(),
  },
  { error: '提交的内容格式无效' },
)

export const sessionUnlockInput = z.strictObject({ secret: givenSecret('密码') }, { error: '提交的内容格式无效' })

export const sessionChangePasswordInput = z
  .strictObject({ current: givenSecret('当前密码'), next: newSecret('新密码') }, { error: '提交的内容格式无效' })
  .refine((v) => v.current !== v.next, { error: '新密码不能与当前密码相同', path: ['next'] })

/** What the sign-in screen and the header need to know about this session. */
export interface SessionInfo {
  /** No operator exists yet: show the first-administrator form (session:setup). */
  needsSetup: boolean
  /** The signed-in operator of this session, or null. */
  operator: OperatorIdentity | null
  /** Signed in but locked (by session:lock or after idleLockMinutes without a call). */
  locked: boolean
  /** Minutes without a call before the session locks itself; 0 = never. */
  idleLockMinutes: number
  /** The name of the last operator who signed in with `remember` (this run), to prefill. */
  lastOperatorName?: string
}

export const sessionChannels = {
  'session:status': { input: emptyInput, result: returns<SessionInfo>() },
  'session:setup': { input: sessionSetupInput, result: returns<SessionInfo>() },
  'session:signIn': { input: sessionSignInInput, result: returns<SessionInfo>() },
  'session:unlock': { input: sessionUnlockInput, result: returns<SessionInfo>() },
  'session:lock': { input: emptyInput, result: returns<SessionInfo>() },
  'session:signOut': { input: emptyInput, result: returns<SessionInfo>() },
  'session:changePassword': { input: sessionChangePasswordInput, result: returns<{ changed: true }>() },
} as const
