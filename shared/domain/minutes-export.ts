// Meeting → what the exports print: the one place that maps a meeting and one version of its
// minutes to a MinutesDoc (纪要) and a meeting's roster to a SignInSheet (签到表). Pure; the
// meeting service calls it for the .docx, the print view (PDF) and the sign-in sheet alike.
//
// Decisions:
// - The minutes are printed from a MinutesSnapshot: the frozen one of an approved version, or the
//   live one of a draft (the same shape), so an approved version always prints what was approved.
// - Each item lists the tasks made from its decision (任务分工: who, what, by when) as they stand
//   when exported (`withTasks`); they are not part of the approved snapshot or its hash.
// - A draft prints "（草稿，未经审定）" under the mark and no version line; an approved version
//   prints its number, who approved it, when, and its SHA-256.
import type { TopicLevel } from './entities'
import {
  ATTENDEE_PARTIES,
  OBSERVER_KINDS,
  PARTIES,
  PARTY_NAMES,
  PERSON_PARTIES,
  isParty,
  personGroup,
  type Minutes,
  type MinutesSnapshot,
  type ObserverKind,
  type PersonParty,
} from './meeting'
import { chineseDate, MINUTES_LIMITS, type MinutesDoc, type MinutesTask, type SignInSheet } from './minutes-doc'
import type { Task } from './task'
import { formatStreetTime } from './street-time'

/** What follows the community's name in the 纪要标志 and the sign-in sheet's title. */
export const MARK_SUFFIX: Record<TopicLevel, string> = {
  compound: '小区议事会',
  community: '联席会议',
  street: '街道联席会议',
}

export const DRAFT_ISSUE = '（草稿，未经审定）'

/** 2026-05-25T14:30:00+08:00 → 2026-05-25 (the wall-clock date as stored). */
const datePart = (iso: string) => iso.slice(0, 10)
/** 2026-05-25T14:30:00+08:00 → 14:30. */
const timePart = (iso: string) => iso.slice(11, 16)

/** 七口堰社区联席会议 (the street level has no community in its name). */
export function meetingHeading(level: TopicLevel, communityName: string): string {
  return level === 'street' ? MARK_SUFFIX.street : `${communityName}${MARK_SUFFIX[level]}`
}

/** Cuts a text to `max` characters (code points), marking the cut with …. */
function clip(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

export interface MinutesDocOptions {
  communityName: string
  /** The version printed: its status, approval and what it corrects. */
  minutes: Pick<Minutes, 'version' | 'status' | 'approvedBy' | 'approvedAt' | 'sha256' | 'correctionOf'>
  /** When the meeting was started and ended in the app: the time printed is the time held (14:31—16:05). */
  startedAt?: string
  /** When the meeting ended (the time printed as 14:30—16:05 when on the same day). */
  endedAt?: string
  /** The street's time zone: the approval time is printed on its wall clock (stored with the computer's offset). */
  timeZone?: string
}

/** The 纪要 of one version of a meeting's minutes. */
export function minutesDocOf(s: MinutesSnapshot, opts: MinutesDocOptions): MinutesDoc {
  const heading = meetingHeading(s.level, opts.communityName)
  // The time held when the meeting was run in the app (start and end both actual), else the time it was called for.
  const started = formatStreetTime(opts.startedAt, opts.timeZone)
  const date = started ? started.slice(0, 10) : datePart(s.startsAt)
  const start = started ? started.slice(11, 16) : timePart(s.startsAt)
  // endedAt is a stamp with the computer's offset: read on the street's wall clock ("2026-05-25 16:05")
  const ended = formatStreetTime(opts.endedAt, opts.timeZone)
  const end = ended && ended.slice(0, 10) === date && ended.slice(11, 16) > start ? ended.slice(11, 16) : ''
  const present = s.attendance.filter((a) => a.attendance === 'present')
  const attendees = ATTENDEE_PARTIES.map((party) => ({ party, names: present.filter((a) => a.party === party).map((a) => a.name) })).filter((g) => g.names.length)
  const observers = OBSERVER_KINDS.map((kind: ObserverKind) => ({ kind, names: present.filter((a) => a.party === kind).map((a) => a.name) })).filter((g) => g.names.length)
  const onLeave = s.attendance.filter((a) => a.attendance === 'leave')
  const leave = PERSON_PARTIES.map((party) => ({ party, names: onLeave.filter((a) => a.party === party).map((a) => a.name) })).filter((g) => g.names.length)

  const titles = s.items.map((i) => `“${i.title}”`)
  const lead = `${chineseDate(date)}，${s.chair}主持召开${s.title}`
  // Chinese report typesetting: no spaces around the figure (共3项议题).
  let topics = `研究了${titles.join('、')}${titles.length > 1 ? `共${titles.length}项议题` : ''}。`
  if (Array.from(lead + topics).length > MINUTES_LIMITS.intro - 20) topics = `研究了${titles[0] ?? ''}等${titles.length}项议题。`
  const doc: MinutesDoc = {
    mark: clip(`${heading}纪要`, MINUTES_LIMITS.mark),
    date,
    time: end ? `${start}—${end}` : start,
    place: s.place,
    chair: s.chair,
    recorder: s.recorder,
    attendees,
    intro: `${lead}，${topics}`,
    items: s.items.map((item) => {
      const recorded = PARTIES.some((p) => item.positions[p] !== 'none')
      return {
        title: clip(item.title, MINUTES_LIMITS.title),
        discussion: item.notes,
        ...(recorded ? { positions: { ...item.positions } } : {}),
        decision: item.decision,
      }
    }),
  }
  if (leave.length) doc.leave = leave
  if (observers.length) doc.observers = observers
  const m = opts.minutes
  if (m.status === 'approved' && m.sha256) {
    doc.version = {
      number: m.version,
      approvedBy: m.approvedBy?.name ?? '',
      approvedAt: formatStreetTime(m.approvedAt, opts.timeZone),
      sha256: m.sha256,
      ...(m.correctionOf ? { corrects: m.correctionOf } : {}),
    }
    // The 期号 line: 第3期, and a correction says which version it is (第3期 第2版（更正第1版）).
    const line = [s.issue, m.version > 1 ? `第${m.version}版（更正第${m.correctionOf ?? m.version - 1}版）` : ''].filter(Boolean).join('\u3000')
    if (line) doc.issue = line
  } else doc.issue = s.issue ? `${s.issue}\u3000${DRAFT_ISSUE}` : DRAFT_ISSUE
  return doc
}

export interface SignInPerson {
  name: string
  party: PersonParty
  title?: string
}


/** The 签到表 of a meeting: everyone on its roster (a sheet is signed at the door). */
export function signInSheetOf(
  m: { level: TopicLevel; startsAt: string; place: string; roster: ReadonlyArray<{ personId: string }> },
  people: ReadonlyMap<string, SignInPerson>,
  communityName: string,
): SignInSheet {
  const rows = m.roster
    .map((r, i) => ({ p: people.get(r.personId), i }))
    .filter((x): x is { p: SignInPerson; i: number } => !!x.p)
    // the convener, the five parties, then 列席 (PERSON_PARTIES' order), each in roster order
    .sort((a, b) => PERSON_PARTIES.indexOf(a.p.party) - PERSON_PARTIES.indexOf(b.p.party) || a.i - b.i)
    .map(({ p }) => ({
      name: p.name,
      partyLabel: personGroup(p.party) === 'observer' ? `列席（${PARTY_NAMES[p.party]}）` : PARTY_NAMES[p.party],
      ...(p.title?.trim() ? { role: p.title.trim() } : {}),
    }))
  return {
    title: clip(`${meetingHeading(m.level, communityName)}签到表`, MINUTES_LIMITS.mark),
    date: datePart(m.startsAt),
    time: timePart(m.startsAt),
    place: m.place,
    rows,
  }
}

/** A file name without characters Windows refuses: 五月联席会议-纪要-第1版.docx */
export function exportFileName(title: string, what: string, ext: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '会议'
  return `${clip(safe, 40)}-${what}.${ext}`
}

/**
 * The 纪要 with each item's 任务分工: the tasks made from that agenda item of this meeting, by
 * deadline. A department's or the street's task names its unit after the person (a party's
 * takes the party's name in the line).
 */
export function withTasks(doc: MinutesDoc, s: MinutesSnapshot, agenda: ReadonlyArray<{ id: string; order: number }>, meetingId: string, tasks: readonly Task[]): MinutesDoc {
  const orderOf = new Map(agenda.map((a) => [a.id, a.order]))
  const byOrder = new Map<number, Task[]>()
  for (const t of tasks) {
    if (t.source?.meetingId !== meetingId) continue
    const order = orderOf.get(t.source.itemId)
    if (order !== undefined) byOrder.set(order, [...(byOrder.get(order) ?? []), t])
  }
  const line = (t: Task): MinutesTask => {
    const unit = t.party === 'department' ? t.unit : t.party === 'street' ? '街道' : undefined
    return { what: t.title, owner: clip(unit ? `${t.owner}（${unit}）` : t.owner, MINUTES_LIMITS.name), ...(isParty(t.party) ? { party: t.party } : {}), due: t.deadline }
  }
  return {
    ...doc,
    items: doc.items.map((item, i) => {
      const list = (byOrder.get(s.items[i]?.order ?? -1) ?? []).sort((a, b) => a.deadline.localeCompare(b.deadline) || a.createdAt.localeCompare(b.createdAt))
      return list.length ? { ...item, tasks: list.slice(0, MINUTES_LIMITS.tasks).map(line) } : item
    }),
  }
}
