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
  /** A screen outside the nav (a meeting's chair mode, minutes, projector): its route, `:meeting` the e2e meeting, `:demand` its demand. */
  path?: string
  /** The screenshot's name for a `path` screen (default: the path's last part). */
  shot?: string
}
let meetingId = ''
/** The demand recorded in the first step (效果评价's panel and 一事一档 show it). */
let demandId = ''
/** A meeting being prepared (not started): its roster, sign-in and agenda can be edited. */
let setupMeetingId = ''

const SCREENS: Screen[] = [
  { name: '收集意见', nav: 'collect', ready: 'demand-list' },
  { name: '确认议题', nav: 'confirm', ready: 'triage-queue' },
  { name: '联席会议', nav: 'meet', ready: 'meeting-table' },
  { name: '会议详情·参会人员与签到', nav: 'meet', ready: 'roster-table', path: '/meet/:setup?tab=signIn', shot: 'meeting-sign-in' },
  { name: '会议详情·议程', nav: 'meet', ready: 'agenda-list', path: '/meet/:setup?tab=agenda', shot: 'meeting-agenda' },
  { name: '会议详情·基本信息', nav: 'meet', ready: 'meeting-info', path: '/meet/:setup?tab=info', shot: 'meeting-info' },
  { name: '制定方案', nav: 'plan', ready: 'plan-decisions' },
  { name: '推进落实', nav: 'implement', ready: 'task-ledger' },
  { name: '效果评价', nav: 'evaluate', ready: 'evaluate-worklist' },
  { name: '效果评价·反馈与回访', nav: 'evaluate', ready: 'tell-form', path: '/evaluate?demand=:demand', shot: 'evaluate-panel' },
  { name: '一事一档', nav: 'evaluate', ready: 'timeline-entries', path: '/evaluate/:demand', shot: 'timeline' },
  { name: '街道看板', nav: 'overview', ready: 'ranking-table' },
  { name: '数据看板', nav: 'dashboard', ready: 'trend-table' },
  { name: '社区管理', nav: 'communities', ready: 'community-table' },
  { name: '会议人员', nav: 'people', ready: 'people-table' },
  { name: '数据与备份', nav: 'data', ready: 'backup-table' },
  { name: '数据包', nav: 'package', ready: 'package-view' },
  { name: '审计日志', nav: 'audit', ready: 'audit-table' },
  { name: '表格导入', nav: 'import', ready: 'view-import' },
  { name: '历史统计数', nav: 'history', ready: 'history-grid' },
  { name: '诉求检索', nav: 'search', ready: 'search-view' },
  { name: '街道设置', nav: 'street', ready: 'street-form' },
  { name: '主持会议', nav: 'meet', ready: 'chair-item-title', path: '/meet/:meeting/chair' },
  { name: '会议纪要', nav: 'meet', ready: 'minutes-notes-0', path: '/meet/:meeting/minutes' },
  { name: '纪要导出', nav: 'meet', ready: 'export-word', path: '/meet/:meeting/minutes?tab=export' },
  { name: '投屏', nav: 'meet', ready: 'projector-item-title', path: '/projector/:meeting' },
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

/** A started meeting of the community with a 2-item agenda (people of the five parties, one absent). */
async function runningMeeting(communityId: string): Promise<string> {
  const api = app.api
  const people = []
  for (const [name, party] of [['王志强', 'compoundBranch'], ['陈丽', 'ownersCommittee'], ['刘建国', 'propertyCompany'], ['赵红梅', 'socialOrganization'], ['黄大伟', 'residentRep']] as const) {
    people.push(await api('people:save', { communityId, name, party, active: true }))
  }
  const topics: string[] = []
  for (const title of ['北门车位被长期占用', '电梯经常停运']) {
    const d = await api('demand:create', { communityId, channel: 'hotline', category: 'parking', reporterName: '王秀兰', reporterPhone: '13912345679', receivedAt: toLocalIso(new Date(Date.now() - 120_000)), description: `${title}，请协调` })
    const t = await api('topic:create', { communityId, level: 'community', title, demandIds: [d.id] })
    topics.push((await api('topic:confirm', { id: t.id, revision: t.revision })).id)
  }
  let m = await api('meeting:create', { communityId, level: 'community', title: '无障碍检查联席会议', startsAt: toLocalIso(new Date()), place: '社区议事厅', chairId: people[0].id, recorderId: people[1].id, roster: people.map((p) => p.id) })
  m = await api('meeting:setAgenda', { id: m.id, revision: m.revision, items: topics.map((topicId) => ({ kind: 'topic' as const, topicId, minutes: 10 })) })
  m = await api('meeting:signIn', { id: m.id, revision: m.revision, entries: people.map((p, i) => ({ personId: p.id, attendance: i === 4 ? ('absent' as const) : ('present' as const) })) })
  m = await api('meeting:start', { id: m.id, revision: m.revision, proceedDespiteMissing: true })
  return m.id
}

/** A meeting in preparation of the community: the people above plus a 列席, partly signed in, an agenda of two new topics. */
async function meetingInPreparation(communityId: string): Promise<string> {
  const api = app.api
  const people = (await api('people:list', { communityId })).map((p) => p.id)
  people.push((await api('people:save', { communityId, name: '杨警官', party: 'communityPolice', title: '社区民警', phone: '13812345678', active: true })).id)
  const topics: string[] = []
  for (const title of ['楼道堆物清理', '小区门口垃圾清运']) {
    const d = await api('demand:create', { communityId, channel: 'hotline', category: 'environment', reporterName: '李秀英', receivedAt: toLocalIso(new Date(Date.now() - 120_000)), description: `${title}，请社区协调解决` })
    const t = await api('topic:create', { communityId, level: 'community', title, demandIds: [d.id] })
    topics.push((await api('topic:confirm', { id: t.id, revision: t.revision })).id)
  }
  let m = await api('meeting:create', { communityId, level: 'community', title: '2026年第4次五方联席会议', startsAt: '2026-12-03T14:30', place: '七口堰社区党群服务中心二楼会议室', chairId: people[0], recorderId: people[3], roster: people })
  m = await api('meeting:signIn', { id: m.id, revision: m.revision, entries: people.slice(0, 4).map((personId) => ({ personId, attendance: 'present' as const })) })
  m = await api('meeting:setAgenda', { id: m.id, revision: m.revision, items: topics.map((topicId) => ({ kind: 'topic' as const, topicId, minutes: 15 })) })
  return m.id
}

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
    const recorded = await app.api('demand:create', {
      communityId: qky.id,
      channel: 'hotline',
      category: 'facilities',
      reporterName: '张桂英',
      reporterPhone: '13912345678',
      receivedAt: toLocalIso(new Date(Date.now() - 60_000)),
      description,
    })
    demandId = recorded.id
    meetingId = await runningMeeting(qky.id)
    setupMeetingId = await meetingInPreparation(qky.id)
  })

  it('starts keyboard users with the skip link, which moves the focus to the main area', async () => {
    // A screen without a field that takes the focus on open (the intake form focuses its first
    // field, which is what a secretary wants): the first Tab reaches the skip link.
    // Opened afresh (a hash change alone keeps the page, and Tab goes on from where the focus was:
    // 社区, after the first-run dialog closed over 诉求登记).
    await page.goto(`${app.host.url}#/implement`)
    await page.reload()
    await page.getByTestId('task-ledger').waitFor()
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
          if (screen.path) {
            await page.goto(`${app.host.url}#${screen.path.replace(':meeting', meetingId).replace(':setup', setupMeetingId).replace(':demand', demandId)}`)
            await page.getByTestId(screen.ready).waitFor()
            await settle()
            await expectAccessible(page, `${screen.name}（${mode}）`)
            await expectNoClipping(`${screen.name}（${mode}）`)
            await app.shot(`a11y-${mode}-${screen.shot ?? screen.path.split('/').pop()!.replace(/\?.*$/, '')}`)
            // back to a screen with the nav (the projector page has none)
            await page.goto(`${app.host.url}#/collect`)
            await page.getByTestId('nav').waitFor()
            return
          }
          await page.getByTestId(`nav-${screen.nav}`).click()
          await page.getByTestId(screen.ready).waitFor()
          if (screen.nav === 'dashboard') await page.locator('[data-testid="trend-table"] tr[data-month]').first().waitFor()
          if (screen.nav === 'collect') await page.locator('[data-testid="demand-list"] .el-table__body tr').first().waitFor()
          expect(await page.getByTestId(`nav-${screen.nav}`).getAttribute('aria-current')).toBe('page')
          await settle()
          await expectAccessible(page, `${screen.name}（${mode}）`)
          await expectNoClipping(`${screen.name}（${mode}）`)
          await app.shot(`a11y-${mode}-${screen.nav}`)
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
        // The detail view comes back in place of the form: click 删除 once it has settled (a
        // click during the swap was lost on a loaded machine).
        await page.getByTestId('edit-demand-form').waitFor({ state: 'hidden' })
        await page.getByTestId('detail-delete').waitFor()
        await settle()
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
        // rows were added: Esc asks before they go
        await page.keyboard.press('Escape')
        const discard = page.locator('.el-message-box')
        await discard.waitFor()
        expect(await discard.innerText()).toContain('已填写的内容尚未保存')
        await discard.locator('.close-discard').click()
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
