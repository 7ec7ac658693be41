// Operator accounts: the stored record, its store, the sign-in limits, the audit identity and the
// input checks. operators.ts builds the service and the sessions on top of these.
import { AppError } from '../../shared/contract/errors'
import type { OperatorView } from '../../shared/contract/operator'
import { OPERATOR_ROLE_NAMES, isOperatorRole, type OperatorIdentity, type OperatorRole } from '../../shared/domain/permissions'
import type { AuditInput, AuditOperator } from './audit'
import { checkSecretPolicy, type ScryptParams } from './password'

export interface Operator {
  id: string
  name: string
  role: OperatorRole
  /** Communities this operator works in; absent = all. */
  communityIds?: string[]
  disabled: boolean
  /** scrypt$N$r$p$salt$hash (password.ts) */
  passwordHash: string
  failedAttempts: number
  /** ISO time until which sign-in is refused after too many failures. */
  lockedUntil?: string
  createdAt: string
  updatedAt: string
  revision: number
}

export type { OperatorView }

/** The data engine's collection (or memoryOperatorStore()). `save` bumps `revision`. */
export interface OperatorStore {
  list(): Operator[]
  get(id: string): Operator | undefined
  /** expectRevision: the revision read; a different stored one is a CONFLICT. A new record has none. */
  save(op: Operator, opts?: { expectRevision?: number }): Promise<Operator>
  delete(id: string, opts?: { expectRevision?: number }): Promise<void>
}

export function memoryOperatorStore(initial: Operator[] = []): OperatorStore {
  const rows = new Map(initial.map((o) => [o.id, structuredClone(o)]))
  const check = (id: string, expectRevision: number | undefined) => {
    const old = rows.get(id)
    if (expectRevision !== undefined && (old?.revision ?? 0) !== expectRevision) {
      throw new AppError('CONFLICT', '操作员信息已被他人修改，请刷新后重试')
    }
    return old
  }
  return {
    list: () => [...rows.values()].map((o) => structuredClone(o)),
    get: (id) => (rows.has(id) ? structuredClone(rows.get(id)!) : undefined),
    async save(op, opts = {}) {
      const old = check(op.id, opts.expectRevision)
      const saved = { ...structuredClone(op), revision: (old?.revision ?? 0) + 1 }
      rows.set(op.id, saved)
      return structuredClone(saved)
    },
    async delete(id, opts = {}) {
      check(id, opts.expectRevision)
      rows.delete(id)
    },
  }
}

export const MAX_FAILED_ATTEMPTS = 5
export const LOCKOUT_MS = 5 * 60_000
export const DEFAULT_IDLE_LOCK_MINUTES = 10
export const NAME_MAX = 32
const SESSION_KEY_MAX = 200
export const PHANTOM_MAX = 1000

/** The pause after the n-th failure in a row: 0.5 s, 1 s, 2 s, 4 s, then 8 s at most. */
export function failureDelayMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(500 * 2 ** (failures - 1), 8000)
}

export interface OperatorDeps {
  store: OperatorStore
  /** The audit log (only append is used). */
  audit: { append(input: AuditInput): Promise<unknown> }
  now?: () => Date
  /** Waits after a failed sign-in; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>
  /** Minutes without a call before a session locks itself; 0 = never. Read at every check. */
  idleLockMinutes?: () => number
  newId?: () => string
  scrypt?: ScryptParams
  /** Where errors that cannot be thrown (an audit entry of an automatic lock) go. */
  log?: (err: unknown) => void
}

export interface SessionState {
  operator: OperatorIdentity
  locked: boolean
  signedInAt: string
  lastActiveAt: string
}

export interface SessionStatus {
  /** No operator exists yet: the first one is made by setupFirstAdmin. */
  needsSetup: boolean
  session: SessionState | null
  /** The name of the last operator who signed in with `remember` on this machine (this run). */
  rememberedName?: string
}

export interface SignInInput {
  name?: string
  operatorId?: string
  secret: string
  remember?: boolean
}

export interface OperatorCreateInput {
  name: string
  role: OperatorRole
  communityIds?: string[]
  secret: string
}

export interface OperatorPatch {
  name?: string
  role?: OperatorRole
  /** null clears the scope (all communities) */
  communityIds?: string[] | null
  disabled?: boolean
  /** A new secret set by an admin (the operator forgot theirs); also clears a lockout. */
  secret?: string
  /** Lifts a lockout now. */
  clearLockout?: boolean
}

export interface Session {
  operatorId: string
  signedInAt: number
  lastActiveAt: number
  locked: boolean
}

export const SIGN_IN_FAILED = '姓名或密码不正确'
export const TOO_MANY_FAILURES = `登录失败次数过多，请 ${LOCKOUT_MS / 60_000} 分钟后再试`

/** Refusals of the session itself: nobody signed in, locked, or the sign-in failed. */
export function authError(message: string): AppError {
  return new AppError('UNAUTHENTICATED', message)
}

export const normalName = (name: string) => name.normalize('NFC').trim().toLowerCase()

export function auditOperator(op: Pick<Operator, 'id' | 'name' | 'role'>): AuditOperator {
  return { id: op.id, name: op.name, role: op.role }
}

export function auditActor(op: Pick<Operator, 'name' | 'role'>): string {
  return `${op.name}（${OPERATOR_ROLE_NAMES[op.role] ?? op.role}）`
}

export function toOperatorView(op: Operator, now: Date): OperatorView {
  const view: OperatorView = {
    id: op.id,
    name: op.name,
    role: op.role,
    disabled: op.disabled,
    lockedOut: isLockedOut(op, now),
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
    revision: op.revision,
  }
  if (op.communityIds?.length) view.communityIds = [...op.communityIds]
  return view
}

export function isLockedOut(op: { lockedUntil?: string }, now: Date): boolean {
  return op.lockedUntil !== undefined && Date.parse(op.lockedUntil) > now.getTime()
}

export function validName(raw: unknown): string {
  if (typeof raw !== 'string') throw new AppError('VALIDATION', '请填写姓名', { name: '请填写姓名' })
  const name = raw.normalize('NFC').trim()
  if (!name) throw new AppError('VALIDATION', '请填写姓名', { name: '请填写姓名' })
  if (Array.from(name).length > NAME_MAX) {
    throw new AppError('VALIDATION', `姓名不能超过 ${NAME_MAX} 个字`, { name: `姓名不能超过 ${NAME_MAX} 个字` })
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new AppError('VALIDATION', '姓名含有无效字符', { name: '姓名含有无效字符' })
  return name
}

export function validSecret(secret: unknown, field = 'secret'): string {
  const policy = checkSecretPolicy(secret)
  if (!policy.ok) throw new AppError('VALIDATION', policy.message, { [field]: policy.message })
  return secret as string
}

export function validRole(role: unknown): OperatorRole {
  if (!isOperatorRole(role)) throw new AppError('VALIDATION', '请选择身份', { role: '请选择身份' })
  return role
}

export function validCommunityIds(ids: unknown): string[] | undefined {
  if (ids === undefined || ids === null) return undefined
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string' || !x || x.length > 64) || ids.length > 100) {
    throw new AppError('VALIDATION', '社区范围无效', { communityIds: '社区范围无效' })
  }
  return ids.length ? [...new Set(ids as string[])] : undefined
}

export function validKey(sessionKey: unknown): string {
  if (typeof sessionKey !== 'string' || !sessionKey || sessionKey.length > SESSION_KEY_MAX) {
    throw authError('会话无效，请重新登录')
  }
  return sessionKey
}
