import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { toLocalIso } from '../../shared/domain/month'
import { join } from 'node:path'
import { SCREENSHOT_DIR, startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// Two tabs of one browser on the same host (two windows on one data folder): a change in one
// reaches the other's list through the host's `changed` events (SSE, /api/events) without a
// reload; a save based on a stale read is refused (CONFLICT) with the zh-CN warning and the
// record as it is now.

let app: E2eApp
let a: Page
let b: Page
const created = `TABS-${Date.now()} 8栋地下车库积水，车辆进出困难`
const shared = `TABS-${Date.now()} 12栋外墙瓷砖脱落，存在安全隐患`
let communityId = ''

function row(page: Page, text: string) {
  return page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: text.split(' ')[1].slice(0, 12) })
}

async function choose(page: Page, field: string, label: string) {
  await page.getByTestId(`input-${field}`).click()
  await page.locator(`.popper-${field} li`, { hasText: label }).first().click()
}

/** app.shot photographs tab A; this one any tab, into the same folder. */
async function shotOf(page: Page, name: string): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((x) => x.finished.catch(() => undefined))))
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}

beforeAll(async () => {
  app = await startApp()
  a = app.page
  b = await a.context().newPage()
  b.on('pageerror', (err) => app.errors.push(String(err)))
  b.on('console', (msg) => {
    if (msg.type() === 'error') app.errors.push(msg.text())
  })
  await app.api('sample:load', {})
  communityId = (await app.api('community:list', {})).find((c) => c.name === '七口堰社区')!.id
  await app.api('demand:create', {
    communityId,
    channel: 'hotline',
    category: 'facilities',
    reporterName: '周玉梅',
    receivedAt: toLocalIso(new Date(Date.now() - 120_000)),
    description: shared,
  })
  for (const page of [a, b]) {
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(app.host.url)
    await page.getByTestId('view-collect').waitFor()
    await row(page, shared).first().waitFor()
  }
})
afterAll(async () => {
  await app?.close()
})

describe('two tabs on one host', () => {
  it('a demand recorded in tab A appears in tab B’s list without a reload', async () => {
    const loads = await b.evaluate(() => performance.getEntriesByType('navigation').length)
    await choose(a, 'communityId', '七口堰社区')
    await choose(a, 'channel', '热线')
    await choose(a, 'category', '设施维修')
    await a.getByTestId('input-reporterName').fill('陈建华')
    await a.getByTestId('input-description').fill(created)
    await a.getByTestId('demand-submit').click()
    await a.locator('.el-message--success', { hasText: '已登记' }).waitFor()

    await row(b, created).first().waitFor({ timeout: 15_000 })
    expect(await row(b, created).first().innerText()).toContain('七口堰社区')
    expect(await b.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads)
    await shotOf(b, '30-two-tabs-b-sees-new-demand')
  })

  it('tab B’s save on a stale read is refused with the zh-CN warning and the reloaded record', async () => {
    for (const page of [a, b]) {
      await row(page, shared).first().click()
      await page.getByTestId('demand-detail').waitFor()
      await expect.poll(() => page.getByTestId('detail-status').innerText()).toBe('居民呼叫')
    }
    // B picks the next status first, then A moves the demand on.
    await b.getByTestId('detail-next-status').click()
    await b.locator('.popper-next-status li', { hasText: '受理研判' }).first().click()

    await a.bringToFront()
    await a.getByTestId('detail-next-status').click()
    await a.locator('.popper-next-status li', { hasText: '受理研判' }).first().click()
    await a.getByTestId('detail-move').click()
    await a.locator('.el-message--success').first().waitFor()
    await expect.poll(() => a.getByTestId('detail-status').innerText()).toBe('受理研判')
    await shotOf(a, '31-two-tabs-a-moved')

    await b.bringToFront()
    await b.getByTestId('detail-move').click()
    const warning = b.locator('.el-message--warning')
    await warning.waitFor()
    expect(await warning.innerText()).toMatch(/已.*被修改（可能在另一个窗口），请刷新后重试/)
    await expect.poll(() => b.getByTestId('detail-status').innerText()).toBe('受理研判')
    await shotOf(b, '32-two-tabs-b-conflict')
    // B now shows the record as A left it, and offers the moves from there.
    await expect.poll(() => b.getByTestId('detail-status').innerText()).toBe('受理研判')
    await expectAccessible(b, '诉求详情抽屉（冲突提示）')
    const listed = (await app.api('demand:list', { communityId })).items.find((d) => d.description === shared)
    const stored = await app.api('demand:get', { id: listed!.id })
    expect(stored.status).toBe('accepted')
  })

  it('修改诉求 in both tabs: B’s typed description survives A’s save, A’s change is named, and B saves on top of it', async () => {
    const mine = `${shared}（B：补充，3单元也有瓷砖松动）`
    await b.bringToFront()
    await b.getByTestId('detail-edit').click()
    await b.getByTestId('edit-demand-form').waitFor()
    await b.getByTestId('edit-input-description').fill(mine)

    await a.bringToFront()
    await a.getByTestId('detail-edit').click()
    await a.getByTestId('edit-demand-form').waitFor()
    await a.getByTestId('edit-input-householdUnit').fill('12栋1单元')
    await a.getByTestId('edit-input-householdUnit').press('Control+Enter')
    await a.locator('.el-message--success', { hasText: '已保存修改' }).waitFor()

    await b.bringToFront()
    await b.getByTestId('edit-input-description').press('Control+Enter')
    const notice = b.getByTestId('demand-conflict')
    await notice.waitFor()
    expect(await notice.innerText()).toMatch(/该诉求已于 \S+ \S+ 被修改（可能在另一个窗口）/)
    expect(await b.getByTestId('edit-conflict-changes').innerText()).toBe('联户单元：现为“12栋1单元”')
    // who saved it (tab A's operator, from the demand's history)
    expect(await b.getByTestId('edit-conflict-by').innerText()).toMatch(/^修改人：测试管理员/)
    expect(await b.getByTestId('edit-input-description').inputValue()).toBe(mine)
    expect(await b.getByTestId('edit-input-householdUnit').inputValue()).toBe('12栋1单元')
    await expectAccessible(b, '修改诉求（冲突后保留修改）')
    await shotOf(b, '34-two-tabs-b-demand-conflict-kept')

    await b.getByTestId('edit-input-description').press('Control+Enter')
    await b.locator('.el-message--success', { hasText: '已保存修改' }).waitFor()
    const listed = (await app.api('demand:list', { communityId })).items.find((d) => d.description === mine)
    expect(listed).toBeDefined()
    expect((await app.api('demand:get', { id: listed!.id })).householdUnit).toBe('12栋1单元')
  })

  it('tab B’s own typing survives a conflict: kept on top of A’s change, what A set is named, and B saves it', async () => {
    const qky = (await app.api('community:list', {})).find((c) => c.id === communityId)!
    for (const page of [a, b]) {
      await page.bringToFront()
      // the demand drawer of the test before closes first
      await page.keyboard.press('Escape')
      await page.getByTestId('demand-detail').waitFor({ state: 'hidden' })
      await page.getByTestId('nav-communities').click()
      await page.getByTestId(`community-edit-${communityId}`).click()
      await page.getByTestId('community-dialog').waitFor()
      await expect.poll(() => page.getByTestId('community-name').inputValue()).toBe(qky.name)
    }
    // B starts typing; A saves a different change first.
    await b.getByTestId('community-households').fill('7300')
    await b.getByTestId('grid-add').click()
    const newGrid = b.getByTestId(`grid-name-${qky.grids.length}`)
    await newGrid.fill('第九网格')

    await a.bringToFront()
    await a.getByTestId('community-name').fill('七口堰社区（合并后）')
    await a.getByTestId('community-save').click()
    await a.locator('.el-message--success', { hasText: '已保存社区' }).waitFor()

    await b.bringToFront()
    await b.getByTestId('community-save').click()
    const notice = b.getByTestId('community-conflict')
    await notice.waitFor()
    expect(await notice.innerText()).toContain('该社区已被修改（可能在另一个窗口）')
    expect(await notice.innerText()).toContain('您填写的内容已保留')
    expect(await b.getByTestId('edit-conflict-changes').innerText()).toBe('社区名称：现为“七口堰社区（合并后）”')
    // nothing of B's is lost; A's name is there too
    expect(await b.getByTestId('community-households').inputValue()).toBe('7300')
    expect(await newGrid.inputValue()).toBe('第九网格')
    expect(await b.getByTestId('community-name').inputValue()).toBe('七口堰社区（合并后）')
    await expectAccessible(b, '社区对话框（冲突后保留修改）')
    await shotOf(b, '33-two-tabs-b-conflict-kept')
    await b.setViewportSize({ width: 1920, height: 1080 })
    await shotOf(b, '33-two-tabs-b-conflict-kept-1920')
    await b.setViewportSize({ width: 1366, height: 768 })

    await b.getByTestId('community-save').click()
    await b.locator('.el-message--success', { hasText: '已保存社区' }).waitFor()
    const stored = (await app.api('community:list', {})).find((c) => c.id === communityId)!
    expect(stored.name).toBe('七口堰社区（合并后）')
    expect(stored.households).toBe(7300)
    expect(stored.grids.map((g) => g.name)).toContain('第九网格')
    await a.keyboard.press('Escape')
  })

  it('ran without console errors', () => {
    expect(app.errors.filter((e) => !/409|CONFLICT/.test(e))).toEqual([])
  })
})
