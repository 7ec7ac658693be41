// Fuzzed contract: for every channel in CHANNELS, arbitrary and near-valid payloads (mutations of
// one valid sample per channel) go through dispatch() on real services on a temp folder. Then a
// model-based test drives create/edit/delete/restart/kill against a simple in-memory model.
import fc from 'fast-check'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { CHANNELS } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import { nodeFs, openDatabase, type Database, type FsOps } from '../../electron/data'
import { LOCK_FILE } from '../../electron/data/lock'
import { createServices } from '../../electron/services'
import { createPiiCipher } from '../../electron/data/pii-codec'
import { appCollections } from '../../electron/services/collections'
import { buildHandlers } from '../../electron/api/handlers'
import { dispatch } from '../../electron/api/dispatch'
import { COMMUNITIES, FULL, removeFolder, tempFolder, walk } from './support'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { demandRevision, memoryAuditLogForTests } from '../helpers/audit-log'
import { VALID } from '../helpers/valid-payloads'
import { NAMES, SECRETS, openTeam } from '../helpers/sessions'
import { CHANNEL_RULES, OPERATOR_ROLES, checkPermission, type OperatorRole } from '../../shared/domain/permissions'

const RUNS_PER_CHANNEL = FULL ? 5000 : 1000
const SAMPLE: Community[] = [{ id: 'sx', name: '示例社区', grids: [], compounds: [] }]

export { VALID } from '../helpers/valid-payloads'

const junkValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '𠀀𠀁',
    '‮',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    'cA~202605~../x',
    'x'.repeat(100_000),
    '王'.repeat(1001),
    NaN,
    Infinity,
    -Infinity,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    0,
    1e308,
    true,
    false,
    null,
    undefined,
    [],
    {},
    { toString: 'x' },
  ),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 3 }),
)

type Json = Record<string, unknown>

/** Mutations of a valid payload: drop, add, replace (at any depth), or wrap. */
function nearValid(sample: unknown): fc.Arbitrary<unknown> {
  const paths: string[][] = []
  const visit = (v: unknown, path: string[]) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        paths.push([...path, k])
        visit(x, [...path, k])
      }
    }
  }
  visit(sample, [])
  const setAt = (root: unknown, path: string[], value: unknown, drop: boolean): unknown => {
    const copy = structuredClone(root) as Json
    let at = copy
    for (const p of path.slice(0, -1)) {
      const next = at[p]
      if (!next || typeof next !== 'object') return copy // an earlier mutation replaced the parent
      at = next as Json
    }
    if (drop) delete at[path.at(-1)!]
    else at[path.at(-1)!] = value
    return copy
  }
  const mutations: Array<fc.Arbitrary<unknown>> = [
    fc.tuple(fc.string({ minLength: 1 }), junkValue).map(([k, v]) => ({ ...(sample as Json), [k]: v })),
    fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
    junkValue,
    fc.constant([sample]),
  ]
  if (paths.length) {
    const path = fc.constantFrom(...paths)
    mutations.push(path.map((p) => setAt(sample, p, undefined, true)))
    mutations.push(fc.tuple(path, junkValue).map(([p, v]) => setAt(sample, p, v, false)))
    mutations.push(
      fc.tuple(path, path, junkValue, junkValue).map(([p1, p2, v1, v2]) => setAt(setAt(sample, p1, v1, false), p2, v2, false)),
    )
  }
  return fc.oneof(...mutations)
}

/** FsOps that counts every call that could change the folder. */
function writeCounter(): { fs: FsOps; writes: () => number } {
  let n = 0
  const count =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A) => {
      n++
      return f(...a)
    }
  const fs: FsOps = {
    ...nodeFs,
    open: (p, flags) => {
      if (flags !== 'r') n++
      return nodeFs.open(p, flags)
    },
    rename: count(nodeFs.rename),
    unlink: count(nodeFs.unlink),
    rm: count(nodeFs.rm),
    mkdir: count(nodeFs.mkdir),
    copyFile: count(nodeFs.copyFile),
    writeFile: count(nodeFs.writeFile),
  }
  return { fs, writes: () => n }
}

async function fingerprint(dir: string): Promise<string> {
  const parts: string[] = []
  for (const rel of await walk(dir)) {
    const s = await stat(join(dir, rel))
    parts.push(`${rel}:${s.size}:${s.mtimeMs}`)
  }
  return parts.join('\n')
}

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await removeFolder(d)
})

describe('fuzzed contract × roles (the permission table through the real backend)', () => {
  const RUNS_PER_CELL = FULL ? 300 : 40

  it('a valid sample passes the guard iff the table allows it; a forbidden cell refuses every payload and writes nothing', async () => {
    const team = await openTeam({ dataDir: await tempFolder('yishi-fuzz-roles-') })
    dirs.push(team.dataDir)
    let cells = 0
    let forbiddenPayloads = 0
    let leaks = 0
    const problems: string[] = []
    for (const channel of CHANNELS) {
      const isPublic = CHANNEL_RULES[channel as keyof typeof CHANNEL_RULES] === 'public'
      for (const who of [...OPERATOR_ROLES, null] as Array<OperatorRole | null>) {
        cells++
        const verdict = checkPermission(channel, who ? { role: who } : null)
        const call = who ? await team.signedIn(who) : team.session()
        const own = who ? SECRETS[who] : 'not-a-secret'
        // Secrets in samples are the caller's own: a wrong one would count toward a lockout.
        const sample =
          channel === 'session:signIn'
            ? { name: who ? NAMES[who] : '无此人', secret: own }
            : channel === 'session:unlock'
              ? { secret: own }
              : channel === 'session:changePassword'
                ? { current: own, next: own }
                : VALID[channel]
        const env = await call(channel, sample)
        const guardRefused = !env.ok && /请先登录|已锁定|无权执行/.test(env.error.message)
        if (verdict.ok && !isPublic && guardRefused) problems.push(`${channel} as ${who}: refused though allowed`)
        if (!verdict.ok) {
          if (env.ok || env.error.code !== verdict.code) problems.push(`${channel} as ${who}: ${JSON.stringify(env).slice(0, 200)}`)
          // Any payload at all: refused by the guard before parsing, nothing written. Derived
          // data still due from an earlier allowed call (the lazily saved summary after
          // sample:load) is written first, so it is not taken for a write by a refused call.
          await team.backend.db.flush()
          const print = await fingerprint(team.dataDir)
          await fc.assert(
            fc.asyncProperty(fc.oneof(nearValid(VALID[channel]), fc.anything({ maxDepth: 3 })), async (payload) => {
              forbiddenPayloads++
              const r = await call(channel, payload)
              if (r.ok || r.error.code !== verdict.code) {
                leaks++
                problems.push(`${channel} as ${who}: ${JSON.stringify(r).slice(0, 200)}`)
              }
            }),
            { numRuns: RUNS_PER_CELL },
          )
          if ((await fingerprint(team.dataDir)) !== print) problems.push(`${channel} as ${who}: files changed by refused calls`)
        }
      }
    }
    console.log(`role cells (channel × role or signed out): ${cells}`)
    console.log(`payloads to forbidden cells: ${forbiddenPayloads}`)
    console.log(`forbidden calls that got through: ${leaks}`)
    expect(problems.slice(0, 20)).toEqual([])
    await team.backend.close({ backup: false })
  })
})

describe('fuzzed contract', () => {
  it('has a valid sample for every channel, each accepted by its schema', async () => {
    const { contract } = await import('../../shared/contract')
    expect(Object.keys(VALID).sort()).toEqual([...CHANNELS].sort())
    for (const c of CHANNELS) expect(contract[c].input.safeParse(VALID[c]).success, c).toBe(true)
  })

  it(`dispatch survives ${RUNS_PER_CHANNEL} arbitrary and near-valid payloads per channel`, async () => {
    const dir = await tempFolder('yishi-fuzz-')
    dirs.push(dir)
    const counter = writeCounter()
    // The collections openBackend registers, so every channel reaches real data.
    const db = await openDatabase({ dataDir: dir, fs: counter.fs, collections: appCollections(createPiiCipher(randomBytes(32))) })
    await db.addCommunities(COMMUNITIES, [])
    await db.flush()
    const handlers = buildHandlers(createServices({ audit: memoryAuditLogForTests(), db, sampleCommunities: SAMPLE }))
    let thrown = 0
    let internal = 0
    let untyped = 0
    let writesFromRejected = 0
    let rejected = 0
    let accepted = 0
    let total = 0
    let fingerprintChecks = 0
    const problems: string[] = []

    for (const channel of CHANNELS) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(nearValid(VALID[channel]), fc.anything({ maxDepth: 4 })), async (payload) => {
          total++
          const before = counter.writes()
          const print = rejected % 97 === 0 ? await fingerprint(dir) : null
          let env
          try {
            env = await dispatch(handlers, channel, payload, () => internal++)
          } catch (err) {
            thrown++
            problems.push(`${channel}: threw ${String(err)}`)
            return
          }
          if (env.ok) {
            accepted++
            // An accepted write leaves the summary to a debounced save; settle it now, so a later
            // rejected payload is never blamed for that background write.
            await db.flush()
            return
          }
          rejected++
          const { error } = env
          if (error.code === 'INTERNAL') {
            problems.push(`${channel}: INTERNAL for ${JSON.stringify(payload)?.slice(0, 200)}`)
          }
          if (typeof error.code !== 'string' || typeof error.message !== 'string' || !/[\u4e00-\u9fff]/.test(error.message)) {
            untyped++
            problems.push(`${channel}: untyped error ${JSON.stringify(error)}`)
          }
          if (counter.writes() !== before) {
            writesFromRejected++
            problems.push(`${channel}: rejected payload wrote: ${JSON.stringify(payload)?.slice(0, 200)}`)
          }
          if (print !== null) {
            fingerprintChecks++
            if ((await fingerprint(dir)) !== print) {
              writesFromRejected++
              problems.push(`${channel}: files changed after a rejected payload`)
            }
          }
        }),
        { numRuns: RUNS_PER_CHANNEL, seed: 20261126 },
      )
    }
    await db.close()
    console.log(`channels fuzzed: ${CHANNELS.length}`)
    console.log(`payloads: ${total} (accepted ${accepted}, rejected ${rejected})`)
    console.log(`uncaught exceptions: ${thrown}`)
    console.log(`INTERNAL errors: ${internal}`)
    console.log(`untyped or non-zh-CN rejections: ${untyped}`)
    console.log(`writes from rejected input: ${writesFromRejected} (file fingerprint cross-checks: ${fingerprintChecks})`)
    expect(problems.slice(0, 10)).toEqual([])
    expect({ thrown, internal, untyped, writesFromRejected }).toEqual({ thrown: 0, internal: 0, untyped: 0, writesFromRejected: 0 })
    expect(total).toBeGreaterThanOrEqual(RUNS_PER_CHANNEL * CHANNELS.length)
  })
})

// ---------- model-based ----------

interface Model {
  demands: Map<string, { description: string; status: string }>
}
interface Real {
  dir: string
  db: Database
  seq: number
}

const services = (r: Real) => createServices({ audit: memoryAuditLogForTests(), db: r.db, newId: () => `m${++r.seq}` })

async function checkAgainstModel(m: Model, r: Real): Promise<void> {
  const held = new Map<string, { description: string; status: string }>()
  for (const c of r.db.communities()) {
    for (const month of Object.keys(r.db.countsOf(c.id))) {
      for (const d of await r.db.readPartition(c.id, month)) held.set(d.id, { description: d.description, status: d.status })
    }
  }
  expect(Object.fromEntries(held)).toEqual(Object.fromEntries(m.demands))
  expect(r.db.demandTotal()).toBe(m.demands.size)
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly month: string,
    readonly text: string,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const d = await services(r).demand.create({
      ...VALID['demand:create'],
      receivedAt: `${this.month}-10T09:00:00+08:00`,
      description: this.text,
    })
    m.demands.set(d.id, { description: this.text, status: 'called' })
  }
  toString = () => `create(${this.month}, ${JSON.stringify(this.text)})`
}

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly text: string,
  ) {}
  check = (m: Readonly<Model>) => m.demands.size > 0
  async run(m: Model, r: Real) {
    const id = [...m.demands.keys()].sort()[this.pick % m.demands.size]
    await services(r).demand.update({ id, revision: await demandRevision(r.db, id), patch: { description: this.text } })
    m.demands.get(id)!.description = this.text
  }
  toString = () => `edit(${this.pick}, ${JSON.stringify(this.text)})`
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.demands.size > 0
  async run(m: Model, r: Real) {
    const id = [...m.demands.keys()].sort()[this.pick % m.demands.size]
    await services(r).demand.delete({ id, revision: await demandRevision(r.db, id), reason: '测试删除' })
    m.demands.delete(id)
    await expect(services(r).demand.get({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  }
  toString = () => `delete(${this.pick})`
}

class Restart implements fc.AsyncCommand<Model, Real> {
  check = () => true
  async run(m: Model, r: Real) {
    await r.db.close()
    r.db = await openDatabase({ dataDir: r.dir })
    await checkAgainstModel(m, r)
  }
  toString = () => 'restart'
}

class Kill implements fc.AsyncCommand<Model, Real> {
  check = () => true
  async run(m: Model, r: Real) {
    // Drop the database without close(); the lock of a dead process is stale, so remove it.
    await nodeFs.unlink(join(r.dir, LOCK_FILE))
    r.db = await openDatabase({ dataDir: r.dir })
    await checkAgainstModel(m, r)
  }
  toString = () => 'kill'
}

describe('model-based', () => {
  it('create/edit/delete/restart/kill agree with an in-memory model', async () => {
    const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0).map((s) => s.trim())
    const commands = [
      fc.tuple(fc.constantFrom('2026-03', '2026-04', '2026-05'), text).map(([mo, t]) => new Create(mo, t)),
      fc.tuple(fc.nat(), text).map(([p, t]) => new Edit(p, t)),
      fc.nat().map((p) => new Delete(p)),
      fc.constant(new Restart()),
      fc.constant(new Kill()),
    ]
    let runs = 0
    let steps = 0
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        const dir = await tempFolder('yishi-model-')
        dirs.push(dir)
        const db = await openDatabase({ dataDir: dir })
        await db.addCommunities(COMMUNITIES, [])
        const real: Real = { dir, db, seq: 0 }
        const model: Model = { demands: new Map() }
        runs++
        steps += [...cmds].length
        await fc.asyncModelRun(() => ({ model, real }), cmds)
        await checkAgainstModel(model, real)
        await real.db.close()
        await removeFolder(dir)
      }),
      { numRuns: FULL ? 150 : 25, seed: 42 },
    )
    console.log(`model-based runs: ${runs}, commands: ${steps}`)
  })
})
