import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { addMonths, currentMonth } from '../../shared/domain/month'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// Issue 9, intake built for a phone call, in a real browser and by keyboard only: type 七口堰 and
// Enter in the 社区 select, Tab through every field (the order never shifts), a landline and a
// spaced mobile, Ctrl+Enter saves and readies the next call; then an edit from the detail drawer
// that moves the demand to last month, and the dashboard counts follow.

let app: E2eApp
let page: Page
const thisMonth = currentMonth()
const lastMonth = addMonths(thisMonth, -1)
const stamp = Date.now()

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await app.api('sample:load', {})
})
afterAll(async () => {
  await app?.close()
})

/** Where the keyboard focus is: the data-field of the form item holding it. */
const focusedField = () =>
  page.evaluate(() => (document.activeElement?.closest('[data-field]') as HTMLElement | null)?.dataset.field ?? document.activeElement?.tagName)

async function monthCount(month: string): Promise<number> {
  const cell = page.locator(`[data-testid="trend-table"] tr[data-month="${month}"] [data-testid="trend-count"]`)
  await cell.waitFor()
  return Number(await cell.innerText())
}

async function openDashboard(): Promise<void> {
  await page.getByTestId('nav-dashboard').click()
  await page.getByTestId('trend-chart').waitFor()
  await expect.poll(() => page.getByTestId('dashboard-community').innerText()).toContain('七口堰社区')
  await page.locator('[data-testid="trend-table"] tr[data-month]').first().waitFor()
}

describe('keyboard-only intake', () => {
  let before = { current: 0, last: 0 }

  it('records a call with the keyboard only: 七口堰 + Enter, Tab order, landline, Ctrl+Enter', async () => {
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(app.host.url)
    await openDashboard()
    before = { current: await monthCount(thisMonth), last: await monthCount(lastMonth) }
    await page.getByTestId('nav-collect').click()
    await page.getByTestId('demand-form').waitFor()
    await page.getByTestId('input-communityId').locator('input').focus()
    expect(await focusedField()).toBe('communityId')

    await page.keyboard.type('七口堰')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('compoundId')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('channel')
    await page.keyboard.type('rx')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('category')
    await page.keyboard.type('sswx')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('reporterName')
    await page.keyboard.type('王秀兰')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('reporterPhone')
    await page.keyboard.type('027-84567890')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('receivedAt')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('reporterAddress')
    await page.keyboard.type('5栋2单元301')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('householdUnit')
    await page.keyboard.type('5栋联户')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('householdLeader')
    await page.keyboard.type('张建国')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('description')
    await page.keyboard.type(`KB-${stamp} 5栋单元门禁损坏，老人进出不便`)
    await app.shot('intake-form-filled-1366')
    await page.keyboard.press('Control+Enter')

    const message = page.locator('.el-message--success', { hasText: '已登记，案件编号 七口堰-' })
    await message.waitFor()
    // Ready for the next call: focus on the first field, community and channel kept.
    await expect.poll(focusedField).toBe('communityId')
    expect(await page.getByTestId('input-communityId').innerText()).toContain('七口堰社区')
    expect(await page.getByTestId('input-channel').innerText()).toContain('热线')
    expect(await page.getByTestId('input-reporterName').inputValue()).toBe('')

    const row = page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: `KB-${stamp}` })
    await row.first().waitFor()
    const text = await row.first().innerText()
    expect(text).toMatch(/七口堰-\d{4}-\d{4}/)
    expect(text).not.toContain('84567890')
    await expectAccessible(page, '收集意见（键盘登记后）')
  })

  it('takes a spaced mobile for the next call and stores it normalised', async () => {
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('category')
    await page.keyboard.type('环境')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    await page.keyboard.type('李强')
    await page.keyboard.press('Tab')
    await page.keyboard.type('138 8888 6666')
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab')
    expect(await focusedField()).toBe('description')
    await page.keyboard.type(`KB2-${stamp} 垃圾桶满溢无人清运`)
    await page.keyboard.press('Control+Enter')
    const row = page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: `KB2-${stamp}` })
    await row.first().waitFor()
    expect(await row.first().innerText()).toContain('138****6666')
    const list = await app.api('demand:list', { communityId: (await app.api('community:list', {})).find((c) => c.name === '七口堰社区')!.id, page: 1, pageSize: 5 })
    const mine = list.items.find((d) => d.description.startsWith(`KB2-${stamp}`))!
    const full = await app.api('demand:unmask', { id: mine.id })
    expect(full.reporterPhone).toBe('13888886666')
  })

  it('form screenshots at 1366x768 and 1920x1080', async () => {
    await app.shot('intake-form-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.getByTestId('demand-form').waitFor()
    await app.shot('intake-form-1920')
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  it('edits the demand from the detail drawer, moving it to last month; case number stays, counts follow', async () => {
    const row = page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: `KB-${stamp}` })
    const caseNo = (await row.first().locator('[data-testid="cell-caseNo"]').innerText()).trim()
    const listedAt = (await row.first().locator('[data-testid="cell-receivedAt"]').innerText()).trim()
    await row.first().click()
    const drawer = page.getByTestId('demand-detail')
    await drawer.waitFor()
    await page.getByTestId('detail-edit').click()
    await page.getByTestId('edit-demand-form').waitFor()
    expect(await page.getByTestId('edit-caseNo').innerText()).toBe(caseNo)
    const [y, m] = lastMonth.split('-')
    const when = `${y}-${m}-15 10:30`
    const input = page.getByTestId('edit-field-receivedAt').locator('input').first()
    // The picker reads the street's clock, as the list does (this browser runs in the machine's zone).
    expect(await input.inputValue()).toBe(listedAt)
    await input.click()
    await input.fill(when)
    await page.keyboard.press('Enter')
    await app.shot('intake-edit-drawer-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await app.shot('intake-edit-drawer-1920')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByTestId('edit-input-description').click()
    await page.keyboard.press('Control+Enter')
    await page.locator('.el-message--success', { hasText: `${caseNo} 已保存修改` }).waitFor()
    await page.getByTestId('detail-caseNo').waitFor()
    expect(await page.getByTestId('detail-caseNo').innerText()).toBe(caseNo)
    await expect.poll(() => page.getByTestId('detail-history').innerText()).toContain(`从 ${thisMonth} 移到 ${lastMonth}`)
    // The time typed is the time kept: the drawer shows it on the street's clock.
    expect(await drawer.innerText()).toContain(when)
    await expectAccessible(page, '诉求详情（修改后）')
    await app.shot('intake-detail-after-edit')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await openDashboard()
    // Two recorded this month, one of them moved to last month.
    await expect.poll(() => monthCount(thisMonth)).toBe(before.current + 1)
    await expect.poll(() => monthCount(lastMonth)).toBe(before.last + 1)
  })

  it('the street settings screen names the street in the header', async () => {
    await page.getByTestId('nav-street').click()
    await page.getByTestId('street-form').waitFor()
    await page.getByTestId('street-name').fill('马家店街道')
    await page.getByTestId('street-save').click()
    await page.locator('.el-message--success', { hasText: '街道设置已保存' }).waitFor()
    await expect.poll(() => page.getByTestId('current-street').innerText()).toContain('马家店街道')
    await app.shot('street-settings-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await app.shot('street-settings-1920')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByTestId('street-timezone').fill('Mars/Olympus')
    await page.getByTestId('street-save').click()
    await expect.poll(() => page.getByTestId('street-form').innerText()).toContain('时区无效')
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
