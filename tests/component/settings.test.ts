import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import App from '../../renderer/src/App.vue'
import { setClient } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/stores/app'
import { largeTextKey, readLargeText, useDisplayStore } from '../../renderer/src/stores/display'
import { createPinia, setActivePinia } from 'pinia'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))

afterEach(() => {
  setClient(null)
  document.body.innerHTML = ''
})

describe('UI settings (locale and role) come from the main side', () => {
  it('applies the saved locale and opens on the saved role’s screen', async () => {
    const { client } = await createRealBackend({ locale: 'en', role: 'leader' })
    setClient(client)
    const { wrapper, router } = await mountApp(App, { path: '/' })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(client['settings:get']).toHaveBeenCalledTimes(1)
    expect(router.currentRoute.value.path).toBe('/overview')
    expect(wrapper.find('[data-testid="nav-collect"]').text()).not.toContain('收集意见')
    expect(document.documentElement.lang).toBe('en')
    wrapper.unmount()
  })

  it('keeps a deep link instead of jumping to the role’s screen', async () => {
    const { client } = await createRealBackend({ role: 'leader' })
    setClient(client)
    const { wrapper, router } = await mountApp(App, { path: '/plan' })
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(client['settings:get']).toHaveBeenCalledTimes(1)
    expect(router.currentRoute.value.path).toBe('/plan')
    wrapper.unmount()
  })

  it('saves a language switch through settings:update', async () => {
    const { client, call } = await createRealBackend()
    setClient(client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    const en = wrapper.findAll('[data-testid="lang-switch"] input').find((i) => (i.element as HTMLInputElement).value === 'en')
    await en!.setValue(true)
    await flushPromises()
    expect(client['settings:update']).toHaveBeenCalledWith({ locale: 'en' })
    expect((await call('settings:get', {})).locale).toBe('en')
    expect(wrapper.find('[data-testid="nav-collect"]').text()).toContain('Collect')
    wrapper.unmount()
  })

  it('a role change is saved and moves to that role’s home screen', async () => {
    const { client, call } = await createRealBackend()
    setClient(client)
    const { wrapper, router } = await mountApp(App)
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/collect')
    const roleSelect = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'role-select')
    roleSelect!.vm.$emit('update:modelValue', 'chair')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(client['settings:update']).toHaveBeenCalledWith({ role: 'chair' })
    expect((await call('settings:get', {})).role).toBe('chair')
    expect(useAppStore().settings?.role).toBe('chair')
    expect(router.currentRoute.value.path).toBe('/confirm')
    expect(wrapper.find('[data-testid="role-select"]').text()).toContain('主持人')
    wrapper.unmount()
  })
})

describe('large-text mode (大字模式) is remembered in localStorage, per operator once named', () => {
  afterEach(() => {
    localStorage.clear()
    document.documentElement.classList.remove('large-text')
  })

  it('the header toggle sets aria-pressed, the <html> class and the stored choice', async () => {
    const { client } = await createRealBackend()
    setClient(client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    const toggle = wrapper.find('[data-testid="large-text-toggle"]')
    expect(toggle.text()).toBe('大字模式')
    expect(toggle.attributes('aria-pressed')).toBe('false')
    await toggle.trigger('click')
    await flushPromises()
    expect(toggle.attributes('aria-pressed')).toBe('true')
    expect(document.documentElement.classList.contains('large-text')).toBe(true)
    // Remembered for the signed-in operator (the backend's first administrator here).
    expect(localStorage.getItem(largeTextKey('系统管理员'))).toBe('1')
    expect(localStorage.getItem(largeTextKey(null))).toBeNull()
    expect(useDisplayStore().fontScale).toBeCloseTo(18 / 14)
    // Not a UI setting on the main side: the settings schema has no key for it yet.
    expect(client['settings:update']).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('starts in large text when the signed-in operator left it on', async () => {
    localStorage.setItem(largeTextKey('系统管理员'), '1')
    const { client } = await createRealBackend()
    setClient(client)
    const { wrapper } = await mountApp(App)
    await flushPromises()
    expect(wrapper.find('[data-testid="large-text-toggle"]').attributes('aria-pressed')).toBe('true')
    expect(document.documentElement.classList.contains('large-text')).toBe(true)
    wrapper.unmount()
  })

  it('keeps one choice per operator', () => {
    setActivePinia(createPinia())
    const display = useDisplayStore()
    display.useOperator('王秘书')
    display.setLargeText(true)
    expect(localStorage.getItem('yishi.largeText:王秘书')).toBe('1')
    display.useOperator('李主任')
    expect(display.largeText).toBe(false)
    display.useOperator('王秘书')
    expect(display.largeText).toBe(true)
    expect(readLargeText(null)).toBe(false)
  })
})
