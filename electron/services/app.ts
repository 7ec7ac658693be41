// app:* — the data folder's state, first run, notices from the data layer and the audit log.
import type { KeyProtection } from '../../shared/contract'
import type { Database } from '../data'
import type { AuditLog } from './audit'
import type { AreaService } from './types'

export function createAppService(db: Database, audit: AuditLog, keyProtection: KeyProtection): AreaService<'app'> {
  return {
    async status() {
      const communities = db.communities()
      return {
        dataDir: db.dataDir,
        firstRun: communities.length === 0 && db.demandTotal() === 0,
        sampleLoaded: communities.some((c) => c.sample),
        notices: [...db.notices(), ...audit.notices()],
        security: { keyProtection, audit: audit.startupResult() },
      }
    },
    async dismissNotice({ id }) {
      return { dismissed: db.dismissNotice(id) || audit.dismissNotice(id) }
    },
  }
}
