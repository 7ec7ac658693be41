// The `importMappings` collection: one file, import-mappings.json, in the data folder (so it is
// backed up and restored with the records). One record per source the user named (e.g.
// “12345热线导出”): which header fills which field, and the file-wide channel/category. Columns
// are kept by header text, not position, so a re-ordered export still maps. No personal data.
import { createHash } from 'node:crypto'
import type { Collection, CollectionDescriptor, Database } from '../data'
import { wrapLegacyArray } from '../data'
import {
  COMMUNITY_IMPORT_FIELDS,
  COMMUNITY_IMPORT_FIELD_NAMES,
  IMPORT_COLUMN_FIELDS,
  type ImportColumnField,
  type ImportKind,
  type ImportMapping,
} from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import { headerSignature, IMPORT_FIELD_NAMES, type ImportField } from '../../shared/domain/import-mapping'
import type { DemandCategory, DemandChannel } from '../../shared/domain/vocab'

export const IMPORT_MAPPINGS_COLLECTION = 'importMappings'
export const IMPORT_MAPPINGS_FILE = 'import-mappings.json'

export interface StoredImportMapping {
  id: string
  revision: number
  sourceName: string
  /** absent: a demand import (records from before community imports) */
  kind?: 'community'
  /** headerSignature() of the file it was made for: a nameless file with this header finds it */
  signature: string
  /** field → header text */
  columns: Partial<Record<ImportColumnField, string>>
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
    (m.kind === undefined || m.kind === 'community') &&
    !!m.columns &&
    typeof m.columns === 'object' &&
    Object.entries(m.columns).every(([k, v]) => (IMPORT_COLUMN_FIELDS as readonly string[]).includes(k) && typeof v === 'string') &&
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

/** One record per source and kind (a demand source keeps the id it had before community imports). */
export const mappingIdOf = (sourceName: string, kind: ImportKind = 'demand') =>
  `m-${createHash('sha256')
    .update(kind === 'demand' ? sourceName.trim() : `${kind}\u0000${sourceName.trim()}`)
    .digest('base64url')
    .slice(0, 16)}`
const kindOf = (m: StoredImportMapping): ImportKind => m.kind ?? 'demand'

/** A stored mapping applied to this file's header (columns that are gone are left out). */
export function mappingForHeaders(stored: StoredImportMapping, headers: readonly string[]): ImportMapping {
  const columns: Partial<Record<ImportColumnField, number>> = {}
  for (const [field, header] of Object.entries(stored.columns) as Array<[ImportColumnField, string]>) {
    const i = headers.indexOf(header)
    if (i >= 0) columns[field] = i
  }
  return { columns, defaults: { ...stored.defaults } }
}

export interface MappingStore {
  /** the mappings of one kind (demand when not given) */
  list(kind?: ImportKind): Promise<StoredImportMapping[]>
  find(sourceName: string | undefined, headers: readonly string[], kind?: ImportKind): Promise<StoredImportMapping | undefined>
  remember(sourceName: string, headers: readonly string[], mapping: ImportMapping, at: string, kind?: ImportKind): Promise<void>
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
  const list = async (kind: ImportKind = 'demand') => (coll ? await coll.list() : [...memory.values()]).filter((m) => kindOf(m) === kind)
  return {
    list,
    async find(sourceName, headers, kind = 'demand') {
      const all = await list(kind)
      if (sourceName) {
        const named = all.find((m) => m.id === mappingIdOf(sourceName, kind))
        if (named) return named
      }
      const signature = headerSignature(headers)
      return all.filter((m) => m.signature === signature).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]
    },
    async remember(sourceName, headers, mapping, at, kind = 'demand') {
      const id = mappingIdOf(sourceName, kind)
      const columns: Partial<Record<ImportColumnField, string>> = {}
      for (const [field, i] of Object.entries(mapping.columns) as Array<[ImportColumnField, number]>) {
        if (headers[i] !== undefined) columns[field] = headers[i]
      }
      const defaults: StoredImportMapping['defaults'] = {}
      if (mapping.defaults.channel) defaults.channel = mapping.defaults.channel
      if (mapping.defaults.category) defaults.category = mapping.defaults.category
      const record = { id, sourceName: sourceName.trim(), ...(kind === 'community' ? { kind } : {}), signature: headerSignature(headers), columns, defaults, updatedAt: at }
      if (!coll) {
        memory.set(id, { ...record, revision: (memory.get(id)?.revision ?? 0) + 1 })
        return
      }
      const current = await coll.get(id)
      await coll.save(current ? { ...record, revision: current.revision } : record, current ? { expectRevision: current.revision } : {})
    },
  }
}

/** zh-CN names of every field a column can fill (demand and community imports). */
export const IMPORT_COLUMN_NAMES: Record<ImportColumnField, string> = { ...IMPORT_FIELD_NAMES, ...COMMUNITY_IMPORT_FIELD_NAMES }
const KIND_NAMES: Record<ImportKind, string> = { demand: '诉求导入', community: '社区导入' }
const KIND_FIELDS: Record<ImportKind, readonly ImportColumnField[]> = {
  demand: Object.keys(IMPORT_FIELD_NAMES) as ImportField[],
  community: COMMUNITY_IMPORT_FIELDS,
}

/** A mapping names only fields of the upload's kind, and only columns the file has. */
export function checkMapping(kind: ImportKind, mapping: ImportMapping, headers: readonly string[]): void {
  for (const [field, i] of Object.entries(mapping.columns) as Array<[ImportColumnField, number]>) {
    if (!KIND_FIELDS[kind].includes(field)) {
      const message = `${KIND_NAMES[kind]}没有“${IMPORT_COLUMN_NAMES[field]}”字段`
      throw new AppError('VALIDATION', message, { [`mapping.columns.${field}`]: message })
    }
    if (i >= headers.length) {
      const message = `“${IMPORT_COLUMN_NAMES[field]}”对应的列不存在（文件共 ${headers.length} 列）`
      throw new AppError('VALIDATION', message, { [`mapping.columns.${field}`]: message })
    }
  }
  if (kind === 'community' && (mapping.defaults.channel || mapping.defaults.category)) {
    const message = '社区导入没有来源渠道和诉求类别'
    throw new AppError('VALIDATION', message, { 'mapping.defaults': message })
  }
}
