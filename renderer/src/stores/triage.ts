import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { DemandView } from '../../../shared/domain/entities'
import type { DemandStatus } from '../../../shared/domain/vocab'
import type { InputOf, SimilarDemand } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { ConflictError, isConflict, withRevision, type WithoutRevision } from './revision'

export interface TriageFilters {
  communityId: string
  /** 'called' = new demands (the queue); '' = every status */
  status: DemandStatus | ''
}

export const QUEUE_PAGE_SIZE = 50

/**
 * The triage queue (受理研判): demands by community and status, the one being assessed, and its
 * similar open demands. A cache of demand:list / triage:similar; refreshes on demand and topic events.
 */
export const useTriageStore = defineStore('triage', () => {
  const items = ref<DemandView[]>([])
  const total = ref(0)
  const filters = reactive<TriageFilters>({ communityId: '', status: 'called' })
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  const selectedId = ref<string | null>(null)
  /** The selected demand as last read (kept when the filter hides it, e.g. after accepting it). */
  const current = ref<DemandView | null>(null)
  const similar = ref<SimilarDemand[]>([])
  const similarLoading = ref(false)
  /** Demands ticked in the queue for a new topic. */
  const checked = ref<string[]>([])
  let active = false
  let seq = 0

  const selected = computed(() => current.value)

  async function load(): Promise<void> {
    active = true
    const mine = ++seq
    loading.value = true
    try {
      const result = await useApi()['demand:list']({
        ...(filters.communityId ? { communityId: filters.communityId } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        page: 1,
        pageSize: QUEUE_PAGE_SIZE,
      })
      if (mine !== seq) return
      items.value = result.items
      total.value = result.total
      error.value = null
      checked.value = checked.value.filter((id) => result.items.some((d) => d.id === id))
      if (selectedId.value) await refreshSelected()
    } catch (e) {
      if (mine === seq) error.value = toApiError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  async function refreshSelected(): Promise<void> {
    const id = selectedId.value
    if (!id) return
    const fromList = items.value.find((d) => d.id === id)
    const fresh = fromList ?? (await useApi()['demand:get']({ id }).catch(() => null))
    if (selectedId.value !== id) return
    current.value = fresh
    if (!fresh) selectedId.value = null
    await loadSimilar()
  }

  async function setFilters(next: Partial<TriageFilters>): Promise<void> {
    Object.assign(filters, next)
    await load()
  }

  async function select(id: string | null): Promise<void> {
    selectedId.value = id
    current.value = id ? (items.value.find((d) => d.id === id) ?? null) : null
    similar.value = []
    if (id) await refreshSelected()
  }

  async function loadSimilar(): Promise<void> {
    const id = selectedId.value
    if (!id) return
    similarLoading.value = true
    try {
      const found = await useApi()['triage:similar']({ demandId: id, limit: 5 })
      if (selectedId.value === id) similar.value = found
    } catch {
      if (selectedId.value === id) similar.value = []
    } finally {
      similarLoading.value = false
    }
  }

  /** Saves a decision on the demand as read in `record`; CONFLICT reloads it and carries the latest. */
  async function decide(input: WithoutRevision<InputOf<'triage:decide'>>, record: DemandView): Promise<DemandView> {
    try {
      const saved = await useApi()['triage:decide'](withRevision(input, record))
      current.value = saved
      await load()
      return saved
    } catch (e) {
      if (!isConflict(e)) throw e
      const latest = await useApi()['demand:get']({ id: record.id }).catch(() => null)
      current.value = latest
      await load()
      throw new ConflictError<DemandView>(e.message, latest)
    }
  }

  function toggleChecked(id: string, on: boolean): void {
    checked.value = on ? [...new Set([...checked.value, id])] : checked.value.filter((x) => x !== id)
  }

  refreshOn(['demand', 'topic'], () => (active ? load() : undefined))

  return {
    items,
    total,
    filters,
    loading,
    error,
    selectedId,
    selected,
    similar,
    similarLoading,
    checked,
    load,
    setFilters,
    select,
    loadSimilar,
    decide,
    toggleChecked,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTriageStore, import.meta.hot))
