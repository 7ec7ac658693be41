import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatStreetTime } from '../../shared/domain/street-time'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import DataView from '../../renderer/src/views/DataView.vue'
import DemandDetailDrawer from '../../renderer/src/components/demand/DemandDetailDrawer.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('demand detail drawer: delete', () => {
  it('deletes only after a confirmation with a reason, and sends the reason', async () => {
    const backend = await createRealBackend()
    const { client } = backend
    const d = await backend.call('demand:create', demandInput(backend.communities['七口堰社区'], 1))
    const other = await backend.call('demand:create', demandInput(backend.communities['七口堰社区'], 2))
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
    expect((await backend.call('demand:list', {})).total).toBe(2)

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
    expect(client['demand:delete']).toHaveBeenCalledWith({ id: d.id, revision: d.revision, reason: '重复登记' })
    await vi.waitFor(async () => expect((await backend.call('demand:list', {})).items.map((x) => x.id)).toEqual([other.id]))
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
    wrapper.unmount()
  })
})

describe('数据与备份 page', () => {
  it('lists backups with time, reason and counts, and shows the data folder', async () => {
    const backend = await createRealBackend()
    await backend.call('backup:create', {})
    await backend.call('demand:create', demandInput(backend.communities['七口堰社区'], 1))
    await backend.call('backup:create', {})
    setClient(backend.client)
    const { wrapper } = await mountApp(DataView)
    await flushPromises()
    expect(wrapper.find('[data-testid="data-dir"]').text()).toBe(backend.dataDir)
    const { backups } = await backend.call('backup:list', {})
    const rows = wrapper.findAll('[data-testid="backup-table"] .el-table__body tr')
    expect(rows).toHaveLength(backups.length)
    // on the street's clock (Asia/Shanghai by default), whatever zone the machine has
    expect(rows[0].text()).toContain(formatStreetTime(backups[0].createdAt, 'Asia/Shanghai', 'second'))
    expect(rows[0].text()).toContain('手动')
    expect(rows.map((r) => r.text()).join('|')).toMatch(/每日自动/)
    wrapper.unmount()
  })

  it('backs up now and the new backup appears', async () => {
    const backend = await createRealBackend()
    const { client } = backend
    setClient(client)
    const { wrapper } = await mountApp(DataView)
    await flushPromises()
    const before = wrapper.findAll('[data-testid="backup-table"] .el-table__body tr').length
    await wrapper.find('[data-testid="backup-now"]').trigger('click')
    await flushPromises()
    expect(client['backup:create']).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="backup-table"] .el-table__body tr')).toHaveLength(before + 1))
    wrapper.unmount()
  })

  it('restores only after a strong confirmation naming the time and the safety backup', async () => {
    const backend = await createRealBackend()
    const { client } = backend
    const qky = backend.communities['七口堰社区']
    await backend.call('demand:create', demandInput(qky, 1))
    const kept = await backend.call('backup:create', {})
    await backend.call('demand:create', demandInput(qky, 2))
    setClient(client)
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { wrapper } = await mountApp(DataView)
    const { useDemandStore } = await import('../../renderer/src/stores/demand')
    const demands = useDemandStore()
    await demands.load()
    expect(demands.total).toBe(2)
    await flushPromises()
    const time = formatStreetTime(kept.createdAt, 'Asia/Shanghai', 'second')

    confirm.mockRejectedValueOnce('cancel')
    await wrapper.find(`[data-testid="restore-${kept.id}"]`).trigger('click')
    await flushPromises()
    expect(client['backup:restore']).not.toHaveBeenCalled()
    const text = String(confirm.mock.calls[0][0])
    expect(text).toContain(time)
    expect(text).toContain('先把当前数据另做一份备份')
    expect(confirm.mock.calls[0][2]).toMatchObject({ type: 'warning' })

    confirm.mockResolvedValueOnce('confirm' as never)
    await wrapper.find(`[data-testid="restore-${kept.id}"]`).trigger('click')
    await flushPromises()
    expect(client['backup:restore']).toHaveBeenCalledWith({ id: kept.id })
    // The view reloads nothing else: the demand store refreshes itself on the restore's events.
    await vi.waitFor(() => expect(demands.total).toBe(1))
    wrapper.unmount()
  })

  it('saves the retention setting and applies it now', async () => {
    const backend = await createRealBackend()
    const { client } = backend
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
    // The save is audited first, then written: wait for it rather than for one tick.
    await vi.waitFor(async () => expect((await backend.call('backup:getRetention', {})).personalDataMonths).toBe(24))
    await wrapper.find('[data-testid="retention-apply"]').trigger('click')
    await flushPromises()
    expect(client['backup:applyRetention']).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(document.body.textContent).toContain('已脱敏 0 条诉求'))
    wrapper.unmount()
  })
})
