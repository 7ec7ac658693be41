// The briefing pack (issue 12, item 5) as a leader takes it away: signed in as 领导 on the sample
// street, the pack is saved through the UI (a download), then the saved file is opened in a
// Chromium with the network blocked: the charts (inline SVG) and the summary sentence are there,
// nothing is requested, nothing is refused by its CSP; it prints to A4 pages with Chinese text.
// PDF through the app needs its printer: the preview host refuses it and the UI says so.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Download, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayOf } from '../../shared/domain/month'
import { pdfCompactText, pdfPages } from '../helpers/pdf-text'
import { expectAccessible } from './a11y'
import { SCREENSHOT_DIR, findChromium, startApp, type E2eApp } from './harness'

let app: E2eApp
let page: Page
let offline: Browser | null = null
const ADMIN = '街道管理员'
const ADMIN_SECRET = 'briefing-admin-secret-1'
const LEADER = '周领导'
const LEADER_SECRET = 'briefing-leader-secret-1'
const PACK = join(SCREENSHOT_DIR, 'briefing-pack.html')
const compact = (s: string) => s.replace(/\s+/g, '')
const daysFromToday = (n: number) => dayOf(new Date(Date.now() + n * 86_400_000).toISOString())

beforeAll(async () => {
  app = await startApp({ signIn: false })
  page = app.page
  await page.setViewportSize({ width: 1366, height: 768 })
  // window.print opens no dialog in a test: count the calls instead (the popup pages too).
  await page.context().addInitScript(() => {
    const w = window as unknown as { __printed: number; print: () => void }
    w.__printed = 0
    w.print = () => {
      w.__printed++
    }
  })
  // The street, as its administrator: the sample street, a 领导, two open tasks (one overdue).
  await app.api('session:setup', { name: ADMIN, secret: ADMIN_SECRET })
  await app.api('session:signIn', { name: ADMIN, secret: ADMIN_SECRET })
  await app.api('sample:load', {})
  await app.api('operator:create', { name: LEADER, role: 'leader', secret: LEADER_SECRET })
  const pilot = (await app.api('community:list', {})).find((c) => c.name === '七口堰社区')!
  await app.api('task:create', { communityId: pilot.id, title: '<b>清理</b>5栋楼道杂物', party: 'propertyCompany', owner: '赵经理', deadline: daysFromToday(-3) })
  await app.api('task:create', { communityId: pilot.id, title: '增设电动车充电桩', party: 'department', unit: '区住建局', owner: '钱科长', deadline: daysFromToday(30) })
}, 120_000)

afterAll(async () => {
  await offline?.close()
  await app?.close()
})

describe('the briefing pack', () => {
  it('the 领导 signs in and saves the pack of the dashboard (a download)', async () => {
    await page.goto(app.host.url)
    await page.getByTestId('signin-form').waitFor()
    await page.getByTestId('signin-name').fill(LEADER)
    await page.getByTestId('signin-secret').fill(LEADER_SECRET)
    await page.getByTestId('signin-secret').press('Enter')
    await page.getByTestId('nav').waitFor()
    expect(await page.getByTestId('session-role').innerText()).toBe('领导')
    // The leader's home (街道看板) offers the pack beside 打印; this test takes it from one community's 数据看板.
    await page.getByTestId('view-overview').getByTestId('briefing-button').waitFor()
    await page.getByTestId('nav-dashboard').click()
    await page.getByTestId('view-dashboard').waitFor()
    await page.locator('[data-testid="trend-table"] tr[data-month]').first().waitFor()
    await expect.poll(() => page.getByTestId('dashboard-community').innerText()).toContain('七口堰社区')
    await page.getByTestId('briefing-button').waitFor()
    await expectAccessible(page, 'dashboard with the briefing buttons', '[data-testid="view-dashboard"]')
    await app.shot('briefing-01-dashboard')

    const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('briefing-save-html').click()])) as [Download, void]
    expect(download.suggestedFilename()).toMatch(/^简报-马家店街道-\d{4}年.*\.html$/)
    const html = await readFile((await download.path())!, 'utf8')
    await writeFile(PACK, html)
    await page.locator('.el-message--success', { hasText: '已保存简报' }).waitFor()
    expect(html).toContain('&lt;b&gt;清理&lt;/b&gt;5栋楼道杂物')
    expect(html).not.toMatch(/https?:\/\//)
  })

  it('PDF needs the app’s printer: the preview says so and opens the pack to print', async () => {
    const [popup] = (await Promise.all([page.waitForEvent('popup'), page.getByTestId('briefing-save-pdf').click()])) as [Page, void]
    await page.locator('.el-message', { hasText: '此处不能直接生成 PDF' }).waitFor()
    await popup.waitForLoadState('load')
    await expect.poll(() => popup.evaluate(() => (window as unknown as { __printed?: number }).__printed ?? 0), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await popup.locator('figure.chart svg').count()).toBe(4)
    await popup.close()
    await app.shot('briefing-02-no-printer')
  })

  it('opens in Chromium with the network blocked: charts, sentence, tasks; nothing requested or refused', async () => {
    offline = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] })
    const context = await offline.newContext({ offline: true, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    const requested: string[] = []
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith('file:')) return route.continue()
      requested.push(url)
      return route.abort()
    })
    const pack = await context.newPage()
    const problems: string[] = []
    pack.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text())
    })
    pack.on('pageerror', (err) => problems.push(String(err)))
    pack.on('request', (r) => {
      if (!r.url().startsWith('file:')) requested.push(r.url())
    })
    await pack.goto(pathToFileURL(PACK).href)
    await pack.waitForLoadState('load')

    // The page's community's trend (诉求量, its measure), the ranking and both shares: drawn as SVG
    // with text in them, each with its text alternative.
    const charts = pack.locator('figure.chart[role="img"] svg')
    expect(await charts.count()).toBe(4)
    for (let i = 0; i < 4; i++) {
      const box = (await charts.nth(i).boundingBox())!
      expect(box.width).toBeGreaterThan(200)
      expect(box.height).toBeGreaterThan(100)
      expect(await charts.nth(i).locator('path').count()).toBeGreaterThan(3)
    }
    expect(await charts.first().locator('text', { hasText: '诉求量' }).count()).toBeGreaterThan(0)
    expect(await charts.first().locator('text', { hasText: '七口堰社区' }).count()).toBeGreaterThan(0)
    // The summary sentence, the ranking, the tasks (user text shown as text).
    const summary = await pack.getByTestId('briefing-summary').innerText()
    // The period runs to today: 同比 compares its finished months (其中…), or none yet in January.
    expect(summary).toMatch(
      /\d{4}年.*（截至\d+月\d+日），全街道信访量\d+件；(其中\d{4}年[^，]+\d+件，(同比(下降|上升)\d+件，(降|增)幅\d+\.\d%|与上年同期持平|上年同期为0，新增\d+件)|本月尚未结束，暂不作同比(、环比)?)[；。]/,
    )
    expect(summary).toContain('在办任务2项，其中逾期1项')
    expect(await pack.getByTestId('briefing-ranking').locator('tbody tr').count()).toBe(15)
    const tasks = await pack.getByTestId('briefing-tasks').innerText()
    expect(tasks).toContain('<b>清理</b>5栋楼道杂物')
    expect(tasks).toMatch(/已逾期3天/)
    expect(await pack.locator('b').count()).toBe(0)
    expect(await pack.evaluate(() => document.scripts.length)).toBe(0)
    await expectAccessible(pack, 'briefing pack')
    expect(requested).toEqual([])
    expect(problems).toEqual([])

    await pack.screenshot({ path: join(SCREENSHOT_DIR, 'briefing-pack-1366x768.png') })
    await pack.setViewportSize({ width: 1920, height: 1080 })
    await pack.screenshot({ path: join(SCREENSHOT_DIR, 'briefing-pack-1920x1080.png') })

    // Printed: A4 pages, Chinese text, the charts no wider than the page.
    await pack.emulateMedia({ media: 'print' })
    const widest = await pack.evaluate(() => Math.max(...[...document.querySelectorAll('figure.chart svg')].map((s) => s.getBoundingClientRect().right)))
    expect(widest).toBeLessThanOrEqual(await pack.evaluate(() => document.documentElement.clientWidth))
    const pdf = await pack.pdf({ preferCSSPageSize: true, printBackground: true })
    await writeFile(join(SCREENSHOT_DIR, 'briefing-pack.pdf'), pdf)
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(Buffer.from(pdf).toString('latin1'))!
    expect([Math.round((Number(box[1]) / 72) * 25.4), Math.round((Number(box[2]) / 72) * 25.4)]).toEqual([210, 297])
    expect(pdfPages(pdf).length).toBeGreaterThanOrEqual(3)
    // (pdf-text reads the regular glyphs; the bold headings are drawn with a synthetic bold)
    const text = pdfCompactText(pdf)
    expect(text).toContain(compact(await pack.getByTestId('briefing-period').innerText()))
    expect(text).toContain(compact(await pack.getByTestId('briefing-summary').locator('p').first().innerText()))
    expect(text).toContain('增设电动车充电桩')
  })

  it('ran without console errors in the app (no CSP violations, no failed calls)', () => {
    expect(app.errors).toEqual([])
  })
})
