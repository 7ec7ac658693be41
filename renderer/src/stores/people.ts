import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { InputOf, PersonRemovePlan } from '../../../shared/contract'
import { PERSON_PARTIES, type PersonView } from '../../../shared/domain/meeting'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { ConflictError, isConflict } from './revision'

const partyRank = new Map<string, number>(PERSON_PARTIES.map((p, i) => [p, i]))

/**
 * 会议人员: a cache of one community's people directory (people:list, inactive people included),
 * in the order of the parties (the convener, the five, then 列席), active first within each. Refreshes on
 * `people` events.
 */
export const usePeopleStore = defineStore('people', () => {
  const communityId = ref('')
  const items = ref<PersonView[]>([])
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let seq = 0

  const byId = computed(() => new Map(items.value.map((p) => [p.id, p])))
  const sorted = computed(() =>
    [...items.value].sort(
      (a, b) => (partyRank.get(a.party) ?? 99) - (partyRank.get(b.party) ?? 99) || Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'zh-CN'),
    ),
  )

  async function load(): Promise<void> {
    const mine = ++seq
    if (!communityId.value) {
      items.value = []
      return
    }
    loading.value = true
    try {
      const list = await useApi()['people:list']({ communityId: communityId.value, includeInactive: true })
      if (mine !== seq) return
      items.value = list
      error.value = null
    } catch (e) {
      if (mine === seq) error.value = toApiError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  async function setCommunity(id: string): Promise<void> {
    communityId.value = id
    await load()
  }

  /** Saves a person (a new one without id); an edit names `record`'s revision. CONFLICT → ConflictError(latest). */
  async function save(input: InputOf<'people:save'>): Promise<PersonView> {
    try {
      const saved = await useApi()['people:save'](input)
      await load()
      return saved
    } catch (e) {
      if (!isConflict(e) || !input.id) throw e
      await load()
      throw new ConflictError<PersonView>(e.message, byId.value.get(input.id) ?? null)
    }
  }

  /** Active ↔ inactive: the whole record goes back with the flag flipped (the phone is kept). */
  function setActive(p: PersonView, active: boolean): Promise<PersonView> {
    return save({
      id: p.id,
      revision: p.revision,
      communityId: p.communityId,
      name: p.name,
      party: p.party,
      title: p.title ?? '',
      unit: p.unit ?? '',
      active,
    })
  }

  /** Read-only: what deleting `p` takes, or why not (asked before any confirmation). */
  const removePlan = (p: PersonView): Promise<PersonRemovePlan> => useApi()['people:removePlan']({ id: p.id })

  async function remove(p: PersonView): Promise<void> {
    try {
      await useApi()['people:remove']({ id: p.id, revision: p.revision })
    } finally {
      await load()
    }
  }

  refreshOn(['people'], () => (communityId.value ? load() : undefined))

  return { communityId, items, sorted, byId, loading, error, load, setCommunity, save, setActive, removePlan, remove }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePeopleStore, import.meta.hot))
