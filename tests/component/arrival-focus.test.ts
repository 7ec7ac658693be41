// 诉求登记 on arrival, against the real backend: the keyboard lands on 社区 when nothing the user is
// working in has the focus (the page, the nav link that opened the screen), and stays where it is
// when they are already typing elsewhere; a dialog that closes over the screen hands it to 社区.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import CollectView from '../../renderer/src/views/CollectView.vue'
import { setClient } from '../../renderer/src/api'
import { returnToArrival } from '../../renderer/src/composables/use-arrival-focus'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setClient(null)
  document.body.innerHTML = ''
})

const communityInput = () => document.querySelector<HTMLInputElement>('[data-field="communityId"] input')
const onCommunity = () => !!document.activeElement && document.activeElement === communityInput()

/** An element outside the screen, focused as the user left it before 诉求登记 opened. */
function focusedOutside(html: string): HTMLElement {
  const holder = document.createElement('div')
  holder.innerHTML = html
  document.body.append(holder)
  const el = holder.querySelector<HTMLElement>('input, a')!
  el.focus()
  return el
}

async function open(): Promise<void> {
  const backend = await createRealBackend()
  setClient(backend.client)
  ;({ wrapper } = await mountApp(CollectView, { path: '/collect' }))
  await flushPromises()
}

describe('诉求登记 arrival focus', () => {
  it('opened with nothing focused: 社区 has the keyboard', async () => {
    await open()
    await vi.waitFor(() => expect(onCommunity()).toBe(true))
  })

  it('opened from the nav link: 社区 takes the focus from the link', async () => {
    focusedOutside('<nav class="shell-nav"><a href="#/collect">诉求登记</a></nav>')
    await open()
    await vi.waitFor(() => expect(onCommunity()).toBe(true))
  })

  it('opened while the user types in a field: the focus stays there, also when a dialog closes', async () => {
    const typing = focusedOutside('<label>备注<input id="typing" /></label>')
    await open()
    await vi.waitFor(() => expect(communityInput()).not.toBeNull())
    await flushPromises()
    expect(document.activeElement).toBe(typing)
    returnToArrival()
    await flushPromises()
    expect(document.activeElement).toBe(typing)
    // A dialog closed and left the focus on the page: 社区 takes it.
    typing.blur()
    returnToArrival()
    await vi.waitFor(() => expect(onCommunity()).toBe(true))
  })
})
