import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { InputOf, TopicView } from '../../../shared/contract'
import { agendaOrder, moveInList } from '../../../shared/domain/topic-model'
import { toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

/** Topics (确认议题) of one community or all: a cache of topic:list; refreshes on topic and demand events. */
export const useTopicStore = defineStore('topic', () => {
  const items = ref<TopicView[]>([])
  const communityId = ref('')
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let active = false
  let seq = 0

  const proposed = computed(() => items.value.filter((t) => t.status === 'proposed'))
  const confirmed = computed(() => agendaOrder(items.value))

  async function load(): Promise<void> {
    active = true
    const mine = ++seq
    loading.value = true
    try {
      const list = await useApi()['topic:list'](communityId.value ? { communityId: communityId.value } : {})
      if (mine !== seq) return
      items.value = list
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

  async function after<T>(p: Promise<T>): Promise<T> {
    const r = await p
    await load()
    return r
  }

  const create = (input: InputOf<'topic:create'>) => after(useApi()['topic:create'](input))
  const merge = (input: InputOf<'topic:merge'>) => after(useApi()['topic:merge'](input))
  const undoMerge = (topic: TopicView, mergeId: string) => after(useApi()['topic:undoMerge']({ id: topic.id, revision: topic.revision, mergeId }))
  const split = (topic: TopicView, demandIds: string[], title: string) =>
    after(useApi()['topic:split']({ id: topic.id, revision: topic.revision, demandIds, title }))
  const rename = (topic: TopicView, title: string) => after(useApi()['topic:update']({ id: topic.id, revision: topic.revision, patch: { title } }))
  const confirm = (topic: TopicView) => after(useApi()['topic:confirm']({ id: topic.id, revision: topic.revision }))

  /** Moves a confirmed topic one place up (-1) or down (+1) in its community's agenda. */
  async function move(topic: TopicView, delta: -1 | 1): Promise<void> {
    const ids = agendaOrder(items.value.filter((t) => t.communityId === topic.communityId)).map((t) => t.id)
    const next = moveInList(ids, topic.id, delta)
    if (next.join() === ids.join()) return
    await after(useApi()['topic:reorder']({ communityId: topic.communityId, ids: next }))
  }

  /** The merges of a topic that can still be undone (not undone yet), newest first. */
  function undoableMerges(topic: TopicView) {
    const undone = new Set(topic.history.filter((e) => e.kind === 'undoMerge').map((e) => e.mergeId))
    return topic.history.filter((e) => e.kind === 'merge' && !undone.has(e.id) && e.demandIds.every((d) => topic.demandIds.includes(d))).reverse()
  }

  refreshOn(['topic', 'demand'], () => (active ? load() : undefined))

  return { items, communityId, loading, error, proposed, confirmed, load, setCommunity, create, merge, undoMerge, split, rename, confirm, move, undoableMerges }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTopicStore, import.meta.hot))
