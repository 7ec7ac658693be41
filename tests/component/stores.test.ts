import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setClient } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/stores/app'
import { useCommunityStore } from '../../renderer/src/stores/community'
import { useDashboardStore, defaultRange } from '../../renderer/src/stores/dashboard'
import { useDemandStore } from '../../renderer/src/stores/demand'
import { createRealBackend, demandInput } from './helpers/real-client'
import type { RealBackend } from './helpers/real-client'

let backend: RealBackend

beforeEach(async () => {
  setActivePinia(createPinia())
  backend = await createRealBackend()
  setClient(backend.client)
})
afterEach(() => setClient(null))

const qky = () => backend.communities['七口堰社区']

describe('demand store', () => {
  it('reloads the list from page 1 after a create; the phone comes back masked by the service', async () => {
    await backend.call('demand:create', demandInput(qky(), 1))
    const store = useDemandStore()
    await store.setPage(3)
    const created = await store.create(demandInput(qky(), 2, { reporterPhone: '13900001111' }))
    expect(created.reporterPhone).toBe('139****1111')
    expect(backend.client['demand:list']).toHaveBeenLastCalledWith({ page: 1, pageSize: 20 })
    expect(store.total).toBe(2)
    expect(store.items.map((d) => d.id)).toContain(created.id)
  })

  it('pages as the service pages: 45 demands, page 3 holds 5', async () => {
    for (let n = 1; n <= 45; n++) await backend.call('demand:create', demandInput(qky(), n))
    const store = useDemandStore()
    await store.setPage(3)
    expect(store.total).toBe(45)
    expect(store.items).toHaveLength(5)
    await store.setPageSize(50)
    expect(backend.client['demand:list']).toHaveBeenLastCalledWith({ page: 1, pageSize: 50 })
    expect(store.items).toHaveLength(45)
  })

  it('moves a status, refuses a move the workflow forbids, and keeps the last good page on a failed load', async () => {
    const d = await backend.call('demand:create', demandInput(qky(), 1))
    const store = useDemandStore()
    await store.load()
    const accepted = await store.update({ id: d.id, patch: { status: 'accepted' } }, d)
    expect(store.items[0].status).toBe('accepted')
    await expect(store.update({ id: d.id, patch: { status: 'evaluated' } }, accepted)).rejects.toMatchObject({ code: 'VALIDATION' })

    backend.fs.failNext('readFile', /demands/)
    await backend.restart() // drops the partition cache, so the next list reads the file
    backend.fs.failNext('readFile', /demands/)
    await store.load()
    expect(store.items).toHaveLength(1) // the last good page stays on screen
  })
})

describe('stores refresh on change events', () => {
  it('another window’s write reaches the demand, community and dashboard stores', async () => {
    const demands = useDemandStore()
    const communities = useCommunityStore()
    const dashboard = useDashboardStore()
    await demands.load()
    await communities.ensureLoaded()
    dashboard.communityId = qky().id
    await dashboard.load()
    const before = dashboard.trend!.total

    await backend.call('demand:create', demandInput(qky(), 1, { receivedAt: new Date().toISOString().slice(0, 19) + '+08:00' }))
    await backend.call('community:create', { name: '新建社区' })
    await new Promise((r) => setTimeout(r, 0))
    await Promise.resolve()
    await new Promise((r) => setTimeout(r, 50))

    expect(demands.total).toBe(1)
    expect(communities.communities.map((c) => c.name)).toContain('新建社区')
    expect(dashboard.trend!.total).toBe(before + 1)
  })
})

describe('app store', () => {
  it('loads the sample and the status follows', async () => {
    backend = await createRealBackend({ communities: [] })
    setClient(backend.client)
    const app = useAppStore()
    await app.load()
    expect(app.firstRun).toBe(true)
    const result = await app.loadSample()
    expect(result.communities).toBe(15)
    expect(app.firstRun).toBe(false)
    expect(app.sampleLoaded).toBe(true)
    expect(app.sampleBusy).toBe(false)

    await app.removeSample()
    expect(app.sampleLoaded).toBe(false)
  })
})

describe('community store', () => {
  it('loads once, names communities and compounds and prefers 七口堰社区', async () => {
    const store = useCommunityStore()
    await store.ensureLoaded()
    await store.ensureLoaded()
    expect(backend.client['community:list']).toHaveBeenCalledTimes(1)
    const dongmen = backend.communities['东门社区']
    expect(store.nameOf(dongmen.id)).toBe('东门社区')
    expect(store.compoundName(qky().id, qky().compounds[0].id)).toBe('滨江花园')
    expect(store.defaultCommunityId()).toBe(qky().id)
  })
})

describe('dashboard store', () => {
  it('defaults to the last 12 months ending this month', () => {
    expect(defaultRange(new Date(2026, 10, 26))).toEqual(['2025-12', '2026-11'])
  })

  it('asks for the trend with the chosen community, range and scope', async () => {
    await backend.call('demand:create', demandInput(qky(), 1, { channel: 'petition', receivedAt: '2026-02-10T09:00:00+08:00' }))
    const store = useDashboardStore()
    store.communityId = qky().id
    store.range = ['2026-01', '2026-03']
    store.scope = 'petition'
    await store.load()
    expect(backend.client['stats:petitionTrend']).toHaveBeenCalledWith({
      communityId: qky().id,
      from: '2026-01',
      to: '2026-03',
      scope: 'petition',
    })
    expect(store.trend?.points.map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03'])
    expect(store.trend?.points.map((p) => p.count)).toEqual([0, 1, 0])
  })
})
