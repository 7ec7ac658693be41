import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AgendaCandidates, InputOf, MeetingRemovePlan } from '../../../shared/contract'
import type { Meeting, PersonView } from '../../../shared/domain/meeting'
import { ApiError, toApiError, useApi } from '../api'
import { LOCALES, messages, type AppLocale } from '../i18n'
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
 *
 * `current` only moves forward: a read or a write's result with a lower revision than the one held
 * (a late response, an event's reload overtaken by a write) is not adopted, so the screen never
 * rolls back. Reads after a CONFLICT or a whole-area change are the backend's word and are adopted
 * whatever their revision (a restored backup can lower it).
 */
export const useMeetingStore = defineStore('meeting', () => {
  const communityId = ref('')
  const items = ref<Meeting[]>([])
  const current = ref<Meeting | null>(null)
  /** Everyone of the meeting's (or the list's) community, inactive too: names on older rosters. */
  const everyone = ref<PersonView[]>([])
  /** The active ones among them: what pickers offer. */
  const people = computed(() => everyone.value.filter((p) => p.active))
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

  // The window's language: <html lang>, which the i18n setup keeps with the app's locale.
  const language = (): AppLocale => {
    const lang = typeof document === 'undefined' ? '' : document.documentElement.lang
    return (LOCALES as readonly string[]).includes(lang) ? (lang as AppLocale) : 'zh-CN'
  }

  /** The open meeting, or the refusal a write without one gets. */
  function requireCurrent(): Meeting {
    if (!current.value) throw new ApiError('NOT_FOUND', messages[language()].meeting.noneOpen)
    return current.value
  }

  /** Whether `m` may replace the held `current`: another meeting, or not older than it. */
  const newer = (m: Meeting, held: Meeting | null) => !held || held.id !== m.id || m.revision >= held.revision

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
      everyone.value = []
      return
    }
    const all = await useApi()['people:list']({ communityId: id, includeInactive: true })
    if (mine !== peopleSeq) return
    everyone.value = all
  }

  /**
   * Opens one meeting (and its community's people); null when it is gone. A read older than the
   * meeting already held is dropped and the held one returned, unless `force` (a read after a
   * CONFLICT, which is the backend's word).
   */
  async function open(id: string, options: { force?: boolean } = {}): Promise<Meeting | null> {
    const mine = ++currentSeq
    try {
      const m = await useApi()['meeting:get']({ id })
      if (mine !== currentSeq) return current.value
      if (!options.force && !newer(m, current.value)) return current.value
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

  function keepInList(m: Meeting): void {
    const i = items.value.findIndex((x) => x.id === m.id)
    if (i >= 0 && m.revision >= items.value[i].revision) items.value.splice(i, 1, m)
  }

  /**
   * Keeps a write's returned meeting as the current one (and in the list) unless a newer one is
   * held already (`force`: adopt it anyway, a read after a CONFLICT). Returns `m` either way: it is
   * what that write made.
   */
  function keep(m: Meeting, force = false): Meeting {
    if (current.value?.id === m.id && (force || newer(m, current.value))) current.value = m
    keepInList(m)
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
      const m = requireCurrent()
      try {
        return keep(await send(m))
      } catch (e) {
        if (!isConflict(e)) throw e
        const latest = await open(m.id, { force: true })
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
    // A whole-area change (a restored backup) may take the meeting back: that read is adopted.
    const whole = events.some((e) => e.area === 'meeting' && e.ids.length === 0)
    if (id && events.some((e) => e.area === 'people' || e.ids.length === 0 || e.ids.includes(id))) await open(id, { force: whole })
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
    requireCurrent,
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
