import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { toLocalIso } from '../../shared/domain/month'
import { ADMIN_NAME, startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// Every screen, in normal and in large-text mode (大字模式, 适老化), at 1366×768 (the street
// offices' common laptop screen): axe-core WCAG 2 A/AA finds nothing, nothing is cut off at the
// right edge, and a screenshot of each goes to tests/e2e/screenshots/a11y-<mode>-<screen>.png.
// A new screen joins SCREENS (and its dialogs the block below).

let app: E2eApp
let page: Page
const description = `A11Y-${Date.now()} 3栋电梯经常停运，老人上下楼困难`

interface Screen {
  name: string
  nav: string
  ready: string
  /** A screen without its own nav entry (e.g. one meeting): how to open it; the nav entry is not checked. */
  open?: () => Promise<void>
}

/** The meeting made in the first step (会议详情 screens open it). */
let meetingId = ''

const SCREENS: Screen[] = [
  { name: '收集意见', nav: 'collect', ready: 'demand-list' },
  { name: '确认议题', nav: 'confirm', ready: 'triage-queue' },
  { name: '联席会议', nav: 'meet', ready: 'meeting-table' },
  {
    name: '会议详情·参会人员与签到',
    nav: 'meet',
    ready: 'roster-table',
    open: () => page.goto(`${app.host.url}#/meet/${encodeURIComponent(meetingId)}?tab=signIn`).then(() => undefined),
  },
  {
    name: '会议详情·议程',
    nav: 'meet',
    ready: 'agenda-list',
    open: () => page.goto(`${app.host.url}#/meet/${encodeURIComponent(meetingId)}?tab=agenda`).then(() => undefined),
  },
  {
    name: '会议详情·基本信息',
    nav: 'meet',
    ready: 'meeting-info',
    open: () => page.goto(`${app.host.url}#/meet/${encodeURIComponent(meetingId)}?tab=info`).then(() => undefined),
  },
  { name: '制定方案', nav: 'plan', ready: 'placeholder-plan' },
  { name: '推进落实', nav: 'implement', ready: 'placeholder-implement' },
  { name: '效果评价', nav: 'evaluate', ready: 'placeholder-evaluate' },
  { name: '数据看板', nav: 'dashboard', ready: 'trend-table' },
  { name: '社区管理', nav: 'communities', ready: 'community-table' },
  { name: '会议人员', nav: 'people', ready: 'people-table' },
  { name: '数据与备份', nav: 'data', ready: 'backup-table' },
  { name: '审计日志', nav: 'audit', ready: 'audit-table' },
  { name: '表格导入', nav: 'import', ready: 'view-import' },
  { name: '诉求检索', nav: 'search', ready: 'search-view' },
  { name: '街道设置', nav: 'street', ready: 'street-form' },
]

const MODES = [
  { mode: 'normal', large: false },
  { mode: 'large', large: true },
] as const

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await page.setViewportSize({ width: 1366, height: 768 })
})
afterAll(async () => {
  await app?.close()
})

/** Nothing wider than the window: the page does not scroll sideways, and the header fits. */
async function expectNoClipping(screen: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const out: string[] = []
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth}px > ${width}px`)
    for (const el of document.querySelectorAll<HTMLElement>('.shell-header *, .shell-nav a')) {
      const r = el.getBoundingClientRect()
      if (r.width && r.right > width + 0.5) out.push(`${el.className || el.tagName} ends at ${Math.round(r.right)}px`)
    }
    const main = document.querySelector<HTMLElement>('#main-content')
    if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main ${main.scrollWidth}px > ${main.clientWidth}px`)
    return out
  })
  expect(overflow, `${screen}: clipped`).toEqual([])
}

afterEach(async () => {
  // A failed step must not leave a dialog over the next screen.
  for (let i = 0; i < 3 && (await page.locator('.el-overlay:visible').count()) > 0; i++) {
    await page.keyboard.press('Escape')
    await page.waitForTimeout(300)
  }
})

async function settle(): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
}

describe('accessibility of every screen, normal and large text, at 1366×768', () => {
  it('first-run dialog', async () => {
    await page.goto(app.host.url)
    await page.getByTestId('first-run-dialog').waitFor()
    await expectAccessible(page, '首次启动对话框')
    await app.shot('a11y-normal-first-run')
    await page.getByTestId('sample-load').click()
    await page.getByTestId('first-run-dialog').waitFor({ state: 'hidden', timeout: 60_000 })
    const [qky] = (await app.api('community:list', {})).filter((c) => c.name === '七口堰社区')
    await app.api('demand:create', {
      communityId: qky.id,
      channel: 'hotline',
      category: 'facilities',
      reporterName: '张桂英',
      reporterPhone: '13912345678',
      receivedAt: toLocalIso(new Date(Date.now() - 60_000)),
      description,
    })
    // People of the five parties and a meeting with an agenda (会议人员, 会议详情).
    const people: string[] = []
    for (const [name, party] of [
      ['王志强', 'compoundBranch'],
      ['陈丽', 'ownersCommittee'],
      ['刘建国', 'propertyCompany'],
      ['赵红梅', 'socialOrganization'],
      ['黄大伟', 'residentRep'],
      ['杨警官', 'communityPolice'],
    ] as const) {
      people.push((await app.api('people:save', { communityId: qky.id, name, party, title: '成员', phone: '13812345678', active: true })).id)
    }
    const meeting = await app.api('meeting:create', {
      communityId: qky.id,
      level: 'community',
      title: '2026年第4次五方联席会议',
      startsAt: '2026-12-03T14:30',
      place: '七口堰社区党群服务中心二楼会议室',
      chairId: people[0],
      recorderId: people[3],
    })
    const signed = await app.api('meeting:signIn', {
      id: meeting.id,
      revision: meeting.revision,
      entries: people.slice(0, 4).map((personId) => ({ personId, attendance: 'present' as const })),
    })
    for (const title of ['楼道堆物清理', '小区门口垃圾清运']) {
      const d = await app.api('demand:create', {
        communityId: qky.id,
        channel: 'hotline',
        category: 'facilities',
        reporterName: '李秀英',
        receivedAt: toLocalIso(new Date(Date.now() - 120_000)),
        description: `A11Y ${title}，请社区协调解决`,
      })
      const topic = await app.api('topic:create', { communityId: qky.id, level: 'community', title, demandIds: [d.id] })
      await app.api('topic:confirm', { id: topic.id, revision: topic.revision })
    }
    const carry = await app.api('meeting:agendaCandidates', { communityId: qky.id, meetingId: meeting.id })
    const topics = carry.topics.slice(0, 2).map((c) => ({ kind: 'topic' as const, topicId: c.topicId, minutes: 15 }))
    meetingId = meeting.id
    if (topics.length) await app.api('meeting:setAgenda', { id: meeting.id, revision: signed.revision, items: topics })
  })

  it('starts keyboard users with the skip link, which moves the focus to the main area', async () => {
    // A screen without a field that takes the focus on open (the intake form focuses its first
    // field, which is what a secretary wants): the first Tab reaches the skip link.
    await page.goto(`${app.host.url}#/meet`)
    await page.getByTestId('meet-view').waitFor()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('skip-link')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('跳到主要内容')
    await app.shot('a11y-normal-skip-link')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content')
    // The next Tab lands inside the main area, past the header and the nav.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => !!document.activeElement?.closest('#main-content'))).toBe(true)
    // The focus is visible: a 3 px outline on the focused control.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineWidth)
    const boxShadow = await page.evaluate(() => {
      const el = document.activeElement as Element
      return getComputedStyle(el.closest('.el-input__wrapper, .el-select__wrapper, .el-textarea') ?? el).boxShadow
    })
    expect(outline === '3px' || /inset/.test(boxShadow)).toBe(true)
  })

  it('opens the shortcut help with F1, "?" and the header button, but not "?" typed in a field', async () => {
    const help = page.getByTestId('shortcut-help')
    await page.getByTestId('nav-collect').click()
    await page.getByTestId('demand-form').waitFor()
    const quiet = page.locator('.shell-header .name')
    await quiet.click()
    await page.keyboard.press('F1')
    await help.waitFor()
    await expectAccessible(page, '快捷键帮助')
    expect(await help.innerText()).toContain('跳到主要内容')
    await app.shot('a11y-normal-help')
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden' })

    const field = page.locator('[data-testid="input-description"] textarea, textarea[data-testid="input-description"]').first()
    await field.focus()
    await page.keyboard.type('?')
    await settle()
    expect(await help.isVisible()).toBe(false)
    expect(await field.inputValue()).toBe('?')
    await field.fill('')

    await quiet.click()
    await page.keyboard.press('Shift+Slash')
    await help.waitFor()
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden' })
    await page.getByTestId('help-button').click()
    await help.waitFor()
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden' })
  })

  for (const { mode, large } of MODES) {
    describe(`${mode} mode`, () => {
      it(large ? 'turns large text on from the header (aria-pressed)' : 'starts in normal text', async () => {
        const toggle = page.getByTestId('large-text-toggle')
        if (large) {
          await toggle.click()
          await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true')
        }
        expect(await toggle.getAttribute('aria-pressed')).toBe(String(large))
        const base = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--el-font-size-base').trim())
        expect(base).toBe(large ? '18px' : '14px')
      })

      for (const screen of SCREENS) {
        it(`${screen.name} has no WCAG 2 A/AA violation and is not clipped`, async () => {
          if (screen.open) await screen.open()
          else await page.getByTestId(`nav-${screen.nav}`).click()
          await page.getByTestId(screen.ready).waitFor()
          if (screen.nav === 'dashboard') await page.locator('[data-testid="trend-table"] tr[data-month]').first().waitFor()
          if (screen.nav === 'collect') await page.locator('[data-testid="demand-list"] .el-table__body tr').first().waitFor()
          if (!screen.open) expect(await page.getByTestId(`nav-${screen.nav}`).getAttribute('aria-current')).toBe('page')
          await settle()
          await expectAccessible(page, `${screen.name}（${mode}）`)
          await expectNoClipping(`${screen.name}（${mode}）`)
          await app.shot(`a11y-${mode}-${screen.open ? screen.ready : screen.nav}`)
        })
      }

      it('the chart has a text alternative naming its figures', async () => {
        await page.getByTestId('nav-dashboard').click()
        await page.locator('[data-testid="trend-chart"] canvas').first().waitFor()
        // ECharts' aria component labels the chart's own container element.
        const label = await page.getByTestId('trend-chart').evaluate((el) =>
          (el.getAttribute('aria-label') ? el : el.querySelector('[aria-label]'))?.getAttribute('aria-label') ?? '',
        )
        expect(label).toMatch(/七口堰社区.*合计 \d+ 件/)
      })

      it('the detail drawer and the delete-reason prompt', async () => {
        await page.getByTestId('nav-collect').click()
        const row = page.locator('[data-testid="demand-list"] .el-table__body tr', { hasText: description.slice(0, 16) })
        await row.first().click()
        const drawer = page.getByTestId('demand-detail')
        await drawer.waitFor()
        await settle()
        await expectAccessible(page, `诉求详情抽屉（${mode}）`)
        await app.shot(`a11y-${mode}-detail`)
        // The edit form in the same drawer (修改).
        await page.getByTestId('detail-edit').click()
        await page.getByTestId('edit-demand-form').waitFor()
        await settle()
        await expectAccessible(page, `修改诉求抽屉（${mode}）`)
        await app.shot(`a11y-${mode}-detail-edit`)
        await page.getByTestId('edit-demand-cancel').click()
        await page.getByTestId('detail-delete').waitFor()
        await page.getByTestId('detail-delete').click()
        const box = page.locator('.el-message-box')
        await box.waitFor()
        await settle()
        await expectAccessible(page, `删除原因对话框（${mode}）`)
        await app.shot(`a11y-${mode}-delete-reason`)
        await page.keyboard.press('Escape')
        await box.waitFor({ state: 'hidden' })
        await page.keyboard.press('Escape')
        await drawer.waitFor({ state: 'hidden' })
      })

      it('the community dialog', async () => {
        await page.getByTestId('nav-communities').click()
        await page.getByTestId('community-add').click()
        const dialog = page.getByTestId('community-dialog')
        await dialog.waitFor()
        await page.getByTestId('grid-add').click()
        await page.getByTestId('compound-add').click()
        await settle()
        await expectAccessible(page, `社区对话框（${mode}）`)
        await app.shot(`a11y-${mode}-community-dialog`)
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'hidden' })
      })
    })
  }

  it('remembers large text across a reload', async () => {
    await page.reload()
    await page.getByTestId('nav').waitFor()
    expect(await page.evaluate(() => document.documentElement.classList.contains('large-text'))).toBe(true)
    expect(await page.getByTestId('large-text-toggle').getAttribute('aria-pressed')).toBe('true')
    await page.getByTestId('large-text-toggle').click()
    // Remembered for the signed-in operator (the harness's administrator).
    expect(await page.evaluate((name) => localStorage.getItem(`yishi.largeText:${name}`), ADMIN_NAME)).toBe('0')
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
