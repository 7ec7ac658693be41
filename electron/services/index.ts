// createServices joins one service per contract area (demand.ts, community.ts, app.ts, …).
import { randomBytes } from 'node:crypto'
import type { KeyProtection } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import type { Database } from '../data'
import { createAppService } from './app'
import { createAuditService, type AuditLog } from './audit'
import { createBackupService } from './backup'
import { createCommunityService } from './community'
import { createDemandService } from './demand'
import { createSampleService } from './sample'
import { SAMPLE_COMMUNITIES } from './sample-street'
import { createSettingsService, memorySettingsStore, normalizeSettings, type SettingsStore } from './settings'
import { createStatsService } from './stats'
import { ROLE_NAMES } from '../../shared/domain/vocab'
import type { Services } from './types'

export type { AreaService, CallContext, ServiceFn, Services } from './types'
export { toView } from './demand'

export interface ServiceDeps {
  db: Database
  /**
   * The hash-chained audit log (services/audit.ts, openAuditLog). Required: sensitive actions
   * (unmask, delete, restore, retention) do not happen without an entry. Tests pass one
   * explicitly (tests/helpers/audit-log.ts).
   */
  audit: AuditLog
  /** Clock for createdAt/updatedAt and the sample street's months. */
  now?: () => Date
  /** Random part of new demand ids (letters, digits, '-' or '_'). */
  newId?: () => string
  /** Communities of the sample street; defaults to resources/sample/communities.json. */
  sampleCommunities?: Community[]
  /** UI settings (locale, role): electron-store in the app, a file in the preview host. */
  settings?: SettingsStore
  /** How the personal-data key is protected, for app:status; 'none' when not given. */
  keyProtection?: KeyProtection
}

export function createServices(deps: ServiceDeps): Services {
  const { db, audit } = deps
  if (!audit) throw new Error('createServices: an audit log is required')
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? (() => randomBytes(8).toString('base64url'))
  const settingsStore = deps.settings ?? memorySettingsStore()
  const role = async () => normalizeSettings(await settingsStore.read()).role
  /** The audit actor: the role in settings (秘书/主持人/领导) until the app has user accounts. */
  const actor = async () => ROLE_NAMES[await role()]

  return {
    app: createAppService(db, audit, deps.keyProtection ?? 'none'),
    settings: createSettingsService(settingsStore),
    community: createCommunityService(db, newId),
    demand: createDemandService({ db, audit, now, newId, role }),
    stats: createStatsService(db),
    sample: createSampleService(db, deps.sampleCommunities ?? SAMPLE_COMMUNITIES, now),
    backup: createBackupService(db, { audit, actor }),
    audit: createAuditService(audit),
  }
}
