// demandCreateInput (the form's schema, shared/contract/demand.ts) applied one field at a time,
// with shortcuts for the values import rows carry most. What a row check (import-rows.ts) needs:
// the same data and the same issues, in the same order, as the whole parse.
import type { z } from 'zod'
import { demandCreateInput } from '../../shared/contract/demand'
import type { ParsedOf } from '../../shared/contract'
import { isBlank } from '../../shared/domain/import-mapping'

export type DemandInput = ParsedOf<'demand:create'>

// The form's schema, applied field by field. A whole strictObject parse costs ~5 µs a row when
// zod runs jitless (the renderer's CSP), ten times its fields' own parses; field by field gives
// the same data and the same issues, in the same order, as long as the object adds no rule of
// its own (checked here once: otherwise every row takes the whole-object parse).
const SHAPE = demandCreateInput.shape as unknown as Record<string, z.ZodType>
const SHAPE_KEYS = Object.keys(SHAPE)
// Keys that may be left out: their schema takes undefined and gives nothing (schemas are pure).
const ABSENT_OK = new Set(
  SHAPE_KEYS.filter((k) => {
    const r = SHAPE[k].safeParse(undefined)
    return r.success && r.data === undefined
  }),
)
const objectDef = demandCreateInput._zod.def as { checks?: unknown[]; catchall?: { _zod: { def: { type: string } } } }
export const FIELDWISE_PARSE = !objectDef.checks?.length && objectDef.catchall?._zod.def.type === 'never'

// The two costly fields (a phone is read by parsePhone through a zod transform; a time by two
// regexes and three Date.parse through a pipe) take a shortcut for the values an import gives
// them most: an 11-digit mobile, with or without separators; a time as parseImportDate writes it
// (seconds and offset). The shortcut only ever accepts, with the schema's own result (a unit
// test compares both over many values); anything else goes through the schema.
const NOT_SHORT = Symbol('not short')
const isDigit = (c: number) => c >= 0x30 && c <= 0x39
/** ASCII digits from `from` to `to` (excluded) */
function digits(v: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(v.charCodeAt(i))) return false
  return true
}
/**
 * /^\d{4}-(?:0[1-9]|1[0-2])-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$/.test(v), by character codes
 * (the expression was a tenth of a row's check)
 */
function isIsoWithOffset(v: string): boolean {
  const n = v.length
  if (n !== 20 && n !== 25) return false
  if (!digits(v, 0, 4) || v.charCodeAt(4) !== 0x2d || v.charCodeAt(7) !== 0x2d || v.charCodeAt(10) !== 0x54) return false
  const m0 = v.charCodeAt(5)
  const m1 = v.charCodeAt(6)
  if (!(m0 === 0x30 ? m1 >= 0x31 && m1 <= 0x39 : m0 === 0x31 && m1 >= 0x30 && m1 <= 0x32)) return false
  if (!digits(v, 8, 10) || !digits(v, 11, 13) || v.charCodeAt(13) !== 0x3a || !digits(v, 14, 16) || v.charCodeAt(16) !== 0x3a || !digits(v, 17, 19)) return false
  const z = v.charCodeAt(19)
  if (n === 20) return z === 0x5a
  return (z === 0x2b || z === 0x2d) && digits(v, 20, 22) && v.charCodeAt(22) === 0x3a && digits(v, 23, 25)
}
const EARLIEST_MS = Date.parse('2000-01-01T00:00:00+08:00')
const SHORTCUTS: Record<string, (v: unknown, ms?: number) => unknown> = {
  reporterPhone(v) {
    if (typeof v !== 'string' || v.charCodeAt(0) !== 0x31) return NOT_SHORT
    // /^1\d{10}$/
    if (v.length === 11) return digits(v, 1, 11) ? v : NOT_SHORT
    // /^1\d\d([ -]?)\d{4}\1\d{4}$/ with a separator: its 11 digits, as one new string
    if (v.length !== 13) return NOT_SHORT
    const sep = v.charCodeAt(3)
    if ((sep !== 0x20 && sep !== 0x2d) || v.charCodeAt(8) !== sep || !digits(v, 1, 3) || !digits(v, 4, 8) || !digits(v, 9, 13)) return NOT_SHORT
    return String.fromCharCode(
      v.charCodeAt(0), v.charCodeAt(1), v.charCodeAt(2),
      v.charCodeAt(4), v.charCodeAt(5), v.charCodeAt(6), v.charCodeAt(7),
      v.charCodeAt(9), v.charCodeAt(10), v.charCodeAt(11), v.charCodeAt(12),
    )
  },
  // ms: Date.parse(v), when the caller has it
  receivedAt(v, ms) {
    if (typeof v !== 'string' || !isIsoWithOffset(v)) return NOT_SHORT
    return (ms ?? Date.parse(v)) >= EARLIEST_MS ? v : NOT_SHORT
  },
}
// The plain fields (ids, enums, trimmed texts with a length) are read off their own schema once:
// a string with only trim-like overwrites and length checks, or an enum, is checked here with
// the schema's own numbers and values; any other rule leaves the field to zod.
type ZodDef = { type: string; innerType?: { _zod: { def: ZodDef } }; entries?: Record<string, unknown>; checks?: Array<{ _zod: { def: CheckDef } }>; coerce?: boolean }
type CheckDef = { check: string; minimum?: number; maximum?: number; tx?: (v: string) => string; when?: unknown }
function plainShortcut(schema: z.ZodType): ((v: unknown) => unknown) | undefined {
  let def = schema._zod.def as unknown as ZodDef
  if (def.type === 'optional' && def.innerType) def = def.innerType._zod.def
  if (def.type === 'enum' && def.entries && !def.checks?.length) {
    const values = new Set(Object.values(def.entries))
    return (v) => (values.has(v) ? v : NOT_SHORT)
  }
  if (def.type !== 'string' || def.coerce) return undefined
  const checks = (def.checks ?? []).map((c) => c._zod.def)
  if (checks.some((c) => !['overwrite', 'min_length', 'max_length'].includes(c.check) || (c.check === 'overwrite' && !c.tx))) return undefined
  const overwrites = checks.filter((c) => c.check === 'overwrite').map((c) => c.tx!)
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum!))
  const max = Math.min(Infinity, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum!))
  // zod's length checks apply `when` the value has a length; a check that would not apply
  // leaves the value to zod
  const whens = checks.map((c) => c.when).filter((w): w is (p: { value: unknown }) => boolean => typeof w === 'function')
  if (whens.length !== checks.filter((c) => c.when !== undefined).length) return undefined
  const payload = { value: '' as unknown, issues: [] as unknown[] }
  // zod's trim and its "has a length" condition, known by what they do (every row calls them)
  if (overwrites.every(isTrim) && whens.every(alwaysForText)) {
    return (v) => {
      if (typeof v !== 'string' || v.length < min || v.length > max) return NOT_SHORT
      // a value trim leaves as it is passes the length checks as is
      return overwrites.length && v.length && (isBlank(v.charCodeAt(0)) || isBlank(v.charCodeAt(v.length - 1))) ? NOT_SHORT : v
    }
  }
  return (v) => {
    if (typeof v !== 'string' || v.length < min || v.length > max) return NOT_SHORT
    payload.value = v
    for (const when of whens) if (when(payload) !== true) return NOT_SHORT
    // a value the overwrites leave as it is (trim of trimmed text) passes the length checks as is
    for (const tx of overwrites) if (tx(v) !== v) return NOT_SHORT
    return v
  }
}
// Texts that tell trim from anything else (every kind of blank at either end, inside, none).
const TRIM_PROBES = ['', 'a', ' a ', 'a b', '\t\u3000a\u00a0', '\ufeff字\u2028', '\u200ba\u200b', '\r\n', 'a\u3000', '\u1680x\u205f']
const isTrim = (tx: (v: string) => string) => TRIM_PROBES.every((p) => tx(p) === p.trim())
const alwaysForText = (when: (p: { value: unknown; issues: unknown[] }) => boolean) => TRIM_PROBES.every((p) => when({ value: p, issues: [] }) === true)
for (const key of SHAPE_KEYS) {
  if (SHORTCUTS[key]) continue
  const short = plainShortcut(SHAPE[key])
  if (short) SHORTCUTS[key] = short
}

/** For the test: the shortcut's answer for one field (undefined: it leaves the value to zod). */
export function shortcutOf(key: string, value: unknown): { data: unknown } | undefined {
  const r = SHORTCUTS[key]?.(value) ?? NOT_SHORT
  return r === NOT_SHORT ? undefined : { data: r }
}

export type FieldIssue = { key: string; message: string }
export type FieldsParse = { ok: true; data: DemandInput } | { ok: false; issues: FieldIssue[] }

const KEY_INDEX = new Map(SHAPE_KEYS.map((k, i) => [k, i]))

/**
 * demandCreateInput.safeParse(candidate), field by field (same data, same issues in order). When
 * the candidate's keys are in the schema's order and every missing one may be missing, the data
 * is the candidate itself, its values replaced by the parsed ones (no second object per row).
 */
export function parseDemandFields(candidate: Record<string, unknown>): FieldsParse {
  if (FIELDWISE_PARSE) {
    let count = 0
    let last = -1
    let inPlace = true
    let unknown = false
    for (const key in candidate) {
      const i = KEY_INDEX.get(key)
      if (i === undefined) {
        unknown = true
        break
      }
      if (i < last) inPlace = false
      last = i
      count++
    }
    // an unknown key is the object's own issue: leave it to the whole parse
    if (!unknown) {
      if (count < SHAPE_KEYS.length) for (const key of SHAPE_KEYS) if (!(key in candidate) && !ABSENT_OK.has(key)) inPlace = false
      const data: Record<string, unknown> = inPlace ? candidate : {}
      let issues: FieldIssue[] | undefined
      for (const key of SHAPE_KEYS) {
        const present = key in candidate
        if (!present && ABSENT_OK.has(key)) continue
        const short = present ? SHORTCUTS[key]?.(candidate[key]) : undefined
        if (short !== undefined && short !== NOT_SHORT) {
          data[key] = short
          continue
        }
        const r = SHAPE[key].safeParse(candidate[key])
        if (!r.success) {
          issues ??= []
          for (const issue of r.error.issues) issues.push({ key, message: issue.message })
        } else if (present || r.data !== undefined) data[key] = r.data
      }
      return issues ? { ok: false, issues } : { ok: true, data: data as DemandInput }
    }
  }
  const r = demandCreateInput.safeParse(candidate)
  if (r.success) return { ok: true, data: r.data }
  return { ok: false, issues: r.error.issues.map((i) => ({ key: String(i.path[0] ?? ''), message: i.message })) }
}

/** parseField's answer for a value its field refuses. */
export const FIELD_FAILED: unique symbol = Symbol('field failed')

/**
 * One field of demandCreateInput applied to a value that is there, as parseDemandFields does it
 * (shortcut, else the field's own schema): the parsed value, or FIELD_FAILED with the field's
 * messages added to `messages` in order. For a row check that needs no candidate object.
 * `ms`: Date.parse(value) of a time the caller has already read.
 */
export function parseField(key: string, value: unknown, messages: string[], ms?: number): unknown {
  const short = SHORTCUTS[key]?.(value, ms)
  if (short !== undefined && short !== NOT_SHORT) return short
  return parseBySchema(key, value, messages)
}

/** parseField without the shortcut (for a caller that has tried it: shortcutFor). */
export function parseBySchema(key: string, value: unknown, messages: string[]): unknown {
  const r = SHAPE[key].safeParse(value)
  if (r.success) return r.data
  for (const issue of r.error.issues) messages.push(issue.message)
  return FIELD_FAILED
}

const noShortcut = () => NOT_SHORT

/**
 * The shortcut of one field: its value, or SHORTCUT_UNDECIDED (the schema decides: parseBySchema).
 * A caller that keeps one per field calls each from its own place, where the engine can inline it.
 */
export function shortcutFor(key: string): (value: unknown, ms?: number) => unknown {
  return SHORTCUTS[key] ?? noShortcut
}
export const SHORTCUT_UNDECIDED: symbol = NOT_SHORT

/** May this key of demandCreateInput be left out (its schema takes undefined and gives nothing)? */
export const mayBeAbsent = (key: string): boolean => ABSENT_OK.has(key)

/** demandCreateInput's keys, in order. */
export const DEMAND_KEYS: readonly string[] = SHAPE_KEYS
