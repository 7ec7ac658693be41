// Step 6 (效果评价) in real Chromium against the loopback host. Two residents' demands merged into
// one topic are set up through the API; then, through the screens: a rating before any feedback
// is refused, 反馈告知 is logged (Ctrl+Enter), the resident rates it, the demand is closed, its
// 一事一档 shows every step (and prints on A4 without the app's header and nav), and it is
// reopened with a reason. Screenshots of both screens at 1366×768 and 1920×1080.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { toLocalIso } from '../../shared/domain/month'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pdfPages } from '../helpers/pdf-text'
import { SCREENSHOT_DIR, startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'
import { confirmBox } from './ui'

let app: E2eApp
let page: Page
let communityId = ''
const ids: Record<string, string> = {}
const caseNos: Record<string, string> = {}
const CARS = '地库B区有三辆僵尸车长期占用车位'
const CARS_2 = '地库僵尸车一直没人管，车位不够用'

const row = (id: string) => page.locator(`[data-testid="worklist-row"][data-id="${id}"]`)
const demand = (id: string) => app.api('demand:get', { id })

/** Screenshots at both sizes; `scroll` puts the main area at its top or bottom first. */
async function shots(name: string, scroll?: 'top' | 'bottom'): Promise<void> {
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    if (scroll) await page.locator('#main-content').evaluate((el, to) => el.scrollTo(0, to === 'top' ? 0 : el.scrollHeight), scroll)
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    await app.shot(`${name}-${w}x${h}`)
  }
  await page.setViewportSize({ width: 1366, height: 768 })
}


beforeAll(async () => {
  app = await startApp()
  page = app.page
  // window.print opens no dialog in a test: count the calls instead
  await page.context().addInitScript(() => {
    const w = window as unknown as { __printed: number; print: () => void }
    w.__printed = 0
    w.print = () => {
      w.__printed++
    }
  })
  const c = await app.api('community:create', { name: '七口堰社区', compounds: [{ name: '丽景花园' }] })
  communityId = c.id
  const base = { communityId, compoundId: c.compounds[0].id, channel: 'hotline' as const, category: 'parking' as const }
  for (const [key, reporterName, description, hours] of [
    ['cars', '王秀兰', CARS, 48],
    ['cars2', '张建国', CARS_2, 47],
  ] as const) {
    const d = await app.api('demand:create', { ...base, reporterName, reporterPhone: '13912345678', receivedAt: toLocalIso(new Date(Date.now() - hours * 3_600_000)), description })
    const moved = await app.api('triage:decide', { id: d.id, revision: d.revision, decision: 'accepted', level: 'community', urgency: 'normal' })
    ids[key] = moved.id
    caseNos[key] = moved.caseNo!
  }
  await app.api('topic:create', { communityId, level: 'community', title: '地库僵尸车', demandIds: [ids.cars, ids.cars2] })
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  await page.getByTestId('view-collect').waitFor()
}, 120_000)

afterAll(async () => {
  await app?.close()
})

describe('效果评价: feedback, rating, closure, 一事一档, reopening', () => {
  it('lists the demands awaiting feedback with the street’s rates', async () => {
    await page.getByTestId('nav-evaluate').click()
    await page.getByTestId('evaluate-worklist').waitFor()
    await row(ids.cars).waitFor()
    expect(await page.getByTestId('worklist-row').count()).toBe(2)
    expect(await row(ids.cars).getByTestId('row-need').innerText()).toBe('待反馈')
    await expect.poll(() => page.getByTestId('rate-closeRate').innerText()).toContain('办结 0 / 受理 2')
    expect(await page.locator('[data-testid="rate-satisfactionRate"] [data-testid="rate-value"]').innerText()).toBe('—')
    await expectAccessible(page, '效果评价')
    await shots('evaluate-worklist')
  })

  it('refuses a rating before feedback, then logs feedback with Ctrl+Enter and the rating', async () => {
    await row(ids.cars).locator('button').click()
    await expect.poll(() => page.getByTestId('panel-case-no').innerText()).toBe(`诉求 ${caseNos.cars}`)
    expect(await page.getByTestId('rating-refusal').innerText()).toContain('尚未向居民反馈办理结果')
    expect(await page.getByTestId('close-rated').isDisabled()).toBe(true)
    expect(await page.getByTestId('close-refusal-rated').innerText()).toBe('尚未向居民反馈办理结果，不能办结')

    // rating anyway: refused by the service, in its words, next to the rating
    await page.getByTestId('follow-up-rating-satisfied').click()
    await page.getByTestId('follow-up-save').click()
    await expect.poll(() => page.locator('[data-testid="follow-up-form"] [data-field="rating"]').innerText()).toContain('尚未向居民反馈办理结果，请先登记反馈告知，再回访评价')
    expect((await demand(ids.cars)).followUps).toBeUndefined()

    // 反馈告知 by phone, saved from the keyboard
    const tellText = page.getByTestId('tell-text')
    await tellText.fill('已告知：三辆僵尸车已由物业联系交警拖走，车位已恢复使用')
    await page.getByTestId('tell-teller').fill('周敏')
    await tellText.focus()
    await page.keyboard.press('Control+Enter')
    await page.locator('.el-message--success', { hasText: '已登记反馈告知' }).waitFor()
    await expect.poll(() => page.getByTestId('tell-log').innerText()).toContain('周敏')
    const told = await demand(ids.cars)
    expect(told.status).toBe('notified')
    expect(told.feedback).toMatchObject([{ way: 'phone', teller: '周敏', text: '已告知：三辆僵尸车已由物业联系交警拖走，车位已恢复使用' }])
    await expect.poll(() => page.getByTestId('panel-need').innerText()).toBe('待回访')

    // the resident is satisfied
    await page.getByTestId('follow-up-way-visit').click()
    await page.getByTestId('follow-up-rating-satisfied').click()
    await page.getByTestId('follow-up-comment').fill('车位终于能用了')
    await page.getByTestId('follow-up-save').click()
    await expect.poll(() => page.getByTestId('follow-up-log').innerText()).toContain('满意')
    await expect.poll(() => page.getByTestId('close-rated').isDisabled()).toBe(false)
    expect(await page.getByTestId('close-refusal-unreachable').innerText()).toBe('已登记 0 次未联系上的回访，满 3 次后才能按“无法联系”办结')
    expect(await page.getByTestId('topic-effect').innerText()).toContain('议题“地库僵尸车”的效果评价')
    await expectAccessible(page, '效果评价·反馈与回访')
    await shots('evaluate-panel', 'top')
  })

  it('closes the demand after a confirmation; the rates follow', async () => {
    await page.getByTestId('close-rated').click()
    await confirmBox(page, 'feedback-close-confirm', `确认将诉求 ${caseNos.cars} 办结`)
    await expect.poll(() => page.getByTestId('closure').innerText()).toMatch(/办结（居民评价满意，用时 2 天）/)
    expect(await page.getByTestId('panel-status').innerText()).toBe('监督评价')
    const closed = await demand(ids.cars)
    expect(closed).toMatchObject({ status: 'evaluated', closure: { outcome: 'rated', rating: 'satisfied', days: 2 } })
    // the worklist keeps the resident of the same topic; the closed demand left it
    await expect.poll(() => page.getByTestId('worklist-row').count()).toBe(1)
    await expect.poll(() => page.locator('[data-testid="rate-closeRate"] [data-testid="rate-value"]').innerText()).toBe('50%')
    expect(await page.locator('[data-testid="rate-satisfactionRate"] [data-testid="rate-value"]').innerText()).toBe('100%')
    expect(await page.getByTestId('topic-satisfaction').innerText()).toBe('满意率 100%')
    await expectAccessible(page, '效果评价·已办结')
    await shots('evaluate-closed', 'bottom')
  })

  it('一事一档 shows every step in order and prints without the app around it', async () => {
    await page.getByTestId('open-timeline').click()
    await page.getByTestId('timeline-entries').waitFor()
    expect(page.url()).toContain(`#/evaluate/${ids.cars}`)
    expect(await page.getByTestId('timeline-heading').innerText()).toBe(`一事一档 · ${caseNos.cars}`)
    expect(await page.getByTestId('timeline-reporter').innerText()).toBe('王**')
    const kinds = await page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind))
    expect(kinds).toEqual(['received', 'recorded', 'triaged', 'topic', 'feedback', 'followUp', 'closed'])
    expect(await page.getByTestId('timeline-entry').last().innerText()).toContain('办结（居民评价满意，用时 2 天）')
    expect(await page.getByTestId('entry-link-topic').getAttribute('href')).toBe('#/confirm')
    await expectAccessible(page, '一事一档')
    await shots('evaluate-timeline')

    await page.getByTestId('timeline-print').click()
    expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1)
    // as printed: A4 page, no header, nav or buttons, every step on paper
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.shell-nav').isVisible()).toBe(false)
    expect(await page.locator('.shell-header').isVisible()).toBe(false)
    expect(await page.getByTestId('timeline-print').isVisible()).toBe(false)
    expect(await page.getByTestId('timeline-entry').last().isVisible()).toBe(true)
    await app.shot('evaluate-timeline-print')
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    // A4 portrait: 595 × 842 points
    expect(new TextDecoder('latin1').decode(pdf)).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/)
    // every page says which it is and how many there are
    const pages = pdfPages(pdf)
    pages.forEach((text, i) => expect(text.replace(/\s+/g, '')).toContain(`第${i + 1}页共${pages.length}页`))
    await writeFile(join(SCREENSHOT_DIR, 'evaluate-timeline-print.pdf'), pdf)
    await page.emulateMedia({ media: 'screen' })
  })

  it('reopens the demand with a reason after a confirmation; the first closure stays on file', async () => {
    await page.getByTestId('timeline-to-evaluate').click()
    await expect.poll(() => page.getByTestId('panel-case-no').innerText()).toBe(`诉求 ${caseNos.cars}`)
    await page.getByTestId('reopen').click()
    await expect.poll(() => page.getByTestId('reopen-form').innerText()).toContain('请填写重新打开的原因')
    expect(await page.locator('.el-message-box').count()).toBe(0)
    await page.getByTestId('reopen-reason').fill('居民反映又有一辆僵尸车停进地库')
    await page.getByTestId('reopen').click()
    await confirmBox(page, 'feedback-reopen-confirm', `确认重新打开诉求 ${caseNos.cars}`)
    await expect.poll(() => page.getByTestId('panel-status').innerText()).toBe('分类办理')
    const reopened = await demand(ids.cars)
    expect(reopened.closure).toBeUndefined()
    expect(reopened.pastClosures).toMatchObject([{ outcome: 'rated', rating: 'satisfied' }])
    expect(reopened.reopenings).toMatchObject([{ reason: '居民反映又有一辆僵尸车停进地库' }])
    // back in the worklist as a new round: the resident is told and asked again
    await expect.poll(() => row(ids.cars).getByTestId('row-need').innerText()).toBe('待反馈')
    // the other resident of the topic, one click away, has their own feedback still to do
    await page.getByTestId(`topic-other-${ids.cars2}`).click()
    await expect.poll(() => page.getByTestId('panel-case-no').innerText()).toBe(`诉求 ${caseNos.cars2}`)
    expect(await page.getByTestId('tell-empty').innerText()).toBe('尚未向居民反馈办理结果')

    await page.goto(`${app.host.url}#/evaluate/${ids.cars}`)
    await page.getByTestId('timeline-entries').waitFor()
    await expect.poll(() => page.getByTestId('timeline-entry').last().innerText()).toContain('居民反映又有一辆僵尸车停进地库')
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
