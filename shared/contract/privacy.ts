// Personal data and audit channels (`privacy:*`, `audit:*`, `demand:unmask`). Joined in index.ts.
import { z } from 'zod'
import { returns } from './define'

const id = (label: string) =>
  z.string({ error: `请选择${label}` }).min(1, { error: `请选择${label}` }).max(64, { error: `${label}编号无效` })

export const demandUnmaskInput = z.strictObject({ id: id('诉求') })

export const auditListInput = z.strictObject({
  page: z.number({ error: '页码无效' }).int({ error: '页码无效' }).min(1, { error: '页码无效' }).default(1),
  pageSize: z
    .number({ error: '每页条数无效' })
    .int({ error: '每页条数无效' })
    .min(1, { error: '每页条数无效' })
    .max(200, { error: '每页最多 200 条' })
    .default(50),
})

/** A demand's personal data in full, for one person who asked and was audited. */
export interface UnmaskedDemand {
  id: string
  reporterName: string
  reporterPhone?: string
  reporterAddress?: string
}

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

export interface AuditPage {
  items: AuditEntry[]
  total: number
  page: number
  pageSize: number
}

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

/** How the data key is protected: by the OS (Keychain, DPAPI, libsecret/kwallet), by a fixed
 *  key on Linux without a keyring ('basic_text'), or not at all ('none', e.g. the preview host). */
export type KeyProtection = 'os' | 'basic_text' | 'none'

export interface SecurityStatus {
  keyProtection: KeyProtection
  audit: AuditVerifyResult
}

export const privacyChannels = {
  'demand:unmask': { input: demandUnmaskInput, result: returns<UnmaskedDemand>() },
  'audit:list': { input: auditListInput, result: returns<AuditPage>() },
  'audit:verify': { input: z.strictObject({}, { error: '此操作不需要参数' }), result: returns<AuditVerifyResult>() },
} as const
