// 街道看板 (issue 12) over the real backend (in-memory files), signed in as a leader, the clock at
// 20 May 2026 in the street: presets, headline wording, side-by-side series, sorting the ranking,
// drilling down to the records, the sentences, PNG, and the English labels.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { ElDatePicker, ElMessage, ElRadioGroup, ElSelect } from 'element-plus'
import StreetDashboardView from '../../renderer/src/views/StreetDashboardView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))

afterEach(() => {
  setClient(null)
  document.body.innerHTML = ''
})

const NOW = new Date('2026-05-20T10:00:00+08:00')

/**
 * 七口堰社区: 5 petitions in January 2025; 1 petition in January 2026, 2 hotline in February 2026.
 * 东门社区: 2 petitions in March 2026.
 */
async function seed(b: RealBackend): Promise<void> {
  const qky = b.communities['七口堰社区']
  const dm = b.communities['东门社区']
  let n = 0
  const add = async (c: typeof qky, month: string, channel: 'petition' | 'hotline', count: number) => {
    for (let i = 0; i < count; i++) await b.call('demand:create', demandInput(c, ++n, { channel, receivedAt: `${month}-1${i}T09:00:00+08:00` }))
  }
  await add(qky, '2025-01', 'petition', 5)
  await add(qky, '2026-01', 'petition', 1)
  await add(qky, '2026-02', 'hotline', 2)
  await add(dm, '2026-03', 'petition', 2)
}

async function open(): Promise<{ backend: RealBackend; wrapper: VueWrapper }> {
  const backend = await createRealBackend({ role: 'leader', now: () => NOW })
  await seed(backend)
  setClient(backend.client)
  const { wrapper } = await mountApp(StreetDashboardView, { path: '/overview' })
  await flushPromises()
  return { backend, wrapper }
}

const seriesOf = (w: VueWrapper, id: string) => JSON.parse(w.find(`[data-testid="${id}"]`).attributes('data-series')!) as Array<{ id: string; name: string; data: unknown[] }>
const radio = (w: VueWrapper, id: string) => w.findAllComponents(ElRadioGroup).find((g) => g.attributes('data-testid') === id)!

describe('street dashboard', () => {
  it('opens on 本年累计 for the whole street, the partial month said, 同比/环比 worded as reports word them', async () => {
    const { backend, wrapper } = await open()
    expect(backend.client['stats:street']).toHaveBeenCalledWith({ preset: 'yearToDate', granularity: 'month', rankBy: 'petitions', order: 'desc', sentences: 'yoyAndMom' })
    expect(wrapper.find('[data-testid="overview-period"]').text()).toContain('2026年1—5月（截至5月20日）')
    expect(wrapper.find('[data-testid="overview-partial"]').exists()).toBe(true)
    // May is not over: 同比 / 环比 compare January–April (its bases would be whole months), and say so
    expect(wrapper.find('[data-testid="overview-bases"]').text()).toBe('同比、环比按2026年1—4月计（不含未结束的本月） · 上年同期 2025年1—4月 · 上期 2025年9—12月')
    // 3 petitions against 5 a year before and none in 2025年9—12月
    expect(wrapper.find('[data-testid="headline-petitions-value"]').text()).toBe('3件')
    expect(wrapper.find('[data-testid="headline-petitions-yoy"]').text()).toBe('同比下降2件，降幅40.0%')
    expect(wrapper.find('[data-testid="headline-petitions-mom"]').text()).toBe('上期为0，新增3件')
    // the figure the changes compare is on the card too (January–April; May has none)
    expect(wrapper.find('[data-testid="headline-petitions-part"]').text()).toBe('其中2026年1—4月：3件')
    expect(wrapper.find('[data-testid="headline-demands-part"]').text()).toBe('其中2026年1—4月：5件')
    expect(wrapper.text()).not.toContain('末月环比')
    const trend = seriesOf(wrapper, 'overview-trend')
    expect(trend.map((s) => s.name)).toEqual(['全街道'])
    expect(trend[0].data).toHaveLength(5)
    // May is still running: drawn lighter
    expect(trend[0].data[4]).toMatchObject({ value: 0, itemStyle: { opacity: 0.5 } })
    expect(wrapper.findAll('[data-testid="summary-sentence"]')[0].text()).toBe('2026年1—5月（截至5月20日），全街道信访量3件；其中2026年1—4月3件，同比下降2件，降幅40.0%；上期为0，新增3件。')
    wrapper.unmount()
  })

  it('puts communities side by side, changes the preset, the cut and the measure', async () => {
    const { backend, wrapper } = await open()
    const ids = [backend.communities['七口堰社区'].id, backend.communities['东门社区'].id]
    wrapper.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'overview-communities')!.vm.$emit('update:modelValue', ids)
    await flushPromises()
    expect(seriesOf(wrapper, 'overview-trend').map((s) => s.name)).toEqual(['全街道', '七口堰社区', '东门社区'])

    radio(wrapper, 'overview-preset').vm.$emit('update:modelValue', 'last12Months')
    radio(wrapper, 'overview-granularity').vm.$emit('update:modelValue', 'quarter')
    radio(wrapper, 'overview-measure').vm.$emit('update:modelValue', 'demands')
    await flushPromises()
    expect(backend.client['stats:street']).toHaveBeenLastCalledWith(expect.objectContaining({ preset: 'last12Months', granularity: 'quarter' }))
    expect(wrapper.find('[data-testid="overview-period"]').text()).toContain('2025年6月—2026年5月（截至5月20日）')
    const trend = seriesOf(wrapper, 'overview-trend')
    // 2025-06 alone, Q3, Q4, Q1 2026, April–May
    const values = (d: unknown[]) => d.map((x) => (typeof x === 'number' ? x : (x as { value: number }).value))
    expect(values(trend[1].data)).toEqual([0, 0, 0, 3, 0])
    expect(values(trend[2].data)).toEqual([0, 0, 0, 2, 0])
    wrapper.unmount()
  })

  it('sorts the ranking through stats:street and drills from a cell to exactly its records', async () => {
    const { backend, wrapper } = await open()
    const names = () => wrapper.findAll('[data-testid="ranking-table"] tbody tr').map((r) => r.findAll('td')[1].text())
    // 东门 2 petitions, 七口堰 1
    expect(names()).toEqual(['东门社区', '七口堰社区'])
    await wrapper.find('[data-testid="sort-petitions"]').trigger('click')
    await flushPromises()
    expect(backend.client['stats:street']).toHaveBeenLastCalledWith(expect.objectContaining({ rankBy: 'petitions', order: 'asc' }))
    expect(names()).toEqual(['七口堰社区', '东门社区'])
    expect(wrapper.find('[data-testid="ranking-table"] th[aria-sort="ascending"]').exists()).toBe(true)

    const qky = backend.communities['七口堰社区'].id
    const row = wrapper.find(`[data-testid="ranking-table"] tr[data-community="${qky}"]`)
    // the drawer is mounted when it first opens, with that first query
    expect(document.querySelector('[data-testid="drill-drawer"]')).toBeNull()
    await row.find('[data-testid="ranking-demands"]').trigger('click')
    await flushPromises()
    expect(backend.client['demand:list']).toHaveBeenLastCalledWith({ communityId: qky, from: '2026-01', to: '2026-05', page: 1, pageSize: 50 })
    const drawer = document.querySelector('[data-testid="drill-drawer"]')!
    expect(drawer.querySelector('[data-testid="drill-count"]')!.getAttribute('data-total')).toBe(row.find('[data-testid="ranking-demands"]').text())
    expect(drawer.textContent).toContain('七口堰社区 · 2026年1—5月 · 诉求量')

    // a petitions cell asks for channel 'petition'
    await row.find('[data-testid="ranking-petitions"]').trigger('click')
    await flushPromises()
    expect(backend.client['demand:list']).toHaveBeenLastCalledWith({ communityId: qky, from: '2026-01', to: '2026-05', channel: 'petition', page: 1, pageSize: 50 })
    expect(document.querySelector('[data-testid="drill-count"]')!.getAttribute('data-total')).toBe('1')
    wrapper.unmount()
  })

  it('says which months of a drilled figure are entered historical counts, with no records to list', async () => {
    const backend = await createRealBackend({ role: 'leader', now: () => NOW })
    await seed(backend)
    const dm = backend.communities['东门社区'].id
    // 东门社区 has no record in January 2026: its entered count stands for the month
    await backend.call('history:save', { communityId: dm, months: [{ month: '2026-01', petitions: 1, demands: 4 }] })
    setClient(backend.client)
    const { wrapper } = await mountApp(StreetDashboardView, { path: '/overview' })
    await flushPromises()
    const row = wrapper.find(`[data-testid="ranking-table"] tr[data-community="${dm}"]`)
    await row.find('[data-testid="ranking-demands"]').trigger('click')
    await flushPromises()
    expect(backend.client['demand:list']).toHaveBeenLastCalledWith({ communityId: dm, from: '2026-01', to: '2026-05', page: 1, pageSize: 50 })
    expect(document.querySelector('[data-testid="drill-count"]')!.getAttribute('data-total')).toBe('2')
    expect(document.querySelector('[data-testid="drill-counted"]')!.textContent).toContain('2026-01 为录入的历史统计数，没有逐条记录')

    // 七口堰社区 has records in every month it counts: no note
    const qky = backend.communities['七口堰社区'].id
    await wrapper.find(`[data-testid="ranking-table"] tr[data-community="${qky}"] [data-testid="ranking-demands"]`).trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid="drill-counted"]')).toBeNull()
    wrapper.unmount()
  })

  it('draws the charts below the ranking and the month-range picker when idle, and at once when 打印 comes first', async () => {
    const { wrapper } = await open()
    // not yet: the first screen (headline, trend, ranking) comes first
    expect(wrapper.find('[data-testid="overview-category"]').exists()).toBe(false)
    // the picker's place is held by a box of its size (its classes), not by the picker
    expect(wrapper.findComponent(ElDatePicker).exists()).toBe(false)
    expect(wrapper.find('[data-testid="overview-range-slot"]').classes()).toEqual(expect.arrayContaining(['el-date-editor--monthrange', 'el-range-editor--small']))
    const printed = vi.fn()
    Object.defineProperty(window, 'print', { value: printed, configurable: true, writable: true })
    await wrapper.find('[data-testid="overview-print"]').trigger('click')
    await vi.waitFor(() => expect(printed).toHaveBeenCalledTimes(1))
    for (const id of ['overview-ranking-chart', 'overview-category', 'overview-channel']) expect(wrapper.find(`[data-testid="${id}"]`).exists(), id).toBe(true)
    wrapper.unmount()

    // without printing, they come once the browser is idle
    const again = await open()
    await vi.waitFor(() => expect(again.wrapper.find('[data-testid="overview-category"]').exists()).toBe(true))
    const picker = again.wrapper.findComponent(ElDatePicker)
    expect(picker.exists()).toBe(true)
    expect(again.wrapper.find('[data-testid="overview-range-slot"]').exists()).toBe(false)
    // the picker shows the period on screen and sets any range
    expect(picker.props('modelValue')).toEqual(['2026-01', '2026-05'])
    picker.vm.$emit('update:modelValue', ['2025-11', '2026-02'])
    await flushPromises()
    expect(again.backend.client['stats:street']).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2025-11', to: '2026-02' }))
    // typed the wrong way round: the months meant, in order
    picker.vm.$emit('update:modelValue', ['2026-03', '2025-12'])
    await flushPromises()
    expect(again.backend.client['stats:street']).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2025-12', to: '2026-03' }))
    // months still to come: said so, nothing asked, the figures stay
    const calls = again.backend.client['stats:street'].mock.calls.length
    const warning = vi.spyOn(ElMessage, 'warning')
    picker.vm.$emit('update:modelValue', ['2099-01', '2099-03'])
    await flushPromises()
    expect(warning).toHaveBeenCalledWith('所选月份尚未到来，没有统计数据；请选择已过去的月份')
    expect(again.backend.client['stats:street'].mock.calls.length).toBe(calls)
    again.wrapper.unmount()
  })

  it('saves a chart as PNG and copies the sentences', async () => {
    const { wrapper } = await open()
    const clicks: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(`${this.download}|${this.href}`)
    })
    await wrapper.find('[data-testid="overview-trend-png"]').trigger('click')
    expect(clicks).toEqual(['2026年1—5月-信访量.png|data:image/png;base64,AAAA'])
    click.mockRestore()
    const written: string[] = []
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (s: string) => void written.push(s) }, configurable: true })
    await wrapper.find('[data-testid="summary-copy"]').trigger('click')
    await flushPromises()
    expect(written[0].split('\n')[0]).toContain('全街道信访量3件')
    wrapper.unmount()
  })

  it('speaks English: headline changes, series and ranking titles', async () => {
    const { wrapper } = await open()
    ;(wrapper.vm as unknown as { $i18n: { locale: string } }).$i18n.locale = 'en'
    await flushPromises()
    expect(wrapper.find('[data-testid="overview-period"]').text()).toContain('Jan–May 2026 (to 20 May)')
    expect(wrapper.find('[data-testid="headline-petitions-yoy"]').text()).toBe('down 2 (−40.0%) year on year')
    expect(wrapper.find('[data-testid="headline-petitions-mom"]').text()).toBe('new: 3 (none in the previous period)')
    expect(seriesOf(wrapper, 'overview-trend')[0].name).toBe('Whole street')
    expect(wrapper.find('[data-testid="ranking-table"] thead').text()).toContain('YoY')
    wrapper.unmount()
  })
})
