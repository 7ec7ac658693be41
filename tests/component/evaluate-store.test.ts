// The 效果评价 store against the real backend: the worklist (demand:list per open status and the
// community's tasks) with what each demand needs next by the service's rules, refreshed by another
// window's writes; the selected demand's writes with their revision (a stale one reloads and
// throws a ConflictError carrying the demand as it is now); the rates of a community or the street;
// 一事一档.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { effectScope } from 'vue'
import type { DemandView } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import { setClient } from '../../renderer/src/api'
import { needOf, useFeedbackStore } from '../../renderer/src/stores/feedback'
import { ConflictError } from '../../renderer/src/stores/revision'
import { createRealBackend, demandInput, type RealBackend } from './helpers/real-client'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
})

const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const minutesAgo = (n: number) => toLocalIso(new Date(Date.now() - n * 60_000))

/** A demand of 七口堰社区 moved to 受理研判 (accepted), so 效果评价 lists it. */
async function accepted(backend: RealBackend, n: number, over: Record<string, unknown> = {}): Promise<DemandView> {
  const d = await backend.call('demand:create', demandInput(backend.communities['七口堰社区'], n, over))
  return backend.call('demand:update', { id: d.id, revision: d.revision, patch: { status: 'accepted' } })
}
const rev = async (b: RealBackend, id: string) => (await b.call('demand:get', { id })).revision
const tell = async (b: RealBackend, id: string) =>
  b.call('feedback:tell', { demandId: id, revision: await rev(b, id), at: minutesAgo(5), way: 'phone', teller: '李秘书', text: '已告知办理结果' })
const rate = async (b: RealBackend, id: string) =>
  b.call('feedback:followUp', { demandId: id, revision: await rev(b, id), at: minutesAgo(2), way: 'visit', reached: true, rating: 'satisfied' })

function useStore() {
  const pinia = createPinia()
  setActivePinia(pinia)
  // refreshOn subscribes inside the store's scope; keep one alive like a mounted app does
  const scope = effectScope()
  const store = scope.run(() => useFeedbackStore())!
  return { store, stop: () => scope.stop() }
}

describe('feedback store', () => {
  it('lists open demands with their next step by the service’s rules, and follows another window’s writes', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    setClient(backend.client)
    const qky = backend.communities['七口堰社区']
    const toTell = await accepted(backend, 1, { description: '楼道灯坏了' })
    const toRate = await accepted(backend, 2, { description: '垃圾清运不及时' })
    await tell(backend, toRate.id)
    const withTask = await accepted(backend, 3, { description: '地库僵尸车' })
    await tell(backend, withTask.id)
    await rate(backend, withTask.id)
    await backend.call('task:create', { communityId: qky.id, title: '清理僵尸车', party: 'propertyCompany', owner: '赵经理', deadline: '2099-12-31', demandIds: [withTask.id] })
    const closable = await accepted(backend, 4, { description: '健身器材损坏' })
    await tell(backend, closable.id)
    await rate(backend, closable.id)
    // not triaged yet: not in 效果评价
    await backend.call('demand:create', demandInput(qky, 5, { description: '新呼叫' }))
    const done = await accepted(backend, 6, { description: '已办结的诉求' })
    await tell(backend, done.id)
    await rate(backend, done.id)
    await backend.call('feedback:close', { demandId: done.id, revision: await rev(backend, done.id), outcome: 'rated' })

    const { store, stop } = useStore()
    await store.setFilters({ communityId: qky.id })
    await store.load()
    const needs = () => Object.fromEntries(store.items.map((i) => [i.demand.description, i.need]))
    expect(needs()).toEqual({ 楼道灯坏了: 'tell', 垃圾清运不及时: 'followUp', 地库僵尸车: 'tasks', 健身器材损坏: 'close' })
    expect(store.items.find((i) => i.demand.id === withTask.id)!.openTasks.map((t) => t.title)).toEqual(['清理僵尸车'])
    expect(store.needCounts).toMatchObject({ tell: 1, followUp: 1, tasks: 1, close: 1 })
    expect(backend.client['task:list']).toHaveBeenCalledWith({ communityId: qky.id })
    for (const status of ['accepted', 'handling', 'coordinating', 'escalated', 'notified']) {
      expect(backend.client['demand:list']).toHaveBeenCalledWith({ communityId: qky.id, status, page: 1, pageSize: 100 })
    }
    await store.setFilters({ need: 'tell' })
    expect(store.shown.map((i) => i.demand.id)).toEqual([toTell.id])

    // another window tells the first resident: the list follows the change event
    await tell(backend, toTell.id)
    await until(() => expect(store.items.find((i) => i.demand.id === toTell.id)?.need).toBe('followUp'))
    expect(store.shown).toEqual([])

    await store.setFilters({ scope: 'evaluated' })
    expect(store.filters.need).toBe('')
    expect(store.items.map((i) => [i.demand.id, i.need])).toEqual([[done.id, 'closed']])
    stop()
  })

  it('needOf: told before rated, three failed attempts allow 无法联系, open tasks block closing', () => {
    const d = { status: 'notified', feedback: [{}], followUps: [] } as unknown as DemandView
    expect(needOf({ ...d, feedback: [] }, [])).toBe('tell')
    expect(needOf(d, [])).toBe('followUp')
    const failed = { ...d, followUps: [1, 2, 3].map(() => ({ reached: false })) } as unknown as DemandView
    expect(needOf(failed, [])).toBe('close')
    expect(needOf(failed, ['修路灯'])).toBe('tasks')
    expect(needOf({ ...d, status: 'evaluated' }, [])).toBe('closed')
  })

  it('writes with the revision read; a stale one reloads the demand and throws a ConflictError with it', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    setClient(backend.client)
    const d = await accepted(backend, 1)
    const { store, stop } = useStore()
    await store.select(d.id)
    expect(store.state?.ratingRefusal).toBe('尚未向居民反馈办理结果，请先登记反馈告知，再回访评价')
    expect(store.state?.closeRefusal).toEqual({ rated: '尚未向居民反馈办理结果，不能办结', unreachable: '尚未向居民反馈办理结果，不能办结' })

    const read = store.state!.demand.revision
    // another window corrects the demand meanwhile
    await backend.call('demand:update', { id: d.id, revision: read, patch: { description: '另一个窗口改过' } })
    const stale = store.tell({ demandId: d.id, revision: read, at: minutesAgo(1), way: 'phone', teller: '李秘书', text: '已告知' })
    await expect(stale).rejects.toBeInstanceOf(ConflictError)
    const error = (await stale.catch((e: unknown) => e)) as ConflictError<{ demand: DemandView }>
    expect(error.latest?.demand.description).toBe('另一个窗口改过')
    expect(store.state?.demand.description).toBe('另一个窗口改过')
    expect(store.state?.demand.feedback ?? []).toEqual([])

    const told = await store.tell({ demandId: d.id, revision: store.state!.demand.revision, at: minutesAgo(1), way: 'wechat', teller: '李秘书', text: '已告知' })
    expect(told.demand).toMatchObject({ status: 'notified', feedback: [{ way: 'wechat', teller: '李秘书', text: '已告知' }] })
    expect(store.state?.ratingRefusal).toBeNull()
    stop()
  })

  it('rates of a community or the whole street over the months chosen', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    setClient(backend.client)
    const { store, stop } = useStore()
    await store.setRatesRange(['2026-01', '2026-03'])
    expect(backend.client['stats:rates']).toHaveBeenLastCalledWith({ from: '2026-01', to: '2026-03' })
    expect(store.rates).toMatchObject({ communityId: null, demands: 0, closeRate: null, satisfactionRate: null, communities: 2 })
    await store.setFilters({ communityId: backend.communities['东门社区'].id })
    expect(backend.client['stats:rates']).toHaveBeenLastCalledWith({ communityId: backend.communities['东门社区'].id, from: '2026-01', to: '2026-03' })
    stop()
  })

  it('一事一档 of a demand, refreshed when it changes', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    setClient(backend.client)
    const d = await accepted(backend, 1)
    const { store, stop } = useStore()
    await store.loadTimeline(d.id)
    // moving it to 受理研判 was a correction of the record
    expect(store.timeline?.entries.map((e) => e.kind)).toEqual(['received', 'recorded', 'corrected'])
    expect(store.timeline?.communityName).toBe('七口堰社区')
    await backend.call('feedback:tell', { demandId: d.id, revision: d.revision, at: toLocalIso(new Date()), way: 'phone', teller: '李秘书', text: '已告知办理结果' })
    await until(() => expect(store.timeline?.entries.map((e) => e.kind)).toEqual(['received', 'recorded', 'corrected', 'feedback']))
    stop()
  })
})
