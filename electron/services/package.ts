// package:* — export a signed data package of the street (or chosen communities), receive one in
// chunks and open it read-only (the api layer's package mode does the switching: PackageModeHooks).
// What goes in (docs/data-package.md): communities, their demands, topics, people, meetings,
// tasks and historical counts, and the street settings. Never the operator accounts, the audit
// log, the keys, import mappings or case counters. Personal fields are masked unless the exporter
// may unmask and chose not to.
import type { Database } from '../data'
import type { PackageFile, PackageInfo, PackageStatus } from '../../shared/contract/package'
import { AppError } from '../../shared/contract/errors'
import type { Community, Demand } from '../../shared/domain/entities'
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, formatFingerprint, packageFileName, type PackageManifest } from '../../shared/domain/data-package'
import { maskAddress, maskName, maskPhone } from '../../shared/domain/masking'
import { canAccessCommunity, hasCapability } from '../../shared/domain/permissions'
import { toZonedIso } from '../../shared/domain/month'
import type { StoredRecord } from '../data/collection'
import { auditWho, operatorOf } from './actor'
import type { AuditLog } from './audit'
import { buildPackage, readPackage, type PackageSigner, type VerifiedPackage } from './data-package'
import { HISTORY_COLLECTION } from './history-collection'
import { MEETINGS_COLLECTION } from './meetings-collection'
import { PEOPLE_COLLECTION } from './people-collection'
import { STREET_COLLECTION, createStreetSettings, streetDisplayName } from './street'
import { TASKS_COLLECTION } from './tasks-collection'
import { TOPICS_COLLECTION } from './topics-collection'
import type { AreaService, CallContext } from './types'

/** Collections besides communities and demands that a package carries (street: one record). */
// (history: the entered counts of months before the app was used; without them the leader's
// laptop would show other figures than the office for those months.)
const SCOPED = [TOPICS_COLLECTION, PEOPLE_COLLECTION, MEETINGS_COLLECTION, TASKS_COLLECTION, HISTORY_COLLECTION] as const

/** Done by the api layer (electron/api/package-mode.ts): it owns the second backend. */
export interface PackageModeHooks {
  status(): PackageStatus
  /** Loads the verified package into its own folder and serves it read-only; throws → nothing changed. */
  mount(pkg: VerifiedPackage, info: PackageInfo): Promise<void>
  /** Back to this machine's data. Returns the package that was open, if any. */
  unmount(): Promise<PackageInfo | undefined>
}

export interface PackageServiceDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  signer: PackageSigner
  appVersion: string
  mode?: PackageModeHooks
}

/** Open uploads kept at once (one per window is the normal case). */
const UPLOADS_MAX = 4

export function createPackageService(deps: PackageServiceDeps): AreaService<'package'> {
  const { db, audit, now, signer } = deps
  const uploads = new Map<string, { size: number; chunks: Buffer[]; received: number }>()
  const uploadKey = (ctx: CallContext | undefined, id: string) => `${ctx?.sessionKey ?? ''}\u0000${id}`

  const infoOf = (manifest: PackageManifest, fingerprintHex: string): PackageInfo => ({
    createdAt: manifest.createdAt,
    createdBy: manifest.createdBy,
    appVersion: manifest.appVersion,
    formatVersion: manifest.formatVersion,
    street: manifest.street,
    communities: manifest.communities,
    masked: manifest.masked,
    counts: manifest.counts,
    fingerprint: formatFingerprint(fingerprintHex),
    ownKey: fingerprintHex === signer.fingerprintHex,
  })

  return {
    async export({ communityIds, masked }, ctx): Promise<PackageFile> {
      const op = operatorOf(ctx)
      if (!masked && op && !hasCapability(op.role, 'unmask')) {
        throw new AppError('FORBIDDEN', '当前身份无权导出未脱敏的个人信息，请勾选“个人信息脱敏”', { masked: '请勾选“个人信息脱敏”' })
      }
      const all = db.communities()
      for (const id of communityIds) {
        if (!all.some((c) => c.id === id)) throw new AppError('VALIDATION', `社区不存在：${id}`, { communityIds: '所选社区不存在，请刷新后重选' })
        if (op && !canAccessCommunity(op, id)) throw new AppError('FORBIDDEN', '您的账户只负责部分社区，无权导出其他社区的数据')
      }
      const chosen = all.filter((c) => (communityIds.length ? communityIds.includes(c.id) : !op || canAccessCommunity(op, c.id)))
      if (chosen.length === 0) throw new AppError('VALIDATION', '没有可导出的社区', { communityIds: '请选择社区' })
      const data = await collect(db, chosen, masked)
      const settings = await createStreetSettings(db).get()
      const streetName = streetDisplayName(settings, all.some((c) => c.sample))
      const createdAt = toZonedIso(now(), settings.timeZone)
      const counts = Object.fromEntries(Object.entries(data).map(([name, list]) => [name, (list as unknown[]).length]))
      const manifest: Omit<PackageManifest, 'entries' | 'format' | 'formatVersion'> = {
        appVersion: deps.appVersion,
        createdAt,
        createdBy: op ? { name: op.name, id: op.id, role: op.role } : { name: '系统', id: 'internal', role: 'admin' },
        street: streetName,
        communities: chosen.map((c) => ({ id: c.id, name: c.name })),
        masked,
        counts,
      }
      const file = buildPackage(manifest, data, signer)
      const info = infoOf({ ...manifest, format: PACKAGE_FORMAT, formatVersion: PACKAGE_FORMAT_VERSION, entries: [] }, signer.fingerprintHex)
      // Audited once it is made: who carried which communities away, masked or not.
      await audit.append({
        ...auditWho(ctx),
        action: 'package.export',
        target: streetName,
        detail: { communities: chosen.map((c) => c.name), masked, counts, bytes: file.length, fingerprint: info.fingerprint },
      })
      return { fileName: packageFileName(streetName, createdAt), mime: 'application/octet-stream', base64: file.toString('base64'), info }
    },

    async upload({ uploadId, size, offset, data }, ctx) {
      const key = uploadKey(ctx, uploadId)
      let upload = uploads.get(key)
      if (offset === 0) {
        upload = { size, chunks: [], received: 0 }
        uploads.delete(key)
        uploads.set(key, upload)
        while (uploads.size > UPLOADS_MAX) uploads.delete(uploads.keys().next().value as string)
      }
      if (!upload || upload.size !== size) throw new AppError('VALIDATION', '数据包上传已中断，请重新选择文件', { uploadId: '请重新选择文件' })
      if (offset !== upload.received) throw new AppError('VALIDATION', `分块位置不连续（应为 ${upload.received}）`, { offset: '分块位置不连续' })
      const bytes = Buffer.from(data, 'base64')
      if (upload.received + bytes.length > size) throw new AppError('VALIDATION', '分块超出文件大小', { data: '分块超出文件大小' })
      upload.chunks.push(bytes)
      upload.received += bytes.length
      return { received: upload.received, complete: upload.received === size }
    },

    async open({ uploadId }, ctx) {
      const key = uploadKey(ctx, uploadId)
      const upload = uploads.get(key)
      if (!upload || upload.received !== upload.size) throw new AppError('VALIDATION', '数据包尚未完整上传，请重新选择文件', { uploadId: '请重新选择文件' })
      uploads.delete(key)
      if (!deps.mode) throw new AppError('VALIDATION', '此处不能打开数据包')
      let pkg: VerifiedPackage
      try {
        pkg = readPackage(Buffer.concat(upload.chunks))
      } catch (err) {
        // A refused package is audited too: someone tried to open it here.
        await audit.append({ ...auditWho(ctx), action: 'package.refused', target: '数据包', detail: { reason: (err as Error).message } })
        throw err
      }
      const info = infoOf(pkg.manifest, pkg.fingerprintHex)
      await audit.append({
        ...auditWho(ctx),
        action: 'package.open',
        target: info.street || '数据包',
        detail: { createdAt: info.createdAt, createdBy: info.createdBy.name, createdByAccount: info.createdBy.id, fingerprint: info.fingerprint, counts: info.counts, masked: info.masked },
      })
      await deps.mode.mount(pkg, info)
      return deps.mode.status()
    },

    async status() {
      return deps.mode?.status() ?? { open: false }
    },

    async close(_input, ctx) {
      const closed = await deps.mode?.unmount()
      if (closed) {
        await audit.append({ ...auditWho(ctx), action: 'package.close', target: closed.street || '数据包', detail: { createdAt: closed.createdAt, fingerprint: closed.fingerprint } })
      }
      return { open: false }
    },
  }
}

/** The chosen communities' records, masked if asked. */
async function collect(db: Database, communities: Community[], masked: boolean): Promise<Record<string, unknown[]>> {
  const ids = new Set(communities.map((c) => c.id))
  const demands: Demand[] = []
  for (const c of communities) {
    for (const month of Object.keys(db.countsOf(c.id)).sort()) {
      for (const d of await db.readPartition(c.id, month)) demands.push(masked ? maskDemand(d) : d)
    }
  }
  const out: Record<string, unknown[]> = { communities: communities.map(strip), demands: demands.map(strip) }
  for (const name of SCOPED) {
    const records = (await db.collection<StoredRecord & { communityId?: string; phone?: unknown }>(name).list()).filter(
      (r) => r.communityId !== undefined && ids.has(r.communityId),
    )
    out[name] = records.map((r) => strip(masked && name === PEOPLE_COLLECTION ? maskPerson(r) : r))
  }
  out[STREET_COLLECTION] = (await db.collection<StoredRecord>(STREET_COLLECTION).list()).map(strip)
  return out
}

function maskDemand(d: Demand): Demand {
  const out: Demand = { ...d, reporterName: maskName(d.reporterName) }
  if (d.reporterPhone) out.reporterPhone = maskPhone(d.reporterPhone)
  if (d.reporterAddress) out.reporterAddress = maskAddress(d.reporterAddress)
  return out
}

function maskPerson<T extends { phone?: unknown }>(p: T): T {
  return typeof p.phone === 'string' && p.phone ? { ...p, phone: maskPhone(p.phone) } : p
}

/** Revisions start again at 1 in the package's folder. */
function strip<T extends { revision?: number }>(record: T): Omit<T, 'revision'> {
  const { revision: _r, ...rest } = record
  return rest
}

/**
 * Writes a verified package into an empty database (the package's own folder): communities and
 * demands in one bulk write, then the other collections record by record. Entries this app does
 * not know are ignored (the manifest's version already said it can read the rest).
 */
export async function loadPackageData(db: Database, pkg: VerifiedPackage): Promise<void> {
  const list = (name: string): Array<Record<string, unknown>> => {
    const v = pkg.entries.get(name)
    return Array.isArray(v) ? (v as Array<Record<string, unknown>>) : []
  }
  await db.addCommunities(list('communities') as unknown as Community[], list('demands') as unknown as Demand[])
  for (const name of [STREET_COLLECTION, ...SCOPED]) {
    const collection = db.collection<StoredRecord>(name)
    for (const record of list(name)) await collection.save(record as unknown as StoredRecord)
  }
  await db.flush()
}
