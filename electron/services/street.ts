// street:* — the street office's settings (name, time zone, default deadlines per level): one
// record in `street.json`, a collection registered by openBackend (so backups and restores carry
// it). Other services read the time zone through `StreetSettingsSource` on every call, so a
// change (or a restore) applies at once. Changing the zone does not move stored demands: their
// partition is the month they were filed under when recorded or last edited.
import { AppError } from '../../shared/contract/errors'
import { DEFAULT_STREET_SETTINGS } from '../../shared/contract/street'
import type { StreetSettings } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import type { Collection, CollectionDescriptor, Database } from '../data'
import { wrapLegacyArray } from '../data'
import { auditWho } from './actor'
import type { AuditLog } from './audit'
import type { AreaService } from './types'

export const STREET_COLLECTION = 'street'
export const STREET_FILE = 'street.json'
const RECORD_ID = 'street'

type StoredStreet = StreetSettings & { id: string }

const isDays = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1

function isStreetRecord(r: unknown): boolean {
  const s = r as Partial<StoredStreet> | null
  const d = s?.deadlineDays as Partial<StreetSettings['deadlineDays']> | undefined
  return (
    !!s &&
    s.id === RECORD_ID &&
    typeof s.name === 'string' &&
    typeof s.timeZone === 'string' &&
    !!d &&
    isDays(d.compound) &&
    isDays(d.community) &&
    isDays(d.street)
  )
}

export const streetCollection: CollectionDescriptor<StoredStreet> = {
  name: STREET_COLLECTION,
  label: '街道设置',
  layout: { file: STREET_FILE },
  partitionOf: () => '',
  partitionOfId: () => '',
  migrations: [wrapLegacyArray('items')],
  isRecord: isStreetRecord,
  preload: true,
}

/** What other services need from the street settings. */
export interface StreetSettingsSource {
  get(): Promise<StreetSettings>
  timeZone(): Promise<string>
}

interface StreetStore {
  read(): Promise<StoredStreet | undefined>
  save(record: StoredStreet, expectRevision: number | undefined): Promise<StoredStreet>
}

function memoryStreetStore(): StreetStore {
  let current: StoredStreet | undefined
  return {
    read: async () => (current ? structuredClone(current) : undefined),
    async save(record, expectRevision) {
      if (expectRevision !== undefined && current?.revision !== expectRevision) {
        throw new AppError('CONFLICT', '街道设置已被他人修改，请重新加载后再保存')
      }
      current = { ...structuredClone(record), revision: (current?.revision ?? 0) + 1 }
      return structuredClone(current)
    },
  }
}

/**
 * Over the registered `street` collection; databases opened without it (service tests that open
 * only the built-in collections) keep the settings in memory.
 */
function streetStore(db: Pick<Database, 'collection'>): StreetStore {
  let coll: Collection<StoredStreet>
  try {
    coll = db.collection<StoredStreet>(STREET_COLLECTION)
  } catch {
    return memoryStreetStore()
  }
  return {
    read: () => coll.get(RECORD_ID),
    save: (record, expectRevision) => coll.save(record, expectRevision !== undefined ? { expectRevision } : {}),
  }
}

/** A stored record with unknown or damaged values falls back to the defaults field by field. */
function withDefaults(stored: StoredStreet | undefined): StreetSettings {
  const d = DEFAULT_STREET_SETTINGS
  if (!stored) return { ...structuredClone(d), revision: 0 }
  const out: StreetSettings = {
    name: stored.name,
    timeZone: stored.timeZone,
    deadlineDays: { ...stored.deadlineDays },
    revision: stored.revision,
  }
  if (stored.updatedAt) out.updatedAt = stored.updatedAt
  return out
}

export function createStreetSettings(db: Pick<Database, 'collection'>): StreetSettingsSource & { store: StreetStore } {
  const store = streetStore(db)
  const get = async () => withDefaults(await store.read())
  return { store, get, timeZone: async () => (await get()).timeZone }
}

export function createStreetService(deps: {
  settings: ReturnType<typeof createStreetSettings>
  audit: Pick<AuditLog, 'append'>
  now: () => Date
}): AreaService<'street'> {
  const { settings, audit, now } = deps
  return {
    get: () => settings.get(),
    async update({ revision, patch }, ctx) {
      const current = await settings.get()
      if (revision !== current.revision) {
        throw new AppError('CONFLICT', current.updatedAt ? `街道设置已于 ${current.updatedAt.slice(0, 16).replace('T', ' ')} 被他人修改，请重新加载后再保存` : '街道设置已被他人修改，请重新加载后再保存')
      }
      const next: StoredStreet = {
        id: RECORD_ID,
        name: patch.name ?? current.name,
        timeZone: patch.timeZone ?? current.timeZone,
        deadlineDays: patch.deadlineDays ?? current.deadlineDays,
        updatedAt: toLocalIso(now()),
        revision: current.revision,
      }
      const changed: Record<string, { from: unknown; to: unknown }> = {}
      for (const key of ['name', 'timeZone', 'deadlineDays'] as const) {
        if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) changed[key] = { from: current[key], to: next[key] }
      }
      // Audited before it is written: no entry, no change (nothing personal in these values).
      await audit.append({ ...auditWho(ctx), action: 'street.update', target: next.name || '街道设置', detail: { changed } })
      return withDefaults(await settings.store.save(next, current.revision === 0 ? undefined : current.revision))
    },
  }
}

/** The sample street's name, shown while the street's own settings were never saved (as the header does). */
export const SAMPLE_STREET_NAME = '马家店街道'

/**
 * The street as the app's header names it (briefing packs, data packages): settings never saved
 * read 马家店街道 while the sample street is loaded, else 本街道 (as does a name left empty).
 */
export function streetDisplayName(settings: Pick<StreetSettings, 'name' | 'revision'>, sampleLoaded: boolean): string {
  if (settings.revision === 0) return sampleLoaded ? SAMPLE_STREET_NAME : '本街道'
  return settings.name.trim() || '本街道'
}
