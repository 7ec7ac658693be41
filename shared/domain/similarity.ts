// Duplicate suggestions (issue 9, item 6): how alike two demands are, and why, in words the
// secretary reads (内容相似 82% · 同一小区 · 同一电话 · 3 天内). Pure: the service compares phones
// itself and only passes `samePhone`, so no phone ever reaches this module's callers' results.

/** Characters that carry meaning: Han, letters and digits (punctuation and spaces are dropped). */
function meaningful(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '')
}

/** The set of character bigrams of a text (a one-character text is its own "bigram"). */
export function bigrams(text: string): Set<string> {
  const chars = [...meaningful(text)]
  const out = new Set<string>()
  if (chars.length === 1) out.add(chars[0])
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1])
  return out
}

/** Sørensen–Dice coefficient of two bigram sets, 0…1 (two empty texts are not alike: 0). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const g of small) if (large.has(g)) shared++
  return (2 * shared) / (a.size + b.size)
}

export function textSimilarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b))
}

/** Days within which two demands count as "close in time" (同一时段). */
export const SIMILAR_WINDOW_DAYS = 30
/** Text similarity from which a demand is suggested on its text alone. */
export const TEXT_THRESHOLD = 0.45
/** Lower text similarity suffices when the same compound or phone backs it up. */
export const BACKED_TEXT_THRESHOLD = 0.25
/** With the same phone within the window, a little shared wording suffices. */
export const PHONE_TEXT_THRESHOLD = 0.1
/** Final score from which a pair is suggested. */
export const SCORE_THRESHOLD = 0.45

export interface SimilarityFacts {
  /** Dice over character bigrams, 0…1. */
  text: number
  sameCompound: boolean
  samePhone: boolean
  /** Whole days between the two received times; null when one is unknown. */
  daysApart: number | null
}

export interface SimilarityResult {
  score: number
  /** Percent of text similarity, rounded (82 for 0.82). */
  textPercent: number
  reasons: string[]
  /** The reasons joined for display: 内容相似 82% · 同一小区 · 同一电话 · 3 天内 */
  reasonText: string
  suggested: boolean
}

/**
 * Combines the facts into one score. Text counts most; the same phone is strong evidence (the
 * same resident calling twice), the same compound and closeness in time add a little.
 */
export function scoreSimilarity(f: SimilarityFacts): SimilarityResult {
  const within = f.daysApart !== null && f.daysApart <= SIMILAR_WINDOW_DAYS
  let score = f.text
  if (f.samePhone) score += 0.3
  if (f.sameCompound) score += 0.1
  if (within) score += 0.05 * (1 - (f.daysApart ?? 0) / SIMILAR_WINDOW_DAYS)
  score = Math.min(1, score)
  const textPercent = Math.round(f.text * 100)
  const reasons: string[] = []
  if (textPercent > 0) reasons.push(`内容相似 ${textPercent}%`)
  if (f.sameCompound) reasons.push('同一小区')
  if (f.samePhone) reasons.push('同一电话')
  if (within) reasons.push(f.daysApart === 0 ? '同一天' : `${f.daysApart} 天内`)
  const backed = f.samePhone || f.sameCompound
  // The same resident calling again within the window is suggested even in other words.
  const suggested =
    (score >= SCORE_THRESHOLD && (f.text >= TEXT_THRESHOLD || (backed && f.text >= BACKED_TEXT_THRESHOLD))) ||
    (f.samePhone && within && f.text >= PHONE_TEXT_THRESHOLD)
  return { score: Math.round(score * 100) / 100, textPercent, reasons, reasonText: reasons.join(' · '), suggested }
}

/** Whole days between two ISO times (absolute), or null when either does not parse. */
export function daysBetween(a: string | undefined, b: string | undefined): number | null {
  if (!a || !b) return null
  const ta = Date.parse(a)
  const tb = Date.parse(b)
  if (Number.isNaN(ta) || Number.isNaN(tb)) return null
  return Math.floor(Math.abs(ta - tb) / 86_400_000)
}
