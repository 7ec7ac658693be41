import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { InputOf, StreetStats } from '../../../shared/contract'
import type { Measure, RankKey, RankOrder } from '../../../shared/domain/stats-compare'
import type { Granularity, PeriodPreset } from '../../../shared/domain/stats-period'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { sharedRun } from './shared-run'
import { useCommunityStore } from './community'
import { useStreetStore } from './street'

/**
 * The leaders' street dashboard (issue 12): the period (a preset, or any month range), the cut,
 * the measure, the chart kind, the communities side by side, the ranking's key and order, and
 * the figures of stats:street for them. Refreshes when demands, communities, counts or tasks change.
 */
export const useStreetDashboardStore = defineStore('streetDashboard', () => {
  const preset = ref<PeriodPreset | null>('yearToDate')
  /** Any range, used when no preset is chosen. */
  const range = ref<[string, string] | null>(null)
  const granularity = ref<Granularity>('month')
  const measure = ref<Measure>('petitions')
  const kind = ref<'line' | 'bar'>('bar')
  /** Draw the street's totals in the trend. */
  const showStreet = ref(true)
  /** Communities side by side in the trend (none: the street alone). */
  const communityIds = ref<string[]>([])
  const rankBy = ref<RankKey>('petitions')
  const order = ref<RankOrder>('desc')
  const stats = ref<StreetStats | null>(null)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let requestSeq = 0

  const input = computed<InputOf<'stats:street'>>(() => ({
    ...(preset.value || !range.value ? { preset: preset.value ?? 'yearToDate' } : { from: range.value[0], to: range.value[1] }),
    granularity: granularity.value,
    rankBy: rankBy.value,
    order: order.value,
    sentences: 'yoyAndMom',
  }))

  async function load(): Promise<void> {
    const seq = ++requestSeq
    loading.value = true
    try {
      // Every community comes back (the ranking and the chosen ones are cut from the same answer).
      const result = await useApi()['stats:street'](input.value)
      if (seq !== requestSeq) return
      stats.value = result
      error.value = null
    } catch (e) {
      if (seq === requestSeq) error.value = toApiError(e)
    } finally {
      if (seq === requestSeq) loading.value = false
    }
  }

  function setPreset(value: PeriodPreset): void {
    preset.value = value
    range.value = null
  }
  function setRange(value: [string, string]): void {
    range.value = value
    preset.value = null
  }
  /** Sort the ranking: the same key again flips the order. */
  function sortBy(key: RankKey, next?: RankOrder): void {
    if (next) order.value = next
    else if (rankBy.value === key) order.value = order.value === 'desc' ? 'asc' : 'desc'
    else order.value = 'desc'
    rankBy.value = key
  }

  /** The figures once: the route's prefetch and the page share one request. */
  const firstLoad = sharedRun(load)
  async function ensureLoaded(): Promise<void> {
    if (!stats.value) await firstLoad()
  }

  watch(input, () => void load(), { deep: true })
  refreshOn(['demand', 'community', 'stats', 'task'], () => (stats.value ? load() : undefined))

  // A chosen community that is gone (sample removed, backup restored) leaves the selection.
  const communities = useCommunityStore()
  watch(
    () => communities.communities,
    (list) => {
      if (!communities.loaded) return
      const known = new Set(list.map((c) => c.id))
      if (communityIds.value.some((id) => !known.has(id))) communityIds.value = communityIds.value.filter((id) => known.has(id))
    },
  )

  return { preset, range, granularity, measure, kind, showStreet, communityIds, rankBy, order, stats, loading, error, input, load, ensureLoaded, setPreset, setRange, sortBy }
})

/** What 街道看板 shows first, asked for before the page is drawn (router meta `prefetch`). */
export function prefetchStreetDashboard(): void {
  void Promise.allSettled([useStreetDashboardStore().ensureLoaded(), useStreetStore().ensureLoaded(), useCommunityStore().ensureLoaded()])
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStreetDashboardStore, import.meta.hot))
