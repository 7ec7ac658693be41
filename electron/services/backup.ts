import type { Database } from '../data'
import type { AreaService } from './types'
import type { AuditLog } from './audit'
import { join } from 'node:path'

/** backup:* — list, create, restore, and the personal-data retention rule (all in the data layer). */
export function createBackupService(
  db: Database,
  log: { audit: Pick<AuditLog, 'append'>; actor: () => Promise<string> },
): AreaService<'backup'> {
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
    async restore({ id }) {
      // Audited before the swap: the entry records who asked; the log itself is not restored.
      await log.audit.append({ actor: await log.actor(), action: 'backup.restore', target: id })
      const outcome = await db.restore(id)
      return {
        restored: await info(outcome.backup),
        safetyBackup: outcome.safetyBackup,
        communities: outcome.communities,
        demands: outcome.demands,
      }
    },
    getRetention: () => db.retention(),
    setRetention: (input) => db.setRetention(input),
    async applyRetention() {
      const outcome = await db.applyRetention()
      await log.audit.append({ actor: await log.actor(), action: 'retention.apply', target: 'personal-data', detail: { ...outcome } })
      return outcome
    },
  }
}
