// Lists show times as the street's wall clock (use-street-time.ts), not the computer's: 16:30
// UTC on 31 October is 00:30 on 1 November in Shanghai and 12:30 on 31 October in New York.
// The test passes in neither zone by the machine's own clock, whatever zone the machine has.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DemandList from '../../renderer/src/components/demand/DemandList.vue'
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
})
