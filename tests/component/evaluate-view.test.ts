// 效果评价 against the real backend: the worklist and its next steps; a rating before feedback
// refused in the service's words; 反馈告知 checked by the contract and saved with Ctrl+Enter; a
// rating; 办结 enabled only when allowed (the refusal text beside each button otherwise, open
// tasks listed); 重新打开 with a required reason and a confirmation; a topic's effect with its
// other residents' demands; a leader reads only, and the rates card shows "—" without a base.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import type { DemandView } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import EvaluateView from '../../renderer/src/views/EvaluateView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.useRealTimers()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const text = (sel: string) => q(sel)?.textContent ?? ''

async function click(sel: string): Promise<void> {
  const el = q(sel)
  if (!el) throw new Error(`nothing at ${sel}`)
  el.click()
  await settle()
}

/** Types into the input or textarea of a field. */
function type(testid: string, value: string): void {
  const el = q<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${testid}"] textarea, [data-testid="${testid}"] input, textarea[data-testid="${testid}"], input[data-testid="${testid}"]`)
  if (!el) throw new Error(`no field ${testid}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

/** Picks a radio button (its input). */
async function pick(testid: string): Promise<void> {
  await click(`[data-testid="${testid}"] input`)
}

const minutesAgo = (n: number) => toLocalIso(new Date(Date.now() - n * 60_000))
const rev = async (b: RealBackend, id: string) => (await b.call('demand:get', { id })).revision

async function accepted(backend: RealBackend, n: number, over: Record<string, unknown> = {}): Promise<DemandView> {
  const d = await backend.call('demand:create', demandInput(backend.communities['七口堰社区'], n, over))
  return backend.call('demand:update', { id: d.id, revision: d.revision, patch: { status: 'accepted' } })
}

const row = (id: string) => `[data-testid="worklist-row"][data-id="${id}"]`

describe('EvaluateView', () => {
  it('feedback, a refused early rating, a rating, closing and reopening through the panel; the topic’s effect', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const qky = backend.communities['七口堰社区']
    const d = await accepted(backend, 1, { description: '地库僵尸车长期占用车位' })
    const neighbour = await accepted(backend, 2, { description: '地库有废弃车辆' })
    await backend.call('topic:create', { communityId: qky.id, level: 'community', title: '地库僵尸车', demandIds: [d.id, neighbour.id] })
    setClient(backend.client)
    const { wrapper, router } = await mountApp(EvaluateView, { path: '/evaluate' })

    await until(() => expect(document.querySelectorAll('[data-testid="worklist-row"]').length).toBe(2))
    expect(text(`${row(d.id)} [data-testid="row-need"]`)).toBe('待反馈')
    expect(text('[data-testid="feedback-select-hint"]')).toContain('请在左侧选择一件诉求')
    await click(`${row(d.id)} button`)
    await until(() => expect(text('[data-testid="panel-case-no"]')).toBe(`诉求 ${d.caseNo}`))
    expect(router.currentRoute.value.query.demand).toBe(d.id)
    expect(text('[data-testid="panel-reporter"]')).toBe('王**')
    expect(text('[data-testid="panel-need"]')).toBe('待反馈')
    expect(q('[data-testid="open-timeline"]')?.getAttribute('href')).toBe(`/evaluate/${d.id}`)

    // not told yet: both closures refused with the service's reason, the rating warned about
    expect(q<HTMLButtonElement>('[data-testid="close-rated"]')!.disabled).toBe(true)
    expect(text('[data-testid="close-refusal-rated"]')).toBe('尚未向居民反馈办理结果，不能办结')
    expect(text('[data-testid="close-refusal-unreachable"]')).toBe('尚未向居民反馈办理结果，不能办结')
    expect(text('[data-testid="rating-refusal"]')).toContain('尚未向居民反馈办理结果，请先登记反馈告知，再回访评价')

    // rating anyway: the service refuses it, next to the rating
    await pick('follow-up-rating-satisfied')
    await click('[data-testid="follow-up-save"]')
    await until(() => expect(text('[data-field="rating"]')).toContain('尚未向居民反馈办理结果，请先登记反馈告知，再回访评价'))
    expect(backend.client['feedback:followUp']).toHaveBeenCalledTimes(1)
    expect((await backend.call('demand:get', { id: d.id })).followUps).toBeUndefined()

    // 反馈告知: the contract names the empty field; Ctrl+Enter saves
    await click('[data-testid="tell-save"]')
    await until(() => expect(text('[data-testid="feedback-tell"] [data-field="text"]')).toContain('请填写告知内容'))
    expect(backend.client['feedback:tell']).not.toHaveBeenCalled()
    type('tell-text', '已告知：僵尸车已由物业拖走')
    await pick('tell-way-visit')
    const read = await rev(backend, d.id)
    q('[data-testid="tell-form"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }))
    await until(() => expect(backend.client['feedback:tell']).toHaveBeenCalledTimes(1))
    const sent = backend.client['feedback:tell'].mock.calls[0][0]
    expect(sent).toMatchObject({ demandId: d.id, revision: read, way: 'visit', teller: '测试秘书', text: '已告知：僵尸车已由物业拖走' })
    // the street's wall clock with its offset
    expect(sent.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
    await until(() => expect(text('[data-testid="tell-log"]')).toContain('已告知：僵尸车已由物业拖走'))
    expect(text('[data-testid="tell-entry"]')).toContain('上门')
    expect(text('[data-testid="tell-entry"]')).toContain('测试秘书')
    await until(() => expect(text('[data-testid="panel-need"]')).toBe('待回访'))
    expect(q('[data-testid="rating-refusal"]')).toBeNull()
    await until(() => expect(text(`${row(d.id)} [data-testid="row-need"]`)).toBe('待回访'))

    // 回访: satisfied, with a comment; 办结（已回访评价）is allowed, 无法联系 is not
    await pick('follow-up-rating-satisfied')
    type('follow-up-comment', '清理得很干净')
    await click('[data-testid="follow-up-save"]')
    await until(() => expect(text('[data-testid="follow-up-log"]')).toContain('满意'))
    expect(text('[data-testid="follow-up-entry"]')).toContain('清理得很干净')
    await until(() => expect(q<HTMLButtonElement>('[data-testid="close-rated"]')!.disabled).toBe(false))
    expect(q('[data-testid="close-refusal-rated"]')).toBeNull()
    expect(text('[data-testid="close-refusal-unreachable"]')).toBe('已登记 0 次未联系上的回访，满 3 次后才能按“无法联系”办结')
    expect(q<HTMLButtonElement>('[data-testid="close-unreachable"]')!.disabled).toBe(true)

    // 办结 after a confirmation (the first one cancelled: nothing happens)
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValue('confirm' as never)
    await click('[data-testid="close-rated"]')
    expect(String(confirm.mock.calls[0][0])).toBe(`确认将诉求 ${d.caseNo} 办结（已回访评价）？办结后如需继续办理，可以重新打开。`)
    expect(backend.client['feedback:close']).not.toHaveBeenCalled()
    await click('[data-testid="close-rated"]')
    await until(() => expect(text('[data-testid="closure"]')).toMatch(/^已于 .+ 办结（居民评价满意，用时 0 天），测试秘书（秘书）$/))
    expect(backend.client['feedback:close']).toHaveBeenCalledWith({ demandId: d.id, revision: expect.any(Number), outcome: 'rated' })
    expect(text('[data-testid="panel-status"]')).toBe('监督评价')
    // closed: no more feedback or follow-up forms
    expect(q('[data-testid="tell-form"]')).toBeNull()
    expect(q('[data-testid="follow-up-form"]')).toBeNull()
    // it left the open worklist
    await until(() => expect(q(row(d.id))).toBeNull())

    // 重新打开: the reason is required (before any confirmation), then confirmed
    confirm.mockClear()
    await click('[data-testid="reopen"]')
    await until(() => expect(text('[data-testid="reopen-form"]')).toContain('请填写重新打开的原因'))
    expect(confirm).not.toHaveBeenCalled()
    type('reopen-reason', '居民反映僵尸车又出现')
    await click('[data-testid="reopen"]')
    await until(() => expect(backend.client['feedback:reopen']).toHaveBeenCalledTimes(1))
    expect(String(confirm.mock.calls[0][0])).toBe(`确认重新打开诉求 ${d.caseNo}？本次办结记录会保留在一事一档中。`)
    await until(() => expect(text('[data-testid="panel-status"]')).toBe('分类办理'))
    const stored = await backend.call('demand:get', { id: d.id })
    expect(stored.reopenings).toMatchObject([{ reason: '居民反映僵尸车又出现' }])
    expect(stored.pastClosures).toMatchObject([{ outcome: 'rated', rating: 'satisfied' }])

    // the topic: its effect, and the other resident's demand one click away
    await until(() => expect(text('[data-testid="topic-effect"]')).toContain('议题“地库僵尸车”的效果评价'))
    expect(text('[data-testid="topic-effect-figures"]')).toContain('合并诉求 2 件')
    // reopened: a new round for this resident, so the topic counts no feedback or rating yet
    expect(text('[data-testid="topic-effect-figures"]')).toContain('已反馈 0')
    expect(text('[data-testid="topic-satisfaction"]')).toBe('满意率 —')
    await click(`[data-testid="topic-other-${neighbour.id}"]`)
    await until(() => expect(text('[data-testid="panel-case-no"]')).toBe(`诉求 ${neighbour.caseNo}`))
    expect(router.currentRoute.value.query.demand).toBe(neighbour.id)
    expect(text('[data-testid="tell-empty"]')).toBe('尚未向居民反馈办理结果')

    // The neighbour's demand is deleted: the topic keeps its id (marked missing) but no longer
    // counts it, and says how many went.
    await backend.call('demand:delete', { id: neighbour.id, revision: await rev(backend, neighbour.id), reason: '重复登记' })
    await router.push(`/evaluate?demand=${d.id}`)
    await until(() => expect(text('[data-testid="topic-effect-figures"]')).toContain('合并诉求 1 件'))
    expect(text('[data-testid="topic-deleted"]')).toBe('另有 1 件已删除，不计入')
    expect(text('[data-testid="topic-effect"]')).toContain('该议题只有这一件诉求')
    wrapper.unmount()
  })

  it('lists open tasks and refuses closing while one is open; three failed attempts allow 无法联系', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const qky = backend.communities['七口堰社区']
    const d = await accepted(backend, 1)
    await backend.call('feedback:tell', { demandId: d.id, revision: await rev(backend, d.id), at: minutesAgo(10), way: 'phone', teller: '李秘书', text: '已告知' })
    const task = await backend.call('task:create', { communityId: qky.id, title: '更换楼道灯', party: 'propertyCompany', owner: '赵经理', deadline: '2099-12-31', demandIds: [d.id] })
    setClient(backend.client)
    const { wrapper } = await mountApp(EvaluateView, { path: `/evaluate?demand=${d.id}` })
    await until(() => expect(text('[data-testid="panel-case-no"]')).toBe(`诉求 ${d.caseNo}`))
    await until(() => expect(text(`${row(d.id)} [data-testid="row-need"]`)).toBe('待回访'))
    expect(text(row(d.id))).toContain('未完成任务 1 项')
    expect(text('[data-testid="open-task"]')).toContain('更换楼道灯')
    expect(text('[data-testid="open-task"]')).toContain('未开始')

    // three unanswered attempts
    for (let i = 0; i < 3; i++) {
      await pick('follow-up-reached-no')
      expect(q('[data-field="rating"]')).toBeNull()
      await click('[data-testid="follow-up-save"]')
      await until(() => expect(backend.client['feedback:followUp']).toHaveBeenCalledTimes(i + 1))
      await until(() => expect(document.querySelectorAll('[data-testid="follow-up-entry"]').length).toBe(i + 1))
    }
    expect(backend.client['feedback:followUp'].mock.calls[0][0]).toMatchObject({ reached: false, way: 'phone' })
    expect(backend.client['feedback:followUp'].mock.calls[0][0]).not.toHaveProperty('rating')
    expect(text('[data-testid="failed-attempts"]')).toBe('已登记 3 次未联系上的回访（满 3 次后可按“无法联系”办结）')
    await until(() => expect(text('[data-testid="close-refusal-unreachable"]')).toBe('还有未完成的任务：更换楼道灯，不能办结'))
    expect(q<HTMLButtonElement>('[data-testid="close-unreachable"]')!.disabled).toBe(true)
    expect(text('[data-testid="panel-need"]')).toBe('有未完成任务')

    // the task is done in another window: the panel follows and 无法联系 is allowed
    await backend.call('task:progress', { id: task.id, revision: task.revision, text: '已更换', status: 'done' })
    await until(() => expect(q<HTMLButtonElement>('[data-testid="close-unreachable"]')!.disabled).toBe(false))
    expect(text('[data-testid="open-tasks"]')).toContain('没有未完成的任务')
    expect(text('[data-testid="panel-need"]')).toBe('可办结')
    expect(text('[data-testid="close-refusal-rated"]')).toContain('尚未回访评价')
    wrapper.unmount()
  })

  it('a leader reads only; the rates card shows "—" where a rate has no base', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    const d = await accepted(backend, 1)
    setClient(backend.client)
    const { wrapper } = await mountApp(EvaluateView, { path: `/evaluate?demand=${d.id}` })
    await until(() => expect(text('[data-testid="panel-case-no"]')).toBe(`诉求 ${d.caseNo}`))
    expect(text('[data-testid="feedback-panel"]')).toContain('当前账号只能查看')
    for (const part of ['tell-form', 'follow-up-form', 'close-rated', 'reopen-form']) expect(q(`[data-testid="${part}"]`), part).toBeNull()

    await until(() => expect(q('[data-testid="rate-closeRate"]')).not.toBeNull())
    expect(text('[data-testid="rates-card"] h3')).toBe('全街道 办结与满意度')
    expect(text('[data-testid="rate-closeRate"] [data-testid="rate-value"]')).toBe('0%')
    for (const key of ['satisfactionRate', 'participationRate', 'avgCloseDays', 'onTimeRate']) {
      expect(text(`[data-testid="rate-${key}"] [data-testid="rate-value"]`), key).toBe('—')
    }
    expect(text('[data-testid="rate-closeRate"]')).toContain('办结 0 / 受理 1')
    wrapper.unmount()
  })
})
