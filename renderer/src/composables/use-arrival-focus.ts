import { nextTick, onBeforeUnmount, onMounted } from 'vue'

// Arrival focus: a screen whose work starts in one field (诉求登记's 社区) puts the keyboard there
// when it opens, so a keyboard user does not Tab through the header and the nav first. It never
// takes the focus from somewhere the user is: a field, a dialog, a menu. Only the page itself, the
// main area, the skip link or the nav link that opened the screen count as "nowhere".

/** The registered screen's arrival (one at a time: the screen on show). */
let current: (() => void) | null = null

/** Nothing the user is working in has the focus. */
export function focusIsFree(): boolean {
  const active = typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)
  if (!active || active === document.body || active === document.documentElement) return true
  return active.id === 'main-content' || !!active.closest('.skip-link, .shell-nav')
}

/**
 * Registers `focus` as the screen's arrival focus while the component is mounted (when `enabled`
 * then: an editor in a drawer is no screen's arrival) and returns
 * `arrive`, which focuses it when the focus is free. Call `arrive` once the field can take the
 * focus (after the data it needs has loaded).
 */
export function useArrivalFocus(focus: () => void, enabled: () => boolean = () => true): { arrive: () => void } {
  const arrive = (): void => {
    if (enabled() && focusIsFree()) focus()
  }
  onMounted(() => {
    if (enabled()) current = arrive
  })
  onBeforeUnmount(() => {
    if (current === arrive) current = null
  })
  return { arrive }
}

/**
 * A dialog over the screen closed (its focus trap hands the focus back first, often to the page
 * when nothing had it before): the screen's arrival field takes it, if it is still free.
 */
export function returnToArrival(): void {
  void nextTick(() => current?.())
}
