// Named operators and their sessions (issue 8). Operators live in an injected store (the data
// engine's `operators` collection, operators-collection.ts; memoryOperatorStore() for tests). Sessions are
// kept in memory, keyed by the transport's session key (IPC: one per window; host: the session
// header), so the operator of a call always comes from the session, never from its payload.
// Every sign-in, failure, lockout, lock, unlock, sign-out and operator change is audited with
// the operator's id, name and role.
import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/contract/errors'
import { OPERATOR_ROLE_NAMES, hasCapability, type OperatorIdentity } from '../../shared/domain/permissions'
import { toLocalIso } from '../../shared/domain/month'
import { DEFAULT_SCRYPT_PARAMS, dummySecretHash, hashSecret, needsRehash, verifySecret } from './password'
import {
  NAME_MAX,
  type Operator,
  type OperatorView,
  MAX_FAILED_ATTEMPTS,
  LOCKOUT_MS,
  DEFAULT_IDLE_LOCK_MINUTES,
  PHANTOM_MAX,
  type OperatorDeps,
  type SessionState,
  type SessionStatus,
  type SignInInput,
  type OperatorCreateInput,
  type OperatorPatch,
  type Session,
  SIGN_IN_FAILED,
  TOO_MANY_FAILURES,
  normalName,
  auditActor,
  auditOperator,
  authError,
  failureDelayMs,
  isLockedOut,
  toOperatorView,
  validCommunityIds,
  validKey,
  validName,
  validRole,
  validSecret,
} from './operator-accounts'
export * from './operator-accounts'

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
