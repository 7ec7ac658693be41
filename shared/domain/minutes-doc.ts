// What a 纪要 (GB/T 9704-2012 §10.3) and a 签到表 export take: plain data, independent of how
// meetings are stored. The meeting service builds a MinutesDoc from a meeting and its minutes; the
// .docx writer (electron/services/minutes-docx.ts) and the print view (minutes-html.ts) only
// render it. Codes are the meeting model's (party, 列席 kind, position).
import { ATTENDEE_PARTIES, OBSERVER_KINDS, PARTIES, PARTY_NAMES, POSITIONS, POSITION_NAMES, type ObserverKind, type AttendeeParty, type Party, type Position, PERSON_PARTIES, type PersonParty } from './meeting'

export interface MinutesTask {
  what: string
  owner: string
  party?: Party
  /** YYYY-MM-DD */
  due: string
}

export interface MinutesItem {
  title: string
  /** discussion notes; line breaks start new paragraphs */
  discussion?: string
  positions?: Partial<Record<Party, Position>>
  /** 议定事项; may be empty: rendered as NO_DECISION */
  decision: string
  tasks?: MinutesTask[]
}

export interface MinutesVersion {
  /** 1, 2, … (a correction is a new version) */
  number: number
  approvedBy: string
  /** ISO date-time or 'YYYY-MM-DD HH:mm' as it should be printed */
  approvedAt: string
  /** hex SHA-256 of the canonical minutes */
  sha256: string
  /** the version this one corrects */
  corrects?: number
}

export interface MinutesDoc {
  /** 纪要标志, e.g. 七口堰社区联席会议纪要 */
  mark: string
  /** 期号, e.g. 第3期 */
  issue?: string
  /** YYYY-MM-DD */
  date: string
  /** HH:mm, or HH:mm—HH:mm */
  time?: string
  place: string
  chair: string
  recorder: string
  /** 出席 by party: the convener (社区党组织) first, then the five parties. */
  attendees: Array<{ party: AttendeeParty; names: string[] }>
  /** 请假, by party as 出席 is (a party or a 列席 kind) */
  leave?: Array<{ party: PersonParty; names: string[] }>
  /** 列席 */
  observers?: Array<{ kind: ObserverKind; names: string[] }>
  /** 2026年11月30日，七口堰社区党委书记×××主持召开……现将议定事项纪要如下： */
  intro: string
  items: MinutesItem[]
  version?: MinutesVersion
}

export interface SignInRow {
  name: string
  /** 所属方, printed as given (a party or a 列席 kind, already in words) */
  partyLabel: string
  role?: string
}

export interface SignInSheet {
  /** e.g. 七口堰社区联席会议签到表 */
  title: string
  /** YYYY-MM-DD */
  date: string
  time?: string
  place: string
  rows: SignInRow[]
}

export const NO_DECISION = '（未形成议定事项）'
export const MINUTES_LEAD_OUT = '现将议定事项纪要如下：'

export const MINUTES_LIMITS = { mark: 40, line: 60, name: 20, intro: 500, items: 30, title: 100, text: 20000, tasks: 30, rows: 200 } as const

// ---- Chinese numbering --------------------------------------------------------------------

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (1 ≤ n ≤ 9999). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`序号超出范围：${n}`)
  if (n < 10) return DIGITS[n]
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`
  const units = ['', '十', '百', '千']
  const digits = String(n).split('').map(Number)
  let out = ''
  let zero = false
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]
    if (d === 0) {
      zero = true
      return
    }
    if (zero && out) out += '零'
    zero = false
    out += DIGITS[d] + unit
  })
  return out
}

/** First-level heading number: 一、 */
export const headingNumber = (n: number): string => `${chineseNumber(n)}、`
/** Second-level heading number: （一） */
export const subHeadingNumber = (n: number): string => `（${chineseNumber(n)}）`
/** Third level: 1. */
export const listNumber = (n: number): string => `${n}.`

// ---- Dates --------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function validDate(s: string): boolean {
  const m = DATE_RE.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** 2026-11-30 → 2026年11月30日 (GB/T 9704: Arabic digits, no leading zeros). */
export function chineseDate(iso: string): string {
  const m = DATE_RE.exec(iso)
  if (!m) return iso
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
}

// ---- Texts the two renderers share --------------------------------------------------------

/** 小区党支部 张三、李四；业委会 王五 */
export function attendeesLine(doc: MinutesDoc): string {
  return doc.attendees
    .filter((g) => g.names.length)
    .map((g) => `${PARTY_NAMES[g.party]} ${g.names.join('、')}`)
    .join('；')
}

/** 居民代表 钱芳；业委会 张主任 — the 请假 line worded as 出席 is. */
export function leaveLine(doc: MinutesDoc): string {
  return (doc.leave ?? [])
    .filter((g) => g.names.length)
    .map((g) => `${PARTY_NAMES[g.party]} ${g.names.join('、')}`)
    .join('；')
}

export function observersLine(doc: MinutesDoc): string {
  return (doc.observers ?? [])
    .filter((g) => g.names.length)
    .map((g) => `${PARTY_NAMES[g.kind]} ${g.names.join('、')}`)
    .join('；')
}

/** 小区党支部同意；业委会保留；… in the order of the five parties; '' when none was recorded. */
export function positionsLine(item: MinutesItem): string {
  const p = item.positions
  if (!p || !Object.keys(p).length) return ''
  return PARTIES.map((party) => `${PARTY_NAMES[party]}${POSITION_NAMES[p[party] ?? 'none']}`).join('；') + '。'
}

/** 张三（物业服务企业）负责：清理楼道杂物，2026年12月15日前完成。 */
export function taskLine(task: MinutesTask): string {
  const who = task.party ? `${task.owner}（${PARTY_NAMES[task.party]}）` : task.owner
  const what = task.what.replace(/[。；;.\s]+$/u, '')
  return `${who}负责：${what}，${chineseDate(task.due)}前完成。`
}

/** Discussion text as paragraphs (blank lines dropped). */
export const paragraphs = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean)

const NUMERALS = '一二三四五六七八九'

/** 一 → 1, 十二 → 12, 二十 → 20 (1–99, as chineseNumber writes them); NaN otherwise. */
function numeralValue(text: string): number {
  const digit = (c: string) => NUMERALS.indexOf(c) + 1
  if (/^[一二三四五六七八九]$/.test(text)) return digit(text)
  const m = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(text)
  if (!m) return NaN
  return (m[1] ? digit(m[1]) : 1) * 10 + (m[2] ? digit(m[2]) : 0)
}

const FIRST = /^([一二三四五六七八九十]+)、\s*/u
const SECOND = /^[（(]([一二三四五六七八九十]+)[）)]\s*/u
/** Arabic-numbered lines (1. 1、 1． （1）): a text that has them keeps its numbering as typed. */
const ARABIC = /^(\d+[.、．]|[（(]\d+[）)])/u

/** Whether the markers run 一, 二, … from the first. */
const runsFromOne = (values: number[]) => values.every((n, k) => n === k + 1)

/**
 * The paragraphs of a topic's discussion or decision, its own numbered list one level below the
 * headings it is printed under (GB/T 9704: 一、 → （一） → 1. → （1））. A decision typed as
 * 一、…二、… under "（三）议定事项" would read as new topics: it prints as 1. 2., its （一）（二）
 * sub-items as （1）（2）; a list of （一）（二） alone prints as 1. 2. The levels move together or not
 * at all: only a clean list is renumbered — 一、 markers running 一, 二, … from the first (at least
 * two), （一） markers running from （一） again under each of them, and no Arabic-numbered line in
 * the text — so "一、二楼住户同意…" on its own, or a text already numbered 1. 2., stays as typed.
 * The stored text is untouched.
 */
export function bodyParagraphs(text: string | undefined): string[] {
  const lines = paragraphs(text)
  if (lines.some((l) => ARABIC.test(l))) return lines
  const marks = lines.map((line) => {
    const first = FIRST.exec(line)
    if (first) return { level: 1 as const, n: numeralValue(first[1]), rest: line.slice(first[0].length) }
    const second = SECOND.exec(line)
    return second ? { level: 2 as const, n: numeralValue(second[1]), rest: line.slice(second[0].length) } : null
  })
  const firsts = marks.filter((m) => m?.level === 1).map((m) => m!.n)
  const hasFirstList = firsts.length >= 2 && runsFromOne(firsts)
  // （一） runs: one per 一、 item when the 一、 list holds, else one for the whole text.
  const runs: number[][] = [[]]
  for (const m of marks) {
    if (m?.level === 1 && hasFirstList) runs.push([])
    else if (m?.level === 2) runs[runs.length - 1].push(m.n)
  }
  const secondsClean = runs.every(runsFromOne)
  const seconds = runs.flat().length
  if (hasFirstList && secondsClean) {
    return lines.map((line, i) => {
      const m = marks[i]
      if (m?.level === 1) return `${listNumber(m.n)}${m.rest}`
      if (m?.level === 2) return `（${m.n}）${m.rest}`
      return line
    })
  }
  // No 一、 list (a lone 一、 is text): a clean （一）（二） list prints at the 1. level.
  if (!hasFirstList && seconds >= 2 && runs.length === 1 && secondsClean) {
    return lines.map((line, i) => (marks[i]?.level === 2 ? `${listNumber(marks[i]!.n)}${marks[i]!.rest}` : line))
  }
  return lines
}

export function versionLine(v: MinutesVersion): string {
  const corrects = v.corrects ? `（更正第${v.corrects}版）` : ''
  return `第${v.number}版${corrects}；批准人：${v.approvedBy}；批准时间：${v.approvedAt}；SHA-256：${v.sha256}`
}

// ---- Validation (zod-free: the export runs where the contract is not loaded) --------------

export interface DocProblem {
  /** path of the field, e.g. items.3.tasks.0.due */
  field: string
  message: string
}

// Control characters other than tab and line breaks would make invalid XML in the .docx.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/

function checkText(out: DocProblem[], field: string, label: string, value: unknown, opts: { required?: boolean; max: number }): void {
  if (value === undefined || value === null) {
    if (opts.required) out.push({ field, message: `${label}不能为空` })
    return
  }
  if (typeof value !== 'string') {
    out.push({ field, message: `${label}应为文字` })
    return
  }
  if (opts.required && !value.trim()) out.push({ field, message: `${label}不能为空` })
  else if (Array.from(value).length > opts.max) out.push({ field, message: `${label}不能超过 ${opts.max} 个字` })
  else if (CONTROL.test(value)) out.push({ field, message: `${label}含有不可打印的控制字符` })
}

function checkDate(out: DocProblem[], field: string, label: string, value: unknown): void {
  if (typeof value !== 'string' || !validDate(value)) out.push({ field, message: `${label}应为有效日期（YYYY-MM-DD）` })
}

function checkNames(out: DocProblem[], field: string, label: string, names: unknown): void {
  if (!Array.isArray(names)) {
    out.push({ field, message: `${label}应为姓名列表` })
    return
  }
  names.forEach((n, i) => checkText(out, `${field}.${i}`, `${label}第 ${i + 1} 个姓名`, n, { required: true, max: MINUTES_LIMITS.name }))
}

const L = MINUTES_LIMITS

/** Every problem of a MinutesDoc, each naming its field in zh-CN; [] when it can be exported. */
export function checkMinutesDoc(doc: MinutesDoc): DocProblem[] {
  const out: DocProblem[] = []
  checkText(out, 'mark', '纪要标志', doc.mark, { required: true, max: L.mark })
  checkText(out, 'issue', '期号', doc.issue, { max: L.line })
  checkDate(out, 'date', '会议日期', doc.date)
  if (doc.time !== undefined && !/^\d{2}:\d{2}(\s*[—–-]\s*\d{2}:\d{2})?$/.test(doc.time)) {
    out.push({ field: 'time', message: '会议时间应为 HH:mm 或 HH:mm—HH:mm' })
  }
  checkText(out, 'place', '会议地点', doc.place, { required: true, max: L.line })
  checkText(out, 'chair', '主持人', doc.chair, { required: true, max: L.name })
  checkText(out, 'recorder', '记录人', doc.recorder, { required: true, max: L.name })
  if (!Array.isArray(doc.attendees)) out.push({ field: 'attendees', message: '出席人员应为按所属方分组的列表' })
  else {
    doc.attendees.forEach((g, i) => {
      if (!ATTENDEE_PARTIES.includes(g?.party)) out.push({ field: `attendees.${i}.party`, message: `出席人员第 ${i + 1} 组的所属方无效：${String(g?.party)}` })
      checkNames(out, `attendees.${i}.names`, `出席人员（${PARTY_NAMES[g?.party] ?? `第 ${i + 1} 组`}）`, g?.names)
    })
    if (!doc.attendees.some((g) => Array.isArray(g?.names) && g.names.length)) out.push({ field: 'attendees', message: '出席人员不能为空' })
  }
  if (doc.leave !== undefined) {
    if (!Array.isArray(doc.leave)) out.push({ field: 'leave', message: '请假人员应为按所属方分组的列表' })
    else
      doc.leave.forEach((g, i) => {
        if (!(PERSON_PARTIES as readonly string[]).includes(g?.party)) out.push({ field: `leave.${i}.party`, message: `请假人员第 ${i + 1} 组的所属方无效：${String(g?.party)}` })
        checkNames(out, `leave.${i}.names`, `请假人员（${PARTY_NAMES[g?.party] ?? `第 ${i + 1} 组`}）`, g?.names)
      })
  }
  if (doc.observers !== undefined) {
    if (!Array.isArray(doc.observers)) out.push({ field: 'observers', message: '列席人员应为按类别分组的列表' })
    else
      doc.observers.forEach((g, i) => {
        if (!OBSERVER_KINDS.includes(g?.kind)) out.push({ field: `observers.${i}.kind`, message: `列席人员第 ${i + 1} 组的类别无效：${String(g?.kind)}` })
        checkNames(out, `observers.${i}.names`, `列席人员（${PARTY_NAMES[g?.kind] ?? `第 ${i + 1} 组`}）`, g?.names)
      })
  }
  checkText(out, 'intro', '导语', doc.intro, { required: true, max: L.intro })
  if (!Array.isArray(doc.items) || !doc.items.length) out.push({ field: 'items', message: '议定事项不能为空：至少需要一个议题' })
  else if (doc.items.length > L.items) out.push({ field: 'items', message: `议题不能超过 ${L.items} 个` })
  else
    doc.items.forEach((item, i) => {
      const at = `第 ${i + 1} 个议题`
      checkText(out, `items.${i}.title`, `${at}的标题`, item?.title, { required: true, max: L.title })
      checkText(out, `items.${i}.discussion`, `${at}的讨论情况`, item?.discussion, { max: L.text })
      checkText(out, `items.${i}.decision`, `${at}的议定事项`, item?.decision ?? '', { max: L.text })
      for (const [party, pos] of Object.entries(item?.positions ?? {})) {
        if (!PARTIES.includes(party as Party)) out.push({ field: `items.${i}.positions.${party}`, message: `${at}的表态中所属方无效：${party}` })
        else if (!POSITIONS.includes(pos as Position)) out.push({ field: `items.${i}.positions.${party}`, message: `${at}中${PARTY_NAMES[party as Party]}的表态无效：${String(pos)}` })
      }
      const tasks = item?.tasks ?? []
      if (!Array.isArray(tasks)) out.push({ field: `items.${i}.tasks`, message: `${at}的任务应为列表` })
      else if (tasks.length > L.tasks) out.push({ field: `items.${i}.tasks`, message: `${at}的任务不能超过 ${L.tasks} 项` })
      else
        tasks.forEach((t, j) => {
          const tAt = `${at}的第 ${j + 1} 项任务`
          checkText(out, `items.${i}.tasks.${j}.what`, `${tAt}的内容`, t?.what, { required: true, max: L.title * 5 })
          checkText(out, `items.${i}.tasks.${j}.owner`, `${tAt}的责任人`, t?.owner, { required: true, max: L.name })
          if (t?.party !== undefined && !PARTIES.includes(t.party)) out.push({ field: `items.${i}.tasks.${j}.party`, message: `${tAt}的所属方无效：${String(t.party)}` })
          checkDate(out, `items.${i}.tasks.${j}.due`, `${tAt}的完成时限`, t?.due)
        })
    })
  const v = doc.version
  if (v !== undefined) {
    if (!Number.isInteger(v.number) || v.number < 1) out.push({ field: 'version.number', message: '版本号应为正整数' })
    checkText(out, 'version.approvedBy', '批准人', v.approvedBy, { required: true, max: L.name })
    checkText(out, 'version.approvedAt', '批准时间', v.approvedAt, { required: true, max: 40 })
    if (typeof v.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(v.sha256)) out.push({ field: 'version.sha256', message: 'SHA-256 应为 64 位十六进制' })
    if (v.corrects !== undefined && (!Number.isInteger(v.corrects) || v.corrects < 1 || v.corrects >= v.number)) {
      out.push({ field: 'version.corrects', message: '所更正的版本应早于本版' })
    }
  }
  return out
}

export function checkSignInSheet(sheet: SignInSheet): DocProblem[] {
  const out: DocProblem[] = []
  checkText(out, 'title', '签到表标题', sheet.title, { required: true, max: L.mark })
  checkDate(out, 'date', '会议日期', sheet.date)
  checkText(out, 'place', '会议地点', sheet.place, { required: true, max: L.line })
  if (!Array.isArray(sheet.rows) || !sheet.rows.length) out.push({ field: 'rows', message: '签到表至少需要一行' })
  else if (sheet.rows.length > L.rows) out.push({ field: 'rows', message: `签到表不能超过 ${L.rows} 行` })
  else
    sheet.rows.forEach((r, i) => {
      checkText(out, `rows.${i}.name`, `第 ${i + 1} 行的姓名`, r?.name, { required: true, max: L.name })
      checkText(out, `rows.${i}.partyLabel`, `第 ${i + 1} 行的所属方`, r?.partyLabel, { required: true, max: L.line })
      checkText(out, `rows.${i}.role`, `第 ${i + 1} 行的职务`, r?.role, { max: L.line })
    })
  return out
}

/** Thrown by the renderers on bad input: `problems` name every field; the message lists them. */
export class MinutesDocError extends Error {
  constructor(readonly problems: DocProblem[]) {
    super(`无法导出：${problems.map((p) => p.message).join('；')}`)
    this.name = 'MinutesDocError'
  }
}

export function assertMinutesDoc(doc: MinutesDoc): void {
  const problems = checkMinutesDoc(doc)
  if (problems.length) throw new MinutesDocError(problems)
}

export function assertSignInSheet(sheet: SignInSheet): void {
  const problems = checkSignInSheet(sheet)
  if (problems.length) throw new MinutesDocError(problems)
}
