import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import type { UnmaskedDemand } from '../../../shared/contract'
import type { Role } from '../../../shared/domain/vocab'
import { useApi } from '../api'
import { useAppStore } from './app'

/** Roles the backend lets see full personal data; the UI only hides the button for the others. */
export const UNMASK_ROLES: readonly Role[] = ['secretary', 'chair']

/** Personal data in full, one demand at a time; every call is audited on the main side. */
export const usePrivacyStore = defineStore('privacy', () => {
  const app = useAppStore()
  const canUnmask = computed(() => UNMASK_ROLES.includes(app.role))

  async function unmask(id: string): Promise<UnmaskedDemand> {
    return useApi()['demand:unmask']({ id })
  }

  return { canUnmask, unmask }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePrivacyStore, import.meta.hot))
