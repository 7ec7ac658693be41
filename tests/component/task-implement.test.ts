// 推进落实 against the real backend: the ledger with overdue rows marked and counted, the filters
// as task:list input, the board's columns, a progress note that marks a task done, 街道兜底 (the
// reason required, the confirmation and the success message naming the topic), a task with no
// topic that cannot go, the export, leaders reading only, and the overdue badge on the nav
// (at start, on change events, and on the hourly recount after the day turns).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElMessage, ElMessageBox, ElRadioGroup, ElSelect } from 'element-plus'
import App from '../../renderer/src/App.vue'
import ImplementView from '../../renderer/src/views/ImplementView.vue'
import { setClient } from '../../renderer/src/api'
import type { Topic } from '../../shared/domain/topic-model'
import { createRealBackend, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'
import { dayFromNow, seedDecisions, seedTask } from './helpers/task-seed'

afterEach(() => {
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

function setInput(testid: string, value: string): HTMLInputElement {
  const el = q<HTMLInputElement>(`[data-testid="${testid}"] input, [data-testid="${testid}"] textarea, input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)
  if (!el) throw new Error(`no field ${testid}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
  return el
}

async function choose(wrapper: VueWrapper, testid: string, value: unknown, kind: typeof ElSelect | typeof ElRadioGroup = ElSelect): Promise<void> {
  const c = wrapper.findAllComponents(kind).find((x) => x.attributes('data-testid') === testid || x.element.closest?.(`[data-testid="${testid}"]`))
  if (!c) throw new Error(`no control ${testid}`)
  c.vm.$emit('update:modelValue', value)
  await settle()
}

async function click(sel: string): Promise<void> {
  const el = q(sel)
  if (!el) throw new Error(`nothing at ${sel}`)
  el.click()
  await settle()
}

/** A meeting ten days ago; an overdue task (3 days), one in progress, one for a department with no topic. */
async function seedLedger(backend: RealBackend) {
  const seed = await seedDecisions(backend, ['物业清理北门僵尸车', '物业联系维保单位检修电梯'], 10)
  const late = await seedTask(backend, seed, { title: '清理北门僵尸车', deadline: dayFromNow(-3) })
  let busy = await seedTask(backend, seed, { title: '检修3栋电梯', owner: '陈丽', party: 'ownersCommittee', deadline: dayFromNow(20) }, 1)
  busy = await backend.call('task:progress', { id: busy.id, revision: busy.revision, text: '维保单位已到场' })
  const lamp = await seedTask(backend, seed, { title: '修复北门路灯', party: 'department', unit: '城管执法中队', owner: '李科长', deadline: dayFromNow(30), source: undefined })
  return { seed, late, busy, lamp }
}

describe('ImplementView', () => {
  it('lists the ledger with the overdue row marked and counted, and filters through task:list', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const { late, busy, lamp } = await seedLedger(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(ImplementView, { path: '/implement' })
    await until(() => expect(q(`[data-testid="task-row-${lamp.id}"]`)).not.toBeNull())
    expect(backend.client['task:list']).toHaveBeenCalledWith({})
    // overdue first, then the open ones by deadline
    const order = [...document.querySelectorAll('[data-testid^="task-row-"]')].map((e) => e.getAttribute('data-testid'))
    expect(order).toEqual([`task-row-${late.id}`, `task-row-${busy.id}`, `task-row-${lamp.id}`])
    expect(q(`[data-testid="task-row-${late.id}"]`)!.closest('tr')!.classList.contains('is-overdue')).toBe(true)
    expect(q(`[data-testid="task-row-${busy.id}"]`)!.closest('tr')!.classList.contains('is-overdue')).toBe(false)
    expect(text(`[data-testid="task-status-${late.id}"]`)).toBe('逾期 3 天')
    expect(text(`[data-testid="task-status-${busy.id}"]`)).toBe('进行中')
    expect(text('[data-testid="task-summary"]')).toBe('共 3 项任务，其中已逾期 1 项')
    expect(text('[data-testid="task-ledger"]')).toContain('职能部门（城管执法中队）')
    expect(text('[data-testid="task-ledger"]')).toContain('维保单位已到场')

    await choose(wrapper, 'task-filter-party', 'department')
    await until(() => expect(backend.client['task:list']).toHaveBeenLastCalledWith({ party: 'department' }))
    await until(() => expect(document.querySelectorAll('[data-testid^="task-row-"]')).toHaveLength(1))
    await click('[data-testid="task-filter-clear"]')
    await until(() => expect(backend.client['task:list']).toHaveBeenLastCalledWith({}))
    const owner = setInput('task-filter-owner', '陈')
    owner.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await until(() => expect(backend.client['task:list']).toHaveBeenLastCalledWith({ owner: '陈' }))
    await until(() => expect([...document.querySelectorAll('[data-testid^="task-row-"]')].map((e) => e.textContent)).toEqual(['检修3栋电梯']))
    await choose(wrapper, 'task-filter-column', 'overdue')
    await until(() => expect(backend.client['task:list']).toHaveBeenLastCalledWith({ owner: '陈', column: 'overdue' }))
    await until(() => expect(text('[data-testid="task-ledger"]')).toContain('没有符合条件的任务'))
    wrapper.unmount()
  })

  it('a task done late keeps saying so on screen: the day it was done and the days late', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const { late, busy } = await seedLedger(backend)
    await backend.call('task:progress', { id: late.id, revision: late.revision, text: '已清理完毕', status: 'done' })
    await backend.call('task:progress', { id: busy.id, revision: busy.revision, text: '检修完成', status: 'done' })
    setClient(backend.client)
    const { wrapper } = await mountApp(ImplementView, { path: '/implement' })
    await until(() => expect(q(`[data-testid="task-done-${late.id}"]`)).not.toBeNull())
    expect(text(`[data-testid="task-status-${late.id}"]`)).toBe('已完成')
    expect(text(`[data-testid="task-done-${late.id}"]`)).toMatch(/^\d{4}-\d{2}-\d{2} 完成，逾期 3 天$/)
    expect(text(`[data-testid="task-done-${busy.id}"]`)).toMatch(/^\d{4}-\d{2}-\d{2} 完成$/)
    wrapper.unmount()
  })

  it('shows the board by column; a progress note marks a task done and joins its timeline', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const { late, busy, lamp } = await seedLedger(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(ImplementView, { path: '/implement' })
    await until(() => expect(q(`[data-testid="task-row-${lamp.id}"]`)).not.toBeNull())
    await choose(wrapper, 'task-layout', 'board', ElRadioGroup)
    await until(() => expect(q('[data-testid="task-board"]')).not.toBeNull())
    const cards = (column: string) => [...document.querySelectorAll(`[data-testid="board-${column}"] [data-testid^="board-card-"]`)].map((e) => e.getAttribute('data-testid'))
    expect(cards('overdue')).toEqual([`board-card-${late.id}`])
    expect(cards('inProgress')).toEqual([`board-card-${busy.id}`])
    expect(cards('notStarted')).toEqual([`board-card-${lamp.id}`])
    expect(text('[data-testid="board-done"]')).toContain('无')
    expect(text(`[data-testid="board-card-${late.id}"]`)).toContain('逾期 3 天')

    await click(`[data-testid="task-progress-${late.id}"]`)
    await until(() => expect(q('[data-testid="progress-dialog"]')).not.toBeNull())
    expect(text('[data-testid="progress-dialog"]')).toContain('还没有进展记录')
    await click('[data-testid="progress-save"]')
    await until(() => expect(text('[data-testid="progress-dialog"]')).toContain('请填写进展情况'))
    expect(backend.client['task:progress']).not.toHaveBeenCalled()
    const success = vi.spyOn(ElMessage, 'success')
    setInput('progress-text', '已清理完毕，业委会已验收')
    await choose(wrapper, 'progress-status', 'done', ElRadioGroup)
    await click('[data-testid="progress-save"]')
    await until(() => expect(backend.client['task:progress']).toHaveBeenCalledTimes(1))
    expect(backend.client['task:progress'].mock.calls[0][0]).toEqual({ id: late.id, revision: late.revision, text: '已清理完毕，业委会已验收', status: 'done' })
    await until(() => expect(text('[data-testid="progress-timeline"]')).toContain('已清理完毕，业委会已验收'))
    expect(text('[data-testid="progress-timeline"]')).toContain('测试秘书（秘书）')
    expect(text('[data-testid="progress-timeline"]')).toContain('状态改为“已完成”')
    expect(String(success.mock.calls.at(-1)?.[0])).toBe('任务“清理北门僵尸车”已完成')
    await until(() => expect(cards('done')).toEqual([`board-card-${late.id}`]))
    expect(cards('overdue')).toEqual([])
    wrapper.unmount()
  })

  it('escalates to the street: reason required, a confirmation naming the topic, a message naming it', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const { busy, lamp } = await seedLedger(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(ImplementView, { path: '/implement' })
    await until(() => expect(q(`[data-testid="task-escalate-${busy.id}"]`)).not.toBeNull())

    // A task with no topic cannot go: the dialog says so and offers no submit.
    await click(`[data-testid="task-escalate-${lamp.id}"]`)
    await until(() => expect(text('[data-testid="escalate-no-topic"]')).toContain('该任务没有关联议题，无法提交街道兜底'))
    expect(q('[data-testid="escalate-save"]')).toBeNull()
    await click('[data-testid="escalate-cancel"]')

    await click(`[data-testid="task-escalate-${busy.id}"]`)
    await until(() => expect(text('[data-testid="escalate-topic"]')).toContain('关联议题“3栋电梯经常停运”将提交到街道议程'))
    await click('[data-testid="escalate-save"]')
    await until(() => expect(text('[data-testid="escalate-dialog"]')).toContain('请填写提交街道的原因'))
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValue('confirm' as never)
    const success = vi.spyOn(ElMessage, 'success')
    setInput('escalate-reason', '维保单位拒不配合，需街道协调')
    await click('[data-testid="escalate-save"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(String(confirm.mock.calls[0][0])).toBe('确定将任务“检修3栋电梯”提交街道兜底吗？关联议题“3栋电梯经常停运”将列入街道议程，待街道确认后上会。')
    expect(backend.client['task:escalate']).not.toHaveBeenCalled()
    await click('[data-testid="escalate-save"]')
    await until(() => expect(backend.client['task:escalate']).toHaveBeenCalledTimes(1))
    expect(backend.client['task:escalate'].mock.calls[0][0]).toEqual({ id: busy.id, revision: busy.revision, reason: '维保单位拒不配合，需街道协调' })
    await until(() => expect(success).toHaveBeenCalled())
    expect(success.mock.calls.at(-1)?.[0]).toMatchObject({ message: '已提交街道兜底：议题“3栋电梯经常停运”已列入街道议程' })
    await until(() => expect(text(`[data-testid="task-status-${busy.id}"]`)).toBe('已提交街道'))
    // closed: no more edit or escalate on it
    expect(q(`[data-testid="task-escalate-${busy.id}"]`)).toBeNull()
    const topic = (await backend.db.collection<Topic>('topics').get(busy.topicIds[0]))!
    expect(topic).toMatchObject({ level: 'street', status: 'proposed' })
    wrapper.unmount()
  })

  it('leaders read the ledger and the timeline and export it, with no write actions', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    const { busy } = await seedLedger(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(ImplementView, { path: '/implement' })
    await until(() => expect(q(`[data-testid="task-progress-${busy.id}"]`)).not.toBeNull())
    expect(q(`[data-testid="task-edit-${busy.id}"]`)).toBeNull()
    expect(q(`[data-testid="task-escalate-${busy.id}"]`)).toBeNull()
    await click(`[data-testid="task-progress-${busy.id}"]`)
    await until(() => expect(text('[data-testid="progress-timeline"]')).toContain('维保单位已到场'))
    expect(q('[data-testid="progress-text"]')).toBeNull()
    expect(q('[data-testid="progress-save"]')).toBeNull()
    await click('[data-testid="progress-close"]')

    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    await choose(wrapper, 'task-filter-party', 'ownersCommittee')
    await click('[data-testid="task-export"]')
    await until(() => expect(downloads).toHaveLength(1))
    expect(backend.client['task:export']).toHaveBeenCalledWith({ party: 'ownersCommittee' })
    expect(downloads[0]).toMatch(/^任务台账-\d{4}-\d{2}-\d{2}\.xlsx$/)
    wrapper.unmount()
  })
})

describe('the overdue badge', () => {
  it('counts at start, follows change events, and recounts hourly when the day turns', async () => {
    let clock = Date.now()
    const backend = await createRealBackend({ role: 'secretary', now: () => new Date(clock), idleLockMinutes: 60 * 24 * 30 })
    const seed = await seedDecisions(backend, ['物业清理北门僵尸车', '物业联系维保单位检修电梯'], 10)
    const late = await seedTask(backend, seed, { deadline: dayFromNow(-2) })
    const soon = await seedTask(backend, seed, { title: '检修电梯', deadline: dayFromNow(1) }, 1)
    const hourly: Array<() => void> = []
    const setInterval = globalThis.setInterval
    vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
      if (ms === 3_600_000) hourly.push(fn)
      return setInterval(fn, ms)
    }) as typeof globalThis.setInterval)
    setClient(backend.client)
    const { wrapper } = await mountApp(App, { path: '/collect' })
    await until(() => expect(q('[data-testid="nav-implement"] [data-testid="overdue-badge"]')).not.toBeNull())
    expect(text('[data-testid="overdue-badge"]')).toBe('1（1 项任务已逾期）')
    expect(hourly).toHaveLength(1)

    // Done in another window: the badge goes.
    await backend.call('task:progress', { id: late.id, revision: late.revision, text: '已清理', status: 'done' })
    await until(() => expect(q('[data-testid="overdue-badge"]')).toBeNull())

    // Three days later, nothing written: the hourly recount finds the second one overdue.
    clock += 3 * 86_400_000
    hourly[0]()
    await until(() => expect(text('[data-testid="overdue-badge"]')).toBe('1（1 项任务已逾期）'))
    expect(soon.deadline < dayFromNow(0, clock)).toBe(true)
    wrapper.unmount()
  })
})
