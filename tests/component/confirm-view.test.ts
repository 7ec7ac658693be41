// ConfirmView (step 2, 确认议题) against the real backend: the queue of new demands, a triage
// decision saved and shown, a duplicate suggested with its reason and merged, the merge undone
// after a confirmation, and (as the chair) a topic confirmed and moved in the agenda.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessage, ElMessageBox } from 'element-plus'
import ConfirmView from '../../renderer/src/views/ConfirmView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
}
/** Waits until the real backend's chain of calls has reached the screen. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })

describe('ConfirmView', () => {
  it('triages a demand, suggests the duplicate with its reason, merges and undoes the merge', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const qky = backend.communities['七口堰社区']
    const first = await backend.call('demand:create', demandInput(qky, 1, { description: '3栋电梯经常停运，老人上下楼困难', reporterPhone: '13912345678' }))
    const dup = await backend.call('demand:create', demandInput(qky, 2, { description: '3栋电梯又停运了，老人上下楼困难', reporterPhone: '13912345678' }))
    await backend.call('demand:create', demandInput(qky, 3, { description: '小区门口垃圾没人清运' }))
    setClient(backend.client)
    const { wrapper } = await mountApp(ConfirmView)
    await until(() => expect(wrapper.findAll('[data-testid="triage-list"] li[data-id]')).toHaveLength(3))

    expect(backend.client['demand:list']).toHaveBeenCalledWith({ status: 'called', page: 1, pageSize: 50 })
    const rows = wrapper.findAll('[data-testid="triage-list"] li[data-id]')
    expect(rows).toHaveLength(3)
    // No confirm buttons for the secretary; the chair confirms.
    expect(wrapper.find('[data-testid="topic-confirm"]').exists()).toBe(false)

    // Select the duplicate: its similar demand is the first one, with the reason.
    await wrapper.find(`[data-testid="triage-list"] li[data-id="${dup.id}"] button`).trigger('click')
    await until(() => expect(wrapper.findAll('[data-testid="similar-list"] li')).toHaveLength(1))
    expect(backend.client['triage:similar']).toHaveBeenCalledWith({ demandId: dup.id, limit: 5 })
    const similar = wrapper.findAll('[data-testid="similar-list"] li')
    expect(similar).toHaveLength(1)
    expect(similar[0].attributes('data-id')).toBe(first.id)
    expect(similar[0].find('[data-testid="similar-reason"]').text()).toMatch(/^内容相似 \d+% · 同一电话 · 同一天$/)
    expect(wrapper.find('[data-testid="similar-list"]').text()).not.toContain('13912345678')

    // Accept it at community level, urgent; the status and the decision show.
    await wrapper.find('[data-testid="level-community"] input').setValue(true)
    await wrapper.find('[data-testid="urgency-urgent"] input').setValue(true)
    await wrapper.find('[data-testid="triage-save"]').trigger('click')
    await settle()
    expect(backend.client['triage:decide']).toHaveBeenCalledWith({ id: dup.id, decision: 'accepted', urgency: 'urgent', level: 'community', revision: dup.revision })
    await until(() => expect(wrapper.find('[data-testid="triage-status"]').text()).toBe('受理研判'))
    expect(wrapper.find('[data-testid="triage-last"]').text()).toContain('受理 · 社区 · 紧急')
    // Accepted: it leaves the queue of new demands.
    await until(() => expect(wrapper.findAll('[data-testid="triage-list"] li[data-id]')).toHaveLength(2))
    expect(wrapper.findAll('[data-testid="triage-list"] li[data-id]')).toHaveLength(2)

    // Merge after a confirmation; the topic appears with both residents masked.
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    await wrapper.find('[data-testid="similar-merge"]').trigger('click')
    await settle()
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(backend.client['topic:merge']).toHaveBeenCalledWith({ demandIds: [dup.id], targetDemandId: first.id })
    await until(() => expect(wrapper.find('[data-testid="topics-proposed"]').text()).toContain('2 条诉求'))
    const proposed = wrapper.find('[data-testid="topics-proposed"]')
    expect(proposed.text()).toContain('3栋电梯经常停运，老人上下楼困难')
    expect(proposed.text()).toContain('2 条诉求')
    expect(proposed.text()).toContain('王**')

    // Undo: a cancelled confirmation changes nothing; a confirmed one removes the topic again.
    confirm.mockRejectedValueOnce('cancel')
    await wrapper.find('[data-testid="topic-undo"]').trigger('click')
    await settle()
    expect(backend.client['topic:undoMerge']).not.toHaveBeenCalled()
    expect(String(confirm.mock.calls.at(-1)![0])).toMatch(/议题“.*”将被撤销/)
    confirm.mockResolvedValueOnce('confirm' as never)
    await wrapper.find('[data-testid="topic-undo"]').trigger('click')
    await settle()
    expect(backend.client['topic:undoMerge']).toHaveBeenCalledTimes(1)
    await until(() => expect(wrapper.find('[data-testid="topics-proposed"]').text()).toContain('暂无待确认的议题'))
    expect((await backend.call('demand:get', { id: dup.id })).topicId).toBeUndefined()
    wrapper.unmount()
  })

  it('the chair confirms topics and orders them with the up / down buttons', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const qky = backend.communities['七口堰社区']
    for (const [n, title] of [[1, '电梯停运'], [2, '垃圾清运']] as const) {
      const d = await backend.call('demand:create', demandInput(qky, n, { description: `${title}的问题` }))
      // 电梯停运's demand is triaged (受理研判); 垃圾清运's is not (居民呼叫, it stays so)
      if (n === 1) await backend.call('triage:decide', { id: d.id, revision: d.revision, decision: 'accepted', level: 'community', urgency: 'normal' })
      await backend.call('topic:create', { communityId: qky.id, level: 'community', title, demandIds: [d.id] })
    }
    setClient(backend.client)
    const { wrapper } = await mountApp(ConfirmView)
    await settle()
    // Proposed newest first: 垃圾清运, then 电梯停运. Confirm both, 电梯停运 first.
    const confirmOf = (title: string) =>
      wrapper.findAll('[data-testid="topics-proposed"] > li').find((li) => li.text().includes(title))!.find('[data-testid="topic-confirm"]')
    await until(() => expect(wrapper.findAll('[data-testid="topics-proposed"] > li[data-id]')).toHaveLength(2))
    const agenda = () => wrapper.findAll('[data-testid="topics-confirmed"] > li[data-id]').map((li) => li.find('.title').text())
    const success = vi.spyOn(ElMessage, 'success')
    await confirmOf('电梯停运').trigger('click')
    await until(() => expect(agenda()).toEqual(['电梯停运']))
    // Its triaged demand moved on with it, and the message says so.
    expect(success).toHaveBeenCalledWith('已确认议题“电梯停运”，其中 1 条诉求转入“社区协同”')
    await confirmOf('垃圾清运').trigger('click')
    await until(() => expect(agenda()).toEqual(['电梯停运', '垃圾清运']))
    expect(success).toHaveBeenLastCalledWith('已确认议题“垃圾清运”')
    expect(wrapper.find('[data-testid="topic-up"]').attributes('aria-label')).toBe('上移议题“电梯停运”')
    const downs = wrapper.findAll('[data-testid="topic-down"]')
    expect(downs[1].attributes('disabled')).toBeDefined()
    await downs[0].trigger('click')
    await settle()
    expect(backend.client['topic:reorder']).toHaveBeenCalledTimes(1)
    await until(() => expect(agenda()).toEqual(['垃圾清运', '电梯停运']))
    expect(wrapper.find('[data-testid="topics-confirmed"]').text()).toContain('第 1 项')

    // Rename the first item: the prompt starts from the current title.
    const prompt = vi.spyOn(ElMessageBox, 'prompt').mockResolvedValue({ value: '小区门口垃圾清运', action: 'confirm' } as never)
    await wrapper.find('[data-testid="topics-confirmed"] [data-testid="topic-rename"]').trigger('click')
    expect(prompt.mock.calls[0][2]).toMatchObject({ inputValue: '垃圾清运' })
    await until(() => expect(agenda()).toEqual(['小区门口垃圾清运', '电梯停运']))
    expect(backend.client['topic:update']).toHaveBeenCalledWith({ id: expect.any(String), revision: expect.any(Number), patch: { title: '小区门口垃圾清运' } })
    wrapper.unmount()
  })

  it('a deleted demand stays on its topic as a marked line but is no longer counted', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const qky = backend.communities['七口堰社区']
    const a = await backend.call('demand:create', demandInput(qky, 1, { description: '3栋电梯经常停运' }))
    const b = await backend.call('demand:create', demandInput(qky, 2, { description: '3栋电梯又停运了' }))
    await backend.call('topic:create', { communityId: qky.id, level: 'community', title: '3栋电梯停运', demandIds: [a.id, b.id] })
    await backend.call('demand:delete', { id: b.id, revision: (await backend.call('demand:get', { id: b.id })).revision, reason: '重复登记' })
    setClient(backend.client)
    const { wrapper } = await mountApp(ConfirmView)
    await until(() => expect(wrapper.find('[data-testid="topics-proposed"]').text()).toContain('3栋电梯停运'))
    const proposed = wrapper.find('[data-testid="topics-proposed"]').text()
    expect(proposed).toContain('1 条诉求')
    expect(proposed).toContain('（该诉求已删除）')
    wrapper.unmount()
  })
})
