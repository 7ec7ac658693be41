import type { Database } from '../data'
import type { AreaService, CallContext } from './types'
import type { AuditLog } from './audit'
import { auditWho } from './actor'
import { join } from 'node:path'

export interface BackupServiceDeps {
  audit: Pick<AuditLog, 'append'>
}

/** backup:* — list, create, restore, and the personal-data retention rule (all in the data layer). */
export function createBackupService(db: Database, deps: BackupServiceDeps): AreaService<'backup'> {
  const info = async (id: string) => {
    const found = (await db.backups()).find((b) => b.id === id)
    if (!found) throw new Error(`backup vanished: ${id}`)
    const { schemaVersion: _v, ...rest } = found
    return rest
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
      // Operator accounts are not rolled back (operators collection: keptAtRestore), like the log.
      const outcome = await db.restore(id)
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
