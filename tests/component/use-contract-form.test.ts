import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { defineComponent, h, reactive, ref } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { setClient, ApiError } from '../../renderer/src/api'
import { useContractForm } from '../../renderer/src/composables/use-contract-form'
import { useCommunityStore } from '../../renderer/src/stores/community'
import type { InputOf } from '../../shared/contract'
import { createRealBackend } from './helpers/real-client'

// useContractForm on a bare form: a name field and compound rows, the rows placed BEFORE the name
// in the DOM, so "first invalid field" must follow the DOM and not the order of the errors.

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setClient(null)
  document.body.innerHTML = ''
})

function mountForm(send?: (input: InputOf<'community:create'>) => Promise<unknown>) {
  setActivePinia(createPinia())
  const model = reactive({ name: '', compounds: [] as string[] })
  const saved = vi.fn()
  let form!: ReturnType<typeof useContractForm<'community:create', unknown>>
  const Harness = defineComponent({
    setup() {
      const root = ref<HTMLElement | null>(null)
      form = useContractForm('community:create', {
        input: () => ({ name: model.name, compounds: model.compounds.map((name) => ({ name })) }),
        send: send ?? ((input) => useCommunityStore().create(input)),
        root,
        onSuccess: saved,
      })
      return () =>
        h('form', { ref: root }, [
          ...model.compounds.map((_, i) =>
            h('div', { 'data-field': `compounds.${i}` }, [
              h('input', { 'data-testid': `compound-${i}`, value: model.compounds[i] }),
              h('span', { class: 'error', 'data-testid': `compound-${i}-error` }, form.errors[`compounds.${i}.name`] ?? ''),
            ]),
          ),
          h('div', { 'data-field': 'name' }, [
            h('input', { 'data-testid': 'name', value: model.name }),
            h('span', { class: 'error', 'data-testid': 'name-error' }, form.errors.name ?? ''),
          ]),
        ])
    },
  })
  wrapper = mount(Harness, { attachTo: document.body })
  return { model, form, saved }
}

const active = () => (document.activeElement as HTMLElement | null)?.dataset.testid
const text = (testid: string) => document.querySelector(`[data-testid="${testid}"]`)?.textContent ?? ''

describe('useContractForm', () => {
  it('after a failed check, focus moves to the first invalid field in DOM order, and nothing is sent', async () => {
    const send = vi.fn(() => Promise.resolve({}))
    const { model, form } = mountForm(send)
    model.name = ''
    model.compounds = ['滨江花园', '']
    await flushPromises()
    ;(document.querySelector('[data-testid="name"]') as HTMLElement).focus()

    expect(await form.submit()).toBeUndefined()
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
    expect(form.errors.name).toBe('请填写社区名称')
    expect(form.errors['compounds.1.name']).toBe('请填写小区名称')
    // compounds.1 comes before name in the DOM.
    expect(active()).toBe('compound-1')
    expect(text('compound-1-error')).toBe('请填写小区名称')
    // What was typed stays.
    expect(model.compounds).toEqual(['滨江花园', ''])

    form.clear('compounds.1.name')
    model.compounds = ['滨江花园', '江城名都']
    await form.submit()
    await flushPromises()
    expect(active()).toBe('name')
  })

  it("puts the real server's field errors on their fields and focuses them", async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const { model, form, saved } = mountForm()
    model.name = '东门社区' // taken: the service refuses it with fields.name
    await flushPromises()

    await form.submit()
    await flushPromises()
    expect(backend.client['community:create']).toHaveBeenCalledTimes(1)
    expect(form.errors.name).toBeTruthy()
    expect(text('name-error')).toBe(form.errors.name)
    expect(active()).toBe('name')
    expect(saved).not.toHaveBeenCalled()
    expect(model.name).toBe('东门社区')

    model.name = '新河社区'
    const created = await form.submit()
    expect(created).toMatchObject({ name: '新河社区' })
    expect(saved).toHaveBeenCalledWith(created)
    expect(form.errors).toEqual({})
  })

  it('a server error without a field becomes a message; the form keeps its input', async () => {
    const send = vi.fn(() => Promise.reject(new ApiError('INTERNAL', '数据文件写入失败')))
    const { model, form } = mountForm(send)
    model.name = '新河社区'
    await flushPromises()

    await form.submit()
    await flushPromises()
    expect(send).toHaveBeenCalledTimes(1)
    expect(form.errors).toEqual({})
    await vi.waitFor(() => expect(document.querySelector('.el-message--error')?.textContent).toContain('数据文件写入失败'))
    expect(model.name).toBe('新河社区')
    expect(form.submitting.value).toBe(false)
  })

  it('a field error the form has no place for becomes a message too', async () => {
    const send = vi.fn(() => Promise.reject(new ApiError('VALIDATION', '网格最多 100 个', { grids: '网格最多 100 个' })))
    setActivePinia(createPinia())
    const form = useContractForm('community:create', {
      input: () => ({ name: '新河社区' }),
      send,
      fieldOf: (path) => (path === 'name' ? path : null),
    })
    await form.submit()
    expect(form.errors).toEqual({})
    await vi.waitFor(() => expect(document.querySelector('.el-message--error')?.textContent).toContain('网格最多 100 个'))
  })
})
