import { acceptHMRUpdate, defineStore } from 'pinia'
import { reactive, ref, watch } from 'vue'
import type { DemandView } from '../../../shared/domain/entities'
import type { DemandStatus } from '../../../shared/domain/vocab'
import type { InputOf } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { ConflictError, isConflict, withRevision, type WithoutRevision } from './revision'
import { useCommunityStore } from './community'

export interface DemandFilters {
  communityId: string
  /** 'YYYY-MM' or '' for every month */
  month: string
  status: DemandStatus | ''
}

export const PAGE_SIZES = [20, 50, 100] as const

/** The demand list as the main side pages it; refreshes on 'demand' events and after its writes. */
export const useDemandStore = defineStore('demand', () => {
  const items = ref<DemandView[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref<number>(PAGE_SIZES[0])
  const filters = reactive<DemandFilters>({ communityId: '', month: '', status: '' })
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  /** Whether a view has asked for the list; events only refresh a list someone looks at. */
  let active = false
  // Only the newest request may write the list, so fast paging never shows an older page.
  let requestSeq = 0

  async function load(): Promise<void> {
    active = true
    const seq = ++requestSeq
    loading.value = true
    try {
      const result = await useApi()['demand:list']({
        ...(filters.communityId ? { communityId: filters.communityId } : {}),
        ...(filters.month ? { month: filters.month } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        page: page.value,
        pageSize: pageSize.value,
      })
      if (seq !== requestSeq) return
      items.value = result.items
      total.value = result.total
      // A page past the end (rows deleted elsewhere): show the last page that exists.
      const last = Math.max(1, Math.ceil(result.total / pageSize.value))
      if (page.value > last) {
        page.value = last
        await load()
        return
      }
      error.value = null
    } catch (e) {
      if (seq === requestSeq) error.value = toApiError(e)
    } finally {
      if (seq === requestSeq) loading.value = false
    }
  }

  async function setPage(value: number): Promise<void> {
    page.value = value
    await load()
  }

  async function setPageSize(value: number): Promise<void> {
    pageSize.value = value
    page.value = 1
    await load()
  }

  async function setFilters(next: Partial<DemandFilters>): Promise<void> {
    Object.assign(filters, next)
    page.value = 1
    await load()
  }

  async function get(id: string): Promise<DemandView> {
    return useApi()['demand:get']({ id })
  }

  /** Creates a demand; errors propagate to the form. The list reloads from page 1. */
  async function create(input: InputOf<'demand:create'>): Promise<DemandView> {
    const created = await useApi()['demand:create'](input)
    page.value = 1
    await load()
    return created
  }

  /**
   * Updates the demand as read in `record` (its revision is sent). On CONFLICT the record is
   * reloaded and a ConflictError carries it, with the server's message, for the caller to show.
   */
  async function update(input: WithoutRevision<InputOf<'demand:update'>>, record: DemandView): Promise<DemandView> {
    try {
      const updated = await useApi()['demand:update'](withRevision(input, record))
      await load()
      return updated
    } catch (e) {
      throw await conflictOr(e, input.id)
    }
  }

  /** Erases a demand (reason required) as read in `record`; errors propagate. The list reloads. */
  async function remove(input: WithoutRevision<InputOf<'demand:delete'>>, record: DemandView): Promise<void> {
    try {
      await useApi()['demand:delete'](withRevision(input, record))
    } catch (e) {
      throw await conflictOr(e, input.id)
    }
    await load()
  }

  async function conflictOr(e: unknown, id: string): Promise<unknown> {
    if (!isConflict(e)) return e
    const latest = await get(id).catch(() => null)
    await load()
    return new ConflictError<DemandView>(e.message, latest)
  }

  function reset(): void {
    items.value = []
    total.value = 0
    page.value = 1
    Object.assign(filters, { communityId: '', month: '', status: '' })
  }

  refreshOn(['demand'], () => (active ? load() : undefined))

  // A filter on a community that is gone (sample removed, backup restored) is dropped.
  const communities = useCommunityStore()
  watch(
    () => communities.communities,
    (list) => {
      if (communities.loaded && filters.communityId && !list.some((c) => c.id === filters.communityId)) {
        void setFilters({ communityId: '' })
      }
    },
  )

  /** The demand ledger .xlsx (the service masks personal fields and audits the export). */
  async function exportLedger(input: InputOf<'demand:export'>) {
    return useApi()['demand:export'](input)
  }

  return { items, total, page, pageSize, filters, loading, error, load, setPage, setPageSize, setFilters, get, create, update, remove, reset, exportLedger }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDemandStore, import.meta.hot))
