// 联席会议 (issue 10): the people directory, the meeting with its roster, agenda, chair state and
// minutes, and the pure rules the service and the UI share (quorum, text checks, version diff).
//
// Decisions:
// - Chair and recorder are people of the community's directory (they are named in the minutes and
//   sign them); approval names the signed-in operator who approved (approvedBy).
// - A meeting's file is `meetings/<communityId>/<year>.json`, the year of its first date, carried
//   in its id (`<communityId>~mt~<YYYY>~<random>`), so a later change of date never moves it (its
//   id stays, and carry-overs and open windows keep naming it); a list by year therefore reads
//   the year of `startsAt`, not the file's.
// - Minutes are plain text: stored as text, never rendered as HTML (the UI turns a paste from Word
//   into plain text); control characters other than tab and line breaks are refused.
import type { TopicLevel } from './entities'

export const PARTIES = ['compoundBranch', 'ownersCommittee', 'propertyCompany', 'socialOrganization', 'residentRep'] as const
export type Party = (typeof PARTIES)[number]
/**
 * 召集方: the community Party organisation (社区党委 / 党总支) convenes the five parties (五方联动).
 * It attends and is printed first in 出席, but is not one of the five (no position, not in the quorum).
 */
export const CONVENER_KINDS = ['communityParty'] as const
export type ConvenerKind = (typeof CONVENER_KINDS)[number]
/** Who may be listed under 出席 in the 纪要: the convener, then the five parties. */
export const ATTENDEE_PARTIES = [...CONVENER_KINDS, ...PARTIES] as const
export type AttendeeParty = (typeof ATTENDEE_PARTIES)[number]
/** 列席: present without being one of the five parties. */
export const OBSERVER_KINDS = ['sunkCadre', 'communityPolice', 'legalAdviser', 'gridWorker', 'streetStaff'] as const
export type ObserverKind = (typeof OBSERVER_KINDS)[number]
// In print order (出席, the sign-in sheet, canonical minutes): a new kind never moves the others' relative order.
export const PERSON_PARTIES = [...CONVENER_KINDS, ...PARTIES, ...OBSERVER_KINDS] as const
export type PersonParty = (typeof PERSON_PARTIES)[number]

export const PARTY_NAMES: Record<PersonParty, string> = {
  communityParty: '社区党组织',
  compoundBranch: '小区党支部',
  ownersCommittee: '业委会',
  propertyCompany: '物业服务企业',
  socialOrganization: '社会组织',
  residentRep: '居民代表',
  sunkCadre: '下沉党员干部',
  communityPolice: '社区民警',
  legalAdviser: '法律顾问',
  gridWorker: '网格员',
  streetStaff: '街道干部',
}

export const isParty = (p: string): p is Party => (PARTIES as readonly string[]).includes(p)

/** Which group a person's kind belongs to: 召集方 (the convener), 五方 or 列席. */
export const personGroup = (p: PersonParty): 'convener' | 'party' | 'observer' =>
  (CONVENER_KINDS as readonly string[]).includes(p) ? 'convener' : isParty(p) ? 'party' : 'observer'

export const ATTENDANCE = ['present', 'leave', 'absent'] as const
export type Attendance = (typeof ATTENDANCE)[number]
export const ATTENDANCE_NAMES: Record<Attendance, string> = { present: '出席', leave: '请假', absent: '缺席' }

export const MEETING_STATUSES = ['draft', 'ready', 'inProgress', 'ended'] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]
export const MEETING_STATUS_NAMES: Record<MeetingStatus, string> = { draft: '筹备中', ready: '待召开', inProgress: '进行中', ended: '已结束' }

export const POSITIONS = ['agree', 'reserve', 'oppose', 'none'] as const
export type Position = (typeof POSITIONS)[number]
export const POSITION_NAMES: Record<Position, string> = { agree: '同意', reserve: '保留', oppose: '反对', none: '未表态' }

export const MINUTES_STATUSES = ['draft', 'approved'] as const
export type MinutesStatus = (typeof MINUTES_STATUSES)[number]

export const PERSON_NAME_MAX = 20
export const PERSON_TEXT_MAX = 40
export const MEETING_TITLE_MAX = 60
export const MEETING_PLACE_MAX = 60
export const AGENDA_ITEMS_MAX = 30
export const ROSTER_MAX = 100
export const NOTES_MAX = 20000
export const DECISION_MAX = 2000
export const SPEAKERS_MAX = 50

/** One person of a community's directory. `phone` is personal: encrypted at rest, masked in views. */
export interface Person {
  id: string
  communityId: string
  name: string
  party: PersonParty
  phone?: string
  title?: string
  unit?: string
  active: boolean
  createdAt: string
  updatedAt: string
  revision: number
}

/** A person as lists show them: the phone masked (138****5678), never in clear. */
export type PersonView = Omit<Person, 'phone'> & { phone?: string }

export interface RosterEntry {
  personId: string
  attendance: Attendance
}

/** Recorded when the chair starts although some of the five parties have nobody present. */
export interface QuorumDecision {
  missingParties: Party[]
  proceededBy: { id: string; name: string }
  at: string
}

export interface AgendaItem {
  id: string
  kind: 'topic' | 'carryOver'
  /** kind topic: the confirmed topic discussed. */
  topicId?: string
  /** kind carryOver (上次议定事项落实情况): the earlier meeting's item whose decision is followed up. */
  carryOver?: { meetingId: string; itemId: string }
  title: string
  /** Minutes allotted (1–240). */
  minutes: number
  presenterId?: string
  /** 1, 2, … the order on the agenda. */
  order: number
  /**
   * When it was put on this agenda (street-local ISO). Absent on items set before this was
   * recorded: agendaAddedAt then falls back to the earliest moment it could have been put there.
   */
  addedAt?: string
}

/**
 * What the chair is doing, persisted so another window (the projector page) follows through
 * `changed` events. The timer of the current item: `itemElapsed` seconds before `itemStartedAt`
 * (null while paused); elapsed now = itemElapsed + (now − itemStartedAt).
 */
export interface ChairState {
  currentItemId: string | null
  itemStartedAt: string | null
  itemElapsed: number
  speakers: Array<{ personId: string; addedAt: string }>
}

export interface ItemMinutes {
  itemId: string
  notes: string
  /** Each of the five parties' position; a party not named is 未表态. */
  positions: Partial<Record<Party, Position>>
  decision: string
  /** Counts saves of this item (the minutes editors' revision check); 1 after the first save. */
  revision: number
  updatedAt: string
  updatedBy: string
}

/** The content of one version of the minutes as it is hashed, shown and compared. */
export interface MinutesSnapshot {
  meetingId: string
  version: number
  title: string
  level: TopicLevel
  startsAt: string
  place: string
  chair: string
  recorder: string
  attendance: Array<{ name: string; party: PersonParty; attendance: Attendance }>
  items: Array<{ order: number; title: string; notes: string; positions: Record<Party, Position>; decision: string }>
  /** 期号 (第3期), when the minutes carry one. */
  issue?: string
}

export interface Minutes {
  version: number
  /** A correction: the approved version it corrects. */
  correctionOf?: number
  correctionReason?: string
  status: MinutesStatus
  items: ItemMinutes[]
  createdAt: string
  approvedBy?: { id: string; name: string }
  approvedAt?: string
  /** sha256 (hex) of canonicalMinutes(snapshot), set on approval. */
  sha256?: string
  /** Frozen at approval: what was approved, readable after any later change. */
  snapshot?: MinutesSnapshot
  /** 期号 (第3期): given or numbered at approval, printed under the 纪要's mark; a correction keeps it. */
  issue?: string
}

/** The most characters a 期号 may have (第12期, 〔2026〕3号, 2026年第12期). */
export const MINUTES_ISSUE_MAX = 20

/**
 * The next 期号 of a community's minutes in one year: 第N期 after the highest 第N期 already used
 * (a 期号 worded otherwise does not take part in the numbering).
 */
export function nextMinutesIssue(used: Iterable<string>): string {
  let highest = 0
  for (const u of used) {
    const n = /第(\d+)期/.exec(u)
    if (n) highest = Math.max(highest, Number(n[1]))
  }
  return `第${highest + 1}期`
}

export interface Meeting {
  id: string
  communityId: string
  level: TopicLevel
  title: string
  startsAt: string
  place: string
  chairId: string
  recorderId: string
  roster: RosterEntry[]
  status: MeetingStatus
  quorum?: QuorumDecision
  agenda: AgendaItem[]
  chair: ChairState
  startedAt?: string
  endedAt?: string
  /** The current version (draft or approved). */
  minutes: Minutes
  /** Earlier approved versions, oldest first; each corrected by the next. */
  versions: Minutes[]
  createdAt: string
  updatedAt: string
  revision: number
}

/** The five parties with nobody present (people of 列席 do not count). */
export function missingParties(roster: readonly RosterEntry[], people: ReadonlyMap<string, Pick<Person, 'party'>>): Party[] {
  const present = new Set<string>()
  for (const r of roster) {
    const p = people.get(r.personId)
    if (p && r.attendance === 'present') present.add(p.party)
  }
  return PARTIES.filter((p) => !present.has(p))
}

export const partyList = (parties: readonly PersonParty[]) => parties.map((p) => PARTY_NAMES[p]).join('、')

/** A control character other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/** Plain text as stored: line breaks as \n, no control characters (null = acceptable). */
export function plainTextProblem(text: string, label: string): string | null {
  if (CONTROL.test(text)) return `${label}含有无法显示的控制字符，请删除后再保存`
  return null
}

export const normaliseText = (text: string) => text.replace(/\r\n?/g, '\n')

/** Positions with every party named (未表态 for those not given). */
export function fullPositions(p: Partial<Record<Party, Position>>): Record<Party, Position> {
  return Object.fromEntries(PARTIES.map((party) => [party, p[party] ?? 'none'])) as Record<Party, Position>
}

/** The agenda in its order. */
export const agendaInOrder = (agenda: readonly AgendaItem[]) => [...agenda].sort((a, b) => a.order - b.order)

/**
 * When `item` was put on the agenda, for 一事一档. Old items have no `addedAt`: the earliest moment
 * they could have been put there stands in — the later of the meeting's creation and `readySince`
 * (e.g. when the topic was confirmed) — capped at the meeting's start. Not the start itself: the
 * file would then list the agenda after what was done between putting it there and the meeting.
 */
export function agendaAddedAt(m: Pick<Meeting, 'createdAt' | 'startsAt'>, item: Pick<AgendaItem, 'addedAt'>, readySince?: string): string {
  if (item.addedAt) return item.addedAt
  const t = (iso: string) => Date.parse(iso)
  const earliest = readySince && t(readySince) > t(m.createdAt) ? readySince : m.createdAt
  return t(earliest) > t(m.startsAt) ? m.startsAt : earliest
}

/** What a carry-over item's stored title starts with (data, like the minutes: not a UI label). */
export const CARRY_OVER_PREFIX = '上次议定事项落实情况：'

/**
 * The default title of a carry-over item: the prefix and the earlier item's title, cut to the title
 * limit by characters (never inside a surrogate pair). The agenda editor shows what the service stores.
 */
export function carryOverTitle(earlierTitle: string): string {
  return [...`${CARRY_OVER_PREFIX}${earlierTitle}`].slice(0, MEETING_TITLE_MAX).join('')
}

/** Elapsed seconds of the current item at `now`. */
export function itemElapsedAt(chair: ChairState, now: Date): number {
  if (!chair.itemStartedAt) return chair.itemElapsed
  return chair.itemElapsed + Math.max(0, Math.floor((now.getTime() - Date.parse(chair.itemStartedAt)) / 1000))
}

/** Agenda items whose minutes have no decision (议定事项), in agenda order. */
export function itemsWithoutDecision(meeting: Pick<Meeting, 'agenda' | 'minutes'>): AgendaItem[] {
  return agendaInOrder(meeting.agenda).filter((item) => {
    const m = meeting.minutes.items.find((x) => x.itemId === item.id)
    return !m || m.decision.trim() === ''
  })
}

// ---- differences between two versions of the minutes ----

export type LineChange = { op: 'same' | 'add' | 'remove'; text: string }

/** Line diff (longest common subsequence): what was removed from `a` and added in `b`. */
export function diffLines(a: string, b: string): LineChange[] {
  const x = a === '' ? [] : a.split('\n')
  const y = b === '' ? [] : b.split('\n')
  const n = x.length
  const m = y.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
  const out: LineChange[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: 'same', text: x[i] })
      i++
      j++
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: 'remove', text: x[i++] })
    else out.push({ op: 'add', text: y[j++] })
  }
  while (i < n) out.push({ op: 'remove', text: x[i++] })
  while (j < m) out.push({ op: 'add', text: y[j++] })
  return out
}

export type MinutesChange =
  | { field: 'title' | 'place' | 'startsAt' | 'chair' | 'recorder'; from: string; to: string }
  | { field: 'attendance'; name: string; from: Attendance | null; to: Attendance | null }
  | { field: 'item'; title: string; from: number | null; to: number | null }
  | { field: 'notes' | 'decision'; title: string; lines: LineChange[] }
  | { field: 'position'; title: string; party: Party; from: Position; to: Position }

/**
 * What changed from version `a` to version `b` of the minutes. Items are matched by title (an item
 * keeps its title across a correction), attendance by name. Empty = no difference.
 */
export function diffMinutes(a: MinutesSnapshot, b: MinutesSnapshot): MinutesChange[] {
  const out: MinutesChange[] = []
  for (const field of ['title', 'place', 'startsAt', 'chair', 'recorder'] as const) {
    if (a[field] !== b[field]) out.push({ field, from: a[field], to: b[field] })
  }
  const attA = new Map(a.attendance.map((p) => [p.name, p.attendance]))
  const attB = new Map(b.attendance.map((p) => [p.name, p.attendance]))
  for (const name of new Set([...attA.keys(), ...attB.keys()])) {
    const from = attA.get(name) ?? null
    const to = attB.get(name) ?? null
    if (from !== to) out.push({ field: 'attendance', name, from, to })
  }
  const itemsB = new Map(b.items.map((i) => [i.title, i]))
  const itemsA = new Map(a.items.map((i) => [i.title, i]))
  for (const ia of a.items) {
    const ib = itemsB.get(ia.title)
    if (!ib) {
      out.push({ field: 'item', title: ia.title, from: ia.order, to: null })
      continue
    }
    if (ia.order !== ib.order) out.push({ field: 'item', title: ia.title, from: ia.order, to: ib.order })
    if (ia.notes !== ib.notes) out.push({ field: 'notes', title: ia.title, lines: diffLines(ia.notes, ib.notes) })
    for (const party of PARTIES) {
      if (ia.positions[party] !== ib.positions[party]) out.push({ field: 'position', title: ia.title, party, from: ia.positions[party], to: ib.positions[party] })
    }
    if (ia.decision !== ib.decision) out.push({ field: 'decision', title: ia.title, lines: diffLines(ia.decision, ib.decision) })
  }
  for (const ib of b.items) if (!itemsA.has(ib.title)) out.push({ field: 'item', title: ib.title, from: null, to: ib.order })
  return out
}
