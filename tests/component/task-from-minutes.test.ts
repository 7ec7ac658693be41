// 新建任务 while the minutes are written (issue 11: tasks during the meeting): the typed decision
// is saved first, then the task dialog opens from it; an item with no decision says so; each
// item lists the tasks made from it.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import { ElDatePicker, ElSelect } from 'element-plus'
import { setClient } from '../../renderer/src/api'
import { createRealBackend } from './helpers/real-client'
import { seedMeeting } from './helpers/minutes-seed'
import { mountApp } from './helpers/mount'

const mounted: VueWrapper[] = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const text = (sel: string) => q(sel)?.textContent ?? ''
const messages = () => [...document.querySelectorAll('.el-message')].map((e) => e.textContent ?? '').join('\n')

function type(sel: string, v: string): void {
  const el = q<HTMLInputElement | HTMLTextAreaElement>(sel)
  if (!el) throw new Error(`no field ${sel}`)
  el.value = v
  el.dispatchEvent(new Event('input'))
}
async function click(sel: string): Promise<void> {
  const el = q(sel)
  if (!el) throw new Error(`nothing at ${sel}`)
  el.click()
  await settle()
}

describe('新建任务 from the minutes', () => {
  it('saves the typed decision, opens the dialog from it, and the task comes from that item', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const m = await seedMeeting(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(RouterView, { path: `/meet/${m.id}/minutes` })
    mounted.push(wrapper)
    await until(() => expect(q('[data-testid="minutes-new-task-1"]')).not.toBeNull())

    // No decision on item 2 yet: refused with what to do.
    await click('[data-testid="minutes-new-task-1"]')
    await until(() => expect(messages()).toContain('这项议程还没有议定事项'))
    expect(q('[data-testid="task-dialog"]')).toBeNull()

    // Item 1's decision is typed and not yet saved: the button saves it before reading it.
    type('[data-testid="minutes-decision-0"]', '物业两周内清理北门僵尸车\n业委会监督')
    await click('[data-testid="minutes-new-task-0"]')
    await until(() => expect(q('[data-testid="task-dialog"]')).not.toBeNull())
    expect(text('[data-testid="task-source"]')).toContain('物业两周内清理北门僵尸车')
    expect((await backend.call('meeting:get', { id: m.id })).minutes.items.find((x) => x.itemId === m.agenda[0].id)?.decision).toBe('物业两周内清理北门僵尸车\n业委会监督')
    expect(q<HTMLTextAreaElement>('[data-testid="task-title"] textarea, textarea[data-testid="task-title"]')!.value).toBe('物业两周内清理北门僵尸车')

    type('[data-testid="task-owner"] input, input[data-testid="task-owner"]', '刘建国')
    const party = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'task-party' || c.element.closest?.('[data-testid="task-party"]'))!
    party.vm.$emit('update:modelValue', 'propertyCompany')
    const picker = wrapper.findAllComponents(ElDatePicker).find((c) => c.element.closest?.('[data-testid="task-field-deadline"]'))!
    picker.vm.$emit('update:modelValue', '2026-12-31')
    await settle()
    await click('[data-testid="task-save"]')
    await until(async () => expect(await backend.call('task:list', {})).toHaveLength(1))
    const [task] = await backend.call('task:list', {})
    expect(task).toMatchObject({ title: '物业两周内清理北门僵尸车', party: 'propertyCompany', owner: '刘建国', deadline: '2026-12-31', source: { meetingId: m.id, itemId: m.agenda[0].id } })
    // listed under its item (as the exported 纪要's 任务分工 lists it), read-only here
    await until(() => expect(text('[data-testid="minutes-tasks-0"]')).toContain('物业两周内清理北门僵尸车'))
    expect(text('[data-testid="minutes-tasks-0"]')).toContain('刘建国')
    expect(text('[data-testid="minutes-tasks-0"]')).toContain('2026-12-31')
    expect(q(`[data-testid="minutes-task-edit-${task.id}"]`)).toBeNull()
    expect(q('[data-testid="minutes-tasks-1"]')).toBeNull()
  })

  it('a leader sees no 新建任务', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    const m = await seedMeeting(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(RouterView, { path: `/meet/${m.id}/minutes` })
    mounted.push(wrapper)
    await until(() => expect(q('[data-testid="minutes-item-0"]')).not.toBeNull())
    expect(q('[data-testid="minutes-new-task-0"]')).toBeNull()
  })
})
