import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { toLocalIso } from '../../shared/domain/month'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// Issue 3's user-facing parts in a real browser: unmask (audited), delete with a reason, the
// hash-chained audit log, backup and restore from a chosen backup, and the leader preset that
// cannot unmask.

let app: E2eApp
let page: Page
const stamp = Date.now()
const kept = `E2E-PRIV-${stamp} 7栋楼顶防水层破损，雨天渗水到顶楼住户`
const removed = `E2E-DEL-${stamp} 3栋东侧路灯不亮，晚上行人看不清台阶`
const later = `E2E-LATER-${stamp} 小区南门快递柜占用消防通道`

async function createDemand(description: string, phone: string) {
  const [qky] = (await app.api('community:list', {})).filter((c) => c.name === '七口堰社区')
  return app.api('demand:create', {
    communityId: qky.id,
    channel: 'hotline',
    category: 'facilities',
    reporterName: '赵桂芳',
    reporterPhone: phone,
    reporterAddress: '5栋2单元301',
    receivedAt: toLocalIso(new Date(Date.now() - 60_000)),
    description,
  })
}

function row(description: string) {
  return page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: description.slice(0, 16) })
}

async function openCollect() {
  await page.getByTestId('nav-collect').click()
  await page.getByTestId('demand-list').waitFor()
  await page.getByTestId('demand-refresh').click()
}

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await app.api('sample:load', {})
  await createDemand(kept, '13912345678')
  await createDemand(removed, '13700001111')
  await page.goto(app.host.url)
  await page.getByTestId('view-collect').waitFor()
})
afterAll(async () => {
  await app?.close()
})

describe('personal data, audit and backups through the UI', () => {
  it('shows a masked phone, and the full one only on request', async () => {
    await openCollect()
    await row(kept).first().click()
    const drawer = page.getByTestId('demand-detail')
    await drawer.waitFor()
    await expect.poll(() => page.getByTestId('detail-reporterPhone').innerText()).toContain('139****5678')
    expect(await page.getByTestId('detail-reporterAddress').innerText()).not.toContain('2单元301')
    await page.getByTestId('detail-unmask').click()
    await expect.poll(() => page.getByTestId('detail-reporterPhone').innerText()).toContain('13912345678')
    await expect.poll(() => page.getByTestId('detail-reporterAddress').innerText()).toContain('5栋2单元301')
    await expectAccessible(page, '诉求详情抽屉（完整信息）')
    await app.shot('10-detail-unmasked')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  it('deletes a demand only with a reason, after confirmation', async () => {
    await row(removed).first().click()
    await page.getByTestId('detail-delete').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    // An empty reason is refused in place.
    await page.locator('.demand-delete-confirm').click()
    await expect.poll(() => box.innerText()).toContain('原因')
    await box.locator('input').fill('重复登记，与 11 月 20 日热线诉求为同一事项')
    await expectAccessible(page, '删除原因对话框')
    await app.shot('11-delete-reason')
    await page.locator('.demand-delete-confirm').click()
    await page.locator('.el-message--success', { hasText: '已删除该诉求' }).waitFor()
    await expect.poll(() => row(removed).count()).toBe(0)
    expect(await row(kept).count()).toBe(1)
  })

  it('records unmask and delete in a verified, hash-chained audit log', async () => {
    await page.getByTestId('nav-audit').click()
    const table = page.getByTestId('audit-table')
    await table.waitFor()
    await expect.poll(() => table.innerText()).toContain('查看完整信息')
    expect(await table.innerText()).toContain('删除诉求')
    await page.getByTestId('audit-verify').click()
    await expect.poll(() => page.getByTestId('audit-result').innerText()).toContain('完整')
    await app.shot('12-audit')
  })

  it('backs up, then restores the chosen backup (a later demand is gone, the deletion stays)', async () => {
    await page.getByTestId('nav-data').click()
    await page.getByTestId('backup-table').waitFor()
    const before = (await app.api('backup:list', {})).backups.length
    await page.getByTestId('backup-now').click()
    await page.locator('.el-message--success', { hasText: '已备份' }).waitFor()
    const { backups } = await app.api('backup:list', {})
    expect(backups.length).toBe(before + 1)
    const newest = [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]

    await createDemand(later, '13622223333')
    await page.getByTestId(`restore-${newest.id}`).click()
    await page.locator('.el-message-box').waitFor()
    await app.shot('13-restore-confirm')
    await page.locator('.backup-restore-confirm').click()
    await page.locator('.el-message--success', { hasText: '已恢复到' }).waitFor()

    await openCollect()
    await row(kept).first().waitFor()
    expect(await row(later).count()).toBe(0)
    expect(await row(removed).count()).toBe(0)
    // The restore took a safety backup of what was there before.
    expect((await app.api('backup:list', {})).backups.length).toBeGreaterThan(backups.length)
    await page.getByTestId('nav-data').click()
    await page.getByTestId('backup-table').waitFor()
    await app.shot('14-data-backups')
  })

  it('the leader preset reads but cannot unmask', async () => {
    await page.getByTestId('role-select').click()
    await page.locator('.popper-role li', { hasText: '领导' }).click()
    await page.getByTestId('view-overview').waitFor()
    await openCollect()
    await row(kept).first().click()
    await page.getByTestId('demand-detail').waitFor()
    await expect.poll(() => page.getByTestId('detail-reporterPhone').innerText()).toContain('139****5678')
    expect(await page.getByTestId('detail-unmask').count()).toBe(0)
    await page.keyboard.press('Escape')
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
