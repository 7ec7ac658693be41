// "Nothing lost" after a CONFLICT: an edit form was filled from a record that someone else has since
// saved. The user's typing is put on top of the record as it is now — a field the user changed
// keeps their value, every other field takes the latest one — and the fields the other change
// touched are named, so the user sees what differs before saving again on the new revision.

export interface Rebased<T> {
  /** What the form shows now: the user's changes on top of the latest record. */
  model: T
  /** Fields the other change touched, in the form's order. */
  theirs: Array<keyof T & string>
  /** Of those, the ones the user changed too, to something else: the user's value is kept. */
  both: Array<keyof T & string>
}

/** Deep equality of form values (strings, numbers, null, rows of them). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/**
 * Rebases the user's edit: `base` is what the form was filled from, `mine` what is typed now,
 * `latest` the record as saved meanwhile (all three as form fields, same keys).
 */
export function rebaseEdit<T extends object>(base: T, mine: T, latest: T): Rebased<T> {
  const model = { ...latest }
  const theirs: Array<keyof T & string> = []
  const both: Array<keyof T & string> = []
  for (const key of Object.keys(latest) as Array<keyof T & string>) {
    const mineChanged = !sameValue(mine[key], base[key])
    if (mineChanged) model[key] = structuredCloneValue(mine[key])
    if (sameValue(latest[key], base[key])) continue
    theirs.push(key)
    if (mineChanged && !sameValue(mine[key], latest[key])) both.push(key)
  }
  return { model, theirs, both }
}

/** A copy of a form value, so the form's rows are not shared with what was typed before. */
function structuredCloneValue<V>(v: V): V {
  if (v instanceof Date) return new Date(v.getTime()) as V
  return v !== null && typeof v === 'object' ? (JSON.parse(JSON.stringify(v)) as V) : v
}
