// Readable case numbers: 七口堰-2026-0042 = community name without its trailing 社区, the year the
// demand was received (in the street's time zone), a sequence per community and year. Sequences
// are allocated by the services (electron/services/case-numbers.ts): unique, never reused, gaps
// allowed (a number taken by a write that then failed is not given out again).

export const CASE_SEQ_DIGITS = 4

/** 七口堰社区 -> 七口堰; a name that is only 社区 (or ends nowhere) stays as it is. */
export function caseNoPrefix(communityName: string): string {
  const name = communityName.trim().replace(/[\s-]+/g, '')
  return name.length > 2 && name.endsWith('社区') ? name.slice(0, -2) : name || '社区'
}

/** 七口堰社区, 2026, 42 -> 七口堰-2026-0042 (5 digits and more once a year passes 9999). */
export function formatCaseNo(communityName: string, year: number | string, seq: number): string {
  return `${caseNoPrefix(communityName)}-${year}-${String(seq).padStart(CASE_SEQ_DIGITS, '0')}`
}

const CASE_NO_RE = /^(.+)-(\d{4})-(\d{4,})$/

/** 七口堰-2026-0042 -> { prefix: 七口堰, year: 2026, seq: 42 }; null when it is not one. */
export function parseCaseNo(caseNo: string): { prefix: string; year: number; seq: number } | null {
  const m = CASE_NO_RE.exec(caseNo)
  return m ? { prefix: m[1], year: Number(m[2]), seq: Number(m[3]) } : null
}

/** How a demand is named in messages and audit entries: its case number, else its id. */
export function demandLabel(d: { id: string; caseNo?: string }): string {
  return d.caseNo ?? d.id
}

/**
 * Numbers demands that have no case number, per community and year of their month, in order of
 * (receivedAt, id), from 1 (or after the highest number already among them). Used for generated
 * data (the sample street); returns new objects, the input is not changed.
 */
export function numberInOrder<T extends { id: string; communityId: string; receivedAt: string; caseNo?: string }>(
  demands: readonly T[],
  nameOf: (communityId: string) => string,
  yearOf: (d: T) => string,
): T[] {
  const next = new Map<string, number>()
  for (const d of demands) {
    const p = d.caseNo ? parseCaseNo(d.caseNo) : null
    const key = `${d.communityId}:${yearOf(d)}`
    if (p) next.set(key, Math.max(next.get(key) ?? 1, p.seq + 1))
  }
  const order = [...demands.keys()].sort((a, b) => {
    const x = demands[a]
    const y = demands[b]
    return Date.parse(x.receivedAt) - Date.parse(y.receivedAt) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  })
  const out = demands.map((d) => ({ ...d }))
  for (const i of order) {
    const d = out[i]
    if (d.caseNo) continue
    const year = yearOf(d)
    const key = `${d.communityId}:${year}`
    const seq = next.get(key) ?? 1
    next.set(key, seq + 1)
    d.caseNo = formatCaseNo(nameOf(d.communityId), year, seq)
  }
  return out
}
