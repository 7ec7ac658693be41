/// <reference types="node" />
// Node types: this helper runs the backend (electron/ data + services) inside the component tests.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, vi } from 'vitest'
import type { Mock } from 'vitest'
import { CHANNELS } from '../../../shared/contract'
import type { Channel, Client, InputOf, ResultOf } from '../../../shared/contract'
import type { Community } from '../../../shared/domain/entities'
import { ROLES } from '../../../shared/domain/vocab'
import type { Role } from '../../../shared/domain/vocab'
import type { OperatorRole } from '../../../shared/domain/permissions'
import { OPERATOR_ROLE_NAMES } from '../../../shared/domain/permissions'
import { toLocalIso } from '../../../shared/domain/month'
import type { Database } from '../../../electron/data'
import type { CallContext } from '../../../electron/services'
import { memorySettingsStore } from '../../../electron/services/settings'
import { openBackend } from '../../../electron/api/backend'
import { ApiError, clientFrom, withEvents } from '../../../renderer/src/api'
import type { Api, ChangedEvent, ChangeListener } from '../../../renderer/src/api'
import { memoryFs } from '../../helpers/memory-fs'
import type { MemoryFs } from '../../helpers/memory-fs'

// Component tests run the renderer against the REAL backend: the real services and data layer
// over an in-memory file system, called through the real dispatch (schema parse, typed errors).
// Masking, paging, role refusals and validation all come from the code the app ships.

/** Every channel is a vi.fn that calls through to the backend, so tests can count calls. */
export type SpiedClient = { [C in Channel]: Mock<(input: InputOf<C>) => Promise<ResultOf<C>>> } & Pick<Api, 'onChanged'>

export interface RealBackend {
  client: SpiedClient
  /** The in-memory data folder (fault injection: fs.failNext('writeFile', /demands/)). */
  fs: MemoryFs
  db: Database
  /** Calls the backend directly (seeding, or another window's write): not counted, but announced. */
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<ResultOf<C>>
  /** Communities seeded at start, by name. */
  communities: Record<string, Community>
  /** Every `changed` event sent to the renderer, in order. */
  events: ChangedEvent[]
  /** The data folder: its data files live in `fs`, the key check and the audit log on disk here. */
  dataDir: string
  /** The first administrator (made at start; `call` runs in its own session). */
  admin: { name: string; secret: string }
  /** The operator the app's session signed in as (null with `signedOut`). */
  operator: { name: string; secret: string; role: OperatorRole; id: string } | null
  /** The app's transport session key (one per backend = one per mounted app). */
  sessionKey: string
  /** Calls in the app's own session (not counted), e.g. to lock it as the idle timer would. */
  callAsApp<C extends Channel>(channel: C, input: InputOf<C>): Promise<ResultOf<C>>
  /** Closes the data folder (no exit backup) and opens it again, as at the next app start. */
  restart(): Promise<void>
  close(): Promise<void>
}

export interface RealBackendOptions {
  /**
   * The operator role the app's session signs in as (default admin, who may do everything): the first administrator
   * creates an operator of this role, and the app's session signs in with it, so the backend
   * checks every call of the test against that role. Also the view preference in the settings
   * (admin → secretary's layout).
   */
  role?: OperatorRole
  /** The app's session stays signed out (the sign-in screen). The first administrator exists. */
  signedOut?: boolean
  /** No operator at all (the first-administrator form); implies signedOut. */
  noOperators?: boolean
  /** Minutes before an idle session locks itself (default 10). */
  idleLockMinutes?: number
  locale?: 'zh-CN' | 'en'
  /** Communities created before the test; default 东门社区 and 七口堰社区 with compounds. */
  communities?: Array<InputOf<'community:create'>>
  now?: () => Date
  /** How the personal-data key is protected, as app:status reports it. */
  keyProtection?: 'os' | 'basic_text' | 'none'
}

export const DEFAULT_COMMUNITIES: Array<InputOf<'community:create'>> = [
  { name: '东门社区', compounds: [{ name: '东门小区' }] },
  { name: '七口堰社区', compounds: [{ name: '滨江花园' }, { name: '七口堰小区' }] },
]

const open: RealBackend[] = []
afterEach(async () => {
  for (const b of open.splice(0)) await b.close()
})

export async function createRealBackend(options: RealBackendOptions = {}): Promise<RealBackend> {
  const fs = memoryFs()
  const now = options.now ?? (() => new Date())
  // The data files live in the memory fs; the key check and the audit log (services/audit.ts has
  // no FsOps seam) write to this real temp folder, removed on close.
  const dataDir = await mkdtemp(join(tmpdir(), 'yishi-ct-'))
  const key = randomBytes(32)
  const role: OperatorRole = options.role ?? 'admin'
  const viewRole: Role = (ROLES as readonly string[]).includes(role) ? (role as Role) : 'secretary'
  const settings = memorySettingsStore({ role: viewRole, locale: options.locale ?? 'zh-CN' })
  const start = () =>
    openBackend({
      dataDir,
      fs,
      now,
      settings,
      key: { key: Buffer.from(key), protection: options.keyProtection ?? 'os' },
      log: () => undefined,
      // Cheap hashes and no waits after a failed sign-in: the rules are the same, the tests fast.
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
      sleep: async () => undefined,
      ...(options.idleLockMinutes !== undefined ? { idleLockMinutes: options.idleLockMinutes } : {}),
    })
  let backend = await start()
  // One transport session for the mounted app, one for the administrator's seeding calls.
  const sessionKey = `internal:ct-app:${randomBytes(12).toString('base64url')}`
  const adminCtx: CallContext = { transport: 'internal', sessionKey: `internal:ct-admin:${randomBytes(12).toString('base64url')}` }
  const appCtx: CallContext = { transport: 'internal', sessionKey }
  const direct = async <C extends Channel>(channel: C, input: InputOf<C>, ctx: CallContext): Promise<ResultOf<C>> => {
    const envelope = await backend.call(channel, JSON.parse(JSON.stringify(input ?? {})), ctx)
    if (!envelope.ok) throw ApiError.from(envelope.error)
    return envelope.result as ResultOf<C>
  }
  const admin = { name: '系统管理员', secret: 'ct-admin-secret' }
  let operator: RealBackend['operator'] = null
  const signInBoth = async () => {
    await direct('session:signIn', { name: admin.name, secret: admin.secret }, adminCtx)
    if (operator && !options.signedOut && !options.noOperators) {
      await direct('session:signIn', { name: operator.name, secret: operator.secret }, appCtx)
    }
  }
  if (!options.noOperators) {
    const info = await direct('session:setup', { name: admin.name, secret: admin.secret }, adminCtx)
    if (role === 'admin') operator = { ...admin, role, id: info.operator!.id }
    else {
      const opName = `测试${OPERATOR_ROLE_NAMES[role]}`
      const secret = `ct-${role}-secret`
      const view = await direct('operator:create', { name: opName, role, secret }, adminCtx)
      operator = { name: opName, secret, role, id: view.id }
    }
    if (!options.signedOut) await direct('session:signIn', { name: operator.name, secret: operator.secret }, appCtx)
  }

  const listeners = new Set<ChangeListener>()
  const events: ChangedEvent[] = []
  // The backend's own `changed` events, as the transports forward them.
  let unsubscribe = backend.onChanged((event) => {
    events.push(event)
    for (const l of [...listeners]) l(event)
  })

  // The wire: payloads and results are JSON, as over IPC or HTTP (reactive proxies never leak).
  const invoke = async (channel: Channel, payload: unknown) => {
    const envelope = await backend.call(channel, JSON.parse(JSON.stringify(payload ?? {})), appCtx)
    return JSON.parse(JSON.stringify(envelope)) as { ok: boolean; result?: unknown }
  }
  const plain = clientFrom(invoke)
  const spied = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn((input: unknown) => (plain[c] as (i: unknown) => Promise<unknown>)(input))]))
  const client = withEvents(spied as unknown as Client, {
    onChanged(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }) as unknown as SpiedClient

  const call = <C extends Channel>(channel: C, input: InputOf<C>) =>
    options.noOperators ? direct(channel, input, appCtx) : direct(channel, input, adminCtx)

  const communities: Record<string, Community> = {}
  for (const c of options.noOperators ? [] : (options.communities ?? DEFAULT_COMMUNITIES)) {
    const created = await call('community:create', c)
    communities[created.name] = created
  }
  events.length = 0

  let closed = false
  const real: RealBackend = {
    client,
    fs,
    get db() {
      return backend.db
    },
    call,
    callAsApp: (channel, input) => direct(channel, input, appCtx),
    admin,
    get operator() {
      return operator
    },
    sessionKey,
    communities,
    events,
    dataDir,
    async restart() {
      unsubscribe()
      await backend.close({ backup: false })
      backend = await start()
      unsubscribe = backend.onChanged((event) => {
        events.push(event)
        for (const l of [...listeners]) l(event)
      })
      // Sessions live in memory: the next app start signs in again.
      if (!options.noOperators) await signInBoth()
    },
    async close() {
      if (closed) return
      closed = true
      listeners.clear()
      unsubscribe()
      await backend.close({ backup: false }).catch(() => undefined)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  open.push(real)
  return real
}

/** A valid demand:create input for a seeded community; `n` varies the reporter and the text. */
export function demandInput(
  community: Community,
  n = 1,
  over: Partial<InputOf<'demand:create'>> = {},
): InputOf<'demand:create'> {
  return {
    communityId: community.id,
    channel: 'hotline',
    category: 'parking',
    reporterName: '王小明',
    reporterPhone: `138${String(10000000 + n).slice(-8)}`,
    receivedAt: toLocalIso(new Date(Date.now() - 60_000 * n)),
    description: `第 ${n} 条诉求：楼下车位被长期占用`,
    ...over,
  }
}
