// One parsed row + the mapping → a demand:create input checked by the same zod schema as the
// form (shared/contract/demand.ts demandCreateInput, field by field: import-fields.ts), or the
// reasons it is not one. Names are looked up here (community by name, compound by name within
// it); the fingerprint of a valid row is what makes a second import of the same file add nothing.
import { FUTURE_SLACK_MS, RECEIVED_IN_FUTURE } from '../../shared/contract/demand'
import type { ImportIssue, ImportMapping } from '../../shared/contract'
import type { Community } from '../../shared/domain/entities'
import { lastImportDateMs, parseImportDate } from '../../shared/domain/import-dates'
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
import {
  DEMAND_KEYS,
  FIELD_FAILED,
  FIELDWISE_PARSE,
  SHORTCUT_UNDECIDED,
  mayBeAbsent,
  parseBySchema,
  parseDemandFields,
  shortcutFor,
  type DemandInput,
} from './import-fields'
import { codeHash, codesHash } from './import-fingerprint'
import { keepShape } from './kept-shapes'

export { FIELDWISE_PARSE, parseDemandFields, shortcutOf, type DemandInput, type FieldIssue, type FieldsParse } from './import-fields'
export { contentHash, fingerprintOf, sameContent } from './import-fingerprint'

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

// The keys a row fills, in the schema's order, and those a row may leave out. A row is checked
// straight into a CheckedRow, field by field, when the schema has exactly these keys in this
// order (any other one may be left out) and no rule of the whole object; otherwise through a
// candidate object and parseDemandFields (the same answers, slower).
const ROW_KEYS = Object.keys(FIELD_OF_PATH)
const ROW_OPTIONAL = new Set(['compoundId', 'reporterPhone', 'reporterAddress'])
export const DIRECT_ROW_CHECK =
  FIELDWISE_PARSE &&
  DEMAND_KEYS.filter((k) => ROW_KEYS.includes(k)).join() === ROW_KEYS.join() &&
  DEMAND_KEYS.every((k) => (ROW_KEYS.includes(k) && !ROW_OPTIONAL.has(k)) || mayBeAbsent(k))

/**
 * A valid row as a check sees it: the demand's fields (an optional one not given is undefined,
 * every row the same shape) and its received instant. A pass may fill one again and again.
 */
export class CheckedRow {
  row = 0
  communityId = ''
  compoundId: string | undefined = undefined
  channel: DemandInput['channel'] = 'other'
  category: DemandInput['category'] = 'other'
  reporterName = ''
  reporterPhone: string | undefined = undefined
  reporterAddress: string | undefined = undefined
  receivedAt = ''
  description = ''
  /** Date.parse(receivedAt) */
  ms = NaN
  /** codesHash of its ids and codes (contentHash's first part) */
  codes = 0
  /** the schema's own data, when rows are not checked field by field (DIRECT_ROW_CHECK false) */
  data: DemandInput | undefined = undefined
}
keepShape(new CheckedRow())

/** The demand:create input of a checked row: its keys in the schema's order, an optional one only when given. */
export function demandInputOf(r: CheckedRow): DemandInput {
  if (r.data) return r.data
  const input: Record<string, unknown> = { communityId: r.communityId }
  if (r.compoundId !== undefined) input.compoundId = r.compoundId
  input.channel = r.channel
  input.category = r.category
  input.reporterName = r.reporterName
  if (r.reporterPhone !== undefined) input.reporterPhone = r.reporterPhone
  if (r.reporterAddress !== undefined) input.reporterAddress = r.reporterAddress
  input.receivedAt = r.receivedAt
  input.description = r.description
  return input as DemandInput
}

// The schema's shortcut of each field, each called from its own place in the row check.
const SHORT_COMMUNITY = shortcutFor('communityId')
const SHORT_COMPOUND = shortcutFor('compoundId')
const SHORT_CHANNEL = shortcutFor('channel')
const SHORT_CATEGORY = shortcutFor('category')
const SHORT_NAME = shortcutFor('reporterName')
const SHORT_PHONE = shortcutFor('reporterPhone')
const SHORT_ADDRESS = shortcutFor('reporterAddress')
const SHORT_RECEIVED = shortcutFor('receivedAt')
const SHORT_DESCRIPTION = shortcutFor('description')

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

const HAS_CHINESE = /[\u4e00-\u9fff]/
const FORMULA_WARNING = '以 = + - @ 开头，已按文本导入（不作为公式计算）'
const EMPTY_HASH = codeHash('')

/**
 * An id or a code a row resolved to (a community's id, a channel …): a file repeats a few of them,
 * so each is worked out once — its hash, and the schema's answer (the value, or the reason it
 * fails) the first time a row needs it.
 */
class CodeEntry {
  answer: { value: unknown } | { message: string } | undefined = undefined
  readonly hash: number
  constructor(readonly value: string) {
    this.hash = codeHash(value)
  }
}
keepShape(new CodeEntry(''))
interface CommunityEntry {
  community: Community
  scoped: boolean
  id: CodeEntry
}

const cellAt = (cells: readonly CellValue[], i: number): CellValue | undefined => (i < 0 ? undefined : cells[i])

/**
 * Checks the rows of one file with one mapping, one row at a time: a valid row becomes a
 * CheckedRow, every finding an issue (row, column, zh-CN reason) in the caller's list. Made once
 * per check: the per-row state lives here, so a row makes no objects but its result and issues.
 */
export class RowChecker {
  private row = 0
  private errored = 0
  private issues: ImportIssue[] = []
  private readonly messages: string[] = []
  private readonly columns: Partial<Record<ImportField, number>>
  // each field's column (-1: none), read once
  private readonly cCommunity: number
  private readonly cCompound: number
  private readonly cChannel: number
  private readonly cCategory: number
  private readonly cName: number
  private readonly cPhone: number
  private readonly cAddress: number
  private readonly cReceived: number
  private readonly cDescription: number
  // what the names and words met so far stand for (null: nothing)
  private readonly named = new Map<string, CommunityEntry | null>()
  private readonly compounds = new Map<Community, Map<string, CodeEntry | null>>()
  private readonly channels = new Map<string, CodeEntry | null>()
  private readonly categories = new Map<string, CodeEntry | null>()
  private readonly defaultChannel: CodeEntry | undefined
  private readonly defaultCategory: CodeEntry | undefined

  constructor(private readonly ctx: RowContext) {
    const columns = (this.columns = ctx.mapping.columns as Partial<Record<ImportField, number>>)
    this.cCommunity = columns.community ?? -1
    this.cCompound = columns.compound ?? -1
    this.cChannel = columns.channel ?? -1
    this.cCategory = columns.category ?? -1
    this.cName = columns.reporterName ?? -1
    this.cPhone = columns.reporterPhone ?? -1
    this.cAddress = columns.reporterAddress ?? -1
    this.cReceived = columns.receivedAt ?? -1
    this.cDescription = columns.description ?? -1
    const { channel, category } = ctx.mapping.defaults
    if (channel) this.defaultChannel = new CodeEntry(channel)
    if (category) this.defaultCategory = new CodeEntry(category)
  }

  private columnOf(field: ImportField): string {
    const i = this.columns[field]
    return i === undefined ? IMPORT_FIELD_NAMES[field] : (this.ctx.headers[i] ?? IMPORT_FIELD_NAMES[field])
  }

  private fail(field: ImportField, message: string): void {
    if (this.errored & BIT[field]) return
    this.errored |= BIT[field]
    this.issues.push({ row: this.row, column: this.columnOf(field), field, level: 'error', message })
  }

  /** A schema message in the user's words: zod's own (English) ones are named by the field. */
  private failBySchema(field: ImportField, message: string): void {
    this.fail(field, HAS_CHINESE.test(message) ? message : `${IMPORT_FIELD_NAMES[field]}格式无效`)
  }

  /** Formula-like text in a field stored as written is kept as text and flagged (it would run if exported to Excel as is). */
  private flagFormula(field: ImportField, v: string): void {
    if (v && looksLikeFormula(v) && !(this.errored & BIT[field])) {
      this.issues.push({ row: this.row, column: this.columnOf(field), field, level: 'warning', message: FORMULA_WARNING })
    }
  }

  private communityNamed(name: string): CommunityEntry | undefined {
    const entry = this.named.get(name)
    return entry === undefined ? this.lookUpCommunity(name) : (entry ?? undefined)
  }

  // Apart from communityNamed, which every row calls: the scope is a function made per import,
  // and optimised code that inlines one is thrown away with it (kept-shapes.ts).
  private lookUpCommunity(name: string): CommunityEntry | undefined {
    const community = this.ctx.communities.get(normalName(name))
    const entry = community ? { community, scoped: this.ctx.inScope(community.id), id: new CodeEntry(community.id) } : null
    this.named.set(name, entry)
    return entry ?? undefined
  }

  private compoundNamed(community: Community, name: string): CodeEntry | undefined {
    let byName = this.compounds.get(community)
    if (!byName) this.compounds.set(community, (byName = new Map()))
    let entry = byName.get(name)
    if (entry === undefined) {
      const compound = compoundNamed(community, name)
      byName.set(name, (entry = compound ? new CodeEntry(compound.id) : null))
    }
    return entry ?? undefined
  }

  private word(cache: Map<string, CodeEntry | null>, word: string, of: (w: string) => string | undefined): CodeEntry | undefined {
    let entry = cache.get(word)
    if (entry === undefined) {
      const code = of(word)
      cache.set(word, (entry = code ? new CodeEntry(code) : null))
    }
    return entry ?? undefined
  }

  /**
   * The schema's rule for one field of a row (present, not failed above): `short` is the field's
   * shortcut's answer (SHORTCUT_UNDECIDED: the schema decides).
   */
  private field<T>(short: unknown, key: string, field: ImportField, value: T): T {
    if (short !== SHORTCUT_UNDECIDED && short !== undefined) return short as T
    const v = parseBySchema(key, value, this.messages)
    if (v !== FIELD_FAILED) return v as T
    // one reason per field: its first
    this.failBySchema(field, this.messages[0])
    this.messages.length = 0
    return value
  }

  /** The schema's rule for an id or a code (present, not failed above), worked out once per value. */
  private code(entry: CodeEntry, short: (v: unknown) => unknown, key: string, field: ImportField): string {
    let answer = entry.answer
    if (answer === undefined) {
      const v = this.field(short(entry.value), key, field, entry.value)
      // field() reported a failure, if any: its message is kept for the next row with this value
      answer = entry.answer = this.errored & BIT[field] ? { message: this.issues[this.issues.length - 1].message } : { value: v }
    } else if ('message' in answer) this.fail(field, answer.message)
    return ('value' in answer ? answer.value : entry.value) as string
  }

  /**
   * Checks one row; its findings are added to `issues`. The row's demand (in `into` when given:
   * valid until the next check), or undefined when it has an error.
   */
  check(row: number, cells: readonly CellValue[], issues: ImportIssue[], into?: CheckedRow): CheckedRow | undefined {
    const { ctx } = this
    this.row = row
    this.errored = 0
    this.issues = issues
    // community by name
    const communityName = cellText(cellAt(cells, this.cCommunity))
    let community: CommunityEntry | undefined
    let communityId: CodeEntry | undefined
    if (!communityName) this.fail('community', '请填写社区')
    else {
      community = this.communityNamed(communityName)
      if (!community) this.fail('community', `社区不存在：${communityName}（请先在“社区管理”中添加，或改为已有社区的名称）`)
      else if (!community.scoped) this.fail('community', `您的账户无权处理${community.community.name}的诉求`)
      else communityId = community.id
    }
    // compound by name within that community
    const compoundName = cellText(cellAt(cells, this.cCompound))
    let compoundId: CodeEntry | undefined
    if (compoundName && community) {
      compoundId = this.compoundNamed(community.community, compoundName)
      if (!compoundId) this.fail('compound', `小区“${compoundName}”不属于${community.community.name}`)
    }
    // channel and category: a word in the column, else the file's value
    const channelWord = cellText(cellAt(cells, this.cChannel))
    let channel: CodeEntry | undefined
    if (channelWord) {
      channel = this.word(this.channels, channelWord, channelOfWord)
      if (!channel) this.fail('channel', `来源渠道无法识别：${channelWord}（可填 ${CHANNEL_WORD_LIST}）`)
    } else if (this.defaultChannel) channel = this.defaultChannel
    else this.fail('channel', '请填写来源渠道')
    const categoryWord = cellText(cellAt(cells, this.cCategory))
    let category: CodeEntry | undefined
    if (categoryWord) {
      category = this.word(this.categories, categoryWord, categoryOfWord)
      if (!category) this.fail('category', `诉求类别无法识别：${categoryWord}（可填 ${CATEGORY_WORD_LIST}）`)
    } else if (this.defaultCategory) category = this.defaultCategory
    else this.fail('category', '请填写诉求类别')
    // received time: the cell itself (a Date cell, a serial number or text)
    const when = cellAt(cells, this.cReceived)
    let receivedAt: string | undefined
    let ms = NaN
    if (when === undefined || cellText(when) === '') this.fail('receivedAt', '请填写受理时间')
    else {
      const parsed = parseImportDate(typeof when === 'boolean' ? String(when) : when, ctx.timeZone)
      if (!parsed.ok) this.fail('receivedAt', parsed.message)
      else if ((ms = lastImportDateMs()) > ctx.now.getTime() + FUTURE_SLACK_MS) this.fail('receivedAt', `${RECEIVED_IN_FUTURE}：${cellText(when)}`)
      else receivedAt = parsed.iso
    }
    // the texts as written (flagged below when formula-like)
    const nameText = cellText(cellAt(cells, this.cName))
    const phoneText = cellText(cellAt(cells, this.cPhone))
    const addressText = cellText(cellAt(cells, this.cAddress))
    const descriptionText = cellText(cellAt(cells, this.cDescription))
    if (!DIRECT_ROW_CHECK) {
      const values = [communityId?.value, compoundId?.value, channel?.value, category?.value, nameText, phoneText || undefined, addressText || undefined, receivedAt, descriptionText]
      return this.viaCandidate(row, values, nameText, addressText, descriptionText)
    }

    // The form's own rules (name and text lengths, phone formats, time bounds …), in the
    // schema's order. A field that failed above (unknown community …) is not there: it is
    // reported once, by its own reason.
    const communityValue = communityId && this.code(communityId, SHORT_COMMUNITY, 'communityId', 'community')
    const compoundValue = compoundId && this.code(compoundId, SHORT_COMPOUND, 'compoundId', 'compound')
    const channelValue = channel && this.code(channel, SHORT_CHANNEL, 'channel', 'channel')
    const categoryValue = category && this.code(category, SHORT_CATEGORY, 'category', 'category')
    const name = this.field(SHORT_NAME(nameText), 'reporterName', 'reporterName', nameText)
    const phone = phoneText ? this.field(SHORT_PHONE(phoneText), 'reporterPhone', 'reporterPhone', phoneText) : undefined
    const address = addressText ? this.field(SHORT_ADDRESS(addressText), 'reporterAddress', 'reporterAddress', addressText) : undefined
    const iso = receivedAt
    if (receivedAt !== undefined) receivedAt = this.field(SHORT_RECEIVED(receivedAt, ms), 'receivedAt', 'receivedAt', receivedAt)
    const description = this.field(SHORT_DESCRIPTION(descriptionText), 'description', 'description', descriptionText)
    this.flagFormula('reporterName', nameText)
    this.flagFormula('reporterAddress', addressText)
    this.flagFormula('description', descriptionText)
    if (this.errored) return undefined
    // the instant of the time as the schema gives it (the same text, unless a rule rewrites it)
    if (receivedAt !== iso) ms = Date.parse(receivedAt!)
    const r = into ?? new CheckedRow()
    r.row = row
    r.communityId = communityValue!
    r.compoundId = compoundValue
    r.channel = channelValue as DemandInput['channel']
    r.category = categoryValue as DemandInput['category']
    r.reporterName = name
    r.reporterPhone = phone
    r.reporterAddress = address
    r.receivedAt = receivedAt!
    r.description = description
    r.ms = ms
    // the ids' and codes' part of contentHash (each value hashed once); a value the schema rewrote is hashed as it is now
    r.codes = codesHash(
      communityValue === communityId!.value ? communityId!.hash : codeHash(communityValue!),
      compoundId ? (compoundValue === compoundId.value ? compoundId.hash : codeHash(compoundValue!)) : EMPTY_HASH,
      channelValue === channel!.value ? channel!.hash : codeHash(channelValue!),
      categoryValue === category!.value ? category!.hash : codeHash(categoryValue!),
    )
    return r
  }

  /** The same check through a candidate object and parseDemandFields (see DIRECT_ROW_CHECK). */
  private viaCandidate(row: number, values: unknown[], nameText: string, addressText: string, descriptionText: string): CheckedRow | undefined {
    const candidate: Record<string, unknown> = {}
    ROW_KEYS.forEach((key, i) => {
      if (values[i] !== undefined) candidate[key] = values[i]
    })
    const result = parseDemandFields(candidate)
    if (!result.ok) {
      for (const issue of result.issues) {
        const field = FIELD_OF_PATH[issue.key]
        if (!field || this.errored & BIT[field]) continue
        this.failBySchema(field, issue.message)
      }
    }
    this.flagFormula('reporterName', nameText)
    this.flagFormula('reporterAddress', addressText)
    this.flagFormula('description', descriptionText)
    if (this.errored || !result.ok) return undefined
    const d = result.data
    const r = new CheckedRow()
    r.row = row
    r.communityId = d.communityId
    r.compoundId = d.compoundId
    r.channel = d.channel
    r.category = d.category
    r.reporterName = d.reporterName
    r.reporterPhone = d.reporterPhone
    r.reporterAddress = d.reporterAddress
    r.receivedAt = d.receivedAt
    r.description = d.description
    r.ms = Date.parse(d.receivedAt)
    r.codes = codesHash(codeHash(d.communityId), codeHash(d.compoundId ?? ''), codeHash(d.channel), codeHash(d.category))
    r.data = d
    return r
  }
}

/** A context with nothing in it (for an object kept for its layout: kept-shapes.ts). */
export const EMPTY_ROW_CONTEXT: RowContext = { mapping: { columns: {}, defaults: {} }, headers: [], communities: new Map(), inScope: () => false, now: new Date(0), sourceName: '' }
keepShape(new RowChecker(EMPTY_ROW_CONTEXT))

/** One row on its own (a RowChecker made for it). */
export function checkRow(row: number, cells: readonly CellValue[], ctx: RowContext): RowCheck {
  const issues: ImportIssue[] = []
  const r = new RowChecker(ctx).check(row, cells, issues)
  return r ? { input: demandInputOf(r), issues } : { issues }
}
