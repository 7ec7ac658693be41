// audit:* — the hash-chained audit log of sensitive actions (unmask, delete, restore, retention).
import { z } from 'zod'
import { emptyInput, page, pageSize, returns, type Page } from './common'

export const auditListInput = z.strictObject({ page, pageSize: pageSize(50) })

/** What was done: `<area>.<verb>`, e.g. demand.unmask, demand.delete, backup.restore, data.export. */
export type AuditAction = string

/**
 * One line of audit/audit.jsonl. `hash` = sha256 (hex) of the canonical JSON (keys sorted) of the
 * entry without `hash`; `prevHash` is the previous entry's hash (64 zeros for the first).
 */
export interface AuditEntry {
  seq: number
  /** ISO 8601 with offset */
  at: string
  /** Who: the role name from settings (e.g. 秘书) until the app has user accounts. */
  actor: string
  action: AuditAction
  /** What it was done to, e.g. a demand id or a backup name. */
  target: string
  detail: Record<string, unknown>
  prevHash: string
  hash: string
}

export type AuditPage = Page<AuditEntry>

export type AuditVerifyResult =
  | { ok: true; entries: number }
  | {
      ok: false
      entries: number
      /** The first entry (by expected sequence number) that does not fit the chain. */
      brokenAt: number
      /** zh-CN, e.g. 第 3 条记录的内容已被改动 */
      reason: string
    }

export const auditChannels = {
  'audit:list': { input: auditListInput, result: returns<AuditPage>() },
  'audit:verify': { input: emptyInput, result: returns<AuditVerifyResult>() },
} as const
