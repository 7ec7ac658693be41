// The dashboard's current month and default window follow the street's time-zone setting
// (street:get), not Asia/Shanghai nor the machine's zone (issue 9, item 4). At 02:00 UTC on
// 1 December it is still November in New York and already December in Shanghai.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DashboardView from '../../renderer/src/views/DashboardView.vue'
import { setClient } from '../../renderer/src/api'
import { defaultRange, useDashboardStore } from '../../renderer/src/stores/dashboard'
import { useStreetStore } from '../../renderer/src/stores/street'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))

const AT = new Date('2026-12-01T02:00:00Z')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(AT)
})
afterEach(() => {
  vi.useRealTimers()
  setClient(null)
  document.body.innerHTML = ''
})

describe('dashboard current month in the street zone', () => {
  it('defaultRange counts the month in the given zone', () => {
    expect(defaultRange(AT, 'America/New_York')).toEqual(['2025-12', '2026-11'])
    expect(defaultRange(AT, 'Asia/Shanghai')).toEqual(['2026-01', '2026-12'])
    expect(defaultRange(AT)).toEqual(['2026-01', '2026-12'])
  })

  it('a street in New York opens the dashboard on the 12 months ending November', async () => {
    const backend = await createRealBackend()
    await backend.call('street:update', { revision: 0, patch: { timeZone: 'America/New_York' } })
    setClient(backend.client)
    const { wrapper } = await mountApp(DashboardView, { path: '/dashboard' })
    await flushPromises()
    await vi.waitFor(() => expect(backend.client['stats:petitionTrend']).toHaveBeenCalled())
    await flushPromises()
    expect(useDashboardStore().range).toEqual(['2025-12', '2026-11'])
    expect(backend.client['stats:petitionTrend'].mock.calls.at(-1)![0]).toMatchObject({ from: '2025-12', to: '2026-11' })
    wrapper.unmount()
  })

  it('without a setting (Asia/Shanghai) it ends with December', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const { wrapper } = await mountApp(DashboardView, { path: '/dashboard' })
    await flushPromises()
    await vi.waitFor(() => expect(backend.client['stats:petitionTrend']).toHaveBeenCalled())
    expect(useDashboardStore().range).toEqual(['2026-01', '2026-12'])
    expect(backend.client['stats:petitionTrend'].mock.calls.at(-1)![0]).toMatchObject({ from: '2026-01', to: '2026-12' })
    wrapper.unmount()
  })

  it('a changed zone moves the default window, but never a range the user chose', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const { wrapper } = await mountApp(DashboardView, { path: '/dashboard' })
    await flushPromises()
    const store = useDashboardStore()
    const street = useStreetStore()
    expect(store.range).toEqual(['2026-01', '2026-12'])
    await backend.call('street:update', { revision: street.settings?.revision ?? 0, patch: { timeZone: 'America/New_York' } })
    await vi.waitFor(() => expect(street.timeZone).toBe('America/New_York'))
    await flushPromises()
    expect(store.range).toEqual(['2025-12', '2026-11'])

    store.setRange(['2026-03', '2026-05'])
    const cur = street.settings!.revision
    await backend.call('street:update', { revision: cur, patch: { timeZone: 'Asia/Shanghai' } })
    await vi.waitFor(() => expect(street.timeZone).toBe('Asia/Shanghai'))
    await flushPromises()
    expect(store.range).toEqual(['2026-03', '2026-05'])
    wrapper.unmount()
  })
})
