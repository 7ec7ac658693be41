import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { toLocalIso } from '../../shared/domain/month'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// Step 2 (确认议题) in real Chromium: triage a new demand, see its duplicate with the reason,
// merge them into a topic, undo the merge after a confirmation, make topics, confirm them and
// order the agenda from the keyboard. Screenshots at 1366×768 and 1920×1080.

let app: E2eApp
let page: Page
const ELEVATOR = '3栋电梯经常停运，老人上下楼很困难'
const DUPLICATE = '3栋电梯又停运了，老人上下楼困难'
const RUBBISH = '小区门口垃圾堆放多日无人清运'
const ids: Record<string, string> = {}
let communityId = ''

const row = (id: string) => page.locator(`[data-testid="triage-list"] li[data-id="${id}"]`)

async function shots(name: string): Promise<void> {
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    await app.shot(`${name}-${w}x${h}`)
  }
  await page.setViewportSize({ width: 1366, height: 768 })
}

beforeAll(async () => {
  app = await startApp()
  page = app.page
  const c = await app.api('community:create', {
    name: '七口堰社区',
    grids: [{ name: '第一网格' }],
    compounds: [{ name: '丽景花园', gridIndex: 0 }],
  })
  communityId = c.id
  const compoundId = c.compounds[0].id
  const base = { communityId, compoundId, channel: 'hotline' as const, category: 'facilities' as const }
  ids.elevator = (await app.api('demand:create', { ...base, reporterName: '王秀兰', reporterPhone: '139 1234 5678', receivedAt: toLocalIso(new Date(Date.now() - 3 * 86_400_000 - 60_000)), description: ELEVATOR })).id
  ids.duplicate = (await app.api('demand:create', { ...base, reporterName: '张建国', reporterPhone: '13912345678', receivedAt: toLocalIso(new Date(Date.now() - 60_000)), description: DUPLICATE })).id
  ids.rubbish = (await app.api('demand:create', { ...base, category: 'environment', reporterName: '刘芳', receivedAt: toLocalIso(new Date(Date.now() - 120_000)), description: RUBBISH })).id
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  await page.getByTestId('view-collect').waitFor()
})
afterAll(async () => {
  await app?.close()
})

describe('确认议题: triage, duplicates, topics', () => {
  it('opens step 2 with the queue of new demands', async () => {
    await page.getByTestId('nav-confirm').click()
    await page.getByTestId('triage-queue').waitFor()
    await row(ids.rubbish).waitFor()
    expect(await page.locator('[data-testid="triage-list"] li[data-id]').count()).toBe(3)
    expect(await page.getByTestId('triage-detail').innerText()).toContain('请在左侧选择一条诉求')
    await expectAccessible(page, '确认议题（队列）')
    await shots('40-confirm-queue')
  })

  it('triages the duplicate: accepted at community level, urgent; the similar demand shows why', async () => {
    await row(ids.duplicate).locator('button.row').click()
    const similar = page.locator(`[data-testid="similar-list"] li[data-id="${ids.elevator}"]`)
    await similar.waitFor()
    expect(await similar.getByTestId('similar-reason').innerText()).toMatch(/^内容相似 \d+% · 同一小区 · 同一电话 · 3 天内$/)
    // Named by its case number, like everywhere else.
    expect(await page.getByTestId('triage-caseNo').innerText()).toMatch(/^七口堰-\d{4}-\d{4}$/)
    // The phone is compared in the backend only; the page shows it masked.
    expect(await page.getByTestId('triage-detail').innerText()).not.toContain('13912345678')
    await page.getByTestId('level-community').click()
    await page.getByTestId('urgency-urgent').click()
    await page.getByTestId('triage-save').click()
    await page.locator('.el-message--success', { hasText: '已保存研判结果' }).waitFor()
    await expect.poll(() => page.getByTestId('triage-status').innerText()).toBe('受理研判')
    expect(await page.getByTestId('triage-last').innerText()).toMatch(/受理 · 社区 · 紧急 · \d{4}-\d{2}-\d{2}/)
    expect(await page.getByTestId('triage-last').innerText()).toContain('测试管理员（管理员）')
    // Accepted demands leave the queue of new ones.
    await expect.poll(() => page.locator('[data-testid="triage-list"] li[data-id]').count()).toBe(2)
    await shots('41-confirm-triaged')
  })

  it('merges the duplicate into a topic after a confirmation, then undoes it', async () => {
    await page.getByTestId('similar-merge').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.innerText()).toContain('两条诉求都保留各自的反映人和来源')
    await expectAccessible(page, '合并确认')
    await box.locator('.el-button--primary').click()
    await page.locator('.el-message--success', { hasText: '已合并到议题' }).waitFor()
    const proposed = page.getByTestId('topics-proposed')
    await expect.poll(() => proposed.innerText()).toContain('2 条诉求')
    expect(await proposed.innerText()).toContain('王**')
    expect(await proposed.innerText()).toContain('张**')
    const topicId = (await app.api('demand:get', { id: ids.duplicate })).topicId
    expect(topicId).toBeTruthy()
    expect((await app.api('demand:get', { id: ids.elevator })).topicId).toBe(topicId)
    await shots('42-confirm-merged')

    await page.getByTestId('topic-undo').click()
    await box.waitFor()
    expect(await box.innerText()).toContain('将被撤销')
    await expectAccessible(page, '撤销合并确认')
    await box.locator('.el-button--primary').click()
    await page.locator('.el-message--success', { hasText: '已撤销合并' }).waitFor()
    await expect.poll(() => proposed.innerText()).toContain('暂无待确认的议题')
    expect((await app.api('demand:get', { id: ids.duplicate })).topicId).toBeUndefined()
    expect((await app.api('demand:get', { id: ids.elevator })).topicId).toBeUndefined()
  })

  it('makes topics (a merge, and one from a ticked demand), confirms them and orders them by keyboard', async () => {
    await page.getByTestId('similar-merge').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await expect.poll(() => page.getByTestId('topics-proposed').innerText()).toContain('2 条诉求')

    // Tick the rubbish demand and make a topic of it through the dialog.
    await row(ids.rubbish).locator('.el-checkbox').click()
    await page.getByTestId('topic-create-open').click()
    const dialog = page.getByTestId('topic-create-dialog')
    await dialog.waitFor()
    await page.getByTestId('topic-title').fill('小区门口垃圾清运')
    await expectAccessible(page, '新建议题')
    await page.getByTestId('topic-create-submit').click()
    await page.locator('.el-message--success', { hasText: '已新建议题“小区门口垃圾清运”' }).waitFor()

    // Confirm the elevator topic first, then the rubbish one: the agenda follows that order.
    const confirmOf = (text: string) => page.locator('[data-testid="topics-proposed"] > li', { hasText: text }).getByTestId('topic-confirm')
    await confirmOf('张**').click()
    // Its triaged demand moves on with it (受理研判 → 社区协同), and the message says so; the one not
    // triaged yet stays in the triage queue (居民呼叫).
    await page.locator('.el-message--success', { hasText: '其中 1 条诉求转入“社区协同”' }).waitFor()
    expect((await app.api('demand:get', { id: ids.duplicate })).status).toBe('coordinating')
    expect((await app.api('demand:get', { id: ids.elevator })).status).toBe('called')
    await expect.poll(() => page.locator('[data-testid="topics-confirmed"] > li[data-id]').count()).toBe(1)
    await confirmOf('小区门口垃圾清运').click()
    await page.locator('.el-message--success', { hasText: '已确认议题“小区门口垃圾清运”' }).waitFor()
    const titles = () => page.locator('[data-testid="topics-confirmed"] > li[data-id] .title').allInnerTexts()
    await expect.poll(titles).toEqual([ELEVATOR, '小区门口垃圾清运'])

    // Keyboard: focus 下移 of the first topic and press Enter.
    await page.locator('[data-testid="topics-confirmed"] > li[data-id]').first().getByTestId('topic-down').focus()
    await page.keyboard.press('Enter')
    await expect.poll(titles).toEqual(['小区门口垃圾清运', ELEVATOR])
    const agenda = (await app.api('topic:list', { communityId, status: 'confirmed' })).map((t) => [t.title, t.order])
    expect(agenda).toEqual([
      ['小区门口垃圾清运', 1],
      [ELEVATOR, 2],
    ])
    await expectAccessible(page, '确认议题（已确认）')
    await shots('43-confirm-agenda')
    // Each step is in the audit log with who did it.
    const audit = await app.api('audit:list', { page: 1, pageSize: 50 })
    const actions = audit.items.map((e) => e.action)
    for (const a of ['demand.triage', 'topic.merge', 'topic.undoMerge', 'topic.create', 'topic.confirm', 'topic.reorder']) expect(actions).toContain(a)
    expect(JSON.stringify(audit.items)).not.toContain('13912345678')
    expect(app.errors).toEqual([])
  })
})
