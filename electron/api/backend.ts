// The one start-up path: data key check → data → audit log → services → handlers → events.
// Used by the Electron main process, the preview host (electron/host/cli.ts) and the e2e harness,
// so what the tests run is what the app runs. Electron specifics (safeStorage wrapping the key,
// electron-store settings) stay in main and come in as options.
import type { Envelope, KeyProtection } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import { openDatabase, type Database, type FsOps } from '../data'
import type { CloseOptions } from '../data/database'
import { createPiiCodec, verifyDataKey } from '../data/pii-codec'
import { createServices, type CallContext, type Services } from '../services'
import { openAuditLog, type AuditLog } from '../services/audit'
import type { SettingsStore } from '../services/settings'
import { dispatch } from './dispatch'
import { createChangeHub, subscribeDataChanges, withAuditEvents, withChangeEvents, type ChangedListener } from './events'
import { buildHandlers, type Handlers } from './handlers'

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
}

export interface Backend {
  readonly dataDir: string
  readonly keyProtection: KeyProtection
  readonly db: Database
  /** The audit log; each append also announces `changed {area: 'audit'}`. */
  readonly audit: AuditLog
  readonly services: Services
  /** Generated from the services, wrapped so successful changes emit events. Give to a transport. */
  readonly handlers: Handlers
  /** One call through the contract (never throws): what IPC and the host do per request. */
  call(channel: unknown, payload: unknown, ctx?: CallContext): Promise<Envelope<unknown>>
  /** `changed {area, ids}` after every change, whoever made it. Returns the unsubscribe function. */
  onChanged(listener: ChangedListener): () => void
  /** Stops events, waits for writes, closes the data folder (with an exit backup by default). */
  close(options?: CloseOptions): Promise<void>
}

export async function openBackend(opts: BackendOptions): Promise<Backend> {
  const log = opts.log ?? ((err: unknown) => console.error(err))
  const now = opts.now ?? (() => new Date())
  const { key, protection } = typeof opts.key === 'function' ? await opts.key() : opts.key
  let db: Database
  try {
    // A key that does not open the data stops here, before any file is read, quarantined or written.
    await verifyDataKey(opts.dataDir, key)
    db = await openDatabase({ dataDir: opts.dataDir, codec: createPiiCodec(key), fs: opts.fs, now })
  } finally {
    key.fill(0)
  }
  const hub = createChangeHub(log)
  let audit: AuditLog
  try {
    audit = withAuditEvents(await openAuditLog({ dataDir: opts.dataDir, now }), hub.emit)
  } catch (err) {
    await db.close({ backup: false }).catch(log)
    throw err
  }
  const data = subscribeDataChanges(db, hub.emit)
  const services = createServices({
    db,
    audit,
    now,
    newId: opts.newId,
    sampleCommunities: opts.sampleCommunities,
    settings: opts.settings,
    keyProtection: protection,
  })
  const handlers = withChangeEvents(buildHandlers(services), hub.emit, data.covers)

  let closing: Promise<void> | null = null
  return {
    dataDir: opts.dataDir,
    keyProtection: protection,
    db,
    audit,
    services,
    handlers,
    call: (channel, payload, ctx) => dispatch(handlers, channel, payload, log, ctx),
    onChanged: hub.onChanged,
    close(options) {
      closing ??= (async () => {
        data.stop()
        await db.close(options)
      })()
      return closing
    },
  }
}
