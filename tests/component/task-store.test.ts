// The task store against the real backend: the filters as task:list input (empty ones left out),
// decisions of a meeting, writes that reload what is shown, a stale revision as ConflictError
// with the task as it is now, another window's write followed through `changed`, the overdue
// count by the street's date (clock injected), and the ledger export as a download.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setClient } from '../../renderer/src/api'
import { ConflictError } from '../../renderer/src/stores/revision'
import { filtersInput, EMPTY_FILTERS, useTaskStore } from '../../renderer/src/stores/task'
import { createRealBackend } from './helpers/real-client'
import { dayFromNow, seedDecisions, seedTask } from './helpers/task-seed'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
})

const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })

describe('task store', () => {
  it('sends only the filters that are set', () => {
    expect(filtersInput(EMPTY_FILTERS)).toEqual({})
    expect(filtersInput({ communityId: 'c1', party: 'department', owner: '  李 ', dueFrom: '2026-12-01', dueTo: '', column: 'overdue' })).toEqual({
      communityId: 'c1',
      party: 'department',
      owner: '李',
      dueFrom: '2026-12-01',
      column: 'overdue',
    })
  })

  it('loads the ledger and the decisions, reloads after a write, and follows another window', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const seed = await seedDecisions(backend)
    setClient(backend.client)
    setActivePinia(createPinia())
    const store = useTaskStore()
    await store.load()
    await store.openMeeting(seed.meeting.id)
    expect(store.items).toEqual([])
    expect(store.decisions?.items.map((i) => [i.title, i.decision])).toEqual([
      ['北门车位被长期占用', '物业一周内清理北门僵尸车\n业委会负责监督'],
      ['3栋电梯经常停运', ''],
    ])

    const made = await store.create({ communityId: seed.communityId, title: '清理僵尸车', party: 'propertyCompany', owner: '刘建国', deadline: dayFromNow(7), topicIds: [], demandIds: [], source: { meetingId: seed.meeting.id, itemId: seed.meeting.agenda[0].id } })
    expect(store.items.map((t) => t.id)).toEqual([made.id])
    expect(store.decisions?.items[0].tasks.map((t) => t.id)).toEqual([made.id])

    await store.setFilters({ party: 'department' })
    expect(backend.client['task:list']).toHaveBeenLastCalledWith({ party: 'department' })
    expect(store.items).toEqual([])
    await store.setFilters({ party: '', owner: '刘' })
    expect(backend.client['task:list']).toHaveBeenLastCalledWith({ owner: '刘' })
    expect(store.items).toHaveLength(1)

    // Another window adds a task: the `changed` event reloads the list and the decisions.
    const other = await seedTask(backend, seed, { title: '业委会监督清理' })
    await until(() => expect(store.items.map((t) => t.id).sort()).toEqual([made.id, other.id].sort()))
    await until(() => expect(store.decisions?.items[0].tasks).toHaveLength(2))
  })

  it('a write with a stale revision throws ConflictError carrying the task as it is now', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const seed = await seedDecisions(backend)
    const task = await seedTask(backend, seed)
    const newer = await backend.call('task:progress', { id: task.id, revision: task.revision, text: '已通知物业' })
    setClient(backend.client)
    setActivePinia(createPinia())
    const store = useTaskStore()
    const err = await store.progress({ id: task.id, revision: task.revision, text: '重复' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConflictError)
    expect((err as ConflictError<unknown>).latest).toMatchObject({ id: task.id, revision: newer.revision, status: 'inProgress' })
  })

  it('counts overdue tasks by the street date and recounts on change events', async () => {
    let clock = Date.now()
    // Days pass with the app open: the session must not lock itself meanwhile.
    const backend = await createRealBackend({ role: 'secretary', now: () => new Date(clock), idleLockMinutes: 60 * 24 * 30 })
    const seed = await seedDecisions(backend)
    const task = await seedTask(backend, seed, { deadline: dayFromNow(1) })
    setClient(backend.client)
    setActivePinia(createPinia())
    const store = useTaskStore()
    await store.loadOverdue()
    expect(store.overdueCount).toBe(0)
    clock += 4 * 86_400_000
    await store.loadOverdue()
    expect(store.overdueCount).toBe(1)
    await store.load()
    expect(store.items[0]).toMatchObject({ id: task.id, overdue: true, column: 'overdue', daysOverdue: 3 })
    // Marked done in another window: the badge's count follows.
    await backend.call('task:progress', { id: task.id, revision: task.revision, text: '已清理完毕', status: 'done' })
    await until(() => expect(store.overdueCount).toBe(0))
  })

  it('exports the ledger of the current filters as a download', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    setClient(backend.client)
    setActivePinia(createPinia())
    const store = useTaskStore()
    const clicks: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    })
    store.filters.communityId = backend.communities['七口堰社区'].id
    const name = await store.exportLedger()
    expect(backend.client['task:export']).toHaveBeenCalledWith({ communityId: backend.communities['七口堰社区'].id })
    expect(name).toMatch(/^任务台账-\d{4}-\d{2}-\d{2}\.xlsx$/)
    expect(clicks).toEqual([name])
  })
})
