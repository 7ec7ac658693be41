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
import { createSettingsService, memorySettingsStore, type SettingsStore } from './settings'
import { createOperatorService, DEFAULT_IDLE_LOCK_MINUTES, memoryOperatorStore, type OperatorService, type OperatorStore } from './operators'
import { createOperatorAreaService, createSessionService } from './session'
import { createStatsService } from './stats'
import { createStreetService, createStreetSettings } from './street'
import { createCaseNumbers } from './case-numbers'
import { createTriageService } from './triage'
import { createTopicService, topicReferences } from './topic'
import { createImportService } from './import'
import { createSearchService } from './search'
import { createPeopleService } from './people'
import { createHistoryService } from './history'
import { createMeetingService } from './meeting'
import { createTaskService } from './task'
import { createFeedbackService } from './feedback'
import { createBriefingService } from './briefing'
import type { PdfPrinter } from './meeting-export'
import { createPackageService, type PackageModeHooks } from './package'
import { signerFromDataKey, type PackageSigner } from './data-package'
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
  /**
   * Named operators and their sessions (operators.ts over the `operators` collection, made by
   * openBackend). Without it: an in-memory store (tests that call services directly).
   */
  operators?: OperatorService
  /** The store behind `operators` (a restore keeps the accounts as they were). */
  operatorStore?: OperatorStore & { reload?(): Promise<void> }
  /** Minutes without a call before a session locks itself (0 = never); default 10. */
  idleLockMinutes?: () => number
  /** Prints the minutes' print view and the briefing pack to PDF (Electron's printToPDF); absent: their pdf format is refused. */
  printPdf?: PdfPrinter
  /** Signs exported data packages (openBackend derives it from the data key); absent: a random key. */
  packageSigner?: PackageSigner
  /** Opening a package read-only (the api layer's package mode); absent: package:open is refused. */
  packageMode?: PackageModeHooks
  /** Written into exported packages' manifests. */
  appVersion?: string
}

export function createServices(deps: ServiceDeps): Services {
  const { db, audit } = deps
  if (!audit) throw new Error('createServices: an audit log is required')
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? (() => randomBytes(8).toString('base64url'))
  // The role in settings is a view preference only (which layout to show): it grants nothing.
  const settingsStore = deps.settings ?? memorySettingsStore()
  const idleLockMinutes = deps.idleLockMinutes ?? (() => DEFAULT_IDLE_LOCK_MINUTES)
  const operatorStore = deps.operatorStore ?? (deps.operators ? undefined : memoryOperatorStore())
  const operators = deps.operators ?? createOperatorService({ store: operatorStore!, audit, now, idleLockMinutes })
  // The street's settings (time zone for months) are read by the demand and stats services.
  const street = createStreetSettings(db)
  // The demand service is shared by its area and the import's bulk path (createDemands).
  let demandService: ReturnType<typeof createDemandService> | undefined
  const demand = () =>
    (demandService ??= createDemandService({ db, audit, now, newId, street, caseNumbers: createCaseNumbers(db) }))

  // Each area's service is made on first use: a cold start that shows the dashboard runs only
  // the stats factory (the bench's cold open → dashboard measures this path).
  return lazyAreas<Services>({
    app: () => createAppService(db, audit, deps.keyProtection ?? 'none'),
    settings: () => createSettingsService(settingsStore),
    // Removal checks operator scopes (operator-accounts.ts) besides demands and compounds.
    community: () =>
      createCommunityService(db, newId, { audit, operators: () => operatorStore?.list() ?? [], references: [topicReferences(db)] }),
    // demand.createDemands is the import's bulk path (see the top of demand.ts).
    demand,
    stats: () => createStatsService(db, () => street.timeZone(), now),
    sample: () => createSampleService({ db, audit, sampleCommunities: deps.sampleCommunities ?? SAMPLE_COMMUNITIES, now, timeZone: street.timeZone }),
    backup: () => createBackupService(db, { audit }),
    audit: () => createAuditService(audit),
    session: () => createSessionService(operators, idleLockMinutes),
    operator: () => createOperatorAreaService(operators),
    street: () => createStreetService({ settings: street, audit, now }),
    triage: () => createTriageService({ db, audit, now, street }),
    topic: () => createTopicService({ db, audit, now, newId }),
    import: () => createImportService({ db, now, newId, audit, createDemands: (...args) => demand().createDemands(...args), timeZone: street.timeZone }),
    search: () => createSearchService(db, { timeZone: () => street.timeZone() }),
    people: () => createPeopleService({ db, audit, now, newId }),
    meeting: () => createMeetingService({ db, audit, now, newId, timeZone: () => street.timeZone(), ...(deps.printPdf ? { printPdf: deps.printPdf } : {}) }),
    task: () => createTaskService({ db, audit, now, newId, street }),
    feedback: () => createFeedbackService({ db, audit, now, newId, street }),
    history: () => createHistoryService({ db, audit, now, timeZone: () => street.timeZone() }),
    briefing: () => createBriefingService({ db, audit, now, street, ...(deps.printPdf ? { printPdf: deps.printPdf } : {}) }),
    package: () =>
      createPackageService({
        db,
        audit,
        now,
        signer: deps.packageSigner ?? signerFromDataKey(randomBytes(32)),
        appVersion: deps.appVersion ?? '0.1.0',
        ...(deps.packageMode ? { mode: deps.packageMode } : {}),
      }),
  })
}

/** An object whose properties are made by their factory on first read (then kept). */
function lazyAreas<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const out = {} as T
  for (const key of Object.keys(factories) as Array<keyof T>) {
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factories[key]()
        Object.defineProperty(out, key, { value, enumerable: true, writable: false, configurable: false })
        return value
      },
    })
  }
  return out
}
