import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'
import { settle } from './ui'

// 街道看板 (issue 12) in real Chromium: the sample street, a leader signs in and lands on it; picks
// a preset and communities side by side, sorts the ranking, drills from a cell to the demand list
// (as many records as the cell says), saves a chart as a PNG, and the layout holds at 1366×768 and
// 1920×1080, in English and in large text.

let app: E2eApp
let page: Page
let leader: { name: string; secret: string }

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await app.api('sample:load', {})
  leader = await app.operator('leader', '测试领导')
})
afterAll(async () => {
  await app?.close()
})

async function drawn(): Promise<void> {
  await page.locator('[data-testid="overview-trend"] canvas').first().waitFor()
  await page.locator('[data-testid="ranking-table"] tbody tr').first().waitFor()
  await settle(page)
}

describe('the leaders’ street dashboard', () => {
  it('is the leader’s home after signing in', async () => {
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(app.host.url)
    const skip = page.getByTestId('first-run-skip')
    if (await skip.isVisible().catch(() => false)) await skip.click()
    await page.getByTestId('session-signout').click()
    await page.locator('.sign-out-confirm').click()
    await page.getByTestId('signin-form').waitFor()
    await page.getByTestId('signin-name').fill(leader.name)
    await page.getByTestId('signin-secret').fill(leader.secret)
    await page.getByTestId('signin-secret').press('Enter')
    await page.getByTestId('view-overview').waitFor()
    await drawn()
    expect(await page.getByTestId('nav-overview').getAttribute('aria-current')).toBe('page')
    // 本年累计 runs to today: the partial month is said
    expect(await page.getByTestId('overview-period').innerText()).toMatch(/\d{4}年.*（截至\d+月\d+日）/)
    // 同比 compares the finished months (none yet in January: said so)
    expect(await page.getByTestId('headline-petitions-yoy').innerText()).toMatch(/^(同比(上升|下降)\d+件，(增|降)幅\d+\.\d%|与上年同期持平|上年同期为0，新增\d+件|本月尚未结束，暂不比较)$/)
    expect(await page.getByTestId('overview-bases').innerText()).toMatch(/^(同比、环比按\d{4}年[^（]+计（不含未结束的本月） · 上年同期 .+ · 上期 .+|本月尚未结束，暂不作同比、环比)$/)
  })

  it('at 1366×768 the headline figures and the whole trend chart show without scrolling', async () => {
    const chart = await page.getByTestId('overview-trend').boundingBox()
    const headline = await page.getByTestId('overview-headline').boundingBox()
    expect(headline!.y + headline!.height).toBeLessThanOrEqual(768)
    expect(chart!.y + chart!.height).toBeLessThanOrEqual(768)
    await expectAccessible(page, '街道看板')
    await app.shot('street-dashboard-1366')
    await page.getByTestId('overview-category').scrollIntoViewIfNeeded()
    await app.shot('street-dashboard-1366-charts')
    await page.getByTestId('overview-period').scrollIntoViewIfNeeded()
  })

  it('chooses a preset and two communities side by side', async () => {
    await page.getByTestId('preset-firstHalf').click()
    await expect.poll(() => page.getByTestId('overview-period').innerText()).toMatch(/^\d{4}年(1月|1—[2-6]月|第一季度)/)
    await page.getByTestId('overview-communities').click()
    const options = page.locator('.popper-overview-communities:visible li')
    await options.first().waitFor()
    await settle(page)
    const names = [await options.nth(0).innerText(), await options.nth(1).innerText()]
    await options.nth(0).click()
    await options.nth(1).click()
    await page.keyboard.press('Escape')
    // the chart's text alternative names every series drawn
    await expect
      .poll(() => page.getByTestId('overview-trend').evaluate((el) => (el.getAttribute('aria-label') ? el : el.querySelector('[aria-label]'))?.getAttribute('aria-label') ?? ''))
      .toMatch(new RegExp(`全街道.*${names[0]}.*${names[1]}`))
    await drawn()
    await app.shot('street-dashboard-compare')
  })

  it('sorts the ranking by 信访量, then the other way round', async () => {
    const counts = async () => (await page.locator('[data-testid="ranking-table"] [data-testid="ranking-petitions"]').allInnerTexts()).map(Number)
    await expect.poll(counts).toSatisfy((c: number[]) => c.every((v, i) => i === 0 || c[i - 1] >= v))
    await page.getByTestId('sort-petitions').click()
    await expect.poll(() => page.locator('[data-testid="ranking-table"] th[aria-sort="ascending"]').count()).toBe(1)
    await expect.poll(counts).toSatisfy((c: number[]) => c.length > 1 && c.every((v, i) => i === 0 || c[i - 1] <= v))
  })

  it('drills from a cell to the demand records behind it', async () => {
    const cells = page.locator('[data-testid="ranking-table"] [data-testid="ranking-demands"]')
    const texts = (await cells.allInnerTexts()).map(Number)
    const i = texts.findIndex((n) => n > 0)
    expect(i).toBeGreaterThanOrEqual(0)
    await cells.nth(i).click()
    const drawer = page.getByTestId('drill-drawer')
    await drawer.waitFor()
    await expect.poll(() => page.getByTestId('drill-count').getAttribute('data-total')).toBe(String(texts[i]))
    await expect.poll(() => page.locator('[data-testid="drill-table"] .el-table__body tr').count()).toBe(Math.min(texts[i], 50))
    await settle(page)
    await expectAccessible(page, '街道看板·诉求记录')
    await app.shot('street-dashboard-drill')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  it('saves the trend chart as a PNG', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('overview-trend-png').click()])
    expect(download.suggestedFilename()).toMatch(/\.png$/)
    const bytes = await readFile((await download.path())!)
    expect(bytes.length).toBeGreaterThan(1000)
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  })

  it('holds at 1920×1080, in English and in large text', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 })
    await drawn()
    await app.shot('street-dashboard-1920')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.locator('[data-testid="lang-switch"] label', { hasText: 'EN' }).click()
    await expect.poll(() => page.getByTestId('overview-period').innerText()).toMatch(/^(Jan|Q1)\b/)
    await drawn()
    // no header of the ranking is cut off
    const clipped = await page.locator('[data-testid="ranking-table"] th').evaluateAll((ths) => ths.filter((th) => th.scrollWidth > th.clientWidth + 1).length)
    expect(clipped).toBe(0)
    // …and the table fits its card: no column (满意率 last) behind a horizontal scroll
    const wrap = await page.locator('.ranking-wrap').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
    expect(wrap.scroll).toBeLessThanOrEqual(wrap.client + 1)
    // The charts' titles keep clear of their save buttons (a row of their own above the chart)
    for (const id of ['overview-trend', 'overview-ranking-chart', 'overview-category', 'overview-channel']) {
      const button = (await page.getByTestId(`${id}-png`).boundingBox())!
      const chart = (await page.getByTestId(id).boundingBox())!
      expect(button.y + button.height, id).toBeLessThanOrEqual(chart.y + 1)
    }
    await app.shot('street-dashboard-1366-en')
    await page.getByTestId('overview-category').scrollIntoViewIfNeeded()
    await app.shot('street-dashboard-1366-en-charts')
    await page.locator('[data-testid="lang-switch"] label', { hasText: '中文' }).click()
    await page.getByTestId('large-text-toggle').click()
    await drawn()
    await page.getByTestId('overview-period').scrollIntoViewIfNeeded()
    await app.shot('street-dashboard-1366-large-top')
    // The charts below the fold grow with the text: fifteen community names need the room.
    await page.getByTestId('overview-category').scrollIntoViewIfNeeded()
    await expect.poll(async () => (await page.getByTestId('overview-ranking-chart').boundingBox())!.height).toBeGreaterThan(330)
    await app.shot('street-dashboard-1366-large')
    await page.getByTestId('large-text-toggle').click()
    await expect.poll(async () => (await page.getByTestId('overview-ranking-chart').boundingBox())!.height).toBeLessThan(300)
  })

  it('prints only the dashboard, without the nav and the controls', async () => {
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('nav').isVisible()).toBe(false)
    expect(await page.getByTestId('overview-preset').isVisible()).toBe(false)
    expect(await page.getByTestId('overview-trend').isVisible()).toBe(true)
    await app.shot('street-dashboard-print')
    // On A4 the page is 186 mm wide between the 12 mm margins (≈ 703 CSS px), and printing lays the
    // page out without a frame for the charts' resize observers: measured in the same task as the
    // width change, every chart, the ranking and the headline cards stay within that width.
    const overflow = await page.evaluate(() => {
      const view = document.querySelector<HTMLElement>('.overview-print')!
      view.style.width = '703px'
      const right = view.getBoundingClientRect().left + 703
      const out: string[] = []
      for (const el of view.querySelectorAll<HTMLElement>('canvas, [data-testid="ranking-table"], [data-testid^="headline-"]')) {
        const r = el.getBoundingClientRect()
        if (r.width && r.right > right + 1) out.push(`${el.dataset.testid ?? el.closest<HTMLElement>('[data-testid]')?.dataset.testid ?? el.tagName} right ${Math.round(r.right - right)} px over`)
      }
      return out
    })
    expect(overflow).toEqual([])
    await app.shot('street-dashboard-print-a4')
    await page.evaluate(() => document.querySelector<HTMLElement>('.overview-print')!.style.removeProperty('width'))
    await page.emulateMedia({ media: 'screen' })
  })
})
