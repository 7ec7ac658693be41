import { mount } from '@vue/test-utils'
import type { Component } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../../renderer/src/i18n'
import { createAppRouter } from '../../../renderer/src/router'

/** Mounts with the app's real plugins: fresh Pinia, zh-CN i18n, router on memory history. */
export async function mountApp(component: Component, options: { props?: Record<string, unknown>; path?: string } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(options.path ?? '/collect')
  await router.isReady()
  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: {
      plugins: [pinia, router, createAppI18n('zh-CN')],
    },
  })
  return { wrapper, pinia, router }
}
