import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElMessage, ElSelect } from 'element-plus'
import CollectView from '../../renderer/src/views/CollectView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend } from './helpers/real-client'
import type { RealBackend, SpiedClient } from './helpers/real-client'
import { mountApp } from './helpers/mount'
import { toZonedIso } from '../../shared/domain/month'

let backend: RealBackend
let client: SpiedClient
let wrapper: VueWrapper
let qky: string

beforeEach(async () => {
  backend = await createRealBackend()
  client = backend.client
  qky = backend.communities['七口堰社区'].id
  setClient(client)
  ;({ wrapper } = await mountApp(CollectView))
  await flushPromises()
}, 30_000) // the real backend plus a full mount; slow on a shared, loaded machine

afterEach(() => {
  wrapper.unmount()
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

/** Picks a value in an ElSelect the way its dropdown would (the dropdown is teleported). */
async function choose(testid: string, value: string): Promise<void> {
  const select = wrapper
    .findAllComponents(ElSelect)
    .find((s) => s.element.closest(`[data-testid="${testid}"]`) || s.attributes('data-testid') === testid)
  if (!select) throw new Error(`no select ${testid}`)
  select.vm.$emit('update:modelValue', value)
  await flushPromises()
}

function fieldError(field: string): string {
  return wrapper.find(`[data-testid="field-${field}"] .el-form-item__error`).exists()
    ? wrapper.find(`[data-testid="field-${field}"] .el-form-item__error`).text()
    : ''
}

async function fillValid(): Promise<void> {
  await choose('field-communityId', qky)
  await choose('field-channel', 'hotline')
  await choose('field-category', 'parking')
  await wrapper.find('[data-testid="field-reporterName"] input').setValue('王小明')
  await wrapper.find('[data-testid="field-reporterPhone"] input').setValue('13812345678')
  await wrapper.find('[data-testid="field-description"] textarea').setValue('小区东门车位被长期占用')
}

/** Element Plus shows a form-item error 100 ms after its state changes (debounced). */
async function settle(): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

async function submit(): Promise<void> {
  await wrapper.find('[data-testid="demand-submit"]').trigger('click')
  await settle()
}

describe('demand form, client-side rules', () => {
  it('shows zh-CN messages for a missing community, a bad phone and a too-long description, without calling the api', async () => {
    await fillValid()
    await choose('field-communityId', '')
    await wrapper.find('[data-testid="field-reporterPhone"] input').setValue('12345')
    await wrapper.find('[data-testid="field-description"] textarea').setValue('长'.repeat(1001))
    await submit()

    expect(fieldError('communityId')).toBe('请选择社区')
    expect(fieldError('reporterPhone')).toBe('联系电话须为 11 位手机号码（以 1 开头）')
    expect(fieldError('description')).toBe('诉求内容不能超过 1000 字')
    expect(fieldError('reporterName')).toBe('')
    expect(client['demand:create']).not.toHaveBeenCalled()
  })

  it('clears a field message once the field is edited', async () => {
    await submit()
    expect(fieldError('reporterName')).toBe('请填写反映人姓名')
    await wrapper.find('[data-testid="field-reporterName"] input').setValue('李')
    await settle()
    expect(fieldError('reporterName')).toBe('')
  })

  it('submits with Ctrl+Enter', async () => {
    await fillValid()
    await wrapper.find('[data-testid="demand-form"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(client['demand:create']).toHaveBeenCalledTimes(1)
  })
})

describe('demand form, server replies', () => {
  it('puts a server VALIDATION error next to the matching field and keeps the input', async () => {
    await fillValid()
    // The community was removed in another window: the service refuses it, next to the field.
    await choose('field-communityId', 'c-gone')
    await submit()
    await vi.waitFor(() => expect(fieldError('communityId')).toBe('所选社区不存在'))
    expect(fieldError('description')).toBe('')
    expect((wrapper.find('[data-testid="field-reporterName"] input').element as HTMLInputElement).value).toBe('王小明')
  })

  it('shows a write failure as a message with the server text and keeps what was typed', async () => {
    const error = vi.spyOn(ElMessage, 'error')
    await fillValid()
    backend.fs.failNext('writeFile', /demands/, 'ENOSPC')
    await submit()
    await vi.waitFor(() => expect(error).toHaveBeenCalledTimes(1))
    expect(String(error.mock.calls[0][0])).toMatch(/磁盘|空间|未保存|失败/)
    expect((wrapper.find('[data-testid="field-description"] textarea').element as HTMLTextAreaElement).value).toBe(
      '小区东门车位被长期占用',
    )
  })

  it('sends an ISO receivedAt with offset, reloads the list and resets all but community and channel', async () => {
    const success = vi.spyOn(ElMessage, 'success')
    await fillValid()
    const listCallsBefore = client['demand:list'].mock.calls.length
    await submit()

    expect(client['demand:create']).toHaveBeenCalledTimes(1)
    const input = client['demand:create'].mock.calls[0][0]
    expect(input).toMatchObject({
      communityId: qky,
      channel: 'hotline',
      category: 'parking',
      reporterName: '王小明',
      reporterPhone: '13812345678',
      description: '小区东门车位被长期占用',
    })
    expect(input.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
    expect(Math.abs(Date.parse(input.receivedAt) - Date.now())).toBeLessThan(60_000)
    expect(input).not.toHaveProperty('compoundId')

    expect(success).toHaveBeenCalledWith(expect.stringMatching(/^已登记，案件编号 七口堰-\d{4}-\d{4}$/))
    expect(client['demand:list'].mock.calls.length).toBeGreaterThan(listCallsBefore)
    // The new row came back from the reload, with the phone masked by the real service.
    expect(wrapper.find('[data-testid="demand-list"]').text()).toContain('138****5678')

    expect((wrapper.find('[data-testid="field-reporterName"] input').element as HTMLInputElement).value).toBe('')
    expect((wrapper.find('[data-testid="field-description"] textarea').element as HTMLTextAreaElement).value).toBe('')
    const selects = wrapper.findAllComponents(ElSelect)
    expect(selects[0].props('modelValue')).toBe(qky)
    expect(selects[2].props('modelValue')).toBe('hotline')
    expect(selects[3].props('modelValue')).toBe('')
  })
})

/** The text input inside a select field (Element Plus renders one per select). */
function selectInput(field: string): HTMLInputElement {
  return wrapper.find(`[data-testid="field-${field}"] input`).element as HTMLInputElement
}

/** Types into a filterable select the way a keyboard does, then presses a key on it. */
async function typeInSelect(field: string, text: string, key?: string): Promise<void> {
  const input = wrapper.find(`[data-testid="field-${field}"] input`)
  await input.trigger('focus')
  await input.trigger('click')
  ;(input.element as HTMLInputElement).value = text
  await input.trigger('input')
  await settle()
  if (key) {
    await input.trigger('keydown', { key, code: key })
    await settle()
  }
}

describe('demand form, keyboard intake', () => {
  it('typing 七口堰 (or qky) then Enter picks the only match', async () => {
    await typeInSelect('communityId', '七口堰', 'Enter')
    expect(wrapper.findAllComponents(ElSelect)[0].props('modelValue')).toBe(qky)
    await choose('field-communityId', '')
    await typeInSelect('communityId', 'qky', 'Enter')
    expect(wrapper.findAllComponents(ElSelect)[0].props('modelValue')).toBe(qky)
    await typeInSelect('channel', 'rx', 'Enter')
    expect(wrapper.findAllComponents(ElSelect)[2].props('modelValue')).toBe('hotline')
  })

  it('keeps one Tab order whatever is chosen: no field is ever disabled', async () => {
    const order = () =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="demand-form"] [data-field]'))
        .filter((el) => el.querySelector('input:not([disabled]), textarea:not([disabled])'))
        .map((el) => el.dataset.field)
    const expected = [
      'communityId',
      'compoundId',
      'channel',
      'category',
      'reporterName',
      'reporterPhone',
      'receivedAt',
      'reporterAddress',
      'householdUnit',
      'householdLeader',
      'description',
    ]
    expect(order()).toEqual(expected)
    await choose('field-communityId', qky)
    expect(order()).toEqual(expected)
  })

  it('after a failed submit the first invalid field has the focus', async () => {
    await wrapper.find('[data-testid="field-reporterName"] input').setValue('王小明')
    await submit()
    expect(fieldError('communityId')).toBe('请选择社区')
    expect(document.activeElement).toBe(selectInput('communityId'))
    await choose('field-communityId', qky)
    await choose('field-channel', 'hotline')
    await choose('field-category', 'parking')
    await submit()
    expect(document.activeElement).toBe(wrapper.find('[data-testid="field-description"] textarea').element)
  })

  it('Ctrl+Enter saves and readies the next call: community and channel kept (and remembered), focus on the first field', async () => {
    await fillValid()
    await wrapper.find('[data-testid="field-householdUnit"] input').setValue('3栋1单元联户')
    await wrapper.find('[data-testid="field-reporterPhone"] input').setValue('0717-4214580')
    await wrapper.find('[data-testid="demand-form"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await vi.waitFor(() => expect(client['demand:create']).toHaveBeenCalledTimes(1))
    expect(client['demand:create'].mock.calls[0][0]).toMatchObject({ reporterPhone: '0717-4214580', householdUnit: '3栋1单元联户' })
    await settle()
    expect(document.activeElement).toBe(selectInput('communityId'))
    expect((wrapper.find('[data-testid="field-householdUnit"] input').element as HTMLInputElement).value).toBe('')
    // A new form (next call, or after a restart of the window) starts with them again.
    wrapper.unmount()
    ;({ wrapper } = await mountApp(CollectView))
    await flushPromises()
    const selects = wrapper.findAllComponents(ElSelect)
    expect(selects[0].props('modelValue')).toBe(qky)
    expect(selects[2].props('modelValue')).toBe('hotline')
    expect(selects[3].props('modelValue')).toBe('')
  })

  it('explains a future 受理时间 next to the field instead of resetting it', async () => {
    await fillValid()
    const form = wrapper.findComponent({ name: 'DemandForm' })
    const future = toZonedIso(new Date(Date.now() + 3 * 86_400_000)).slice(0, 19)
    ;(form.vm as unknown as { model: { receivedAt: string } }).model.receivedAt = future
    await submit()
    await vi.waitFor(() => expect(fieldError('receivedAt')).toMatch(/^受理时间不能晚于当前时间（现在是 .+），请核对受理日期和时间$/))
    expect((form.vm as unknown as { model: { receivedAt: string } }).model.receivedAt).toBe(future)
    expect(document.activeElement).toBe(wrapper.find('[data-testid="field-receivedAt"] input').element)
  })

  it('accepts landlines and spaced or +86 mobiles, stored normalised', async () => {
    await fillValid()
    await wrapper.find('[data-testid="field-reporterPhone"] input').setValue('+86 138 8888 6666')
    await submit()
    await vi.waitFor(() => expect(client['demand:create']).toHaveBeenCalledTimes(1))
    const stored = await backend.db.getDemand((await client['demand:list'].mock.results.at(-1)!.value).items[0].id)
    expect(stored?.reporterPhone).toBe('13888886666')
  })
})

describe('demand form, nothing lost on close', () => {
  const unload = () => {
    const e = new Event('beforeunload', { cancelable: true }) as BeforeUnloadEvent
    window.dispatchEvent(e)
    return e.defaultPrevented
  }

  it('asks before the window closes or reloads while a demand is being typed, not when there is nothing to lose', async () => {
    // The remembered community and channel alone are nothing to lose.
    await choose('field-communityId', qky)
    await choose('field-channel', 'hotline')
    expect(unload()).toBe(false)
    await wrapper.find('[data-testid="field-description"] textarea').setValue('楼道灯坏了')
    expect(unload()).toBe(true)
    // Saved: the form is ready for the next call and closing asks nothing.
    await fillValid()
    await submit()
    await vi.waitFor(() => expect(backend.client['demand:create']).toHaveBeenCalledTimes(1))
    await settle()
    expect(unload()).toBe(false)
  })
})
