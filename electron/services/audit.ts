// The audit log: one service every sensitive action goes through (unmask, export, delete,
// restore, later approving minutes). Append-only `audit/audit.jsonl` in the data folder, one JSON
// entry per line, hash-chained: hash = sha256 over the canonical JSON of the entry without `hash`,
// and each entry carries the previous entry's hash. Every append is fsynced before it returns.
// A broken chain is reported (app:status, audit:verify), never repaired.
import { createHash } from 'node:crypto'
import { open, readFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { AuditEntry, AuditPage, AuditVerifyResult } from '../../shared/contract/privacy'
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

/** The next link of the chain: the entry with its hash over everything else. */
export function chainEntry(seq: number, prevHash: string, input: AuditInput, at: Date): AuditEntry {
  const base = {
    seq,
    at: toLocalIso(at),
    actor: input.actor,
    action: input.action,
    target: input.target,
    detail: input.detail ?? {},
    prevHash,
  }
  return { ...base, hash: entryHash(base) }
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, target, detail, prevHash } = entry
  return createHash('sha256').update(canonicalJson({ seq, at, actor, action, target, detail, prevHash }), 'utf8').digest('hex')
}

/** Checks lines of audit.jsonl; the first problem found is reported with its sequence number. */
export function verifyLines(lines: string[]): AuditVerifyResult & { last?: AuditEntry } {
  let prev = GENESIS_HASH
  let last: AuditEntry | undefined
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
          ? `第 ${expected} 条记录缺失（此处是第 ${entry.seq} 条）`
          : `第 ${expected} 条记录的位置不对（此处是第 ${entry.seq} 条，记录被删除或调换）`,
      )
    }
    if (entry.prevHash !== prev) return broken(`第 ${expected} 条记录与上一条衔接不上（前面的记录被删除、调换或改动）`)
    if (entry.hash !== entryHash(entry)) return broken(`第 ${expected} 条记录的内容已被改动`)
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
  now?: () => Date
}

/** Opens (or starts) the log in `<dataDir>/audit/` and verifies the chain once. */
export async function openAuditLog(opts: AuditOptions): Promise<AuditLog> {
  const now = opts.now ?? (() => new Date())
  const dir = join(opts.dataDir, AUDIT_DIR)
  const file = join(dir, AUDIT_FILE)

  const readAll = async (): Promise<string> => {
    try {
      return await readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ''
      throw err
    }
  }

  const text = await readAll()
  const startup = verifyLines(splitLines(text))
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

  const startupResult: AuditVerifyResult = startup.ok
    ? { ok: true, entries: startup.entries }
    : { ok: false, entries: startup.entries, brokenAt: startup.brokenAt, reason: startup.reason }

  return {
    append(input) {
      return serial(async () => {
        const entry = chainEntry(lastSeq + 1, lastHash, input, now())
        const line = `${needsNewline ? '\n' : ''}${JSON.stringify(entry)}\n`
        try {
          await mkdir(dir, { recursive: true })
          const handle = await open(file, 'a')
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
      const result = verifyLines(splitLines(await readAll()))
      return result.ok
        ? { ok: true, entries: result.entries }
        : { ok: false, entries: result.entries, brokenAt: result.brokenAt, reason: result.reason }
    },

    startupResult: () => startupResult,

    notices: () => (notice && !noticeDismissed ? [{ ...notice }] : []),

    dismissNotice(id) {
      if (!notice || id !== notice.id || noticeDismissed) return false
      noticeDismissed = true
      return true
    },
  }
}
