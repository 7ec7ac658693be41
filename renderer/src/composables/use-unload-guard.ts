import { onBeforeUnmount, onMounted } from 'vue'

/**
 * While `unsaved()` is true, closing or reloading the window asks first: the browser's own prompt
 * (the preview), and in Electron the main process's will-prevent-unload dialog (electron/main/window.ts).
 * Moving to another screen inside the app is each screen's onBeforeRouteLeave.
 */
export function useUnloadGuard(unsaved: () => boolean, message: () => string): void {
  const onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (!unsaved()) return
    e.preventDefault()
    // Older engines ask only when returnValue is set.
    e.returnValue = message()
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))
}
