import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { HistoryCommunity, HistoryImportCheck, HistoryImportResult, HistorySaveResult, InputOf } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

/** A file's bytes as base64 (the sheet is small: history:check / history:import take it whole). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/**
 * 历史统计数 (issue 12): one community's entered monthly counts (history:list), saved a year at a
 * time (history:save), removed by month, and the office's sheet checked then imported. Refreshes
 * on `history` events (another window, an import) and on `demand` ones (a month that gets records
 * is then the records').
 */
export const useHistoryStore = defineStore('history', () => {
  const communityId = ref('')
  const current = ref<HistoryCommunity | null>(null)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let seq = 0

  const byMonth = computed(() => new Map((current.value?.counts ?? []).map((c) => [c.month, c])))
  const superseded = computed(() => new Set(current.value?.superseded ?? []))

  async function load(): Promise<void> {
    const mine = ++seq
    if (!communityId.value) {
      current.value = null
      return
    }
    loading.value = true
    try {
      const list = await useApi()['history:list']({ communityId: communityId.value })
      if (mine !== seq) return
      current.value = list.communities[0] ?? null
      error.value = null
    } catch (e) {
      if (mine === seq) error.value = toApiError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  async function setCommunity(id: string): Promise<void> {
    communityId.value = id
    await load()
  }

  async function save(months: InputOf<'history:save'>['months']): Promise<HistorySaveResult> {
    try {
      const result = await useApi()['history:save']({ communityId: communityId.value, months })
      current.value = result
      return result
    } catch (e) {
      // A conflict or a refusal: show what is stored now.
      await load()
      throw e
    }
  }

  async function remove(month: string): Promise<string> {
    const c = byMonth.value.get(month)
    if (!c) throw new Error(`no count for ${month}`)
    try {
      const result = await useApi()['history:remove']({ communityId: communityId.value, months: [{ month, revision: c.revision }] })
      return result.backup
    } finally {
      await load()
    }
  }

  const check = async (file: File): Promise<{ input: InputOf<'history:check'>; result: HistoryImportCheck }> => {
    const input = { fileName: file.name, data: await fileToBase64(file) }
    return { input, result: await useApi()['history:check'](input) }
  }

  async function importFile(input: InputOf<'history:import'>): Promise<HistoryImportResult> {
    try {
      return await useApi()['history:import'](input)
    } finally {
      await load()
    }
  }

  refreshOn(['history', 'demand'], () => (communityId.value ? load() : undefined))

  return { communityId, current, loading, error, byMonth, superseded, load, setCommunity, save, remove, check, importFile }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useHistoryStore, import.meta.hot))
