import { ref, watch, type Ref } from 'vue'

/**
 * True from the first time `isOpen()` is true, for `v-if` on a dialog or drawer: it is then
 * mounted when first opened instead of with its screen. (A closed Element Plus dialog still mounts
 * its overlay, focus trap and transitions; the shell and the street dashboard held several, and
 * they held up the first screen.) Synchronous, so the dialog mounts in the render that opens it.
 */
export function useOpenedOnce(isOpen: () => boolean): Readonly<Ref<boolean>> {
  const opened = ref(isOpen())
  if (!opened.value) {
    const stop = watch(
      isOpen,
      (open) => {
        if (!open) return
        opened.value = true
        stop()
      },
      { flush: 'sync' },
    )
  }
  return opened
}
