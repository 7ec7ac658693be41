// Personal data in full, one demand at a time, always audited; and the audit log's channels.
import { AppError } from '../../shared/contract/errors'
import type { AuditEntry, AuditVerifyResult, UnmaskedDemand } from '../../shared/contract/privacy'
import { ROLE_NAMES, type Role } from '../../shared/domain/vocab'
import type { Database } from '../data'
import { chainEntry, GENESIS_HASH, verifyLines, type AuditInput, type AuditLog } from './audit'
import type { Services } from './types'

export type { AuditLog } from './audit'

/** The audit actor until the app has user accounts: the role chosen in settings. */

/** Roles that may see a resident's full name, phone and address. */
export const UNMASK_ROLES: readonly Role[] = ['secretary', 'chair']

export interface PrivacyDeps {
  db: Database
  audit: AuditLog
  /** The role stored in settings (electron-store / the host's file), read at call time. */
  role: () => Promise<Role>
}

/** The actor to write in the audit log for the current settings. */
export async function currentActor(role: () => Promise<Role>): Promise<string> {
  return ROLE_NAMES[await role()]
}

export function createPrivacyService(deps: PrivacyDeps): Services['privacy'] {
  return {
    async unmask({ id }) {
      const role = await deps.role()
      if (!UNMASK_ROLES.includes(role)) {
        throw new AppError('FORBIDDEN', '当前角色（领导）只能查看脱敏后的个人信息')
      }
      const demand = await deps.db.getDemand(id)
      if (!demand) throw new AppError('NOT_FOUND', '未找到该诉求')
      const fields = (['reporterName', 'reporterPhone', 'reporterAddress'] as const).filter((f) => demand[f] !== undefined)
      // Audit first: if the entry cannot be written, nothing is revealed.
      await deps.audit.append({ actor: ROLE_NAMES[role], action: 'demand.unmask', target: id, detail: { fields } })
      const out: UnmaskedDemand = { id, reporterName: demand.reporterName }
      if (demand.reporterPhone !== undefined) out.reporterPhone = demand.reporterPhone
      if (demand.reporterAddress !== undefined) out.reporterAddress = demand.reporterAddress
      return out
    },
    auditList: (input) => deps.audit.list(input),
    auditVerify: () => deps.audit.verify(),
  }
}

/** Same chain, kept in memory: for tests and tools that run services without a data folder. */
export function memoryAuditLog(now: () => Date = () => new Date()): AuditLog {
  const lines: string[] = []
  let prev = GENESIS_HASH
  return {
    async append(input: AuditInput) {
      const entry = chainEntry(lines.length + 1, prev, input, now())
      lines.push(JSON.stringify(entry))
      prev = entry.hash
      return entry
    },
    async list({ page, pageSize }) {
      const all = lines.map((l) => JSON.parse(l) as AuditEntry).reverse()
      return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize }
    },
    async verify(): Promise<AuditVerifyResult> {
      const r = verifyLines(lines)
      return r.ok ? { ok: true, entries: r.entries } : { ok: false, entries: r.entries, brokenAt: r.brokenAt, reason: r.reason }
    },
    startupResult: () => ({ ok: true, entries: 0 }),
    notices: () => [],
    dismissNotice: () => false,
  }
}
