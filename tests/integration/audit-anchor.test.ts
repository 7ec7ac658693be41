import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  AUDIT_DIR,
  AUDIT_FILE,
  auditHeadFile,
  chainEntry,
  deriveAuditKey,
  entryHash,
  fileAnchorStore,
  GENESIS_HASH,
  memoryAnchorStore,
  openAuditLog,
  type AuditAnchorStore,
  type AuditRecord,
} from '../../electron/services/audit'
import { clock, tempDir } from './helpers'

const NOW = '2026-05-10T09:00:00+08:00'
const OPERATOR = { id: 'op-1', name: '李秘书', role: 'secretary' }

async function setup(count: number, opts: { dataKey?: Buffer } = {}) {
  const root = await tempDir()
  const dataDir = join(root, 'data')
  const keyFile = join(root, 'keyring.bin') // beside the data folder, as in <userData>
  const dataKey = opts.dataKey ?? randomBytes(32)
  const hmacKey = deriveAuditKey(dataKey)
  const anchorFile = auditHeadFile(keyFile)
  const anchor = fileAnchorStore(anchorFile, hmacKey)
  const open = (extra: { anchor?: AuditAnchorStore; adoptUnanchored?: boolean; hmacKey?: Buffer } = {}) =>
    openAuditLog({ dataDir, now: clock(NOW), hmacKey, anchor, ...extra })
  const log = await open()
  for (let i = 1; i <= count; i++) {
    await log.append({ actor: '李秘书（秘书）', operator: OPERATOR, action: 'demand.unmask', target: `d-${i}`, detail: { i } })
  }
  const logFile = join(dataDir, AUDIT_DIR, AUDIT_FILE)
  const lines = async () => (await readFile(logFile, 'utf8')).split('\n').filter(Boolean)
  const write = (ls: string[]) => writeFile(logFile, ls.map((l) => l + '\n').join(''))
  return { root, dataDir, keyFile, anchorFile, hmacKey, anchor, log, open, logFile, lines, write }
}

/** Re-chains entries from index `from` on with the given key (undefined: plain sha256). */
function rechain(lines: string[], from: number, key?: Buffer, edit?: (e: AuditRecord) => void): string[] {
  const out = lines.slice(0, from)
  let prev = from === 0 ? GENESIS_HASH : (JSON.parse(out[from - 1]) as AuditRecord).hash
  for (let i = from; i < lines.length; i++) {
    const e = JSON.parse(lines[i]) as AuditRecord
    if (i === from) edit?.(e)
    const { hash: _h, ...rest } = { ...e, prevHash: prev }
    const hash = entryHash(rest, key)
    out.push(JSON.stringify({ ...rest, hash }))
    prev = hash
  }
  return out
}

describe('keyed audit chain', () => {
  it('writes HMAC-linked entries naming the operator, and anchors the head in a 0600 file', async () => {
    const t = await setup(3)
    const entries = (await t.lines()).map((l) => JSON.parse(l) as AuditRecord)
    expect(entries[2]).toMatchObject({ seq: 3, actor: '李秘书（秘书）', operator: OPERATOR, target: 'd-3' })
    const { hash, ...rest } = entries[2]
    expect(hash).toBe(entryHash(rest, t.hmacKey))
    expect(hash).not.toBe(entryHash(rest)) // not a plain sha256
    expect(t.log.head()).toEqual({ entries: 3, lastHash: hash })
    expect(await t.anchor.read()).toEqual({ entries: 3, lastHash: hash })
    expect(t.anchorFile).toBe(join(t.root, 'audit-head.json')) // outside the data folder
    if (process.platform !== 'win32') {
      expect((await stat(t.anchorFile)).mode & 0o777).toBe(0o600)
      expect((await stat(t.logFile)).mode & 0o777).toBe(0o600)
    }
    expect(await t.log.verify()).toEqual({ ok: true, entries: 3 })
    const again = await t.open()
    expect(again.startupResult()).toEqual({ ok: true, entries: 3 })
    expect(again.notices()).toEqual([])
  })

  it('derives the key with HKDF from the data key: another data key does not verify', async () => {
    const t = await setup(2)
    expect(deriveAuditKey(Buffer.alloc(32, 1))).toEqual(deriveAuditKey(Buffer.alloc(32, 1)))
    expect(deriveAuditKey(Buffer.alloc(32, 1))).not.toEqual(deriveAuditKey(Buffer.alloc(32, 2)))
    const other = deriveAuditKey(randomBytes(32))
    const log = await openAuditLog({ dataDir: t.dataDir, hmacKey: other, anchor: memoryAnchorStore(t.log.head()) })
    expect(log.startupResult()).toMatchObject({ ok: false, brokenAt: 1 })
  })
})

describe('tamper matrix: each change is detected at open and by verify(), and named', () => {
  type Row = {
    name: string
    tamper: (t: Awaited<ReturnType<typeof setup>>) => Promise<void>
    brokenAt: number
    reason: string | RegExp
  }
  const rows: Row[] = [
    {
      name: 'an edited entry',
      tamper: async (t) => {
        const ls = await t.lines()
        ls[4] = ls[4].replace('"target":"d-5"', '"target":"d-x"')
        await t.write(ls)
      },
      brokenAt: 5,
      reason: '第 5 条记录的内容已被改动',
    },
    {
      name: 'two entries swapped',
      tamper: async (t) => {
        const ls = await t.lines()
        ;[ls[2], ls[3]] = [ls[3], ls[2]]
        await t.write(ls)
      },
      brokenAt: 3,
      reason: /第 3 条记录.*第 4 条/,
    },
    {
      name: 'entries deleted in the middle',
      tamper: async (t) => {
        const ls = await t.lines()
        ls.splice(40, 5)
        await t.write(ls)
      },
      brokenAt: 41,
      reason: '第 41–45 条记录缺失（此处是第 46 条）；锚点记录 50 条，日志只有 45 条',
    },
    {
      name: 'the end cut off',
      tamper: async (t) => t.write((await t.lines()).slice(0, 40)),
      brokenAt: 41,
      reason: '审计日志少了第 41–50 条（锚点记录 50 条，日志只有 40 条）',
    },
    {
      name: 'the last entry cut off',
      tamper: async (t) => t.write((await t.lines()).slice(0, 49)),
      brokenAt: 50,
      reason: '审计日志少了第 50 条（锚点记录 50 条，日志只有 49 条）',
    },
    {
      name: 'the file emptied',
      tamper: async (t) => writeFile(t.logFile, ''),
      brokenAt: 1,
      reason: '审计日志文件是空的（锚点记录 50 条）',
    },
    {
      name: 'the file deleted',
      tamper: async (t) => rm(t.logFile),
      brokenAt: 1,
      reason: '审计日志文件不见了（锚点记录 50 条）',
    },
    {
      name: 'the folder deleted',
      tamper: async (t) => rm(join(t.dataDir, AUDIT_DIR), { recursive: true }),
      brokenAt: 1,
      reason: '审计日志文件不见了（锚点记录 50 条）',
    },
    {
      name: 'an entry edited and the rest re-chained without the key',
      tamper: async (t) => t.write(rechain(await t.lines(), 9, undefined, (e) => (e.target = 'd-forged'))),
      brokenAt: 10,
      reason: '第 10 条记录的校验码不符（日志被不持有密钥者重新计算过）',
    },
    {
      name: 'the whole log re-chained without the key',
      tamper: async (t) => t.write(rechain(await t.lines(), 0, undefined, (e) => (e.target = 'd-forged'))),
      brokenAt: 50,
      reason: '第 50 条记录与锚点不符（锚点记录的最后一条被替换，或日志被整体重写）',
    },
    {
      name: 'the whole log re-chained with a guessed key',
      tamper: async (t) => t.write(rechain(await t.lines(), 0, randomBytes(32))),
      brokenAt: 1,
      reason: '第 1 条记录的内容已被改动',
    },
    {
      name: 'the anchor deleted while the log has entries',
      tamper: async (t) => rm(t.anchorFile),
      brokenAt: 1,
      reason: '审计日志的锚点记录不见了（日志有 50 条，锚点文件缺失），无法确认日志末尾是否被删除',
    },
    {
      name: 'the anchor edited to match a truncated log',
      tamper: async (t) => {
        const ls = (await t.lines()).slice(0, 40)
        await t.write(ls)
        const body = JSON.parse(await readFile(t.anchorFile, 'utf8'))
        body.entries = 40
        body.lastHash = (JSON.parse(ls[39]) as AuditRecord).hash
        await writeFile(t.anchorFile, JSON.stringify(body))
      },
      brokenAt: 1,
      reason: '审计日志锚点文件的校验码不符（被改动，或不是用本机密钥写的）',
    },
    {
      name: 'the anchor replaced by garbage',
      tamper: async (t) => writeFile(t.anchorFile, '{not json'),
      brokenAt: 1,
      reason: '审计日志锚点文件已损坏（无法读取）',
    },
    {
      name: 'the last entry replaced by a forged one that chains (plain hash)',
      tamper: async (t) => t.write(rechain(await t.lines(), 49, undefined, (e) => (e.target = 'd-forged'))),
      brokenAt: 50,
      reason: '第 50 条记录的校验码不符（日志被不持有密钥者重新计算过）',
    },
  ]

  for (const row of rows) {
    it(row.name, async () => {
      const t = await setup(50)
      await row.tamper(t)
      const expected = { ok: false, brokenAt: row.brokenAt, reason: row.reason instanceof RegExp ? expect.stringMatching(row.reason) : row.reason }
      expect(await t.log.verify()).toMatchObject(expected)
      const reopened = await t.open()
      expect(reopened.startupResult()).toMatchObject(expected)
      const [notice] = reopened.notices()
      expect(notice).toMatchObject({ id: 'audit-chain-broken', level: 'error' })
      expect(notice.message).toContain(typeof row.reason === 'string' ? row.reason : '第 3 条')
      // nothing is repaired, and the anchor does not move to cover the damage
      const anchorBefore = await readFile(t.anchorFile, 'utf8').catch(() => null)
      await reopened.append({ actor: 'x', action: 'test.after', target: '' })
      expect(await readFile(t.anchorFile, 'utf8').catch(() => null)).toBe(anchorBefore)
      expect(await reopened.verify()).toMatchObject({ ok: false })
    })
  }
})

describe('anchor edge cases', () => {
  it('starts clean: no log, no anchor', async () => {
    const t = await setup(0)
    expect(t.log.startupResult()).toEqual({ ok: true, entries: 0 })
    expect(await t.anchor.read()).toBeNull()
    expect(t.log.head()).toEqual({ entries: 0, lastHash: GENESIS_HASH })
  })

  it('catches the anchor up after a crash between an append and its anchor write', async () => {
    const t = await setup(3)
    // the anchor holds 2 entries; the log has a valid 3rd
    const ls = await t.lines()
    await t.anchor.write({ entries: 2, lastHash: (JSON.parse(ls[1]) as AuditRecord).hash })
    const reopened = await t.open()
    expect(reopened.startupResult()).toEqual({ ok: true, entries: 3 })
    expect(await t.anchor.read()).toEqual({ entries: 3, lastHash: (JSON.parse(ls[2]) as AuditRecord).hash })
  })

  it('refuses the action when the anchor cannot be written', async () => {
    const t = await setup(1)
    const failing: AuditAnchorStore = { read: () => t.anchor.read(), write: async () => Promise.reject(new Error('disk full')) }
    const log = await t.open({ anchor: failing })
    await expect(log.append({ actor: 'x', action: 'demand.unmask', target: 'd' })).rejects.toMatchObject({ code: 'WRITE_FAILED' })
  })

  it('adopts a valid legacy (plain sha256, unanchored) log once, then keys what follows', async () => {
    const root = await tempDir()
    const dataDir = join(root, 'data')
    const legacy = await openAuditLog({ dataDir, now: clock(NOW) })
    await legacy.append({ actor: '秘书', action: 'demand.unmask', target: 'd-1' })
    await legacy.append({ actor: '秘书', action: 'demand.unmask', target: 'd-2' })
    const hmacKey = deriveAuditKey(randomBytes(32))
    const anchor = memoryAnchorStore()
    // without adoption the missing anchor is reported
    const strict = await openAuditLog({ dataDir, hmacKey, anchor })
    expect(strict.startupResult()).toMatchObject({ ok: false, reason: expect.stringContaining('锚点记录不见了') })
    const adopted = await openAuditLog({ dataDir, hmacKey, anchor, adoptUnanchored: true })
    expect(adopted.startupResult()).toEqual({ ok: true, entries: 2 })
    expect(anchor.value).toEqual(adopted.head())
    await adopted.append({ actor: '李秘书（秘书）', operator: OPERATOR, action: 'demand.unmask', target: 'd-3' })
    const reopened = await openAuditLog({ dataDir, hmacKey, anchor })
    expect(reopened.startupResult()).toEqual({ ok: true, entries: 3 })
    // but a plain entry after a keyed one is a forgery
    const file = join(dataDir, AUDIT_DIR, AUDIT_FILE)
    const ls = (await readFile(file, 'utf8')).split('\n').filter(Boolean)
    const plain = chainEntry(4, (JSON.parse(ls[2]) as AuditRecord).hash, { actor: 'x', action: 'forged', target: '' }, new Date(NOW))
    await writeFile(file, [...ls, JSON.stringify(plain)].join('\n') + '\n')
    expect(await reopened.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: '第 4 条记录的校验码不符（日志被不持有密钥者重新计算过）' })
  })

  it('writes the anchor through a symlinked folder without following a planted temp file', async () => {
    // the temp file is created with O_EXCL ('wx'): an attacker's pre-created name cannot be reused
    const root = await tempDir()
    const real = join(root, 'real')
    await mkdir(real)
    await symlink(real, join(root, 'link'))
    const store = fileAnchorStore(join(root, 'link', 'audit-head.json'), deriveAuditKey(randomBytes(32)))
    await store.write({ entries: 1, lastHash: 'a'.repeat(64) })
    expect(await store.read()).toEqual({ entries: 1, lastHash: 'a'.repeat(64) })
  })

  it('keeps working without key or anchor for today\'s callers (plain chain)', async () => {
    const root = await tempDir()
    const log = await openAuditLog({ dataDir: root, now: clock(NOW) })
    const e = await log.append({ actor: '秘书', action: 'demand.unmask', target: 'd-1' })
    const { hash, ...rest } = e
    expect(hash).toBe(entryHash(rest))
    expect(log.head()).toEqual({ entries: 1, lastHash: hash })
  })
})
