// Keyboard shortcuts of the app shell. Pure: the App listens on keydown and asks what to do.

export type ShortcutAction = { kind: 'help' } | { kind: 'step'; step: number }

export interface KeyLike {
  key: string
  altKey?: boolean
  ctrlKey?: boolean
  metaKey?: boolean
  shiftKey?: boolean
  target?: EventTarget | null
}

/** True while the user is typing (an input, a text area, a select or an editable element). */
export function isTyping(target: EventTarget | null | undefined): boolean {
  const el = target as (HTMLElement & { isContentEditable?: boolean }) | null | undefined
  if (!el || typeof el.tagName !== 'string') return false
  const tag = el.tagName.toLowerCase()
  return tag === 'input' || tag === 'textarea' || tag === 'select' || !!el.isContentEditable
}

/** F1 anywhere, "?" when not typing: the help. Alt+1 … Alt+6: the six steps. */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.key === 'F1') return { kind: 'help' }
  if (event.ctrlKey || event.metaKey) return null
  if (event.key === '?' && !event.altKey && !isTyping(event.target)) return { kind: 'help' }
  if (event.altKey && !event.shiftKey && /^[1-6]$/.test(event.key)) return { kind: 'step', step: Number(event.key) }
  return null
}

/** The rows of the help dialog: keys and the i18n key of what they do. */
export const SHORTCUT_ROWS: ReadonlyArray<{ keys: string; actionKey: string }> = [
  { keys: 'F1 / ?', actionKey: 'a11y.keys.help' },
  { keys: 'Tab', actionKey: 'a11y.keys.skip' },
  { keys: 'Tab / Shift+Tab', actionKey: 'a11y.keys.tab' },
  { keys: 'Enter / Space', actionKey: 'a11y.keys.activate' },
  { keys: '↑ ↓ ← →', actionKey: 'a11y.keys.arrows' },
  { keys: 'Esc', actionKey: 'a11y.keys.escape' },
  { keys: 'Alt+1 … Alt+6', actionKey: 'a11y.keys.nav' },
]
