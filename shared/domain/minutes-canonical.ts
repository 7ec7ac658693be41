// The canonical form of a version of the minutes: the exact text whose SHA-256 approval stores
// and shows. Anyone can recompute it from a snapshot (the .docx export, a later check):
//
//   JSON (RFC 8259) of the snapshot with
//   - object keys sorted by UTF-16 code unit order, at every depth;
//   - no whitespace between tokens (JSON.stringify without indentation);
//   - every string in Unicode NFC, line breaks as "\n" (CRLF and CR become LF);
//   - attendance sorted by party order (PERSON_PARTIES: the convener, the five parties, then 列席;
//     a kind added later never moves the others' relative order), then name;
//     items sorted by their order; every item's positions name all five parties;
//   - the fields of MinutesSnapshot only (no ids of people, no revisions, no times of saving);
//     `issue` (期号) only when the minutes carry one.
//
// The hash is sha256 over the UTF-8 bytes of that text, written as 64 lowercase hex digits.
import { PERSON_PARTIES, fullPositions, type MinutesSnapshot } from './meeting'

function canonicalValue(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n').normalize('NFC')
  if (Array.isArray(v)) return v.map(canonicalValue)
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, x]) => [k, canonicalValue(x)]))
  }
  return v
}

/** The snapshot in canonical order (attendance, items, positions), before serialising. */
export function normaliseSnapshot(s: MinutesSnapshot): MinutesSnapshot {
  const rank = (p: string) => (PERSON_PARTIES as readonly string[]).indexOf(p)
  return {
    meetingId: s.meetingId,
    version: s.version,
    title: s.title,
    level: s.level,
    startsAt: s.startsAt,
    place: s.place,
    chair: s.chair,
    recorder: s.recorder,
    attendance: [...s.attendance]
      .map((a) => ({ name: a.name, party: a.party, attendance: a.attendance }))
      .sort((a, b) => rank(a.party) - rank(b.party) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    items: [...s.items]
      .sort((a, b) => a.order - b.order)
      .map((i) => ({ order: i.order, title: i.title, notes: i.notes, positions: fullPositions(i.positions), decision: i.decision })),
    // 期号 only when set, so snapshots approved before it existed keep their hash.
    ...(s.issue ? { issue: s.issue } : {}),
  }
}

/** The canonical JSON text of a snapshot (see the top of this file). */
export function canonicalMinutes(s: MinutesSnapshot): string {
  // Keys are sorted at every depth, so the entries of each object are already in canonical order.
  return JSON.stringify(canonicalValue(normaliseSnapshot(s)))
}
