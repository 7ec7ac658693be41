import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { InputOf, OperatorView } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { ConflictError, isConflict, withRevision, type WithoutRevision } from './revision'

/** Operator accounts (administrators only; the backend refuses everyone else). */
export const useOperatorStore = defineStore('operator', () => {
  const operators = ref<OperatorView[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)

  const byId = computed(() => new Map(operators.value.map((o) => [o.id, o])))

  async function load(): Promise<void> {
    loading.value = true
    try {
      operators.value = await useApi()['operator:list']({})
      loaded.value = true
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  async function create(input: InputOf<'operator:create'>): Promise<OperatorView> {
    const created = await useApi()['operator:create'](input)
    await load()
    return created
  }

  /** Sends the revision of `record`; on CONFLICT reloads and throws a ConflictError with the latest. */
  async function update(input: WithoutRevision<InputOf<'operator:update'>>, record: OperatorView): Promise<OperatorView> {
    try {
      const updated = await useApi()['operator:update'](withRevision(input, record))
      await load()
      return updated
    } catch (e) {
      if (!isConflict(e)) throw e
      await load()
      throw new ConflictError<OperatorView>(e.message, byId.value.get(input.id) ?? null)
    }
  }

  async function remove(record: OperatorView): Promise<void> {
    try {
      await useApi()['operator:delete'](withRevision({ id: record.id }, record))
    } finally {
      await load()
    }
  }

  refreshOn(['operator'], () => (loaded.value ? load() : undefined))

  return { operators, loaded, loading, error, byId, load, create, update, remove }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOperatorStore, import.meta.hot))
