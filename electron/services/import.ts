// import:* — demands from a spreadsheet. The renderer sends the file in chunks (import:start,
// import:chunk); the last chunk starts the parse (import-parse.ts). import:preview checks every
// row against the mapping (import-rows.ts, the same zod schema as demand:create) and says what
// would happen; import:commit writes the valid rows as one job — all of them or none — and
// import:progress reports it. The parsed file is held in memory under its upload id (per
// transport session, for 30 minutes), so preview, report and commit see the same rows.
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/contract/errors'
import {
  IMPORT_CHUNK_BYTES,
  IMPORT_PREVIEW_ISSUES,
  IMPORT_SAMPLE_ROWS,
  type ImportCounts,
  type ImportIssue,
  type ImportMapping,
  type ImportPreview,
  type ImportProgress,
} from '../../shared/contract'
import {
  IMPORT_FIELD_NAMES,
  REQUIRED_IMPORT_FIELDS,
  cellText,
  suggestMapping,
  type ImportField,
} from '../../shared/domain/import-mapping'
import { canAccessCommunity } from '../../shared/domain/permissions'
import { monthOf, toLocalIso } from '../../shared/domain/month'
import type { Database } from '../data'
import { operatorOf } from './actor'
import type { BulkDemandInput } from './demand'
import { parseTable, type ParsedTable } from './import-parse'
import { checkRow, communityIndex, type DemandInput } from './import-rows'
import { mappingForHeaders, mappingStore } from './import-mappings'
import { reportRows, writeReport } from './import-report'
import type { AreaService, CallContext } from './types'

export interface ImportDeps {
  db: Database
  now: () => Date
  /** Rows checked between yields to the event loop (other calls keep being answered). */
  chunkRows?: number
  /**
   * The demand service's bulk path (demand.ts createDemands): case numbers, one audit entry
   * (demand.import), one durable write per partition, all or none.
   */
  createDemands: (inputs: BulkDemandInput[], ctx?: CallContext) => Promise<unknown[]>
  /** The street's time zone (street settings); Asia/Shanghai when not given. */
  timeZone?: () => Promise<string | undefined>
}

/** An upload not touched for this long is dropped. */
const UPLOAD_TTL_MS = 30 * 60_000
/** Uploads held at once (all sessions); the oldest idle one goes first. */
const MAX_UPLOADS = 6

interface Check {
  sourceName: string
  mapping: ImportMapping
  missing: ImportField[]
  counts: ImportCounts
  issues: ImportIssue[]
  /** rows to write now, in file order */
  toWrite: Array<{ row: number; input: DemandInput; fingerprint: string }>
}

interface Upload {
  id: string
  session: string
  fileName: string
  size: number
  chunks: Buffer[]
  received: number
  touched: number
  parsing?: Promise<ParsedTable>
  table?: ParsedTable
  progress: ImportProgress
  lastCheck?: Check
}

const notFound = () => new AppError('NOT_FOUND', '未找到这次导入（可能已超过 30 分钟或已取消），请重新选择文件')
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createImportService(deps: ImportDeps): AreaService<'import'> {
  const { db, now } = deps
  const chunkRows = deps.chunkRows ?? 2000
  const uploads = new Map<string, Upload>()
  const mappings = mappingStore(db)
  // One import writes at a time: two commits of the same file must not both pass the check.
  let writing: Promise<void> = Promise.resolve()

  const sessionOf = (ctx?: CallContext) => ctx?.sessionKey ?? 'internal'

  function sweep(): void {
    const t = Date.now()
    for (const [id, u] of uploads) if (t - u.touched > UPLOAD_TTL_MS && u.progress.phase !== 'writing') uploads.delete(id)
    while (uploads.size >= MAX_UPLOADS) {
      const idle = [...uploads.values()].filter((u) => u.progress.phase !== 'writing').sort((a, b) => a.touched - b.touched)[0]
      if (!idle) throw new AppError('CONFLICT', '正在进行的导入过多，请等当前导入完成后再试')
      uploads.delete(idle.id)
    }
  }

  function uploadOf(id: string, ctx?: CallContext): Upload {
    const u = uploads.get(id)
    if (!u || u.session !== sessionOf(ctx)) throw notFound()
    u.touched = Date.now()
    return u
  }

  async function tableOf(u: Upload): Promise<ParsedTable> {
    if (u.table) return u.table
    if (!u.parsing) throw new AppError('VALIDATION', `文件尚未传完（已收到 ${u.received} / ${u.size} 字节）`)
    return u.parsing
  }

  async function check(u: Upload, table: ParsedTable, sourceName: string, mapping: ImportMapping, ctx?: CallContext): Promise<Check> {
    for (const [field, i] of Object.entries(mapping.columns) as Array<[ImportField, number]>) {
      if (i >= table.headers.length) {
        const message = `“${IMPORT_FIELD_NAMES[field]}”对应的列不存在（文件共 ${table.headers.length} 列）`
        throw new AppError('VALIDATION', message, { [`mapping.columns.${field}`]: message })
      }
    }
    const missing = REQUIRED_IMPORT_FIELDS.filter(
      (f) => mapping.columns[f] === undefined && !(f === 'channel' && mapping.defaults.channel) && !(f === 'category' && mapping.defaults.category),
    )
    const counts: ImportCounts = { rows: table.rows.length, valid: 0, invalid: 0, duplicates: 0, alreadyImported: 0, flagged: 0 }
    const issues: ImportIssue[] = []
    const toWrite: Check['toWrite'] = []
    if (missing.length) return { sourceName, mapping, missing, counts, issues, toWrite }

    const operator = operatorOf(ctx)
    const tz = (await deps.timeZone?.()) ?? undefined
    const rowCtx = {
      timeZone: tz,
      mapping,
      headers: table.headers,
      communities: communityIndex(db.communities()),
      inScope: (id: string) => !operator || canAccessCommunity(operator, id),
      now: now(),
      sourceName,
    }
    u.progress = { uploadId: u.id, phase: 'checking', done: 0, total: table.rows.length }
    const firstRowOf = new Map<string, number>()
    const candidates: Check['toWrite'] = []
    for (let i = 0; i < table.rows.length; i++) {
      if (i > 0 && i % chunkRows === 0) {
        u.progress.done = i
        await yieldToLoop()
      }
      const { row, cells } = table.rows[i]
      const r = checkRow(row, cells, rowCtx)
      for (const issue of r.issues) {
        issues.push(issue)
        if (issue.level === 'warning') counts.flagged++
      }
      if (!r.input || !r.fingerprint) {
        counts.invalid++
        continue
      }
      const first = firstRowOf.get(r.fingerprint)
      if (first !== undefined) {
        counts.duplicates++
        issues.push({ row, column: '', level: 'warning', message: `与第 ${first} 行内容相同，只导入一次` })
        continue
      }
      firstRowOf.set(r.fingerprint, row)
      candidates.push({ row, input: r.input, fingerprint: r.fingerprint })
    }
    // Rows imported before: a demand with the same fingerprint has the same community and
    // received time, so it is in the partition the row would go to. Read each such partition once.
    const seen = new Map<string, Set<string>>()
    for (const c of candidates) {
      const month = monthOf(c.input.receivedAt, tz)
      const key = `${c.input.communityId}|${month}`
      let set = seen.get(key)
      if (!set) {
        set = new Set()
        for (const d of await db.readPartition(c.input.communityId, month)) {
          const fp = d.importFingerprint
          if (fp) set.add(fp)
        }
        seen.set(key, set)
      }
      if (set.has(c.fingerprint)) {
        counts.alreadyImported++
        issues.push({ row: c.row, column: '', level: 'warning', message: `此行已于之前从“${sourceName}”导入，不再重复导入` })
      } else toWrite.push(c)
    }
    counts.valid = toWrite.length
    issues.sort((a, b) => a.row - b.row || (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1))
    u.progress = { uploadId: u.id, phase: 'ready', done: table.rows.length, total: table.rows.length }
    const result = { sourceName, mapping, missing, counts, issues, toWrite }
    u.lastCheck = result
    return result
  }

  /** Writes every row or none, through the demand service's bulk path. */
  async function writeAll(u: Upload, c: Check, ctx?: CallContext): Promise<void> {
    const total = c.toWrite.length
    u.progress = { uploadId: u.id, phase: 'writing', done: 0, total }
    try {
      // one call: case numbers, the audit entry and the partition writes, all or none
      await deps.createDemands(
        c.toWrite.map((r) => ({ ...r.input, fingerprint: r.fingerprint, source: c.sourceName })),
        ctx,
      )
    } catch (err) {
      const reason = err instanceof AppError ? err.message : '写入时出错'
      u.progress = { uploadId: u.id, phase: 'failed', done: 0, total, message: `导入失败：${reason}。本次导入已全部撤销，数据与导入前相同` }
      return
    }
    return finishImport(u, c)
  }

  async function finishImport(u: Upload, c: Check): Promise<void> {
    const total = c.toWrite.length
    try {
      await mappings.remember(c.sourceName, u.table!.headers, c.mapping, toLocalIso(now()))
    } catch {
      // The demands are in; only the remembered mapping is missing (asked again next time).
    }
    u.progress = {
      uploadId: u.id,
      phase: 'done',
      done: total,
      total,
      result: { imported: total, alreadyImported: c.counts.alreadyImported, duplicates: c.counts.duplicates, invalid: c.counts.invalid, sourceName: c.sourceName },
    }
  }

  return {
    async start({ fileName, size }, ctx) {
      sweep()
      const id = randomBytes(12).toString('base64url')
      uploads.set(id, {
        id,
        session: sessionOf(ctx),
        fileName,
        size,
        chunks: [],
        received: 0,
        touched: Date.now(),
        progress: { uploadId: id, phase: 'receiving', done: 0, total: size },
      })
      return { uploadId: id, chunkBytes: IMPORT_CHUNK_BYTES }
    },

    async chunk({ uploadId, offset, data }, ctx) {
      const u = uploadOf(uploadId, ctx)
      if (u.progress.phase !== 'receiving') throw new AppError('VALIDATION', '文件已传完，不能再追加内容')
      if (offset !== u.received) throw new AppError('VALIDATION', `分块顺序错误：应从第 ${u.received} 字节开始`)
      const bytes = Buffer.from(data, 'base64')
      if (bytes.length === 0 || bytes.length > IMPORT_CHUNK_BYTES) throw new AppError('VALIDATION', '分块内容无效')
      if (u.received + bytes.length > u.size) throw new AppError('VALIDATION', '收到的内容比文件大小多，请重新选择文件')
      u.chunks.push(bytes)
      u.received += bytes.length
      u.progress.done = u.received
      const complete = u.received === u.size
      if (complete) {
        const all = Buffer.concat(u.chunks)
        u.chunks = []
        u.progress = { uploadId: u.id, phase: 'parsing', done: 0, total: 0 }
        u.parsing = parseTable(all, u.fileName).then(
          (table) => {
            u.table = table
            u.progress = { uploadId: u.id, phase: 'ready', done: table.rows.length, total: table.rows.length }
            return table
          },
          (err: unknown) => {
            const message = err instanceof AppError ? err.message : '无法读取该文件，请选择 .xlsx 或 .csv 表格文件'
            u.progress = { uploadId: u.id, phase: 'failed', done: 0, total: 0, message }
            throw err instanceof AppError ? err : new AppError('VALIDATION', message)
          },
        )
        // Nobody may be waiting yet; the failure is reported by preview and progress.
        u.parsing.catch(() => undefined)
      }
      return { received: u.received, complete }
    },

    async preview({ uploadId, sourceName, mapping }, ctx) {
      const u = uploadOf(uploadId, ctx)
      if (u.progress.phase === 'writing') throw new AppError('CONFLICT', '这个文件正在导入，请稍候')
      const table = await tableOf(u)
      const remembered = mapping ? undefined : await mappings.find(sourceName, table.headers)
      const source = sourceName ?? remembered?.sourceName ?? (u.fileName.replace(/\.[^.]*$/, '').slice(0, 40) || '表格导入')
      const effective: ImportMapping = mapping
        ? { columns: { ...mapping.columns }, defaults: { ...mapping.defaults } }
        : remembered
          ? mappingForHeaders(remembered, table.headers)
          : { columns: suggestMapping(table.headers), defaults: {} }
      const c = await check(u, table, source, effective, ctx)
      const mapped = new Set(Object.values(effective.columns))
      const preview: ImportPreview = {
        uploadId: u.id,
        fileName: u.fileName,
        format: table.format,
        headers: table.headers,
        sample: table.rows.slice(0, IMPORT_SAMPLE_ROWS).map((r) => ({ row: r.row, cells: table.headers.map((_, i) => cellText(r.cells[i])) })),
        sourceName: source,
        remembered: !!remembered,
        sources: (await mappings.list()).map((m) => m.sourceName).sort(),
        mapping: effective,
        unmapped: table.headers.filter((_, i) => !mapped.has(i)),
        missing: c.missing,
        counts: c.counts,
        issues: c.issues.slice(0, IMPORT_PREVIEW_ISSUES),
        issueTotal: c.issues.length,
      }
      if (table.encoding) preview.encoding = table.encoding
      if (table.sheetName) preview.sheetName = table.sheetName
      return preview
    },

    async commit({ uploadId, sourceName, mapping }, ctx) {
      const u = uploadOf(uploadId, ctx)
      if (u.progress.phase === 'writing') throw new AppError('CONFLICT', '这个文件正在导入，请稍候')
      if (u.progress.phase === 'done') throw new AppError('CONFLICT', '这个文件已经导入过了；再次导入请重新选择文件（已导入的行不会重复）')
      const table = await tableOf(u)
      // Checked again now: communities or earlier imports may have changed since the preview.
      const c = await check(u, table, sourceName, mapping, ctx)
      if (c.missing.length) {
        const message = `请为以下字段指定列：${c.missing.map((f) => IMPORT_FIELD_NAMES[f]).join('、')}`
        throw new AppError('VALIDATION', message, { mapping: message })
      }
      if (!c.toWrite.length) {
        const message = `没有可导入的行：${c.counts.invalid} 行有错误，${c.counts.duplicates} 行重复，${c.counts.alreadyImported} 行已导入过`
        throw new AppError('VALIDATION', message)
      }
      u.progress = { uploadId: u.id, phase: 'writing', done: 0, total: c.toWrite.length }
      const job = writing.then(() => writeAll(u, c, ctx))
      writing = job.catch(() => undefined)
      return { ...u.progress }
    },

    async progress({ uploadId }, ctx) {
      const u = uploadOf(uploadId, ctx)
      return structuredClone(u.progress)
    },

    async report({ uploadId, format }, ctx) {
      const u = uploadOf(uploadId, ctx)
      const table = await tableOf(u)
      const c = u.lastCheck
      if (!c) throw new AppError('VALIDATION', '请先预览检查，再下载问题报告')
      const byRow = new Map(table.rows.map((r) => [r.row, r.cells]))
      return writeReport(format, u.fileName, reportRows(table.headers, c.issues, (row) => byRow.get(row)))
    },

    async cancel({ uploadId }, ctx) {
      const u = uploads.get(uploadId)
      if (!u || u.session !== sessionOf(ctx)) return { cancelled: false }
      if (u.progress.phase === 'writing') throw new AppError('CONFLICT', '正在写入，不能取消；写入要么全部完成，要么全部撤销')
      uploads.delete(uploadId)
      return { cancelled: true }
    },
  }
}
