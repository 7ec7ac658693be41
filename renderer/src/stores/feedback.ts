import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { DemandTimeline, FeedbackState, InputOf, RatesResult, TopicEffect, TopicView } from '../../../shared/contract'
import type { DemandView } from '../../../shared/domain/entities'
import { closeRefusal, currentRound } from '../../../shared/domain/evaluation'
import { addMonths, currentMonth } from '../../../shared/domain/month'
import { isOpenTask, type TaskView } from '../../../shared/domain/task'
import type { DemandStatus } from '../../../shared/domain/vocab'
import { toApiError, useApi } from '../api'
import type { ApiError, Area } from '../api'
import { useCommunityStore } from './community'
import { refreshOn } from './refresh'
import { ConflictError, isConflict } from './revision'
import { useStreetStore } from './street'

/** The statuses a demand can be told, followed up and closed from (not yet triaged: not here). */
export const OPEN_STATUSES = ['accepted', 'handling', 'coordinating', 'escalated', 'notified'] as const satisfies readonly DemandStatus[]
/** Rows read per status (newest first); the view says when there are more. */
export const WORKLIST_PER_STATUS = 100

/**
 * The backend announces task changes (its `tasks` collection) as area 'task', which the renderer's
 * area list does not name yet: a finished task changes what a demand needs next.
 */
const TASK_AREA = 'task' as string as Area

/** What a demand needs next in 效果评价. */
export const NEEDS = ['tell', 'followUp', 'tasks', 'close', 'closed'] as const
export type Need = (typeof NEEDS)[number]

export interface WorkItem {
  demand: DemandView
  openTasks: TaskView[]
  need: Need
}

/**
 * The next step of a demand, by the service's own rules (shared/domain/evaluation.ts): told yet,
 * closable now, closable but for open tasks, else a follow-up is due.
 */
export function needOf(d: DemandView, openTaskTitles: readonly string[]): Need {
  if (d.status === 'evaluated') return 'closed'
  if (!currentRound(d).feedback.length) return 'tell'
  const closable = (titles: readonly string[]) => closeRefusal(d, 'rated', titles) === null || closeRefusal(d, 'unreachable', titles) === null
  if (closable(openTaskTitles)) return 'close'
  if (closable([])) return 'tasks'
  return 'followUp'
}

export interface WorklistFilters {
  communityId: string
  /** open: every status before closure; evaluated: closed ones (to reopen) */
  scope: 'open' | 'evaluated'
  /** '' = every need */
  need: Need | ''
}

/** The selected demand's topic: its 效果评价 summary and its other residents' demands. */
export interface TopicContext {
  topic: TopicView
  effect: TopicEffect
  others: DemandView[]
}

/**
 * 效果评价 (step 6): the worklist of demands to tell, follow up and close (demand:list per status
 * plus the community's tasks), the selected demand's FeedbackState and its topic, the street's
 * rates (stats:rates) and 一事一档 (feedback:timeline). Feedback writes change demands: the caches
 * refresh on demand, task and topic events, and after their own writes.
 */
export const useFeedbackStore = defineStore('feedback', () => {
  const street = useStreetStore()
  const filters = reactive<WorklistFilters>({ communityId: '', scope: 'open', need: '' })
  const items = ref<WorkItem[]>([])
  /** Matching demands in the backend (may exceed what was read). */
  const total = ref(0)
  const truncated = ref(false)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let listActive = false
  let listSeq = 0

  const shown = computed(() => (filters.need ? items.value.filter((i) => i.need === filters.need) : items.value))
  const needCounts = computed(() => {
    const counts = Object.fromEntries(NEEDS.map((n) => [n, 0])) as Record<Need, number>
    for (const i of items.value) counts[i.need]++
    return counts
  })

  async function load(): Promise<void> {
    listActive = true
    const mine = ++listSeq
    loading.value = true
    try {
      const api = useApi()
      const community = filters.communityId ? { communityId: filters.communityId } : {}
      const statuses: readonly DemandStatus[] = filters.scope === 'open' ? OPEN_STATUSES : ['evaluated']
      const [pages, tasks] = await Promise.all([
        Promise.all(statuses.map((status) => api['demand:list']({ ...community, status, page: 1, pageSize: WORKLIST_PER_STATUS }))),
        filters.scope === 'open' ? api['task:list'](community) : Promise.resolve([] as TaskView[]),
      ])
      if (mine !== listSeq) return
      const openByDemand = new Map<string, TaskView[]>()
      for (const t of tasks.filter(isOpenTask)) for (const id of t.demandIds) openByDemand.set(id, [...(openByDemand.get(id) ?? []), t])
      items.value = pages
        .flatMap((p) => p.items)
        .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt))
        .map((demand) => {
          const openTasks = openByDemand.get(demand.id) ?? []
          return { demand, openTasks, need: needOf(demand, openTasks.map((t) => t.title)) }
        })
      total.value = pages.reduce((s, p) => s + p.total, 0)
      truncated.value = pages.some((p) => p.total > p.items.length)
      error.value = null
    } catch (e) {
      if (mine === listSeq) error.value = toApiError(e)
    } finally {
      if (mine === listSeq) loading.value = false
    }
  }

  async function setFilters(next: Partial<WorklistFilters>): Promise<void> {
    const reload = (next.communityId !== undefined && next.communityId !== filters.communityId) || (next.scope !== undefined && next.scope !== filters.scope)
    Object.assign(filters, next)
    if (next.scope !== undefined && next.need === undefined) filters.need = ''
    if (reload) await Promise.all([load(), ratesActive ? loadRates() : undefined])
  }

  // ---- the selected demand ----
  const selectedId = ref<string | null>(null)
  const state = ref<FeedbackState | null>(null)
  const stateError = ref<ApiError | null>(null)
  const topic = ref<TopicContext | null>(null)
  let stateSeq = 0
  let topicSeq = 0

  async function refreshSelected(): Promise<void> {
    const id = selectedId.value
    if (!id) return
    const mine = ++stateSeq
    try {
      const next = await useApi()['feedback:get']({ demandId: id })
      if (mine !== stateSeq) return
      state.value = next
      stateError.value = null
    } catch (e) {
      if (mine !== stateSeq) return
      stateError.value = toApiError(e)
      // Gone (deleted elsewhere): nothing to show.
      if (stateError.value.code === 'NOT_FOUND') state.value = null
    }
    await loadTopic()
  }

  async function loadTopic(): Promise<void> {
    const mine = ++topicSeq
    const d = state.value?.demand
    if (!d?.topicId) {
      topic.value = null
      return
    }
    try {
      const api = useApi()
      const [list, effect] = await Promise.all([api['topic:list']({ communityId: d.communityId }), api['feedback:topicEffect']({ topicId: d.topicId })])
      if (mine !== topicSeq) return
      const t = list.find((x) => x.id === d.topicId)
      topic.value = t
        ? { topic: t, effect, others: t.demands.filter((x): x is DemandView => !('missing' in x) && x.id !== d.id) }
        : null
    } catch {
      if (mine === topicSeq) topic.value = null
    }
  }

  async function select(id: string | null): Promise<void> {
    selectedId.value = id
    stateError.value = null
    if (!id) {
      state.value = null
      topic.value = null
      return
    }
    if (state.value?.demand.id !== id) {
      state.value = null
      topic.value = null
    }
    await refreshSelected()
  }

  /** A write on the selected demand; CONFLICT reloads it and throws a ConflictError with it. */
  async function write(run: () => Promise<FeedbackState>): Promise<FeedbackState> {
    try {
      const next = await run()
      if (selectedId.value === next.demand.id) state.value = next
      await Promise.all([listActive ? load() : undefined, loadTopic(), ratesActive ? loadRates() : undefined])
      return next
    } catch (e) {
      if (!isConflict(e)) throw e
      await refreshSelected()
      throw new ConflictError<FeedbackState>(e.message, state.value)
    }
  }

  const tell = (input: InputOf<'feedback:tell'>) => write(() => useApi()['feedback:tell'](input))
  const followUp = (input: InputOf<'feedback:followUp'>) => write(() => useApi()['feedback:followUp'](input))
  const close = (input: InputOf<'feedback:close'>) => write(() => useApi()['feedback:close'](input))
  const reopen = (input: InputOf<'feedback:reopen'>) => write(() => useApi()['feedback:reopen'](input))

  // ---- the rates of the chosen community (or the whole street) over a month range ----
  const ratesRange = ref<[string, string]>(defaultRatesRange(street.timeZone))
  let rangeChosen = false
  const rates = ref<RatesResult | null>(null)
  const ratesLoading = ref(false)
  const ratesError = ref<ApiError | null>(null)
  let ratesActive = false
  let ratesSeq = 0

  watch(
    () => street.timeZone,
    (tz) => {
      if (!rangeChosen) ratesRange.value = defaultRatesRange(tz)
    },
  )

  async function loadRates(): Promise<void> {
    ratesActive = true
    const mine = ++ratesSeq
    ratesLoading.value = true
    try {
      const [from, to] = ratesRange.value
      const result = await useApi()['stats:rates']({ ...(filters.communityId ? { communityId: filters.communityId } : {}), from, to })
      if (mine !== ratesSeq) return
      rates.value = result
      ratesError.value = null
    } catch (e) {
      if (mine === ratesSeq) ratesError.value = toApiError(e)
    } finally {
      if (mine === ratesSeq) ratesLoading.value = false
    }
  }

  async function setRatesRange(range: [string, string]): Promise<void> {
    rangeChosen = true
    ratesRange.value = range
    await loadRates()
  }

  // ---- 一事一档 ----
  const timeline = ref<DemandTimeline | null>(null)
  const timelineId = ref<string | null>(null)
  const timelineError = ref<ApiError | null>(null)
  const timelineLoading = ref(false)
  let timelineSeq = 0

  async function loadTimeline(id: string | null = timelineId.value): Promise<void> {
    timelineId.value = id
    const mine = ++timelineSeq
    if (!id) {
      timeline.value = null
      return
    }
    if (timeline.value?.demand.id !== id) timeline.value = null
    timelineLoading.value = true
    try {
      const result = await useApi()['feedback:timeline']({ demandId: id })
      if (mine !== timelineSeq) return
      timeline.value = result
      timelineError.value = null
    } catch (e) {
      if (mine !== timelineSeq) return
      timelineError.value = toApiError(e)
      timeline.value = null
    } finally {
      if (mine === timelineSeq) timelineLoading.value = false
    }
  }

  refreshOn(['demand', TASK_AREA, 'topic'], () =>
    Promise.all([listActive ? load() : undefined, selectedId.value ? refreshSelected() : undefined, ratesActive ? loadRates() : undefined]),
  )
  refreshOn(['demand', TASK_AREA, 'topic', 'meeting'], () => (timelineId.value ? loadTimeline() : undefined))

  // The chosen community is gone (sample removed, backup restored): back to the whole street.
  const communities = useCommunityStore()
  watch(
    () => communities.communities,
    (list) => {
      if (communities.loaded && filters.communityId && !list.some((c) => c.id === filters.communityId)) void setFilters({ communityId: '' })
    },
  )

  return {
    filters,
    items,
    shown,
    needCounts,
    total,
    truncated,
    loading,
    error,
    load,
    setFilters,
    selectedId,
    state,
    stateError,
    topic,
    select,
    refreshSelected,
    tell,
    followUp,
    close,
    reopen,
    ratesRange,
    rates,
    ratesLoading,
    ratesError,
    loadRates,
    setRatesRange,
    timeline,
    timelineId,
    timelineError,
    timelineLoading,
    loadTimeline,
  }
})

/** The last 12 months up to the street's current month. */
export function defaultRatesRange(timeZone?: string, now: Date = new Date()): [string, string] {
  const to = currentMonth(now, timeZone)
  return [addMonths(to, -11), to]
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFeedbackStore, import.meta.hot))
