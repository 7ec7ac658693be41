// import:* — demands, or communities with their grids and compounds (kind 'community', chosen at
// import:start; import-communities.ts checks and writes those), from a spreadsheet. The renderer
// sends the file in chunks (import:start, import:chunk); the last chunk opens it (import-parse.ts:
// a .csv's text and where its rows are, an .xlsx's rows). import:preview checks every row against
// the mapping as the rows are read (import-check.ts; the same zod schema as demand:create) and
// says what would happen; import:commit checks again and writes the valid rows as one job — all of
// them or none — and import:progress reports it. The opened file is held in memory under its
// upload id (per transport session, for 30 minutes), so preview, report and commit see the same rows.
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/contract/errors'
import {
  IMPORT_CHUNK_BYTES,
  IMPORT_PREVIEW_ISSUES,
  type CommunityImportField,
  type ImportKind,
  type ImportMapping,
  type ImportPreview,
  type ImportProgress,
} from '../../shared/contract'
import { cellText, suggestMapping } from '../../shared/domain/import-mapping'
import { canAccessCommunity, hasCapability, OPERATOR_ROLE_NAMES } from '../../shared/domain/permissions'
import { toLocalIso } from '../../shared/domain/month'
import type { Database } from '../data'
import { auditWho, operatorOf } from './actor'
import type { AuditLog } from './audit'
import { checkCommunityRows, commitCommunityPlan, communityColumns, previewCommunities, type CommunityCheck, type CommunityImportScope } from './import-communities'
import type { BulkDemandInput } from './demand'
import { cellsOfRows, checkDemandRows, demandsToWrite, type DemandCheck } from './import-check'
import { openSource, type ParsedTable, type RowSource } from './import-parse'
import { checkMapping, IMPORT_COLUMN_NAMES, mappingForHeaders, mappingStore } from './import-mappings'
import { reportRows, writeReport } from './import-report'
import type { AreaService, CallContext } from './types'

export interface ImportDeps {
  db: Database
  now: () => Date
  /** The longest stretch (ms) of checking rows before other calls are answered (and progress moves). */
  sliceMs?: number
  /**
   * The demand service's bulk path (demand.ts createDemands): case numbers, one audit entry
   * (demand.import), one durable write per partition, all or none.
   */
  createDemands: (inputs: BulkDemandInput[], ctx?: CallContext) => Promise<unknown[]>
  /** The street's time zone (street settings); Asia/Shanghai when not given. */
  timeZone?: () => Promise<string | undefined>
  /** Where a community import is audited (community.import); a demand import is audited by createDemands. */
  audit?: Pick<AuditLog, 'append'>
  /** Ids of new communities, grids and compounds (community import). */
  newId?: () => string
}

/** An upload not touched for this long is dropped. */
const UPLOAD_TTL_MS = 30 * 60_000
/** Uploads held at once (all sessions); the oldest idle one goes first. */
const MAX_UPLOADS = 6

interface Upload {
  id: string
  kind: ImportKind
  session: string
  fileName: string
  size: number
  chunks: Buffer[]
  received: number
  touched: number
  parsing?: Promise<RowSource>
  source?: RowSource
  /** a community import's rows, all at once (checkCommunityRows) */
  table?: ParsedTable
  progress: ImportProgress
  lastCheck?: DemandCheck | CommunityCheck
}

/**
 * Communities, grids and compounds may be imported only by those who may manage communities
 * (the import:* channels need 'record'; the kind is known only from the payload, so this is here).
 */
function requireKind(kind: ImportKind, ctx?: CallContext): void {
  if (kind !== 'community') return
  const op = operatorOf(ctx)
  if (op && !hasCapability(op.role, 'manageCommunities'))
    throw new AppError('FORBIDDEN', `当前身份（${OPERATOR_ROLE_NAMES[op.role]}）无权导入社区、网格和小区（需要“管理社区”权限）`)
}

/** The operator's limits for a community import (none for an in-process call). */
function communityScope(ctx?: CallContext): CommunityImportScope | undefined {
  const op = operatorOf(ctx)
  return op ? { inScope: (id) => canAccessCommunity(op, id), mayCreate: !op.communityIds?.length } : undefined
}

const notFound = () => new AppError('NOT_FOUND', '未找到这次导入（可能已超过 30 分钟或已取消），请重新选择文件')

export function createImportService(deps: ImportDeps): AreaService<'import'> {
  const { db, now } = deps
  const sliceMs = deps.sliceMs ?? 20
  const newId = deps.newId ?? (() => randomBytes(6).toString('hex'))
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
    // checked on every call: a session's operator may have changed role since the upload began
    requireKind(u.kind, ctx)
    u.touched = Date.now()
    return u
  }

  /** Checks a community file against the stored communities (nothing written). */
  function checkCommunities(u: Upload, table: ParsedTable, sourceName: string, mapping: ImportMapping, ctx?: CallContext): CommunityCheck {
    checkMapping('community', mapping, table.headers)
    const result = previewCommunities(table, db.communities(), sourceName, mapping, communityScope(ctx))
    if (result.missing.length) return result
    u.progress = { uploadId: u.id, phase: 'ready', done: table.rows.length, total: table.rows.length }
    u.lastCheck = result
    return result
  }

  /** Writes the community plan (all or none, audited inside the all-or-nothing), then remembers the mapping. */
  async function writeCommunities(u: Upload, c: CommunityCheck, ctx?: CallContext): Promise<void> {
    const total = c.counts.valid
    u.progress = { uploadId: u.id, phase: 'writing', done: 0, total }
    try {
      // the plan is checked again against the communities as they are now (revision-checked)
      const fresh = checkCommunityRows(u.table!, db.communities(), c.mapping.columns as Partial<Record<CommunityImportField, number>>, communityScope(ctx))
      if (fresh.issues.some((i) => i.level === 'error')) throw new AppError('CONFLICT', '社区已被他人修改，请重新检查后再导入')
      await commitCommunityPlan(db, fresh, newId, async (saved) => {
        await deps.audit?.append({
          ...auditWho(ctx),
          action: 'community.import',
          target: c.sourceName,
          detail: {
            fileName: u.fileName,
            communitiesAdded: fresh.counts.newCommunities,
            communitiesChanged: fresh.plan.filter((p) => p.id).length,
            gridsAdded: fresh.counts.newGrids,
            compoundsAdded: fresh.counts.newCompounds,
            communities: saved.map((s) => s.name),
          },
        })
      })
      c.communities = {
        newCommunities: fresh.counts.newCommunities,
        changedCommunities: fresh.plan.filter((p) => p.id).length,
        newGrids: fresh.counts.newGrids,
        newCompounds: fresh.counts.newCompounds,
      }
    } catch (err) {
      const reason = err instanceof AppError ? err.message : '写入时出错'
      u.progress = { uploadId: u.id, phase: 'failed', done: 0, total, message: `导入失败：${reason}。本次导入已全部撤销，数据与导入前相同` }
      return
    }
    try {
      await mappings.remember(c.sourceName, u.source!.headers, c.mapping, toLocalIso(now()), 'community')
    } catch {
      // The communities are in; only the remembered mapping is missing (asked again next time).
    }
    u.progress = {
      uploadId: u.id,
      phase: 'done',
      done: total,
      total,
      result: {
        kind: 'community',
        imported: total,
        alreadyImported: c.counts.alreadyImported,
        duplicates: c.counts.duplicates,
        invalid: c.counts.invalid,
        sourceName: c.sourceName,
        communities: c.communities,
      },
    }
  }

  async function sourceOf(u: Upload): Promise<RowSource> {
    if (u.source) return u.source
    if (!u.parsing) throw new AppError('VALIDATION', `文件尚未传完（已收到 ${u.received} / ${u.size} 字节）`)
    return u.parsing
  }

  /** A community import's rows, read once. */
  const tableOf = (u: Upload, source: RowSource): ParsedTable => (u.table ??= source.table())

  /** Checks a demand file row by row (import-check.ts; nothing written). */
  async function check(u: Upload, source: RowSource, sourceName: string, mapping: ImportMapping, ctx?: CallContext): Promise<DemandCheck> {
    checkMapping('demand', mapping, source.headers)
    const operator = operatorOf(ctx)
    const result = await checkDemandRows(source, sourceName, mapping, {
      communities: db.communities(),
      readPartition: (communityId, month) => db.readPartition(communityId, month),
      inScope: (id) => !operator || canAccessCommunity(operator, id),
      now: now(),
      timeZone: deps.timeZone,
      sliceMs,
      progress: (done, total) => (u.progress = { uploadId: u.id, phase: 'checking', done, total }),
    })
    if (!result.missing.length) {
      u.progress = { uploadId: u.id, phase: 'ready', done: source.rowCount, total: source.rowCount }
      u.lastCheck = result
    }
    return result
  }

  /** Writes every row or none, through the demand service's bulk path. */
  async function writeAll(u: Upload, c: DemandCheck, ctx?: CallContext): Promise<void> {
    const total = c.toWrite.length
    u.progress = { uploadId: u.id, phase: 'writing', done: 0, total }
    try {
      // one call: case numbers, the audit entry and the partition writes, all or none
      await deps.createDemands(demandsToWrite(c), ctx)
    } catch (err) {
      const reason = err instanceof AppError ? err.message : '写入时出错'
      u.progress = { uploadId: u.id, phase: 'failed', done: 0, total, message: `导入失败：${reason}。本次导入已全部撤销，数据与导入前相同` }
      return
    }
    return finishImport(u, c)
  }

  async function finishImport(u: Upload, c: DemandCheck): Promise<void> {
    const total = c.toWrite.length
    try {
      await mappings.remember(c.sourceName, u.source!.headers, c.mapping, toLocalIso(now()))
    } catch {
      // The demands are in; only the remembered mapping is missing (asked again next time).
    }
    u.progress = {
      uploadId: u.id,
      phase: 'done',
      done: total,
      total,
      result: { kind: 'demand', imported: total, alreadyImported: c.counts.alreadyImported, duplicates: c.counts.duplicates, invalid: c.counts.invalid, sourceName: c.sourceName },
    }
  }

  return {
    async start({ kind, fileName, size }, ctx) {
      requireKind(kind, ctx)
      sweep()
      const id = randomBytes(12).toString('base64url')
      uploads.set(id, {
        id,
        kind,
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
        u.parsing = openSource(all, u.fileName).then(
          (source) => {
            u.source = source
            u.progress = { uploadId: u.id, phase: 'ready', done: source.rowCount, total: source.rowCount }
            return source
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
      const table = await sourceOf(u)
      const remembered = mapping ? undefined : await mappings.find(sourceName, table.headers, u.kind)
      const source = sourceName ?? remembered?.sourceName ?? (u.fileName.replace(/\.[^.]*$/, '').slice(0, 40) || '表格导入')
      const effective: ImportMapping = mapping
        ? { columns: { ...mapping.columns }, defaults: { ...mapping.defaults } }
        : remembered
          ? mappingForHeaders(remembered, table.headers)
          : { columns: u.kind === 'community' ? communityColumns(table.headers) : suggestMapping(table.headers), defaults: {} }
      const c = u.kind === 'community' ? checkCommunities(u, tableOf(u, table), source, effective, ctx) : await check(u, table, source, effective, ctx)
      const mapped = new Set(Object.values(effective.columns))
      const preview: ImportPreview = {
        uploadId: u.id,
        kind: u.kind,
        fileName: u.fileName,
        format: table.format,
        headers: table.headers,
        sample: table.sample.map((r) => ({ row: r.row, cells: table.headers.map((_, i) => cellText(r.cells[i])) })),
        sourceName: source,
        remembered: !!remembered,
        sources: (await mappings.list(u.kind)).map((m) => m.sourceName).sort(),
        mapping: effective,
        unmapped: table.headers.filter((_, i) => !mapped.has(i)),
        missing: c.missing,
        counts: c.counts,
        issues: c.issues.slice(0, IMPORT_PREVIEW_ISSUES),
        issueTotal: c.issues.length,
      }
      if ('communities' in c) preview.communities = { ...c.communities }
      if (table.encoding) preview.encoding = table.encoding
      if (table.sheetName) preview.sheetName = table.sheetName
      return preview
    },

    async commit({ uploadId, sourceName, mapping }, ctx) {
      const u = uploadOf(uploadId, ctx)
      if (u.progress.phase === 'writing') throw new AppError('CONFLICT', '这个文件正在导入，请稍候')
      if (u.progress.phase === 'done') throw new AppError('CONFLICT', '这个文件已经导入过了；再次导入请重新选择文件（已导入的行不会重复）')
      const table = await sourceOf(u)
      if (u.kind === 'community') {
        const c = checkCommunities(u, tableOf(u, table), sourceName, mapping, ctx)
        if (c.missing.length) {
          const message = `请为以下字段指定列：${c.missing.map((f) => IMPORT_COLUMN_NAMES[f]).join('、')}`
          throw new AppError('VALIDATION', message, { mapping: message })
        }
        const firstError = c.issues.find((i) => i.level === 'error')
        if (firstError) {
          // communities go in whole: a grid or compound left out would be missed later, unseen
          const where = firstError.row > 0 ? `第 ${firstError.row} 行${firstError.column ? `“${firstError.column}”` : ''}：` : ''
          throw new AppError('VALIDATION', `${c.counts.invalid} 行有错误（${where}${firstError.message}）。社区导入须先改正全部错误行，请下载问题报告改正后重新选择文件`)
        }
        if (!c.plan?.plan.length) throw new AppError('VALIDATION', `没有可导入的内容：${c.counts.alreadyImported} 行的社区、网格或小区已存在`)
        u.progress = { uploadId: u.id, phase: 'writing', done: 0, total: c.counts.valid }
        const job = writing.then(() => writeCommunities(u, c, ctx))
        writing = job.catch(() => undefined)
        return { ...u.progress }
      }
      // Checked again now: communities or earlier imports may have changed since the preview.
      const c = await check(u, table, sourceName, mapping, ctx)
      if (c.missing.length) {
        const message = `请为以下字段指定列：${c.missing.map((f) => IMPORT_COLUMN_NAMES[f]).join('、')}`
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
      const source = await sourceOf(u)
      const c = u.lastCheck
      if (!c) throw new AppError('VALIDATION', '请先预览检查，再下载问题报告')
      const byRow = await cellsOfRows(source, c.issues.map((i) => i.row), sliceMs)
      return writeReport(format, u.fileName, reportRows(source.headers, c.issues, (row) => byRow.get(row)))
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
