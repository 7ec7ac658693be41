// import:* — demands, or communities with their grids and compounds, from a spreadsheet (.xlsx, .csv in UTF-8 or GBK/GB18030). The file travels
// in chunks (the loopback host takes at most 2 MiB per request, so 1 MiB of bytes as base64 per
// chunk); the service parses it once and keeps it under an upload id, so the preview, the report
// and the commit all refer to the same parsed file. Nothing is written before import:commit, and
// the commit writes all of the valid rows or none.
import { z } from 'zod'
import { IMPORT_FIELDS, type ImportField } from '../domain/import-mapping'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, type DemandCategory, type DemandChannel } from '../domain/vocab'
import { returns } from './common'

/** Largest file accepted (what a 12345 export of a few years reaches, with room). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024
/** Bytes per chunk: 1 MiB, i.e. ~1.4 MB of base64, under the host's 2 MiB body limit. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024
export const IMPORT_TOO_LARGE = '文件超过 50 MB，请按年份或社区拆分后分批导入'
export const IMPORT_SOURCE_MAX = 40
/** Issues sent with a preview; the downloadable report holds all of them. */
export const IMPORT_PREVIEW_ISSUES = 200
/** Rows of the file shown in the preview. */
export const IMPORT_SAMPLE_ROWS = 8

/** demand: 诉求; community: 社区 with their grids (网格) and compounds (小区). */
export const IMPORT_KINDS = ['demand', 'community'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

/** The columns of a community import: one row per compound, per grid without compound, or a community alone. */
import { COMMUNITY_IMPORT_FIELDS, type CommunityImportField } from './constants'

export { COMMUNITY_IMPORT_FIELDS, COMMUNITY_IMPORT_FIELD_NAMES, type CommunityImportField } from './constants'
export const REQUIRED_COMMUNITY_IMPORT_FIELDS: readonly CommunityImportField[] = ['community']
/** A field of either kind (community and compound are in both). */
export type ImportColumnField = ImportField | CommunityImportField
export const IMPORT_COLUMN_FIELDS: readonly ImportColumnField[] = [...new Set<ImportColumnField>([...IMPORT_FIELDS, ...COMMUNITY_IMPORT_FIELDS])]

const uploadId = z
  .string({ error: '导入编号无效' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '导入编号无效' })

const columnIndex = z
  .number({ error: '列序号无效' })
  .int({ error: '列序号无效' })
  .min(0, { error: '列序号无效' })
  .max(999, { error: '列序号无效' })

/** Which column (0-based) fills which field, and values for the whole file where no column has them. */
export const importMappingSchema = z.strictObject(
  {
    columns: z.strictObject(
      Object.fromEntries(IMPORT_COLUMN_FIELDS.map((f) => [f, columnIndex.optional()])) as Record<ImportColumnField, z.ZodOptional<typeof columnIndex>>,
      { error: '列对应关系格式无效' },
    ),
    defaults: z
      .strictObject(
        {
          channel: z.enum(DEMAND_CHANNELS, { error: '默认来源渠道无效' }).optional(),
          category: z.enum(DEMAND_CATEGORIES, { error: '默认诉求类别无效' }).optional(),
        },
        { error: '默认值格式无效' },
      )
      .default({}),
  },
  { error: '列对应关系格式无效' },
)

export interface ImportMapping {
  /** fields of the upload's kind only (the service refuses the other kind's fields) */
  columns: Partial<Record<ImportColumnField, number>>
  defaults: { channel?: DemandChannel; category?: DemandCategory }
}

const sourceName = z
  .string({ error: '请填写数据来源名称' })
  .trim()
  .min(1, { error: '请填写数据来源名称' })
  .max(IMPORT_SOURCE_MAX, { error: `数据来源名称不能超过 ${IMPORT_SOURCE_MAX} 个字` })

export const importStartInput = z.strictObject(
  {
    kind: z.enum(IMPORT_KINDS, { error: '导入类型无效' }).default('demand'),
    fileName: z
      .string({ error: '文件名无效' })
      .trim()
      .min(1, { error: '文件名无效' })
      .max(200, { error: '文件名过长' }),
    size: z
      .number({ error: '文件大小无效' })
      .int({ error: '文件大小无效' })
      .min(1, { error: '文件是空的（0 字节），请检查是否选错了文件' })
      .max(IMPORT_MAX_BYTES, { error: IMPORT_TOO_LARGE }),
  },
  { error: '提交的内容格式无效' },
)

export const importChunkInput = z.strictObject(
  {
    uploadId,
    offset: z.number({ error: '分块位置无效' }).int({ error: '分块位置无效' }).min(0, { error: '分块位置无效' }).max(IMPORT_MAX_BYTES, { error: '分块位置无效' }),
    /** base64 of at most IMPORT_CHUNK_BYTES bytes */
    data: z
      .string({ error: '分块内容无效' })
      .min(1, { error: '分块内容无效' })
      .max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4, { error: '分块过大' })
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '分块内容无效' }),
  },
  { error: '提交的内容格式无效' },
)

export const importPreviewInput = z.strictObject(
  { uploadId, sourceName: sourceName.optional(), mapping: importMappingSchema.optional() },
  { error: '提交的内容格式无效' },
)

export const importCommitInput = z.strictObject({ uploadId, sourceName, mapping: importMappingSchema }, { error: '提交的内容格式无效' })

export const importUploadInput = z.strictObject({ uploadId }, { error: '提交的内容格式无效' })

export const importReportInput = z.strictObject(
  { uploadId, format: z.enum(['xlsx', 'csv'], { error: '报告格式只能是 xlsx 或 csv' }) },
  { error: '提交的内容格式无效' },
)

/** One finding, by the row number the user sees in Excel (the header is row 1). */
export interface ImportIssue {
  row: number
  /** The column's header as written in the file ('' for the row as a whole). */
  column: string
  field?: ImportColumnField
  /** error: the row is not imported; warning: imported (or skipped as a duplicate) with a note. */
  level: 'error' | 'warning'
  message: string
}

export interface ImportCounts {
  /** data rows in the file (empty rows not counted) */
  rows: number
  /** rows that would be written now */
  valid: number
  invalid: number
  /** repeats of an earlier row of the same file (imported once) */
  duplicates: number
  /** rows imported before from the same source (same fingerprint) */
  alreadyImported: number
  /** cells starting with = + - @ kept as text */
  flagged: number
}

export interface ImportPreview {
  uploadId: string
  kind: ImportKind
  fileName: string
  format: 'xlsx' | 'csv'
  /** csv only: UTF-8, GBK/GB18030 or UTF-16 */
  encoding?: string
  sheetName?: string
  headers: string[]
  /** the first rows as text, for the mapping form */
  sample: Array<{ row: number; cells: string[] }>
  sourceName: string
  /** the mapping came from an earlier import of this source (or of a file with the same header) */
  remembered: boolean
  /** sources with a remembered mapping */
  sources: string[]
  mapping: ImportMapping
  /** headers of columns no field is mapped to (ignored) */
  unmapped: string[]
  /** required fields with neither a column nor a value for the file */
  missing: ImportColumnField[]
  counts: ImportCounts
  /** community kind: what the import would add */
  communities?: CommunityImportCounts
  issues: ImportIssue[]
  issueTotal: number
}

/**
 * A community import: what it adds. Its rows go in all or none (an error row blocks the commit);
 * rows whose community/grid/compound exists are counted in ImportCounts.alreadyImported.
 */
export interface CommunityImportCounts {
  newCommunities: number
  /** existing communities that get grids or compounds */
  changedCommunities: number
  newGrids: number
  newCompounds: number
}

export type ImportPhase = 'receiving' | 'parsing' | 'checking' | 'ready' | 'writing' | 'done' | 'failed'

export interface ImportResult {
  kind: ImportKind
  /** rows written (demands; for communities, the rows that added something) */
  imported: number
  alreadyImported: number
  duplicates: number
  invalid: number
  sourceName: string
  communities?: CommunityImportCounts
}

/** Where an upload is: bytes received, rows checked, rows written. */
export interface ImportProgress {
  uploadId: string
  phase: ImportPhase
  done: number
  total: number
  /** zh-CN, when failed */
  message?: string
  result?: ImportResult
}

export interface ImportReportFile {
  fileName: string
  mime: string
  base64: string
}

export const importChannels = {
  'import:start': { input: importStartInput, result: returns<{ uploadId: string; chunkBytes: number }>() },
  'import:chunk': { input: importChunkInput, result: returns<{ received: number; complete: boolean }>() },
  'import:preview': { input: importPreviewInput, result: returns<ImportPreview>() },
  'import:commit': { input: importCommitInput, result: returns<ImportProgress>() },
  'import:progress': { input: importUploadInput, result: returns<ImportProgress>() },
  'import:report': { input: importReportInput, result: returns<ImportReportFile>() },
  'import:cancel': { input: importUploadInput, result: returns<{ cancelled: boolean }>() },
} as const
