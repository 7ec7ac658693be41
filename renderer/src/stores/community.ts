import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Community, Compound } from '../../../shared/domain/entities'
import type { CommunityRemovePlan, CommunityRemoveResult, InputOf } from '../../../shared/contract'

import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { sharedRun } from './shared-run'
import { ConflictError, isConflict, withRevision, type WithoutRevision } from './revision'

export type RemoveKind = 'grid' | 'compound' | 'community'

/** Community names the pilot case is about; the dashboard opens on it when present. */
export const PILOT_COMMUNITY = '七口堰社区'

export const useCommunityStore = defineStore('community', () => {
  const communities = ref<Community[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)

  const byId = computed(() => new Map(communities.value.map((c) => [c.id, c])))

  async function load(): Promise<void> {
    loading.value = true
    try {
      communities.value = await useApi()['community:list']({})
      loaded.value = true
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  /** Loads once; later callers share the cache, which 'community' events keep current. */
  const firstLoad = sharedRun(load)
  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await firstLoad()
  }

  /** Creates a community, then reloads the list so every screen (the demand form too) sees it. */
  async function create(input: InputOf<'community:create'>): Promise<Community> {
    const created = await useApi()['community:create'](input)
    await load()
    return created
  }

  /**
   * Updates the community as read in `record` (its revision is sent). On CONFLICT the list is
   * reloaded and a ConflictError carries the community as it is now.
   */
  async function update(input: WithoutRevision<InputOf<'community:update'>>, record: Community): Promise<Community> {
    try {
      const updated = await useApi()['community:update'](withRevision(input, record))
      await load()
      return updated
    } catch (e) {
      if (!isConflict(e)) throw e
      await load()
      throw new ConflictError<Community>(e.message, byId.value.get(input.id) ?? null)
    }
  }

  /** What removing a grid, compound or community would do (refused: what still refers to it). */
  async function removePlan(kind: RemoveKind, communityId: string, itemId?: string): Promise<CommunityRemovePlan> {
    return useApi()['community:removePlan']({ communityId, kind, ...(itemId ? { itemId } : {}) })
  }

  /** Removes it (the backend takes a backup first and audits it); the list reloads either way. */
  async function remove(kind: RemoveKind, record: Community, itemId?: string): Promise<CommunityRemoveResult> {
    const api = useApi()
    try {
      if (kind === 'grid') return await api['community:removeGrid']({ communityId: record.id, gridId: itemId!, revision: record.revision })
      if (kind === 'compound') return await api['community:removeCompound']({ communityId: record.id, compoundId: itemId!, revision: record.revision })
      return await api['community:remove']({ id: record.id, revision: record.revision })
    } finally {
      await load()
    }
  }

  function nameOf(id: string | undefined): string {
    return (id && byId.value.get(id)?.name) || ''
  }

  function compoundsOf(communityId: string | undefined): Compound[] {
    return (communityId && byId.value.get(communityId)?.compounds) || []
  }

  function compoundName(communityId: string, compoundId: string | undefined): string {
    if (!compoundId) return ''
    return compoundsOf(communityId).find((c) => c.id === compoundId)?.name ?? ''
  }

  function defaultCommunityId(): string {
    const pilot = communities.value.find((c) => c.name === PILOT_COMMUNITY)
    return pilot?.id ?? communities.value[0]?.id ?? ''
  }

  refreshOn(['community'], () => (loaded.value ? load() : undefined))

  return { communities, loaded, loading, error, byId, load, ensureLoaded, create, update, removePlan, remove, nameOf, compoundsOf, compoundName, defaultCommunityId }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCommunityStore, import.meta.hot))
