import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError, setClient } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/stores/app'
import { useCommunityStore } from '../../renderer/src/stores/community'
import { useDashboardStore, defaultRange } from '../../renderer/src/stores/dashboard'
import { useDemandStore } from '../../renderer/src/stores/demand'
import { createFakeClient, demandView } from './helpers/fake-client'
import type { FakeClient } from './helpers/fake-client'

let client: FakeClient

beforeEach(() => {
  setActivePinia(createPinia())
  client = createFakeClient({ demands: [demandView(1)], status: { firstRun: true } }).client
  setClient(client)
})
afterEach(() => setClient(null))

describe('demand store', () => {
  it('reloads the list from page 1 after a create', async () => {
    const store = useDemandStore()
    await store.setPage(3)
    const created = await store.create({
      communityId: 'c-qikouyan',
      channel: 'petition',
      category: 'noise',
      reporterName: '赵大',
      reporterPhone: '13900001111',
      receivedAt: '2026-10-06T08:00:00+08:00',
      description: '夜间施工噪音',
    })
    expect(created.reporterPhone).toBe('139****1111')
    expect(client['demand:list']).toHaveBeenLastCalledWith({ page: 1, pageSize: 20 })
    expect(store.total).toBe(2)
    expect(store.items.map((d) => d.id)).toContain(created.id)
  })

  it('reloads after an update and keeps the error when a load fails', async () => {
    const store = useDemandStore()
    await store.load()
    const calls = client['demand:list'].mock.calls.length
    await store.update({ id: 'd-1', revision: 1, patch: { status: 'accepted' } })
    expect(client['demand:list'].mock.calls.length).toBe(calls + 1)
    expect(store.items[0].status).toBe('accepted')

    client['demand:list'].mockRejectedValueOnce(new ApiError('INTERNAL', '无法连接到本地服务'))
    await store.load()
    expect(store.error?.message).toBe('无法连接到本地服务')
    expect(store.items).toHaveLength(1) // the last good page stays on screen
  })

  it('changing the page size goes back to page 1', async () => {
    const store = useDemandStore()
    await store.setPage(2)
    await store.setPageSize(50)
    expect(client['demand:list']).toHaveBeenLastCalledWith({ page: 1, pageSize: 50 })
  })
})

describe('app store', () => {
  it('loads the sample and reloads the status', async () => {
    const app = useAppStore()
    await app.load()
    expect(app.firstRun).toBe(true)
    const result = await app.loadSample()
    expect(result).toEqual({ communities: 15, demands: 8000 })
    expect(client['app:status']).toHaveBeenCalledTimes(2)
    expect(app.firstRun).toBe(false)
    expect(app.sampleLoaded).toBe(true)
    expect(app.sampleBusy).toBe(false)

    await app.removeSample()
    expect(app.sampleLoaded).toBe(false)
    expect(client['app:status']).toHaveBeenCalledTimes(3)
  })

  it('dismisses a notice through the api and reloads', async () => {
    client = createFakeClient({
      status: { notices: [{ id: 'n1', level: 'warning', message: '诉求文件已从备份恢复', at: '2026-11-26T08:00:00+08:00' }] },
    }).client
    setClient(client)
    const app = useAppStore()
    await app.load()
    expect(app.notices).toHaveLength(1)
    await app.dismissNotice('n1')
    expect(client['app:dismissNotice']).toHaveBeenCalledWith({ id: 'n1' })
    expect(app.notices).toHaveLength(0)
  })
})

describe('community store', () => {
  it('loads once, names communities and compounds and prefers 七口堰社区', async () => {
    const store = useCommunityStore()
    await store.ensureLoaded()
    await store.ensureLoaded()
    expect(client['community:list']).toHaveBeenCalledTimes(1)
    expect(store.nameOf('c-dongmen')).toBe('东门社区')
    expect(store.compoundName('c-qikouyan', 'p-qky-1')).toBe('滨江花园')
    expect(store.defaultCommunityId()).toBe('c-qikouyan')
  })
})

describe('dashboard store', () => {
  it('defaults to the last 12 months ending this month', () => {
    expect(defaultRange(new Date(2026, 10, 26))).toEqual(['2025-12', '2026-11'])
  })

  it('asks for the trend with the chosen community, range and scope', async () => {
    const store = useDashboardStore()
    store.communityId = 'c-qikouyan'
    store.range = ['2026-01', '2026-03']
    store.scope = 'petition'
    await store.load()
    expect(client['stats:petitionTrend']).toHaveBeenCalledWith({
      communityId: 'c-qikouyan',
      from: '2026-01',
      to: '2026-03',
      scope: 'petition',
    })
    expect(store.trend?.points.map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03'])
  })
})
