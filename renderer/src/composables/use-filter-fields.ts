import { computed, type WritableComputedRef } from 'vue'

/**
 * One v-model per key of a filter object owned elsewhere (a store's filters, a parent's model):
 * reading gives the key's value, choosing or clearing writes `{ [key]: value }` through `write`,
 * a cleared select (null / undefined) as '' ("no filter"). The demand list and 诉求检索 filter
 * the same way through it.
 */
export function useFilterFields<F extends object>(read: () => F, write: (patch: Partial<F>) => void) {
  return function field<K extends keyof F>(key: K): WritableComputedRef<F[K]> {
    return computed({
      get: () => read()[key],
      set: (value: F[K] | null | undefined) => write({ [key]: value ?? '' } as Partial<F>),
    })
  }
}
