import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { ElOption, ElSelect } from 'element-plus'
import { setClient } from '../../renderer/src/api'
import { createAppI18n } from '../../renderer/src/i18n'
import VocabSelect from '../../renderer/src/components/common/VocabSelect.vue'
import CommunitySelect from '../../renderer/src/components/common/CommunitySelect.vue'
import { createRealBackend } from './helpers/real-client'
import type { DemandChannel } from '../../shared/domain/vocab'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setClient(null)
  document.body.innerHTML = ''
})

function mountWith(render: () => ReturnType<typeof h>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  wrapper = mount(defineComponent({ setup: () => render }), {
    attachTo: document.body,
    global: { plugins: [pinia, createAppI18n('zh-CN')] },
  })
  return wrapper
}

const optionLabels = (select: VueWrapper) => select.findAllComponents(ElOption).map((o) => String(o.props('label') ?? ''))

describe('VocabSelect', () => {
  it('offers the vocabulary with i18n labels, an accessible name, and gives "" when cleared', async () => {
    const value = ref<'' | DemandChannel>('petition')
    const w = mountWith(() =>
      h(VocabSelect, {
        vocab: 'channel',
        label: '来源渠道',
        clearable: true,
        modelValue: value.value,
        'onUpdate:modelValue': (v: unknown) => (value.value = v as '' | DemandChannel),
        'data-testid': 'vocab',
      }),
    )
    await flushPromises()
    const select = w.findComponent(ElSelect)
    expect(select.props('clearable')).toBe(true)
    expect(w.find('[data-testid="vocab"]').exists()).toBe(true)
    expect(w.find('input').attributes('aria-label')).toBe('来源渠道')
    select.vm.$emit('update:modelValue', undefined)
    await flushPromises()
    expect(value.value).toBe('')
    select.vm.$emit('update:modelValue', 'transfer12345')
    expect(value.value).toBe('transfer12345')
  })

  it('restricts to `only`, keeping the vocabulary order', async () => {
    const w = mountWith(() => h(VocabSelect, { vocab: 'status', label: '状态', modelValue: '', only: ['notified', 'accepted'] }))
    await flushPromises()
    // Options render lazily in the popper; open it.
    await w.find('.el-select__wrapper').trigger('click')
    await flushPromises()
    expect(optionLabels(w as unknown as VueWrapper)).toEqual(['受理研判', '反馈告知'])
  })
})

describe('CommunitySelect', () => {
  it('lists the store communities, and as a cascade the compounds, dropping a compound of another community', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const community = ref('')
    const compound = ref('')
    const w = mountWith(() =>
      h('div', [
        h(CommunitySelect, { label: '社区', modelValue: community.value, 'onUpdate:modelValue': (v: string) => (community.value = v) }),
        h(CommunitySelect, {
          label: '小区',
          compoundsOf: community.value,
          modelValue: compound.value,
          'onUpdate:modelValue': (v: string) => (compound.value = v),
        }),
      ]),
    )
    await flushPromises()
    const [communities, compounds] = w.findAllComponents(ElSelect)
    // Never disabled (a disabled select leaves the Tab order and every later Tab lands one field
    // off): without a community it simply offers nothing.
    expect(compounds.props('disabled')).toBeFalsy()
    await compounds.find('.el-select__wrapper').trigger('click')
    await flushPromises()
    expect(optionLabels(w as unknown as VueWrapper).filter((l) => l.includes('花园') || l.includes('名都'))).toEqual([])
    const qky = backend.communities['七口堰社区']
    community.value = qky.id
    await flushPromises()
    expect(compounds.props('disabled')).toBeFalsy()
    compound.value = qky.compounds[1].id
    await flushPromises()
    community.value = backend.communities['东门社区'].id
    await flushPromises()
    expect(compound.value).toBe('')
    expect(communities.props('modelValue')).toBe(backend.communities['东门社区'].id)
  })

  it('filters by characters and pinyin initials; Enter picks the only match', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const community = ref('')
    const w = mountWith(() => h(CommunitySelect, { label: '社区', modelValue: community.value, 'onUpdate:modelValue': (v: string) => (community.value = v) }))
    await flushPromises()
    const input = w.find('input')
    await w.find('.el-select__wrapper').trigger('click')
    ;(input.element as HTMLInputElement).value = 'qky'
    await input.trigger('input')
    await new Promise((r) => setTimeout(r, 150))
    await flushPromises()
    expect(optionLabels(w as unknown as VueWrapper)).toEqual(['七口堰社区'])
    await input.trigger('keydown', { key: 'Enter', code: 'Enter' })
    await flushPromises()
    expect(community.value).toBe(backend.communities['七口堰社区'].id)
  })
})
