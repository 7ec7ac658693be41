// Communities with their grids and compounds from a spreadsheet (columns 社区 / 网格 / 小区,
// optional 户数): one row per compound, or per grid without compound, or a community alone.
// checkCommunityRows is pure (the preview and the commit see the same plan); commitCommunityPlan
// writes the plan all or nothing through the Database facade, revision-checked.
import { AppError } from '../../shared/contract/errors'
import { COMMUNITY_NAME_MAX, COMPOUNDS_MAX, GRIDS_MAX, HOUSEHOLDS_MAX } from '../../shared/contract/community'
import {
  REQUIRED_COMMUNITY_IMPORT_FIELDS,
  type CommunityImportCounts,
  type CommunityImportField,
  type ImportColumnField,
  type ImportCounts,
  type ImportIssue,
  type ImportMapping,
} from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import { cellText } from '../../shared/domain/import-mapping'
import type { Database } from '../data'
import type { ParsedTable } from './import-parse'

import type { Unsaved } from '../data/collection'

export const COMMUNITY_IMPORT_COLUMNS = { community: '社区', grid: '网格', compound: '小区', households: '户数' } as const
type Column = keyof typeof COMMUNITY_IMPORT_COLUMNS

export interface CommunityPlanItem {
  /** undefined: a new community */
  id?: string
  revision?: number
  name: string
  households?: number
  grids: string[]
  /** compound name → its grid name ('' without grid) */
  compounds: Array<{ name: string; grid: string }>
}

export interface CommunityImportCheck {
  issues: ImportIssue[]
  counts: { rows: number; errors: number; skipped: number; newCommunities: number; newGrids: number; newCompounds: number }
  plan: CommunityPlanItem[]
}

/** Column positions by header (exact names, also with surrounding spaces or 名称 suffix). */
export function communityColumns(headers: readonly string[]): Partial<Record<Column, number>> {
  const out: Partial<Record<Column, number>> = {}
  headers.forEach((h, i) => {
    const t = h.trim().replace(/名称$/, '')
    for (const [key, label] of Object.entries(COMMUNITY_IMPORT_COLUMNS) as Array<[Column, string]>) {
      if (out[key] === undefined && (t === label || (key === 'community' && t === '社区名'))) out[key] = i
    }
  })
  return out
}

const nameError = (label: string, value: string): string | undefined => {
  if (!value) return `请填写${label}名称`
  if ([...value].length > COMMUNITY_NAME_MAX) return `${label}名称不能超过 ${COMMUNITY_NAME_MAX} 个字`
  return undefined
}

/**
 * Checks every row against the community contract's limits and the communities already stored.
 * A grid/compound that already exists is a warning ("已存在，跳过"); any error means nothing is
 * written (the commit refuses while errors remain).
 */
/** Which communities an operator may change by import, and whether they may add new ones (street-wide accounts only). */
export interface CommunityImportScope {
  inScope: (communityId: string) => boolean
  mayCreate: boolean
}

export function checkCommunityRows(
  table: Pick<ParsedTable, 'headers' | 'rows'>,
  existing: readonly Community[],
  /** column positions chosen by the user (the import screen's mapping); by header when absent */
  columns?: Partial<Record<Column, number>>,
  /** the operator's community limits (absent: street-wide, as an in-process call) */
  scope?: CommunityImportScope,
): CommunityImportCheck {
  const cols = columns ?? communityColumns(table.headers)
  const issues: ImportIssue[] = []
  const header = (c: Column) => (cols[c] === undefined ? '' : table.headers[cols[c]!] ?? '')
  const error = (row: number, c: Column | '', message: string) =>
    issues.push(c ? { row, column: header(c), field: c, level: 'error', message } : { row, column: '', level: 'error', message })
  const warn = (row: number, c: Column, message: string) => issues.push({ row, column: header(c), field: c, level: 'warning', message })
  if (cols.community === undefined) {
    issues.push({ row: 1, column: '', level: 'error', message: '表头缺少“社区”列（列名：社区 / 网格 / 小区 / 户数）' })
    return { issues, counts: { rows: table.rows.length, errors: 1, skipped: 0, newCommunities: 0, newGrids: 0, newCompounds: 0 }, plan: [] }
  }
  const byName = new Map(existing.map((c) => [c.name.trim(), c]))
  const plans = new Map<string, CommunityPlanItem>()
  /** community → compound → { grid, row } as listed in the file */
  const seenCompounds = new Map<string, Map<string, { grid: string; row: number }>>()
  const seenRows = new Set<string>()
  let skipped = 0

  for (const { row, cells } of table.rows) {
    const get = (c: Column) => (cols[c] === undefined ? '' : cellText(cells[cols[c]!]))
    const community = get('community')
    const grid = get('grid')
    const compound = get('compound')
    const hh = get('households')
    let bad = false
    const e1 = nameError('社区', community)
    const e2 = grid ? nameError('网格', grid) : undefined
    const e3 = compound ? nameError('小区', compound) : undefined
    if (e1) error(row, 'community', e1)
    if (e2) error(row, 'grid', e2)
    if (e3) error(row, 'compound', e3)
    if (e1 || e2 || e3) bad = true
    let households: number | undefined
    if (hh) {
      const n = Number(hh)
      if (!Number.isInteger(n) || n < 0 || n > HOUSEHOLDS_MAX) {
        error(row, 'households', `户数须为 0–${HOUSEHOLDS_MAX} 的整数`)
        bad = true
      } else households = n
    }
    if (bad) continue
    const key = `${community}\u0000${grid}\u0000${compound}`
    if (seenRows.has(key)) {
      error(row, compound ? 'compound' : grid ? 'grid' : 'community', '与文件中前面的行重复')
      continue
    }
    seenRows.add(key)
    if (compound) {
      const list = seenCompounds.get(community) ?? new Map<string, { grid: string; row: number }>()
      seenCompounds.set(community, list)
      const before = list.get(compound)
      if (before && before.grid !== grid) {
        error(row, 'compound', `小区“${compound}”在第 ${before.row} 行属于网格“${before.grid || '（无）'}”，不能同时列在两个网格下`)
        continue
      }
      list.set(compound, { grid, row })
    }

    const stored = byName.get(community)
    if (scope && stored && !scope.inScope(stored.id)) {
      error(row, 'community', `您的账户只负责部分社区，无权修改“${community}”`)
      continue
    }
    if (scope && !stored && !scope.mayCreate) {
      error(row, 'community', `“${community}”是新社区；您的账户只负责部分社区，不能新增社区`)
      continue
    }
    let plan = plans.get(community)
    if (!plan) {
      plan = stored ? { id: stored.id, revision: stored.revision, name: community, grids: [], compounds: [] } : { name: community, grids: [], compounds: [] }
      plans.set(community, plan)
    }
    if (households !== undefined) {
      if (plan.households !== undefined && plan.households !== households) {
        error(row, 'households', `户数与前面的行不一致（${plan.households}）`)
        continue
      }
      if (!stored) plan.households = households
      else if (stored.households !== households) warn(row, 'households', '社区已存在，户数不在导入中修改')
    }
    if (grid) {
      const gridStored = stored?.grids.some((g) => g.name.trim() === grid)
      if (gridStored) {
        if (!compound) {
          warn(row, 'grid', `网格“${grid}”已存在，跳过`)
          skipped++
        }
      } else if (!plan.grids.includes(grid)) plan.grids.push(grid)
    }
    if (compound) {
      const compStored = stored?.compounds.find((c) => c.name.trim() === compound)
      if (compStored) {
        const storedGrid = stored!.grids.find((g) => g.id === compStored.gridId)?.name.trim() ?? ''
        if (storedGrid !== grid) error(row, 'compound', `小区“${compound}”已存在，属于网格“${storedGrid || '（无）'}”，与本行不同`)
        else {
          warn(row, 'compound', `小区“${compound}”已存在，跳过`)
          skipped++
        }
      } else plan.compounds.push({ name: compound, grid })
    } else if (!grid && stored) {
      warn(row, 'community', `社区“${community}”已存在，跳过`)
      skipped++
    }
  }

  for (const plan of plans.values()) {
    const stored = plan.id ? existing.find((c) => c.id === plan.id) : undefined
    if ((stored?.grids.length ?? 0) + plan.grids.length > GRIDS_MAX)
      error(0, 'grid', `社区“${plan.name}”的网格超过 ${GRIDS_MAX} 个`)
    if ((stored?.compounds.length ?? 0) + plan.compounds.length > COMPOUNDS_MAX)
      error(0, 'compound', `社区“${plan.name}”的小区超过 ${COMPOUNDS_MAX} 个`)
  }
  const plan = [...plans.values()].filter((p) => !p.id || p.grids.length > 0 || p.compounds.length > 0)
  const errors = new Set(issues.filter((i) => i.level === 'error').map((i) => i.row)).size
  return {
    issues,
    counts: {
      rows: table.rows.length,
      errors,
      skipped,
      newCommunities: plan.filter((p) => !p.id).length,
      newGrids: plan.reduce((n, p) => n + p.grids.length, 0),
      newCompounds: plan.reduce((n, p) => n + p.compounds.length, 0),
    },
    plan,
  }
}

/**
 * Writes the plan: new communities created, existing ones get the missing grids/compounds
 * (revision-checked: CONFLICT if one changed since the check). All or nothing: if a write fails,
 * the communities already written are put back (removed or saved as they were).
 */
export async function commitCommunityPlan(
  db: Database,
  check: CommunityImportCheck,
  newId: () => string,
  /** runs after the last write, inside the all-or-nothing (the audit entry: if it fails, all is put back) */
  afterWrite?: (saved: Community[]) => Promise<void>,
): Promise<Community[]> {
  if (check.issues.some((i) => i.level === 'error')) throw new AppError('VALIDATION', '文件中还有错误行，请先改正后再导入')
  const used = new Set(db.communities().map((c) => c.id))
  const fresh = (prefix: string) => {
    for (;;) {
      const id = `${prefix}${newId()}`
      if (!used.has(id)) {
        used.add(id)
        return id
      }
    }
  }
  const nextOf = (p: CommunityPlanItem): { next: Unsaved<Community>; revision?: number } => {
    const base: Unsaved<Community> = p.id
      ? structuredClone(db.community(p.id)!)
      : { id: fresh('c-'), name: p.name, grids: [], compounds: [], ...(p.households !== undefined ? { households: p.households } : {}) }
    if (p.id) {
      const current = db.community(p.id)
      if (!current || current.revision !== p.revision) throw new AppError('CONFLICT', `社区“${p.name}”已被他人修改，请重新预览后再导入`)
    }
    for (const g of p.grids) base.grids.push({ id: fresh(`${base.id}-g-`), name: g })
    for (const c of p.compounds) {
      const gridId = c.grid ? base.grids.find((g) => g.name.trim() === c.grid)?.id : undefined
      base.compounds.push({ id: fresh(`${base.id}-p-`), name: c.name, ...(gridId ? { gridId } : {}) })
    }
    return { next: base, revision: p.id ? p.revision : undefined }
  }
  const writes = check.plan.map(nextOf)
  const done: Array<{ id: string; before?: Community }> = []
  const saved: Community[] = []
  try {
    for (const w of writes) {
      const before = w.revision !== undefined ? structuredClone(db.community(w.next.id)!) : undefined
      saved.push(await db.saveCommunity(w.next, w.revision !== undefined ? { expectRevision: w.revision } : {}))
      done.push({ id: w.next.id, before })
    }
    await afterWrite?.(saved)
  } catch (err) {
    // Put back what was written; new communities have no demands yet, so removing them is safe.
    for (const d of done.reverse()) {
      if (d.before) {
        const { revision: _r, ...rest } = d.before
        await db.saveCommunity(rest).catch(() => undefined)
      } else await db.removeCommunities([d.id]).catch(() => undefined)
    }
    throw err
  }
  return saved
}

/** A community import's check: the plan and what the preview shows. */
export interface CommunityCheck {
  sourceName: string
  mapping: ImportMapping
  missing: ImportColumnField[]
  counts: ImportCounts
  communities: CommunityImportCounts
  issues: ImportIssue[]
  /** absent while a required column is missing */
  plan?: CommunityImportCheck
}

/** The preview of a community file against the stored communities (nothing written). */
export function previewCommunities(
  table: Pick<ParsedTable, 'headers' | 'rows'>,
  existing: readonly Community[],
  sourceName: string,
  mapping: ImportMapping,
  scope?: CommunityImportScope,
): CommunityCheck {
  const cols = mapping.columns as Partial<Record<CommunityImportField, number>>
  const missing = REQUIRED_COMMUNITY_IMPORT_FIELDS.filter((f) => cols[f] === undefined)
  const counts: ImportCounts = { rows: table.rows.length, valid: 0, invalid: 0, duplicates: 0, alreadyImported: 0, flagged: 0 }
  const communities: CommunityImportCounts = { newCommunities: 0, changedCommunities: 0, newGrids: 0, newCompounds: 0 }
  if (missing.length) return { sourceName, mapping, missing, counts, communities, issues: [] }
  const plan = checkCommunityRows(table, existing, cols, scope)
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
  return { sourceName, mapping, missing: [...missing], counts, communities, issues, plan }
}
