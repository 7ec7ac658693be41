import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Community } from '../../shared/domain/entities'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// 诉求检索 in real Chromium over the sample street: type, Enter, filter, see the match marked,
// open the demand. Then 社区管理: a compound with demands cannot be removed (the dialog says
// why), an unused one is removed after confirmation.

let app: E2eApp
let page: Page
let qky: Community
const stamp = Date.now().toString(36)
const description = `E2E${stamp} 楼道声控灯坏了一个多月，晚上很黑，存在安全隐患`

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await app.api('sample:load', {})
  qky = (await app.api('community:list', {})).find((c) => c.name === '七口堰社区')!
  // a compound nobody refers to, and a demand in the first compound
  await app.api('community:update', {
    id: qky.id,
    revision: qky.revision,
    patch: { compounds: [...qky.compounds.map((c) => ({ id: c.id, name: c.name })), { name: '待撤小区' }] },
  })
  qky = (await app.api('community:list', {})).find((c) => c.name === '七口堰社区')!
  await app.api('demand:create', {
    communityId: qky.id,
    compoundId: qky.compounds[0].id,
    channel: 'wechatGroup',
    category: 'safety',
    reporterName: '王建国',
    reporterPhone: '13812345678',
    receivedAt: '2026-05-10T09:00:00+08:00',
    description,
  })
  await page.goto(`${app.host.url}#/search`)
  await page.getByTestId('search-view').waitFor()
})
afterAll(async () => {
  await app?.close()
})

async function choose(testid: string, popper: string, label: string) {
  await page.getByTestId(testid).click()
  await page.locator(`.${popper} li`, { hasText: label }).first().click()
}

describe('诉求检索', () => {
  it('Enter searches; the match is marked; "/" returns to the box', async () => {
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-box')
    await page.keyboard.type(`E2E${stamp} 声控灯`)
    await page.keyboard.press('Enter')
    const hit = page.locator('[data-testid="search-results"] li').first()
    await hit.waitFor()
    await expect.poll(() => page.getByTestId('search-count').innerText()).toMatch(/^共 1 条/)
    expect(await hit.locator('mark').allInnerTexts()).toEqual([`E2E${stamp}`, '声控灯'])
    expect(await hit.innerText()).not.toContain('王建国')
    // the case number intake gave it, and the time in the street's zone (the browser runs in UTC)
    expect(await hit.innerText()).toMatch(/七口堰-2026-\d{4}/)
    expect(await hit.innerText()).toContain('2026-05-10 09:00')
    // "/" from anywhere outside a field brings the focus back
    await page.locator('h2', { hasText: '诉求检索' }).click()
    await page.keyboard.press('/')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-box')
  })

  it('a four-character query over the sample street, filtered by category and channel, pages', async () => {
    await page.getByTestId('search-box').fill('安全隐患')
    await page.getByTestId('search-box').press('Enter')
    await page.locator('[data-testid="search-results"] li').first().waitFor()
    // the previous query's single hit may still be shown for a moment: wait for the new count
    const count = async () => Number(/共 (\d+) 条/.exec(await page.getByTestId('search-count').innerText())?.[1] ?? 0)
    await expect.poll(count).toBeGreaterThan(20)
    const all = await count()
    expect(await page.locator('[data-testid="search-results"] li').count()).toBe(20)
    await choose('search-filter-channel', 'popper-search-channel', '微信群')
    await expect.poll(async () => Number(/共 (\d+) 条/.exec(await page.getByTestId('search-count').innerText())?.[1])).toBeLessThan(all)
    const texts = await page.locator('[data-testid="search-results"] li').allInnerTexts()
    for (const text of texts) expect(text).toContain('微信群')
    // every hit shows where it matched: in the text, or in its category name (安全隐患)
    for (const li of await page.locator('[data-testid="search-results"] li').all()) {
      expect((await li.locator('mark').allInnerTexts()).join('')).toContain('安全隐患')
    }
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size)
      await expectAccessible(page, `诉求检索（结果 ${size.width}）`)
      await app.shot(`40-search-${size.width}x${size.height}`)
    }
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  it('opens a hit in the detail drawer', async () => {
    await page.getByTestId('search-clear').click()
    await page.getByTestId('search-box').fill(`E2E${stamp}`)
    await page.getByTestId('search-box').press('Enter')
    await expect.poll(() => page.getByTestId('search-count').innerText()).toMatch(/^共 1 条/)
    await page.locator('[data-testid="search-results"] li button').first().click()
    const drawer = page.getByTestId('demand-detail')
    await drawer.waitFor()
    await expect.poll(() => drawer.innerText()).toContain('楼道声控灯坏了一个多月')
    await expectAccessible(page, '诉求检索（详情）')
    await app.shot('41-search-detail')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })
})

describe('社区管理: removing compounds', () => {
  it('refuses a compound with demands, naming them; removes an unused one after confirmation', async () => {
    await page.getByTestId('nav-communities').click()
    const row = page.locator('[data-testid="community-table"] .el-table__body tr', { hasText: '七口堰社区' }).first()
    await row.locator('.el-table__expand-icon').click()
    await page.getByTestId(`community-places-${qky.id}`).waitFor()

    await page.getByTestId(`compound-remove-${qky.compounds[0].id}`).click()
    const refused = page.getByTestId('remove-refused')
    await refused.waitFor()
    expect(await refused.innerText()).toMatch(/该小区仍有 \d+ 条诉求（例如 .+），不能删除/)
    expect(await page.getByTestId('remove-confirm').count()).toBe(0)
    await expectAccessible(page, '删除小区（被引用）')
    await app.shot('42-remove-refused-1366x768')
    await page.getByTestId('remove-cancel').click()
    await page.getByTestId('remove-place-dialog').waitFor({ state: 'hidden' })

    const unused = qky.compounds.find((c) => c.name === '待撤小区')!
    await page.getByTestId(`compound-remove-${unused.id}`).click()
    await page.getByTestId('remove-plan').waitFor()
    expect(await page.getByTestId('remove-plan').innerText()).toContain('七口堰社区的小区“待撤小区”')
    await expectAccessible(page, '删除小区（确认）')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await app.shot('43-remove-confirm-1920x1080')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByTestId('remove-confirm').click()
    await page.locator('.el-message--success', { hasText: '已删除：七口堰社区的小区“待撤小区”' }).waitFor()
    await expect.poll(async () => (await app.api('community:list', {})).find((c) => c.id === qky.id)!.compounds.some((c) => c.name === '待撤小区')).toBe(false)
    const backups = await app.api('backup:list', {})
    expect(backups.backups.some((b) => b.reason === 'before-community-remove')).toBe(true)
    await app.shot('44-communities-after-remove')
    expect(app.errors).toEqual([])
  })
})
