// Issue 12, historical counts in real Chromium against the loopback host: a community whose first
// record is this month; counts of last year typed into the year grid by keyboard (Tab along a row,
// Enter down a column; a field's error under it, fixed, saved; a month removed after the
// confirmation); the office's GBK sheet with a bad row checked (the row and column named, nothing
// importable), fixed and imported; then the dashboard's chart marks those months as counts and
// counts them. The screen and its dialog pass axe; screenshots at 1366×768 and 1920×1080.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMonths, currentMonth, toLocalIso } from '../../shared/domain/month'
import { encodeGbk } from '../helpers/gbk'
import { expectAccessible } from './a11y'
import { SCREENSHOT_DIR, startApp, type E2eApp } from './harness'
import { choose, confirmBox, settle } from './ui'

let app: E2eApp
let page: Page
let communityId = ''
const thisMonth = currentMonth()
const lastYear = Number(thisMonth.slice(0, 4)) - 1
/** The six months before this one: imported from the sheet, shown in the dashboard's default window. */
const sheetMonths = [6, 5, 4, 3, 2, 1].map((n) => addMonths(thisMonth, -n))

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

const cell = (field: 'petitions' | 'demands' | 'note', month: string) => page.getByTestId(`history-${field}-${month}`)
const stored = async () => (await app.api('history:list', { communityId })).communities[0].counts.map((c) => `${c.month}:${c.petitions}/${c.demands}`)

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  await page.getByTestId('first-run-dialog').waitFor()
  await page.getByTestId('first-run-skip').click()
  await page.getByTestId('first-run-dialog').waitFor({ state: 'hidden' })
  communityId = (await app.api('community:create', { name: '七口堰社区', households: 7220 })).id
  // The app's first record: this month.
  await app.api('demand:create', { communityId, channel: 'petition', category: 'parking', reporterName: '王秀兰', receivedAt: toLocalIso(new Date(Date.now() - 120_000)), description: '小区北门车位被长期占用，请协调' })
  await page.reload()
}, 120_000)

afterAll(async () => {
  await app?.close()
})

describe('historical counts', () => {
  it('types last year’s counts by keyboard, shows a field’s error, saves, removes a month', async () => {
    await page.getByTestId('nav-history').click()
    await page.getByTestId('history-grid').waitFor()
    await expect.poll(() => page.getByTestId('history-first-record').innerText()).toContain(thisMonth)
    await choose(page, 'history-year', 'popper-history-year', String(lastYear))
    await cell('petitions', `${lastYear}-01`).waitFor()

    // January along the row with Tab, then February: more petitions than demands.
    await cell('petitions', `${lastYear}-01`).click()
    await page.keyboard.type('3')
    await page.keyboard.press('Tab')
    await page.keyboard.type('20')
    await page.keyboard.press('Tab')
    await page.keyboard.type('信访办月报')
    await page.keyboard.press('Tab')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(`history-petitions-${lastYear}-02`)
    await page.keyboard.type('5')
    await page.keyboard.press('Tab')
    await page.keyboard.type('2')
    // March and April down the petitions column with Enter.
    await cell('petitions', `${lastYear}-03`).click()
    await page.keyboard.type('1')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(`history-petitions-${lastYear}-04`)
    await page.keyboard.type('0')
    await cell('demands', `${lastYear}-03`).fill('7')
    await cell('demands', `${lastYear}-04`).fill('4')

    await page.getByTestId('history-save').click()
    const error = page.locator(`#history-petitions-1-error`)
    await expect.poll(() => error.innerText()).toBe('信访量（5）不能大于诉求量（2）：信访件也计入诉求量')
    expect(await cell('petitions', `${lastYear}-02`).getAttribute('aria-invalid')).toBe('true')
    expect(await stored()).toEqual([])
    await expectAccessible(page, '历史统计数·填写有误')
    await shots('history-errors')

    await cell('demands', `${lastYear}-02`).fill('12')
    await expect.poll(() => error.count()).toBe(0)
    await page.getByTestId('history-save').click()
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toContain('已保存 4 个月')
    expect(await stored()).toEqual([`${lastYear}-01:3/20`, `${lastYear}-02:5/12`, `${lastYear}-03:1/7`, `${lastYear}-04:0/4`])

    await page.getByTestId(`history-remove-${lastYear}-04`).click()
    await confirmBox(page, 'history-remove-confirm', `${lastYear}-04 的统计数（信访量 0、诉求量 4）`)
    await expect.poll(stored).toEqual([`${lastYear}-01:3/20`, `${lastYear}-02:5/12`, `${lastYear}-03:1/7`])
    await expect.poll(() => cell('demands', `${lastYear}-04`).inputValue()).toBe('')
    expect((await app.api('audit:list', {})).items.some((e) => e.action === 'history.remove')).toBe(true)
  })

  it('checks a GBK sheet with a bad row (row and column named, nothing imported), then imports the fixed one', async () => {
    const rows = sheetMonths.map((m, i) => `七口堰社区,${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月,${i},${10 + i}`)
    const bad = ['社区,月份,信访量,诉求量', rows[0], '西门社区,' + rows[1].split(',').slice(1).join(','), ...rows.slice(2)].join('\r\n')
    await page.getByTestId('history-file').setInputFiles({ name: '信访办月报.csv', mimeType: 'text/csv', buffer: Buffer.from(encodeGbk(bad)) })
    const dialog = page.getByTestId('history-import-dialog')
    await dialog.waitFor()
    await expect.poll(() => page.getByTestId('history-import-summary').innerText()).toContain('共 6 行：5 行可导入，1 行有问题')
    const issues = await page.getByTestId('history-import-issues').innerText()
    expect(issues).toContain('3')
    expect(issues).toContain('社区')
    expect(issues).toContain('社区“西门社区”不存在')
    expect(await page.getByTestId('history-import-do').isDisabled()).toBe(true)
    await expectAccessible(page, '历史统计数·导入检查')
    await shots('history-import-check')
    expect(await stored()).toHaveLength(3)

    const good = ['社区,月份,信访量,诉求量', ...rows].join('\r\n')
    await page.getByTestId('history-file').setInputFiles({ name: '信访办月报.csv', mimeType: 'text/csv', buffer: Buffer.from(encodeGbk(good)) })
    await expect.poll(() => page.getByTestId('history-import-summary').innerText()).toContain('共 6 行：6 行可导入，0 行有问题')
    await page.getByTestId('history-import-do').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toContain('已导入 6 个月')
    expect(await stored()).toEqual(
      expect.arrayContaining(sheetMonths.map((m, i) => `${m}:${i}/${10 + i}`)),
    )
  })

  it('shows the counted months on the dashboard chart, marked as counts', async () => {
    await page.getByTestId('nav-dashboard').click()
    const chart = page.getByTestId('trend-chart')
    await chart.waitFor()
    await page.locator('[data-testid="trend-table"] tr[data-month]').first().waitFor()
    await expect.poll(() => chart.getAttribute('data-historical-months')).toBe(sheetMonths.join(' '))
    const count = (m: string) => page.locator(`[data-testid="trend-table"] tr[data-month="${m}"] [data-testid="trend-count"]`).innerText()
    expect(await count(sheetMonths[5])).toBe('15')
    expect(await count(thisMonth)).toBe('1')
    // The note names the counted months (the chart's text alternative carries it too).
    await expect.poll(async () => (await chart.locator('[aria-label]').first().getAttribute('aria-label')) ?? (await chart.getAttribute('aria-label'))).toContain('为历史统计数，非系统记录')
    await shots('history-dashboard')
  })
})
