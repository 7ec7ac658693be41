// 领导只读模式: a verified data package is loaded into its own folder (`<dataDir>.package`, beside
// this machine's data folder, never merged into it) and served by a second backend opened
// read-only. While it is open, every call of every transport goes to that backend (its guard
// answers only PACKAGE_READ_CHANNELS, as the built-in leader), except package:status and
// package:close, which this machine's backend answers (and audits). The folder is throwaway: its
// data key lives in memory only, it is deleted on close and at the next start.
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import type { ChangedEvent, KeyProtection } from '../../shared/contract'
import type { PackageInfo, PackageStatus } from '../../shared/contract/package'
import { PACKAGE_LEADER } from '../../shared/domain/data-package'
import type { OperatorIdentity } from '../../shared/domain/permissions'
import type { CallContext } from '../services'
import type { SettingsStore } from '../services/settings'
import { loadPackageData, type PackageModeHooks } from '../services/package'
import type { VerifiedPackage } from '../services/data-package'
import type { Backend, BackendOptions } from './backend'
import { GUARD, guardOf, type Guard } from './guard'
import type { Handlers } from './handlers'

/** Channels this machine's backend answers even while a package is open. */
const OWN_CHANNELS: ReadonlySet<string> = new Set(['package:status', 'package:close'])

export function packageFolderOf(dataDir: string): string {
  return `${dataDir}.package`
}

export interface PackageMode extends PackageModeHooks {
  /** The package's backend while one is open. */
  current(): Backend | null
  /**
   * Routes every channel to the open package (if any) or to this machine's guarded handlers
   * (`own`); `ownInner` is the same map before the guard, for package:status/close in package mode.
   */
  route(own: Handlers, ownInner: Handlers): Handlers
  /** Closes an open package (the app is closing). */
  shutdown(): Promise<void>
}

export function createPackageMode(deps: {
  dataDir: string
  open: (opts: BackendOptions) => Promise<Backend>
  emit: (event: ChangedEvent) => void
  log: (err: unknown) => void
  /** This machine's key protection, shown for the package too (its own key is never stored). */
  protection: KeyProtection
  /** This machine's view preferences (language, layout): they stay the reader's in the package. */
  settings?: SettingsStore
}): PackageMode {
  const folder = packageFolderOf(deps.dataDir)
  let open: { backend: Backend; info: PackageInfo; stop: () => void } | null = null

  async function unmount(): Promise<PackageInfo | undefined> {
    const was = open
    if (!was) return undefined
    open = null
    was.stop()
    await was.backend.close({ backup: false }).catch(deps.log)
    await rm(folder, { recursive: true, force: true }).catch(deps.log)
    return was.info
  }

  const mode: PackageMode = {
    status: (): PackageStatus => (open ? { open: true, info: open.info } : { open: false }),
    async mount(pkg: VerifiedPackage, info: PackageInfo) {
      await unmount()
      // A folder left by a crash is stale: the package is loaded afresh from its file.
      await rm(folder, { recursive: true, force: true })
      const backend = await deps.open({
        dataDir: folder,
        // A key for this folder only, never stored: the folder is unreadable once closed.
        key: { key: randomBytes(32), protection: deps.protection },
        log: deps.log,
        ...(deps.settings ? { settings: deps.settings } : {}),
        readOnlyPackage: { operator: PACKAGE_LEADER as OperatorIdentity },
      })
      try {
        await loadPackageData(backend.db, pkg)
      } catch (err) {
        await backend.close({ backup: false }).catch(deps.log)
        await rm(folder, { recursive: true, force: true }).catch(deps.log)
        throw err
      }
      const stop = backend.onChanged(deps.emit)
      open = { backend, info, stop }
    },
    unmount,
    current: () => open?.backend ?? null,
    async shutdown() {
      await unmount()
    },
    route(own, ownInner) {
      const ownGuard = guardOf(own)
      const target = (channel: string): { handlers: Handlers; guard: Guard | undefined; asLeader: boolean } => {
        if (open && !OWN_CHANNELS.has(channel)) return { handlers: open.backend.handlers, guard: guardOf(open.backend.handlers), asLeader: false }
        // package:status/close while a package is open: this machine's service, as the built-in
        // leader (this machine's session may have locked meanwhile; anyone at it may go back).
        return { handlers: own, guard: open ? undefined : ownGuard, asLeader: !!open }
      }
      const out: Record<string, (input: unknown, ctx?: CallContext) => Promise<unknown>> = {}
      for (const channel of Object.keys(own)) {
        out[channel] = (input, ctx) => {
          const t = target(channel)
          const fn = (t.asLeader ? ownInner : t.handlers)[channel as keyof Handlers] as (input: unknown, ctx?: CallContext) => Promise<unknown>
          return fn(input, t.asLeader ? { ...ctx, operator: PACKAGE_LEADER as OperatorIdentity } : ctx)
        }
      }
      const guard: Guard = {
        async authorize(channel, ctx) {
          const t = target(channel)
          if (t.asLeader) return PACKAGE_LEADER as OperatorIdentity
          return t.guard ? t.guard.authorize(channel, ctx) : null
        },
        async touch(ctx) {
          if (!open) await ownGuard?.touch(ctx)
        },
      }
      Object.defineProperty(out, GUARD, { value: guard, enumerable: false })
      return out as unknown as Handlers
    },
  }
  return mode
}
