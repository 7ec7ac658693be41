// Issue 12 item 6, 数据包 in real Chromium against the loopback host: the street's data exported
// through the export dialog (masked), the downloaded file with one byte changed refused with the
// reason (nothing loaded), the good file opened read-only (领导只读模式): the banner names who made
// it, when, and the key's fingerprint; write screens are gone from the nav and the backend refuses
// a write from any session; closing goes back to this computer's data. Dialogs pass axe;
// screenshots at 1366×768 and 1920×1080.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PACKAGE_READ_ONLY_MESSAGE } from '../../shared/domain/data-package'
import { expectAccessible } from './a11y'
import { settle } from './ui'
import { SCREENSHOT_DIR, startApp, type E2eApp } from './harness'

let app: E2eApp
let page: Page
let good = ''
let bad = ''

async function shots(name: string): Promise<void> {
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height })
    await settle(page)
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 768 })
}

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await page.setViewportSize({ width: 1366, height: 768 })
  await app.api('sample:load', {})
  await app.api('settings:update', { locale: 'zh-CN', role: 'secretary' })
})
afterAll(async () => {
  await app?.close()
})

describe('数据包', () => {
  it('exports the street through the dialog as a signed .yspkg, masked', async () => {
    await page.goto(`${app.host.url}#/package`)
    await page.getByTestId('package-view').waitFor()
    await page.getByTestId('package-export').click()
    const dialog = page.getByTestId('package-export-dialog')
    await dialog.waitFor()
    await settle(page)
    expect(await page.getByTestId('package-export-mask-hint').innerText()).toBe('反映人姓名、电话、住址和人员电话将脱敏后导出。')
    await expectAccessible(page, '导出数据包', '[data-testid="package-export-dialog"]')
    await shots('package-export')
    const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('package-export-save').click()])) as [Download, void]
    expect(download.suggestedFilename()).toMatch(/^议事台数据包-.*\.yspkg$/)
    const bytes = await readFile((await download.path())!)
    good = join(app.dataDir, '..', `pkg-good-${Date.now()}.yspkg`)
    bad = join(app.dataDir, '..', `pkg-bad-${Date.now()}.yspkg`)
    await writeFile(good, bytes)
    const tampered = Buffer.from(bytes)
    tampered[Math.floor(tampered.length / 2)] ^= 0x01
    await writeFile(bad, tampered)
    const audit = await app.api('audit:list', { page: 1, pageSize: 20 })
    expect(audit.items.find((e) => e.action === 'package.export')?.detail).toMatchObject({ masked: true })
  })

  it('refuses the tampered file with the reason, loading nothing', async () => {
    await page.getByTestId('package-open').click()
    await page.getByTestId('package-open-dialog').waitFor()
    await settle(page)
    await expectAccessible(page, '打开数据包', '[data-testid="package-open-dialog"]')
    await page.getByTestId('package-open-file').setInputFiles(bad)
    const error = page.getByTestId('package-open-error')
    await error.waitFor()
    expect(await error.innerText()).toMatch(/无法打开：数据包(已损坏|签名校验失败|内容校验值不符).*未载入任何数据/)
    await shots('package-refused')
    expect(await app.api('package:status', {})).toEqual({ open: false })
  })

  it('opens the good file read-only: banner with maker, time and fingerprint; writes absent and refused', async () => {
    const exported = (await app.api('audit:list', { page: 1, pageSize: 20 })).items.find((e) => e.action === 'package.export')!
    await page.getByTestId('package-open-file').setInputFiles(good)
    const banner = page.getByTestId('package-banner')
    await banner.waitFor({ timeout: 30_000 })
    const text = await banner.innerText()
    expect(text).toContain('只读数据包：由 测试管理员（管理员） 于 ')
    expect(text).toContain(`签名指纹 ${exported.detail.fingerprint as string}`)
    await page.getByTestId('trend-table').waitFor({ timeout: 30_000 })
    // Reading screens only: no backups, audit, accounts or street settings in the nav.
    await expect.poll(() => page.getByTestId('nav-dashboard').count()).toBe(1)
    for (const name of ['data', 'audit', 'operators', 'street']) expect(await page.getByTestId(`nav-${name}`).count(), name).toBe(0)
    // The read-only leader has nothing to sign out of, lock or change; no sample data to remove.
    for (const id of ['session-signout', 'session-lock', 'sample-remove']) expect(await page.getByTestId(id).count(), id).toBe(0)
    await expectAccessible(page, '只读数据包·数据看板')
    await shots('package-open-dashboard')
    // A screen the package does not offer, opened by its address: said so, with the way back.
    await page.goto(`${app.host.url}#/history`)
    const blocked = page.getByTestId('screen-blocked')
    await blocked.waitFor()
    expect(await blocked.innerText()).toContain('只读数据包中不能打开“历史统计数”')
    await expectAccessible(page, '只读数据包·不可打开的页面')
    await page.getByTestId('screen-blocked-home').click()
    await blocked.waitFor({ state: 'detached' })
    expect(page.url()).not.toContain('#/history')
    // The backend refuses writes from any session, whatever the screens show.
    await expect(app.session()('community:create', { name: '新社区', grids: [], compounds: [] })).rejects.toThrow(`FORBIDDEN ${PACKAGE_READ_ONLY_MESSAGE}`)
    await expect(app.api('demand:create', { communityId: 'x', channel: 'hotline', category: 'other', reporterName: '张三', receivedAt: '2026-05-01T10:00', description: '测试' })).rejects.toThrow(PACKAGE_READ_ONLY_MESSAGE)
  })

  it('closes the package and returns to this computer’s data', async () => {
    await page.getByTestId('package-close').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await box.locator('.el-button--primary').click()
    await page.getByTestId('package-banner').waitFor({ state: 'detached', timeout: 30_000 })
    await expect.poll(() => page.getByTestId('nav-data').count(), { timeout: 30_000 }).toBe(1)
    expect(await app.api('package:status', {})).toEqual({ open: false })
    const actions = (await app.api('audit:list', { page: 1, pageSize: 20 })).items.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['package.export', 'package.refused', 'package.open', 'package.close']))
  })
})
