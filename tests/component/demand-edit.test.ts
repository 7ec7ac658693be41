// The detail drawer's 修改: the intake form in edit mode, against the real backend.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import DemandDetailDrawer from '../../renderer/src/components/demand/DemandDetailDrawer.vue'
import { setClient } from '../../renderer/src/api'
import { addMonths, currentMonth, monthOf, toZonedIso } from '../../shared/domain/month'
import { createRealBackend, demandInput, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const q = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
const settle = async () => {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 150))
  await flushPromises()
}

async function openEditor(backend: RealBackend) {
  setClient(backend.client)
  const d = await backend.call('demand:create', demandInput(backend.communities['七口堰社区'], 1, { reporterAddress: '5栋2单元301' }))
  ;({ wrapper } = await mountApp(DemandDetailDrawer, { props: { modelValue: true, demand: d } }))
  await flushPromises()
  q('detail-edit')!.click()
  await settle()
  return d
}

function setText(testid: string, value: string): void {
  const el = q(testid) as HTMLInputElement | HTMLTextAreaElement
  el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
}

const ctrlEnter = () =>
  q('edit-demand-form')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }))

describe('detail drawer: edit', () => {
  it('sends only what changed with the revision read, shows the case number and the history (field names only)', async () => {
    const backend = await createRealBackend()
    const d = await openEditor(backend)
    expect(q('edit-caseNo')?.textContent).toBe(d.caseNo)
    // Personal fields start empty, the masked value as placeholder.
    expect((q('edit-input-reporterPhone') as HTMLInputElement).value).toBe('')
    expect((q('edit-input-reporterPhone') as HTMLInputElement).placeholder).toContain('138****')
    setText('edit-input-description', '楼下车位被长期占用，已多次反映')
    setText('edit-input-reporterPhone', '0717-4214580')
    await flushPromises()
    ctrlEnter()
    await vi.waitFor(() => expect(backend.client['demand:update']).toHaveBeenCalledTimes(1))
    expect(backend.client['demand:update'].mock.calls[0][0]).toEqual({
      id: d.id,
      revision: d.revision,
      patch: { description: '楼下车位被长期占用，已多次反映', reporterPhone: '0717-4214580' },
    })
    await vi.waitFor(() => expect(q('detail-history')?.textContent).toContain('修改了 联系电话、诉求内容'))
    expect(q('detail-history')?.textContent).not.toContain('4214580')
    // The drawer shows the new phone masked, like every view.
    expect(q('detail-reporterPhone')?.textContent).not.toContain('4214580')
    expect(q('detail-reporterPhone')?.textContent).not.toBe('138****0001')
    expect(q('detail-caseNo')?.textContent).toBe(d.caseNo)
  })

  it('a new received month moves the record: same case number, the history says from → to', async () => {
    const backend = await createRealBackend()
    const d = await openEditor(backend)
    const form = wrapper!.findComponent({ name: 'DemandForm' })
    const last = addMonths(currentMonth(), -1)
    const [y, m] = last.split('-').map(Number)
    ;(form.vm as unknown as { model: { receivedAt: string } }).model.receivedAt = `${y}-${String(m).padStart(2, '0')}-15T10:00:00`
    await flushPromises()
    ctrlEnter()
    await vi.waitFor(() => expect(q('detail-history')?.textContent).toContain(`从 ${monthOf(d.receivedAt)} 移到 ${last}`))
    expect(q('detail-caseNo')?.textContent).toBe(d.caseNo)
    const moved = backend.client['demand:update'].mock.results[0].value
    expect((await moved).id).not.toBe(d.id)
    expect(monthOf(toZonedIso(new Date((await moved).receivedAt)))).toBe(last)
  })

  it('a stale revision keeps what was typed on top of the record as it is now, names what the other window set, and saves both', async () => {
    const backend = await createRealBackend()
    const warning = vi.spyOn(ElMessage, 'warning')
    const d = await openEditor(backend)
    // Another window saves first: the description (typed here too) and the household unit.
    await backend.call('demand:update', { id: d.id, revision: d.revision, patch: { description: '另一个窗口改过的内容', householdUnit: '3栋2单元' } })
    setText('edit-input-description', '我的修改')
    await flushPromises()
    ctrlEnter()
    await vi.waitFor(() => expect(q('demand-conflict')).not.toBeNull())
    expect(warning).not.toHaveBeenCalled()
    expect(q('demand-conflict')!.textContent).toMatch(/该诉求已于 \S+ \S+ 被修改（可能在另一个窗口）/)
    // who saved it: the other window's history entry names the operator
    expect(q('edit-conflict-by')?.textContent).toMatch(/^修改人：\S+/)
    const changes = Array.from(document.querySelectorAll('[data-testid="edit-conflict-changes"] li')).map((li) => li.textContent!.replace(/\s+/g, ' ').trim())
    expect(changes).toEqual(['联户单元：现为“3栋2单元”', '诉求内容：现为“另一个窗口改过的内容” （与您的修改不同，保存将以您的为准）'])
    await settle()
    expect((q('edit-input-description') as HTMLTextAreaElement).value).toBe('我的修改')
    expect((q('edit-input-householdUnit') as HTMLInputElement).value).toBe('3栋2单元')
    expect(q('edit-demand-form')).not.toBeNull()

    // Saved again on the new revision: mine and the other window's change both stay.
    ctrlEnter()
    await vi.waitFor(() => expect(backend.client['demand:update']).toHaveBeenCalledTimes(2))
    expect(backend.client['demand:update'].mock.calls[1][0]).toEqual({ id: d.id, revision: d.revision + 1, patch: { description: '我的修改' } })
    await vi.waitFor(async () => expect(await backend.call('demand:get', { id: d.id })).toMatchObject({ description: '我的修改', householdUnit: '3栋2单元' }))
  })

})
