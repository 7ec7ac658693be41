import { nextTick, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { rebaseEdit } from '../../../shared/domain/edit-rebase'

// One way for every edit form to meet a CONFLICT (someone saved the record first) without losing
// what the user typed: the form is filled from the record as it is now (so the next save names
// the new revision), the user's changed fields are put back on top, and the notice names what
// the other change set. The user saves again, or discards their changes (ConflictNotice.vue).

export interface EditConflictChange {
  field: string
  label: string
  /** The other change's value, as the form would show it. */
  value: string
  /** The user changed it too, to something else (theirs is kept in the form). */
  both: boolean
}

export interface EditConflict {
  /** The server's words (when, and that it was changed elsewhere). */
  message: string
  changes: EditConflictChange[]
  /** Who saved the other change, when the record says. */
  by?: string
}

export interface EditConflictOptions<R, F extends object> {
  /** A record's values as the form holds them. */
  fieldsOf: (record: R) => F
  /** What is in the form now (same keys). */
  typed: () => F
  /**
   * Fills the form from a record: its revision becomes the one the next save sends. It may do so
   * through its parent (a prop that a watch fills from): `restore` comes after the next tick.
   */
  fill: (record: R) => void
  /** Puts values into the form (after `fill`). */
  restore: (fields: F) => void
  /** A field's label, as on the form; '' for a field not listed on its own (e.g. an id beside its name). */
  label: (field: keyof F & string) => string
  /** Who saved `record` last, when the record says (only then: never a guess). */
  who?: (record: R) => string | undefined
  /** A value as the form shows it (default: the text, or nothing). */
  show?: (field: keyof F & string, value: F[keyof F & string], record: R) => string
}

export function useEditConflict<R, F extends object>(options: EditConflictOptions<R, F>) {
  const conflict = ref<EditConflict | null>(null)
  let latest: R | null = null

  /** After a CONFLICT: `read` is what the form was filled from, `now` the record as saved meanwhile. */
  async function rebase(message: string, read: F, now: R): Promise<void> {
    const latestFields = options.fieldsOf(now)
    const r = rebaseEdit(read, options.typed(), latestFields)
    latest = now
    options.fill(now)
    await nextTick()
    options.restore(r.model)
    const show = options.show ?? ((_f, v) => (v === null || v === undefined ? '' : String(v)))
    conflict.value = {
      // "…, 请刷新后重试" is done already: the form holds the latest version.
      message: message.replace(/[，,]\s*请刷新后重试[。.]?$/, ''),
      changes: r.theirs.filter((field) => options.label(field) !== '').map((field) => ({ field, label: options.label(field), value: show(field, latestFields[field], now), both: r.both.includes(field) })),
    }
    const by = options.who?.(now)
    if (by) conflict.value.by = by
  }

  /**
   * A refused save: rebased onto the record as it is now when the form was filled from one
   * (`read`, the form's values of it) and the record still exists; otherwise the server's words
   * as a message and `gone` (e.g. close the dialog).
   */
  function meet(error: { message: string; latest: unknown }, read: R | null, gone?: () => void): void {
    if (error.latest && read) {
      void rebase(error.message, options.fieldsOf(read), error.latest as R)
      return
    }
    ElMessage.warning(error.message)
    gone?.()
  }

  /** Drops the user's changes: the form shows the record as it is now. */
  function discard(): void {
    if (latest) options.fill(latest)
    dismiss()
  }

  /** The notice is done with (saved, closed, filled anew). */
  function dismiss(): void {
    conflict.value = null
    latest = null
  }

  return { conflict, rebase, meet, discard, dismiss }
}
