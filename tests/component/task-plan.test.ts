// 制定方案 against the real backend: the newest started meeting of the community with its
// decisions; an item without one says so and offers no button; 新建任务 from a decision (title
// from its first line, trimmed; the contract's messages next to the fields; the server's deadline
// refusal on the deadline field; the owner picked from the people directory; Ctrl+Enter saves);
// a task from no decision with a department; an edit that meets another window's change; leaders
// read only.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElDatePicker, ElMessageBox, ElSelect } from 'element-plus'
import PlanView from '../../renderer/src/views/PlanView.vue'
import { titleFromDecision } from '../../renderer/src/components/task/format'
import { setClient } from '../../renderer/src/api'
import { createRealBackend } from './helpers/real-client'
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

function field(testid: string): HTMLInputElement | HTMLTextAreaElement {
  const el = q<HTMLInputElement>(`[data-testid="${testid}"] input, [data-testid="${testid}"] textarea, input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)
  if (!el) throw new Error(`no field ${testid}`)
  return el
}
function setInput(testid: string, value: string): void {
  const el = field(testid)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

/** Sets the model of an Element Plus select or date picker found by its data-testid. */
async function choose(wrapper: VueWrapper, testid: string, value: unknown, kind: typeof ElSelect | typeof ElDatePicker = ElSelect): Promise<void> {
  const c = wrapper.findAllComponents(kind).find((x) => x.attributes('data-testid') === testid || x.element.closest?.(`[data-testid="${testid}"]`) || x.element.querySelector?.(`[data-testid="${testid}"]`))
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

/** The plan with one task from a decision, its edit dialog open. */
async function openTaskEdit() {
  const backend = await createRealBackend({ role: 'secretary' })
  const seed = await seedDecisions(backend)
  const task = await seedTask(backend, seed)
  setClient(backend.client)
  const { wrapper } = await mountApp(PlanView, { path: '/plan' })
  await until(() => expect(q(`[data-testid="plan-task-edit-${task.id}"]`)).not.toBeNull())
  await click(`[data-testid="plan-task-edit-${task.id}"]`)
  await until(() => expect(field('task-title').value).toBe('清理北门僵尸车'))
  return { backend, task, wrapper }
}

describe('titleFromDecision', () => {
  it('takes the first non-empty line, trimmed to the title maximum', () => {
    expect(titleFromDecision('\n  物业一周内清理 \n业委会监督')).toBe('物业一周内清理')
    expect([...titleFromDecision('长'.repeat(130))]).toHaveLength(100)
    expect(titleFromDecision('')).toBe('')
  })
})

describe('PlanView', () => {
  it('makes a task from a decision: prefilled, checked field by field, the owner from the directory, saved with Ctrl+Enter', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const seed = await seedDecisions(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(PlanView, { path: '/plan' })
    await until(() => expect(q('[data-testid="plan-decisions"]')).not.toBeNull())
    expect(backend.client['task:decisions']).toHaveBeenCalledWith({ meetingId: seed.meeting.id })
    expect(text('[data-testid="decision-text-1"]')).toBe('物业一周内清理北门僵尸车\n业委会负责监督')
    // The item with no decision says where to write one, and offers no button.
    expect(text('[data-testid="decision-none-2"]')).toContain('请先在会议纪要中填写议定事项')
    expect(q('[data-testid="decision-create-2"]')).toBeNull()

    await click('[data-testid="decision-create-1"]')
    await until(() => expect(q('[data-testid="task-dialog"]')).not.toBeNull())
    expect(text('[data-testid="task-source"]')).toContain('五方联席会议 · 议程 1：北门车位被长期占用')
    expect(field('task-title').value).toBe('物业一周内清理北门僵尸车')
    expect(q('[data-testid="task-community"]')).toBeNull()

    await click('[data-testid="task-save"]')
    await until(() => {
      const dialog = text('[data-testid="task-dialog"]')
      expect(dialog).toContain('请选择责任方')
      expect(dialog).toContain('请填写责任人')
      expect(dialog).toContain('请填写完成时限')
    })
    expect(backend.client['task:create']).not.toHaveBeenCalled()

    await choose(wrapper, 'task-party', 'propertyCompany')
    await choose(wrapper, 'task-owner-pick', seed.people.get('刘建国'))
    expect(field('task-owner').value).toBe('刘建国')
    expect(text('[data-testid="task-owner-note"]')).toContain('已关联会议人员：刘建国（物业服务企业）')
    // A day before the meeting: the server's refusal lands on the deadline field.
    await choose(wrapper, 'task-field-deadline', dayFromNow(-2), ElDatePicker)
    await click('[data-testid="task-save"]')
    await until(() => expect(text('[data-testid="task-field-deadline"]')).toContain(`完成时限不能早于会议日期（${dayFromNow(-1)}）`))
    expect(backend.client['task:create']).toHaveBeenCalledTimes(1)

    await choose(wrapper, 'task-field-deadline', dayFromNow(10), ElDatePicker)
    field('task-title').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }))
    await until(() => expect(backend.client['task:create']).toHaveBeenCalledTimes(2))
    expect(backend.client['task:create'].mock.calls[1][0]).toEqual({
      communityId: seed.communityId,
      title: '物业一周内清理北门僵尸车',
      party: 'propertyCompany',
      unit: '',
      owner: '刘建国',
      ownerId: seed.people.get('刘建国'),
      deadline: dayFromNow(10),
      source: { meetingId: seed.meeting.id, itemId: seed.meeting.agenda[0].id },
    })
    await until(() => expect(text('[data-testid="decision-tasks-1"]')).toContain('物业一周内清理北门僵尸车'))
    expect(text('[data-testid="decision-tasks-1"]')).toContain('物业服务企业 · 刘建国')
    expect(text('[data-testid="decision-tasks-1"]')).toContain('未开始')
    expect(text('[data-testid="plan-meeting-meta"]')).toContain('已制定任务 1 项')
    const [saved] = await backend.call('task:list', {})
    expect(saved).toMatchObject({ ownerId: seed.people.get('刘建国'), topicIds: [seed.topics[0]] })
    wrapper.unmount()
  })

  it('adds a task from no decision: community picked, a department must be named; typing another owner unlinks the person', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const seed = await seedDecisions(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(PlanView, { path: '/plan' })
    await until(() => expect(q('[data-testid="plan-decisions"]')).not.toBeNull())
    await click('[data-testid="task-create-other"]')
    await until(() => expect(q('[data-testid="task-community"]')).not.toBeNull())
    expect(q('[data-testid="task-source"]')).toBeNull()
    expect(field('task-title').value).toBe('')

    setInput('task-title', '修复北门路灯')
    await choose(wrapper, 'task-party', 'department')
    await choose(wrapper, 'task-owner-pick', seed.people.get('陈丽'))
    setInput('task-owner', '李科长')
    await settle()
    expect(text('[data-testid="task-owner-note"]')).not.toContain('已关联')
    await choose(wrapper, 'task-field-deadline', dayFromNow(30), ElDatePicker)
    await click('[data-testid="task-save"]')
    await until(() => expect(text('[data-testid="task-dialog"]')).toContain('责任方为职能部门时，请填写部门名称'))
    expect(backend.client['task:create']).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(field('task-unit'))

    setInput('task-unit', '城管执法中队')
    await click('[data-testid="task-save"]')
    await until(() => expect(backend.client['task:create']).toHaveBeenCalledTimes(1))
    expect(backend.client['task:create'].mock.calls[0][0]).toEqual({
      communityId: seed.communityId,
      title: '修复北门路灯',
      party: 'department',
      unit: '城管执法中队',
      owner: '李科长',
      deadline: dayFromNow(30),
    })
    await until(() => expect(q('[data-testid="task-dialog"]')?.closest('.el-overlay')?.getAttribute('style') ?? '').toContain('display: none'))
    wrapper.unmount()
  })

  it('closing over a half-filled form (Esc, ×, 取消) asks first; an untouched one just closes', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    await seedDecisions(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(PlanView, { path: '/plan' })
    await until(() => expect(q('[data-testid="plan-decisions"]')).not.toBeNull())
    const hidden = () => (q('[data-testid="task-dialog"]')?.closest('.el-overlay')?.getAttribute('style') ?? '').includes('display: none')
    const confirm = vi.spyOn(ElMessageBox, 'confirm')

    // untouched: 取消 closes without a question
    await click('[data-testid="task-create-other"]')
    await until(() => expect(q('[data-testid="task-community"]')).not.toBeNull())
    await click('[data-testid="task-cancel"]')
    await until(() => expect(hidden()).toBe(true))
    expect(confirm).not.toHaveBeenCalled()

    // typed, then Esc: asked; keeping the form keeps the text
    await click('[data-testid="task-create-other"]')
    await until(() => expect(hidden()).toBe(false))
    setInput('task-title', '修复北门路灯')
    setInput('task-owner', '孙')
    await settle()
    confirm.mockRejectedValueOnce('cancel')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    await settle()
    expect(String(confirm.mock.calls[0][0])).toBe('已填写的内容尚未保存，关闭后将丢失。确定关闭吗？')
    expect(hidden()).toBe(false)
    expect(field('task-title').value).toBe('修复北门路灯')
    // 取消 asks too; confirmed, the dialog closes and nothing was saved
    confirm.mockResolvedValueOnce('confirm' as never)
    await click('[data-testid="task-cancel"]')
    await until(() => expect(hidden()).toBe(true))
    expect(confirm).toHaveBeenCalledTimes(2)
    expect(backend.client['task:create']).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('an edit that meets another window’s change keeps what was typed on top of the latest, names what differs, and saves on the new revision', async () => {
    const { backend, task, wrapper } = await openTaskEdit()
    // Another window renames it meanwhile; its `changed` event is not what this dialog edits from.
    await backend.call('task:update', { id: task.id, revision: task.revision, title: '清理北门全部僵尸车', party: 'propertyCompany', owner: '王强', deadline: task.deadline, topicIds: task.topicIds, demandIds: task.demandIds })
    setInput('task-owner', '张经理')
    await click('[data-testid="task-save"]')
    await until(() => expect(text('[data-testid="task-conflict"]')).toContain('您填写的内容已保留'))
    expect(text('[data-testid="task-conflict"]')).toMatch(/该任务已于 \S+ \S+ 被修改（可能在另一个窗口）您填写的内容已保留/)
    // the other change: the title (not touched here) is taken; the owner both changed keeps mine
    expect(field('task-title').value).toBe('清理北门全部僵尸车')
    expect(field('task-owner').value).toBe('张经理')
    const changes = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="edit-conflict-changes"] li')).map((li) => li.textContent!.replace(/\s+/g, ' ').trim())
    expect(changes).toEqual(['任务内容：现为“清理北门全部僵尸车”', '责任人：现为“王强” （与您的修改不同，保存将以您的为准）'])
    // saved again: on the new revision, with both changes
    await click('[data-testid="task-save"]')
    await until(() => expect(backend.client['task:update']).toHaveBeenCalledTimes(2))
    await until(() => expect(q('[data-testid="task-conflict"]')).toBeNull())
    expect(backend.client['task:update'].mock.calls[1][0]).toMatchObject({ revision: task.revision + 1, title: '清理北门全部僵尸车', owner: '张经理' })
    expect(await backend.call('task:get', { id: task.id })).toMatchObject({ title: '清理北门全部僵尸车', party: 'propertyCompany', owner: '张经理' })
    wrapper.unmount()
  })

  it('after a conflict 放弃我的修改 (confirmed) shows the latest version', async () => {
    const { backend, task, wrapper } = await openTaskEdit()
    await backend.call('task:update', { id: task.id, revision: task.revision, title: '清理北门全部僵尸车', party: task.party, owner: '王强', deadline: task.deadline, topicIds: task.topicIds, demandIds: task.demandIds })
    setInput('task-unit', '城管中队')
    await click('[data-testid="task-save"]')
    await until(() => expect(q('[data-testid="edit-conflict-discard"]')).not.toBeNull())
    expect(field('task-unit').value).toBe('城管中队')
    await click('[data-testid="edit-conflict-discard"]')
    await until(() => expect(q('.conflict-discard-confirm')).not.toBeNull())
    q<HTMLButtonElement>('.conflict-discard-confirm')!.click()
    await until(() => expect(q('[data-testid="task-conflict"]')).toBeNull())
    expect(field('task-unit').value).toBe('')
    expect(field('task-owner').value).toBe('王强')
    wrapper.unmount()
  })

  it('leaders read the decisions and tasks but get no create or edit buttons', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    const seed = await seedDecisions(backend)
    const task = await seedTask(backend, seed)
    setClient(backend.client)
    const { wrapper } = await mountApp(PlanView, { path: '/plan' })
    await until(() => expect(text('[data-testid="decision-tasks-1"]')).toContain('清理北门僵尸车'))
    expect(q('[data-testid="decision-create-1"]')).toBeNull()
    expect(q('[data-testid="task-create-other"]')).toBeNull()
    expect(q(`[data-testid="plan-task-edit-${task.id}"]`)).toBeNull()
    expect(backend.client['task:create']).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('opens the meeting a link names (#/plan?meeting=…), and says when a community has no started meeting', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const seed = await seedDecisions(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(PlanView, { path: `/plan?meeting=${encodeURIComponent(seed.meeting.id)}` })
    await until(() => expect(q('[data-testid="plan-decisions"]')).not.toBeNull())
    expect(backend.client['task:decisions']).toHaveBeenCalledWith({ meetingId: seed.meeting.id })
    await choose(wrapper, 'plan-community', backend.communities['东门社区'].id)
    await until(() => expect(text('[data-testid="plan-empty"]')).toContain('该社区还没有进行中或已结束的会议'))
    expect(q('[data-testid="plan-decisions"]')).toBeNull()
    wrapper.unmount()
  })
})
