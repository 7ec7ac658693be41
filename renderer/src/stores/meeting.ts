import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AgendaCandidates, InputOf, MeetingRemovePlan } from '../../../shared/contract'
import type { Meeting, PersonView } from '../../../shared/domain/meeting'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'
import { ConflictError, isConflict } from './revision'

/**
 * 联席会议: a cache of one community's meetings (meeting:list), the meeting open on screen
 * (meeting:get) and its community's people (people:list). Refreshes on meeting and people events,
 * so a second window (the projector page) follows what the chair does in the first.
 *
 * Writes to the open meeting name the revision of `current` (kept fresh by the events and by the
 * writes' own results); a CONFLICT reloads it and is thrown as a ConflictError with the meeting as
 * it is now. Writes of one screen go one after another (`queue`), so a second click never sends
 * the revision the first one is about to replace.
 */
export const useMeetingStore = defineStore('meeting', () => {
  const communityId = ref('')
  const items = ref<Meeting[]>([])
  const current = ref<Meeting | null>(null)
  /** Active people of the meeting's (or the list's) community: what pickers offer. */
  const people = ref<PersonView[]>([])
  /** Everyone of that community, inactive too: names of people on older rosters. */
  const everyone = ref<PersonView[]>([])
  const candidates = ref<AgendaCandidates>({ topics: [], carryOvers: [] })
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let listActive = false
  let candidatesFor: { communityId: string; meetingId?: string } | null = null
  let listSeq = 0
  let currentSeq = 0
  let peopleSeq = 0
  let candidatesSeq = 0

  const peopleById = computed(() => new Map(everyone.value.map((p) => [p.id, p])))

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
    const mine = ++peopleSeq
    if (!id) {
      people.value = []
      everyone.value = []
      return
    }
    const all = await useApi()['people:list']({ communityId: id, includeInactive: true })
    if (mine !== peopleSeq) return
    everyone.value = all
    people.value = all.filter((p) => p.active)
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

  let tail: Promise<unknown> = Promise.resolve()
  /** Runs writes one after another. */
  function queue<T>(run: () => Promise<T>): Promise<T> {
    const next = tail.then(run, run)
    tail = next.catch(() => undefined)
    return next
  }

  /**
   * A revision-checked write to the open meeting: `send` gets the meeting as now known. The
   * result becomes `current`; a CONFLICT reloads and throws ConflictError(latest).
   */
  function write(send: (m: Meeting) => Promise<Meeting>): Promise<Meeting> {
    return queue(async () => {
      const m = current.value
      if (!m) throw toApiError(new Error('没有打开的会议'))
      try {
        return keep(await send(m))
      } catch (e) {
        if (!isConflict(e)) throw e
        const latest = await open(m.id)
        throw new ConflictError<Meeting>(e.message, latest)
      }
    })
  }

  async function create(input: InputOf<'meeting:create'>): Promise<Meeting> {
    const created = await useApi()['meeting:create'](input)
    if (listActive) await loadList()
    return created
  }

  const update = (patch: InputOf<'meeting:update'>['patch']) => write((m) => useApi()['meeting:update']({ id: m.id, revision: m.revision, patch }))
  const setRoster = (roster: string[]) => update({ roster })
  const signIn = (entries: InputOf<'meeting:signIn'>['entries']) => write((m) => useApi()['meeting:signIn']({ id: m.id, revision: m.revision, entries }))
  const setAgenda = (agenda: InputOf<'meeting:setAgenda'>['items']) =>
    write(async (m) => {
      const saved = await useApi()['meeting:setAgenda']({ id: m.id, revision: m.revision, items: agenda })
      if (candidatesFor) void loadCandidates(candidatesFor.communityId, candidatesFor.meetingId)
      return saved
    })
  const start = (proceedDespiteMissing: boolean) =>
    write((m) => useApi()['meeting:start']({ id: m.id, revision: m.revision, ...(proceedDespiteMissing ? { proceedDespiteMissing: true } : {}) }))

  /** What removing a meeting takes with it (administrators). */
  const removePlan = (m: Meeting): Promise<MeetingRemovePlan> => useApi()['meeting:removePlan']({ id: m.id })

  /** Removes the meeting as read in `m` (the backend takes a backup first); the list reloads either way. */
  async function remove(m: Meeting): Promise<{ removed: string[]; backup: string }> {
    try {
      return await useApi()['meeting:remove']({ id: m.id, revision: m.revision, confirm: true })
    } finally {
      if (current.value?.id === m.id) current.value = null
      if (listActive) await loadList()
    }
  }

  /** Agenda candidates: confirmed topics on no other agenda and the last meeting's decisions. */
  async function loadCandidates(forCommunity: string, meetingId?: string): Promise<void> {
    candidatesFor = { communityId: forCommunity, ...(meetingId ? { meetingId } : {}) }
    const mine = ++candidatesSeq
    try {
      const c = await useApi()['meeting:agendaCandidates']({ communityId: forCommunity, ...(meetingId ? { meetingId } : {}) })
      if (mine === candidatesSeq) candidates.value = c
    } catch (e) {
      if (mine === candidatesSeq) error.value = toApiError(e)
    }
  }

  /** The agenda editor is gone: candidates no longer follow events. */
  function stopCandidates(): void {
    candidatesFor = null
  }

  refreshOn(['meeting', 'people'], async (events) => {
    if (listActive) await loadList()
    const id = current.value?.id
    if (id && events.some((e) => e.area === 'people' || e.ids.length === 0 || e.ids.includes(id))) await open(id)
    else if (!id && communityId.value && events.some((e) => e.area === 'people')) await loadPeople(communityId.value)
  })
  refreshOn(['topic', 'meeting'], () => (candidatesFor ? loadCandidates(candidatesFor.communityId, candidatesFor.meetingId) : undefined))

  return {
    communityId,
    items,
    current,
    people,
    everyone,
    peopleById,
    candidates,
    loading,
    error,
    loadList,
    setCommunity,
    loadPeople,
    open,
    keep,
    create,
    update,
    setRoster,
    signIn,
    setAgenda,
    start,
    removePlan,
    remove,
    loadCandidates,
    stopCandidates,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMeetingStore, import.meta.hot))
