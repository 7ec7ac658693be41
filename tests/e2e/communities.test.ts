import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// A real street office without the sample: skip the first-run dialog → 社区管理 → create
// 七口堰社区 with its grids and compounds → record a demand in it through the form.

let app: E2eApp
let page: Page
const description = `E2E-${Date.now()} 丽景花园2栋楼道灯不亮，夜间出行不便`

beforeAll(async () => {
  app = await startApp()
  page = app.page
})
afterAll(async () => {
  await app?.close()
})

/** Picks an option of an Element Plus select (its dropdown is teleported, found by popper class). */
async function choose(testid: string, popper: string, label: string) {
  await page.getByTestId(testid).click()
  await page.locator(`.${popper} li`, { hasText: label }).first().click()
}

describe('community management from an empty data folder', () => {
  it('skipping the sample leads to 社区管理', async () => {
    await page.goto(app.host.url)
    const dialog = page.getByTestId('first-run-dialog')
    await dialog.waitFor()
    await page.getByTestId('first-run-skip').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('community-table').waitFor()
    expect(page.url()).toMatch(/#\/communities$/)
    await expect.poll(() => page.getByTestId('community-table').innerText()).toContain('还没有社区')
    await expectAccessible(page, '社区管理（空）')
    await app.shot('20-communities')
  })

  it('creates 七口堰社区 with two grids and two compounds through the dialog', async () => {
    await page.getByTestId('community-add').click()
    await page.getByTestId('community-dialog').waitFor()
    // A blank name is refused next to the field.
    await page.getByTestId('community-save').click()
    await expect.poll(() => page.getByTestId('field-community-name').innerText()).toContain('请填写社区名称')

    await page.getByTestId('community-name').fill('七口堰社区')
    await page.getByTestId('community-households').fill('7220')
    await page.getByTestId('grid-add').click()
    await page.getByTestId('grid-name-0').fill('第一网格')
    // Enter in the last row adds the next one (keyboard entry); the new row has the focus.
    await page.getByTestId('grid-name-0').press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('grid-name-1')
    await page.keyboard.type('第二网格')
    await page.getByTestId('compound-add').click()
    await page.getByTestId('compound-name-0').fill('丽景花园')
    await choose('compound-grid-0', 'popper-compound-grid-0', '第一网格')
    await page.getByTestId('compound-add').click()
    await page.getByTestId('compound-name-1').fill('江城名都')
    await choose('compound-grid-1', 'popper-compound-grid-1', '第二网格')
    await expectAccessible(page, '社区对话框')
    await app.shot('21-community-dialog')
    await page.getByTestId('community-save').click()
    await page.locator('.el-message--success', { hasText: '已新增社区：七口堰社区' }).waitFor()
    await page.getByTestId('community-dialog').waitFor({ state: 'hidden' })

    const row = page.locator('[data-testid="community-table"] .el-table__body tr', { hasText: '七口堰社区' })
    await expect.poll(async () => (await row.innerText()).replace(/\s+/g, ' ')).toContain('七口堰社区 7220 2 2')

    const [qky] = await app.api('community:list', {})
    expect(qky.name).toBe('七口堰社区')
    expect(qky.grids.map((g) => g.name)).toEqual(['第一网格', '第二网格'])
    expect(qky.compounds.map((c) => [c.name, c.gridId])).toEqual([
      ['丽景花园', qky.grids[0].id],
      ['江城名都', qky.grids[1].id],
    ])
    expect((await app.api('app:status', {})).firstRun).toBe(false)
  })

  it('records a demand in the new community and compound, and finds it in the list', async () => {
    await page.getByTestId('nav-collect').click()
    await page.getByTestId('demand-form').waitFor()
    await choose('input-communityId', 'popper-communityId', '七口堰社区')
    await choose('input-compoundId', 'popper-compoundId', '丽景花园')
    await choose('input-channel', 'popper-channel', '网格员')
    await choose('input-category', 'popper-category', '设施维修')
    await page.getByTestId('input-reporterName').fill('李建国')
    await page.getByTestId('input-description').fill(description)
    await page.getByTestId('demand-submit').click()
    await page.locator('.el-message--success', { hasText: '已登记' }).waitFor()

    const row = page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: description.slice(0, 12) })
    await row.first().waitFor()
    expect(await row.first().innerText()).toContain('七口堰社区')

    const [qky] = await app.api('community:list', {})
    const page1 = await app.api('demand:list', { communityId: qky.id })
    expect(page1.items.map((d) => [d.description, d.compoundId])).toEqual([[description, qky.compounds[0].id]])
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
