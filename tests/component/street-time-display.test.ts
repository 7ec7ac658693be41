// Lists show times as the street's wall clock (use-street-time.ts), not the computer's: 16:30
// UTC on 31 October is 00:30 on 1 November in Shanghai and 12:30 on 31 October in New York.
// The tests pass in neither zone by the machine's own clock, whatever zone the machine has; the
// demand form's picker reads the same clock (demand-form-model.ts).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DemandList from '../../renderer/src/components/demand/DemandList.vue'
import DemandForm from '../../renderer/src/components/demand/DemandForm.vue'
import { setClient } from '../../renderer/src/api'
import { useStreetStore } from '../../renderer/src/stores/street'
import { createRealBackend, demandInput } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  document.body.innerHTML = ''
})

describe('times in lists', () => {
  it('the demand list shows the received time on the street clock and follows a changed zone', async () => {
    const backend = await createRealBackend()
    const qky = backend.communities['七口堰社区']
    await backend.call('demand:create', demandInput(qky, 1, { receivedAt: '2026-10-31T16:30:00Z' }))
    setClient(backend.client)
    const { wrapper } = await mountApp(DemandList)
    await flushPromises()
    const street = useStreetStore()
    await street.load()
    await flushPromises()
    const cell = () => wrapper.find('[data-testid="cell-receivedAt"]').text()
    expect(cell()).toBe('2026-11-01 00:30')

    await street.update({ timeZone: 'America/New_York' })
    await vi.waitFor(() => expect(cell()).toBe('2026-10-31 12:30'))
    wrapper.unmount()
  })

  it('the demand form shows 受理时间 on the street clock, follows a changed zone, and an unchanged time stays out of the patch', async () => {
    const backend = await createRealBackend()
    const qky = backend.communities['七口堰社区']
    const demand = await backend.call('demand:create', demandInput(qky, 1, { receivedAt: '2026-10-31T16:30:00Z' }))
    // A street set to New York: a machine in China (or UTC) shows neither zone by its own clock.
    await backend.call('street:update', { revision: (await backend.call('street:get', {})).revision, patch: { timeZone: 'America/New_York' } })
    setClient(backend.client)
    const { wrapper } = await mountApp(DemandForm, { props: { demand } })
    const street = useStreetStore()
    await street.load()
    await flushPromises()
    const input = () => wrapper.find('[data-testid="edit-field-receivedAt"] input').element as HTMLInputElement
    await vi.waitFor(() => expect(input().value).toBe('2026-10-31 12:30'))

    // The zone changed while the form is open: the same instant, on the new clock.
    await street.update({ timeZone: 'Asia/Shanghai' })
    await vi.waitFor(() => expect(input().value).toBe('2026-11-01 00:30'))

    const form = wrapper.vm as unknown as { model: { receivedAt: string; description: string }; submit: () => Promise<void> }
    // Only the minute is shown: saving another field leaves 受理时间 out of the patch.
    form.model.description = `${demand.description}（补充）`
    await form.submit()
    await flushPromises()
    const firstPatch = backend.client['demand:update'].mock.calls[0][0] as { patch: Record<string, unknown> }
    expect(firstPatch.patch).not.toHaveProperty('receivedAt')
    expect(firstPatch.patch.description).toBe(`${demand.description}（补充）`)
    wrapper.unmount()
  })
})
