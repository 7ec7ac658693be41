import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import ImportView from '../../renderer/src/views/ImportView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

// The import screen against the real backend (services + data layer on a memory fs): choose a
// file, see the preview and the findings, confirm, and the demands are stored.

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const CSV = [
  '社区,小区,来源,类别,反映人,电话,受理时间,内容',
  '七口堰,滨江花园,热线,停车,王芳,13812345678,2025/3/5 9:30,车位被占',
  '东门社区,,微信群,环境,李强,,2025年3月6日,垃圾没清',
  '西门社区,,热线,停车,张三,,2025/3/7,社区不存在',
  '',
].join('\n')

const byId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

function choose(name: string, content: BlobPart[], size?: number): void {
  const file = new File(content, name, { type: 'text/csv' })
  if (size !== undefined) Object.defineProperty(file, 'size', { value: size })
  const input = byId('import-file') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
}

describe('表格导入 screen', () => {
  it('uploads, previews with the mapping suggested from the header, and imports the valid rows after a confirmation', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { wrapper } = await mountApp(ImportView, { path: '/import' })
    choose('台账.csv', [new TextEncoder().encode(CSV)])
    await vi.waitFor(() => expect(byId('import-sample')).not.toBeNull())
    expect(byId('import-file-info')!.textContent).toBe('台账.csv：3 行数据，CSV，编码 UTF-8')
    expect(byId('import-summary')!.textContent!.trim()).toBe('共 3 行：可导入 2 行，有错误 1 行，文件内重复 0 行，已导入过 0 行')
    expect(byId('import-issue-table')!.textContent).toContain('社区不存在：西门社区')
    expect(byId('import-missing')).toBeNull()
    expect(backend.client['import:chunk']).toHaveBeenCalledTimes(1)

    // cancel in the confirmation: nothing written
    confirm.mockRejectedValueOnce('cancel')
    byId('import-commit')!.click()
    await flushPromises()
    expect(backend.client['import:commit']).not.toHaveBeenCalled()

    confirm.mockResolvedValueOnce('confirm' as never)
    byId('import-commit')!.click()
    await vi.waitFor(() => expect(byId('import-done')).not.toBeNull(), { timeout: 5000 })
    expect(String(confirm.mock.calls[1][0])).toContain('将导入 2 行有效数据；1 行有错误或重复，不会导入')
    expect(byId('import-done')!.textContent).toContain('已导入 2 条诉求（来源“台账”）')
    expect(backend.client['import:commit']).toHaveBeenCalledWith({
      uploadId: expect.any(String),
      sourceName: '台账',
      mapping: { columns: { community: 0, compound: 1, channel: 2, category: 3, reporterName: 4, reporterPhone: 5, receivedAt: 6, description: 7 }, defaults: {} },
    })
    const stored = await backend.call('demand:list', {})
    expect(stored.items.map((d) => d.description).sort()).toEqual(['垃圾没清', '车位被占'])
    wrapper.unmount()
  })

  it('refuses a file over 50 MB before sending anything, and shows why a non-spreadsheet cannot be read', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const { wrapper } = await mountApp(ImportView, { path: '/import' })
    choose('big.csv', ['x'], 50 * 1024 * 1024 + 1)
    await vi.waitFor(() => expect(byId('import-error')?.textContent).toContain('文件超过 50 MB'))
    expect(backend.client['import:start']).not.toHaveBeenCalled()

    choose('photo.csv', [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])])
    await vi.waitFor(() => expect(byId('import-error')?.textContent).toContain('内容不是文本表格'))
    expect(byId('import-sample')).toBeNull()
    expect((await backend.call('demand:list', {})).total).toBe(0)
    wrapper.unmount()
  })

  it('imports communities with grids and compounds: kind picked in the radio group, their own fields, a bad row blocks until the file is fixed', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { wrapper } = await mountApp(ImportView, { path: '/import' })
    // the picker is a radio group (native radios: Tab reaches it, arrow keys move the choice)
    const demandRadio = byId('import-kind-demand')!.querySelector<HTMLInputElement>('input')!
    expect(demandRadio.checked).toBe(true)
    byId('import-kind-community')!.querySelector<HTMLInputElement>('input')!.click()
    await flushPromises()
    expect(byId('import-community-intro')!.textContent).toContain('每行一个小区')

    choose('社区名册.csv', [new TextEncoder().encode('社区,网格,小区,户数\n东湖社区,一网格,甲苑,1200\n,一网格,乙苑,\n东湖社区,二网格,,\n')])
    await vi.waitFor(() => expect(byId('import-sample')).not.toBeNull())
    expect(backend.client['import:start']).toHaveBeenCalledWith({ kind: 'community', fileName: '社区名册.csv', size: expect.any(Number) })
    // fixed once a file is loaded
    expect(byId('import-kind-community')!.querySelector<HTMLInputElement>('input')!.disabled).toBe(true)
    const fields = [...document.querySelectorAll<HTMLElement>('[data-testid="import-mapping"] tr[data-field]')].map((r) => r.dataset.field)
    expect(fields).toEqual(['community', 'grid', 'compound', 'households'])
    expect(byId('import-default-channel')).toBeNull()
    expect(byId('import-summary')!.textContent!.trim()).toBe(
      '共 3 行：新增社区 1 个、网格 2 个、小区 1 个（扩充已有社区 0 个）；有错误 1 行（其中文件内重复 0 行），已存在跳过 0 行',
    )
    expect(byId('import-issue-table')!.textContent).toContain('请填写社区名称')
    expect(byId('import-blocked')!.textContent).toContain('社区导入须全部行无误才能导入')
    expect((byId('import-commit') as HTMLButtonElement).disabled).toBe(true)

    // the fixed file: the kind stays, the import goes through after a confirmation
    choose('社区名册.csv', [new TextEncoder().encode('社区,网格,小区,户数\n东湖社区,一网格,甲苑,1200\n东湖社区,一网格,乙苑,\n东湖社区,二网格,,\n')])
    await vi.waitFor(() => expect(byId('import-blocked')).toBeNull())
    await vi.waitFor(() => expect((byId('import-commit') as HTMLButtonElement).disabled).toBe(false))
    confirm.mockResolvedValueOnce('confirm' as never)
    byId('import-commit')!.click()
    await vi.waitFor(() => expect(byId('import-done')).not.toBeNull(), { timeout: 5000 })
    expect(String(confirm.mock.calls[0][0])).toContain('将新增社区 1 个、网格 2 个、小区 2 个')
    expect(byId('import-done')!.textContent).toContain('新增社区 1 个、网格 2 个、小区 2 个')
    expect(byId('import-to-communities')).not.toBeNull()
    const east = (await backend.call('community:list', {})).find((c) => c.name === '东湖社区')!
    expect(east).toMatchObject({ households: 1200, grids: [{ name: '一网格' }, { name: '二网格' }], compounds: [{ name: '甲苑' }, { name: '乙苑' }] })
    wrapper.unmount()
  })

  it('refuses the community kind to a role that may not manage communities, with the reason', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    setClient(backend.client)
    const { wrapper } = await mountApp(ImportView, { path: '/import?kind=community' })
    await flushPromises()
    choose('社区名册.csv', [new TextEncoder().encode('社区\n东湖社区\n')])
    await vi.waitFor(() => expect(byId('import-error')?.textContent).toContain('当前身份（主持人）无权导入社区、网格和小区'))
    expect(byId('import-sample')).toBeNull()
    wrapper.unmount()
  })
})
