import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElMessage, ElMessageBox, ElSelect } from 'element-plus'
import OperatorsView from '../../renderer/src/views/OperatorsView.vue'
import { setClient } from '../../renderer/src/api'
import { useSessionStore } from '../../renderer/src/stores/session'
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

const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const byId = (testid: string) => q(`[data-testid="${testid}"]`)

async function settle(): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

async function type(testid: string, value: string): Promise<void> {
  const el = q<HTMLInputElement>(`input[data-testid="${testid}"]`)
  if (!el) throw new Error(`no input ${testid}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function click(testid: string): Promise<void> {
  const el = byId(testid)
  if (!el) throw new Error(`no ${testid}`)
  el.click()
  await settle()
}

function select(testid: string, value: unknown): Promise<void> {
  const s = wrapper!.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === testid)
  if (!s) throw new Error(`no select ${testid}`)
  s.vm.$emit('update:modelValue', value)
  return settle()
}

async function openView(role: 'admin' | 'secretary' = 'admin') {
  const backend = await createRealBackend({ role })
  setClient(backend.client)
  const mounted = await mountApp(OperatorsView, { path: '/operators' })
  wrapper = mounted.wrapper
  await useSessionStore().ensureLoaded()
  await settle()
  return backend
}

const rowText = (name: string) => byId(`operator-row-${name}`)?.closest('tr')?.textContent ?? ''

describe('OperatorsView', () => {
  it('lists operators and creates a 领导 scoped to one community', async () => {
    const backend = await openView()
    expect(rowText(backend.admin.name)).toContain('管理员')
    expect(rowText(backend.admin.name)).toContain('全部社区')
    expect(rowText(backend.admin.name)).toContain('正常')
    expect(rowText(backend.admin.name)).toContain('（本人）')

    await click('operator-add')
    expect(byId('operator-dialog')).not.toBeNull()
    await type('operator-name', '王领导')
    await select('operator-role', 'leader')
    await select('operator-scope', [backend.communities['东门社区'].id])
    // A weak secret is refused before the call, with the policy's message.
    await type('operator-secret', '111111')
    await click('operator-save')
    expect(document.body.textContent).toContain('PIN 码过于简单')
    expect(backend.client['operator:create']).not.toHaveBeenCalled()

    await type('operator-secret', 'leader-secret-1')
    await click('operator-save')
    expect(backend.client['operator:create']).toHaveBeenCalledWith({
      name: '王领导',
      role: 'leader',
      secret: 'leader-secret-1',
      communityIds: [backend.communities['东门社区'].id],
    })
    await vi.waitFor(() => expect(rowText('王领导')).toContain('领导'))
    expect(rowText('王领导')).toContain('东门社区')
    // The new operator can sign in with that secret.
    const list = await backend.call('operator:list', {})
    expect(list.find((o) => o.name === '王领导')?.role).toBe('leader')
  })

  it('closing over a typed form asks first (a password included); kept, the typing stays; untouched, it just closes', async () => {
    await openView()
    const hidden = () => byId('operator-dialog')?.closest('.el-overlay')?.getAttribute('style') ?? ''
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    await click('operator-add')
    await type('operator-secret', 'leader-secret-1')
    await click('operator-cancel')
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(String(confirm.mock.calls[0][0])).toBe('已填写的内容尚未保存，关闭后将丢失。确定关闭吗？')
    expect(q<HTMLInputElement>('input[data-testid="operator-secret"]')!.value).toBe('leader-secret-1')
    expect(hidden()).not.toContain('display: none')
    // 放弃 closes it
    confirm.mockResolvedValueOnce('confirm' as never)
    await click('operator-cancel')
    await vi.waitFor(() => expect(hidden()).toContain('display: none'))
    expect(confirm).toHaveBeenCalledTimes(2)
    // opened again and left as it was: no question
    await click('operator-add')
    await click('operator-cancel')
    await vi.waitFor(() => expect(hidden()).toContain('display: none'))
    expect(confirm).toHaveBeenCalledTimes(2)
  })

  it('a duplicate name shows the backend message on the field, once', async () => {
    const backend = await openView()
    await click('operator-add')
    await type('operator-name', backend.admin.name)
    await type('operator-secret', 'another-secret-1')
    await click('operator-save')
    // said once, on the field
    expect(q('[data-testid="operator-dialog"] .el-form-item__error')?.textContent).toContain('姓名已被使用')
    expect(byId('operator-error')).toBeNull()
  })

  it('disables an operator with the revision it read; a stale edit keeps what was ticked on top of the latest and names the other change', async () => {
    const backend = await openView()
    const other = await backend.call('operator:create', { name: '张秘书', role: 'secretary', secret: 'secretary-secret-1' })
    await backend.call('operator:list', {})
    await settle()
    await vi.waitFor(() => expect(rowText('张秘书')).toContain('秘书'))
    await click('operator-edit-张秘书')
    // Another window changes the operator meanwhile.
    await backend.call('operator:update', { id: other.id, revision: other.revision, patch: { role: 'chair' } })
    const box = q<HTMLInputElement>('[data-testid="operator-disabled"] input')!
    box.click()
    await settle()
    await click('operator-save')
    await vi.waitFor(() => expect(byId('operator-conflict')?.textContent).toContain('操作员信息已被他人修改'))
    // What was ticked here stays, on top of the latest (chair), and the other change is named.
    expect(byId('operator-conflict')?.textContent).toContain('身份：现为“主持人”')
    expect(q<HTMLInputElement>('[data-testid="operator-disabled"] input')!.checked).toBe(true)
    // Saved again on the new revision: both changes stand.
    await click('operator-save')
    await vi.waitFor(() => expect(rowText('张秘书')).toContain('停用'))
    expect(rowText('张秘书')).toContain('主持人')
  })

  it('deletes after a confirmation naming the operator; the last administrator is refused with the backend’s message', async () => {
    const backend = await openView()
    await backend.call('operator:create', { name: '赵主持', role: 'chair', secret: 'chair-secret-1' })
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const error = vi.spyOn(ElMessage, 'error')
    await settle()
    await vi.waitFor(() => expect(rowText('赵主持')).toContain('主持人'))

    confirm.mockRejectedValueOnce('cancel')
    await click('operator-delete-赵主持')
    expect(String(confirm.mock.calls[0][0])).toContain('赵主持')
    expect(backend.client['operator:delete']).not.toHaveBeenCalled()

    confirm.mockResolvedValueOnce('confirm' as never)
    await click('operator-delete-赵主持')
    await vi.waitFor(() => expect(byId('operator-row-赵主持')).toBeNull())

    // Oneself (the only administrator): refused by the backend, its message shown.
    confirm.mockResolvedValueOnce('confirm' as never)
    await click(`operator-delete-${backend.admin.name}`)
    expect(backend.client['operator:delete']).toHaveBeenCalledTimes(2)
    const shown = error.mock.calls.map((c) => (typeof c[0] === 'string' ? c[0] : (c[0] as { message?: string })?.message))
    expect(shown.join()).toMatch(/不能删除自己的账户|至少要保留一名启用的管理员/)
    expect(byId(`operator-row-${backend.admin.name}`)).not.toBeNull()
  })

  it('refuses to demote the last administrator with the backend’s message', async () => {
    const backend = await openView()
    // A second admin session edits the first admin: demoting the only admin is refused.
    const second = await backend.call('operator:create', { name: '第二管理员', role: 'admin', secret: 'admin2-secret-1' })
    await backend.call('operator:update', { id: second.id, revision: second.revision, patch: { disabled: true } })
    await settle()
    await vi.waitFor(() => expect(rowText('第二管理员')).toContain('停用'))
    await click(`operator-edit-${backend.admin.name}`)
    await select('operator-role', 'secretary')
    await click('operator-save')
    expect(byId('operator-error')?.textContent).toMatch(/至少要保留一名启用的管理员|不能/)
  })
})
