import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { PetitionTrend } from '../../../shared/contract'
import type { TrendScope } from '../../../shared/domain/statistics'
import { addMonths, currentMonth } from '../../../shared/domain/month'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { useCommunityStore } from './community'
import { useStreetStore } from './street'

/**
 * The default window: the last 12 months ending with the street's current month (in the street's
 * time zone, like every demand's month), so 同比 compares a full year with the year before and the
 * chart's second series is last year's same months.
 */
export function defaultRange(now: Date = new Date(), timeZone?: string): [string, string] {
  const to = currentMonth(now, timeZone)
  return [addMonths(to, -11), to]
}

export const useDashboardStore = defineStore('dashboard', () => {
  const street = useStreetStore()
  const communityId = ref('')
  const range = ref<[string, string]>(defaultRange(new Date(), street.timeZone))
  /** The user picked a range: a later time-zone setting no longer moves it. */
  let rangeChosen = false
  function setRange(value: [string, string]): void {
    rangeChosen = true
    range.value = value
  }
  // The street's zone arrives with street:get (or is changed): the default window follows it.
  watch(
    () => street.timeZone,
    (tz) => {
      if (rangeChosen) return
      const next = defaultRange(new Date(), tz)
      if (next[1] !== range.value[1]) range.value = next
    },
  )
  const scope = ref<TrendScope>('all')
  const trend = ref<PetitionTrend | null>(null)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let requestSeq = 0

  async function load(): Promise<void> {
    if (!communityId.value) {
      trend.value = null
      return
    }
    const seq = ++requestSeq
    loading.value = true
    try {
      const result = await useApi()['stats:petitionTrend']({
        communityId: communityId.value,
        from: range.value[0],
        to: range.value[1],
        scope: scope.value,
      })
      if (seq !== requestSeq) return
      trend.value = result
      error.value = null
    } catch (e) {
      if (seq === requestSeq) error.value = toApiError(e)
    } finally {
      if (seq === requestSeq) loading.value = false
    }
  }

  // New demands, communities or counts: the chart follows.
  refreshOn(['demand', 'community', 'stats'], () => (communityId.value ? load() : undefined))

  // The chosen community is gone (sample removed, backup restored): fall back to the default.
  const communities = useCommunityStore()
  watch(
    () => communities.communities,
    (list) => {
      if (communities.loaded && communityId.value && !list.some((c) => c.id === communityId.value)) {
        communityId.value = communities.defaultCommunityId()
        if (!communityId.value) trend.value = null
      }
    },
  )

  return { communityId, range, scope, trend, loading, error, load, setRange }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDashboardStore, import.meta.hot))
