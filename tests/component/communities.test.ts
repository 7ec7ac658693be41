import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElMessageBox, ElSelect } from 'element-plus'
import CommunitiesView from '../../renderer/src/views/CommunitiesView.vue'
import App from '../../renderer/src/App.vue'
import CollectView from '../../renderer/src/views/CollectView.vue'
import { setClient } from '../../renderer/src/api'
import { useCommunityStore } from '../../renderer/src/stores/community'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

/** Element Plus shows a form-item error 100 ms after its state changes (debounced). */
async function settle(): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)

async function type(testid: string, value: string): Promise<void> {
  const el = q<HTMLInputElement>(`input[data-testid="${testid}"]`)
  if (!el) throw new Error(`no input ${testid}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function click(testid: string): Promise<void> {
  const el = q<HTMLElement>(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no ${testid}`)
  el.click()
  await flushPromises()
}

async function chooseGrid(row: number, index: number): Promise<void> {
  const select = wrapper!
    .findAllComponents(ElSelect)
    .find((s) => s.element.closest?.(`[data-testid="field-compound-${row}"]`))
  if (!select) throw new Error(`no grid select in row ${row}`)
  select.vm.$emit('update:modelValue', index)
  await flushPromises()
}

const errorOf = (testid: string) => q(`[data-testid="${testid}"] .el-form-item__error`)?.textContent?.trim() ?? ''

async function openView() {
  const backend = await createRealBackend()
  setClient(backend.client)
  const mounted = await mountApp(CommunitiesView, { path: '/communities' })
  wrapper = mounted.wrapper
  await flushPromises()
  return { ...mounted, backend, client: backend.client }
}

describe('社区管理 page', () => {
  it('lists communities with households, grid and compound counts, and a tag for sample ones', async () => {
    const backend = await createRealBackend({ communities: [] })
    await backend.call('sample:load', {})
    await backend.call('community:create', { name: '东门社区', households: 1200, grids: [{ name: '第一网格' }], compounds: [{ name: '东门小区' }] })
    setClient(backend.client)
    ;({ wrapper } = await mountApp(CommunitiesView, { path: '/communities' }))
    await flushPromises()
    const rows = [...document.querySelectorAll('[data-testid="community-table"] .el-table__body tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent!.trim()),
    )
    expect(rows).toHaveLength(16)
    // the first cell expands the row (its grids and compounds, with removal for administrators)
    expect(rows.find((r) => r[1].startsWith('七口堰社区'))?.[1]).toBe('七口堰社区示例')
    expect(rows.at(-1)).toEqual(['', '东门社区', '1200', '1', '1', '编辑删除'])
  })

  it('an account limited to one community may edit only that one and may not add communities', async () => {
    const backend = await createRealBackend({ communities: [] })
    const mine = await backend.call('community:create', { name: '东门社区', grids: [], compounds: [] })
    const other = await backend.call('community:create', { name: '西门社区', grids: [], compounds: [] })
    await backend.callAsApp('operator:create', { name: '东门秘书', role: 'secretary', secret: 'Dongmen-2026', communityIds: [mine.id] })
    await backend.callAsApp('session:signIn', { name: '东门秘书', secret: 'Dongmen-2026' })
    setClient(backend.client)
    ;({ wrapper } = await mountApp(CommunitiesView, { path: '/communities' }))
    await flushPromises()
    await vi.waitFor(() => expect(q(`[data-testid="community-edit-${mine.id}"]`)).not.toBeNull())
    expect(q(`[data-testid="community-edit-${other.id}"]`)).toBeNull()
    expect(q('[data-testid="community-add"]')).toBeNull()
  })

  it('shows zh-CN errors next to the fields and rows, without calling the api', async () => {
    const { client } = await openView()
    await click('community-add')
    expect(q('[data-testid="community-dialog"]')).not.toBeNull()
    await type('community-households', '12.5')
    await click('grid-add')
    await type('grid-name-0', '第一网格')
    await click('compound-add')
    await type('compound-name-0', '丽景花园')
    await click('compound-add')
    await type('compound-name-1', '江城名都')
    await click('compound-add')
    await type('compound-name-2', '丽景花园')
    await click('community-save')
    await settle()

    expect(errorOf('field-community-name')).toBe('请填写社区名称')
    expect(errorOf('field-community-households')).toBe('户数须为 0–100000 的整数')
    expect(errorOf('field-compound-2')).toBe('小区名称重复：丽景花园')
    expect(errorOf('field-compound-0')).toBe('')
    expect(errorOf('field-grid-0')).toBe('')
    expect(client['community:create']).not.toHaveBeenCalled()

    // Editing a row clears its message.
    await type('compound-name-2', '老街小区')
    await settle()
    expect(errorOf('field-compound-2')).toBe('')
  })

  it('closing over added rows asks first; kept, the rows stay; untouched, it just closes', async () => {
    await openView()
    const hidden = () => q('[data-testid="community-dialog"]')?.closest('.el-overlay')?.getAttribute('style') ?? ''
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    await click('community-add')
    await click('grid-add')
    await click('community-cancel')
    await vi.waitFor(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(String(confirm.mock.calls[0][0])).toBe('已填写的内容尚未保存，关闭后将丢失。确定关闭吗？')
    expect(q('input[data-testid="grid-name-0"]')).not.toBeNull()
    expect(hidden()).not.toContain('display: none')
    confirm.mockResolvedValueOnce('confirm' as never)
    await click('community-cancel')
    await vi.waitFor(() => expect(hidden()).toContain('display: none'))
    // opened again (empty) and left as it was: no question
    await click('community-add')
    await click('community-cancel')
    await vi.waitFor(() => expect(hidden()).toContain('display: none'))
    expect(confirm).toHaveBeenCalledTimes(2)
  })

  it('creates a community, then the store reloads so the demand form can pick it', async () => {
    const { client, backend } = await openView()
    const listCalls = client['community:list'].mock.calls.length
    await click('community-add')
    await type('community-name', '  新河社区 ')
    await type('community-households', '3200')
    await click('grid-add')
    await type('grid-name-0', '第一网格')
    await click('grid-add')
    await type('grid-name-1', '第二网格')
    await click('compound-add')
    await type('compound-name-0', '丽景花园')
    await chooseGrid(0, 1)
    await click('compound-add')
    await type('compound-name-1', '江城名都')
    await click('community-save')
    await settle()

    expect(client['community:create']).toHaveBeenCalledWith({
      name: '  新河社区 ',
      households: 3200,
      grids: [{ name: '第一网格' }, { name: '第二网格' }],
      compounds: [{ name: '丽景花园', gridIndex: 1 }, { name: '江城名都' }],
    })
    const created = (await backend.call('community:list', {})).at(-1)!
    expect(created.compounds[0].gridId).toBe(created.grids[1].id)
    expect(client['community:list'].mock.calls.length).toBeGreaterThan(listCalls)
    const store = useCommunityStore()
    expect(store.nameOf(created.id)).toBe('新河社区') // trimmed by the real service
    expect(store.compoundsOf(created.id).map((c) => c.name)).toEqual(['丽景花园', '江城名都'])
    expect(q('.el-message--success')?.textContent).toContain('已新增社区')
    expect(q('[data-testid="community-table"]')!.textContent).toContain('新河社区')
  })

  it('edits with renames and puts real server field errors on their field', async () => {
    const { client, backend } = await openView()
    const qky = backend.communities['七口堰社区']
    await click(`community-edit-${qky.id}`)
    expect(q<HTMLInputElement>('input[data-testid="community-name"]')!.value).toBe('七口堰社区')
    expect(q<HTMLInputElement>('input[data-testid="compound-name-1"]')!.value).toBe('七口堰小区')

    // A name another community has: the service refuses it, next to the name.
    await type('community-name', '东门社区')
    await click('community-save')
    await settle()
    await vi.waitFor(() => expect(errorOf('field-community-name')).not.toBe(''))
    expect(errorOf('field-compound-0')).toBe('')
    // The dialog stays open with what was typed.
    expect(q<HTMLInputElement>('input[data-testid="community-name"]')!.value).toBe('东门社区')

    await type('community-name', '七口堰社区')
    await type('compound-name-1', '七口堰新村')
    await click('community-save')
    await settle()
    expect(client['community:update']).toHaveBeenLastCalledWith({
      id: qky.id,
      revision: qky.revision,
      patch: {
        name: '七口堰社区',
        households: null,
        grids: [],
        compounds: [
          { id: qky.compounds[0].id, name: '滨江花园' },
          { id: qky.compounds[1].id, name: '七口堰新村' },
        ],
      },
    })
    const stored = (await backend.call('community:list', {})).find((c) => c.id === qky.id)!
    expect(stored.compounds.map((c) => c.id)).toEqual(qky.compounds.map((c) => c.id))
    expect(useCommunityStore().compoundName(qky.id, qky.compounds[1].id)).toBe('七口堰新村')
  })
})

describe('社区管理 with two windows', () => {
  it('a stale edit (CONFLICT) keeps what was typed on top of the community as it is now, names what differs, and saves on the new revision', async () => {
    const { client, backend } = await openView()
    const qky = backend.communities['七口堰社区']
    await click(`community-edit-${qky.id}`)
    await type('community-households', '1500')

    // Another window saves first (its revision is the one this dialog read): households and name.
    const other = await backend.call('community:update', { id: qky.id, revision: qky.revision, patch: { households: 999, name: '七口堰社区居委会' } })
    expect(other.revision).toBeGreaterThan(qky.revision)
    await flushPromises()

    await click('community-save')
    await settle()
    expect(client['community:update']).toHaveBeenLastCalledWith(expect.objectContaining({ id: qky.id, revision: qky.revision }))
    await vi.waitFor(() => expect(q('[data-testid="community-conflict"]')).not.toBeNull())
    const notice = q('[data-testid="community-conflict"]')!.textContent!.replace(/\s+/g, ' ')
    expect(notice).toContain('该社区已被修改（可能在另一个窗口）')
    expect(notice).not.toContain('请刷新后重试')
    expect(notice).toContain('您填写的内容已保留')
    const changes = Array.from(document.querySelectorAll('[data-testid="edit-conflict-changes"] li')).map((li) => li.textContent!.replace(/\s+/g, ' ').trim())
    expect(changes).toEqual(['社区名称：现为“七口堰社区居委会”', '户数：现为“999” （与您的修改不同，保存将以您的为准）'])
    // The dialog stays open: what was typed is still there, the other's name change is taken.
    expect(q('[data-testid="community-dialog"]')).not.toBeNull()
    expect(q<HTMLInputElement>('input[data-testid="community-households"]')!.value).toBe('1500')
    expect(q<HTMLInputElement>('input[data-testid="community-name"]')!.value).toBe('七口堰社区居委会')
    expect(q('.el-message--error')).toBeNull()

    // Closing now asks (1500 is not saved); kept open by the answer.
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    await click('community-cancel')
    await vi.waitFor(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(String(confirm.mock.calls[0][0])).toBe('已填写的内容尚未保存，关闭后将丢失。确定关闭吗？')
    confirm.mockRestore()

    // Saving again sends the revision just read, and goes through with both changes.
    await click('community-save')
    await settle()
    expect(client['community:update']).toHaveBeenLastCalledWith(expect.objectContaining({ id: qky.id, revision: other.revision }))
    const stored = (await backend.call('community:list', {})).find((c) => c.id === qky.id)!
    expect(stored).toMatchObject({ households: 1500, name: '七口堰社区居委会' })
    expect(q('.el-message--success')?.textContent).toContain('已保存社区')
  })
  it('after 放弃我的修改 the form holds the latest record: closing it asks nothing', async () => {
    const { backend } = await openView()
    const qky = backend.communities['七口堰社区']
    await click(`community-edit-${qky.id}`)
    await type('community-households', '1500')
    await backend.call('community:update', { id: qky.id, revision: qky.revision, patch: { households: 999 } })
    await click('community-save')
    await vi.waitFor(() => expect(q('[data-testid="community-conflict"]')).not.toBeNull())
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    await click('edit-conflict-discard')
    await vi.waitFor(() => expect(q<HTMLInputElement>('input[data-testid="community-households"]')!.value).toBe('999'))
    expect(confirm).toHaveBeenCalledTimes(1) // 放弃我的修改 itself
    await click('community-cancel')
    const hidden = () => q('[data-testid="community-dialog"]')?.closest('.el-overlay')?.getAttribute('style') ?? ''
    await vi.waitFor(() => expect(hidden()).toContain('display: none'))
    expect(confirm).toHaveBeenCalledTimes(1)
  })
})

describe('first run without the sample', () => {
  it('“暂不加载，直接开始” leads to 社区管理', async () => {
    setClient((await createRealBackend({ communities: [] })).client)
    const mounted = await mountApp(App)
    wrapper = mounted.wrapper
    await flushPromises()
    await click('first-run-skip')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(mounted.router.currentRoute.value.path).toBe('/communities')
    expect(wrapper.find('[data-testid="communities-view"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="nav-communities"]').text()).toBe('社区管理')
  })

  it('the empty demand list points to 社区管理', async () => {
    setClient((await createRealBackend({ communities: [] })).client)
    const mounted = await mountApp(CollectView)
    wrapper = mounted.wrapper
    await flushPromises()
    expect(wrapper.find('[data-testid="no-communities"]').text()).toContain('请先到“社区管理”新增社区')
    await wrapper.find('[data-testid="go-communities"]').trigger('click')
    await flushPromises()
    expect(mounted.router.currentRoute.value.path).toBe('/communities')
  })
})
