import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// Issue 9, item 6 in a real browser: while the secretary types a demand like an open one, the
// similar demand is suggested below the form with its reason, focus stays in the text, the
// suggestion opens in the detail drawer, and after saving the new demand can be merged with it.

let app: E2eApp
let page: Page
let communityId = ''
let existingId = ''
const EXISTING = '3栋门口的路灯坏了一个多星期，晚上出门很黑'

beforeAll(async () => {
  app = await startApp()
  page = app.page
  const community = await app.api('community:create', {
    name: '七口堰社区',
    households: 1800,
    grids: [{ name: '第一网格' }],
    compounds: [{ name: '幸福小区', gridIndex: 0 }],
  })
  communityId = community.id
  const existing = await app.api('demand:create', {
    communityId,
    compoundId: community.compounds[0].id,
    channel: 'hotline',
    category: 'facilities',
    reporterName: '李桂英',
    reporterPhone: '13900001111',
    receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    description: EXISTING,
  })
  existingId = existing.id
})
afterAll(async () => {
  await app?.close()
})

describe('similar demands while typing', () => {
  it('suggests the open demand with its reason while the description is typed; focus stays in the text', async () => {
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(app.host.url)
    await page.getByTestId('nav-collect').click()
    await page.getByTestId('demand-form').waitFor()
    await page.getByTestId('input-communityId').locator('input').focus()
    await page.keyboard.type('七口堰')
    await page.keyboard.press('Enter')
    await page.getByTestId('input-description').click()
    await page.keyboard.type('3栋门口路灯坏了，晚上很黑')

    const item = page.locator(`[data-testid="draft-similar"] li[data-id="${existingId}"]`)
    await item.waitFor()
    expect(await item.getByTestId('similar-reason').innerText()).toMatch(/内容相似 \d+%/)
    expect(await item.innerText()).toContain('李**')
    expect(await page.getByTestId('similar-live').innerText()).toContain('发现 1 条可能重复的诉求')
    // Typing went on in the description: the suggestion did not take focus.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
    await expectAccessible(page, '登记诉求（相似诉求提示）')
    await app.shot('intake-similar-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await item.waitFor()
    await app.shot('intake-similar-1920')
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  it('the suggestion is reachable by keyboard and opens in the detail drawer', async () => {
    await page.getByTestId('input-description').focus()
    // Tab from the text: 重置, 登记, then the suggestion's 查看 (the form's order is unchanged).
    const open = page.getByTestId('draft-similar-open')
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab')
      if (await open.evaluate((el) => el === document.activeElement)) break
    }
    expect(await open.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    const drawer = page.locator('[data-testid="demand-detail"]', { hasText: EXISTING })
    await drawer.waitFor()
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  it('after saving, merges the new demand with the suggested one under one topic', async () => {
    await page.getByTestId('input-channel').locator('input').focus()
    await page.keyboard.type('rx')
    await page.keyboard.press('Enter')
    await page.getByTestId('input-category').locator('input').focus()
    await page.keyboard.type('sswx')
    await page.keyboard.press('Enter')
    await page.getByTestId('input-reporterName').fill('王秀兰')
    await page.getByTestId('input-description').focus()
    await page.keyboard.press('Control+Enter')

    const offer = page.getByTestId('saved-similar')
    await offer.waitFor()
    expect(await offer.locator('h4').innerText()).toMatch(/^刚登记的 七口堰-\d{4}-\d{4} 可能与以下诉求重复$/)
    await expectAccessible(page, '登记诉求（合并提示）')
    await app.shot('intake-similar-saved-1366')
    await page.getByTestId('saved-similar-merge').click()
    const dialog = page.locator('.el-message-box')
    await dialog.waitFor()
    await dialog.getByRole('button', { name: '确定' }).click()
    await offer.waitFor({ state: 'detached' })

    const list = await app.api('demand:list', { communityId, page: 1, pageSize: 10 })
    const mine = list.items.find((d) => d.description === '3栋门口路灯坏了，晚上很黑')!
    const theirs = list.items.find((d) => d.id === existingId)!
    expect(mine.topicId).toBeTruthy()
    expect(mine.topicId).toBe(theirs.topicId)
    expect(app.errors).toEqual([])
  })
})
