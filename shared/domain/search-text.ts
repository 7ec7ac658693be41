// Chinese full-text search, the text side: normalising, index terms (Intl.Segmenter words plus
// character bigrams), query terms and highlight ranges. Pure functions, shared by the backend's
// index (electron/services/search-index.ts) and the tests; no IO.
//
// Why bigrams: a query of two characters (物业) is exactly one bigram, a longer one (安全隐患) is
// covered by its bigrams, so any length from two up finds every text that contains it, whatever
// the word segmenter made of either side. Segmenter words of three or more characters (幼儿园,
// 七口堰) are extra terms that only lift the score of texts holding the whole word.

/** Han characters (CJK ideographs) form runs that are cut into bigrams. */
const HAN = /\p{Script=Han}/u
/** Letters and digits form ASCII-ish runs kept whole (case numbers, 12345, 3栋 → "3"). */
const ALNUM = /[\p{L}\p{N}]/u

/** The character classes by code first (the index cuts ~10 million characters at 100k demands). */
function kindOf(ch: string): 'han' | 'alnum' | null {
  const c = ch.charCodeAt(0)
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 'alnum' : null
  if (c >= 0x4e00 && c <= 0x9fff) return 'han'
  if (c >= 0x3000 && c <= 0x303f) return null // CJK punctuation 、。《》「」
  if (c >= 0xff00 && c <= 0xffef) return null // full-width forms left after normalising: ，！（）
  return HAN.test(ch) ? 'han' : ALNUM.test(ch) ? 'alnum' : null
}

// Characters outside ASCII and the common ideographs, normalised once each: '' = unchanged.
const NORMAL_CHAR = new Map<number, string>()
function normalChar(code: number, ch: string): string {
  let n = NORMAL_CHAR.get(code)
  if (n === undefined) {
    const m = ch.normalize('NFKC').toLowerCase()
    n = m.length === 1 && m !== ch ? m : ''
    // lone surrogates and the like are not cached (their code is not the character)
    if (NORMAL_CHAR.size < 65_536) NORMAL_CHAR.set(code, n)
  }
  return n
}

/**
 * Per character: NFKC (full-width ＡＢ１２ → AB12) and lower case, but only when the result is one
 * UTF-16 unit, so offsets in the normalised text are offsets in the original (highlights).
 * Unchanged stretches are copied whole (CJK ideographs and lower-case ASCII are most of a text).
 */
export function normalizeSearchText(text: string): string {
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    let rep: string
    if (code < 0x80) {
      if (code < 65 || code > 90) continue
      rep = String.fromCharCode(code + 32)
    } else if (code >= 0x4e00 && code <= 0x9fff) continue
    else {
      rep = normalChar(code, text[i])
      if (!rep) continue
    }
    out += text.slice(from, i) + rep
    from = i + 1
  }
  return from === 0 ? text : out + text.slice(from)
}

type Run = { kind: 'han' | 'alnum'; text: string; start: number }

/** Splits normalised text into Han runs and letter/digit runs; everything else separates. */
function runsOf(text: string): Run[] {
  const runs: Run[] = []
  let kind: Run['kind'] | null = null
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    const k = i < text.length ? kindOf(text[i]) : null
    if (k === kind) continue
    if (kind) runs.push({ kind, text: text.slice(start, i), start })
    kind = k
    start = i
  }
  return runs
}

let segmenter: Intl.Segmenter | null = null
function words(text: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' })
  const out: string[] = []
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment)
  return out
}

// The segmenter's words of 3+ characters per Han run, once per distinct run: texts repeat their
// phrases (楼道灯不亮, 小区门口), and the segmenter is the costly part of indexing.
const LONG_WORDS = new Map<string, readonly string[]>()
const NO_WORDS: readonly string[] = []
function longWordsOf(run: string): readonly string[] {
  let ws = LONG_WORDS.get(run)
  if (!ws) {
    const found = words(run).filter((w) => w.length >= 3)
    ws = found.length ? found : NO_WORDS
    if (LONG_WORDS.size >= 100_000) LONG_WORDS.clear()
    LONG_WORDS.set(run, ws)
  }
  return ws
}

/**
 * The terms a text is indexed under: every Han bigram; a lone Han character and the last
 * character of each Han run (so a one-character query can prefix-match bigrams and still find a
 * character at the end of a run); segmenter words of 3+ Han characters; letter/digit runs whole.
 */
export function indexTerms(text: string): string[] {
  return indexTermsOfNormal(normalizeSearchText(text))
}

/** indexTerms of a text already normalised (normalizeSearchText). */
export function indexTermsOfNormal(norm: string): string[] {
  const terms: string[] = []
  let long: string[] | undefined
  for (const run of runsOf(norm)) {
    if (run.kind === 'alnum') {
      terms.push(run.text)
      continue
    }
    const t = run.text
    if (t.length === 1) {
      terms.push(t)
      continue
    }
    for (let i = 0; i + 1 < t.length; i++) terms.push(t.slice(i, i + 2))
    terms.push(t[t.length - 1])
    // A word lies within one Han run (a run ends where the script does), so each run is
    // segmented alone; the words go after all the bigrams, in text order.
    if (t.length >= 3) for (const w of longWordsOf(t)) (long ??= []).push(w)
  }
  if (long) for (const w of long) terms.push(w)
  return terms
}

/** One part of a query (split at spaces and punctuation) and the index terms that find it. */
export interface QueryPart {
  /** the normalised text a hit must contain */
  text: string
  /** terms that must all be in the index entry (bigrams covering the part, or an alnum run) */
  terms: string[]
  /** a lone character: matched as a prefix of bigrams (and the run-end unigram) */
  prefix: boolean
  /** a segmenter word of 3+ characters within the part: scores higher when present whole */
  boostWords: string[]
}

/** How long a query may be; longer input is cut (a description fragment pasted whole). */
export const QUERY_MAX = 100

/**
 * Parses a query: split at whitespace and punctuation into parts; each part must occur in a hit
 * (AND). A Han part is covered by bigrams at even offsets plus the last one (安全隐患 → 安全, 隐患;
 * 七口堰 → 七口, 口堰), fewer terms than every bigram with the same coverage.
 */
export function parseQuery(query: string): QueryPart[] {
  const norm = normalizeSearchText(query.slice(0, QUERY_MAX))
  const parts: QueryPart[] = []
  const seen = new Set<string>()
  for (const run of runsOf(norm)) {
    const t = run.text
    if (seen.has(`${run.kind}:${t}`)) continue
    seen.add(`${run.kind}:${t}`)
    if (run.kind === 'alnum') {
      parts.push({ text: t, terms: [t], prefix: false, boostWords: [] })
      continue
    }
    if (t.length === 1) {
      parts.push({ text: t, terms: [t], prefix: true, boostWords: [] })
      continue
    }
    const terms: string[] = []
    for (let i = 0; i + 1 < t.length; i += 2) terms.push(t.slice(i, i + 2))
    if (t.length % 2 === 1) terms.push(t.slice(t.length - 2))
    const boostWords = t.length >= 3 ? words(t).filter((w) => w.length >= 3) : []
    parts.push({ text: t, terms, prefix: false, boostWords })
  }
  // An alnum run glued to Han text (3栋) stays two parts; both must be found.
  return parts
}

/** Whether a normalised text contains every part of the query (the exact check after the index). */
export function matchesAll(normText: string, parts: readonly QueryPart[]): boolean {
  for (const p of parts) if (!normText.includes(p.text)) return false
  return true
}

/** [start, end) ranges of every occurrence of any part in `text`, merged and sorted. */
export function highlightRanges(text: string, parts: readonly Pick<QueryPart, 'text'>[]): Array<[number, number]> {
  const norm = normalizeSearchText(text)
  const ranges: Array<[number, number]> = []
  for (const { text: needle } of parts) {
    if (!needle) continue
    for (let at = norm.indexOf(needle); at >= 0; at = norm.indexOf(needle, at + needle.length)) {
      ranges.push([at, at + needle.length])
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: Array<[number, number]> = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}

/** A piece of a snippet: plain text, or a match to show in <mark>. The renderer never parses HTML. */
export interface SnippetPiece {
  text: string
  mark?: true
}

/**
 * A window of at most `max` characters around the first match, cut into plain and marked pieces
 * ('…' where the text was cut). Without a match: the start of the text.
 */
export function snippet(text: string, ranges: ReadonlyArray<readonly [number, number]>, max = 80): SnippetPiece[] {
  let start = 0
  if (ranges.length && text.length > max) {
    start = Math.max(0, Math.min(ranges[0][0] - Math.floor(max / 4), text.length - max))
  }
  const end = Math.min(text.length, start + max)
  const pieces: SnippetPiece[] = []
  const plain = (s: string) => {
    if (s) pieces.push({ text: s })
  }
  if (start > 0) plain('…')
  let at = start
  for (const [a, b] of ranges) {
    if (b <= start) continue
    if (a >= end) break
    const from = Math.max(a, start)
    const to = Math.min(b, end)
    plain(text.slice(at, from))
    pieces.push({ text: text.slice(from, to), mark: true })
    at = to
  }
  plain(text.slice(at, end))
  if (end < text.length) plain('…')
  // Adjacent plain pieces are joined so the renderer gets the fewest nodes.
  const joined: SnippetPiece[] = []
  for (const p of pieces) {
    const last = joined[joined.length - 1]
    if (last && !last.mark && !p.mark) last.text += p.text
    else joined.push({ ...p })
  }
  return joined
}
