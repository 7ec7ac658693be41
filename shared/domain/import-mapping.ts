// Spreadsheet columns → demand fields: the fields an import can fill, the header words that
// suggest them, the words for channels and categories, and cell normalisation. Pure (no IO):
// the service (electron/services/import.ts) runs it over the parsed file, the renderer shows
// the same field list in the mapping form.
import type { DemandCategory, DemandChannel } from './vocab'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS } from './vocab'

/** The demand fields an import maps columns to, in the order the form shows them. */
export const IMPORT_FIELDS = [
  'community',
  'compound',
  'channel',
  'category',
  'reporterName',
  'reporterPhone',
  'reporterAddress',
  'receivedAt',
  'description',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** zh-CN names of the fields (messages from the main side name them in the user's words). */
export const IMPORT_FIELD_NAMES: Record<ImportField, string> = {
  community: '社区',
  compound: '小区',
  channel: '来源渠道',
  category: '诉求类别',
  reporterName: '反映人',
  reporterPhone: '联系电话',
  reporterAddress: '住址',
  receivedAt: '受理时间',
  description: '诉求内容',
}

/** Fields every row needs: mapped to a column, or (channel, category) given one value for the file. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['community', 'channel', 'category', 'reporterName', 'receivedAt', 'description']

/** Header words that suggest a field (compared without spaces, case-insensitively). */
const HEADER_ALIASES: Record<ImportField, readonly string[]> = {
  community: ['社区', '所属社区', '社区名称', '归属社区'],
  compound: ['小区', '所属小区', '小区名称', '片区'],
  channel: ['来源渠道', '渠道', '来源', '诉求来源', '反映渠道'],
  category: ['诉求类别', '类别', '分类', '问题类别', '诉求分类', '问题分类'],
  reporterName: ['反映人', '姓名', '来电人', '诉求人', '反映人姓名', '联系人', '市民姓名'],
  reporterPhone: ['联系电话', '电话', '手机', '手机号', '来电号码', '联系方式', '电话号码'],
  reporterAddress: ['住址', '地址', '详细地址', '居住地址', '家庭住址'],
  receivedAt: ['受理时间', '时间', '日期', '来电时间', '受理日期', '登记时间', '反映时间', '派单时间'],
  description: ['诉求内容', '内容', '描述', '问题描述', '诉求描述', '反映内容', '工单内容', '来电内容'],
}

const squash = (s: string) => s.replace(/[\s\u3000*＊:：]/g, '').toLowerCase()

/** Column index per field, suggested from the header row (first match wins; each column once). */
export function suggestMapping(headers: readonly string[]): Partial<Record<ImportField, number>> {
  const out: Partial<Record<ImportField, number>> = {}
  const used = new Set<number>()
  const normal = headers.map(squash)
  for (const field of IMPORT_FIELDS) {
    for (const alias of HEADER_ALIASES[field]) {
      const i = normal.findIndex((h, idx) => !used.has(idx) && h === squash(alias))
      if (i >= 0) {
        out[field] = i
        used.add(i)
        break
      }
    }
  }
  return out
}

/** The header row as a key for remembering a mapping when no source name is given. */
export function headerSignature(headers: readonly string[]): string {
  return headers.map((h) => squash(h)).join('|')
}

/** Words for the channels: the UI's names plus what exports write. */
const CHANNEL_WORDS: Record<DemandChannel, readonly string[]> = {
  hotline: ['热线', '有事我帮您', '服务热线', '电话'],
  wechatGroup: ['微信群', '网格微信群', '微信'],
  redSteward: ['红管家走访', '红管家', '走访'],
  gridWorker: ['网格员'],
  householdLeader: ['联户长'],
  petition: ['信访'],
  transfer12345: ['12345转办', '12345', '12345热线', '市民热线', '转办'],
  other: ['其他'],
}

const CATEGORY_WORDS: Record<DemandCategory, readonly string[]> = {
  environment: ['环境卫生', '环境', '卫生'],
  property: ['物业管理', '物业'],
  parking: ['停车', '停车管理'],
  facilities: ['设施维修', '设施', '维修'],
  neighbour: ['邻里纠纷', '邻里', '纠纷'],
  safety: ['安全隐患', '安全'],
  noise: ['噪音扰民', '噪音'],
  other: ['其他'],
}

function wordTable<K extends string>(codes: readonly K[], words: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>()
  for (const code of codes) {
    map.set(code.toLowerCase(), code)
    for (const w of words[code]) map.set(squash(w), code)
  }
  return map
}
const CHANNEL_TABLE = wordTable(DEMAND_CHANNELS, CHANNEL_WORDS)
const CATEGORY_TABLE = wordTable(DEMAND_CATEGORIES, CATEGORY_WORDS)

export function channelOfWord(word: string): DemandChannel | undefined {
  return CHANNEL_TABLE.get(squash(word))
}
export function categoryOfWord(word: string): DemandCategory | undefined {
  return CATEGORY_TABLE.get(squash(word))
}
/** For messages: 可填 热线、微信群、… */
export const CHANNEL_WORD_LIST = DEMAND_CHANNELS.map((c) => CHANNEL_WORDS[c][0]).join('、')
export const CATEGORY_WORD_LIST = DEMAND_CATEGORIES.map((c) => CATEGORY_WORDS[c][0]).join('、')

/**
 * A cell that a spreadsheet program would run as a formula (CSV injection): = + - @, or a
 * leading tab / carriage return. Imported as text, never evaluated, and flagged.
 */
export function looksLikeFormula(text: string): boolean {
  // = + - @ tab CR: the first character alone (an import asks this of every text cell)
  const c = text.charCodeAt(0)
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d
}

/** A cell as exported to .csv/.xlsx: formula-like text gets a leading ' so Excel shows it as text. */
export function neutraliseCell(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text
}

/** What a parsed cell may hold: text, a number, a Date (xlsx date cells), or nothing. */
export type CellValue = string | number | boolean | Date | null

/** Whitespace as String.prototype.trim (and cellText) sees it. */
export function isBlank(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d)
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** A cell as text for the text fields (numbers as written, dates as YYYY-MM-DD HH:mm). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  // most cells have nothing to trim (an import reads every one): no call to trim for those
  if (typeof value === 'string') return value === '' || (!isBlank(value.charCodeAt(0)) && !isBlank(value.charCodeAt(value.length - 1))) ? value : value.trim()
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value)
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Number.isNaN(value.getTime())) return ''
  return value.toISOString().slice(0, 16).replace('T', ' ')
}
