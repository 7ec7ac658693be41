import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { InputOf } from '../../../shared/contract'
import { DEFAULT_STREET_SETTINGS } from '../../../shared/contract/constants'
import type { StreetSettings } from '../../../shared/domain/entities'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { sharedRun } from './shared-run'

/** Cache of street:get (name in the header, time zone, default deadlines); follows `street` changes. */
export const useStreetStore = defineStore('street', () => {
  const settings = ref<StreetSettings | null>(null)
  const error = ref<ApiError | null>(null)
  const busy = ref(false)

  async function load(): Promise<void> {
    try {
      settings.value = await useApi()['street:get']({})
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  /** Loads once: screens that ask while the first load runs (the header and the page) share it. */
  const firstLoad = sharedRun(load)
  async function ensureLoaded(): Promise<void> {
    if (!settings.value) await firstLoad()
  }

  async function update(patch: InputOf<'street:update'>['patch']): Promise<StreetSettings> {
    busy.value = true
    try {
      const saved = await useApi()['street:update']({ revision: settings.value?.revision ?? 0, patch })
      settings.value = saved
      return saved
    } finally {
      busy.value = false
    }
  }

  /** Never saved yet (the defaults): the header may name the sample street instead. */
  const isDefault = computed(() => (settings.value?.revision ?? 0) === 0)
  const timeZone = computed(() => settings.value?.timeZone ?? DEFAULT_STREET_SETTINGS.timeZone)

  refreshOn(['street'], () => (settings.value ? load() : undefined))

  return { settings, error, busy, isDefault, timeZone, load, ensureLoaded, update }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStreetStore, import.meta.hot))
