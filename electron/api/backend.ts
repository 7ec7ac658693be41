// The one start-up path: data key check → data → audit log → services → handlers → events.
// Used by the Electron main process, the preview host (electron/host/cli.ts) and the e2e harness,
// so what the tests run is what the app runs. Electron specifics (safeStorage wrapping the key,
// electron-store settings) stay in main and come in as options.
import { randomBytes } from 'node:crypto'
import type { Envelope, KeyProtection } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import { openDatabase, type Database, type FsOps, type OpenDatabaseOptions } from '../data'
import type { CloseOptions } from '../data/database'
import { createPiiCodec, verifyDataKey } from '../data/pii-codec'
import { createServices, type CallContext, type Services } from '../services'
import { deriveAuditKey, openAuditLog, type AuditAnchorStore, type AuditInput, type AuditLog } from '../services/audit'
import { auditMarkerFile, hasKeyedEntries, readKeyedMarker, writeKeyedMarker } from '../services/audit-marker'
import { collectionOperatorStore, OPERATORS_COLLECTION } from '../services/operators-collection'
import { createStreetSettings } from '../services/street'
import { createOperatorService, DEFAULT_IDLE_LOCK_MINUTES, type OperatorService } from '../services/operators'
import { createPiiCipher } from '../data/pii-codec'
import { appCollections } from '../services/collections'
import { createGuard, withGuard } from './guard'
import type { SettingsStore } from '../services/settings'
import { dispatch } from './dispatch'
import { createChangeHub, subscribeDataChanges, withAuditEvents, withChangeEvents, type ChangedListener } from './events'
import { buildHandlers, type Handlers } from './handlers'
import { createPackageMode, packageFolderOf, type PackageMode } from './package-mode'
import { signerFromDataKey, type PackageSigner } from '../services/data-package'
import { PACKAGE_READ_CHANNELS, PACKAGE_READ_ONLY_MESSAGE } from '../../shared/domain/data-package'
import type { OperatorIdentity } from '../../shared/domain/permissions'
import { rm } from 'node:fs/promises'

export interface DataKey {
  /** 32 bytes; zeroed by openBackend once the database holds its own copy. */
  key: Buffer
  protection: KeyProtection
}

export interface BackendOptions {
  dataDir: string
  /**
   * The personal-data key, or how to load it: main wraps it with safeStorage (main/key-store.ts),
   * the preview host keeps it in a dev file, e2e makes a random one per run.
   */
  key: DataKey | (() => Promise<DataKey>)
  /** electron-store in the app, a JSON file in the preview host; memory when not given. */
  settings?: SettingsStore
  /** One clock for the data layer, the audit log and the services. */
  now?: () => Date
  newId?: () => string
  sampleCommunities?: Community[]
  /** File-system operations of the data layer (tests inject spies and faults). */
  fs?: FsOps
  /** Where unexpected errors go (INTERNAL replies, throwing event listeners). */
  log?: (err: unknown) => void
  /**
   * Where the audit chain's head is kept outside the data folder, so a truncated, emptied or
   * deleted log is noticed: main passes fileAnchorStore(auditHeadFile(<userData>/keyring.bin),
   * deriveAuditKey(key)) (see auditAnchorFor), the preview host the same beside its dev key file,
   * tests memoryAnchorStore() or a temp file. Without it only edits and re-chaining are caught.
   */
  auditAnchor?: AuditAnchorStore | ((hmacKey: Buffer) => AuditAnchorStore)
  /** Minutes without a call before a session locks itself (0 = never). Default 10. */
  idleLockMinutes?: number
  /** scrypt cost of operator secrets (tests pass a cheap one). */
  scrypt?: { N: number; r: number; p: number }
  /** Waits after a failed sign-in (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>
  /**
   * TEST ONLY. Used by tests/e2e/harness.ts (and component tests) for tests that drive the UI
   * without the sign-in screen: every new transport session is signed in as this operator (made
   * as the first administrator, with a random secret nobody knows, when no operator exists yet).
   * Never set by electron/main or electron/host (tests/unit/boundaries.test.ts checks their sources).
   */
  devAutoSignIn?: { operatorName: string; /** the secret of the administrator made here */ secret?: string }
  /**
   * Prints an HTML document to PDF: electron/main passes a hidden window's printToPDF
   * (main/print-pdf.ts), for meeting:export format pdf. The preview host has none: the renderer
   * opens the print view (format html) in a page and the user prints it there.
   */
  printPdf?: (html: string) => Promise<Uint8Array>
  /** Written into exported data packages (main: app.getVersion()). */
  appVersion?: string
  /**
   * Set only by package-mode.ts for the backend of an opened data package: read-only (the guard
   * answers PACKAGE_READ_CHANNELS only), every session is this built-in leader, no package of its own.
   */
  readOnlyPackage?: { operator: OperatorIdentity }
}

export interface Backend {
  readonly dataDir: string
  readonly keyProtection: KeyProtection
  readonly db: Database
  /** The audit log; each append also announces `changed {area: 'audit'}`. */
  readonly audit: AuditLog
  /** Named operators and the sessions of all transports. */
  readonly operators: OperatorService
  readonly services: Services
  /**
   * Generated from the services, wrapped so successful changes emit events and every call is
   * checked against the permission table with the operator of ctx.sessionKey. Give to a transport.
   */
  readonly handlers: Handlers
  /**
   * One call through the contract (never throws): what IPC and the host do per request. Without
   * ctx the call runs in the session 'internal:default' (in-process callers, tests).
   */
  call(channel: unknown, payload: unknown, ctx?: CallContext): Promise<Envelope<unknown>>
  /** `changed {area, ids}` after every change, whoever made it. Returns the unsubscribe function. */
  onChanged(listener: ChangedListener): () => void
  /** Stops events, waits for writes, closes the data folder (with an exit backup by default). */
  close(options?: CloseOptions): Promise<void>
}

export const INTERNAL_SESSION = 'internal:default'

export async function openBackend(opts: BackendOptions): Promise<Backend> {
  const log = opts.log ?? ((err: unknown) => console.error(err))
  const now = opts.now ?? (() => new Date())
  const { key, protection } = typeof opts.key === 'function' ? await opts.key() : opts.key
  let db: Database
  let hmacKey: Buffer
  let signer: PackageSigner
  // Retention runs the data layer starts itself (if it offers the hooks) are audited; entries
  // asked for before the audit log is open are written as soon as it is.
  const early: AuditInput[] = []
  let appendAudit: ((input: AuditInput) => Promise<unknown>) | null = null
  let headOf: (() => unknown) | null = null
  const auditSystem = async (input: AuditInput) => {
    if (appendAudit) await appendAudit(input)
    else early.push(input)
  }
  try {
    // A key that does not open the data stops here, before any file is read, quarantined or written.
    await verifyDataKey(opts.dataDir, key, opts.fs)
    // The audit chain's key is derived before the data key is zeroed.
    hmacKey = deriveAuditKey(key)
    // The data-package signing key too: one per installation, kept wherever the data key is.
    signer = signerFromDataKey(key)
    const dbOptions: OpenDatabaseOptions = {
      dataDir: opts.dataDir,
      codec: createPiiCodec(key),
      fs: opts.fs,
      now,
      collections: appCollections(createPiiCipher(key)),
      // Every retention run, the daily one included, writes exactly what it will erase before it
      // erases anything (a run from the UI is also audited by the backup service with the
      // operator who asked). A setting change only comes through that service, which audits it.
      beforeRetention: (plan: unknown) =>
        auditSystem({ actor: '系统（保留规则）', action: 'retention.plan', target: 'personal-data', detail: { plan: plainDetail(plan) } }),
      // Each backup's manifest carries the audit log's head, a second anchor outside the log.
      manifestExtra: () => (appendAudit && headOf ? { auditHead: headOf() } : {}),
      // The retention cutoff is counted on the street's calendar (street.json, once open).
      timeZone: () => (db ? createStreetSettings(db).timeZone() : Promise.resolve(undefined)),
    }
    db = await openDatabase(dbOptions)
  } finally {
    key.fill(0)
  }
  const hub = createChangeHub(log)
  let audit: AuditLog
  let operatorStore: Awaited<ReturnType<typeof collectionOperatorStore>>
  try {
    // Logs written before the key are adopted once (their plain-sha256 prefix stays valid, and a
    // log without an anchor is anchored); after that a missing anchor is reported.
    const marker = auditMarkerFile(opts.dataDir)
    const adopted = (await readKeyedMarker(marker)) || (await hasKeyedEntries(opts.dataDir, hmacKey))
    const anchor = typeof opts.auditAnchor === 'function' ? opts.auditAnchor(hmacKey) : opts.auditAnchor
    const raw = await openAuditLog({ dataDir: opts.dataDir, now, hmacKey, anchor, adoptUnanchored: !adopted })
    if (!(await readKeyedMarker(marker))) await writeKeyedMarker(marker, now())
    audit = withAuditEvents(raw, hub.emit)
    appendAudit = (input) => audit.append(input)
    headOf = () => raw.head()
    for (const input of early.splice(0)) await audit.append(input)
    operatorStore = await collectionOperatorStore(db)
  } catch (err) {
    await db.close({ backup: false }).catch(log)
    throw err
  }
  const idleLockMinutes = () => opts.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES
  const operators = createOperatorService({
    store: operatorStore,
    audit,
    now,
    idleLockMinutes,
    ...(opts.scrypt ? { scrypt: opts.scrypt } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    log,
  })
  if (opts.devAutoSignIn) await ensureDevOperator(operators, operatorStore, opts.devAutoSignIn)
  // Any wholesale change (ids []: a restore, a repaired file): read the accounts again. (A restore
  // leaves operators.json as it is: the collection is keptAtRestore.)
  const stopOperatorReload = db.onChange((e) => {
    if (e.collection === OPERATORS_COLLECTION && e.ids.length === 0) void operatorStore.reload().catch(log)
  })
  const data = subscribeDataChanges(db, hub.emit)
  const readOnly = opts.readOnlyPackage
  // This machine's backend can open a data package read-only; a package's backend cannot.
  let packageMode: PackageMode | null = null
  if (!readOnly) {
    // A package left open by a crash or a closed app is gone: it is opened afresh from its file.
    await rm(packageFolderOf(opts.dataDir), { recursive: true, force: true }).catch(log)
    packageMode = createPackageMode({ dataDir: opts.dataDir, open: openBackend, emit: hub.emit, log, protection, ...(opts.settings ? { settings: opts.settings } : {}) })
  }
  const services = createServices({
    db,
    audit,
    now,
    newId: opts.newId,
    sampleCommunities: opts.sampleCommunities,
    settings: opts.settings,
    keyProtection: protection,
    operators,
    operatorStore,
    idleLockMinutes,
    ...(opts.printPdf ? { printPdf: opts.printPdf } : {}),
    packageSigner: signer,
    ...(packageMode ? { packageMode } : {}),
    ...(opts.appVersion ? { appVersion: opts.appVersion } : {}),
  })
  const guard = readOnly
    ? createGuard(operators, { readOnly: { operator: readOnly.operator, allowed: PACKAGE_READ_CHANNELS, message: PACKAGE_READ_ONLY_MESSAGE } })
    : createGuard(operators, opts.devAutoSignIn ? { devAutoSignIn: opts.devAutoSignIn } : {})
  const inner = withChangeEvents(buildHandlers(services, { check: false }), hub.emit, data.covers)
  if (readOnly) {
    // Every session of a package is the built-in read-only leader (no sign-in, no lock).
    const session = { needsSetup: false, operator: readOnly.operator, locked: false, idleLockMinutes: 0 }
    ;(inner as { 'session:status': Handlers['session:status'] })['session:status'] = async () => session
  }
  const guarded = withGuard(inner, guard)
  const handlers = packageMode ? packageMode.route(guarded, inner) : guarded

  let closing: Promise<void> | null = null
  return {
    dataDir: opts.dataDir,
    keyProtection: protection,
    db,
    audit,
    operators,
    services,
    handlers,
    call: (channel, payload, ctx) =>
      dispatch(handlers, channel, payload, log, ctx ?? { transport: 'internal', sessionKey: INTERNAL_SESSION }),
    onChanged: hub.onChanged,
    close(options) {
      closing ??= (async () => {
        stopOperatorReload()
        data.stop()
        await packageMode?.shutdown()
        await db.close(options)
      })()
      return closing
    },
  }
}

/** Only JSON-safe data goes into an audit entry's detail. */
function plainDetail(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null))
  } catch {
    return String(value)
  }
}

/** TEST ONLY (devAutoSignIn): the first administrator, with a random secret, if nobody exists yet. */
async function ensureDevOperator(
  operators: OperatorService,
  store: { list(): Array<{ name: string }> },
  dev: { operatorName: string; secret?: string },
): Promise<void> {
  if (store.list().some((o) => o.name === dev.operatorName)) return
  if (store.list().length > 0) throw new Error(`devAutoSignIn: no operator named ${dev.operatorName}`)
  const key = `internal:dev-setup:${randomBytes(8).toString('hex')}`
  await operators.setupFirstAdmin(key, { name: dev.operatorName, secret: dev.secret ?? `dev-${randomBytes(18).toString('base64url')}` })
  operators.forget(key)
}
