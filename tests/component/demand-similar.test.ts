// Duplicate suggestions while a new demand is typed (issue 9, item 6), on the real backend:
// debounced triage:similar on the draft, stale answers dropped, the reason shown, a suggestion
// opened in the detail drawer, and after saving the offer to merge into one topic.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElMessageBox, ElSelect } from 'element-plus'
import CollectView from '../../renderer/src/views/CollectView.vue'
import { setClient } from '../../renderer/src/api'
import { SIMILAR_DEBOUNCE_MS } from '../../renderer/src/components/demand/use-draft-similar'
import { createRealBackend } from './helpers/real-client'
import type { RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

let backend: RealBackend
let wrapper: VueWrapper
let qky: string
let existingId: string

const EXISTING = '小区东门车位被外来车辆长期占用，居民回家没地方停车'

beforeEach(async () => {
  backend = await createRealBackend()
  qky = backend.communities['七口堰社区'].id
  const existing = await backend.call('demand:create', {
    communityId: qky,
    channel: 'hotline',
    category: 'parking',
    reporterName: '李大妈',
    reporterPhone: '13900001111',
    receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
    description: EXISTING,
  })
  existingId = existing.id
  setClient(backend.client)
  ;({ wrapper } = await mountApp(CollectView))
  await flushPromises()
}, 30_000)

afterEach(() => {
  wrapper.unmount()
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

async function choose(testid: string, value: string): Promise<void> {
  const select = wrapper.findAllComponents(ElSelect).find((s) => s.element.closest(`[data-testid="${testid}"]`))
  if (!select) throw new Error(`no select ${testid}`)
  select.vm.$emit('update:modelValue', value)
  await flushPromises()
}

const similarCalls = () => backend.client['triage:similar'].mock.calls.map((c) => c[0])
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('intake form: similar open demands while typing', () => {
  it('asks once after typing stops, for the latest text, and shows the suggestion with its reason', async () => {
    await choose('field-communityId', qky)
    const area = wrapper.find('[data-testid="field-description"] textarea')
    // Typed in steps faster than the debounce: one question, for the last text.
    for (const text of ['东门车位', '东门车位被外来车辆', '东门车位被外来车辆长期占用']) {
      await area.setValue(text)
      await sleep(SIMILAR_DEBOUNCE_MS / 4)
    }
    expect(similarCalls()).toHaveLength(0)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="draft-similar"]').exists()).toBe(true), { timeout: 5000 })
    expect(similarCalls()).toHaveLength(1)
    expect(similarCalls()[0]).toMatchObject({ description: '东门车位被外来车辆长期占用', communityId: qky })

    const item = wrapper.find(`[data-testid="draft-similar"] li[data-id="${existingId}"]`)
    expect(item.exists()).toBe(true)
    expect(item.find('[data-testid="similar-reason"]').text()).toMatch(/内容相似 \d+%/)
    // The resident's name stays masked; the live region announces the count.
    expect(item.text()).toContain('李**')
    expect(wrapper.find('[data-testid="similar-live"]').text()).toBe('发现 1 条可能重复的诉求，见表单下方')
    // Focus stays where the secretary types.
    expect(wrapper.find('[data-testid="draft-similar"]').element.contains(document.activeElement)).toBe(false)
  })

  it('the same phone is a reason; half-typed phones and short text ask nothing', async () => {
    await choose('field-communityId', qky)
    await wrapper.find('[data-testid="field-reporterPhone"] input').setValue('1390000')
    await wrapper.find('[data-testid="field-description"] textarea').setValue('路灯')
    await sleep(SIMILAR_DEBOUNCE_MS * 2)
    expect(similarCalls()).toHaveLength(0)

    await wrapper.find('[data-testid="field-reporterPhone"] input').setValue('139 0000 1111')
    await wrapper.find('[data-testid="field-description"] textarea').setValue('东门停车位不够用')
    await vi.waitFor(() => expect(wrapper.find(`[data-testid="draft-similar"] li[data-id="${existingId}"]`).exists()).toBe(true), { timeout: 5000 })
    expect(similarCalls().at(-1)).toMatchObject({ phone: '139 0000 1111' })
    expect(wrapper.find('[data-testid="draft-similar"] [data-testid="similar-reason"]').text()).toContain('同一电话')
  })

  it('drops an answer that arrives after the text changed', async () => {
    await choose('field-communityId', qky)
    // The first answer is held back until the second question is asked.
    const real = backend.client['triage:similar'].getMockImplementation()!
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    backend.client['triage:similar'].mockImplementationOnce(async (input) => {
      const answer = await real(input)
      await held
      return answer
    })
    const area = wrapper.find('[data-testid="field-description"] textarea')
    await area.setValue('东门车位被外来车辆长期占用')
    await vi.waitFor(() => expect(similarCalls()).toHaveLength(1), { timeout: 5000 })
    await area.setValue('三楼楼道里的灯坏了好几天')
    await vi.waitFor(() => expect(similarCalls()).toHaveLength(2), { timeout: 5000 })
    await flushPromises()
    release()
    await sleep(50)
    await flushPromises()
    // The stale parking answer never shows under the lamp text.
    expect(wrapper.find('[data-testid="draft-similar"]').exists()).toBe(false)
  })

  it('opens a suggestion in the detail drawer', async () => {
    await choose('field-communityId', qky)
    await wrapper.find('[data-testid="field-description"] textarea').setValue('东门车位被外来车辆长期占用')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="draft-similar-open"]').exists()).toBe(true), { timeout: 5000 })
    await wrapper.find('[data-testid="draft-similar-open"]').trigger('click')
    await flushPromises()
    // The list below has its own (closed) drawer; the form's is the one showing the suggestion.
    const drawers = () => [...document.body.querySelectorAll('[data-testid="demand-detail"]')].map((d) => d.textContent ?? '')
    await vi.waitFor(() => expect(drawers().some((text) => text.includes(EXISTING))).toBe(true), { timeout: 5000 })
  })

  it('after saving, offers to merge the new demand with a suggestion under one topic', async () => {
    await choose('field-communityId', qky)
    await choose('field-channel', 'hotline')
    await choose('field-category', 'parking')
    await wrapper.find('[data-testid="field-reporterName"] input').setValue('王小明')
    await wrapper.find('[data-testid="field-description"] textarea').setValue('东门车位被外来车辆长期占用，晚上没处停')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="draft-similar"]').exists()).toBe(true), { timeout: 5000 })

    await wrapper.find('[data-testid="demand-submit"]').trigger('click')
    await vi.waitFor(() => expect(backend.client['demand:create']).toHaveBeenCalledTimes(1), { timeout: 5000 })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="saved-similar"]').exists()).toBe(true), { timeout: 5000 })
    const created = await backend.client['demand:create'].mock.results[0].value
    expect(wrapper.find('[data-testid="saved-similar"] h4').text()).toBe(`刚登记的 ${created.caseNo} 可能与以下诉求重复`)
    // The draft's suggestions are gone with the cleared form.
    expect(wrapper.find('[data-testid="draft-similar"]').exists()).toBe(false)

    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    await wrapper.find('[data-testid="saved-similar-merge"]').trigger('click')
    await vi.waitFor(() => expect(backend.client['topic:merge']).toHaveBeenCalledTimes(1), { timeout: 5000 })
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(String(confirm.mock.calls[0][0])).toContain(created.caseNo)
    expect(backend.client['topic:merge'].mock.calls[0][0]).toEqual({ demandIds: [created.id], targetDemandId: existingId })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="saved-similar"]').exists()).toBe(false), { timeout: 5000 })

    const [a, b] = await Promise.all([backend.call('demand:get', { id: created.id }), backend.call('demand:get', { id: existingId })])
    expect(a.topicId).toBeTruthy()
    expect(a.topicId).toBe(b.topicId)
  })

  it('a cancelled merge changes nothing and the offer stays', async () => {
    await choose('field-communityId', qky)
    await choose('field-channel', 'hotline')
    await choose('field-category', 'parking')
    await wrapper.find('[data-testid="field-reporterName"] input').setValue('王小明')
    await wrapper.find('[data-testid="field-description"] textarea').setValue('东门车位被外来车辆长期占用')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="draft-similar"]').exists()).toBe(true), { timeout: 5000 })
    await wrapper.find('[data-testid="demand-submit"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="saved-similar"]').exists()).toBe(true), { timeout: 5000 })
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel' as never)
    await wrapper.find('[data-testid="saved-similar-merge"]').trigger('click')
    await flushPromises()
    expect(backend.client['topic:merge']).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="saved-similar"]').exists()).toBe(true)
    await wrapper.find('[data-testid="saved-similar-dismiss"]').trigger('click')
    expect(wrapper.find('[data-testid="saved-similar"]').exists()).toBe(false)
  })
})
