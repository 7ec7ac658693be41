import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { currentMonth } from '../../shared/domain/month'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// The foundation slice in a real browser: sample street → dashboard count → a secretary records a
// demand through the form → it is in the list (phone masked) → the leader's chart counts it.

let app: E2eApp
let page: Page
const thisMonth = currentMonth()
const description = `E2E-${Date.now()} 5栋单元门禁损坏，老人进出不便，请尽快维修`

beforeAll(async () => {
  app = await startApp()
  page = app.page
})
afterAll(async () => {
  await app?.close()
})

/** Picks an option of an Element Plus select (its dropdown is teleported, found by popper class). */
async function choose(field: string, label: string) {
  await page.getByTestId(`input-${field}`).click()
  await page.locator(`.popper-${field} li`, { hasText: label }).first().click()
}

async function monthCount(month: string): Promise<number> {
  const cell = page.locator(`[data-testid="trend-table"] tr[data-month="${month}"] [data-testid="trend-count"]`)
  await cell.waitFor()
  return Number(await cell.innerText())
}

async function openDashboard() {
  await page.getByTestId('nav-dashboard').click()
  await page.getByTestId('trend-chart').waitFor()
  await page.locator('[data-testid="trend-table"] tr[data-month]').first().waitFor()
}

describe('one demand from form to trend chart', () => {
  let before = 0

  it('offers the sample street on first run and loads it', async () => {
    await page.goto(app.host.url)
    const dialog = page.getByTestId('first-run-dialog')
    await dialog.waitFor()
    await expect.poll(() => dialog.innerText()).toContain('示例')
    await expectAccessible(page, '首次启动对话框')
    await app.shot('01-first-run')
    await page.getByTestId('sample-load').click()
    await dialog.waitFor({ state: 'hidden', timeout: 60_000 })
    await expect.poll(() => page.locator('body').innerText()).toContain('示例数据')
  })

  it('shows 七口堰社区 on the dashboard with its monthly counts', async () => {
    await openDashboard()
    await expect.poll(() => page.getByTestId('dashboard-community').innerText()).toContain('七口堰社区')
    before = await monthCount(thisMonth)
    const total = Number(await page.getByTestId('trend-total').innerText())
    expect(total).toBeGreaterThan(100)
    // The sample's 七口堰 shows a year-on-year drop; the KPI words it as reports do.
    await expect.poll(() => page.getByTestId('trend-yoy').innerText()).toMatch(/^同比下降\d+件，降幅\d+\.\d%$/)
    // The chart is drawn (a canvas with pixels), not an empty box.
    const canvas = page.locator('[data-testid="trend-chart"] canvas').first()
    await canvas.waitFor()
    await app.shot('02-dashboard-before')
  })

  it('rejects bad input next to the field and writes nothing', async () => {
    await page.getByTestId('nav-collect').click()
    await page.getByTestId('demand-form').waitFor()
    await page.getByTestId('input-reporterPhone').fill('12345')
    await page.getByTestId('demand-submit').click()
    const phoneField = page.getByTestId('field-reporterPhone')
    await expect.poll(() => phoneField.innerText()).toContain('11 位手机号码')
    await expect.poll(() => page.getByTestId('field-communityId').innerText()).toContain('请选择社区')
    await expectAccessible(page, '收集意见（校验错误）')
    await app.shot('03-form-errors')
  })

  it('records a demand through the form and finds it in the list with the phone masked', async () => {
    await choose('communityId', '七口堰社区')
    await choose('channel', '热线')
    await choose('category', '设施维修')
    await page.getByTestId('input-reporterName').fill('王秀兰')
    await page.getByTestId('input-reporterPhone').fill('13812345678')
    await page.getByTestId('input-description').fill(description)
    await page.getByTestId('demand-submit').click()
    await page.locator('.el-message--success', { hasText: '已登记' }).waitFor()

    // The newest demand comes first in the list.
    const row = page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: description.slice(0, 12) })
    await row.first().waitFor()
    const text = await row.first().innerText()
    expect(text).toContain('138****5678')
    expect(text).not.toContain('13812345678')
    expect(text).toContain('七口堰社区')
    await app.shot('04-collect-list')
  })

  it("counts the new demand in its month on the leader's trend chart", async () => {
    await openDashboard()
    await expect.poll(() => monthCount(thisMonth)).toBe(before + 1)
    await app.shot('05-dashboard-after')
  })

  it('offers the new demand in 效果评价 once it is accepted (every step is a working screen)', async () => {
    await page.getByTestId('nav-evaluate').click()
    await page.getByTestId('evaluate-worklist').waitFor()
    await app.shot('06-evaluate')
  })

  it('keeps the language choice in the main side’s settings across a reload', async () => {
    await page.getByTestId('lang-switch').getByText('EN').click()
    await expect.poll(() => page.getByTestId('nav-collect').innerText()).toContain('Collect')
    await page.reload()
    await expect.poll(() => page.getByTestId('nav-collect').innerText()).toContain('Collect')
    await expectAccessible(page, '收集意见（English）')
    await app.shot('07-english')
    await page.getByTestId('lang-switch').getByText('中文').click()
    await expect.poll(() => page.getByTestId('nav-collect').innerText()).toContain('收集意见')
  })

  it('ran without console errors (no CSP violations, no failed calls)', () => {
    expect(app.errors).toEqual([])
  })
})
