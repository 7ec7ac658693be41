// import:* — demands, or communities with their grids and compounds (kind 'community', chosen at
// import:start; import-communities.ts checks and writes those), from a spreadsheet. The renderer sends the file in chunks (import:start,
// import:chunk); the last chunk starts the parse (import-parse.ts). import:preview checks every
// row against the mapping (import-rows.ts, the same zod schema as demand:create) and says what
// would happen; import:commit writes the valid rows as one job — all of them or none — and
// import:progress reports it. The parsed file is held in memory under its upload id (per
// transport session, for 30 minutes), so preview, report and commit see the same rows.
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/contract/errors'
import {
  COMMUNITY_IMPORT_FIELDS,
  COMMUNITY_IMPORT_FIELD_NAMES,
  IMPORT_CHUNK_BYTES,
  IMPORT_PREVIEW_ISSUES,
  IMPORT_SAMPLE_ROWS,
  REQUIRED_COMMUNITY_IMPORT_FIELDS,
  type CommunityImportCounts,
  type CommunityImportField,
  type ImportColumnField,
  type ImportCounts,
  type ImportKind,
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
import { canAccessCommunity, hasCapability, OPERATOR_ROLE_NAMES } from '../../shared/domain/permissions'
import { monthOfInstant, toLocalIso } from '../../shared/domain/month'
import type { Database } from '../data'
import { auditWho, operatorOf } from './actor'
import type { AuditLog } from './audit'
import { checkCommunityRows, commitCommunityPlan, communityColumns, type CommunityImportCheck } from './import-communities'
import type { BulkDemandInput } from './demand'
import { parseTable, type ParsedTable } from './import-parse'
import { checkRow, communityIndex, contentHash, fingerprintOf, sameContent, type DemandInput } from './import-rows'
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
  /** Where a community import is audited (community.import); a demand import is audited by createDemands. */
  audit?: Pick<AuditLog, 'append'>
  /** Ids of new communities, grids and compounds (community import). */
  newId?: () => string
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
  /** rows to write now, in file order (fingerprinted when written) */
  toWrite: Array<{ row: number; input: DemandInput }>
}

/** A community import's check: the plan of import-communities.ts and what the preview shows. */
interface CommunityCheck {
  sourceName: string
  mapping: ImportMapping
  missing: ImportColumnField[]
  counts: ImportCounts
  communities: CommunityImportCounts
  issues: ImportIssue[]
  /** absent while a required column is missing */
  plan?: CommunityImportCheck
}

interface Upload {
  id: string
  kind: ImportKind
  session: string
  fileName: string
  size: number
  chunks: Buffer[]
  received: number
  touched: number
  parsing?: Promise<ParsedTable>
  table?: ParsedTable
  progress: ImportProgress
  lastCheck?: Check | CommunityCheck
}

const FIELD_NAMES: Record<ImportColumnField, string> = { ...IMPORT_FIELD_NAMES, ...COMMUNITY_IMPORT_FIELD_NAMES }
const KIND_NAMES: Record<ImportKind, string> = { demand: '诉求导入', community: '社区导入' }
const KIND_FIELDS: Record<ImportKind, readonly ImportColumnField[]> = {
  demand: Object.keys(IMPORT_FIELD_NAMES) as ImportField[],
  community: COMMUNITY_IMPORT_FIELDS,
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

const notFound = () => new AppError('NOT_FOUND', '未找到这次导入（可能已超过 30 分钟或已取消），请重新选择文件')
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createImportService(deps: ImportDeps): AreaService<'import'> {
  const { db, now } = deps
  const chunkRows = deps.chunkRows ?? 2000
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

  /** A mapping names only fields of the upload's kind, and only columns the file has. */
  function checkMapping(kind: ImportKind, mapping: ImportMapping, headers: readonly string[]): void {
    for (const [field, i] of Object.entries(mapping.columns) as Array<[ImportColumnField, number]>) {
      if (!KIND_FIELDS[kind].includes(field)) {
        const message = `${KIND_NAMES[kind]}没有“${FIELD_NAMES[field]}”字段`
        throw new AppError('VALIDATION', message, { [`mapping.columns.${field}`]: message })
      }
      if (i >= headers.length) {
        const message = `“${FIELD_NAMES[field]}”对应的列不存在（文件共 ${headers.length} 列）`
        throw new AppError('VALIDATION', message, { [`mapping.columns.${field}`]: message })
      }
    }
    if (kind === 'community' && (mapping.defaults.channel || mapping.defaults.category)) {
      const message = '社区导入没有来源渠道和诉求类别'
      throw new AppError('VALIDATION', message, { 'mapping.defaults': message })
    }
  }

  /** Checks a community file against the stored communities (nothing written). */
  function checkCommunities(u: Upload, table: ParsedTable, sourceName: string, mapping: ImportMapping): CommunityCheck {
    checkMapping('community', mapping, table.headers)
    const cols = mapping.columns as Partial<Record<CommunityImportField, number>>
    const missing = REQUIRED_COMMUNITY_IMPORT_FIELDS.filter((f) => cols[f] === undefined)
    const counts: ImportCounts = { rows: table.rows.length, valid: 0, invalid: 0, duplicates: 0, alreadyImported: 0, flagged: 0 }
    const communities: CommunityImportCounts = { newCommunities: 0, changedCommunities: 0, newGrids: 0, newCompounds: 0 }
    if (missing.length) return { sourceName, mapping, missing, counts, communities, issues: [] }
    const plan = checkCommunityRows(table, db.communities(), cols)
    const errorRows = new Set(plan.issues.filter((i) => i.level === 'error').map((i) => i.row))
    // rows whose community / grid / compound is there already (the same file twice adds nothing)
    const skippedRows = new Set(plan.issues.filter((i) => i.level === 'warning' && i.message.endsWith('已存在，跳过')).map((i) => i.row))
    const dupRows = new Set(plan.issues.filter((i) => i.message === '与文件中前面的行重复').map((i) => i.row))
    counts.invalid = errorRows.size
    counts.duplicates = dupRows.size
    counts.alreadyImported = [...skippedRows].filter((r) => !errorRows.has(r)).length
    counts.valid = table.rows.filter((r) => !errorRows.has(r.row) && !skippedRows.has(r.row)).length
    communities.newCommunities = plan.counts.newCommunities
    communities.changedCommunities = plan.plan.filter((p) => p.id).length
    communities.newGrids = plan.counts.newGrids
    communities.newCompounds = plan.counts.newCompounds
    if (!plan.plan.length) counts.valid = 0
    const issues = [...plan.issues].sort((a, b) => a.row - b.row || (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1))
    u.progress = { uploadId: u.id, phase: 'ready', done: table.rows.length, total: table.rows.length }
    const result: CommunityCheck = { sourceName, mapping, missing: [...missing], counts, communities, issues, plan }
    u.lastCheck = result
    return result
  }

  /** Writes the community plan (all or none, audited inside the all-or-nothing), then remembers the mapping. */
  async function writeCommunities(u: Upload, c: CommunityCheck, ctx?: CallContext): Promise<void> {
    const total = c.counts.valid
    u.progress = { uploadId: u.id, phase: 'writing', done: 0, total }
    try {
      // the plan is checked again against the communities as they are now (revision-checked)
      const fresh = checkCommunityRows(u.table!, db.communities(), c.mapping.columns as Partial<Record<CommunityImportField, number>>)
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
      await mappings.remember(c.sourceName, u.table!.headers, c.mapping, toLocalIso(now()), 'community')
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

  async function tableOf(u: Upload): Promise<ParsedTable> {
    if (u.table) return u.table
    if (!u.parsing) throw new AppError('VALIDATION', `文件尚未传完（已收到 ${u.received} / ${u.size} 字节）`)
    return u.parsing
  }

  async function check(u: Upload, table: ParsedTable, sourceName: string, mapping: ImportMapping, ctx?: CallContext): Promise<Check> {
    checkMapping('demand', mapping, table.headers)
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
    // Repeats within the file: by a content hash, then by the content itself (import-rows.ts).
    const byHash = new Map<number, number | number[]>()
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
      if (!r.input) {
        counts.invalid++
        continue
      }
      const h = contentHash(r.input)
      const slot = byHash.get(h)
      let first: number | undefined
      if (slot === undefined) byHash.set(h, candidates.length)
      else {
        const same = typeof slot === 'number' ? [slot] : slot
        for (const at of same) {
          if (sameContent(candidates[at].input, r.input)) {
            first = candidates[at].row
            break
          }
        }
        // another content with the same hash (rare): both are kept under it
        if (first === undefined) byHash.set(h, [...same, candidates.length])
      }
      if (first !== undefined) {
        counts.duplicates++
        issues.push({ row, column: '', level: 'warning', message: `与第 ${first} 行内容相同，只导入一次` })
        continue
      }
      candidates.push({ row, input: r.input })
    }
    // Rows imported before: a demand with the same fingerprint has the same community and
    // received time, so it is in the partition the row would go to. Read each such partition once.
    const seen = new Map<string, Map<string, Set<string>>>()
    for (const c of candidates) {
      const month = monthOfInstant(Date.parse(c.input.receivedAt), tz)
      let months = seen.get(c.input.communityId)
      if (!months) seen.set(c.input.communityId, (months = new Map()))
      let set = months.get(month)
      if (!set) {
        set = new Set()
        for (const d of await db.readPartition(c.input.communityId, month)) {
          const fp = d.importFingerprint
          if (fp) set.add(fp)
        }
        months.set(month, set)
      }
      // a partition with no imported demand needs no hash
      if (set.size && set.has(fingerprintOf(c.input, sourceName))) {
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
        c.toWrite.map((r) => ({ ...r.input, fingerprint: fingerprintOf(r.input, c.sourceName), source: c.sourceName })),
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
      const remembered = mapping ? undefined : await mappings.find(sourceName, table.headers, u.kind)
      const source = sourceName ?? remembered?.sourceName ?? (u.fileName.replace(/\.[^.]*$/, '').slice(0, 40) || '表格导入')
      const effective: ImportMapping = mapping
        ? { columns: { ...mapping.columns }, defaults: { ...mapping.defaults } }
        : remembered
          ? mappingForHeaders(remembered, table.headers)
          : { columns: u.kind === 'community' ? communityColumns(table.headers) : suggestMapping(table.headers), defaults: {} }
      const c = u.kind === 'community' ? checkCommunities(u, table, source, effective) : await check(u, table, source, effective, ctx)
      const mapped = new Set(Object.values(effective.columns))
      const preview: ImportPreview = {
        uploadId: u.id,
        kind: u.kind,
        fileName: u.fileName,
        format: table.format,
        headers: table.headers,
        sample: table.rows.slice(0, IMPORT_SAMPLE_ROWS).map((r) => ({ row: r.row, cells: table.headers.map((_, i) => cellText(r.cells[i])) })),
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
      const table = await tableOf(u)
      if (u.kind === 'community') {
        const c = checkCommunities(u, table, sourceName, mapping)
        if (c.missing.length) {
          const message = `请为以下字段指定列：${c.missing.map((f) => FIELD_NAMES[f]).join('、')}`
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
        const message = `请为以下字段指定列：${c.missing.map((f) => FIELD_NAMES[f]).join('、')}`
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
