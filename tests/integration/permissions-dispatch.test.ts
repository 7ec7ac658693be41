// Issue 8 through the real backend: every row of the permission table, allowed and refused, with
// real sessions through dispatch; the operator always from the session; sign-in failures, disabled
// operators, locked sessions, self / last-admin protection, community scope, the deletion reason,
// the host's session header, and the audit tamper matrix through openBackend + audit:verify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CHANNELS, SESSION_HEADER, TOKEN_HEADER, type AuditEntry } from '../../shared/contract'
import { CAPABILITY_LABELS, CHANNEL_RULES, OPERATOR_ROLE_NAMES, OPERATOR_ROLES, checkPermission, type OperatorRole } from '../../shared/domain/permissions'
import { VALID } from '../helpers/valid-payloads'
import { openBackend } from '../../electron/api/backend'
import { fileAnchorStore } from '../../electron/services/audit'
import { failureDelayMs } from '../../electron/services/operators'
import { startHost } from '../../electron/host/server'
import { NAMES, SECRETS, openTeam, type Team, FAST_SCRYPT } from '../helpers/sessions'

const GUARD_REFUSAL = /请先登录|已锁定|无权执行|未登记权限/
const COMMUNITY = { name: '东门社区', grids: [], compounds: [] }
const DEMAND = {
  channel: 'hotline',
  category: 'parking',
  reporterName: '王芳',
  reporterPhone: '13812345678',
  reporterAddress: '5栋2单元301',
  receivedAt: '2026-05-10T09:00:00+08:00',
  description: '楼下车位被长期占用',
}

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function team(): Promise<Team> {
  const t = await openTeam()
  dirs.push(t.dataDir)
  return t
}

describe('the permission table through dispatch, with real sessions', () => {
  let t: Team
  beforeAll(async () => {
    t = await team()
  })
  afterAll(() => t.backend.close({ backup: false }))

  it('every channel × every role (and signed out): refused by the guard exactly when the table says so', async () => {
    // A team of its own: changePassword rows end the other sessions of those operators.
    const t = await team()
    const rows: string[] = []
    for (const channel of CHANNELS) {
      for (const who of [...OPERATOR_ROLES, null] as const) {
        // A fresh session per call, so signOut / lock / failed secrets do not leak into the next row.
        const call = who ? await t.signedIn(who) : t.session()
        // Secrets in the samples are the caller's own (a wrong one would count toward a lockout).
        const own = who ? SECRETS[who] : 'not-a-secret'
        const payload =
          channel === 'session:signIn'
            ? { name: who ? NAMES[who] : '无此人', secret: own }
            : channel === 'session:unlock'
              ? { secret: own }
              : channel === 'session:changePassword'
                ? { current: own, next: `${own}-next` }
                : VALID[channel]
        const env = await call(channel, payload)
        if (channel === 'session:changePassword' && env.ok && who) {
          await call(channel, { current: `${own}-next`, next: own })
        }
        const verdict = checkPermission(channel, who ? { role: who } : null)
        const refused = !env.ok && GUARD_REFUSAL.test(env.error.message) && ['UNAUTHENTICATED', 'FORBIDDEN'].includes(env.error.code)
        rows.push(`${channel} ${who ?? 'signed-out'} ${verdict.ok ? 'allowed' : 'refused'} → ${env.ok ? 'ok' : env.error.code}`)
        // A public channel always passes the guard; its service may still say 请先登录 (unlock).
        const isPublic = CHANNEL_RULES[channel as keyof typeof CHANNEL_RULES] === 'public'
        if (verdict.ok) {
          if (!isPublic) expect(refused, `${channel} as ${who}: ${JSON.stringify(env)}`).toBe(false)
        } else {
          expect(env, `${channel} as ${who}`).toMatchObject({ ok: false, error: { code: verdict.code } })
          if (who && !env.ok) {
            const rule = CHANNEL_RULES[channel as keyof typeof CHANNEL_RULES] as keyof typeof CAPABILITY_LABELS
            expect(env.error.message).toBe(`当前身份（${OPERATOR_ROLE_NAMES[who as OperatorRole]}）无权执行“${CAPABILITY_LABELS[rule]}”`)
          }
        }
      }
    }
    console.log(`permission rows checked: ${rows.length}`)
    await t.backend.close({ backup: false })
  })

  it('refuses before parsing: a forbidden caller gets FORBIDDEN even for a malformed payload', async () => {
    expect(await t.as.leader('demand:unmask', { nonsense: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.session()('demand:list', 42)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } })
  })

  it('settings:update grants nothing: a leader who sets the role “secretary” still cannot unmask', async () => {
    const c = await t.as.admin('community:create', COMMUNITY)
    const cid = (c as { result: { id: string } }).result.id
    const d = (await t.as.secretary('demand:create', { ...DEMAND, communityId: cid })) as { ok: true; result: { id: string } }
    expect(await t.as.leader('settings:update', { role: 'secretary' })).toMatchObject({ ok: true })
    expect(await t.as.leader('demand:unmask', { id: d.result.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // and the audited unmask names the session's operator, whatever the payload or ctx claim
    const forged = await t.backend.call('demand:unmask', { id: d.result.id }, {
      transport: 'internal',
      sessionKey: (t.as.secretary as unknown as { key: string }).key,
      operator: { id: t.ids.admin, name: NAMES.admin, role: 'admin' },
    })
    expect(forged).toMatchObject({ ok: true, result: { reporterPhone: '13812345678' } })
    const entries = (await t.backend.audit.list({ page: 1, pageSize: 1 })).items as Array<AuditEntry & { operator?: unknown }>
    expect(entries[0]).toMatchObject({ action: 'demand.unmask', actor: '李秘书（秘书）', operator: { id: t.ids.secretary, role: 'secretary' } })
  })

  it('ignores an operator id in a payload: unknown keys are refused, the session decides', async () => {
    expect(await t.as.leader('demand:list', { operatorId: t.ids.admin })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.session()('session:signIn', { name: NAMES.admin, secret: 'x', operatorId: t.ids.admin })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
  })
})

describe('sessions', () => {
  it('a wrong secret is counted and delayed (injected sleep); an unknown name alike; then lockout', async () => {
    const t = await team()
    const s = t.session()
    for (let i = 1; i <= 4; i++) {
      expect(await s('session:signIn', { name: NAMES.chair, secret: `wrong-${i}-xx` })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: '姓名或密码不正确' },
      })
    }
    expect(t.sleeps).toEqual([1, 2, 3, 4].map(failureDelayMs))
    expect(await s('session:signIn', { name: NAMES.chair, secret: 'wrong-5-xx' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('登录失败次数过多') } })
    expect(await s('session:signIn', { name: NAMES.chair, secret: SECRETS.chair })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await s('session:signIn', { name: '不存在', secret: 'wrong-1-xx' })).toMatchObject({ ok: false, error: { message: '姓名或密码不正确' } })
    // the admin lifts the lockout
    const list = (await t.as.admin('operator:list', {})) as { ok: true; result: Array<{ id: string; revision: number; lockedOut: boolean }> }
    const chair = list.result.find((o) => o.id === t.ids.chair)!
    expect(chair.lockedOut).toBe(true)
    expect(await t.as.admin('operator:update', { id: chair.id, revision: chair.revision, patch: { unlock: true } })).toMatchObject({ ok: true, result: { lockedOut: false } })
    expect(await s('session:signIn', { name: NAMES.chair, secret: SECRETS.chair })).toMatchObject({ ok: true, result: { operator: { role: 'chair' } } })
    const actions = (await t.backend.audit.list({ page: 1, pageSize: 100 })).items.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['session.signInFailed', 'session.lockout', 'operator.update', 'session.signIn']))
    await t.backend.close({ backup: false })
  })

  it('a disabled operator is signed out at once and cannot sign in', async () => {
    const t = await team()
    const list = (await t.as.admin('operator:list', {})) as { ok: true; result: Array<{ id: string; revision: number }> }
    const leader = list.result.find((o) => o.id === t.ids.leader)!
    expect(await t.as.admin('operator:update', { id: leader.id, revision: leader.revision, patch: { disabled: true } })).toMatchObject({ ok: true })
    expect(await t.as.leader('demand:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.session()('session:signIn', { name: NAMES.leader, secret: SECRETS.leader })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: '该账户已停用，请联系管理员' },
    })
    await t.backend.close({ backup: false })
  })

  it('a locked session may call nothing guarded until unlocked with the secret', async () => {
    const t = await team()
    expect(await t.as.secretary('session:lock', {})).toMatchObject({ ok: true, result: { locked: true, operator: { role: 'secretary' } } })
    expect(await t.as.secretary('demand:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '已锁定，请输入密码解锁' } })
    expect(await t.as.secretary('session:unlock', { secret: 'wrong-secret' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.as.secretary('session:unlock', { secret: SECRETS.secretary })).toMatchObject({ ok: true, result: { locked: false } })
    expect(await t.as.secretary('demand:list', {})).toMatchObject({ ok: true })
    await t.backend.close({ backup: false })
  })

  it('locks itself after idleLockMinutes without a call', async () => {
    let now = new Date('2026-05-20T09:00:00+08:00').getTime()
    const t = await openTeam({ now: () => new Date(now), idleLockMinutes: 10 })
    dirs.push(t.dataDir)
    expect(await t.as.chair('session:status', {})).toMatchObject({ ok: true, result: { locked: false, idleLockMinutes: 10 } })
    now += 11 * 60_000
    expect(await t.as.chair('demand:list', {})).toMatchObject({ ok: false, error: { message: '已锁定，请输入密码解锁' } })
    await t.backend.close({ backup: false })
  })

  it('refuses deleting oneself and the last enabled administrator; signOut ends the session', async () => {
    const t = await team()
    const list = (await t.as.admin('operator:list', {})) as { ok: true; result: Array<{ id: string; revision: number }> }
    const admin = list.result.find((o) => o.id === t.ids.admin)!
    expect(await t.as.admin('operator:delete', { id: admin.id, revision: admin.revision })).toMatchObject({ ok: false, error: { message: '不能删除自己的账户' } })
    expect(await t.as.admin('operator:update', { id: admin.id, revision: admin.revision, patch: { role: 'leader' } })).toMatchObject({
      ok: false,
      error: { message: '至少要保留一名启用的管理员' },
    })
    expect(await t.as.admin('session:signOut', {})).toMatchObject({ ok: true, result: { operator: null } })
    expect(await t.as.admin('operator:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await t.session()('session:setup', { name: '冒充者', secret: 'another-secret' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await t.backend.close({ backup: false })
  })

  it('operators survive a restart (operators.json in the data folder) and a restore does not roll them back', async () => {
    const t = await team()
    await t.as.admin('community:create', COMMUNITY)
    const backup = (await t.as.admin('backup:create', {})) as { ok: true; result: { id: string } }
    const list = (await t.as.admin('operator:list', {})) as { ok: true; result: Array<{ id: string; revision: number }> }
    const leader = list.result.find((o) => o.id === t.ids.leader)!
    await t.as.admin('operator:delete', { id: leader.id, revision: leader.revision })
    const restored = await t.as.admin('backup:restore', { id: backup.result.id })
    expect(restored, JSON.stringify(restored)).toMatchObject({ ok: true })
    await new Promise((r) => setTimeout(r, 20))
    const after = (await t.as.admin('operator:list', {})) as { ok: true; result: Array<{ id: string }> }
    expect(after.result.map((o) => o.id)).not.toContain(t.ids.leader)
    const stored = JSON.parse(await readFile(join(t.dataDir, 'operators.json'), 'utf8'))
    expect(JSON.stringify(stored)).not.toContain(SECRETS.admin)
    await t.backend.close({ backup: false })
  })
})

describe('community scope', () => {
  it('an operator with communityIds sees and edits only those communities', async () => {
    const t = await team()
    const a = ((await t.as.admin('community:create', { ...COMMUNITY, name: '甲社区' })) as { ok: true; result: { id: string } }).result.id
    const b = ((await t.as.admin('community:create', { ...COMMUNITY, name: '乙社区' })) as { ok: true; result: { id: string } }).result.id
    const inB = ((await t.as.admin('demand:create', { ...DEMAND, communityId: b })) as { ok: true; result: { id: string; revision: number } }).result
    await t.as.admin('demand:create', { ...DEMAND, communityId: a })
    await t.as.admin('operator:create', { name: '甲社区秘书', role: 'secretary', secret: 'scoped-secret-1', communityIds: [a] })
    const s = await t.signedIn('secretary', '甲社区秘书', 'scoped-secret-1')
    expect(await s('session:status', {})).toMatchObject({ ok: true, result: { operator: { communityIds: [a] } } })
    const listed = (await s('demand:list', {})) as { ok: true; result: { total: number; items: Array<{ communityId: string }> } }
    expect(listed.result.total).toBe(1)
    expect(listed.result.items.every((d) => d.communityId === a)).toBe(true)
    const refusal = { ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('只负责部分社区') } }
    expect(await s('demand:list', { communityId: b })).toMatchObject(refusal)
    expect(await s('demand:get', { id: inB.id })).toMatchObject(refusal)
    expect(await s('demand:unmask', { id: inB.id })).toMatchObject(refusal)
    expect(await s('demand:update', { id: inB.id, revision: inB.revision, patch: { status: 'accepted' } })).toMatchObject(refusal)
    expect(await s('demand:delete', { id: inB.id, revision: inB.revision, reason: '重复登记' })).toMatchObject(refusal)
    expect(await s('demand:create', { ...DEMAND, communityId: b })).toMatchObject(refusal)
    expect(await s('stats:petitionTrend', { communityId: b, from: '2026-01', to: '2026-05', scope: 'all' })).toMatchObject(refusal)
    expect(await s('stats:petitionTrend', { communityId: a, from: '2026-01', to: '2026-05', scope: 'all' })).toMatchObject({ ok: true })
    expect(await s('stats:street', { preset: 'thisMonth', communityIds: [b] })).toMatchObject(refusal)
    const streetStats = (await s('stats:street', { preset: 'yearToDate' })) as { ok: true; result: { street: { name: string }; ranking: { rows: Array<{ communityId: string }> } } }
    expect(streetStats.result.street.name).toBe('所辖1个社区')
    expect(streetStats.result.ranking.rows.map((r) => r.communityId)).toEqual([a])
    await t.backend.close({ backup: false })
  })
})

describe('deletion reason', () => {
  it('refuses a reason holding a phone or ID-card number, names the field, writes nothing', async () => {
    const t = await team()
    const cid = ((await t.as.admin('community:create', COMMUNITY)) as { ok: true; result: { id: string } }).result.id
    const d = ((await t.as.secretary('demand:create', { ...DEMAND, communityId: cid })) as { ok: true; result: { id: string; revision: number } }).result
    const before = (await t.backend.audit.list({ page: 1, pageSize: 1 })).total
    for (const reason of ['居民 138 1234 5678 要求删除', '来电 010-87654321 撤回', '身份证 11010519491231002X 重复', '０２１８７６５４３２１']) {
      const env = await t.as.secretary('demand:delete', { id: d.id, revision: d.revision, reason })
      expect(env, reason).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { reason: expect.stringMatching(/删除原因不能包含/) } } })
    }
    expect((await t.backend.audit.list({ page: 1, pageSize: 1 })).total).toBe(before)
    expect(await t.as.secretary('demand:delete', { id: d.id, revision: d.revision, reason: '重复登记（2026-05-10 已合并）' })).toMatchObject({ ok: true })
    await t.backend.close({ backup: false })
  })
})

describe('host session header', () => {
  it('refuses a call without or with a malformed x-yishi-session (401 UNAUTHENTICATED); sessions are per header', async () => {
    const t = await team()
    const dir = await mkdtemp(join(tmpdir(), 'yishi-hs-'))
    dirs.push(dir)
    await writeFile(join(dir, 'index.html'), '<html><head></head><body></body></html>')
    const host = await startHost({ handlers: t.backend.handlers, staticDir: dir, onSessionEnd: (k) => t.backend.operators.forget(k) })
    const post = (channel: string, body: unknown, session?: string) =>
      fetch(`${host.url}api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, ...(session !== undefined ? { [SESSION_HEADER]: session } : {}) },
        body: JSON.stringify(body),
      })
    for (const bad of [undefined, '', 'short', 'x'.repeat(200), 'has spaces in it and more text']) {
      const res = await post('session:status', {}, bad)
      expect(res.status, String(bad)).toBe(401)
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    }
    const tabA = randomBytes(24).toString('base64url')
    const tabB = randomBytes(24).toString('base64url')
    expect(await (await post('session:signIn', { name: NAMES.chair, secret: SECRETS.chair }, tabA)).json()).toMatchObject({ ok: true })
    expect(await (await post('demand:list', {}, tabA)).json()).toMatchObject({ ok: true })
    expect(await (await post('demand:list', {}, tabB)).json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    await host.close()
    // closing the host ends its sessions
    expect(await t.backend.call('demand:list', {}, { transport: 'http', sessionKey: `http:${tabA}` })).toMatchObject({ ok: false })
    await t.backend.close({ backup: false })
  })
})

describe('audit tamper matrix through openBackend + audit:verify', () => {
  type Tamper = (file: string, lines: string[]) => Promise<void>
  const cases: Array<[string, Tamper, RegExp]> = [
    ['an entry edited', async (f, l) => writeFile(f, l.map((x, i) => (i === 1 ? x.replace('session.signIn', 'session.signOut') : x)).join('\n') + '\n'), /内容已被改动|校验码不符/],
    ['the tail truncated', async (f, l) => writeFile(f, l.slice(0, l.length - 2).join('\n') + '\n'), /少了/],
    ['emptied', async (f) => writeFile(f, ''), /是空的/],
    ['deleted', async (f) => unlink(f), /不见了/],
    [
      're-chained without the key (plain sha256)',
      async (f, l) => {
        const { chainEntry } = await import('../../electron/services/audit')
        let prev = '0'.repeat(64)
        const out = l.map((x, i) => {
          const e = JSON.parse(x)
          const again = chainEntry(i + 1, prev, { actor: e.actor, action: e.action, target: e.target, detail: e.detail, operator: e.operator }, new Date(e.at))
          prev = again.hash
          return JSON.stringify(again)
        })
        await writeFile(f, out.join('\n') + '\n')
      },
      /校验码不符|不持有密钥|与锚点不符/,
    ],
  ]
  for (const [name, tamper, reason] of cases) {
    it(`${name}: audit:verify and the start check say why`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'yishi-tamper-'))
      const anchorDir = await mkdtemp(join(tmpdir(), 'yishi-anchor-'))
      dirs.push(dataDir, anchorDir)
      const key = randomBytes(32)
      const open = () =>
        openBackend({
          dataDir,
          key: { key: Buffer.from(key), protection: 'none' },
          scrypt: FAST_SCRYPT,
          auditAnchor: (k) => fileAnchorStore(join(anchorDir, 'audit-head.json'), k),
          log: () => undefined,
        })
      let b = await open()
      const s = { transport: 'internal' as const, sessionKey: 'tamper' }
      await b.call('session:setup', { name: NAMES.admin, secret: SECRETS.admin }, s)
      await b.call('session:lock', {}, s)
      await b.call('session:unlock', { secret: SECRETS.admin }, s)
      expect(await b.call('audit:verify', {}, s)).toMatchObject({ ok: true, result: { ok: true } })
      await b.close({ backup: false })
      const file = join(dataDir, 'audit', 'audit.jsonl')
      const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean)
      expect(lines.length).toBeGreaterThanOrEqual(4)
      await tamper(file, lines)
      b = await open()
      const status = (await b.call('app:status', {}, s)) as { ok: true; result: { security: { audit: { ok: boolean; reason?: string } }; notices: Array<{ message: string }> } }
      expect(status.result.security.audit.ok).toBe(false)
      expect(status.result.security.audit.reason).toMatch(reason)
      expect(status.result.notices.some((n) => n.message.startsWith('审计日志校验未通过'))).toBe(true)
      await b.call('session:signIn', { name: NAMES.admin, secret: SECRETS.admin }, s).catch(() => undefined)
      // audit:verify after a new entry: still broken (the anchor is frozen on a broken start)
      expect(await b.call('audit:verify', {}, s)).toMatchObject({ ok: true, result: { ok: false } })
      await b.close({ backup: false })
    })
  }

  it('an unkeyed log from before issue 8 is adopted once (marker audit/keyed.json), then anchored', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'yishi-adopt-'))
    const anchorDir = await mkdtemp(join(tmpdir(), 'yishi-anchor-'))
    dirs.push(dataDir, anchorDir)
    const { openAuditLog } = await import('../../electron/services/audit')
    const legacy = await openAuditLog({ dataDir })
    await legacy.append({ actor: '秘书', action: 'demand.unmask', target: 'd-1' })
    const key = randomBytes(32)
    const open = () =>
      openBackend({
        dataDir,
        key: { key: Buffer.from(key), protection: 'none' },
        scrypt: FAST_SCRYPT,
        auditAnchor: (k) => fileAnchorStore(join(anchorDir, 'audit-head.json'), k),
        log: () => undefined,
      })
    let b = await open()
    expect(b.audit.startupResult()).toEqual({ ok: true, entries: 1 })
    await b.call('session:setup', { name: NAMES.admin, secret: SECRETS.admin })
    await b.close({ backup: false })
    await readFile(join(dataDir, 'audit', 'keyed.json'), 'utf8')
    // the anchor deleted after adoption: reported, even with the marker gone too
    await unlink(join(anchorDir, 'audit-head.json'))
    await unlink(join(dataDir, 'audit', 'keyed.json'))
    b = await open()
    expect(b.audit.startupResult()).toMatchObject({ ok: false, reason: expect.stringContaining('锚点') })
    await b.close({ backup: false })
  })
})
