import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import App from '../../renderer/src/App.vue'
import { setClient } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/stores/app'
import { useCommunityStore } from '../../renderer/src/stores/community'
import { createRealBackend, demandInput } from './helpers/real-client'
import { mountApp } from './helpers/mount'
import { roleHomes } from '../../renderer/src/roles'
import { createMemoryHistory, createRouter } from 'vue-router'
import { loadOpeningScreen, navSections, routes } from '../../renderer/src/router'
import { shortcutFor } from '../../renderer/src/components/app/shortcuts'

vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('app shell', () => {
  it('lists the six steps with their numbers and the dashboard', async () => {
    setClient((await createRealBackend()).client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    const nav = wrapper.find('[data-testid="nav"]').text()
    for (const [n, label] of [[1, '收集意见'], [2, '确认议题'], [3, '联席会议'], [4, '制定方案'], [5, '推进落实'], [6, '效果评价']] as const) {
      expect(wrapper.find(`[data-testid="nav-${['collect', 'confirm', 'meet', 'plan', 'implement', 'evaluate'][n - 1]}"]`).text()).toBe(`${n}${label}`)
    }
    expect(nav).toContain('数据看板')
    expect(wrapper.find('header').text()).toContain('议事台')
    wrapper.unmount()
  })

  it('asks for 街道看板’s figures once, as soon as the session is known, shared with the page', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    setClient(backend.client)
    const { wrapper } = await mountApp(App, { path: '/overview' })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(wrapper.find('[data-testid="overview-period"]').exists()).toBe(true)
    // the route's prefetch and the page's own ask share one request each
    expect(backend.client['stats:street']).toHaveBeenCalledTimes(1)
    expect(backend.client['street:get']).toHaveBeenCalledTimes(1)
    expect(backend.client['community:list']).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('on navigation to 街道看板 asks for its figures beside its code, before the route changes', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    setClient(backend.client)
    const { wrapper, router } = await mountApp(App, { path: '/collect' })
    await flushPromises()
    const pathsAtCall: string[] = []
    const ask = backend.client['stats:street']
    const through = ask.getMockImplementation()!
    ask.mockImplementation((input) => {
      pathsAtCall.push(router.currentRoute.value.path)
      return through(input)
    })
    await router.push('/overview')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    // asked while the navigation was resolving (the page's own ask then shares it)
    expect(pathsAtCall).toEqual(['/collect'])
    expect(wrapper.find('[data-testid="overview-period"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('step 2 is the confirm screen: triage queue, assessment and topics', async () => {
    setClient((await createRealBackend()).client)
    const { wrapper } = await mountApp(App, { path: '/confirm' })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(wrapper.find('[data-testid="view-confirm"] h2').text()).toBe('第2步 · 确认议题')
    for (const part of ['triage-queue', 'triage-detail', 'topic-list']) expect(wrapper.find(`[data-testid="${part}"]`).exists(), part).toBe(true)
    wrapper.unmount()
  })

  it('on first run offers the sample street and loads it', async () => {
    // A fresh data folder: no community, no demand, so the backend reports a first run.
    const { client } = await createRealBackend({ communities: [] })
    setClient(client)
    const { wrapper } = await mountApp(App)
    await flushPromises()

    const load = document.querySelector<HTMLButtonElement>('[data-testid="sample-load"]')
    expect(load?.textContent).toContain('加载示例街道（马家店街道，15 个社区，两年模拟诉求，可一键移除）')
    load!.click()
    await flushPromises()

    expect(client['sample:load']).toHaveBeenCalledTimes(1)
    expect(useAppStore().sampleLoaded).toBe(true)
    // The caches refresh on the change events: the sample communities reach the form's options.
    expect(client['community:list'].mock.calls.length).toBeGreaterThanOrEqual(2)
    expect(useCommunityStore().communities.some((c) => c.name === '七口堰社区' && c.sample)).toBe(true)
    expect(wrapper.find('[data-testid="sample-tag"]').text()).toBe('示例数据')
    expect(wrapper.find('[data-testid="current-street"]').text()).toContain('马家店街道')
    wrapper.unmount()
  })

  it('does not offer the sample when it is not the first run', async () => {
    const { client } = await createRealBackend()
    setClient(client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    // ElDialog renders its content only once opened.
    expect(document.querySelector('[data-testid="sample-load"]')).toBeNull()
    expect(client['sample:load']).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="sample-remove"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('removes the sample only after a confirmation that says what goes and what stays', async () => {
    const backend = await createRealBackend({ communities: [{ name: '自建社区' }] })
    const { client, call } = backend
    await call('sample:load', {})
    // A demand a user recorded in a sample community: it and its community must stay.
    const qky = (await call('community:list', {})).find((c) => c.name === '七口堰社区')!
    await call('demand:create', demandInput(qky, 1))
    setClient(client)
    const { wrapper } = await mountApp(App)
    await flushPromises()

    const dialog = () => document.querySelector('[data-testid="sample-remove-dialog"]') as HTMLElement
    const button = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement
    await wrapper.find('[data-testid="sample-remove"]').trigger('click')
    await vi.waitFor(() => expect(dialog()?.querySelector('[data-testid="sample-remove-stays"]')).toBeTruthy())
    expect(client['sample:removePlan']).toHaveBeenCalledTimes(1)
    const text = dialog().textContent!
    expect(text).toContain('合计移除 14 个示例社区')
    expect(dialog().querySelector('[data-testid="sample-remove-stays"]')!.textContent).toContain('七口堰社区：您登记的 1 条诉求')
    expect(dialog().querySelector('[data-testid="sample-remove-goes"]')!.textContent).not.toContain('自建社区')
    expect(text).toContain('移除前会自动备份')

    button('sample-remove-cancel').click()
    await flushPromises()
    expect(client['sample:remove']).not.toHaveBeenCalled()

    await wrapper.find('[data-testid="sample-remove"]').trigger('click')
    await vi.waitFor(() => expect(button('sample-remove-confirm')?.disabled).toBe(false))
    button('sample-remove-confirm').click()
    await vi.waitFor(() => expect(client['sample:remove']).toHaveBeenCalledTimes(1))
    // Stores refresh on the change events (the removal takes a backup first, so wait for them).
    await vi.waitFor(() => expect(wrapper.find('[data-testid="sample-tag"]').exists()).toBe(false))
    await vi.waitFor(() => expect(useCommunityStore().communities.map((c) => c.name).sort()).toEqual(['七口堰社区', '自建社区'].sort()))
    expect(useCommunityStore().communities.find((c) => c.name === '七口堰社区')!.sample).toBeFalsy()
    wrapper.unmount()
  }, 90_000) // loads and removes the whole sample street (~13 s alone on this machine, more under load)

  it('shows data notices until the user dismisses them', async () => {
    // A damaged communities file at start: the real data layer quarantines it, restores the
    // newest good backup and leaves a notice.
    const backend = await createRealBackend()
    const { client, fs } = backend
    await backend.call('backup:create', {})
    const h = await fs.open(`${backend.dataDir}/communities.json`, 'w')
    await fs.writeFile(h, '{ not json')
    await backend.restart()
    setClient(client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    const notice = wrapper.find('[data-testid="notice"]')
    expect(notice.text()).toContain('备份')
    await notice.find('.el-alert__close-btn').trigger('click')
    await flushPromises()
    expect((await backend.call('app:status', {})).notices).toEqual([])
    expect(client['app:dismissNotice']).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-testid="notice"]').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('nav and role homes come from the routes’ meta', () => {
  it('renders a labelled <nav> with one list per section and non-interactive headings', async () => {
    setClient((await createRealBackend()).client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    const nav = wrapper.find('nav[aria-label="主导航"]')
    expect(nav.exists()).toBe(true)
    expect(nav.findAll('h2').map((h) => h.text())).toEqual(['六步议事', '统计分析', '系统管理'])
    // Signed in as an administrator: 系统管理 also lists 操作员管理 (and 街道设置, 表格导入诉求, issue 9; 会议人员, issue 10);
    // 统计分析 holds 街道看板 (issue 12), 数据看板 and 诉求检索 (issue 9); 系统管理 also 历史统计数 and 数据包 (issue 12).
    expect(nav.findAll('ul').map((ul) => ul.findAll('li').length)).toEqual([6, 3, 9])
    expect(nav.find('[data-testid="nav-collect"]').attributes('aria-current')).toBe('page')
    // The skip link is the first focusable element and targets the main area.
    const first = document.querySelector('a, button, input, [tabindex]')
    expect(first?.textContent).toBe('跳到主要内容')
    expect(document.querySelector('#main-content')?.tagName).toBe('MAIN')
    wrapper.unmount()
  })

  it('derives each role’s home from meta.homeFor', () => {
    expect(roleHomes()).toEqual({ secretary: '/collect', chair: '/confirm', leader: '/overview' })
    expect(navSections(routes, 'leader').map((s) => s.section)).toEqual(['steps', 'analysis', 'system'])
    const custom = [{ path: '/x', component: {}, meta: { section: 'system' as const, titleKey: 'x', roles: ['chair' as const] } }]
    expect(navSections(custom, 'leader')).toEqual([])
    expect(navSections(custom, 'chair')[0].entries[0].path).toBe('/x')
  })

  it('opens the shortcut help on F1 and "?" but not on "?" typed in a field; Alt+N goes to step N', async () => {
    expect(shortcutFor({ key: 'F1' })).toEqual({ kind: 'help' })
    expect(shortcutFor({ key: '?', target: document.body })).toEqual({ kind: 'help' })
    expect(shortcutFor({ key: '?', target: document.createElement('input') })).toBeNull()
    expect(shortcutFor({ key: '?', target: document.createElement('textarea') })).toBeNull()
    expect(shortcutFor({ key: '3', altKey: true })).toEqual({ kind: 'step', step: 3 })
    expect(shortcutFor({ key: '3' })).toBeNull()

    setClient((await createRealBackend()).client)
    const { wrapper, router } = await mountApp(App)
    await flushPromises()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1' }))
    await flushPromises()
    expect(document.querySelector('[data-testid="shortcut-help"]')?.textContent).toContain('跳到主要内容')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '2', altKey: true }))
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/confirm')
    wrapper.unmount()
  })

  it('starts loading the opening screen’s code before the first navigation, and only that screen’s', () => {
    const opening = vi.fn(() => Promise.resolve({ render: () => null }))
    const other = vi.fn(() => Promise.resolve({ render: () => null }))
    const history = createMemoryHistory()
    history.replace('/opening')
    const router = createRouter({ history, routes: [{ path: '/opening', component: opening }, { path: '/other', component: other }] })
    loadOpeningScreen(router)
    expect(opening).toHaveBeenCalledTimes(1)
    expect(other).not.toHaveBeenCalled()
    expect(router.currentRoute.value.matched).toEqual([]) // no navigation yet
  })

  it('mounts its closed dialogs and the role list when first opened, then keeps them', async () => {
    const backend = await createRealBackend({ communities: [{ name: '自建社区' }] })
    await backend.call('sample:load', {})
    setClient(backend.client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`)
    // The first screen is drawn without them (a closed dialog still mounts overlay, focus trap, transitions).
    for (const id of ['shortcut-help', 'password-dialog', 'sample-remove-dialog']) expect(byId(id), id).toBeNull()
    expect(document.querySelector('.popper-role')).toBeNull()

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1' }))
    await wrapper.find('[data-testid="session-password"]').trigger('click')
    await wrapper.find('[data-testid="sample-remove"]').trigger('click')
    await flushPromises()
    for (const id of ['shortcut-help', 'password-dialog', 'sample-remove-dialog']) expect((byId(id) as HTMLElement | null)?.closest('.el-overlay'), id).toBeTruthy()
    // opened on first use with what it needs: the removal plan is asked for
    expect(backend.client['sample:removePlan']).toHaveBeenCalledTimes(1)
    await wrapper.find('[data-testid="role-select"] .el-select__wrapper').trigger('click')
    await flushPromises()
    expect(document.querySelector('.popper-role')?.textContent).toContain('领导')
    wrapper.unmount()
  })
})
