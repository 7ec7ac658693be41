import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Meeting, PersonView } from '../../../shared/domain/meeting'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

/**
 * 联席会议: a cache of one community's meetings (meeting:list), the meeting open on screen
 * (meeting:get) and its community's people (people:list). Refreshes on meeting and people events,
 * so a second window (the projector page) follows what the chair does in the first.
 */
export const useMeetingStore = defineStore('meeting', () => {
  const communityId = ref('')
  const items = ref<Meeting[]>([])
  const current = ref<Meeting | null>(null)
  const people = ref<PersonView[]>([])
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let listActive = false
  let listSeq = 0
  let currentSeq = 0

  const peopleById = computed(() => new Map(people.value.map((p) => [p.id, p])))

  async function loadList(): Promise<void> {
    listActive = true
    const mine = ++listSeq
    loading.value = true
    try {
      const list = await useApi()['meeting:list'](communityId.value ? { communityId: communityId.value } : {})
      if (mine !== listSeq) return
      items.value = list
      error.value = null
    } catch (e) {
      if (mine === listSeq) error.value = toApiError(e)
    } finally {
      if (mine === listSeq) loading.value = false
    }
  }

  async function setCommunity(id: string): Promise<void> {
    communityId.value = id
    await Promise.all([loadList(), loadPeople(id)])
  }

  async function loadPeople(id: string = current.value?.communityId ?? communityId.value): Promise<void> {
    if (!id) {
      people.value = []
      return
    }
    people.value = await useApi()['people:list']({ communityId: id })
  }

  /** Opens one meeting (and its community's people); null when it is gone. */
  async function open(id: string): Promise<Meeting | null> {
    const mine = ++currentSeq
    try {
      const m = await useApi()['meeting:get']({ id })
      if (mine !== currentSeq) return current.value
      current.value = m
      error.value = null
      await loadPeople(m.communityId)
      return m
    } catch (e) {
      if (mine === currentSeq) {
        current.value = null
        error.value = toApiError(e)
      }
      return null
    }
  }

  /** Keeps a write's returned meeting as the current one (and in the list). */
  function keep(m: Meeting): Meeting {
    if (current.value?.id === m.id) current.value = m
    const i = items.value.findIndex((x) => x.id === m.id)
    if (i >= 0) items.value.splice(i, 1, m)
    return m
  }

  refreshOn(['meeting', 'people'], async (events) => {
    if (listActive) await loadList()
    const id = current.value?.id
    if (id && events.some((e) => e.area === 'people' || e.ids.length === 0 || e.ids.includes(id))) await open(id)
  })

  return { communityId, items, current, people, peopleById, loading, error, loadList, setCommunity, loadPeople, open, keep }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMeetingStore, import.meta.hot))
