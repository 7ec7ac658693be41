import { describe, expect, it } from 'vitest'
import { CHANNELS } from '../../shared/contract'
import {
  CAPABILITIES,
  CAPABILITY_LABELS,
  CHANNEL_RULES,
  OPERATOR_ROLE_NAMES,
  OPERATOR_ROLES,
  ROLE_CAPABILITIES,
  canAccessCommunity,
  checkPermission,
  hasCapability,
  ruleFor,
  type Capability,
  type OperatorRole,
} from '../../shared/domain/permissions'
import { ROLES } from '../../shared/domain/vocab'

const as = (role: OperatorRole) => ({ role })

describe('permission table', () => {
  it('names every channel of the contract (add a row when you add a channel)', () => {
    const missing = CHANNELS.filter((c) => ruleFor(c) === undefined)
    expect(missing).toEqual([])
  })

  it('has no stale rows: every row names a contract channel', () => {
    const known = new Set<string>(CHANNELS)
    expect(Object.keys(CHANNEL_RULES).filter((c) => !known.has(c))).toEqual([])
    expect(Object.keys(CHANNEL_RULES).length).toBe(CHANNELS.length)
  })

  it('the session and operator channels are in the contract', () => {
    for (const area of ['session', 'operator']) expect(CHANNELS.some((c) => c.startsWith(`${area}:`)), area).toBe(true)
  })

  it('uses only known capabilities and <area>:<verb> names', () => {
    for (const [channel, rule] of Object.entries(CHANNEL_RULES)) {
      expect(channel).toMatch(/^[a-z]+:[a-zA-Z]+$/)
      expect(['public', 'signedIn', ...CAPABILITIES]).toContain(rule)
    }
  })

  it('gives every role a zh-CN name and every capability a zh-CN label', () => {
    expect(OPERATOR_ROLES).toEqual(['admin', 'secretary', 'chair', 'leader'])
    expect(OPERATOR_ROLE_NAMES).toEqual({ admin: '管理员', secretary: '秘书', chair: '主持人', leader: '领导' })
    for (const c of CAPABILITIES) expect(CAPABILITY_LABELS[c]).toMatch(/\p{Script=Han}/u)
    // the view preference stays what it was
    expect(ROLES).toEqual(['secretary', 'chair', 'leader'])
  })

  it('keeps public only what the sign-in screen needs', () => {
    const publicChannels = Object.entries(CHANNEL_RULES)
      .filter(([, r]) => r === 'public')
      .map(([c]) => c)
      .sort()
    expect(publicChannels).toEqual(
      ['app:status', 'session:setup', 'session:signIn', 'session:status', 'session:unlock', 'settings:get'].sort(),
    )
  })
})

describe('role → capabilities', () => {
  const expected: Record<OperatorRole, Record<Capability, boolean>> = {
    admin: Object.fromEntries(CAPABILITIES.map((c) => [c, true])) as Record<Capability, boolean>,
    secretary: {
      view: true, stats: true, record: true, unmask: true, export: true, delete: true, backup: true,
      restore: false, retention: false, manageCommunities: true, manageOperators: false,
      approveMinutes: false, sampleData: false, auditRead: true,
      manageStreet: false,
      confirmTopics: false,
      removeCommunities: false,
      runMeetings: false,
      removeMeetings: false,
      enterCounts: true,
    },
    chair: {
      view: true, stats: true, record: true, unmask: true, export: false, delete: false, backup: false,
      restore: false, retention: false, manageCommunities: false, manageOperators: false,
      approveMinutes: true, sampleData: false, auditRead: false,
      manageStreet: false,
      confirmTopics: true,
      removeCommunities: false,
      runMeetings: true,
      removeMeetings: false,
      enterCounts: false,
    },
    leader: {
      view: true, stats: true, record: false, unmask: false, export: false, delete: false, backup: false,
      restore: false, retention: false, manageCommunities: false, manageOperators: false,
      approveMinutes: false, sampleData: false, auditRead: true,
      manageStreet: false,
      confirmTopics: false,
      removeCommunities: false,
      runMeetings: false,
      removeMeetings: false,
      enterCounts: false,
    },
  }
  for (const role of OPERATOR_ROLES) {
    it(`${role}: exactly the expected capabilities`, () => {
      for (const c of CAPABILITIES) expect(hasCapability(role, c), `${role}/${c}`).toBe(expected[role][c])
      expect(ROLE_CAPABILITIES[role].length).toBe(Object.values(expected[role]).filter(Boolean).length)
    })
  }
})

describe('checkPermission over every channel and role', () => {
  const all = Object.keys(CHANNEL_RULES)
  it('answers every (channel, role) pair from the two tables', () => {
    for (const channel of all) {
      const rule = ruleFor(channel)!
      for (const role of OPERATOR_ROLES) {
        const r = checkPermission(channel, as(role))
        const allowed = rule === 'public' || rule === 'signedIn' || hasCapability(role, rule)
        expect(r.ok, `${role} ${channel}`).toBe(allowed)
        if (!r.ok) {
          expect(r.code).toBe('FORBIDDEN')
          expect(r.message).toBe(`当前身份（${OPERATOR_ROLE_NAMES[role]}）无权执行“${CAPABILITY_LABELS[rule as Capability]}”`)
        }
      }
    }
  })

  it('lets nobody signed in call only the public channels', () => {
    for (const channel of all) {
      const r = checkPermission(channel, null)
      if (ruleFor(channel) === 'public') expect(r).toEqual({ ok: true })
      else expect(r).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: '请先登录' })
    }
  })

  it('refuses a locked session everything but public channels', () => {
    expect(checkPermission('demand:list', as('admin'), { locked: true })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', message: '已锁定，请输入密码解锁' })
    expect(checkPermission('session:signOut', as('admin'), { locked: true })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    expect(checkPermission('session:unlock', as('admin'), { locked: true })).toEqual({ ok: true })
  })

  it('refuses a disabled operator and an unknown role', () => {
    expect(checkPermission('demand:list', { role: 'admin', disabled: true })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    expect(checkPermission('demand:list', { role: 'root' as OperatorRole })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('denies a channel that has no row (deny by default)', () => {
    expect(checkPermission('demand:purgeAll', as('admin'))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(checkPermission('__proto__', as('admin'))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(checkPermission('toString', as('admin'))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('spells the refusals of the issue', () => {
    expect(checkPermission('demand:unmask', as('leader'))).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '当前身份（领导）无权执行“查看完整个人信息”',
    })
    for (const c of ['demand:delete', 'backup:restore', 'backup:setRetention', 'backup:applyRetention']) {
      expect(checkPermission(c, as('leader')).ok, c).toBe(false)
      expect(checkPermission(c, as('chair')).ok, c).toBe(false)
    }
    expect(checkPermission('demand:delete', as('secretary')).ok).toBe(true)
    expect(checkPermission('backup:restore', as('secretary')).ok).toBe(false)
    expect(checkPermission('operator:create', as('secretary'))).toMatchObject({ message: '当前身份（秘书）无权执行“管理操作员账户”' })
    for (const c of ['operator:list', 'operator:create', 'operator:update', 'operator:delete']) {
      expect(checkPermission(c, as('admin')).ok).toBe(true)
    }
    expect(checkPermission('stats:petitionTrend', as('leader')).ok).toBe(true)
    expect(checkPermission('audit:list', as('leader')).ok).toBe(true)
  })

  it('lets only who approves minutes correct them (a correction reopens approved minutes)', () => {
    expect(ruleFor('meeting:correct')).toBe('approveMinutes')
    expect(ruleFor('meeting:correct')).toBe(ruleFor('meeting:approve'))
    expect(checkPermission('meeting:correct', as('chair'))).toEqual({ ok: true })
    expect(checkPermission('meeting:correct', as('admin'))).toEqual({ ok: true })
    expect(checkPermission('meeting:correct', as('secretary'))).toEqual({ ok: false, code: 'FORBIDDEN', message: '当前身份（秘书）无权执行“审定会议纪要”' })
    expect(checkPermission('meeting:correct', as('leader'))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // the secretary still writes the minutes of the corrected version
    expect(checkPermission('meeting:saveItemMinutes', as('secretary')).ok).toBe(true)
  })
})

describe('community scope', () => {
  it('lets an unscoped operator into every community and a scoped one into its own', () => {
    expect(canAccessCommunity({}, 'c-1')).toBe(true)
    expect(canAccessCommunity({ communityIds: [] }, 'c-1')).toBe(true)
    expect(canAccessCommunity({ communityIds: ['c-1'] }, 'c-1')).toBe(true)
    expect(canAccessCommunity({ communityIds: ['c-1'] }, 'c-2')).toBe(false)
  })
})
