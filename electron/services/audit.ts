// The audit log: one service every sensitive action goes through (unmask, export, delete,
// restore, later approving minutes). Append-only `audit/audit.jsonl` in the data folder, one JSON
// entry per line, hash-chained: hash = sha256 over the canonical JSON of the entry without `hash`,
// and each entry carries the previous entry's hash. Every append is fsynced before it returns.
// A broken chain is reported (app:status, audit:verify), never repaired.
//
// Keyed (issue 8): with `hmacKey` (deriveAuditKey(dataKey)) each hash is HMAC-SHA256 instead, so
// nobody without the data key can re-chain an edited log; and with `anchor` the head (entry count +
// last hash) is also kept outside the data folder (audit-head.json beside the key file, itself
// HMAC'd), so a truncated, emptied or deleted log is noticed too. Entries written before the key
// (plain sha256) are accepted only as a prefix: a plain entry after a keyed one is a forgery.
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { open, readFile, mkdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { AuditEntry, AuditPage, AuditVerifyResult } from '../../shared/contract/audit'
import type { AreaService } from './types'
import type { DataNotice } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import { AppError } from '../../shared/contract/errors'

export const AUDIT_DIR = 'audit'
export const AUDIT_FILE = 'audit.jsonl'
export const GENESIS_HASH = '0'.repeat(64)

/** The signed-in operator who did it (issue 8); `actor` stays the display text. */
export interface AuditOperator {
  id: string
  name: string
  role: string
}

export interface AuditInput {
  actor: string
  operator?: AuditOperator
  action: string
  target: string
  detail?: Record<string, unknown>
}

export interface AuditLog {
  /** Appends one entry durably; throws AppError('WRITE_FAILED') if it could not be written. */
  append(input: AuditInput): Promise<AuditEntry>
  /** Newest first. */
  list(input: { page: number; pageSize: number }): Promise<AuditPage>
  /** Walks the whole chain as it is on disk now. */
  verify(): Promise<AuditVerifyResult>
  /** The result of the check made when the log was opened. */
  startupResult(): AuditVerifyResult
  /** A warning for app:status while the chain (as checked at start) is broken. */
  notices(): DataNotice[]
  dismissNotice(id: string): boolean
}

/** JSON with object keys sorted at every level: the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

/** An entry as written since issue 8: it may name the operator (covered by the hash). */
export type AuditRecord = AuditEntry & { operator?: AuditOperator }

/** The next link of the chain: the entry with its hash (HMAC with a key) over everything else. */
export function chainEntry(seq: number, prevHash: string, input: AuditInput, at: Date, hmacKey?: Buffer): AuditRecord {
  const base: Omit<AuditRecord, 'hash'> = {
    seq,
    at: toLocalIso(at),
    actor: input.actor,
    action: input.action,
    target: input.target,
    detail: input.detail ?? {},
    prevHash,
  }
  if (input.operator) base.operator = { id: input.operator.id, name: input.operator.name, role: input.operator.role }
  return { ...base, hash: entryHash(base, hmacKey) }
}

/** sha256 (no key) or HMAC-SHA256 (key) of the canonical entry; `operator` only when present. */
export function entryHash(entry: Omit<AuditRecord, 'hash'>, hmacKey?: Buffer): string {
  const { seq, at, actor, action, target, detail, prevHash, operator } = entry
  const text = canonicalJson({ seq, at, actor, action, target, detail, prevHash, operator })
  return (hmacKey ? createHmac('sha256', hmacKey) : createHash('sha256')).update(text, 'utf8').digest('hex')
}

/** Salt of the audit key derivation: fixed, the data key is already random. */
export const AUDIT_KEY_SALT = 'yishi-desk/audit-chain'

/** The chain's HMAC key, derived from the 32-byte data key (never the data key itself). */
export function deriveAuditKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, AUDIT_KEY_SALT, 'yishi-audit-v1', 32))
}

/** The head of the chain, kept outside the log (anchor) and in backup manifests. */
export interface AuditHead {
  entries: number
  lastHash: string
}

/** Where the head is anchored; read() throws AuditAnchorError when the anchor is unreadable. */
export interface AuditAnchorStore {
  read(): Promise<AuditHead | null>
  write(head: AuditHead): Promise<void>
}

export class AuditAnchorError extends Error {}

const safeEqualHex = (a: string, b: string) => {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** `audit-head.json` beside the key file (outside the data folder). */
export function auditHeadFile(keyFile: string): string {
  return join(dirname(keyFile), 'audit-head.json')
}

function anchorMac(hmacKey: Buffer, head: AuditHead): string {
  return createHmac('sha256', hmacKey)
    .update(canonicalJson({ format: 'yishi-audit-head', entries: head.entries, lastHash: head.lastHash }), 'utf8')
    .digest('hex')
}

/** Writes text to a 0600 temp file, fsyncs, renames over `file`, fsyncs the folder. */
async function writePrivateDurable(file: string, text: string): Promise<void> {
  const dir = dirname(file)
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(tmp, 'wx', 0o600)
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, file)
  } catch (err) {
    await unlink(tmp).catch(() => undefined)
    throw err
  }
  const d = await open(dir, 'r')
  try {
    await d.sync()
  } catch {
    // some platforms cannot fsync a directory
  } finally {
    await d.close()
  }
}

/** The anchor as a file, HMAC'd with the audit key, written durably with mode 0600. */
export function fileAnchorStore(file: string, hmacKey: Buffer): AuditAnchorStore {
  return {
    async read() {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw new AuditAnchorError(`审计日志锚点文件无法读取：${(err as Error).message}`)
      }
      let body: { format?: unknown; version?: unknown; entries?: unknown; lastHash?: unknown; mac?: unknown }
      try {
        body = JSON.parse(text)
      } catch {
        throw new AuditAnchorError('审计日志锚点文件已损坏（无法读取）')
      }
      const { entries, lastHash, mac } = body ?? {}
      if (
        body?.format !== 'yishi-audit-head' ||
        typeof entries !== 'number' ||
        !Number.isInteger(entries) ||
        entries < 0 ||
        typeof lastHash !== 'string' ||
        typeof mac !== 'string'
      ) {
        throw new AuditAnchorError('审计日志锚点文件格式无效')
      }
      if (!safeEqualHex(mac, anchorMac(hmacKey, { entries, lastHash }))) {
        throw new AuditAnchorError('审计日志锚点文件的校验码不符（被改动，或不是用本机密钥写的）')
      }
      return { entries, lastHash }
    },
    async write(head) {
      await mkdir(dirname(file), { recursive: true })
      const body = { format: 'yishi-audit-head', version: 1, ...head, mac: anchorMac(hmacKey, head) }
      await writePrivateDurable(file, JSON.stringify(body))
    },
  }
}

/** The anchor kept in memory (tests, tools). */
export function memoryAnchorStore(initial: AuditHead | null = null): AuditAnchorStore & { value: AuditHead | null } {
  const store = {
    value: initial,
    read: async () => (store.value ? { ...store.value } : null),
    write: async (head: AuditHead) => {
      store.value = { ...head }
    },
  }
  return store
}

const range = (from: number, to: number) => (from === to ? `第 ${from} 条` : `第 ${from}–${to} 条`)

/**
 * The log (as verified by verifyLines) against its anchor. `exists`: whether the file is there.
 * Returns null when they agree (or the anchor lags behind a valid chain: a crash between the two
 * writes), else the problem.
 */
export function compareWithAnchor(
  lines: string[],
  verified: { ok: boolean; last?: AuditEntry },
  anchor: AuditHead | null,
  exists: boolean,
): { brokenAt: number; reason: string } | null {
  const n = lines.length
  if (!anchor) {
    return n > 0 ? { brokenAt: 1, reason: `审计日志的锚点记录不见了（日志有 ${n} 条，锚点文件缺失），无法确认日志末尾是否被删除` } : null
  }
  if (anchor.entries === 0) return null
  if (!exists) return { brokenAt: 1, reason: `审计日志文件不见了（锚点记录 ${anchor.entries} 条）` }
  if (n === 0) return { brokenAt: 1, reason: `审计日志文件是空的（锚点记录 ${anchor.entries} 条）` }
  if (n < anchor.entries) {
    return {
      brokenAt: n + 1,
      reason: `审计日志少了${range(n + 1, anchor.entries)}（锚点记录 ${anchor.entries} 条，日志只有 ${n} 条）`,
    }
  }
  if (!verified.ok) return null // the chain's own problem is reported first
  let atAnchor: AuditEntry | undefined
  try {
    atAnchor = JSON.parse(lines[anchor.entries - 1]) as AuditEntry
  } catch {
    atAnchor = undefined
  }
  if (!atAnchor || typeof atAnchor.hash !== 'string' || !safeEqualHex(atAnchor.hash, anchor.lastHash)) {
    return {
      brokenAt: anchor.entries,
      reason: `第 ${anchor.entries} 条记录与锚点不符（锚点记录的最后一条被替换，或日志被整体重写）`,
    }
  }
  return null
}

/**
 * Checks lines of audit.jsonl; the first problem found is reported with its sequence number.
 * With a key, hashes are HMACs; plain sha256 entries are accepted only before the first keyed one.
 */
export function verifyLines(lines: string[], hmacKey?: Buffer): AuditVerifyResult & { last?: AuditEntry } {
  let prev = GENESIS_HASH
  let last: AuditEntry | undefined
  let keyedSeen = false
  for (let i = 0; i < lines.length; i++) {
    const expected = i + 1
    const broken = (reason: string) => ({ ok: false as const, entries: lines.length, brokenAt: expected, reason, last })
    let entry: AuditEntry
    try {
      entry = JSON.parse(lines[i]) as AuditEntry
    } catch {
      return broken(`第 ${expected} 条记录无法读取（内容不完整或被改动）`)
    }
    if (!entry || typeof entry !== 'object' || typeof entry.seq !== 'number') {
      return broken(`第 ${expected} 条记录格式无效`)
    }
    if (entry.seq !== expected) {
      return broken(
        entry.seq > expected
          ? `${range(expected, entry.seq - 1)}记录缺失（此处是第 ${entry.seq} 条）`
          : `第 ${expected} 条记录的位置不对（此处是第 ${entry.seq} 条，记录被删除或调换）`,
      )
    }
    if (entry.prevHash !== prev) return broken(`第 ${expected} 条记录与上一条衔接不上（前面的记录被删除、调换或改动）`)
    if (hmacKey) {
      const keyed = typeof entry.hash === 'string' && safeEqualHex(entry.hash, entryHash(entry, hmacKey))
      if (keyed) keyedSeen = true
      else if (keyedSeen || entry.hash !== entryHash(entry)) {
        return broken(
          entry.hash === entryHash(entry)
            ? `第 ${expected} 条记录的校验码不符（日志被不持有密钥者重新计算过）`
            : `第 ${expected} 条记录的内容已被改动`,
        )
      }
    } else if (entry.hash !== entryHash(entry)) return broken(`第 ${expected} 条记录的内容已被改动`)
    prev = entry.hash
    last = entry
  }
  return { ok: true, entries: lines.length, last }
}

function splitLines(text: string): string[] {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

export interface AuditOptions {
  dataDir: string
  /** Clock for entry times and notices; the backend passes the same clock as to the services. */
  now?: () => Date
  /** deriveAuditKey(dataKey): hashes become HMACs. Without it, plain sha256 (today's callers). */
  hmacKey?: Buffer
  /** Where the head is anchored outside the log (fileAnchorStore(auditHeadFile(keyFile), key)). */
  anchor?: AuditAnchorStore
  /**
   * A log written before anchors existed has none: with this set (once, by the migration that
   * introduces the key), a valid chain without an anchor is adopted and anchored instead of
   * reported as "anchor missing".
   */
  adoptUnanchored?: boolean
}

/** The keyed log's extras: its head, for the anchor and the backup manifest. */
export interface AnchoredAuditLog extends AuditLog {
  head(): AuditHead
}

/** audit:* — the log's channels. Appends come from the services that do sensitive things. */
export function createAuditService(audit: AuditLog): AreaService<'audit'> {
  return {
    list: (input) => audit.list(input),
    verify: () => audit.verify(),
  }
}

/** Opens (or starts) the log in `<dataDir>/audit/` and verifies the chain once. */
export async function openAuditLog(opts: AuditOptions): Promise<AnchoredAuditLog> {
  const now = opts.now ?? (() => new Date())
  const dir = join(opts.dataDir, AUDIT_DIR)
  const file = join(dir, AUDIT_FILE)

  let exists = true
  const readAll = async (): Promise<string> => {
    try {
      const t = await readFile(file, 'utf8')
      exists = true
      return t
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        exists = false
        return ''
      }
      throw err
    }
  }

  /** The chain, then the anchor: the first problem wins. */
  const check = async (text: string, adopt: boolean): Promise<AuditVerifyResult & { last?: AuditEntry; anchorLags?: boolean }> => {
    const lines = splitLines(text)
    const chain = verifyLines(lines, opts.hmacKey)
    if (!opts.anchor) return chain
    let anchor: AuditHead | null
    try {
      anchor = await opts.anchor.read()
    } catch (err) {
      return { ok: false, entries: lines.length, brokenAt: 1, reason: (err as Error).message, last: chain.last }
    }
    if (!anchor && adopt && chain.ok) return { ...chain, anchorLags: true }
    if (!chain.ok) {
      // The chain's own problem first; what the anchor adds is said after it.
      const short = anchor && lines.length < anchor.entries ? `；锚点记录 ${anchor.entries} 条，日志只有 ${lines.length} 条` : ''
      return { ...chain, reason: chain.reason + short }
    }
    const problem = compareWithAnchor(lines, chain, anchor, exists)
    if (problem) return { ok: false, entries: lines.length, ...problem, last: chain.last }
    return chain.ok && anchor && lines.length > anchor.entries ? { ...chain, anchorLags: true } : chain
  }

  const text = await readAll()
  const startup = await check(text, opts.adoptUnanchored === true)
  // Appends continue after the last line whatever its state: a broken chain stays visible.
  let lastSeq = splitLines(text).length
  let lastHash = (() => {
    const lines = splitLines(text)
    if (!lines.length) return GENESIS_HASH
    try {
      const h = (JSON.parse(lines.at(-1)!) as AuditEntry).hash
      return typeof h === 'string' ? h : GENESIS_HASH
    } catch {
      return GENESIS_HASH
    }
  })()
  let needsNewline = text.length > 0 && !text.endsWith('\n')
  let dirSynced = text.length > 0

  const notice: DataNotice | null = startup.ok
    ? null
    : {
        id: 'audit-chain-broken',
        level: 'error',
        message: `审计日志校验未通过：${startup.reason}（第 ${startup.brokenAt} 条）。日志可能被改动，议事台不会自动修复；请保留该文件并报告管理员。`,
        file: `${AUDIT_DIR}/${AUDIT_FILE}`,
        at: toLocalIso(now()),
      }
  let noticeDismissed = false

  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  // A crash between an append and its anchor write leaves the anchor behind a valid chain: catch
  // up. A broken log never moves the anchor: it is the evidence of what was there.
  if (opts.anchor && startup.ok && startup.anchorLags) {
    await opts.anchor.write({ entries: lastSeq, lastHash })
  }
  const anchorFrozen = !startup.ok

  const startupResult: AuditVerifyResult = startup.ok
    ? { ok: true, entries: startup.entries }
    : { ok: false, entries: startup.entries, brokenAt: startup.brokenAt, reason: startup.reason }

  return {
    append(input) {
      return serial(async () => {
        const entry = chainEntry(lastSeq + 1, lastHash, input, now(), opts.hmacKey)
        const line = `${needsNewline ? '\n' : ''}${JSON.stringify(entry)}\n`
        try {
          await mkdir(dir, { recursive: true })
          const handle = await open(file, 'a', 0o600)
          try {
            await handle.appendFile(line, 'utf8')
            await handle.sync()
          } finally {
            await handle.close()
          }
          if (!dirSynced) {
            // The first append creates the file: make its directory entry durable too.
            const d = await open(dir, 'r')
            try {
              await d.sync()
            } catch {
              // some platforms cannot fsync a directory; the file itself is synced
            } finally {
              await d.close()
            }
            dirSynced = true
          }
        } catch (err) {
          throw new AppError('WRITE_FAILED', `审计日志写入失败，操作未执行：${(err as Error).message}`)
        }
        needsNewline = false
        lastSeq = entry.seq
        lastHash = entry.hash
        if (opts.anchor && !anchorFrozen) {
          try {
            await opts.anchor.write({ entries: lastSeq, lastHash })
          } catch (err) {
            // The entry is durable; the anchor lags and is caught up at the next start.
            throw new AppError('WRITE_FAILED', `审计日志锚点写入失败，操作未执行：${(err as Error).message}`)
          }
        }
        return entry
      })
    },

    async list({ page, pageSize }) {
      const lines = splitLines(await readAll())
      const entries: AuditEntry[] = []
      for (const line of lines) {
        try {
          entries.push(JSON.parse(line) as AuditEntry)
        } catch {
          // an unreadable line is reported by verify(); the list shows what can be read
        }
      }
      entries.reverse()
      return { items: entries.slice((page - 1) * pageSize, page * pageSize), total: entries.length, page, pageSize }
    },

    async verify() {
      const result = await check(await readAll(), false)
      return result.ok
        ? { ok: true, entries: result.entries }
        : { ok: false, entries: result.entries, brokenAt: result.brokenAt, reason: result.reason }
    },

    startupResult: () => startupResult,

    head: () => ({ entries: lastSeq, lastHash }),

    notices: () => (notice && !noticeDismissed ? [{ ...notice }] : []),

    dismissNotice(id) {
      if (!notice || id !== notice.id || noticeDismissed) return false
      noticeDismissed = true
      return true
    },
  }
}
