// Names for controls that Element Plus renders without one and offers no prop for (WCAG 4.1.2):
// the page-size select inside <el-pagination>. Watches the document, so every screen is covered.

export interface AriaFallback {
  selector: string
  label: () => string
}

/** Sets aria-label on matching elements that have no name yet; returns how many it named. */
export function applyAriaFallbacks(root: ParentNode, fallbacks: readonly AriaFallback[]): number {
  let named = 0
  for (const { selector, label } of fallbacks) {
    for (const el of root.querySelectorAll<HTMLElement>(selector)) {
      if (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby')) continue
      el.setAttribute('aria-label', label())
      named++
    }
  }
  return named
}

/** Applies the fallbacks now and after every DOM change; call the result to stop. */
export function watchAriaFallbacks(fallbacks: readonly AriaFallback[], root: HTMLElement = document.body): () => void {
  applyAriaFallbacks(root, fallbacks)
  if (typeof MutationObserver === 'undefined') return () => undefined
  const observer = new MutationObserver(() => applyAriaFallbacks(root, fallbacks))
  observer.observe(root, { childList: true, subtree: true })
  return () => observer.disconnect()
}
