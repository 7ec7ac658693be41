// 数据包 screens (issue 12 item 6) against a real backend: the export dialog sends the chosen
// communities and the masking choice and downloads the file; a leader sees no export, only open;
// the banner of an open package names who made it (with the role), when, and the key's fingerprint.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import PackageView from '../../renderer/src/views/PackageView.vue'
import PackageBanner from '../../renderer/src/components/package/PackageBanner.vue'
import { setClient } from '../../renderer/src/api'
import { useSessionStore } from '../../renderer/src/stores/session'
import { usePackageStore } from '../../renderer/src/stores/package'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

describe('数据包 screen', () => {
  it('exports unmasked only when unticked, and downloads the signed file', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    setClient(backend.client)
    const createUrl = vi.fn(() => 'blob:pkg')
    Object.assign(URL, { createObjectURL: createUrl, revokeObjectURL: vi.fn() })
    const { wrapper } = await mountApp(PackageView, { path: '/package' })
    await useSessionStore().refresh()
    await flushPromises()
    byTestId('package-export')!.click()
    await flushPromises()
    expect(byTestId('package-export-mask-hint')!.textContent).toBe('反映人姓名、电话、住址和人员电话将脱敏后导出。')
    byTestId('package-export-masked')!.querySelector('input')!.click()
    await flushPromises()
    expect(byTestId('package-export-mask-hint')!.textContent).toBe('将导出完整的个人信息，请妥善保管数据包。')
    byTestId('package-export-save')!.click()
    await vi.waitFor(() => expect(createUrl).toHaveBeenCalled())
    expect(backend.client['package:export']).toHaveBeenCalledWith({ communityIds: [], masked: false })
    wrapper.unmount()
    await backend.close()
  })

  it('offers a leader only to open a package', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    setClient(backend.client)
    const { wrapper } = await mountApp(PackageView, { path: '/package' })
    await useSessionStore().refresh()
    await flushPromises()
    expect(byTestId('package-export')).toBeNull()
    expect(byTestId('package-open')).not.toBeNull()
    wrapper.unmount()
    await backend.close()
  })

  it('the banner names the maker with the role, the time and the fingerprint', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const { wrapper } = await mountApp(PackageBanner)
    usePackageStore().status = {
      open: true,
      info: {
        createdAt: '2026-12-01T09:30:00+08:00',
        createdBy: { name: '李秘书', id: 'op-1', role: 'secretary' },
        appVersion: '0.1.0',
        formatVersion: 1,
        street: '马家店街道',
        communities: [{ id: 'cA', name: '七口堰社区' }],
        masked: true,
        counts: { demands: 12 },
        fingerprint: '030F B1BB 60E8 75B9 35B9 CCAD 7A3D AFC3',
        ownKey: false,
      },
    }
    await flushPromises()
    expect(byTestId('package-banner')!.textContent).toContain('只读数据包：由 李秘书（秘书） 于 2026-12-01 09:30 制作（签名指纹 030F B1BB 60E8 75B9 35B9 CCAD 7A3D AFC3）')
    expect(byTestId('package-banner')!.textContent).toContain('马家店街道，1 个社区，12 条诉求，个人信息已脱敏')
    wrapper.unmount()
    await backend.close()
  })
})
