// Test helpers for building services without the Electron app: an in-memory audit log (the same
// hash chain as services/audit.ts, no folder) and the revision an edit must name.
import type { AuditEntry, AuditVerifyResult } from '../../shared/contract'
import { chainEntry, GENESIS_HASH, verifyLines, type AuditInput, type AuditLog } from '../../electron/services/audit'

/**
 * The audit chain kept in memory, for tests that construct services directly. The app and the
 * host always open the real log (openBackend → openAuditLog); createServices has no fallback.
 */
export function memoryAuditLogForTests(now: () => Date = () => new Date()): AuditLog & { entries(): AuditEntry[] } {
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
    entries: () => lines.map((l) => JSON.parse(l) as AuditEntry),
  }
}

/**
 * The revision an edit of `record` names: the record's stored revision once records carry one
 * (data layer), 1 for records written before revisions existed.
 */
export function revisionOf(record: unknown): number {
  const r = (record as { revision?: unknown } | undefined)?.revision
  return typeof r === 'number' ? r : 1
}

/** The stored revision of a demand, read the way an editor would (1 when it has none). */
export async function demandRevision(db: { getDemand(id: string): Promise<unknown> }, id: string): Promise<number> {
  return revisionOf(await db.getDemand(id))
}

/** The stored revision of a community (1 when it has none). */
export function communityRevision(db: { community(id: string): unknown }, id: string): number {
  return revisionOf(db.community(id))
}
