import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import SearchView from '../../renderer/src/views/SearchView.vue'
import CommunitiesView from '../../renderer/src/views/CommunitiesView.vue'
import { setClient } from '../../renderer/src/api'
import zhCN from '../../renderer/src/i18n/zh-CN'
import { DEMAND_CATEGORY_NAMES, DEMAND_CHANNEL_NAMES } from '../../shared/domain/vocab'
import { createRealBackend, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setClient(null)
  document.body.innerHTML = ''
})

const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const settle = async () => {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 20))
  await flushPromises()
}

async function seeded(): Promise<RealBackend> {
  const backend = await createRealBackend()
  const qky = backend.communities['七口堰社区']
  const base = { communityId: qky.id, channel: 'hotline' as const, category: 'parking' as const, reporterName: '王建国', reporterPhone: '13812345678' }
  await backend.call('demand:create', { ...base, receivedAt: '2026-05-10T09:00:00+08:00', compoundId: qky.compounds[0].id, description: '幼儿园门口<b>停车</b>乱，早上接送孩子很危险' })
  await backend.call('demand:create', { ...base, category: 'safety', receivedAt: '2026-05-20T09:00:00+08:00', description: '楼道灯坏了，晚上很黑，存在安全隐患' })
  await backend.call('demand:create', { ...base, communityId: backend.communities['东门社区'].id, receivedAt: '2026-06-01T09:00:00+08:00', description: '东门小区停车位被长期占用' })
  return backend
}

async function searchFor(text: string): Promise<void> {
  const input = q<HTMLInputElement>('input[data-testid="search-box"]')!
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
  q<HTMLFormElement>('form[role="search"]')!.dispatchEvent(new Event('submit', { cancelable: true }))
  await settle()
}

const hits = () => [...document.querySelectorAll('[data-testid="search-results"] li')]

describe('诉求检索 (SearchView) with the real backend', () => {
  it('searches on submit, shows the count and the matches in <mark> as text (no HTML parsed)', async () => {
    const backend = await seeded()
    setClient(backend.client)
    ;({ wrapper } = await mountApp(SearchView, { path: '/search' }))
    await settle()
    expect(q('[data-testid="search-idle"]')?.textContent).toContain('输入检索词')
    await searchFor('停车')
    expect(backend.client['search:query']).toHaveBeenLastCalledWith({ query: '停车', page: 1, pageSize: 20 })
    expect(q('[data-testid="search-count"]')?.textContent).toMatch(/共 2 条/)
    expect(hits()).toHaveLength(2)
    // in the description, and in the category name 停车 (matched there too)
    const marks = [...document.querySelectorAll('[data-testid="search-results"] .text mark')].map((m) => m.textContent)
    expect(marks).toEqual(['停车', '停车'])
    const metaMarks = [...document.querySelectorAll('[data-testid="search-results"] .meta mark')].map((m) => m.textContent)
    expect(metaMarks).toEqual(['停车', '停车'])
    // the description's "<b>" is shown as text, never as an element
    expect(document.querySelector('[data-testid="search-results"] b')).toBeNull()
    expect(hits().some((li) => li.textContent!.includes('<b>停车</b>乱'))).toBe(true)
    // personal data is not in the results
    expect(document.body.textContent).not.toMatch(/王建国|13812345678/)
  })

  it('filters by community and category, says when nothing matches, and opens a hit in the detail drawer', async () => {
    const backend = await seeded()
    setClient(backend.client)
    ;({ wrapper } = await mountApp(SearchView, { path: '/search' }))
    await settle()
    const { useSearchStore } = await import('../../renderer/src/stores/search')
    const store = useSearchStore()
    store.filters = { ...store.filters, communityId: backend.communities['东门社区'].id }
    await searchFor('停车')
    expect(backend.client['search:query']).toHaveBeenLastCalledWith({ query: '停车', communityId: backend.communities['东门社区'].id, page: 1, pageSize: 20 })
    expect(hits()).toHaveLength(1)
    expect(hits()[0].textContent).toContain('东门社区')

    store.filters = { ...store.filters, communityId: '', category: 'noise' }
    await searchFor('停车')
    expect(q('[data-testid="search-empty"]')?.textContent).toContain('没有找到')

    store.clearFilters()
    await searchFor('安全隐患')
    expect(hits()).toHaveLength(1)
    ;(hits()[0].querySelector('button') as HTMLButtonElement).click()
    await settle()
    expect(backend.client['demand:get']).toHaveBeenCalled()
    expect(document.querySelector('.el-drawer')?.textContent).toContain('楼道灯坏了')
  })

  it('an edit elsewhere shows in the results at once (changed events run the search again)', async () => {
    const backend = await seeded()
    setClient(backend.client)
    ;({ wrapper } = await mountApp(SearchView, { path: '/search' }))
    await settle()
    await searchFor('扶手')
    expect(q('[data-testid="search-empty"]')).not.toBeNull()
    await backend.call('demand:create', {
      communityId: backend.communities['东门社区'].id,
      channel: 'hotline',
      category: 'facilities',
      reporterName: '李四',
      receivedAt: '2026-06-02T09:00:00+08:00',
      description: '楼梯扶手松动',
    })
    await settle()
    await new Promise((r) => setTimeout(r, 50))
    await settle()
    expect(hits()).toHaveLength(1)
    expect(hits()[0].querySelector('mark')?.textContent).toBe('扶手')
  })

  it('indexes the same category and channel names the zh-CN screens show', () => {
    expect(DEMAND_CATEGORY_NAMES).toEqual(zhCN.category)
    expect(DEMAND_CHANNEL_NAMES).toEqual(zhCN.channel)
  })
})

describe('社区管理: removing a compound', () => {
  it('refuses a used compound naming the demands, removes an unused one after confirmation', async () => {
    const backend = await seeded()
    setClient(backend.client)
    ;({ wrapper } = await mountApp(CommunitiesView, { path: '/communities' }))
    await settle()
    const qky = backend.communities['七口堰社区']
    // expand 七口堰社区's row
    const rows = [...document.querySelectorAll('[data-testid="community-table"] .el-table__body tr')]
    const row = rows.find((r) => r.textContent!.includes('七口堰社区'))!
    ;(row.querySelector('.el-table__expand-icon') as HTMLElement).click()
    await settle()
    ;(q(`[data-testid="compound-remove-${qky.compounds[0].id}"]`) as HTMLElement).click()
    await settle()
    expect(q('[data-testid="remove-refused"]')?.textContent).toMatch(/该小区仍有 1 条诉求（例如 .+），不能删除/)
    expect(q('[data-testid="remove-confirm"]')).toBeNull()
    ;(q('[data-testid="remove-cancel"]') as HTMLElement).click()
    await settle()

    ;(q(`[data-testid="compound-remove-${qky.compounds[1].id}"]`) as HTMLElement).click()
    await settle()
    expect(q('[data-testid="remove-plan"]')?.textContent).toContain('七口堰社区的小区“七口堰小区”')
    expect(q('[data-testid="remove-plan"]')?.textContent).toContain('删除前会自动备份')
    expect(backend.client['community:removeCompound']).not.toHaveBeenCalled()
    ;(q('[data-testid="remove-confirm"]') as HTMLElement).click()
    await settle()
    expect(backend.client['community:removeCompound']).toHaveBeenCalledWith({ communityId: qky.id, compoundId: qky.compounds[1].id, revision: qky.revision })
    // backup, audit entry, then the write: wait for the list to show it
    await vi.waitFor(async () => {
      const after = (await backend.call('community:list', {})).find((c) => c.id === qky.id)!
      expect(after.compounds.map((c) => c.name)).toEqual(['滨江花园'])
    }, { timeout: 10_000, interval: 100 })
    expect(q('[data-testid="remove-error"]')).toBeNull()
    const backups = await backend.call('backup:list', {})
    expect(backups.backups.some((b) => b.reason === 'before-community-remove')).toBe(true)
  })
})
