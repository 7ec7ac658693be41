import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import App from '../../renderer/src/App.vue'
import { setClient } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/stores/app'
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
    expect(router.currentRoute.value.path).toBe('/dashboard')
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
