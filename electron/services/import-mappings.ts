// The `importMappings` collection: one file, import-mappings.json, in the data folder (so it is
// backed up and restored with the records). One record per source the user named (e.g.
// “12345热线导出”): which header fills which field, and the file-wide channel/category. Columns
// are kept by header text, not position, so a re-ordered export still maps. No personal data.
import { createHash } from 'node:crypto'
import type { Collection, CollectionDescriptor, Database } from '../data'
import { wrapLegacyArray } from '../data'
import type { ImportMapping } from '../../shared/contract'
import { IMPORT_FIELDS, headerSignature, type ImportField } from '../../shared/domain/import-mapping'
import type { DemandCategory, DemandChannel } from '../../shared/domain/vocab'

export const IMPORT_MAPPINGS_COLLECTION = 'importMappings'
export const IMPORT_MAPPINGS_FILE = 'import-mappings.json'

export interface StoredImportMapping {
  id: string
  revision: number
  sourceName: string
  /** headerSignature() of the file it was made for: a nameless file with this header finds it */
  signature: string
  /** field → header text */
  columns: Partial<Record<ImportField, string>>
  defaults: { channel?: DemandChannel; category?: DemandCategory }
  updatedAt: string
}

function isMappingRecord(r: unknown): boolean {
  const m = r as Partial<StoredImportMapping> | null
  return (
    !!m &&
    typeof m.id === 'string' &&
    typeof m.sourceName === 'string' &&
    typeof m.signature === 'string' &&
    !!m.columns &&
    typeof m.columns === 'object' &&
    Object.entries(m.columns).every(([k, v]) => (IMPORT_FIELDS as readonly string[]).includes(k) && typeof v === 'string') &&
    !!m.defaults &&
    typeof m.defaults === 'object' &&
    typeof m.updatedAt === 'string'
  )
}

export const importMappingsCollection: CollectionDescriptor<StoredImportMapping> = {
  name: IMPORT_MAPPINGS_COLLECTION,
  label: '导入列对应关系',
  layout: { file: IMPORT_MAPPINGS_FILE },
  partitionOf: () => '',
  partitionOfId: () => '',
  migrations: [wrapLegacyArray('items')],
  isRecord: isMappingRecord,
}

export const mappingIdOf = (sourceName: string) => `m-${createHash('sha256').update(sourceName.trim()).digest('base64url').slice(0, 16)}`

/** A stored mapping applied to this file's header (columns that are gone are left out). */
export function mappingForHeaders(stored: StoredImportMapping, headers: readonly string[]): ImportMapping {
  const columns: Partial<Record<ImportField, number>> = {}
  for (const [field, header] of Object.entries(stored.columns) as Array<[ImportField, string]>) {
    const i = headers.indexOf(header)
    if (i >= 0) columns[field] = i
  }
  return { columns, defaults: { ...stored.defaults } }
}

export interface MappingStore {
  list(): Promise<StoredImportMapping[]>
  find(sourceName: string | undefined, headers: readonly string[]): Promise<StoredImportMapping | undefined>
  remember(sourceName: string, headers: readonly string[], mapping: ImportMapping, at: string): Promise<void>
}

/** Without the collection registered (services built on a bare database in tests): memory only. */
export function mappingStore(db: Pick<Database, 'collection'>): MappingStore {
  let coll: Collection<StoredImportMapping> | null = null
  const memory = new Map<string, StoredImportMapping>()
  try {
    coll = db.collection<StoredImportMapping>(IMPORT_MAPPINGS_COLLECTION)
  } catch {
    coll = null
  }
  const list = async () => (coll ? await coll.list() : [...memory.values()])
  return {
    list,
    async find(sourceName, headers) {
      const all = await list()
      if (sourceName) {
        const named = all.find((m) => m.id === mappingIdOf(sourceName))
        if (named) return named
      }
      const signature = headerSignature(headers)
      return all.filter((m) => m.signature === signature).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]
    },
    async remember(sourceName, headers, mapping, at) {
      const id = mappingIdOf(sourceName)
      const columns: Partial<Record<ImportField, string>> = {}
      for (const [field, i] of Object.entries(mapping.columns) as Array<[ImportField, number]>) {
        if (headers[i] !== undefined) columns[field] = headers[i]
      }
      const defaults: StoredImportMapping['defaults'] = {}
      if (mapping.defaults.channel) defaults.channel = mapping.defaults.channel
      if (mapping.defaults.category) defaults.category = mapping.defaults.category
      const record = { id, sourceName: sourceName.trim(), signature: headerSignature(headers), columns, defaults, updatedAt: at }
      if (!coll) {
        memory.set(id, { ...record, revision: (memory.get(id)?.revision ?? 0) + 1 })
        return
      }
      const current = await coll.get(id)
      await coll.save(current ? { ...record, revision: current.revision } : record, current ? { expectRevision: current.revision } : {})
    },
  }
}
