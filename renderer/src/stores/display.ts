import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'

/** Base font size in px: Element Plus's 14 px, or 18 px in large-text mode (适老化). */
export const BASE_FONT = 14
export const LARGE_FONT = 18
export const LARGE_TEXT_CLASS = 'large-text'

/**
 * Where the large-text choice is remembered. The UI settings schema (settings:update) has no key
 * for it yet, so it lives in the renderer's localStorage, one entry per operator name once named
 * operators sign in, and a shared entry until then.
 */
export function largeTextKey(operator?: string | null): string {
  return operator ? `yishi.largeText:${operator}` : 'yishi.largeText'
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // storage disabled: the choice lasts for this window only
  }
}

export function readLargeText(operator?: string | null): boolean {
  return storage()?.getItem(largeTextKey(operator)) === '1'
}

export function writeLargeText(on: boolean, operator?: string | null): void {
  try {
    storage()?.setItem(largeTextKey(operator), on ? '1' : '0')
  } catch {
    // quota or privacy mode: not remembered, still applied
  }
}

/** Puts the mode on <html> (a class the theme variables in styles.css key on). */
export function applyLargeText(on: boolean): void {
  if (typeof document === 'undefined') return
  document.documentElement.classList.toggle(LARGE_TEXT_CLASS, on)
}

/** Display preferences of this window: large-text mode and the font scale charts read. */
export const useDisplayStore = defineStore('display', () => {
  const operator = ref<string | null>(null)
  const largeText = ref(readLargeText(null))
  /** Multiplier for sizes set in px outside CSS (ECharts options). */
  const fontScale = computed(() => (largeText.value ? LARGE_FONT / BASE_FONT : 1))

  function setLargeText(on: boolean): void {
    largeText.value = on
    writeLargeText(on, operator.value)
  }

  function toggleLargeText(): void {
    setLargeText(!largeText.value)
  }

  /** Called when an operator signs in (or out): their own remembered choice applies. */
  function useOperator(name: string | null): void {
    operator.value = name
    largeText.value = readLargeText(name)
  }

  watch(largeText, applyLargeText, { immediate: true })

  return { operator, largeText, fontScale, setLargeText, toggleLargeText, useOperator }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDisplayStore, import.meta.hot))
