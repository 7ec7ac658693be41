import { nextTick, reactive, ref, toValue } from 'vue'
import type { MaybeRefOrGetter, Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { contract, toValidationError } from '../../../shared/contract'
import type { Channel, InputOf } from '../../../shared/contract'
import { toApiError } from '../api'
import type { ApiError } from '../api'

// One submit flow for every form that writes through a contract channel:
//   payload → the channel's zod schema (the same one the main side parses with) → server call →
//   field errors (zod's or the server's `{code, message, fields}`) next to their fields, anything
//   else as a message → focus on the first invalid field in DOM order. What was typed stays.
//
// A field in the template carries `data-field="<key>"` (on its form item, so the item's input is
// found inside it). An error key matches the field with the same key or a parent key:
// `compounds.2.name` lands on `data-field="compounds.2"` when there is no `compounds.2.name`.

export interface ContractFormOptions<C extends Channel, R> {
  /** The payload as the contract expects it, built from what is typed. */
  input: () => unknown
  /** The server call (a store action); it gets the payload after the schema accepted it. */
  send: (input: InputOf<C>) => Promise<R>
  /**
   * The form key of an error path (e.g. `patch.compounds.2.name` → `compounds.2.name`), or null
   * when the form has no place for it (it then becomes a message). Default: the path itself.
   */
  fieldOf?: (path: string) => string | null
  /** Where the `data-field` elements are: an element or a component ref; default the document. */
  root?: Ref<unknown>
  onSuccess?: (result: R) => void
  /** Handles an error itself (e.g. a CONFLICT) by returning true; otherwise the default flow. */
  onError?: (error: ApiError | Error) => boolean
}

const FOCUSABLE =
  'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])'

export function useContractForm<C extends Channel, R>(channel: MaybeRefOrGetter<C>, options: ContractFormOptions<C, R>) {
  /** Message per form key. */
  const errors = reactive<Record<string, string>>({})
  const submitting = ref(false)
  const fieldOf = options.fieldOf ?? ((path: string) => path)

  function clearErrors(): void {
    for (const key of Object.keys(errors)) delete errors[key]
  }

  /** Drops the messages of the given keys (a field was edited; the next submit checks again). */
  function clear(...keys: string[]): void {
    for (const key of keys) delete errors[key]
  }

  /** Shows field errors; false when none of them has a place in the form. */
  function setFieldErrors(fields: Record<string, string>): boolean {
    clearErrors()
    let shown = false
    for (const [path, message] of Object.entries(fields)) {
      const key = fieldOf(path)
      if (key === null) continue
      errors[key] ??= message
      shown = true
    }
    return shown
  }

  function rootElement(): ParentNode | null {
    const root = options.root?.value
    if (!root) return typeof document === 'undefined' ? null : document
    if (root instanceof HTMLElement) return root
    const el = (root as { $el?: unknown }).$el
    return el instanceof HTMLElement ? el : null
  }

  /** Focuses the first field (in DOM order) that has an error; returns its key. */
  async function focusFirstError(): Promise<string | null> {
    await nextTick()
    const root = rootElement()
    if (!root) return null
    const keys = Object.keys(errors)
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-field]'))) {
      const field = el.dataset.field ?? ''
      if (!keys.some((k) => k === field || k.startsWith(`${field}.`))) continue
      const target = el.matches(FOCUSABLE) ? el : el.querySelector<HTMLElement>(FOCUSABLE)
      if (!target) continue
      target.focus()
      return field
    }
    return null
  }

  /** Shows an error: on its fields (and focuses the first), else as a message. */
  async function showError(error: { message: string; code?: string; fields?: Record<string, string> }): Promise<void> {
    if (error.fields && (error.code === undefined || error.code === 'VALIDATION') && setFieldErrors(error.fields)) {
      await focusFirstError()
      return
    }
    ElMessage.error(error.message)
  }

  /** Checks, sends and reports; resolves to the result, or undefined when it did not go through. */
  async function submit(): Promise<R | undefined> {
    if (submitting.value) return undefined
    const input = options.input()
    const parsed = contract[toValue(channel)].input.safeParse(input)
    if (!parsed.success) {
      await showError(toValidationError(parsed.error))
      return undefined
    }
    submitting.value = true
    try {
      const result = await options.send(input as InputOf<C>)
      clearErrors()
      options.onSuccess?.(result)
      return result
    } catch (e) {
      if (options.onError?.(e instanceof Error ? e : toApiError(e))) return undefined
      await showError(toApiError(e))
      return undefined
    } finally {
      submitting.value = false
    }
  }

  return { errors, submitting, submit, clear, clearErrors, setFieldErrors, focusFirstError, showError }
}
