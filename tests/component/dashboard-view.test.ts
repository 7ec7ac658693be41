import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElRadioGroup } from 'element-plus'
import DashboardView from '../../renderer/src/views/DashboardView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput } from './helpers/real-client'
import type { RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'
import { defaultRange } from '../../renderer/src/stores/dashboard'
import { addMonths, toZonedIso, zonedTime } from '../../shared/domain/month'

vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))

afterEach(() => {
  setClient(null)
  document.body.innerHTML = ''
})

/**
 * 七口堰: this month 8 (under way), last month 4, the month before 2; the same months last year 10,
 * 20 and 0 (all recorded for real).
 */
async function seed(backend: RealBackend): Promise<void> {
  const qky = backend.communities['七口堰社区']
  const [, to] = defaultRange()
  const prev = addMonths(to, -1)
  const counts: Array<[string, number]> = [[addMonths(to, -12), 10], [addMonths(prev, -12), 20], [addMonths(prev, -1), 2], [prev, 4], [to, 8]]
  // A minute ago, but never before the street's month began (the suite may run at 00:00 China time).
  const [y, m] = to.split('-').map(Number)
  const recent = toZonedIso(new Date(Math.max(Date.now() - 60_000, zonedTime(y, m, 1).getTime())))
  let n = 0
  for (const [month, count] of counts) {
    for (let i = 0; i < count; i++) {
      const receivedAt = month === to ? recent : `${month}-10T09:00:00+08:00`
      await backend.call('demand:create', demandInput(qky, ++n, { receivedAt }))
    }
  }
}

describe('dashboard view', () => {
  it('opens on 七口堰社区 over the last 12 months and shows total, 同比 and per-month rows', async () => {
    const backend = await createRealBackend()
    const { client } = backend
    setClient(client)
    const { wrapper } = await mountApp(DashboardView, { path: '/dashboard' })
    await flushPromises()

    const [from, to] = defaultRange()
    expect(client['stats:petitionTrend']).toHaveBeenCalledWith({ communityId: backend.communities['七口堰社区'].id, from, to, scope: 'all' })
    expect(client['stats:petitionTrend']).toHaveBeenCalledTimes(1)
    expect(wrapper.findAll('[data-testid="trend-table"] tbody tr')).toHaveLength(12)
    const series = JSON.parse(wrapper.find('[data-testid="trend-chart"]').attributes('data-series')!)
    expect(series.map((s: { name: string }) => s.name)).toEqual(['本期', '上年同期'])
    expect(series[0].data).toHaveLength(12)
    wrapper.unmount()
  })

  it('renders the figures leaders read, and reloads when the scope changes', async () => {
    const backend = await createRealBackend()
    await seed(backend)
    const { client } = backend
    setClient(client)
    const { wrapper } = await mountApp(DashboardView, { path: '/dashboard' })
    await flushPromises()

    // The month under way is counted (14) but not compared: its base is a whole month. 同比 over
    // the finished months: 2 + 4 = 6 against 0 + 20 = 20; 环比 of last month: 4 against 2.
    const [from, to] = defaultRange()
    const prev = addMonths(to, -1)
    expect(wrapper.find('[data-testid="trend-total"]').text()).toBe('14')
    expect(wrapper.find('[data-testid="trend-yoy"]').text()).toBe('同比下降14件，降幅70.0%')
    expect(wrapper.find('[data-testid="trend-yoy-hint"]').text()).toBe(`按${from}至${prev}计（6件），本月未完不计入`)
    expect(wrapper.find('[data-testid="trend-mom"]').text()).toBe('环比上升2件，增幅100.0%')
    expect(wrapper.text()).toContain(`上月数量：${prev} · 4 件`)
    const running = wrapper.find(`[data-testid="trend-table"] tr[data-month="${to}"]`)
    expect(running.find('[data-testid="trend-count"]').text()).toBe('8')
    expect(running.findAll('td.words').map((c) => c.text())).toEqual(['本月未完，不作比较', '本月未完，不作比较'])
    expect(wrapper.find(`[data-testid="trend-table"] tr[data-month="${prev}"] td.words`).text()).toBe('同比下降16件，降幅80.0%')

    // 保存图片 turns the chart into a PNG download.
    const clicks: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(`${this.download}|${this.href}`)
    })
    await wrapper.find('[data-testid="trend-save-png"]').trigger('click')
    expect(clicks).toHaveLength(1)
    expect(clicks[0]).toMatch(/^七口堰社区-\d{4}-\d{2}-\d{4}-\d{2}\.png\|data:image\/png/)
    click.mockRestore()

    const scope = wrapper.findAllComponents(ElRadioGroup).find((g) => g.attributes('data-testid') === 'dashboard-scope')!
    scope.vm.$emit('update:modelValue', 'petition')
    await flushPromises()
    expect(client['stats:petitionTrend']).toHaveBeenLastCalledWith(expect.objectContaining({ scope: 'petition' }))
    wrapper.unmount()
  })
})
