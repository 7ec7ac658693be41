import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { InputOf, SearchHit, SearchStatus } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

/** The filter row of 诉求检索; '' = any. */
export interface SearchFilters {
  communityId: string
  channel: string
  category: string
  status: string
  /** 受理日期 from / to, YYYY-MM-DD */
  from: string
  to: string
  caseNo: string
}

export const emptyFilters = (): SearchFilters => ({ communityId: '', channel: '', category: '', status: '', from: '', to: '', caseNo: '' })

/** The request for a query, filters and page: empty filters left out. */
export function searchRequest(query: string, filters: SearchFilters, page: number, pageSize: number): InputOf<'search:query'> {
  const req: Record<string, unknown> = { query: query.trim(), page, pageSize }
  for (const [k, v] of Object.entries(filters)) if (typeof v === 'string' && v.trim()) req[k] = v.trim()
  return req as InputOf<'search:query'>
}

/**
 * 诉求检索: the last search's hits (a cache of the backend's answer). A change of demands or
 * communities runs the same search again, so an edit shows at once.
 */
export const useSearchStore = defineStore('search', () => {
  const query = ref('')
  const filters = ref<SearchFilters>(emptyFilters())
  const page = ref(1)
  const pageSize = ref(20)
  const items = ref<SearchHit[]>([])
  const total = ref(0)
  const tookMs = ref(0)
  /** a search has run (the empty state differs from "nothing found") */
  const searched = ref(false)
  /** the words the shown hits were found with (the box may have changed since) */
  const lastQuery = ref('')
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  /** while the first search builds the index: how far it got */
  const building = ref<SearchStatus | null>(null)

  let seq = 0
  async function run(): Promise<void> {
    const mine = ++seq
    loading.value = true
    const poll = setInterval(() => void pollStatus(mine), 400)
    try {
      const request = searchRequest(query.value, filters.value, page.value, pageSize.value)
      const result = await useApi()['search:query'](request)
      if (mine !== seq) return
      items.value = result.items
      lastQuery.value = request.query ?? ''
      total.value = result.total
      tookMs.value = result.tookMs
      searched.value = true
      error.value = null
    } catch (e) {
      if (mine === seq) error.value = toApiError(e)
    } finally {
      clearInterval(poll)
      if (mine === seq) {
        loading.value = false
        building.value = null
      }
    }
  }

  async function pollStatus(mine: number): Promise<void> {
    try {
      const status = await useApi()['search:status']({})
      if (mine === seq && loading.value) building.value = status.state === 'building' ? status : null
    } catch {
      // the progress is a courtesy; the search itself reports its errors
    }
  }

  /** A new search from page 1 (Enter in the box, a filter changed). */
  async function search(): Promise<void> {
    page.value = 1
    await run()
  }

  async function setPage(value: number): Promise<void> {
    page.value = value
    await run()
  }

  async function setPageSize(value: number): Promise<void> {
    pageSize.value = value
    page.value = 1
    await run()
  }

  function clearFilters(): void {
    filters.value = emptyFilters()
  }

  refreshOn(['demand', 'community'], () => (searched.value ? run() : undefined))

  return { query, filters, page, pageSize, items, total, tookMs, searched, lastQuery, loading, error, building, search, setPage, setPageSize, clearFilters }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSearchStore, import.meta.hot))
