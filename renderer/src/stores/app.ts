import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppStatus, InputOf, SampleLoadResult, SampleRemoveResult } from '../../../shared/contract'
import type { UiSettings } from '../../../shared/domain/entities'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

/** Cache of app:status and the UI settings; the status follows data changes (first run, sample, notices). */
export const useAppStore = defineStore('app', () => {
  const status = ref<AppStatus | null>(null)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  const sampleBusy = ref(false)
  /** Locale and role, owned by the main side (electron-store); null until loaded. */
  const settings = ref<UiSettings | null>(null)

  const firstRun = computed(() => status.value?.firstRun ?? false)
  const sampleLoaded = computed(() => status.value?.sampleLoaded ?? false)
  const notices = computed(() => status.value?.notices ?? [])

  async function load(): Promise<void> {
    loading.value = true
    try {
      status.value = await useApi()['app:status']({})
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  async function loadSample(): Promise<SampleLoadResult> {
    sampleBusy.value = true
    try {
      const result = await useApi()['sample:load']({})
      await load()
      return result
    } finally {
      sampleBusy.value = false
    }
  }

  async function removeSample(): Promise<SampleRemoveResult> {
    sampleBusy.value = true
    try {
      const result = await useApi()['sample:remove']({})
      await load()
      return result
    } finally {
      sampleBusy.value = false
    }
  }

  async function dismissNotice(id: string): Promise<void> {
    // Hide at once; the reload below brings it back if the main side kept it.
    if (status.value) {
      status.value = { ...status.value, notices: status.value.notices.filter((n) => n.id !== id) }
    }
    await useApi()['app:dismissNotice']({ id })
    await load()
  }

  async function loadSettings(): Promise<UiSettings> {
    settings.value = await useApi()['settings:get']({})
    return settings.value
  }

  async function updateSettings(patch: InputOf<'settings:update'>): Promise<UiSettings> {
    settings.value = await useApi()['settings:update'](patch)
    return settings.value
  }

  const role = computed(() => settings.value?.role ?? 'secretary')

  refreshOn(['demand', 'community', 'backup'], () => (status.value ? load() : undefined))

  return {
    role,
    status,
    loading,
    error,
    sampleBusy,
    settings,
    firstRun,
    sampleLoaded,
    notices,
    load,
    loadSample,
    removeSample,
    dismissNotice,
    loadSettings,
    updateSettings,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAppStore, import.meta.hot))
