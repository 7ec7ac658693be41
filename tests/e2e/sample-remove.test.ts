import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { toZonedIso } from '../../shared/domain/month'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// Issue 9, item 1 in a real browser: "移除示例数据" with a demand the user recorded in a sample
// community. The dialog says what goes and what stays; the user's demand and its community stay;
// a backup is taken first and the removal is audited.

let app: E2eApp
let page: Page
const mine = `E2E-MINE-${Date.now()} 七口堰社区 3 栋门口井盖松动，夜里有响声`

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await app.api('sample:load', {})
  const qky = (await app.api('community:list', {})).find((c) => c.name === '七口堰社区')!
  await app.api('demand:create', {
    communityId: qky.id,
    channel: 'hotline',
    category: 'facilities',
    reporterName: '刘建国',
    reporterPhone: '027-84567890',
    receivedAt: toZonedIso(new Date(Date.now() - 60_000)),
    description: mine,
  })
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  await page.getByTestId('view-collect').waitFor()
})
afterAll(async () => {
  await app?.close()
})

describe('removing the sample street keeps what the user recorded', () => {
  it('shows what goes and what stays, then removes only the sample', async () => {
    await page.getByTestId('sample-remove').click()
    const dialog = page.getByTestId('sample-remove-dialog')
    await dialog.getByTestId('sample-remove-stays').waitFor()
    expect(await dialog.getByTestId('sample-remove-stays').innerText()).toContain('七口堰社区：您登记的 1 条诉求')
    expect(await dialog.getByTestId('sample-remove-total').innerText()).toMatch(/合计移除 14 个示例社区、\d+ 条模拟诉求/)
    expect(await dialog.innerText()).toContain('移除前会自动备份')
    await expectAccessible(page, '移除示例数据对话框')
    await app.shot('40-sample-remove-dialog-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await app.shot('40-sample-remove-dialog-1920')
    await page.setViewportSize({ width: 1366, height: 768 })

    await dialog.getByTestId('sample-remove-confirm').click()
    await page.getByTestId('sample-tag').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('.el-message--success').innerText()).toContain('移除前的备份')

    // The user's demand and its community stay; the community is no longer marked as sample.
    const communities = await app.api('community:list', {})
    expect(communities.map((c) => c.name)).toEqual(['七口堰社区'])
    expect(communities[0].sample).toBeFalsy()
    const list = await app.api('demand:list', { communityId: communities[0].id, page: 1, pageSize: 20 })
    expect(list.items.map((d) => d.description)).toEqual([mine])

    const backups = await app.api('backup:list', {})
    expect(backups.backups.some((b) => b.reason === 'before-sample-remove')).toBe(true)
    const audit = await app.api('audit:list', { page: 1, pageSize: 50 })
    expect(audit.items.some((e) => e.action === 'sample.remove')).toBe(true)
  })
})
