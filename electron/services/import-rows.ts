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
  issues: readonly ImportIssue[]
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
// Keys that may be left out: their schema takes undefined and gives nothing (schemas are pure).
const ABSENT_OK = new Set(
  SHAPE_KEYS.filter((k) => {
    const r = SHAPE[k].safeParse(undefined)
    return r.success && r.data === undefined
  }),
)
const objectDef = demandCreateInput._zod.def as { checks?: unknown[]; catchall?: { _zod: { def: { type: string } } } }
export const FIELDWISE_PARSE = !objectDef.checks?.length && objectDef.catchall?._zod.def.type === 'never'

// The two costly fields (a phone is read by parsePhone through a zod transform; a time by two
// regexes and three Date.parse through a pipe) take a shortcut for the values an import gives
// them most: an 11-digit mobile, with or without separators; a time as parseImportDate writes it
// (seconds and offset). The shortcut only ever accepts, with the schema's own result (a unit
// test compares both over many values); anything else goes through the schema.
const NOT_SHORT = Symbol('not short')
const MOBILE_PLAIN = /^1\d{10}$/
const MOBILE_SPACED = /^1\d\d([ -]?)\d{4}\1\d{4}$/
const ISO_WITH_OFFSET = /^\d{4}-(?:0[1-9]|1[0-2])-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$/
const EARLIEST_MS = Date.parse('2000-01-01T00:00:00+08:00')
const SHORTCUTS: Record<string, (v: unknown) => unknown> = {
  reporterPhone(v) {
    if (typeof v !== 'string') return NOT_SHORT
    if (MOBILE_PLAIN.test(v)) return v
    return MOBILE_SPACED.test(v) ? v.replace(/[ -]/g, '') : NOT_SHORT
  },
  receivedAt(v) {
    if (typeof v !== 'string' || !ISO_WITH_OFFSET.test(v)) return NOT_SHORT
    const ms = Date.parse(v)
    return ms >= EARLIEST_MS ? v : NOT_SHORT
  },
}
// The plain fields (ids, enums, trimmed texts with a length) are read off their own schema once:
// a string with only trim-like overwrites and length checks, or an enum, is checked here with
// the schema's own numbers and values; any other rule leaves the field to zod.
type ZodDef = { type: string; innerType?: { _zod: { def: ZodDef } }; entries?: Record<string, unknown>; checks?: Array<{ _zod: { def: CheckDef } }>; coerce?: boolean }
type CheckDef = { check: string; minimum?: number; maximum?: number; tx?: (v: string) => string; when?: unknown }
function plainShortcut(schema: z.ZodType): ((v: unknown) => unknown) | undefined {
  let def = schema._zod.def as unknown as ZodDef
  if (def.type === 'optional' && def.innerType) def = def.innerType._zod.def
  if (def.type === 'enum' && def.entries && !def.checks?.length) {
    const values = new Set(Object.values(def.entries))
    return (v) => (values.has(v) ? v : NOT_SHORT)
  }
  if (def.type !== 'string' || def.coerce) return undefined
  const checks = (def.checks ?? []).map((c) => c._zod.def)
  if (checks.some((c) => !['overwrite', 'min_length', 'max_length'].includes(c.check) || (c.check === 'overwrite' && !c.tx))) return undefined
  const overwrites = checks.filter((c) => c.check === 'overwrite').map((c) => c.tx!)
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum!))
  const max = Math.min(Infinity, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum!))
  // zod's length checks apply `when` the value has a length; a check that would not apply
  // leaves the value to zod
  const whens = checks.map((c) => c.when).filter((w): w is (p: { value: unknown }) => boolean => typeof w === 'function')
  if (whens.length !== checks.filter((c) => c.when !== undefined).length) return undefined
  const payload = { value: '' as unknown, issues: [] as unknown[] }
  return (v) => {
    if (typeof v !== 'string' || v.length < min || v.length > max) return NOT_SHORT
    payload.value = v
    for (const when of whens) if (when(payload) !== true) return NOT_SHORT
    // a value the overwrites leave as it is (trim of trimmed text) passes the length checks as is
    for (const tx of overwrites) if (tx(v) !== v) return NOT_SHORT
    return v
  }
}
for (const key of SHAPE_KEYS) {
  if (SHORTCUTS[key]) continue
  const short = plainShortcut(SHAPE[key])
  if (short) SHORTCUTS[key] = short
}

/** For the test: the shortcut's answer for one field (undefined: it leaves the value to zod). */
export function shortcutOf(key: string, value: unknown): { data: unknown } | undefined {
  const r = SHORTCUTS[key]?.(value) ?? NOT_SHORT
  return r === NOT_SHORT ? undefined : { data: r }
}

export type FieldIssue = { key: string; message: string }
export type FieldsParse = { ok: true; data: DemandInput } | { ok: false; issues: FieldIssue[] }

const KEY_INDEX = new Map(SHAPE_KEYS.map((k, i) => [k, i]))

/**
 * demandCreateInput.safeParse(candidate), field by field (same data, same issues in order). When
 * the candidate's keys are in the schema's order and every missing one may be missing, the data
 * is the candidate itself, its values replaced by the parsed ones (no second object per row).
 */
export function parseDemandFields(candidate: Record<string, unknown>): FieldsParse {
  if (FIELDWISE_PARSE) {
    let count = 0
    let last = -1
    let inPlace = true
    let unknown = false
    for (const key in candidate) {
      const i = KEY_INDEX.get(key)
      if (i === undefined) {
        unknown = true
        break
      }
      if (i < last) inPlace = false
      last = i
      count++
    }
    // an unknown key is the object's own issue: leave it to the whole parse
    if (!unknown) {
      if (count < SHAPE_KEYS.length) for (const key of SHAPE_KEYS) if (!(key in candidate) && !ABSENT_OK.has(key)) inPlace = false
      const data: Record<string, unknown> = inPlace ? candidate : {}
      let issues: FieldIssue[] | undefined
      for (const key of SHAPE_KEYS) {
        const present = key in candidate
        if (!present && ABSENT_OK.has(key)) continue
        const short = present ? SHORTCUTS[key]?.(candidate[key]) : undefined
        if (short !== undefined && short !== NOT_SHORT) {
          data[key] = short
          continue
        }
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

// Fields that failed in a row, as bits (no Set per row).
const BIT: Record<ImportField, number> = {
  community: 1,
  compound: 2,
  channel: 4,
  category: 8,
  reporterName: 16,
  reporterPhone: 32,
  reporterAddress: 64,
  receivedAt: 128,
  description: 256,
}

// Per-row helpers are plain functions, not closures: a row is checked in a few µs and closures
// made per row (named at runtime by some builds) were a fifth of it.
interface RowState {
  row: number
  ctx: RowContext
  /** made at the first issue: most rows have none */
  issues: ImportIssue[] | undefined
  errored: number
}
const NO_ISSUES: readonly ImportIssue[] = Object.freeze([])

function columnOf(ctx: RowContext, field: ImportField): string {
  const i = ctx.mapping.columns[field]
  return i === undefined ? IMPORT_FIELD_NAMES[field] : (ctx.headers[i] ?? IMPORT_FIELD_NAMES[field])
}

function fail(st: RowState, field: ImportField, message: string): void {
  if (st.errored & BIT[field]) return
  st.errored |= BIT[field]
  ;(st.issues ??= []).push({ row: st.row, column: columnOf(st.ctx, field), field, level: 'error', message })
}

/** Formula-like text in a field stored as written is kept as text and flagged (it would run if exported to Excel as is). */
function flagFormula(st: RowState, field: ImportField, v: string): void {
  if (v && looksLikeFormula(v) && !(st.errored & BIT[field])) {
    ;(st.issues ??= []).push({ row: st.row, column: columnOf(st.ctx, field), field, level: 'warning', message: '以 = + - @ 开头，已按文本导入（不作为公式计算）' })
  }
}

function rawCell(cells: readonly CellValue[], ctx: RowContext, field: ImportField): CellValue | undefined {
  const i = ctx.mapping.columns[field]
  return i === undefined ? undefined : cells[i]
}

export function checkRow(row: number, cells: readonly CellValue[], ctx: RowContext): RowCheck {
  const { mapping } = ctx
  const st: RowState = { row, ctx, issues: undefined, errored: 0 }

  const candidate: Record<string, unknown> = {}
  // community by name
  const communityName = cellText(rawCell(cells, ctx, 'community'))
  let community: Community | undefined
  if (!communityName) fail(st, 'community', '请填写社区')
  else {
    community = ctx.communities.get(normalName(communityName))
    if (!community) fail(st, 'community', `社区不存在：${communityName}（请先在“社区管理”中添加，或改为已有社区的名称）`)
    else if (!ctx.inScope(community.id)) fail(st, 'community', `您的账户无权处理${community.name}的诉求`)
    else candidate.communityId = community.id
  }
  // compound by name within that community
  const compoundName = cellText(rawCell(cells, ctx, 'compound'))
  if (compoundName && community) {
    const compound = compoundNamed(community, compoundName)
    if (!compound) fail(st, 'compound', `小区“${compoundName}”不属于${community.name}`)
    else candidate.compoundId = compound.id
  }
  // channel and category: a word in the column, else the file's value
  const channelWord = cellText(rawCell(cells, ctx, 'channel'))
  if (channelWord) {
    const channel = memo(channelWords, channelWord, channelOfWord)
    if (!channel) fail(st, 'channel', `来源渠道无法识别：${channelWord}（可填 ${CHANNEL_WORD_LIST}）`)
    else candidate.channel = channel
  } else if (mapping.defaults.channel) candidate.channel = mapping.defaults.channel
  else fail(st, 'channel', '请填写来源渠道')
  const categoryWord = cellText(rawCell(cells, ctx, 'category'))
  if (categoryWord) {
    const category = memo(categoryWords, categoryWord, categoryOfWord)
    if (!category) fail(st, 'category', `诉求类别无法识别：${categoryWord}（可填 ${CATEGORY_WORD_LIST}）`)
    else candidate.category = category
  } else if (mapping.defaults.category) candidate.category = mapping.defaults.category
  else fail(st, 'category', '请填写诉求类别')
  // received time: the cell itself (a Date cell, a serial number or text)
  const when = rawCell(cells, ctx, 'receivedAt')
  let receivedAt: string | undefined
  if (when === undefined || cellText(when) === '') fail(st, 'receivedAt', '请填写受理时间')
  else {
    const parsed = parseImportDate(typeof when === 'boolean' ? String(when) : when, ctx.timeZone)
    if (!parsed.ok) fail(st, 'receivedAt', parsed.message)
    else if (Date.parse(parsed.iso) > ctx.now.getTime() + FUTURE_SLACK_MS) fail(st, 'receivedAt', `${RECEIVED_IN_FUTURE}：${cellText(when)}`)
    else receivedAt = parsed.iso
  }
  const name = cellText(rawCell(cells, ctx, 'reporterName'))
  candidate.reporterName = name
  const phone = cellText(rawCell(cells, ctx, 'reporterPhone'))
  if (phone) candidate.reporterPhone = phone
  const address = cellText(rawCell(cells, ctx, 'reporterAddress'))
  if (address) candidate.reporterAddress = address
  // set here: the candidate's keys in the schema's order (it becomes the data as it is)
  if (receivedAt !== undefined) candidate.receivedAt = receivedAt
  const description = cellText(rawCell(cells, ctx, 'description'))
  candidate.description = description

  // The form's own rules (name and text lengths, phone formats, time bounds …).
  const result = parseDemandFields(candidate)
  if (!result.ok) {
    for (const issue of result.issues) {
      const field = FIELD_OF_PATH[issue.key]
      // A field that failed above (unknown community …) is reported once, by its own reason.
      if (!field || st.errored & BIT[field]) continue
      fail(st, field, /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : `${IMPORT_FIELD_NAMES[field]}格式无效`)
    }
  }
  flagFormula(st, 'reporterName', name)
  flagFormula(st, 'reporterAddress', address)
  flagFormula(st, 'description', description)
  if (st.errored || !result.ok) return { issues: st.issues ?? NO_ISSUES }
  return { input: result.data, issues: st.issues ?? NO_ISSUES }
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
  // one-shot hash: an import fingerprints every row it writes
  return hash('sha256', JSON.stringify(content), 'base64url').slice(0, 32)
}

/**
 * Rows of one file (one source) with the same content as fingerprintOf hashes: true exactly when
 * their fingerprints are equal. Repeats within a file are found by contentHash and this, and the
 * SHA-256 is taken only for rows compared with stored fingerprints or written: JSON and a hash
 * per row were a third of a preview's time.
 */
export function sameContent(a: DemandInput, b: DemandInput): boolean {
  return (
    a.communityId === b.communityId &&
    (a.compoundId ?? '') === (b.compoundId ?? '') &&
    a.channel === b.channel &&
    a.category === b.category &&
    a.reporterName === b.reporterName &&
    (a.reporterPhone ?? '') === (b.reporterPhone ?? '') &&
    (a.reporterAddress ?? '') === (b.reporterAddress ?? '') &&
    a.description === b.description &&
    Date.parse(a.receivedAt) === Date.parse(b.receivedAt)
  )
}

/** A 32-bit hash of that content (FNV-1a; equal for same content, no string made): a first sieve. */
export function contentHash(input: DemandInput): number {
  let h = 0x811c9dc5
  h = mix(h, input.communityId)
  h = mix(h, input.compoundId ?? '')
  h = mix(h, input.channel)
  h = mix(h, input.category)
  h = mix(h, input.reporterName)
  h = mix(h, input.reporterPhone ?? '')
  h = mix(h, input.reporterAddress ?? '')
  h = mix(h, input.description)
  const ms = Date.parse(input.receivedAt)
  h = Math.imul(h ^ (ms % 0x40000000), 16777619)
  return Math.imul(h ^ Math.floor(ms / 0x40000000), 16777619) >>> 0
}
function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  // the length ends the part, so text cannot run from one field into the next
  return Math.imul(h ^ (s.length + 0x10000), 16777619)
}
