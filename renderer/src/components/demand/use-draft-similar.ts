// Duplicate suggestions while a new demand is typed (issue 9, item 6): triage:similar on the draft,
// 400 ms after the description, community, compound, phone or time last changed. An answer that
// arrives after a newer question is dropped (sequence number), so the list never shows
// suggestions for text the secretary has already changed.
import { ref, watch, type Ref } from 'vue'
import type { SimilarDemand } from '../../../../shared/contract'
import { parsePhone } from '../../../../shared/domain/phone'
import { useApi } from '../../api'

export const SIMILAR_DEBOUNCE_MS = 400
/** Fewer characters say too little to compare (one bigram). */
export const SIMILAR_MIN_CHARS = 4
export const SIMILAR_DRAFT_LIMIT = 5

export interface DraftFields {
  communityId: string
  compoundId: string
  reporterPhone: string
  /** ISO with the street's offset ('' when none): DemandForm zones the picker's wall clock. */
  receivedAt: string
  description: string
}

export function useDraftSimilar(draft: () => DraftFields, enabled: () => boolean) {
  const items: Ref<SimilarDemand[]> = ref([])
  const loading = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let seq = 0

  /** The question for the current draft, or null when there is too little to ask about. */
  function question(d: DraftFields) {
    const description = d.description.trim()
    if ([...description].length < SIMILAR_MIN_CHARS) return null
    const input: { description: string; limit: number; communityId?: string; compoundId?: string; phone?: string; receivedAt?: string } = {
      description,
      limit: SIMILAR_DRAFT_LIMIT,
    }
    if (d.communityId) input.communityId = d.communityId
    if (d.communityId && d.compoundId) input.compoundId = d.compoundId
    // Only a phone that reads as one: half-typed digits would be refused by the schema.
    if (d.reporterPhone.trim() && parsePhone(d.reporterPhone).ok) input.phone = d.reporterPhone.trim()
    if (d.receivedAt && !Number.isNaN(Date.parse(d.receivedAt))) input.receivedAt = d.receivedAt
    return input
  }

  async function ask(): Promise<void> {
    const mine = ++seq
    const input = enabled() ? question(draft()) : null
    if (!input) {
      items.value = []
      loading.value = false
      return
    }
    loading.value = true
    try {
      const found = await useApi()['triage:similar'](input)
      if (mine === seq) items.value = found
    } catch {
      // Suggestions are a help, never a blocker: a refused or failed question shows none.
      if (mine === seq) items.value = []
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function schedule(): void {
    clearTimeout(timer)
    seq++ // an answer still on its way is for an older draft now
    timer = setTimeout(() => void ask(), SIMILAR_DEBOUNCE_MS)
  }

  /** Forget the suggestions (form cleared); a pending question is cancelled. */
  function reset(): void {
    clearTimeout(timer)
    seq++
    items.value = []
    loading.value = false
  }

  watch(
    () => {
      const d = draft()
      return [d.description, d.communityId, d.compoundId, d.reporterPhone, d.receivedAt, enabled()]
    },
    schedule,
  )

  return { items, loading, reset, stop: () => clearTimeout(timer) }
}
