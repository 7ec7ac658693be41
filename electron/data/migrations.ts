import { AppError } from '../../shared/contract/errors'
import type { FileKind } from './file-schemas'
import { summaryV1toV2 } from './summary-file'

// Per file kind, the steps that lift a file from version N to N+1. Version 0 is a legacy file
// without `schemaVersion` (a bare array, or an object missing the field).

type Step = (data: unknown) => unknown

const asObject = (data: unknown): Record<string, unknown> =>
  data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}

export const MIGRATIONS: Record<FileKind, Step[]> = {
  communities: [
    // v0 -> v1: a bare array of communities, or { communities } without a version
    (data) => ({
      ...(Array.isArray(data) ? {} : asObject(data)),
      schemaVersion: 1,
      communities: Array.isArray(data) ? data : (asObject(data).communities ?? []),
    }),
  ],
  demands: [
    // v0 -> v1: a bare array of demands, or { items } without a version
    (data) => ({
      ...(Array.isArray(data) ? {} : asObject(data)),
      schemaVersion: 1,
      items: Array.isArray(data) ? data : (asObject(data).items ?? []),
    }),
  ],
  summary: [
    // v0 -> v1: keep counts but forget partition stats, so every partition is recounted
    (data) => ({ schemaVersion: 1, counts: asObject(asObject(data).counts), partitions: {} }),
    // v1 -> v2: named MonthCounts objects and path-keyed stats -> the compact positional form
    // (summary-file.ts); a malformed v1 file stays invalid and is rebuilt as corrupt
    summaryV1toV2,
  ],
}

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
 * Lifts parsed file content to the current version. Throws NewerVersionError for a file from a
 * newer app (never modified), so the caller must not treat it as corrupt.
 */
export function migrate(kind: FileKind, file: string, data: unknown): { data: unknown; migrated: boolean } {
  const supported = CURRENT_VERSION[kind]
  let version = versionOf(data)
  if (version > supported) throw new NewerVersionError(file, version, supported)
  const start = version
  let out = data
  while (version < supported) {
    out = MIGRATIONS[kind][version](out)
    version += 1
  }
  return { data: out, migrated: version !== start }
}
