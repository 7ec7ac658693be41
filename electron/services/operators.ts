// Named operators and their sessions (issue 8). Operators live in an injected store (the data
// engine's `operators` collection once it exists; memoryOperatorStore() for tests). Sessions are
// kept in memory, keyed by the transport's session key (IPC: one per window; host: the session
// header), so the operator of a call always comes from the session, never from its payload.
// Every sign-in, failure, lockout, lock, unlock, sign-out and operator change is audited with
// the operator's id, name and role.
import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/contract/errors'
import type { OperatorView } from '../../shared/contract/operator'
import {
  OPERATOR_ROLE_NAMES,
  hasCapability,
  isOperatorRole,
  type OperatorIdentity,
  type OperatorRole,
} from '../../shared/domain/permissions'
import { toLocalIso } from '../../shared/domain/month'
import type { AuditInput, AuditOperator } from './audit'
import {
  DEFAULT_SCRYPT_PARAMS,
  checkSecretPolicy,
  dummySecretHash,
  hashSecret,
  needsRehash,
  verifySecret,
  type ScryptParams,
} from './password'

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
const NAME_MAX = 32
const SESSION_KEY_MAX = 200
const PHANTOM_MAX = 1000

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

interface Session {
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

const normalName = (name: string) => name.normalize('NFC').trim().toLowerCase()

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

function isLockedOut(op: { lockedUntil?: string }, now: Date): boolean {
  return op.lockedUntil !== undefined && Date.parse(op.lockedUntil) > now.getTime()
}

function validName(raw: unknown): string {
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

function validSecret(secret: unknown, field = 'secret'): string {
  const policy = checkSecretPolicy(secret)
  if (!policy.ok) throw new AppError('VALIDATION', policy.message, { [field]: policy.message })
  return secret as string
}

function validRole(role: unknown): OperatorRole {
  if (!isOperatorRole(role)) throw new AppError('VALIDATION', '请选择身份', { role: '请选择身份' })
  return role
}

function validCommunityIds(ids: unknown): string[] | undefined {
  if (ids === undefined || ids === null) return undefined
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string' || !x || x.length > 64) || ids.length > 100) {
    throw new AppError('VALIDATION', '社区范围无效', { communityIds: '社区范围无效' })
  }
  return ids.length ? [...new Set(ids as string[])] : undefined
}

function validKey(sessionKey: unknown): string {
  if (typeof sessionKey !== 'string' || !sessionKey || sessionKey.length > SESSION_KEY_MAX) {
    throw authError('会话无效，请重新登录')
  }
  return sessionKey
}

export type OperatorService = ReturnType<typeof createOperatorService>

export function createOperatorService(deps: OperatorDeps) {
  const now = deps.now ?? (() => new Date())
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const idleMinutes = deps.idleLockMinutes ?? (() => DEFAULT_IDLE_LOCK_MINUTES)
  const newId = deps.newId ?? (() => `op-${randomUUID()}`)
  const params = deps.scrypt ?? DEFAULT_SCRYPT_PARAMS
  const sessions = new Map<string, Session>()
  // Failure counters for names that do not exist, so an unknown name is delayed and "locked out"
  // exactly like a real one and sign-in never reveals whether a name exists.
  const phantoms = new Map<string, { failedAttempts: number; lockedUntil?: string }>()
  let rememberedId: string | undefined
  let dummyHash: Promise<string> | undefined

  // One writer: operator changes and sign-in bookkeeping run one at a time.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const iso = (ms?: number) => toLocalIso(ms === undefined ? now() : new Date(ms))

  const audit = (op: Pick<Operator, 'id' | 'name' | 'role'> | null, action: string, target: string, detail?: Record<string, unknown>) =>
    deps.audit.append({
      actor: op ? auditActor(op) : '未登录',
      ...(op ? { operator: auditOperator(op) } : {}),
      action,
      target,
      ...(detail ? { detail } : {}),
    })

  const enabledAdmins = (except?: string) => deps.store.list().filter((o) => o.role === 'admin' && !o.disabled && o.id !== except)

  const findByName = (name: string) => {
    const n = normalName(name)
    return deps.store.list().find((o) => normalName(o.name) === n)
  }

  /** The session's operator, re-read from the store: a disabled or deleted operator ends it. */
  async function live(sessionKey: string): Promise<{ session: Session; op: Operator } | null> {
    const session = sessions.get(sessionKey)
    if (!session) return null
    const op = deps.store.get(session.operatorId)
    if (!op || op.disabled) {
      sessions.delete(sessionKey)
      return null
    }
    const idle = idleMinutes()
    if (!session.locked && idle > 0 && now().getTime() - session.lastActiveAt >= idle * 60_000) {
      session.locked = true
      await audit(op, 'session.autoLock', op.id, { idleMinutes: idle }).catch((err) => deps.log?.(err))
    }
    return { session, op }
  }

  function state(session: Session, op: Operator): SessionState {
    const operator: OperatorIdentity = { id: op.id, name: op.name, role: op.role }
    if (op.communityIds?.length) operator.communityIds = [...op.communityIds]
    return { operator, locked: session.locked, signedInAt: iso(session.signedInAt), lastActiveAt: iso(session.lastActiveAt) }
  }

  /** The signed-in, unlocked operator of a session: for every guarded call. */
  async function requireActor(sessionKey: string): Promise<Operator> {
    const found = await live(validKey(sessionKey))
    if (!found) throw authError('请先登录')
    if (found.session.locked) throw authError('已锁定，请输入密码解锁')
    return found.op
  }

  async function requireAdmin(sessionKey: string): Promise<Operator> {
    const actor = await requireActor(sessionKey)
    // The dispatch checks the permission table first; this is the second lock on the same door.
    if (!hasCapability(actor.role, 'manageOperators')) {
      throw new AppError('FORBIDDEN', `当前身份（${OPERATOR_ROLE_NAMES[actor.role]}）无权执行“管理操作员账户”`)
    }
    return actor
  }

  /**
   * Checks a secret for an operator (or a name that does not exist) and keeps the failure count.
   * Throws the generic refusal (after the delay) on failure; returns the operator on success.
   */
  async function checkSecret(op: Operator | undefined, givenName: string, secret: string, failedAction: string): Promise<Operator> {
    type Outcome = { kind: 'ok'; op: Operator } | { kind: 'failed' | 'lockedOut'; failures: number }
    const outcome = await serial(async (): Promise<Outcome> => {
      const at = now()
      const fresh = op ? deps.store.get(op.id) : undefined
      const phantomKey = normalName(givenName).slice(0, 64)
      const counter = fresh ?? phantoms.get(phantomKey) ?? { failedAttempts: 0 }
      if (isLockedOut(counter, at)) return { kind: 'lockedOut', failures: 0 }
      let ok: boolean
      if (fresh) ok = await verifySecret(secret, fresh.passwordHash)
      else {
        dummyHash ??= dummySecretHash(params)
        await verifySecret(secret, await dummyHash)
        ok = false
      }
      if (ok && fresh) {
        let saved = fresh
        if (fresh.failedAttempts || fresh.lockedUntil || needsRehash(fresh.passwordHash, params)) {
          const next: Operator = { ...fresh, failedAttempts: 0, updatedAt: iso() }
          delete next.lockedUntil
          if (needsRehash(fresh.passwordHash, params)) next.passwordHash = await hashSecret(secret, params)
          saved = await deps.store.save(next, { expectRevision: fresh.revision })
        }
        return { kind: 'ok', op: saved }
      }
      // A lockout that has run out starts a fresh count.
      const before = counter.lockedUntil ? 0 : counter.failedAttempts
      const failures = before + 1
      const lockout = failures >= MAX_FAILED_ATTEMPTS
      const lockedUntil = lockout ? iso(at.getTime() + LOCKOUT_MS) : undefined
      if (fresh) {
        const next: Operator = { ...fresh, failedAttempts: lockout ? 0 : failures, updatedAt: iso() }
        if (lockedUntil) next.lockedUntil = lockedUntil
        else delete next.lockedUntil
        await deps.store.save(next, { expectRevision: fresh.revision })
        await audit(fresh, failedAction, fresh.id, { failures })
        if (lockout) await audit(fresh, 'session.lockout', fresh.id, { until: lockedUntil, failures })
      } else {
        if (phantoms.size >= PHANTOM_MAX) phantoms.delete(phantoms.keys().next().value!)
        phantoms.set(phantomKey, lockout ? { failedAttempts: 0, lockedUntil } : { failedAttempts: failures })
        await audit(null, failedAction, '', { name: givenName.slice(0, NAME_MAX), failures })
        if (lockout) await audit(null, 'session.lockout', '', { name: givenName.slice(0, NAME_MAX), until: lockedUntil })
      }
      return { kind: lockout ? 'lockedOut' : 'failed', failures }
    })
    if (outcome.kind === 'ok') return outcome.op
    await sleep(failureDelayMs(outcome.failures))
    throw authError(outcome.kind === 'failed' ? SIGN_IN_FAILED : TOO_MANY_FAILURES)
  }

  function startSession(sessionKey: string, op: Operator): SessionState {
    const t = now().getTime()
    const session: Session = { operatorId: op.id, signedInAt: t, lastActiveAt: t, locked: false }
    sessions.set(sessionKey, session)
    return state(session, op)
  }

  return {
    needsSetup: (): boolean => deps.store.list().length === 0,

    async status(sessionKey: string): Promise<SessionStatus> {
      const found = await live(validKey(sessionKey))
      const remembered = rememberedId ? deps.store.get(rememberedId) : undefined
      return {
        needsSetup: deps.store.list().length === 0,
        session: found ? state(found.session, found.op) : null,
        ...(remembered && !remembered.disabled ? { rememberedName: remembered.name } : {}),
      }
    },

    /** The first administrator, only while no operator exists; signs this session in. */
    async setupFirstAdmin(sessionKey: string, input: { name: string; secret: string }): Promise<SessionState> {
      validKey(sessionKey)
      const name = validName(input?.name)
      const secret = validSecret(input?.secret)
      const passwordHash = await hashSecret(secret, params)
      const op = await serial(async () => {
        if (deps.store.list().length > 0) throw new AppError('FORBIDDEN', '已经设置过管理员，请登录')
        const at = iso()
        const draft: Operator = {
          id: newId(), name, role: 'admin', disabled: false, passwordHash, failedAttempts: 0,
          createdAt: at, updatedAt: at, revision: 0,
        }
        await audit(draft, 'operator.setup', draft.id, { name, role: 'admin' })
        const saved = await deps.store.save(draft)
        await audit(saved, 'session.signIn', saved.id, { first: true })
        return saved
      })
      return startSession(sessionKey, op)
    },

    async list(sessionKey: string): Promise<OperatorView[]> {
      await requireAdmin(sessionKey)
      const at = now()
      return deps.store.list().map((o) => toOperatorView(o, at)).sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    },

    async create(sessionKey: string, input: OperatorCreateInput): Promise<OperatorView> {
      const actor = await requireAdmin(sessionKey)
      const name = validName(input?.name)
      const role = validRole(input?.role)
      const communityIds = validCommunityIds(input?.communityIds)
      const passwordHash = await hashSecret(validSecret(input?.secret), params)
      const saved = await serial(async () => {
        if (findByName(name)) throw new AppError('VALIDATION', `已有名为“${name}”的操作员`, { name: '姓名已被使用' })
        const at = iso()
        const draft: Operator = {
          id: newId(), name, role, disabled: false, passwordHash, failedAttempts: 0, createdAt: at, updatedAt: at, revision: 0,
        }
        if (communityIds) draft.communityIds = communityIds
        await audit(actor, 'operator.create', draft.id, { name, role, ...(communityIds ? { communityIds } : {}) })
        return deps.store.save(draft)
      })
      return toOperatorView(saved, now())
    },

    async update(sessionKey: string, input: { id: string; expectRevision?: number; patch: OperatorPatch }): Promise<OperatorView> {
      const actor = await requireAdmin(sessionKey)
      const patch = input?.patch ?? {}
      const name = patch.name !== undefined ? validName(patch.name) : undefined
      const role = patch.role !== undefined ? validRole(patch.role) : undefined
      const communityIds = patch.communityIds !== undefined ? validCommunityIds(patch.communityIds) : undefined
      if (patch.disabled !== undefined && typeof patch.disabled !== 'boolean') throw new AppError('VALIDATION', '状态无效')
      const passwordHash = patch.secret !== undefined ? await hashSecret(validSecret(patch.secret), params) : undefined
      const saved = await serial(async () => {
        const old = deps.store.get(input?.id)
        if (!old) throw new AppError('NOT_FOUND', '未找到该操作员')
        if (input.expectRevision !== undefined && input.expectRevision !== old.revision) {
          throw new AppError('CONFLICT', '操作员信息已被他人修改，请刷新后重试')
        }
        if (name !== undefined && normalName(name) !== normalName(old.name)) {
          if (findByName(name)) throw new AppError('VALIDATION', `已有名为“${name}”的操作员`, { name: '姓名已被使用' })
        }
        const next: Operator = { ...old, updatedAt: iso() }
        if (name !== undefined) next.name = name
        if (role !== undefined) next.role = role
        if (patch.communityIds !== undefined) {
          if (communityIds) next.communityIds = communityIds
          else delete next.communityIds
        }
        if (patch.disabled !== undefined) next.disabled = patch.disabled
        if (passwordHash) next.passwordHash = passwordHash
        if (passwordHash || patch.clearLockout) {
          next.failedAttempts = 0
          delete next.lockedUntil
        }
        if (old.id === actor.id && next.disabled) throw new AppError('FORBIDDEN', '不能停用自己的账户')
        const stillAdmin = next.role === 'admin' && !next.disabled
        if (old.role === 'admin' && !old.disabled && !stillAdmin && enabledAdmins(old.id).length === 0) {
          throw new AppError('FORBIDDEN', '至少要保留一名启用的管理员')
        }
        const changed = (['name', 'role', 'communityIds', 'disabled'] as const).filter(
          (k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]),
        )
        await audit(actor, 'operator.update', old.id, {
          name: next.name,
          changed: [...changed, ...(passwordHash ? ['secret'] : []), ...(patch.clearLockout ? ['lockout'] : [])],
          ...(role !== undefined && role !== old.role ? { from: old.role, to: role } : {}),
        })
        return deps.store.save(next, { expectRevision: old.revision })
      })
      // A new secret set by someone else ends the operator's open sessions.
      if (passwordHash && saved.id !== actor.id) {
        for (const [key, s] of sessions) if (s.operatorId === saved.id) sessions.delete(key)
      }
      return toOperatorView(saved, now())
    },

    async delete(sessionKey: string, input: { id: string; expectRevision?: number }): Promise<{ id: string; deleted: true }> {
      const actor = await requireAdmin(sessionKey)
      await serial(async () => {
        const old = deps.store.get(input?.id)
        if (!old) throw new AppError('NOT_FOUND', '未找到该操作员')
        if (old.id === actor.id) throw new AppError('FORBIDDEN', '不能删除自己的账户')
        if (old.role === 'admin' && !old.disabled && enabledAdmins(old.id).length === 0) {
          throw new AppError('FORBIDDEN', '至少要保留一名启用的管理员')
        }
        await audit(actor, 'operator.delete', old.id, { name: old.name, role: old.role })
        await deps.store.delete(old.id, { expectRevision: input.expectRevision ?? old.revision })
      })
      for (const [key, s] of sessions) if (s.operatorId === input.id) sessions.delete(key)
      if (rememberedId === input.id) rememberedId = undefined
      return { id: input.id, deleted: true }
    },

    /** Signs a session in by name (or id) and secret. Failures never tell whether the name exists. */
    async signIn(sessionKey: string, input: SignInInput): Promise<SessionState> {
      validKey(sessionKey)
      const secret = typeof input?.secret === 'string' ? input.secret : ''
      const byId = typeof input?.operatorId === 'string' ? deps.store.get(input.operatorId) : undefined
      const givenName = typeof input?.name === 'string' ? input.name : (input?.operatorId ?? '')
      const candidate = byId ?? (typeof input?.name === 'string' ? findByName(input.name) : undefined)
      const op = await checkSecret(candidate, String(givenName), secret, 'session.signInFailed')
      if (op.disabled) {
        await audit(op, 'session.signInRefused', op.id, { reason: 'disabled' })
        throw authError('该账户已停用，请联系管理员')
      }
      await audit(op, 'session.signIn', op.id, input.remember ? { remember: true } : undefined)
      const previous = sessions.get(sessionKey)
      if (previous && previous.operatorId !== op.id) {
        const prevOp = deps.store.get(previous.operatorId)
        if (prevOp) await audit(prevOp, 'session.signOut', prevOp.id, { replacedBy: op.id })
      }
      if (input.remember) rememberedId = op.id
      else if (rememberedId === op.id) rememberedId = undefined
      return startSession(sessionKey, op)
    },

    /** The session's state (null: nobody signed in); locks it first when it has been idle too long. */
    async current(sessionKey: string): Promise<SessionState | null> {
      const found = await live(validKey(sessionKey))
      return found ? state(found.session, found.op) : null
    },

    /** The operator for the permission check: null when nobody is signed in. */
    async subject(sessionKey: string): Promise<{ operator: OperatorIdentity; locked: boolean } | null> {
      const found = await live(validKey(sessionKey))
      return found ? { operator: state(found.session, found.op).operator, locked: found.session.locked } : null
    },

    /** Marks activity (the dispatch calls it after an accepted call); a locked session stays locked. */
    async touch(sessionKey: string): Promise<void> {
      const found = await live(validKey(sessionKey))
      if (found && !found.session.locked) found.session.lastActiveAt = now().getTime()
    },

    async lock(sessionKey: string): Promise<SessionState> {
      const found = await live(validKey(sessionKey))
      if (!found) throw authError('请先登录')
      if (!found.session.locked) {
        found.session.locked = true
        await audit(found.op, 'session.lock', found.op.id)
      }
      return state(found.session, found.op)
    },

    /** Unlocks with the session operator's secret; failures count toward the lockout. */
    async unlock(sessionKey: string, input: { secret: string }): Promise<SessionState> {
      const found = await live(validKey(sessionKey))
      if (!found) throw authError('请先登录')
      if (!found.session.locked) return state(found.session, found.op)
      try {
        await checkSecret(found.op, found.op.name, typeof input?.secret === 'string' ? input.secret : '', 'session.unlockFailed')
      } catch (err) {
        // Locked out while unlocking: the session ends; the next person signs in afresh.
        if ((err as Error).message === TOO_MANY_FAILURES) sessions.delete(sessionKey)
        throw err
      }
      await audit(found.op, 'session.unlock', found.op.id)
      found.session.locked = false
      found.session.lastActiveAt = now().getTime()
      return state(found.session, found.op)
    },

    async signOut(sessionKey: string): Promise<{ signedOut: boolean }> {
      const key = validKey(sessionKey)
      const session = sessions.get(key)
      if (!session) return { signedOut: false }
      const op = deps.store.get(session.operatorId)
      if (op) await audit(op, 'session.signOut', op.id)
      sessions.delete(key)
      return { signedOut: true }
    },

    /** The signed-in operator changes their own secret, naming the current one. */
    async changePassword(sessionKey: string, input: { current: string; next: string }): Promise<{ changed: true }> {
      const actor = await requireActor(sessionKey)
      const next = validSecret(input?.next, 'next')
      await checkSecret(actor, actor.name, typeof input?.current === 'string' ? input.current : '', 'operator.changePasswordFailed')
      if (next === input.current) throw new AppError('VALIDATION', '新密码不能与当前密码相同', { next: '新密码不能与当前密码相同' })
      const passwordHash = await hashSecret(next, params)
      await serial(async () => {
        const fresh = deps.store.get(actor.id)
        if (!fresh) throw authError('请先登录')
        await audit(fresh, 'operator.changePassword', fresh.id)
        await deps.store.save({ ...fresh, passwordHash, updatedAt: iso() }, { expectRevision: fresh.revision })
      })
      // Other sessions of the same operator end; this one stays.
      for (const [key, s] of sessions) if (s.operatorId === actor.id && key !== sessionKey) sessions.delete(key)
      return { changed: true }
    },

    /**
     * TEST ONLY (openBackend's devAutoSignIn, set by tests/e2e/harness.ts and never by main or the
     * preview host): signs a session in as the named operator without a secret. Audited.
     */
    async devSignIn(sessionKey: string, name: string): Promise<SessionState | null> {
      const key = validKey(sessionKey)
      if (sessions.has(key)) return null
      const op = findByName(name)
      if (!op || op.disabled) return null
      await audit(op, 'session.devSignIn', op.id, { test: true })
      return startSession(key, op)
    },

    /** Drops a transport session without an audit entry (a window closed; the host stopped). */
    forget(sessionKey: string): void {
      sessions.delete(sessionKey)
    },
  }
}
