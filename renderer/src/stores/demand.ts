import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { DemandView } from '../../../shared/domain/entities'
import type { DemandStatus } from '../../../shared/domain/vocab'
import type { InputOf } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'

export interface DemandFilters {
  communityId: string
  /** 'YYYY-MM' or '' for every month */
  month: string
  status: DemandStatus | ''
}

export const PAGE_SIZES = [20, 50, 100] as const

/** The demand list as the main side pages it; writes go through here and reload the page. */
export const useDemandStore = defineStore('demand', () => {
  const items = ref<DemandView[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref<number>(PAGE_SIZES[0])
  const filters = reactive<DemandFilters>({ communityId: '', month: '', status: '' })
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  // Only the newest request may write the list, so fast paging never shows an older page.
  let requestSeq = 0

  async function load(): Promise<void> {
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

  /** Creates a demand; errors propagate to the form. The list reloads from page 1. */
  async function create(input: InputOf<'demand:create'>): Promise<DemandView> {
    const created = await useApi()['demand:create'](input)
    page.value = 1
    await load()
    return created
  }

  async function update(input: InputOf<'demand:update'>): Promise<DemandView> {
    const updated = await useApi()['demand:update'](input)
    await load()
    return updated
  }

  /** Erases a demand (reason required); errors propagate to the caller. The list reloads. */
  async function remove(input: InputOf<'demand:delete'>): Promise<void> {
    await useApi()['demand:delete'](input)
    await load()
  }

  function reset(): void {
    items.value = []
    total.value = 0
    page.value = 1
    Object.assign(filters, { communityId: '', month: '', status: '' })
  }

  return { items, total, page, pageSize, filters, loading, error, load, setPage, setPageSize, setFilters, create, update, remove, reset }
})
