import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { AuditEntry, AuditVerifyResult } from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

export const AUDIT_PAGE_SIZE = 50

/** The audit log, newest first and paged; verify walks the whole hash chain on the main side. */
export const useAuditStore = defineStore('audit', () => {
  const items = ref<AuditEntry[]>([])
  const total = ref(0)
  const page = ref(1)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<ApiError | null>(null)
  const verifying = ref(false)
  const verifyResult = ref<AuditVerifyResult | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const res = await useApi()['audit:list']({ page: page.value, pageSize: AUDIT_PAGE_SIZE })
      items.value = res.items
      total.value = res.total
      loaded.value = true
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  async function setPage(value: number): Promise<void> {
    page.value = value
    await load()
  }

  async function verify(): Promise<AuditVerifyResult> {
    verifying.value = true
    try {
      verifyResult.value = await useApi()['audit:verify']({})
      return verifyResult.value
    } finally {
      verifying.value = false
    }
  }

  refreshOn(['audit'], () => (loaded.value ? load() : undefined))

  return { items, total, page, loading, loaded, error, verifying, verifyResult, load, setPage, verify }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuditStore, import.meta.hot))
