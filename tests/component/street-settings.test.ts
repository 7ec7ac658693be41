// 街道设置 with two windows against the real backend: what was typed here survives another
// window's save — seen through its `changed` event before saving, or refused as CONFLICT — and is
// saved on top of it; the other change is named.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import StreetSettingsForm from '../../renderer/src/components/street/StreetSettingsForm.vue'
import { setClient } from '../../renderer/src/api'
import { useStreetStore } from '../../renderer/src/stores/street'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const input = (testid: string) => q<HTMLInputElement>(`[data-testid="${testid}"] input, input[data-testid="${testid}"]`)!
const changes = () => Array.from(document.querySelectorAll('[data-testid="edit-conflict-changes"] li')).map((li) => li.textContent!.replace(/\s+/g, ' ').trim())

async function typeName(value: string): Promise<void> {
  const el = input('street-name')
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function open() {
  const backend = await createRealBackend()
  setClient(backend.client)
  const { wrapper } = await mountApp(StreetSettingsForm, { props: { canEdit: true }, path: '/street' })
  const store = useStreetStore()
  await store.load()
  await until(() => expect(input('street-name').value).toBe(store.settings!.name))
  return { backend, wrapper, store }
}

describe('街道设置 with two windows', () => {
  it('another window’s save seen before saving: nothing is sent over it; what was typed stays and is saved on top', async () => {
    const { backend, wrapper, store } = await open()
    const read = store.settings!
    await typeName('马家店街道办事处')
    // The other window's save reaches this one (its event reloads the store) while the name is typed.
    await backend.call('street:update', { revision: read.revision, patch: { deadlineDays: { ...read.deadlineDays, community: 10 } } })
    await store.load()
    await flushPromises()
    expect(input('street-name').value).toBe('马家店街道办事处')

    q<HTMLButtonElement>('[data-testid="street-save"]')!.click()
    await until(() => expect(q('[data-testid="street-conflict"]')).not.toBeNull())
    expect(backend.client['street:update']).not.toHaveBeenCalled()
    expect(changes()).toEqual(['社区联席会议（个工作日）：现为“10”'])
    expect(input('street-name').value).toBe('马家店街道办事处')
    expect(input('street-days-community').value).toBe('10')

    q<HTMLButtonElement>('[data-testid="street-save"]')!.click()
    await until(() => expect(backend.client['street:update']).toHaveBeenCalledTimes(1))
    await until(() => expect(q('[data-testid="street-conflict"]')).toBeNull())
    expect(await backend.call('street:get', {})).toMatchObject({ name: '马家店街道办事处', deadlineDays: { community: 10 } })
    wrapper.unmount()
  })

  it('a save refused as CONFLICT keeps what was typed on top of the latest, with the server’s words', async () => {
    const { backend, wrapper, store } = await open()
    const read = store.settings!
    await typeName('马家店街道办事处')
    // Saved elsewhere and not yet seen here.
    await backend.call('street:update', { revision: read.revision, patch: { timeZone: 'Asia/Urumqi' } })
    q<HTMLButtonElement>('[data-testid="street-save"]')!.click()
    await until(() => expect(q('[data-testid="street-conflict"]')).not.toBeNull())
    expect(changes()).toEqual(['时区：现为“Asia/Urumqi”'])
    expect(input('street-name').value).toBe('马家店街道办事处')
    expect(input('street-timezone').value).toBe('Asia/Urumqi')
    q<HTMLButtonElement>('[data-testid="street-save"]')!.click()
    await until(() => expect(q('[data-testid="street-conflict"]')).toBeNull())
    expect(await backend.call('street:get', {})).toMatchObject({ name: '马家店街道办事处', timeZone: 'Asia/Urumqi' })
    wrapper.unmount()
  })
})
