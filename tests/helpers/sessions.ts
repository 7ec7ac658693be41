// A real backend (openBackend on a temp folder) with named operators of every role, each signed
// in on a session of its own, for tests that go through dispatch with real sessions.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { Channel, Envelope } from '../../shared/contract'
import type { OperatorRole } from '../../shared/domain/permissions'
import { openBackend, type Backend, type BackendOptions } from '../../electron/api/backend'
import { memoryAnchorStore } from '../../electron/services/audit'

export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 }
export const SECRETS: Record<OperatorRole, string> = {
  admin: 'admin-secret-01',
  secretary: 'secretary-secret-02',
  chair: 'chair-secret-03',
  leader: 'leader-secret-04',
}
export const NAMES: Record<OperatorRole, string> = { admin: '王管理', secretary: '李秘书', chair: '赵主持', leader: '孙领导' }

export type Call = (channel: Channel | string, payload?: unknown) => Promise<Envelope<unknown>>

export interface Team {
  backend: Backend
  dataDir: string
  sleeps: number[]
  ids: Record<OperatorRole, string>
  /** A call on a session signed in as this role (one session per role, made at setup). */
  as: Record<OperatorRole, Call>
  /** A call on a fresh session (nobody signed in); pass the same key to keep using it. */
  session(key?: string): Call & { key: string }
  /** A fresh session signed in as this role. */
  signedIn(role: OperatorRole, name?: string, secret?: string): Promise<Call & { key: string }>
}

/** A call's result; a refusal fails the test with its code and message. */
export async function must<T = Record<string, unknown>>(call: Call, channel: string, payload: unknown = {}): Promise<T> {
  const env = await call(channel, payload)
  if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`)
  return env.result as T
}

/**
 * openTeam for a test file whose teams live for one test: each is closed (no backup) and its
 * folder removed after the test that opened it. Call at the top level of the file.
 */
export function teamPerTest(defaults: Partial<BackendOptions> = {}): (opts?: Partial<BackendOptions> & { dataDir?: string }) => Promise<Team> {
  const teams: Team[] = []
  afterEach(async () => {
    for (const t of teams.splice(0)) {
      await t.backend.close({ backup: false })
      await rm(t.dataDir, { recursive: true, force: true })
    }
  })
  return async (opts = {}) => {
    const team = await openTeam({ ...defaults, ...opts })
    teams.push(team)
    return team
  }
}

export async function openTeam(opts: Partial<BackendOptions> & { dataDir?: string } = {}): Promise<Team> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'yishi-team-')))
  const sleeps: number[] = []
  const backend = await openBackend({
    dataDir,
    key: { key: randomBytes(32), protection: 'none' },
    scrypt: FAST_SCRYPT,
    sleep: async (ms) => void sleeps.push(ms),
    auditAnchor: memoryAnchorStore(),
    log: () => undefined,
    ...opts,
  })
  const session = (key = `test:${randomBytes(8).toString('hex')}`) => {
    const call = ((channel: string, payload: unknown = {}) =>
      backend.call(channel, payload, { transport: 'internal', sessionKey: key })) as Call & { key: string }
    call.key = key
    return call
  }
  const adminCall = session()
  await must(adminCall, 'session:setup', { name: NAMES.admin, secret: SECRETS.admin })
  const ids = { admin: '', secretary: '', chair: '', leader: '' } as Record<OperatorRole, string>
  ids.admin = (await must<{ operator: { id: string } }>(adminCall, 'session:status', {})).operator.id
  for (const role of ['secretary', 'chair', 'leader'] as const) {
    ids[role] = (await must<{ id: string }>(adminCall, 'operator:create', { name: NAMES[role], role, secret: SECRETS[role] })).id
  }
  const signedIn = async (role: OperatorRole, name = NAMES[role], secret = SECRETS[role]) => {
    const call = session()
    await must(call, 'session:signIn', { name, secret })
    return call
  }
  const as = { admin: adminCall } as unknown as Record<OperatorRole, Call>
  for (const role of ['secretary', 'chair', 'leader'] as const) as[role] = await signedIn(role)
  return { backend, dataDir, sleeps, ids, as, session, signedIn }
}
