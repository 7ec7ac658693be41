// What makes two rows of an import the same demand: the fingerprint stored with an imported
// demand (the same file twice adds nothing), and, within one file, a cheap hash and an exact
// comparison of the same content.
import { hash } from 'node:crypto'
import type { DemandInput } from './import-fields'

/**
 * What makes two rows the same demand: the source and the normalised content (trimmed text,
 * phone as stored, the received instant whatever offset it was written with), hashed so the
 * stored fingerprint carries no personal data in clear text.
 */
export function fingerprintOf(input: DemandInput, sourceName: string): string {
  const content = [
    sourceName.trim(),
    input.communityId,
    input.compoundId ?? '',
    input.channel,
    input.category,
    input.reporterName,
    input.reporterPhone ?? '',
    input.reporterAddress ?? '',
    String(Date.parse(input.receivedAt)),
    input.description,
  ]
  // one-shot hash: an import fingerprints every row it writes
  return hash('sha256', JSON.stringify(content), 'base64url').slice(0, 32)
}

/**
 * Rows of one file (one source) with the same content as fingerprintOf hashes: true exactly when
 * their fingerprints are equal. Repeats within a file are found by contentHash and this, and the
 * SHA-256 is taken only for rows compared with stored fingerprints or written: JSON and a hash
 * per row were a third of a preview's time.
 */
export function sameContent(a: DemandInput, b: DemandInput): boolean {
  return (
    a.communityId === b.communityId &&
    (a.compoundId ?? '') === (b.compoundId ?? '') &&
    a.channel === b.channel &&
    a.category === b.category &&
    a.reporterName === b.reporterName &&
    (a.reporterPhone ?? '') === (b.reporterPhone ?? '') &&
    (a.reporterAddress ?? '') === (b.reporterAddress ?? '') &&
    a.description === b.description &&
    Date.parse(a.receivedAt) === Date.parse(b.receivedAt)
  )
}

/**
 * A 32-bit hash of that content (FNV-1a; equal for same content, no string made): a first sieve.
 * `ms`: Date.parse(receivedAt); `codes`: codesHash of its ids and codes, when the caller has them.
 */
export function contentHash(input: DemandInput, ms = Date.parse(input.receivedAt), codes = codesOf(input)): number {
  let h = codes
  h = mixText(h, input.reporterName)
  h = mixText(h, input.reporterPhone ?? '')
  h = mixText(h, input.reporterAddress ?? '')
  h = mixText(h, input.description)
  h = Math.imul(h ^ (ms % 0x40000000), 16777619)
  return Math.imul(h ^ Math.floor(ms / 0x40000000), 16777619) >>> 0
}

/** The part of contentHash for the ids and codes, from each one's codeHash (a field left out: codeHash('')). */
export function codesHash(community: number, compound: number, channel: number, category: number): number {
  let h = 0x811c9dc5
  h = Math.imul(h ^ community, 16777619)
  h = Math.imul(h ^ compound, 16777619)
  h = Math.imul(h ^ channel, 16777619)
  return Math.imul(h ^ category, 16777619)
}
const codesOf = (input: DemandInput) => codesHash(codeHash(input.communityId), codeHash(input.compoundId ?? ''), codeHash(input.channel), codeHash(input.category))

// Ids and codes (a file repeats a few of them) are hashed once each; texts as they come. The
// texts' loop sees few kinds of string, which the engine reads fast; one loop seeing every kind
// (ids, codes and texts) read each character several times slower (it was a fifth of a check).
const codeHashes = new Map<string, number>()
/** The hash of an id or a code (worked out once per value). */
export function codeHash(s: string): number {
  let h = codeHashes.get(s)
  if (h === undefined) {
    if (codeHashes.size > 10_000) codeHashes.clear()
    codeHashes.set(s, (h = mixCode(0x811c9dc5, s)))
  }
  return h
}
function mixCode(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  // the length ends the part, so text cannot run from one field into the next
  return Math.imul(h ^ (s.length + 0x10000), 16777619)
}
function mixText(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return Math.imul(h ^ (s.length + 0x10000), 16777619)
}
