import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElDatePicker, ElPagination, ElSelect } from 'element-plus'
import DemandList from '../../renderer/src/components/demand/DemandList.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput } from './helpers/real-client'
import { mountApp } from './helpers/mount'
import { toLocalIso } from '../../shared/domain/month'

afterEach(() => {
  setClient(null)
  document.body.innerHTML = ''
})

/** 45 demands, newest first: #1 in 东门社区 / 东门小区, the rest in 七口堰社区, in October 2026. */
async function seeded() {
  const backend = await createRealBackend()
  const dongmen = backend.communities['东门社区']
  const qky = backend.communities['七口堰社区']
  for (let n = 45; n >= 1; n--) {
    const at = toLocalIso(new Date(2026, 9, 30, 12 - n))
    const input =
      n === 1
        ? demandInput(dongmen, n, { compoundId: dongmen.compounds[0].id, reporterPhone: '13812345678', receivedAt: at })
        : demandInput(qky, n, { receivedAt: at })
    await backend.call('demand:create', input)
  }
  return backend
}

describe('demand list', () => {
  it('shows the masked phones as given, labels in zh-CN and the total', async () => {
    const backend = await seeded()
    const { client } = backend
    setClient(client)
    const { wrapper } = await mountApp(DemandList)
    await flushPromises()

    expect(client['demand:list']).toHaveBeenCalledWith({ page: 1, pageSize: 20 })
    const phones = wrapper.findAll('[data-testid="demand-list"] [data-testid="cell-phone"]').map((c) => c.text())
    expect(phones).toHaveLength(20)
    expect(phones[0]).toBe('138****5678')
    expect(phones.every((p) => /^138\*{4}\d{4}$/.test(p))).toBe(true)
    const firstRow = wrapper.find('[data-testid="demand-list"] .el-table__body tr')
    expect(firstRow.text()).toContain('东门社区')
    expect(firstRow.text()).toContain('东门小区')
    expect(firstRow.text()).toContain('停车')
    expect(firstRow.text()).toContain('热线')
    expect(firstRow.text()).toContain('居民呼叫')
    expect(wrapper.find('[data-testid="demand-pagination"]').text()).toContain('45')
    wrapper.unmount()
  })

  it('asks for page 2 when the pager moves and shows that page', async () => {
    const backend = await seeded()
    const { client } = backend
    setClient(client)
    const { wrapper } = await mountApp(DemandList)
    await flushPromises()

    wrapper.findComponent(ElPagination).vm.$emit('update:current-page', 2)
    await flushPromises()

    expect(client['demand:list']).toHaveBeenLastCalledWith({ page: 2, pageSize: 20 })
    const descriptions = wrapper.findAll('[data-testid="cell-description"]').map((c) => c.text())
    expect(descriptions[0]).toContain('第 21 条')
    expect(descriptions).toHaveLength(20)
    wrapper.unmount()
  })

  it('sends the community, month and status filters and goes back to page 1', async () => {
    const backend = await seeded()
    const { client } = backend
    setClient(client)
    const { wrapper } = await mountApp(DemandList)
    await flushPromises()
    wrapper.findComponent(ElPagination).vm.$emit('update:current-page', 3)
    await flushPromises()

    const community = wrapper.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'filter-community')!
    community.vm.$emit('update:modelValue', backend.communities['东门社区'].id)
    await flushPromises()
    expect(client['demand:list']).toHaveBeenLastCalledWith({ communityId: backend.communities['东门社区'].id, page: 1, pageSize: 20 })
    expect(wrapper.findAll('[data-testid="cell-phone"]')).toHaveLength(1)

    wrapper.findComponent(ElDatePicker).vm.$emit('update:modelValue', '2026-10')
    await flushPromises()
    expect(client['demand:list']).toHaveBeenLastCalledWith({ communityId: backend.communities['东门社区'].id, month: '2026-10', page: 1, pageSize: 20 })

    const status = wrapper.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'filter-status')!
    status.vm.$emit('update:modelValue', 'evaluated')
    await flushPromises()
    expect(client['demand:list']).toHaveBeenLastCalledWith({
      communityId: backend.communities['东门社区'].id,
      month: '2026-10',
      status: 'evaluated',
      page: 1,
      pageSize: 20,
    })
    expect(wrapper.findAll('[data-testid="cell-phone"]')).toHaveLength(0)
    wrapper.unmount()
  })
})

describe('demand ledger export', () => {
  it('exports the months chosen with the list’s filters; a reversed range is refused on the field', async () => {
    const backend = await seeded()
    setClient(backend.client)
    const { wrapper } = await mountApp(DemandList)
    await vi.waitFor(() => expect(document.querySelector('[data-testid="demand-export"]')).not.toBeNull())
    const qky = backend.communities['七口堰社区']
    const community = wrapper.findAllComponents(ElSelect).find((c) => c.element.closest?.('[data-testid="filter-community"]') || c.attributes('data-testid') === 'filter-community')!
    community.vm.$emit('update:modelValue', qky.id)
    await flushPromises()
    ;(document.querySelector('[data-testid="demand-export"]') as HTMLElement).click()
    await flushPromises()
    await vi.waitFor(() => expect(document.querySelector('[data-testid="demand-export-dialog"]')).not.toBeNull())
    expect(document.querySelector('[data-testid="demand-export-scope"]')!.textContent).toBe('范围：七口堰社区 · 全部状态（按列表的筛选条件）')

    const range = wrapper.findAllComponents(ElDatePicker).find((c) => c.element.closest?.('[data-testid="demand-export-range"]'))!
    range.vm.$emit('update:modelValue', ['2026-12', '2026-01'])
    await flushPromises()
    ;(document.querySelector('[data-testid="demand-export-save"]') as HTMLElement).click()
    await vi.waitFor(() => expect(document.querySelector('[data-testid="demand-export-range"]')!.textContent).toContain('起始月份不能晚于截止月份'), { timeout: 5_000 })
    expect(backend.client['demand:export']).not.toHaveBeenCalled()

    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    range.vm.$emit('update:modelValue', ['2026-10', '2026-10'])
    await flushPromises()
    ;(document.querySelector('[data-testid="demand-export-save"]') as HTMLElement).click()
    await vi.waitFor(() => expect(downloads).toEqual(['诉求台账-2026-10.xlsx']), { timeout: 15_000 })
    expect(backend.client['demand:export']).toHaveBeenCalledWith({ communityId: qky.id, from: '2026-10', to: '2026-10' })
    wrapper.unmount()
  })
})
