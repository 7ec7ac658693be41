import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { InputOf, TaskDecisions, TopicView } from '../../../shared/contract'
import type { Meeting, PersonView } from '../../../shared/domain/meeting'
import type { TaskColumn, TaskParty, TaskView } from '../../../shared/domain/task'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { downloadFile } from '../files'
import { refreshOn } from './refresh'
import { ConflictError, isConflict } from './revision'

/** The ledger's and the board's filters as the screen holds them ('' = no filter). */
export interface TaskFilters {
  communityId: string
  party: TaskParty | ''
  owner: string
  dueFrom: string
  dueTo: string
  column: TaskColumn | ''
}

export type TaskLayout = 'ledger' | 'board'

export const EMPTY_FILTERS: TaskFilters = { communityId: '', party: '', owner: '', dueFrom: '', dueTo: '', column: '' }

/** A meeting whose decisions can become tasks: it has started (in progress) or ended. */
export const hasDecisions = (m: Pick<Meeting, 'status'>) => m.status === 'inProgress' || m.status === 'ended'

/** The task:list / task:export input of the filters: empty ones left out. */
export function filtersInput(f: TaskFilters): InputOf<'task:list'> {
  const input: InputOf<'task:list'> = {}
  if (f.communityId) input.communityId = f.communityId
  if (f.party) input.party = f.party
  if (f.owner.trim()) input.owner = f.owner.trim()
  if (f.dueFrom) input.dueFrom = f.dueFrom
  if (f.dueTo) input.dueTo = f.dueTo
  if (f.column) input.column = f.column
  return input
}

/**
 * 制定方案 and 推进落实 (issue 11): the ledger of tasks under the screen's filters (task:list),
 * the meetings of a community with their decisions (task:decisions), the overdue count of the nav
 * badge (task:overdue), and the writes. Each write reloads what is shown; `changed` events of
 * the task area (another window, another operator) do the same.
 *
 * Writes name the revision of the task as read; a CONFLICT reloads the task and is thrown as a
 * ConflictError carrying it as it is now.
 */
export const useTaskStore = defineStore('task', () => {
  const filters = ref<TaskFilters>({ ...EMPTY_FILTERS })
  const layout = ref<TaskLayout>('ledger')
  const items = ref<TaskView[]>([])
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let listActive = false
  let listSeq = 0

  /** 制定方案: the community, its meetings that have decisions, the open meeting's decisions. */
  const planCommunityId = ref('')
  const meetings = ref<Meeting[]>([])
  const meetingId = ref('')
  const decisions = ref<TaskDecisions | null>(null)
  const planError = ref<ApiError | null>(null)
  let meetingsSeq = 0
  let decisionsSeq = 0

  /** The minutes page: the tasks of each agenda item of the meeting it shows (itemId → tasks). */
  const itemTasksMeetingId = ref('')
  const itemTasks = ref<Record<string, TaskView[]>>({})
  let itemTasksSeq = 0

  const overdueCount = ref(0)
  let overdueActive = false
  let overdueSeq = 0

  const byId = computed(() => new Map(items.value.map((t) => [t.id, t])))
  const overdueShown = computed(() => items.value.filter((t) => t.overdue).length)

  async function load(): Promise<void> {
    listActive = true
    const mine = ++listSeq
    loading.value = true
    try {
      const list = await useApi()['task:list'](filtersInput(filters.value))
      if (mine !== listSeq) return
      items.value = list
      error.value = null
    } catch (e) {
      if (mine === listSeq) error.value = toApiError(e)
    } finally {
      if (mine === listSeq) loading.value = false
    }
  }

  async function setFilters(patch: Partial<TaskFilters>): Promise<void> {
    filters.value = { ...filters.value, ...patch }
    await load()
  }

  /** The community's meetings that have started or ended, newest first. */
  async function loadMeetings(communityId: string = planCommunityId.value): Promise<void> {
    planCommunityId.value = communityId
    const mine = ++meetingsSeq
    if (!communityId) {
      meetings.value = []
      return
    }
    try {
      const list = await useApi()['meeting:list']({ communityId })
      if (mine !== meetingsSeq) return
      meetings.value = list.filter(hasDecisions).sort((a, b) => b.startsAt.localeCompare(a.startsAt))
      planError.value = null
    } catch (e) {
      if (mine === meetingsSeq) planError.value = toApiError(e)
    }
  }

  async function loadDecisions(): Promise<void> {
    const mine = ++decisionsSeq
    const id = meetingId.value
    if (!id) {
      decisions.value = null
      return
    }
    try {
      const d = await useApi()['task:decisions']({ meetingId: id })
      if (mine !== decisionsSeq) return
      decisions.value = d
      planError.value = null
    } catch (e) {
      if (mine !== decisionsSeq) return
      decisions.value = null
      planError.value = toApiError(e)
    }
  }

  async function openMeeting(id: string): Promise<void> {
    meetingId.value = id
    await loadDecisions()
  }

  async function loadItemTasks(): Promise<void> {
    const mine = ++itemTasksSeq
    const id = itemTasksMeetingId.value
    try {
      const d = id ? await useApi()['task:decisions']({ meetingId: id }) : null
      if (mine === itemTasksSeq) itemTasks.value = Object.fromEntries((d?.items ?? []).map((i) => [i.itemId, i.tasks]))
    } catch {
      // A list beside the minutes: a refused read (signed out, locked) leaves it as it was.
    }
  }

  /** The minutes page shows `meetingId`: its items' tasks, kept up to date while it does. */
  async function showItemTasks(meetingId: string): Promise<void> {
    if (meetingId !== itemTasksMeetingId.value) itemTasks.value = {}
    itemTasksMeetingId.value = meetingId
    await loadItemTasks()
  }

  /** The minutes page closed: its meeting's item tasks are no longer kept fresh. */
  function stopItemTasks(): void {
    itemTasksSeq++
    itemTasksMeetingId.value = ''
    itemTasks.value = {}
  }

  async function loadOverdue(): Promise<void> {
    overdueActive = true
    const mine = ++overdueSeq
    try {
      const o = await useApi()['task:overdue']({})
      if (mine === overdueSeq) overdueCount.value = o.count
    } catch {
      // The badge is a hint: a refused or failed count (signed out, locked) leaves it as it was.
    }
  }

  /** Reloads everything a screen shows after a write. */
  async function reload(): Promise<void> {
    await Promise.all([
      listActive ? load() : undefined,
      meetingId.value ? loadDecisions() : undefined,
      itemTasksMeetingId.value ? loadItemTasks() : undefined,
      overdueActive ? loadOverdue() : undefined,
    ])
  }

  async function after<T>(p: Promise<T>): Promise<T> {
    const r = await p
    await reload()
    return r
  }

  /** A revision-checked write of `task`: CONFLICT → reload, ConflictError(the task as it is now). */
  async function write<T>(task: Pick<TaskView, 'id'>, send: () => Promise<T>): Promise<T> {
    try {
      return await after(send())
    } catch (e) {
      if (!isConflict(e)) throw e
      const latest = await useApi()['task:get']({ id: task.id }).catch(() => null)
      await reload()
      throw new ConflictError<TaskView>(e.message, latest)
    }
  }

  const create = (input: InputOf<'task:create'>) => after(useApi()['task:create'](input))
  const update = (input: InputOf<'task:update'>) => write(input, () => useApi()['task:update'](input))
  const progress = (input: InputOf<'task:progress'>) => write(input, () => useApi()['task:progress'](input))
  const escalate = (input: InputOf<'task:escalate'>) => write(input, () => useApi()['task:escalate'](input))

  /** The ledger of the current filters as .xlsx, through the browser's download; returns its name. */
  async function exportLedger(): Promise<string> {
    const file = await useApi()['task:export'](filtersInput(filters.value))
    downloadFile(file)
    return file.fileName
  }

  /** The active people of a community: who a task's 责任人 may be picked from. */
  async function peopleOf(communityId: string): Promise<PersonView[]> {
    if (!communityId) return []
    return (await useApi()['people:list']({ communityId })).filter((p) => p.active)
  }

  /** The topic a task is linked to (the first): what 提交街道 raises to the street. */
  async function topicOf(task: Pick<TaskView, 'communityId' | 'topicIds'>): Promise<TopicView | null> {
    const id = task.topicIds[0]
    if (!id) return null
    const list = await useApi()['topic:list']({ communityId: task.communityId })
    return list.find((t) => t.id === id) ?? null
  }

  /** One meeting's decisions and their tasks, without changing what the plan screen shows. */
  async function decisionsOf(id: string): Promise<TaskDecisions> {
    return useApi()['task:decisions']({ meetingId: id })
  }

  refreshOn(['task'], () => reload())
  // A decision written in the minutes, a meeting started or ended: the plan screen follows.
  refreshOn(['meeting'], () => Promise.all([planCommunityId.value ? loadMeetings() : undefined, meetingId.value ? loadDecisions() : undefined]))

  return {
    filters,
    layout,
    items,
    byId,
    loading,
    error,
    overdueShown,
    planCommunityId,
    meetings,
    meetingId,
    decisions,
    planError,
    overdueCount,
    itemTasks,
    showItemTasks,
    stopItemTasks,
    load,
    setFilters,
    loadMeetings,
    loadDecisions,
    decisionsOf,
    openMeeting,
    loadOverdue,
    create,
    update,
    progress,
    escalate,
    exportLedger,
    peopleOf,
    topicOf,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTaskStore, import.meta.hot))
