import { beforeEach, describe, expect, it } from 'vitest'
import type { AuditInput } from '../../electron/services/audit'
import {
  LOCKOUT_MS,
  SIGN_IN_FAILED,
  TOO_MANY_FAILURES,
  createOperatorService,
  failureDelayMs,
  memoryOperatorStore,
  type OperatorStore,
} from '../../electron/services/operators'
import { parseSecretHash } from '../../electron/services/password'
import { checkPermission } from '../../shared/domain/permissions'

const FAST = { N: 2 ** 10, r: 8, p: 1 }
const ADMIN_PIN = '270915'
const SEC_PW = '秘书的密码很长很长'

function setup(opts: { idle?: number; store?: OperatorStore; scrypt?: typeof FAST } = {}) {
  let t = new Date('2026-05-01T09:00:00+08:00').getTime()
  const clock = { advance: (ms: number) => (t += ms) }
  const sleeps: number[] = []
  const audit: AuditInput[] = []
  let n = 0
  const store = opts.store ?? memoryOperatorStore()
  const svc = createOperatorService({
    store,
    audit: { append: async (e) => void audit.push(e) },
    now: () => new Date(t),
    sleep: async (ms) => void sleeps.push(ms),
    idleLockMinutes: () => opts.idle ?? 10,
    newId: () => `op-${++n}`,
    scrypt: opts.scrypt ?? FAST,
  })
  return { svc, store, clock, sleeps, audit, actions: () => audit.map((a) => a.action) }
}

async function withTeam() {
  const ctx = setup()
  await ctx.svc.setupFirstAdmin('w-admin', { name: '王管理', secret: ADMIN_PIN })
  const sec = await ctx.svc.create('w-admin', { name: '李秘书', role: 'secretary', secret: SEC_PW })
  const leader = await ctx.svc.create('w-admin', { name: '赵领导', role: 'leader', secret: '31415926' })
  ctx.audit.length = 0
  return { ...ctx, sec, leader }
}

const rejects = async (p: Promise<unknown>, code: string, message?: string | RegExp) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e as { code: string; message: string },
  )
  expect(err, 'expected a refusal').not.toBeNull()
  expect(err!.code).toBe(code)
  if (message !== undefined) expect(err!.message).toMatch(message)
}

describe('first administrator', () => {
  it('is made only while no operator exists, signs the session in and is audited', async () => {
    const { svc, audit } = setup()
    expect((await svc.status('w1')).needsSetup).toBe(true)
    const s = await svc.setupFirstAdmin('w1', { name: ' 王管理 ', secret: ADMIN_PIN })
    expect(s.operator).toEqual({ id: 'op-1', name: '王管理', role: 'admin' })
    expect(s.locked).toBe(false)
    expect((await svc.status('w1')).needsSetup).toBe(false)
    await rejects(svc.setupFirstAdmin('w2', { name: '冒充者', secret: '88886666' }), 'FORBIDDEN', '已经设置过管理员')
    expect(await svc.current('w2')).toBeNull()
    expect(audit.map((a) => a.action)).toEqual(['operator.setup', 'session.signIn'])
    expect(audit[1].operator).toEqual({ id: 'op-1', name: '王管理', role: 'admin' })
    expect(audit[1].actor).toBe('王管理（管理员）')
  })

  it('applies the secret policy', async () => {
    const { svc } = setup()
    await rejects(svc.setupFirstAdmin('w1', { name: '王管理', secret: '1234' }), 'VALIDATION', 'PIN 码至少 6 位数字')
    await rejects(svc.setupFirstAdmin('w1', { name: '', secret: ADMIN_PIN }), 'VALIDATION', '请填写姓名')
  })

  it('lets only one of two concurrent setups through', async () => {
    const { svc, store } = setup()
    const results = await Promise.allSettled([
      svc.setupFirstAdmin('a', { name: '甲', secret: ADMIN_PIN }),
      svc.setupFirstAdmin('b', { name: '乙', secret: ADMIN_PIN }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(store.list()).toHaveLength(1)
  })
})

describe('operator management', () => {
  it('creates, lists, updates and deletes, never showing a hash', async () => {
    const { svc, sec, actions, audit } = await withTeam()
    const list = await svc.list('w-admin')
    expect(list.map((o) => [o.name, o.role])).toEqual([['王管理', 'admin'], ['李秘书', 'secretary'], ['赵领导', 'leader']])
    expect(JSON.stringify(list)).not.toMatch(/scrypt|passwordHash|failedAttempts/)
    const upd = await svc.update('w-admin', { id: sec.id, expectRevision: sec.revision, patch: { role: 'chair', communityIds: ['c-1'] } })
    expect(upd).toMatchObject({ role: 'chair', communityIds: ['c-1'], revision: sec.revision + 1 })
    await rejects(svc.update('w-admin', { id: sec.id, expectRevision: sec.revision, patch: { name: '过期' } }), 'CONFLICT')
    expect(await svc.delete('w-admin', { id: sec.id })).toEqual({ id: sec.id, deleted: true })
    await rejects(svc.update('w-admin', { id: sec.id, patch: {} }), 'NOT_FOUND')
    expect(actions()).toEqual(['operator.update', 'operator.delete'])
    expect(audit[0]).toMatchObject({ operator: { id: 'op-1', name: '王管理', role: 'admin' }, target: sec.id, detail: { from: 'secretary', to: 'chair', changed: ['role', 'communityIds'] } })
  })

  it('keeps names unique, ignoring case, width of spaces and Unicode form', async () => {
    const { svc, sec } = await withTeam()
    await rejects(svc.create('w-admin', { name: ' 李秘书', role: 'chair', secret: '13572468' }), 'VALIDATION', '已有名为“李秘书”的操作员')
    await svc.create('w-admin', { name: 'Amy', role: 'chair', secret: '13572468' })
    await rejects(svc.create('w-admin', { name: 'amy', role: 'chair', secret: '13572468' }), 'VALIDATION')
    await rejects(svc.update('w-admin', { id: sec.id, patch: { name: 'AMY' } }), 'VALIDATION')
    expect((await svc.update('w-admin', { id: sec.id, patch: { name: '李秘书' } })).name).toBe('李秘书') // its own name
  })

  it('refuses management to non-admins even if the dispatch forgot the check', async () => {
    const { svc, sec } = await withTeam()
    await svc.signIn('w-sec', { name: '李秘书', secret: SEC_PW })
    await rejects(svc.create('w-sec', { name: '新人', role: 'admin', secret: '13572468' }), 'FORBIDDEN', '当前身份（秘书）无权执行“管理操作员账户”')
    await rejects(svc.update('w-sec', { id: sec.id, patch: { role: 'admin' } }), 'FORBIDDEN')
    await rejects(svc.list('w-nobody'), 'UNAUTHENTICATED', '请先登录')
  })

  it('never deletes or disables yourself, and keeps one enabled admin', async () => {
    const { svc, sec } = await withTeam()
    await rejects(svc.delete('w-admin', { id: 'op-1' }), 'FORBIDDEN', '不能删除自己的账户')
    await rejects(svc.update('w-admin', { id: 'op-1', patch: { disabled: true } }), 'FORBIDDEN', '不能停用自己的账户')
    await rejects(svc.update('w-admin', { id: 'op-1', patch: { role: 'secretary' } }), 'FORBIDDEN', '至少要保留一名启用的管理员')
    // a second admin makes demoting the first possible; then the second is the last one
    await svc.update('w-admin', { id: sec.id, patch: { role: 'admin' } })
    await svc.signIn('w-sec', { name: '李秘书', secret: SEC_PW })
    await svc.update('w-sec', { id: 'op-1', patch: { role: 'leader' } })
    await rejects(svc.update('w-sec', { id: sec.id, patch: { role: 'leader' } }), 'FORBIDDEN')
    // a disabled admin does not count
    const third = await svc.create('w-sec', { name: '第三', role: 'admin', secret: '13572468' })
    await svc.update('w-sec', { id: third.id, patch: { disabled: true } })
    await rejects(svc.update('w-sec', { id: sec.id, patch: { role: 'chair' } }), 'FORBIDDEN', '至少要保留一名启用的管理员')
    await svc.delete('w-sec', { id: third.id })
  })

  it('lets a role change and a disable take effect on open sessions at once', async () => {
    const { svc, sec } = await withTeam()
    await svc.signIn('w-sec', { name: '李秘书', secret: SEC_PW })
    expect((await svc.subject('w-sec'))!.operator.role).toBe('secretary')
    await svc.update('w-admin', { id: sec.id, patch: { role: 'leader' } })
    expect((await svc.subject('w-sec'))!.operator.role).toBe('leader')
    await svc.update('w-admin', { id: sec.id, patch: { disabled: true } })
    expect(await svc.subject('w-sec')).toBeNull()
    await rejects(svc.signIn('w-sec', { name: '李秘书', secret: SEC_PW }), 'UNAUTHENTICATED', '该账户已停用，请联系管理员')
    await rejects(svc.signIn('w-sec', { name: '李秘书', secret: 'wrong-secret' }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
  })
})

describe('sign-in', () => {
  let ctx: Awaited<ReturnType<typeof withTeam>>
  beforeEach(async () => {
    ctx = await withTeam()
  })

  it('signs in by name or id, per session key', async () => {
    const s = await ctx.svc.signIn('w-sec', { name: '李秘书', secret: SEC_PW })
    expect(s.operator).toMatchObject({ id: ctx.sec.id, role: 'secretary' })
    await ctx.svc.signIn('w-leader', { operatorId: ctx.leader.id, secret: '31415926' })
    expect((await ctx.svc.current('w-sec'))!.operator.name).toBe('李秘书')
    expect((await ctx.svc.current('w-leader'))!.operator.name).toBe('赵领导')
    expect(await ctx.svc.current('w-other')).toBeNull()
    expect(ctx.audit.at(-1)).toMatchObject({ action: 'session.signIn', operator: { id: ctx.leader.id, name: '赵领导', role: 'leader' } })
  })

  it('answers a wrong secret and an unknown name alike, with growing delays', async () => {
    await rejects(ctx.svc.signIn('w', { name: '李秘书', secret: 'nope-nope' }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    await rejects(ctx.svc.signIn('w', { name: '不存在的人', secret: 'nope-nope' }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    await rejects(ctx.svc.signIn('w', { name: '李秘书', secret: 'nope-nope' }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    expect(ctx.sleeps).toEqual([500, 500, 1000])
    expect([1, 2, 3, 4, 5, 6].map(failureDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 8000])
    const failed = ctx.audit.filter((a) => a.action === 'session.signInFailed')
    expect(failed[0]).toMatchObject({ operator: { id: ctx.sec.id, name: '李秘书', role: 'secretary' }, detail: { failures: 1 } })
    expect(failed[1]).toMatchObject({ actor: '未登录', detail: { name: '不存在的人', failures: 1 } })
    expect(failed[1].operator).toBeUndefined()
    expect(JSON.stringify(ctx.audit)).not.toContain('nope-nope')
  })

  it('locks an account for 5 minutes after 5 failures, then lets it in again', async () => {
    for (let i = 1; i <= 4; i++) await rejects(ctx.svc.signIn('w', { name: '李秘书', secret: `bad-${i}-xxxx` }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    await rejects(ctx.svc.signIn('w', { name: '李秘书', secret: 'bad-5-xxxx' }), 'UNAUTHENTICATED', TOO_MANY_FAILURES)
    expect(ctx.sleeps).toEqual([500, 1000, 2000, 4000, 8000])
    expect(ctx.actions().filter((a) => a === 'session.lockout')).toHaveLength(1)
    expect(ctx.audit.find((a) => a.action === 'session.lockout')).toMatchObject({ operator: { id: ctx.sec.id } })
    // even the right secret is refused while locked out, and not counted
    await rejects(ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW }), 'UNAUTHENTICATED', TOO_MANY_FAILURES)
    expect((await ctx.svc.list('w-admin')).find((o) => o.id === ctx.sec.id)!.lockedOut).toBe(true)
    ctx.clock.advance(LOCKOUT_MS - 1000)
    await rejects(ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW }), 'UNAUTHENTICATED', TOO_MANY_FAILURES)
    ctx.clock.advance(1000)
    expect((await ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW })).operator.id).toBe(ctx.sec.id)
    expect(ctx.store.get(ctx.sec.id)).toMatchObject({ failedAttempts: 0 })
    expect(ctx.store.get(ctx.sec.id)!.lockedUntil).toBeUndefined()
  })

  it('locks out an unknown name the same way, so a lockout does not reveal a name', async () => {
    for (let i = 1; i <= 4; i++) await rejects(ctx.svc.signIn('w', { name: '路人', secret: `bad-${i}-xxxx` }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    await rejects(ctx.svc.signIn('w', { name: '路人', secret: 'bad-5-xxxx' }), 'UNAUTHENTICATED', TOO_MANY_FAILURES)
    await rejects(ctx.svc.signIn('w', { name: '路人', secret: 'bad-6-xxxx' }), 'UNAUTHENTICATED', TOO_MANY_FAILURES)
    expect(ctx.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 0])
  })

  it('lets an admin lift a lockout or set a new secret, which ends the old sessions', async () => {
    await ctx.svc.signIn('w-sec', { name: '李秘书', secret: SEC_PW })
    for (let i = 1; i <= 5; i++) await ctx.svc.signIn('w', { name: '李秘书', secret: `bad-${i}-xxxx` }).catch(() => undefined)
    await ctx.svc.update('w-admin', { id: ctx.sec.id, patch: { clearLockout: true } })
    expect((await ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW })).operator.id).toBe(ctx.sec.id)
    await ctx.svc.update('w-admin', { id: ctx.sec.id, patch: { secret: '新的秘书密码123' } })
    expect(await ctx.svc.current('w-sec')).toBeNull()
    expect(await ctx.svc.current('w')).toBeNull()
    await rejects(ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    await ctx.svc.signIn('w', { name: '李秘书', secret: '新的秘书密码123' })
    expect(ctx.audit.find((a) => a.action === 'operator.update' && (a.detail?.changed as string[]).includes('secret'))).toBeTruthy()
  })

  it('never takes the operator from a payload: the session decides', async () => {
    await ctx.svc.signIn('w-leader', { name: '赵领导', secret: '31415926' })
    // a forged id with a wrong secret does not sign in as the admin
    await rejects(ctx.svc.signIn('w-leader', { operatorId: 'op-1', name: '王管理', secret: 'forged!!' }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    const subject = await ctx.svc.subject('w-leader')
    expect(subject!.operator).toMatchObject({ id: ctx.leader.id, role: 'leader' })
    expect(checkPermission('demand:unmask', subject!.operator, { locked: subject!.locked })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // management calls are refused by the session's role, whatever the payload says
    await rejects(ctx.svc.update('w-leader', { id: ctx.leader.id, patch: { role: 'admin' } }), 'FORBIDDEN')
  })

  it('rehashes at sign-in when the stored parameters are weaker than the current ones', async () => {
    const stronger = createOperatorService({
      store: ctx.store,
      audit: { append: async () => undefined },
      sleep: async () => undefined,
      scrypt: { N: 2 ** 11, r: 8, p: 1 },
    })
    await stronger.signIn('w', { name: '李秘书', secret: SEC_PW })
    expect(parseSecretHash(ctx.store.get(ctx.sec.id)!.passwordHash)).toMatchObject({ N: 2 ** 11 })
    await ctx.svc.signIn('w2', { name: '李秘书', secret: SEC_PW })
  })
})

describe('sessions: lock, unlock, idle, sign-out, password change', () => {
  it('locks on request and unlocks with the secret; a locked session may call nothing guarded', async () => {
    const ctx = await withTeam()
    await ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW })
    expect((await ctx.svc.lock('w')).locked).toBe(true)
    const subject = await ctx.svc.subject('w')
    expect(checkPermission('demand:list', subject!.operator, { locked: subject!.locked })).toMatchObject({ code: 'UNAUTHENTICATED' })
    await rejects(ctx.svc.changePassword('w', { current: SEC_PW, next: '另一个很长的密码啊' }), 'UNAUTHENTICATED', '已锁定')
    await rejects(ctx.svc.unlock('w', { secret: 'wrong-one' }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    expect((await ctx.svc.unlock('w', { secret: SEC_PW })).locked).toBe(false)
    expect(ctx.actions()).toEqual(['session.signIn', 'session.lock', 'session.unlockFailed', 'session.unlock'])
    await rejects(ctx.svc.unlock('w-none', { secret: SEC_PW }), 'UNAUTHENTICATED', '请先登录')
  })

  it('locks itself after the idle minutes, and touch() keeps it open', async () => {
    const ctx = await withTeam()
    await ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW })
    ctx.clock.advance(9 * 60_000)
    await ctx.svc.touch('w')
    ctx.clock.advance(9 * 60_000)
    expect((await ctx.svc.current('w'))!.locked).toBe(false)
    ctx.clock.advance(60_000)
    expect((await ctx.svc.current('w'))!.locked).toBe(true)
    expect(ctx.audit.at(-1)).toMatchObject({ action: 'session.autoLock', operator: { id: ctx.sec.id }, detail: { idleMinutes: 10 } })
    await ctx.svc.touch('w') // does not unlock
    expect((await ctx.svc.current('w'))!.locked).toBe(true)
  })

  it('never locks itself when the setting is 0', async () => {
    const ctx = setup({ idle: 0 })
    await ctx.svc.setupFirstAdmin('w', { name: '王管理', secret: ADMIN_PIN })
    ctx.clock.advance(24 * 3600_000)
    expect((await ctx.svc.current('w'))!.locked).toBe(false)
  })

  it('ends the session when unlocking fails into a lockout', async () => {
    const ctx = await withTeam()
    await ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW })
    await ctx.svc.lock('w')
    for (let i = 1; i <= 4; i++) await rejects(ctx.svc.unlock('w', { secret: `bad-${i}-xxxx` }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    await rejects(ctx.svc.unlock('w', { secret: 'bad-5-xxxx' }), 'UNAUTHENTICATED', TOO_MANY_FAILURES)
    expect(await ctx.svc.current('w')).toBeNull()
    expect(ctx.actions()).toContain('session.lockout')
  })

  it('lets another operator sign in over a locked session (switching person), audited as a sign-out', async () => {
    const ctx = await withTeam()
    await ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW })
    await ctx.svc.lock('w')
    await ctx.svc.signIn('w', { name: '赵领导', secret: '31415926' })
    expect((await ctx.svc.current('w'))!.operator.name).toBe('赵领导')
    expect(ctx.audit.find((a) => a.action === 'session.signOut')).toMatchObject({ operator: { id: ctx.sec.id }, detail: { replacedBy: ctx.leader.id } })
  })

  it('signs out, audited', async () => {
    const ctx = await withTeam()
    await ctx.svc.signIn('w', { name: '李秘书', secret: SEC_PW, remember: true })
    expect((await ctx.svc.status('fresh')).rememberedName).toBe('李秘书')
    expect(await ctx.svc.signOut('w')).toEqual({ signedOut: true })
    expect(await ctx.svc.signOut('w')).toEqual({ signedOut: false })
    expect(await ctx.svc.current('w')).toBeNull()
    expect(ctx.audit.at(-1)).toMatchObject({ action: 'session.signOut', operator: { id: ctx.sec.id, name: '李秘书', role: 'secretary' } })
  })

  it('changes the own secret with the current one and ends the other sessions', async () => {
    const ctx = await withTeam()
    await ctx.svc.signIn('w1', { name: '李秘书', secret: SEC_PW })
    await ctx.svc.signIn('w2', { name: '李秘书', secret: SEC_PW })
    await rejects(ctx.svc.changePassword('w1', { current: 'wrong-pass', next: '另一个很长的密码啊' }), 'UNAUTHENTICATED', SIGN_IN_FAILED)
    await rejects(ctx.svc.changePassword('w1', { current: SEC_PW, next: '123' }), 'VALIDATION')
    await rejects(ctx.svc.changePassword('w1', { current: SEC_PW, next: SEC_PW }), 'VALIDATION', '新密码不能与当前密码相同')
    expect(await ctx.svc.changePassword('w1', { current: SEC_PW, next: '另一个很长的密码啊' })).toEqual({ changed: true })
    expect(await ctx.svc.current('w1')).not.toBeNull()
    expect(await ctx.svc.current('w2')).toBeNull()
    await rejects(ctx.svc.signIn('w3', { name: '李秘书', secret: SEC_PW }), 'UNAUTHENTICATED')
    await ctx.svc.signIn('w3', { name: '李秘书', secret: '另一个很长的密码啊' })
    expect(ctx.actions()).toContain('operator.changePassword')
  })

  it('refuses a missing or absurd session key', async () => {
    const ctx = await withTeam()
    await rejects(ctx.svc.current(''), 'UNAUTHENTICATED')
    await rejects(ctx.svc.current('x'.repeat(201)), 'UNAUTHENTICATED')
  })
})
