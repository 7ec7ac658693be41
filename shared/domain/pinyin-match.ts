// Filtering a select by what a secretary types during a phone call: the characters themselves
// (七口堰), full pinyin (qikouyan), initials (qky) or a mix (qkouy), any case, spaces ignored.
// pinyin-pro's `match` does the pinyin part (polyphonic characters included).
import { match } from 'pinyin-pro'

/** Typed text as compared: trimmed, lower case, no spaces. */
export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, '')
}

/** Whether `label` matches the typed query (an empty query matches everything). */
export function matchesQuery(label: string, query: string): boolean {
  const q = normalizeQuery(query)
  if (!q) return true
  const text = label.toLowerCase()
  if (text.replace(/\s+/g, '').includes(q)) return true
  // Pinyin only makes sense for letters; digits and CJK already had their chance above.
  if (!/^[a-zü:v]+$/.test(q)) return false
  return match(label, q, { precision: 'start', continuous: false }) !== null
}

/**
 * The options matching `query`, best first: labels starting with the typed characters or
 * whose pinyin starts with it come before matches in the middle; otherwise the given order.
 */
export function filterByQuery<T>(options: readonly T[], query: string, labelOf: (o: T) => string): T[] {
  const q = normalizeQuery(query)
  if (!q) return [...options]
  const hits = options.filter((o) => matchesQuery(labelOf(o), q))
  const starts = (o: T) => {
    const label = labelOf(o)
    if (label.toLowerCase().startsWith(q)) return 0
    const at = /^[a-zü:v]+$/.test(q) ? match(label, q, { precision: 'start', continuous: false }) : null
    return at && at[0] === 0 ? 0 : 1
  }
  return hits.map((o, i) => ({ o, i, s: starts(o) })).sort((a, b) => a.s - b.s || a.i - b.i).map((x) => x.o)
}
