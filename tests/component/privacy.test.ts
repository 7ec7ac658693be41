import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import App from '../../renderer/src/App.vue'
import AuditView from '../../renderer/src/views/AuditView.vue'
import DemandDetailDrawer from '../../renderer/src/components/demand/DemandDetailDrawer.vue'
import CollectView from '../../renderer/src/views/CollectView.vue'
import { ElSelect } from 'element-plus'
import { demandCreateInput, toValidationError } from '../../shared/contract'
import { setClient } from '../../renderer/src/api'
import { useAppStore } from '../../renderer/src/stores/app'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createRealBackend } from './helpers/real-client'
import type { RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

async function createdDemand(backend: RealBackend) {
  return backend.call('demand:create', {
    communityId: backend.communities['七口堰社区'].id,
    channel: 'hotline',
    category: 'facilities',
    reporterName: '张三丰',
    reporterPhone: '13812345678',
    reporterAddress: '5栋2单元301',
    receivedAt: '2026-10-05T09:30:00+08:00',
    description: '楼道灯不亮',
  })
}

describe('detail drawer: full personal data', () => {
  it('shows masked data, and the full data only after 查看完整信息', async () => {
    const backend = await createRealBackend()
    const { client } = backend
    setClient(client)
    const d = await createdDemand(backend)
    await mountApp(DemandDetailDrawer, { props: { modelValue: true, demand: d } })
    await flushPromises()
    expect(q('detail-reporterPhone')?.textContent).toBe('138****5678')
    expect(q('detail-reporterAddress')?.textContent).toBe('*栋*单元***')
    expect(q('detail-reporterName')?.textContent).toBe('张**')
    const button = q('detail-unmask')!
    expect(button.textContent).toContain('查看完整信息')
    button.click()
    await flushPromises()
    expect(client['demand:unmask']).toHaveBeenCalledWith({ id: d.id })
    // The real audit log writes to disk before anything is revealed: wait for it.
    await vi.waitFor(() => expect(q('detail-reporterPhone')?.textContent).toBe('13812345678'))
    expect(q('detail-reporterAddress')?.textContent).toBe('5栋2单元301')
    expect(q('detail-reporterName')?.textContent).toBe('张三丰')
    expect(q('detail-unmask')).toBeNull()
  })

  it('hides the button for the leader role', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    setClient(backend.client)
    const d = await createdDemand(backend)
    // The backend itself refuses the leader, whatever the UI shows.
    await expect(backend.client['demand:unmask']({ id: d.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await mountApp(DemandDetailDrawer, { props: { modelValue: true, demand: d } })
    await useAppStore().loadSettings()
    await flushPromises()
    expect(q('detail-reporterPhone')?.textContent).toBe('138****5678')
    expect(q('detail-unmask')).toBeNull()
  })
})

describe('demand form: address', () => {
  it('sends the address (trimmed) with the demand', async () => {
    const backend = await createRealBackend()
    const { client } = backend
    setClient(client)
    const { wrapper } = await mountApp(CollectView)
    await flushPromises()
    const choose = async (testid: string, value: string) => {
      const select = wrapper.findAllComponents(ElSelect).find((s) => s.element.closest(`[data-testid="${testid}"]`))!
      select.vm.$emit('update:modelValue', value)
      await flushPromises()
    }
    await choose('field-communityId', backend.communities['七口堰社区'].id)
    await choose('field-channel', 'hotline')
    await choose('field-category', 'parking')
    await wrapper.find('[data-testid="field-reporterName"] input').setValue('王小明')
    await wrapper.find('[data-testid="field-reporterAddress"] input').setValue('  5栋2单元301 ')
    await wrapper.find('[data-testid="field-description"] textarea').setValue('小区东门车位被长期占用')
    await wrapper.find('[data-testid="demand-submit"]').trigger('click')
    await flushPromises()
    expect(client['demand:create']).toHaveBeenCalledWith(expect.objectContaining({ reporterAddress: '5栋2单元301' }))
    // Stored in full, shown masked: the service masks what leaves it.
    const [stored] = (await backend.call('demand:list', {})).items
    expect(stored.reporterAddress).toBe('*栋*单元***')
    expect((await backend.call('demand:unmask', { id: stored.id })).reporterAddress).toBe('5栋2单元301')
    wrapper.unmount()
  })

  it('rejects an address over 100 characters with a zh-CN message (shared schema)', () => {
    const r = demandCreateInput.safeParse({
      communityId: 'c',
      channel: 'hotline',
      category: 'parking',
      reporterName: '王',
      reporterAddress: '栋'.repeat(101),
      receivedAt: '2026-10-05T09:30:00+08:00',
      description: 'x',
    })
    expect(r.success).toBe(false)
    expect(toValidationError(r.error!).fields).toMatchObject({ reporterAddress: '住址不能超过 100 个字' })
  })
})

describe('key protection warning', () => {
  it.each([
    ['basic_text', '个人信息保护较弱'],
    ['none', '个人信息未受保护'],
  ] as const)('shows a persistent warning when the key protection is %s', async (keyProtection, text) => {
    setClient((await createRealBackend({ keyProtection })).client)
    await mountApp(App)
    await flushPromises()
    const alert = q('security-alert')
    expect(alert?.textContent).toContain(text)
    expect(alert?.querySelector('.el-alert__close-btn')).toBeNull()
  })

  it('shows nothing when the OS protects the key', async () => {
    setClient((await createRealBackend({ keyProtection: 'os' })).client)
    await mountApp(App)
    await flushPromises()
    expect(q('security-alert')).toBeNull()
  })
})

describe('audit view', () => {
  it('lists entries and shows the verification result', async () => {
    const backend = await createRealBackend()
    const { client } = backend
    setClient(client)
    const d = await createdDemand(backend)
    await client['demand:unmask']({ id: d.id })
    await mountApp(AuditView, { path: '/audit' })
    await flushPromises()
    await vi.waitFor(() => expect(q('audit-table')?.textContent).toContain('查看完整信息'))
    expect(q('audit-table')?.textContent).toContain(d.id)
    q('audit-verify')!.click()
    await flushPromises()
    await vi.waitFor(() => expect(q('audit-result')?.textContent).toContain('完整'))

    // Tamper with the first entry on disk: the real chain check finds it.
    const file = join(backend.dataDir, 'audit', 'audit.jsonl')
    const text = await readFile(file, 'utf8')
    // The entry that gets edited: the unmask (sign-in entries come before it).
    const seq = (text.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string }).find((e) => e.action === 'demand.unmask'))!.seq
    await writeFile(file, text.replace('"demand.unmask"', '"demand.create"'))
    q('audit-verify')!.click()
    await flushPromises()
    await vi.waitFor(() => expect(q('audit-result')?.textContent).toContain(`已被篡改：第 ${seq} 条`))
  })
})
