// 一事一档 against the real backend: the demand's header (case number, community, masked reporter,
// status) and every step in time order with its kind, who and the links to the records it comes
// from; 打印 prints; a demand that is gone says so; the demand drawer links to it.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { toLocalIso } from '../../shared/domain/month'
import DemandTimelineView from '../../renderer/src/views/DemandTimelineView.vue'
import CollectView from '../../renderer/src/views/CollectView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const text = (sel: string) => q(sel)?.textContent?.trim() ?? ''
const all = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel))
const rev = async (b: RealBackend, id: string) => (await b.call('demand:get', { id })).revision

describe('DemandTimelineView', () => {
  it('prints 第 X 页 共 Y 页 at the foot of each page while the timeline is shown, and only then', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    const qky = backend.communities['七口堰社区']
    const d = await backend.call('demand:create', demandInput(qky, 1, { description: '小区北门路灯不亮' }))
    setClient(backend.client)
    const { wrapper } = await mountApp(DemandTimelineView, { props: { demandId: d.id }, path: `/evaluate/${d.id}` })
    await until(() => expect(all('[data-testid="timeline-entry"]').length).toBe(2))
    const style = () => document.head.querySelector<HTMLStyleElement>('style[data-testid="timeline-page-style"]')
    expect(style()?.textContent).toContain('@page { @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页";')
    wrapper.unmount()
    expect(style()).toBeNull()
  })

  it('shows the header and every step in time order with who, details and links; 打印 prints', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    const qky = backend.communities['七口堰社区']
    const d = await backend.call('demand:create', demandInput(qky, 1, { description: '小区北门路灯不亮' }))
    await backend.call('demand:update', { id: d.id, revision: d.revision, patch: { status: 'accepted' } })
    const topic = await backend.call('topic:create', { communityId: qky.id, level: 'community', title: '北门路灯', demandIds: [d.id] })
    const task = await backend.call('task:create', { communityId: qky.id, title: '更换北门路灯', party: 'propertyCompany', owner: '赵经理', deadline: '2099-12-31', demandIds: [d.id], topicIds: [topic.id] })
    await backend.call('task:progress', { id: task.id, revision: task.revision, text: '已更换灯泡', status: 'done' })
    await backend.call('feedback:tell', { demandId: d.id, revision: await rev(backend, d.id), at: toLocalIso(new Date()), way: 'phone', teller: '李秘书', text: '已告知：路灯已修好' })
    await backend.call('feedback:followUp', { demandId: d.id, revision: await rev(backend, d.id), at: toLocalIso(new Date()), way: 'visit', reached: true, rating: 'basicallySatisfied', comment: '修得有点慢' })
    await backend.call('feedback:close', { demandId: d.id, revision: await rev(backend, d.id), outcome: 'rated' })
    setClient(backend.client)
    // the test window has no printing: count the calls
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const { wrapper } = await mountApp(DemandTimelineView, { props: { demandId: d.id }, path: `/evaluate/${d.id}` })

    await until(() => expect(all('[data-testid="timeline-entry"]').length).toBe(9))
    expect(backend.client['feedback:timeline']).toHaveBeenCalledWith({ demandId: d.id })
    expect(text('[data-testid="timeline-heading"]')).toBe(`一事一档 · ${d.caseNo}`)
    expect(text('[data-testid="timeline-case-no"]')).toBe(d.caseNo)
    expect(text('[data-testid="timeline-community"]')).toBe('七口堰社区')
    expect(text('[data-testid="timeline-reporter"]')).toBe('王**')
    expect(text('[data-testid="timeline-status"]')).toBe('监督评价')

    const entries = all('[data-testid="timeline-entry"]')
    expect(entries.map((e) => e.dataset.kind)).toEqual(['received', 'recorded', 'corrected', 'topic', 'task', 'progress', 'feedback', 'followUp', 'closed'])
    const titles = entries.map((e) => e.querySelector('[data-testid="entry-title"]')!.textContent)
    expect(titles[3]).toBe('列入议题“北门路灯”')
    expect(titles[4]).toBe('制定任务：更换北门路灯')
    expect(titles[6]).toBe('反馈告知（电话，告知人 李秘书）')
    expect(titles[7]).toBe('回访评价：基本满意（上门）')
    expect(titles[8]).toBe('办结（居民评价基本满意，用时 0 天）')
    // the kind in words, who did it, the details
    expect(entries[6].textContent).toContain('反馈告知')
    expect(entries[6].textContent).toContain('已告知：路灯已修好')
    expect(entries[7].textContent).toContain('修得有点慢')
    expect(entries[8].textContent).toContain('经办：系统管理员（管理员）')
    // links to where each record lives; the demand's own steps link nowhere (this is its page)
    expect(entries[3].querySelector('[data-testid="entry-link-topic"]')?.getAttribute('href')).toBe('/confirm')
    expect(entries[4].querySelector('[data-testid="entry-link-task"]')?.getAttribute('href')).toBe(`/implement?task=${encodeURIComponent(task.id)}`)
    expect(entries[0].querySelector('a')).toBeNull()
    expect(q('[data-testid="timeline-to-evaluate"]')?.getAttribute('href')).toBe(`/evaluate?demand=${d.id}`)

    q<HTMLButtonElement>('[data-testid="timeline-print"]')!.click()
    expect(print).toHaveBeenCalledTimes(1)
    await flushPromises()
    expect(document.body.textContent).toMatch(/打印时间：\d{4}-\d\d-\d\d \d\d:\d\d/)
    wrapper.unmount()
  })

  it('a demand that is gone says so', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    setClient(backend.client)
    const { wrapper } = await mountApp(DemandTimelineView, { props: { demandId: 'no-such-demand' }, path: '/evaluate/no-such-demand' })
    await until(() => expect(text('[data-testid="timeline-error"]')).toContain('未找到该诉求'))
    expect(q<HTMLButtonElement>('[data-testid="timeline-print"]')!.disabled).toBe(true)
    wrapper.unmount()
  })

  it('the demand drawer links to 一事一档', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const d = await backend.call('demand:create', demandInput(backend.communities['七口堰社区'], 1))
    setClient(backend.client)
    const { wrapper, router } = await mountApp(CollectView, { path: '/collect' })
    await until(() => expect(all('[data-testid="demand-list"] .el-table__body tr').length).toBe(1))
    all('[data-testid="demand-list"] .el-table__body tr')[0].click()
    await until(() => expect(q('[data-testid="detail-timeline"]')).not.toBeNull())
    expect(text('[data-testid="detail-timeline"]')).toBe('一事一档')
    q('[data-testid="detail-timeline"]')!.click()
    await until(() => expect(router.currentRoute.value.fullPath).toBe(`/evaluate/${d.id}`))
    expect(router.currentRoute.value.name).toBe('demand-timeline')
    wrapper.unmount()
  })
})
