import { AppError } from '../../shared/contract/errors'
import { summaryV1toV2, summaryV3toV4 } from './summary-file'

// Migration steps: step N lifts a file from version N to N+1, so a file kind's current version
// is its number of steps. Version 0 is a legacy file without `schemaVersion` (a bare array, or an
// object missing the field). Collections carry their steps in their descriptor (collection.ts);
// the built-in ones are here, next to the summary's.

export type MigrationStep = (data: unknown) => unknown

export const asObject = (data: unknown): Record<string, unknown> =>
  data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}

/** v0 -> v1 of a record file: a bare array, or { [key] } without a version. */
export const wrapLegacyArray =
  (key: string): MigrationStep =>
  (data) => ({
    ...(Array.isArray(data) ? {} : asObject(data)),
    schemaVersion: 1,
    [key]: Array.isArray(data) ? data : (asObject(data)[key] ?? []),
  })

/** Records without a revision get revision 1 (the step that introduced revisions). */
export const addRevisions =
  (key: string): MigrationStep =>
  (data) => {
    const file = asObject(data)
    const items = file[key]
    return {
      ...file,
      [key]: Array.isArray(items)
        ? items.map((r: unknown) => (r && typeof r === 'object' && !Array.isArray(r) && !('revision' in r) ? { ...r, revision: 1 } : r))
        : items,
    }
  }

export const MIGRATIONS = {
  communities: [wrapLegacyArray('communities'), addRevisions('communities')],
  demands: [wrapLegacyArray('items'), addRevisions('items')],
  summary: [
    // v0 -> v1: keep counts but forget partition stats, so every partition is recounted
    (data: unknown) => ({ schemaVersion: 1, counts: asObject(asObject(data).counts), partitions: {} }),
    // v1 -> v2: named MonthCounts objects and path-keyed stats -> the compact positional form
    // (summary-file.ts); a malformed v1 file stays invalid and is rebuilt as corrupt
    summaryV1toV2,
    // v2 -> v3 (each community's part as one JSON string, parsed on first use): nothing to do
    // on the way to v4, whose object form holds the parts as v2 did (v3's strings: next step)
    (data: unknown) => data,
    // v3 -> v4: the two-line file whose open parses only its header line (summary-file.ts)
    summaryV3toV4,
  ],
} satisfies Record<string, MigrationStep[]>

export type FileKind = keyof typeof MIGRATIONS

export const CURRENT_VERSION: Record<FileKind, number> = {
  communities: MIGRATIONS.communities.length,
  demands: MIGRATIONS.demands.length,
  summary: MIGRATIONS.summary.length,
}

export function versionOf(data: unknown): number {
  if (Array.isArray(data) || !data || typeof data !== 'object') return 0
  const v = (data as Record<string, unknown>).schemaVersion
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0
}

export class NewerVersionError extends AppError {
  constructor(file: string, found: number, supported: number) {
    super(
      'CONFLICT',
      `数据文件 ${file} 由更新版本的议事台写入（数据版本 ${found}，本程序最高支持 ${supported}）。` +
        '为保护数据，未做任何修改。请安装最新版本的议事台后再打开。',
    )
  }
}

/**
 * Lifts parsed file content to the current version (the number of `steps`). Throws
 * NewerVersionError for a file from a newer app (never modified), so the caller must not treat it
 * as corrupt.
 */
export function migrateWith(steps: readonly MigrationStep[], file: string, data: unknown): { data: unknown; migrated: boolean } {
  const supported = steps.length
  let version = versionOf(data)
  if (version > supported) throw new NewerVersionError(file, version, supported)
  const start = version
  let out = data
  while (version < supported) {
    out = steps[version](out)
    version += 1
  }
  if (version !== start) out = { ...asObject(out), schemaVersion: supported }
  return { data: out, migrated: version !== start }
}

export function migrate(kind: FileKind, file: string, data: unknown): { data: unknown; migrated: boolean } {
  return migrateWith(MIGRATIONS[kind], file, data)
}
