import type { Database } from '../data'
import type { AreaService, CallContext } from './types'
import type { AuditLog } from './audit'
import { auditWho } from './actor'
import type { OperatorStore } from './operators'
import { join } from 'node:path'

export interface BackupServiceDeps {
  audit: Pick<AuditLog, 'append'>
  /**
   * The operator accounts. Like the audit log, they are not rolled back by a restore: a backup
   * from before an account was disabled, deleted or had its secret reset (or from before accounts
   * existed, which would reopen the first-administrator setup) must not bring that back.
   */
  operators?: OperatorStore & { reload?(): Promise<void> }
}

/** backup:* — list, create, restore, and the personal-data retention rule (all in the data layer). */
export function createBackupService(db: Database, deps: BackupServiceDeps): AreaService<'backup'> {
  const info = async (id: string) => {
    const found = (await db.backups()).find((b) => b.id === id)
    if (!found) throw new Error(`backup vanished: ${id}`)
    const { schemaVersion: _v, ...rest } = found
    return rest
  }

  /** Puts the accounts as they were before the restore back (restore swapped operators.json). */
  async function keepOperators(before: ReturnType<OperatorStore['list']>): Promise<void> {
    const store = deps.operators
    if (!store) return
    await store.reload?.()
    const keep = new Set(before.map((o) => o.id))
    for (const o of store.list()) if (!keep.has(o.id)) await store.delete(o.id)
    for (const o of before) await store.save(o)
  }

  return {
    async list() {
      const backups = (await db.backups()).map(({ schemaVersion: _v, ...rest }) => rest)
      return { dataDir: db.dataDir, backupsDir: join(db.dataDir, 'backups'), backups }
    },
    async create() {
      return info(await db.backup('manual'))
    },
    async restore({ id }, ctx?: CallContext) {
      // Audited before the swap: the entry records who asked; the log itself is not restored.
      await deps.audit.append({ ...auditWho(ctx), action: 'backup.restore', target: id })
      const accounts = deps.operators?.list() ?? []
      const outcome = await db.restore(id)
      await keepOperators(accounts)
      return {
        restored: await info(outcome.backup),
        safetyBackup: outcome.safetyBackup,
        communities: outcome.communities,
        demands: outcome.demands,
      }
    },
    getRetention: () => db.retention(),
    async setRetention(input, ctx?: CallContext) {
      // Audited before it changes anything: the rule decides when personal data is erased.
      const from = await db.retention()
      await deps.audit.append({
        ...auditWho(ctx),
        action: 'retention.setting',
        target: 'personal-data',
        detail: { from: from.personalDataMonths, to: input.personalDataMonths },
      })
      return db.setRetention(input)
    },
    async applyRetention(_input, ctx?: CallContext) {
      const who = auditWho(ctx)
      const setting = await db.retention()
      // Before: who ran it under which rule; after: what it erased.
      await deps.audit.append({ ...who, action: 'retention.apply', target: 'personal-data', detail: { months: setting.personalDataMonths } })
      const outcome = await db.applyRetention()
      await deps.audit.append({ ...who, action: 'retention.applied', target: 'personal-data', detail: { ...outcome } })
      return outcome
    },
  }
}
