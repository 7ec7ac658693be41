import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElRadioGroup } from 'element-plus'
import DashboardView from '../../renderer/src/views/DashboardView.vue'
import { setClient } from '../../renderer/src/api'
import { createFakeClient } from './helpers/fake-client'
import { mountApp } from './helpers/mount'
import { defaultRange } from '../../renderer/src/stores/dashboard'
import type { PetitionTrend } from '../../shared/contract'
import { emptyCounts, monthlyTrend } from '../../shared/domain/statistics'

vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))

afterEach(() => {
  setClient(null)
  document.body.innerHTML = ''
})

/** 七口堰: 30 petitions last year, 12 this year, over the same two months. */
function trendFor(input: { communityId: string; from: string; to: string; scope?: 'all' | 'petition' }): PetitionTrend {
  const c = (total: number) => ({ ...emptyCounts(), total })
  const byMonth = { '2025-10': c(20), '2025-11': c(10), '2026-10': c(4), '2026-11': c(8) }
  return { ...monthlyTrend(byMonth, input.from, input.to), communityId: input.communityId, scope: input.scope ?? 'all', months: {} }
}

describe('dashboard view', () => {
  it('opens on 七口堰社区 over the last 12 months and shows total, 同比 and per-month rows', async () => {
    const { client } = createFakeClient()
    client['stats:petitionTrend'].mockImplementation(async (input) => trendFor(input))
    setClient(client)
    const { wrapper } = await mountApp(DashboardView, { path: '/dashboard' })
    await flushPromises()

    const [from, to] = defaultRange()
    expect(client['stats:petitionTrend']).toHaveBeenCalledWith({ communityId: 'c-qikouyan', from, to, scope: 'all' })
    expect(client['stats:petitionTrend']).toHaveBeenCalledTimes(1)
    expect(wrapper.findAll('[data-testid="trend-table"] tbody tr')).toHaveLength(12)
    const series = JSON.parse(wrapper.find('[data-testid="trend-chart"]').attributes('data-series')!)
    expect(series.map((s: { name: string }) => s.name)).toEqual(['本期', '上年同期'])
    expect(series[0].data).toHaveLength(12)
    wrapper.unmount()
  })

  it('renders the figures leaders read, and reloads when the scope changes', async () => {
    const { client } = createFakeClient()
    client['stats:petitionTrend'].mockImplementation(async (input) => trendFor({ ...input, from: '2026-10', to: '2026-11' }))
    setClient(client)
    const { wrapper } = await mountApp(DashboardView, { path: '/dashboard' })
    await flushPromises()

    expect(wrapper.find('[data-testid="trend-total"]').text()).toBe('12')
    expect(wrapper.find('[data-testid="trend-yoy"]').text()).toBe('-18 件, -60%')
    expect(wrapper.find('[data-testid="trend-mom"]').text()).toBe('+4 件, +100%')
    expect(wrapper.find('[data-testid="trend-table"] tr[data-month="2026-11"] [data-testid="trend-count"]').text()).toBe('8')

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
