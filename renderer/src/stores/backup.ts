import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { BackupList, RestoreResult, RetentionResult } from '../../../shared/contract'
import type { BackupInfo } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

/**
 * 数据与备份: the backups list and the personal-data retention setting. A restore changes every
 * area; the backend announces them and each store refreshes itself.
 */
export const useBackupStore = defineStore('backup', () => {
  const list = ref<BackupList | null>(null)
  /** null = keep personal data indefinitely */
  const retentionMonths = ref<number | null>(null)
  const loaded = ref(false)
  const busy = ref(false)
  const error = ref<ApiError | null>(null)

  async function load(): Promise<void> {
    try {
      list.value = await useApi()['backup:list']({})
      retentionMonths.value = (await useApi()['backup:getRetention']({})).personalDataMonths
      loaded.value = true
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  async function busyWhile<T>(fn: () => Promise<T>): Promise<T> {
    busy.value = true
    try {
      return await fn()
    } finally {
      busy.value = false
    }
  }

  const create = (): Promise<BackupInfo> =>
    busyWhile(async () => {
      const made = await useApi()['backup:create']({})
      await load()
      return made
    })

  const restore = (backup: BackupInfo): Promise<RestoreResult> =>
    busyWhile(async () => {
      const result = await useApi()['backup:restore']({ id: backup.id })
      await load()
      return result
    })

  async function setRetention(personalDataMonths: number | null): Promise<void> {
    retentionMonths.value = (await useApi()['backup:setRetention']({ personalDataMonths })).personalDataMonths
  }

  const applyRetention = (): Promise<RetentionResult> =>
    busyWhile(async () => {
      const outcome = await useApi()['backup:applyRetention']({})
      await load()
      return outcome
    })

  refreshOn(['backup'], () => (loaded.value ? load() : undefined))

  return { list, retentionMonths, loaded, busy, error, load, create, restore, setRetention, applyRetention }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBackupStore, import.meta.hot))
