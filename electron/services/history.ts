// history:* — the historical monthly counts (issue 12): entered by keyboard (a batch of months for
// one community, one durable write), imported from the letters-and-visits office's sheet (checked
// first; all rows or none), removed (a backup first, then the audit entry, then the write). The
// statistics read them through `historyOf` below; the merge rule is shared/domain/historical-counts.ts.
import { AppError } from '../../shared/contract/errors'
import { HISTORY_ISSUES_MAX, type HistoryCommunity, type HistoryImportCheck } from '../../shared/contract'
import { applyBatch, countsOfSheet, hasRecords, type HistorySheet, type StoredMonth } from '../../shared/domain/historical-counts'
import { readHistoryRows, type HistoryImportRow } from '../../shared/domain/historical-import'
import { currentMonth, toZonedIso } from '../../shared/domain/month'
import type { Collection, Database } from '../data'
import { auditWho, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { requireCommunity } from './demand'
import { HISTORY_COLLECTION, historyOf } from './history-collection'
import { parseTable } from './import-parse'
import type { AreaService, CallContext } from './types'

export interface HistoryDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  timeZone: () => Promise<string>
}

const refuse = (message: string, field: string) => new AppError('VALIDATION', message, { [field]: message })

export function createHistoryService(deps: HistoryDeps): AreaService<'history'> {
  const { db, audit, now } = deps
  const sheets = (): Collection<HistorySheet> => db.collection<HistorySheet>(HISTORY_COLLECTION)
  const who = (ctx?: CallContext) => auditWho(ctx).actor

  async function stamp(): Promise<{ at: string; thisMonth: string }> {
    const tz = await deps.timeZone()
    return { at: toZonedIso(now(), tz), thisMonth: currentMonth(now(), tz) }
  }

  function view(communityId: string, sheet: HistorySheet | undefined): HistoryCommunity {
    const records = db.countsOf(communityId)
    const recorded = Object.keys(records).filter((m) => hasRecords(records[m])).sort()
    const counts = countsOfSheet(sheet)
    return {
      communityId,
      name: db.communities().find((c) => c.id === communityId)?.name ?? communityId,
      counts,
      superseded: counts.filter((c) => hasRecords(records[c.month])).map((c) => c.month),
      firstRecordMonth: recorded[0] ?? null,
    }
  }

  /** Writes one community's months (new sheet or the stored one, checked against its revision). */
  async function write(communityId: string, current: HistorySheet | undefined, months: StoredMonth[], at: string): Promise<HistorySheet | undefined> {
    if (!months.length) {
      if (current) await sheets().delete(communityId, { expectRevision: current.revision, keepInBackups: true })
      return undefined
    }
    const next = { id: communityId, communityId, months, updatedAt: at }
    return sheets().save(current ? { ...next, revision: current.revision } : next, current ? { expectRevision: current.revision } : {})
  }

  /** The file read and checked: good rows, every issue, nothing written. */
  async function check(fileName: string, data: string, ctx?: CallContext) {
    const bytes = Buffer.from(data, 'base64')
    const table = await parseTable(bytes, fileName)
    const communities = db.communities().filter((c) => scopedCommunities(ctx, [c.id]).length > 0)
    const { thisMonth } = await stamp()
    const read = readHistoryRows(table.headers, table.rows, communities, thisMonth)
    if ('missing' in read) throw refuse(read.missing, 'fileName')
    return { table, read }
  }

  return {
    async list({ communityId }, ctx) {
      if (communityId) {
        requireScope(ctx, communityId)
        requireCommunity(db, communityId)
      }
      const ids = communityId ? [communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id))
      const out: HistoryCommunity[] = []
      for (const id of ids) out.push(view(id, await sheets().get(id)))
      return { communities: out }
    },

    async save({ communityId, months }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const current = await sheets().get(communityId)
      const { at, thisMonth } = await stamp()
      const result = applyBatch(current?.months ?? [], months, { thisMonth, at, by: who(ctx) })
      if (!result.ok) {
        if (result.conflict && !result.problems.length) throw new AppError('CONFLICT', result.conflict)
        const first = result.problems[0]
        const details = Object.fromEntries(result.problems.map((p) => [`months.${p.index}.${p.field}`, `${months[p.index]?.month ?? ''} ${p.message}`.trim()]))
        throw new AppError('VALIDATION', `${months[first.index]?.month ?? `第 ${first.index + 1} 行`}：${first.message}`, details)
      }
      if (!result.changed.length) return { ...view(communityId, current), saved: [] }
      const stored = await write(communityId, current, result.months, at)
      const changed = months.filter((m) => result.changed.includes(m.month))
      await audit.append({
        ...auditWho(ctx),
        action: 'history.save',
        target: communityId,
        detail: { communityId, months: changed.map((m) => ({ month: m.month, petitions: m.petitions, demands: m.demands })) },
      })
      return { ...view(communityId, stored), saved: result.changed }
    },

    async remove({ communityId, months }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const current = await sheets().get(communityId)
      const stored = new Map((current?.months ?? []).map((m) => [m.month, m]))
      for (const m of months) {
        const s = stored.get(m.month)
        if (!s) throw new AppError('CONFLICT', `${m.month} 的统计数已被他人删除，请刷新后重试`)
        if (s.revision !== m.revision) throw new AppError('CONFLICT', `${m.month} 的统计数已于 ${s.updatedAt.replace('T', ' ').slice(0, 16)} 被${s.updatedBy}修改，请刷新后重试`)
      }
      const gone = new Set(months.map((m) => m.month))
      const { at } = await stamp()
      // Destructive: a backup first (the way back), then the audit entry naming every month and its figures, then the write.
      const backup = await db.backup('before-history-remove')
      await audit.append({
        ...auditWho(ctx),
        action: 'history.remove',
        target: communityId,
        detail: { communityId, backup, months: months.map((m) => ({ month: m.month, petitions: stored.get(m.month)!.petitions, demands: stored.get(m.month)!.demands })) },
      })
      await write(communityId, current, current!.months.filter((m) => !gone.has(m.month)), at)
      return { communityId, removed: [...gone].sort(), backup }
    },

    async check({ fileName, data }, ctx) {
      const { table, read } = await check(fileName, data, ctx)
      const stored = new Map<string, Set<string>>()
      const history = await historyOf(db, [...new Set(read.rows.map((r) => r.communityId))])
      for (const [id, months] of history) stored.set(id, new Set(months.map((m) => m.month)))
      const badRows = new Set(read.issues.filter((i) => i.level === 'error').map((i) => i.row))
      const preview = read.rows.map((r) => ({
        row: r.row,
        communityName: r.communityName,
        month: r.month,
        petitions: r.petitions,
        demands: r.demands,
        ...(r.note ? { note: r.note } : {}),
        replaces: stored.get(r.communityId)?.has(r.month) ?? false,
        superseded: hasRecords(db.countsOf(r.communityId)[r.month]),
      }))
      const warnings = preview
        .filter((p) => p.superseded)
        .map((p) => ({ row: p.row, column: '', level: 'warning' as const, message: `${p.communityName} ${p.month} 已有系统记录，统计以记录为准，此数仅存档` }))
      const result: HistoryImportCheck = {
        fileName,
        rows: table.rows.length,
        valid: read.rows.length,
        invalid: badRows.size,
        issues: [...read.issues, ...warnings].slice(0, HISTORY_ISSUES_MAX),
        preview: preview.slice(0, HISTORY_ISSUES_MAX),
        communities: new Set(read.rows.map((r) => r.communityId)).size,
        replaces: preview.filter((p) => p.replaces).length,
      }
      return result
    },

    async import({ fileName, data }, ctx) {
      const { read } = await check(fileName, data, ctx)
      const errors = read.issues.filter((i) => i.level === 'error')
      if (errors.length) {
        const first = errors[0]
        throw new AppError('VALIDATION', `第 ${first.row} 行“${first.column}”：${first.message}（共 ${errors.length} 处问题，未导入任何数据，请修改后重新导入）`, {
          fileName: `共 ${errors.length} 处问题`,
        })
      }
      const byCommunity = new Map<string, HistoryImportRow[]>()
      for (const r of read.rows) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), r])
      const { at, thisMonth } = await stamp()
      // Every community's new months worked out before anything is written.
      const plans: Array<{ id: string; current: HistorySheet | undefined; months: StoredMonth[]; changed: string[] }> = []
      for (const [id, rows] of byCommunity) {
        requireScope(ctx, id)
        const current = await sheets().get(id)
        const result = applyBatch(current?.months ?? [], rows, { thisMonth, at, by: who(ctx), overwrite: true })
        if (!result.ok) throw refuse(`第 ${rows[result.problems[0].index].row} 行：${result.problems[0].message}`, 'fileName')
        if (result.changed.length) plans.push({ id, current, months: result.months, changed: result.changed })
      }
      // One file per community: if a later write fails, the ones already written are put back, so nothing is half-imported.
      const done: Array<{ id: string; before: HistorySheet | undefined; after: HistorySheet | undefined }> = []
      try {
        for (const p of plans) done.push({ id: p.id, before: p.current, after: await write(p.id, p.current, p.months, at) })
      } catch (err) {
        for (const d of done.reverse()) {
          await write(d.id, d.after, d.before?.months ?? [], d.before?.updatedAt ?? at).catch(() => undefined)
        }
        throw err
      }
      const imported = plans.reduce((n, p) => n + p.changed.length, 0)
      if (imported) {
        await audit.append({
          ...auditWho(ctx),
          action: 'history.import',
          target: fileName,
          detail: { fileName, rows: read.rows.length, imported, communities: plans.map((p) => ({ communityId: p.id, months: p.changed })) },
        })
      }
      return { imported, unchanged: read.rows.length - imported, communities: byCommunity.size }
    },
  }
}
