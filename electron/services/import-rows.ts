// One parsed row + the mapping → a demand:create input checked by the same zod schema as the
// form (shared/contract/demand.ts demandCreateInput), or the reasons it is not one. Names are
// looked up here (community by name, compound by name within it); the fingerprint of a valid
// row is what makes a second import of the same file add nothing.
import { hash } from 'node:crypto'
import type { z } from 'zod'
import { demandCreateInput, FUTURE_SLACK_MS, RECEIVED_IN_FUTURE } from '../../shared/contract/demand'
import type { ImportIssue, ImportMapping, ParsedOf } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import { parseImportDate } from '../../shared/domain/import-dates'
import {
  CATEGORY_WORD_LIST,
  CHANNEL_WORD_LIST,
  IMPORT_FIELD_NAMES,
  categoryOfWord,
  cellText,
  channelOfWord,
  looksLikeFormula,
  type CellValue,
  type ImportField,
} from '../../shared/domain/import-mapping'

export type DemandInput = ParsedOf<'demand:create'>

export interface RowCheck {
  input?: DemandInput
  fingerprint?: string
  issues: ImportIssue[]
}

export interface RowContext {
  mapping: ImportMapping
  headers: readonly string[]
  /** communities by name (and by name without the 社区 suffix) */
  communities: ReadonlyMap<string, Community>
  /** may the operator work in this community (scope) */
  inScope(communityId: string): boolean
  now: Date
  sourceName: string
  /** the street's time zone (times without an offset are read in it) */
  timeZone?: string
}

/** Communities by their name, and by the name without 社区 (七口堰 → 七口堰社区). */
export function communityIndex(all: readonly Community[]): Map<string, Community> {
  const map = new Map<string, Community>()
  for (const c of all) {
    map.set(normalName(c.name), c)
    const short = c.name.replace(/社区$/, '')
    if (short && !map.has(normalName(short))) map.set(normalName(short), c)
  }
  return map
}

const normalName = (s: string) => s.replace(/[\s\u3000]/g, '')

/** zod paths of demandCreateInput → import fields */
const FIELD_OF_PATH: Record<string, ImportField> = {
  communityId: 'community',
  compoundId: 'compound',
  channel: 'channel',
  category: 'category',
  reporterName: 'reporterName',
  reporterPhone: 'reporterPhone',
  reporterAddress: 'reporterAddress',
  receivedAt: 'receivedAt',
  description: 'description',
}

// The form's schema, applied field by field. A whole strictObject parse costs ~5 µs a row when
// zod runs jitless (the renderer's CSP), ten times its fields' own parses; field by field gives
// the same data and the same issues, in the same order, as long as the object adds no rule of
// its own (checked here once: otherwise every row takes the whole-object parse).
const SHAPE = demandCreateInput.shape as unknown as Record<string, z.ZodType>
const SHAPE_KEYS = Object.keys(SHAPE)
const objectDef = demandCreateInput._zod.def as { checks?: unknown[]; catchall?: { _zod: { def: { type: string } } } }
export const FIELDWISE_PARSE = !objectDef.checks?.length && objectDef.catchall?._zod.def.type === 'never'

export type FieldIssue = { key: string; message: string }
export type FieldsParse = { ok: true; data: DemandInput } | { ok: false; issues: FieldIssue[] }

/** demandCreateInput.safeParse(candidate), field by field (same data, same issues in order). */
export function parseDemandFields(candidate: Record<string, unknown>): FieldsParse {
  if (FIELDWISE_PARSE) {
    let known = 0
    for (const key of SHAPE_KEYS) if (key in candidate) known++
    // an unknown key is the object's own issue: leave it to the whole parse
    if (known === Object.keys(candidate).length) {
      const data: Record<string, unknown> = {}
      let issues: FieldIssue[] | undefined
      for (const key of SHAPE_KEYS) {
        const present = key in candidate
        const r = SHAPE[key].safeParse(candidate[key])
        if (!r.success) {
          issues ??= []
          for (const issue of r.error.issues) issues.push({ key, message: issue.message })
        } else if (present || r.data !== undefined) data[key] = r.data
      }
      return issues ? { ok: false, issues } : { ok: true, data: data as DemandInput }
    }
  }
  const r = demandCreateInput.safeParse(candidate)
  if (r.success) return { ok: true, data: r.data }
  return { ok: false, issues: r.error.issues.map((i) => ({ key: String(i.path[0] ?? ''), message: i.message })) }
}

// Words seen in this process → channel / category (an import repeats a handful of them).
const channelWords = new Map<string, ReturnType<typeof channelOfWord>>()
const categoryWords = new Map<string, ReturnType<typeof categoryOfWord>>()
function memo<T>(cache: Map<string, T>, word: string, of: (w: string) => T): T {
  if (cache.has(word)) return cache.get(word) as T
  const v = of(word)
  if (cache.size > 1000) cache.clear()
  cache.set(word, v)
  return v
}

// A community's compounds by their normalised name, built once per community object.
const compoundsByName = new WeakMap<Community, Map<string, Community['compounds'][number]>>()
function compoundNamed(community: Community, name: string): Community['compounds'][number] | undefined {
  let map = compoundsByName.get(community)
  if (!map) {
    map = new Map()
    for (const c of community.compounds) {
      const key = normalName(c.name)
      if (!map.has(key)) map.set(key, c)
    }
    compoundsByName.set(community, map)
  }
  return map.get(normalName(name))
}

export function checkRow(row: number, cells: readonly CellValue[], ctx: RowContext): RowCheck {
  const { mapping, headers } = ctx
  const columns = mapping.columns
  const issues: ImportIssue[] = []
  const columnOf = (field: ImportField) => {
    const i = columns[field]
    return i === undefined ? IMPORT_FIELD_NAMES[field] : (headers[i] ?? IMPORT_FIELD_NAMES[field])
  }
  // fields that failed (a row has none, mostly: no Set unless needed)
  let errored: Set<ImportField> | undefined
  const fail = (field: ImportField, message: string) => {
    if (errored?.has(field)) return
    ;(errored ??= new Set()).add(field)
    issues.push({ row, column: columnOf(field), field, level: 'error', message })
  }
  const raw = (field: ImportField): CellValue | undefined => {
    const i = columns[field]
    return i === undefined ? undefined : cells[i]
  }
  const text = (field: ImportField) => cellText(raw(field))

  const candidate: Record<string, unknown> = {}
  // community by name
  const communityName = text('community')
  let community: Community | undefined
  if (!communityName) fail('community', '请填写社区')
  else {
    community = ctx.communities.get(normalName(communityName))
    if (!community) fail('community', `社区不存在：${communityName}（请先在“社区管理”中添加，或改为已有社区的名称）`)
    else if (!ctx.inScope(community.id)) fail('community', `您的账户无权处理${community.name}的诉求`)
    else candidate.communityId = community.id
  }
  // compound by name within that community
  const compoundName = text('compound')
  if (compoundName && community) {
    const compound = compoundNamed(community, compoundName)
    if (!compound) fail('compound', `小区“${compoundName}”不属于${community.name}`)
    else candidate.compoundId = compound.id
  }
  // channel and category: a word in the column, else the file's value
  const channelWord = text('channel')
  if (channelWord) {
    const channel = memo(channelWords, channelWord, channelOfWord)
    if (!channel) fail('channel', `来源渠道无法识别：${channelWord}（可填 ${CHANNEL_WORD_LIST}）`)
    else candidate.channel = channel
  } else if (mapping.defaults.channel) candidate.channel = mapping.defaults.channel
  else fail('channel', '请填写来源渠道')
  const categoryWord = text('category')
  if (categoryWord) {
    const category = memo(categoryWords, categoryWord, categoryOfWord)
    if (!category) fail('category', `诉求类别无法识别：${categoryWord}（可填 ${CATEGORY_WORD_LIST}）`)
    else candidate.category = category
  } else if (mapping.defaults.category) candidate.category = mapping.defaults.category
  else fail('category', '请填写诉求类别')
  // received time: the cell itself (a Date cell, a serial number or text)
  const when = raw('receivedAt')
  if (when === undefined || cellText(when) === '') fail('receivedAt', '请填写受理时间')
  else {
    const parsed = parseImportDate(typeof when === 'boolean' ? String(when) : when, ctx.timeZone)
    if (!parsed.ok) fail('receivedAt', parsed.message)
    else if (Date.parse(parsed.iso) > ctx.now.getTime() + FUTURE_SLACK_MS) fail('receivedAt', `${RECEIVED_IN_FUTURE}：${cellText(when)}`)
    else candidate.receivedAt = parsed.iso
  }
  const name = text('reporterName')
  candidate.reporterName = name
  const phone = text('reporterPhone')
  if (phone) candidate.reporterPhone = phone
  const address = text('reporterAddress')
  if (address) candidate.reporterAddress = address
  const description = text('description')
  candidate.description = description

  // The form's own rules (name and text lengths, phone formats, time bounds …).
  const result = parseDemandFields(candidate)
  if (!result.ok) {
    for (const issue of result.issues) {
      const field = FIELD_OF_PATH[issue.key]
      // A field that failed above (unknown community …) is reported once, by its own reason.
      if (!field || errored?.has(field)) continue
      fail(field, /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : `${IMPORT_FIELD_NAMES[field]}格式无效`)
    }
  }
  // Formula-like text in the fields stored as written is kept as text and flagged (it would run
  // if exported to Excel as is).
  const flag = (field: ImportField, v: string) => {
    if (v && looksLikeFormula(v) && !errored?.has(field)) {
      issues.push({ row, column: columnOf(field), field, level: 'warning', message: '以 = + - @ 开头，已按文本导入（不作为公式计算）' })
    }
  }
  flag('reporterName', name)
  flag('reporterAddress', address)
  flag('description', description)
  if (errored?.size || !result.ok) return { issues }
  return { input: result.data, fingerprint: fingerprintOf(result.data, ctx.sourceName), issues }
}

/**
 * What makes two rows the same demand: the source and the normalised content (trimmed text,
 * phone as stored, the received instant whatever offset it was written with), hashed so the
 * stored fingerprint carries no personal data in clear text.
 */
export function fingerprintOf(input: DemandInput, sourceName: string): string {
  const content = [
    sourceName.trim(),
    input.communityId,
    input.compoundId ?? '',
    input.channel,
    input.category,
    input.reporterName,
    input.reporterPhone ?? '',
    input.reporterAddress ?? '',
    String(Date.parse(input.receivedAt)),
    input.description,
  ]
  // one-shot hash: an import fingerprints every row
  return hash('sha256', JSON.stringify(content), 'base64url').slice(0, 32)
}
