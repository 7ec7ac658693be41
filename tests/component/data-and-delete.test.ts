import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import DataView from '../../renderer/src/views/DataView.vue'
import DemandDetailDrawer from '../../renderer/src/components/demand/DemandDetailDrawer.vue'
import { setClient } from '../../renderer/src/api'
import { createFakeClient, demandView } from './helpers/fake-client'
import { mountApp } from './helpers/mount'
import type { BackupInfo } from '../../shared/contract'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const BACKUPS: BackupInfo[] = [
  { id: '20261126-180000', createdAt: '2026-11-26T18:00:00+08:00', reason: 'exit', size: 40960, communities: 15, demands: 8000 },
  { id: '20261125-090000', createdAt: '2026-11-25T09:00:00+08:00', reason: 'daily', size: 38000, communities: 15, demands: 7990 },
]

describe('demand detail drawer: delete', () => {
  it('deletes only after a confirmation with a reason, and sends the reason', async () => {
    const d = demandView(1)
    const { client, state } = createFakeClient({ demands: [d, demandView(2)] })
    setClient(client)
    const prompt = vi.spyOn(ElMessageBox, 'prompt')
    const { wrapper } = await mountApp(DemandDetailDrawer, { props: { modelValue: true, demand: d } })
    await flushPromises()
    const button = () => document.querySelector<HTMLButtonElement>('[data-testid="detail-delete"]')!
    expect(button()).not.toBeNull()

    prompt.mockRejectedValueOnce('cancel')
    button().click()
    await flushPromises()
    expect(client['demand:delete']).not.toHaveBeenCalled()
    expect(state.demands).toHaveLength(2)

    prompt.mockResolvedValueOnce({ value: '  重复登记  ', action: 'confirm' } as never)
    button().click()
    await flushPromises()
    expect(prompt).toHaveBeenCalledTimes(2)
    const [message, title, options] = prompt.mock.calls[1]
    expect(String(message)).toContain('不可恢复')
    expect(title).toBe('删除诉求')
    // The validator refuses an empty reason.
    const validate = (options as { inputValidator: (v: string) => true | string }).inputValidator
    expect(validate('   ')).toBe('请填写删除原因')
    expect(validate('居民要求')).toBe(true)
    expect(client['demand:delete']).toHaveBeenCalledWith({ id: d.id, reason: '重复登记' })
    expect(state.demands.map((x) => x.id)).toEqual([demandView(2).id])
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
    wrapper.unmount()
  })
})

describe('数据与备份 page', () => {
  it('lists backups with time, reason and counts, and shows the data folder', async () => {
    const { client } = createFakeClient({ backups: BACKUPS, status: { dataDir: '/home/u/议事台数据' } })
    setClient(client)
    const { wrapper } = await mountApp(DataView)
    await flushPromises()
    expect(wrapper.find('[data-testid="data-dir"]').text()).toBe('/home/u/议事台数据')
    const rows = wrapper.findAll('[data-testid="backup-table"] .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('2026-11-26 18:00:00')
    expect(rows[0].text()).toContain('退出时')
    expect(rows[0].text()).toContain('8000')
    expect(rows[1].text()).toContain('每日自动')
    wrapper.unmount()
  })

  it('backs up now and the new backup appears', async () => {
    const { client } = createFakeClient({ backups: BACKUPS })
    setClient(client)
    const { wrapper } = await mountApp(DataView)
    await flushPromises()
    await wrapper.find('[data-testid="backup-now"]').trigger('click')
    await flushPromises()
    expect(client['backup:create']).toHaveBeenCalledTimes(1)
    expect(wrapper.findAll('[data-testid="backup-table"] .el-table__body tr')).toHaveLength(3)
    wrapper.unmount()
  })

  it('restores only after a strong confirmation naming the time and the safety backup', async () => {
    const { client } = createFakeClient({ backups: BACKUPS })
    setClient(client)
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { wrapper } = await mountApp(DataView)
    await flushPromises()

    confirm.mockRejectedValueOnce('cancel')
    await wrapper.find('[data-testid="restore-20261125-090000"]').trigger('click')
    await flushPromises()
    expect(client['backup:restore']).not.toHaveBeenCalled()
    const text = String(confirm.mock.calls[0][0])
    expect(text).toContain('2026-11-25 09:00:00')
    expect(text).toContain('先把当前数据另做一份备份')
    expect(confirm.mock.calls[0][2]).toMatchObject({ type: 'warning' })

    confirm.mockResolvedValueOnce('confirm' as never)
    await wrapper.find('[data-testid="restore-20261125-090000"]').trigger('click')
    await flushPromises()
    expect(client['backup:restore']).toHaveBeenCalledWith({ id: '20261125-090000' })
    // Caches reload after a restore.
    expect(client['app:status']).toHaveBeenCalled()
    expect(client['demand:list']).toHaveBeenCalled()
    wrapper.unmount()
  })

  it('saves the retention setting and applies it now', async () => {
    const { client, state } = createFakeClient()
    setClient(client)
    const { wrapper } = await mountApp(DataView)
    await flushPromises()
    expect(wrapper.find('[data-testid="retention-months"] input').attributes('disabled')).toBeDefined()
    await wrapper.find('[data-testid="retention-limited"]').trigger('click')
    await flushPromises()
    const input = wrapper.find('[data-testid="retention-months"] input')
    await input.setValue('24')
    await input.trigger('change')
    await flushPromises()
    await wrapper.find('[data-testid="retention-save"]').trigger('click')
    await flushPromises()
    expect(client['backup:setRetention']).toHaveBeenCalledWith({ personalDataMonths: 24 })
    expect(state.retention.personalDataMonths).toBe(24)
    await wrapper.find('[data-testid="retention-apply"]').trigger('click')
    await flushPromises()
    expect(client['backup:applyRetention']).toHaveBeenCalledTimes(1)
    expect(document.body.textContent).toContain('已脱敏 3 条诉求')
    wrapper.unmount()
  })
})
