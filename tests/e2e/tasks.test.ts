// Issue 11, 制定方案 and 推进落实 in real Chromium against the loopback host. A meeting held a
// month ago (the harness runs on the real clock, so an old meeting date makes deadlines that have
// already passed) with two decisions and one item without, made through the API; then through
// the screens: a task from a decision (the server's refusal of a deadline before the meeting on
// its field, the owner picked from the people directory, saved with Ctrl+Enter), a second one
// with a typed owner, the overdue badge on the nav, a progress note, another task marked done,
// 街道兜底 with its confirmation and message, the board, and the ledger exported and read back
// with exceljs. Both screens and their dialogs pass axe; screenshots at 1366×768 and 1920×1080.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Meeting } from '../../shared/domain/meeting'
import { toZonedIso } from '../../shared/domain/month'
import type { TaskView } from '../../shared/domain/task'
import { expectAccessible } from './a11y'
import { choose, field, settle } from './ui'
import { SCREENSHOT_DIR, startApp, type E2eApp } from './harness'

let app: E2eApp
let page: Page
let meeting: Meeting
let communityId = ''
const DECISIONS = ['物业于两周内清理北门僵尸车并施划限时停车线\n业委会负责监督验收', '物业联系维保单位全面检修3栋电梯', '']
const TITLES = ['小区北门车位被长期占用', '3栋电梯经常停运', '广场舞音响扰民']

/** The street's day (Asia/Shanghai, the default zone) `n` days from today. */
const day = (n: number) => toZonedIso(new Date(Date.now() + n * 86_400_000), 'Asia/Shanghai').slice(0, 10)
const input = (testid: string) => field(page, testid)
const tasks = () => app.api('task:list', {})
const byTitle = async (title: string): Promise<TaskView> => (await tasks()).find((t) => t.title === title)!



async function shots(name: string): Promise<string[]> {
  const paths: string[] = []
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height })
    await settle(page)
    const path = join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`)
    await page.screenshot({ path, fullPage: true })
    paths.push(path)
  }
  await page.setViewportSize({ width: 1366, height: 768 })
  return paths
}

async function setUpMeeting(): Promise<Meeting> {
  const api = app.api
  const c = await api('community:create', { name: '七口堰社区', households: 7220, grids: [{ name: '第一网格' }], compounds: [{ name: '丽景花园', gridIndex: 0 }] })
  communityId = c.id
  const person = (name: string, party: Parameters<typeof api<'people:save'>>[1]['party'], title?: string) =>
    api('people:save', { communityId: c.id, name, party, active: true, ...(title ? { title } : {}) })
  const people = [
    await person('王志强', 'compoundBranch', '支部书记'),
    await person('陈丽', 'ownersCommittee', '业委会主任'),
    await person('刘建国', 'propertyCompany', '项目经理'),
    await person('赵红梅', 'socialOrganization'),
    await person('黄大伟', 'residentRep'),
  ]
  const topics: string[] = []
  for (const title of TITLES) {
    const d = await api('demand:create', {
      communityId: c.id,
      channel: 'hotline',
      category: 'facilities',
      reporterName: '张桂英',
      reporterPhone: '13912345678',
      receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
      description: `${title}，请社区协调解决`,
    })
    const t = await api('topic:create', { communityId: c.id, level: 'community', title, demandIds: [d.id] })
    topics.push((await api('topic:confirm', { id: t.id, revision: t.revision })).id)
  }
  let m = await api('meeting:create', {
    communityId: c.id,
    level: 'community',
    title: '上月社区联席会议',
    startsAt: `${day(-30)}T14:30`,
    place: '七口堰社区党群服务中心二楼议事厅',
    chairId: people[0].id,
    recorderId: people[3].id,
    roster: people.map((p) => p.id),
  })
  m = await api('meeting:setAgenda', { id: m.id, revision: m.revision, items: topics.map((topicId) => ({ kind: 'topic' as const, topicId, minutes: 10 })) })
  m = await api('meeting:signIn', { id: m.id, revision: m.revision, entries: people.map((p) => ({ personId: p.id, attendance: 'present' as const })) })
  m = await api('meeting:start', { id: m.id, revision: m.revision })
  for (const [i, decision] of DECISIONS.entries()) {
    if (decision) m = await api('meeting:saveItemMinutes', { id: m.id, itemId: m.agenda[i].id, itemRevision: 0, notes: '各方发言', positions: {}, decision })
  }
  return api('meeting:end', { id: m.id, revision: m.revision })
}

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  await page.getByTestId('first-run-dialog').waitFor()
  await page.getByTestId('first-run-skip').click()
  await page.getByTestId('first-run-dialog').waitFor({ state: 'hidden' })
  meeting = await setUpMeeting()
}, 120_000)

afterAll(async () => {
  await app?.close()
})

describe('制定方案 and 推进落实', () => {
  it('制定方案: a task from a decision (deadline refused before the meeting, owner from the directory, Ctrl+Enter), another with a typed owner', async () => {
    await page.getByTestId('nav-plan').click()
    await page.getByTestId('plan-decisions').waitFor()
    expect(await page.getByTestId('plan-meeting-meta').innerText()).toContain(`会议日期 ${day(-30)} · 已结束 · 已制定任务 0 项`)
    expect(await page.getByTestId('decision-text-1').innerText()).toBe(DECISIONS[0])
    // the item without a decision says so and has no button
    expect(await page.getByTestId('decision-none-3').innerText()).toContain('请先在会议纪要中填写议定事项')
    expect(await page.getByTestId('decision-create-3').count()).toBe(0)

    await page.getByTestId('decision-create-1').click()
    const dialog = page.getByTestId('task-dialog')
    await dialog.waitFor()
    expect(await input('task-title').inputValue()).toBe('物业于两周内清理北门僵尸车并施划限时停车线')
    // the title has the focus once the dialog has opened
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('task-title')
    await choose(page, 'task-party', 'popper-task-party', '物业服务企业')
    await choose(page, 'task-owner-pick', 'popper-task-owner', '刘建国')
    expect(await input('task-owner').inputValue()).toBe('刘建国')
    expect(await page.getByTestId('task-owner-note').innerText()).toContain('已关联会议人员：刘建国（物业服务企业）')
    const deadline = input('task-field-deadline')
    await deadline.fill(day(-31))
    await deadline.press('Enter')
    await page.getByTestId('task-save').click()
    await expect.poll(() => page.getByTestId('task-field-deadline').innerText()).toContain(`完成时限不能早于会议日期（${day(-30)}）`)
    await settle(page)
    await expectAccessible(page, '新建任务对话框（字段提示）')
    await shots('tasks-dialog')

    await deadline.fill(day(-20))
    await deadline.press('Enter')
    await input('task-title').press('Control+Enter')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('decision-tasks-1').innerText()).toContain('物业于两周内清理北门僵尸车并施划限时停车线')
    const first = await byTitle('物业于两周内清理北门僵尸车并施划限时停车线')
    expect(first).toMatchObject({ party: 'propertyCompany', owner: '刘建国', deadline: day(-20), source: { meetingId: meeting.id, itemId: meeting.agenda[0].id }, topicIds: [meeting.agenda[0].topicId] })
    expect(first.ownerId).toBeTruthy()

    // decision 2: a typed owner (no directory link), a deadline ahead
    await page.getByTestId('decision-create-2').click()
    await dialog.waitFor()
    await expect.poll(() => input('task-title').inputValue()).toBe('物业联系维保单位全面检修3栋电梯')
    await choose(page, 'task-party', 'popper-task-party', '物业服务企业')
    await input('task-unit').fill('宜昌安居物业')
    await input('task-owner').fill('孙师傅')
    await deadline.fill(day(10))
    await deadline.press('Enter')
    await page.getByTestId('task-save').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('decision-tasks-2').innerText()).toContain('物业服务企业（宜昌安居物业） · 孙师傅')
    expect((await byTitle('物业联系维保单位全面检修3栋电梯')).ownerId).toBeUndefined()

    // a third from decision 1 through the API (another window): the screen follows it
    await app.api('task:create', { communityId, title: '业委会监督验收划线', party: 'ownersCommittee', owner: '陈丽', deadline: day(-10), source: { meetingId: meeting.id, itemId: meeting.agenda[0].id }, topicIds: [], demandIds: [] })
    await expect.poll(() => page.getByTestId('decision-tasks-1').innerText()).toContain('业委会监督验收划线')
    await expect.poll(() => page.getByTestId('plan-meeting-meta').innerText()).toContain('已制定任务 3 项')
    await expectAccessible(page, '制定方案')
    await shots('tasks-plan')

    // the minutes page lists each item's tasks too (as the exported 纪要's 任务分工 does)
    await page.goto(`${app.host.url}#/meet/${meeting.id}/minutes`)
    await expect.poll(() => page.getByTestId('minutes-tasks-0').innerText()).toContain('业委会监督验收划线')
    const listed = await page.getByTestId('minutes-tasks-0').innerText()
    expect(listed).toContain('物业于两周内清理北门僵尸车并施划限时停车线')
    expect(listed).toContain('刘建国')
    expect(await page.getByTestId('minutes-tasks-1').innerText()).toContain('孙师傅')
    expect(await page.getByTestId('minutes-tasks-2').count()).toBe(0)
    await settle(page)
    await expectAccessible(page, '会议纪要（任务分工）')
    await shots('tasks-minutes')
    await page.getByTestId('nav-plan').click()
    await page.getByTestId('plan-decisions').waitFor()
  })

  it('the overdue badge counts the two tasks past their deadline', async () => {
    const badge = page.getByTestId('nav-implement').getByTestId('overdue-badge')
    await expect.poll(() => badge.innerText()).toContain('2')
    expect(await badge.locator('.visually-hidden').textContent()).toBe('（2 项任务已逾期）')
  })

  it('推进落实: overdue rows marked; a note, another task done, 街道兜底 with its confirmation; the badge follows', async () => {
    await page.getByTestId('nav-implement').click()
    await page.getByTestId('task-ledger').waitFor()
    const late = await byTitle('物业于两周内清理北门僵尸车并施划限时停车线')
    const check = await byTitle('业委会监督验收划线')
    const lift = await byTitle('物业联系维保单位全面检修3栋电梯')
    await page.getByTestId(`task-row-${late.id}`).waitFor()
    expect(await page.getByTestId('task-summary').innerText()).toBe('共 3 项任务，其中已逾期 2 项')
    const row = page.locator('tr', { has: page.getByTestId(`task-row-${late.id}`) })
    expect(await row.getAttribute('class')).toContain('is-overdue')
    expect(await page.getByTestId(`task-status-${late.id}`).innerText()).toBe('逾期 20 天')

    // a progress note on the late one: it stays open (进行中), still overdue
    await page.getByTestId(`task-progress-${late.id}`).click()
    const progress = page.getByTestId('progress-dialog')
    await progress.waitFor()
    await input('progress-text').fill('已向车主发出限期挪车通知，物业开始施划停车线')
    await page.getByTestId('progress-save').click()
    await expect.poll(() => page.getByTestId('progress-timeline').innerText()).toContain('已向车主发出限期挪车通知')
    expect(await page.getByTestId('progress-timeline').innerText()).toContain('状态改为“进行中”')
    await settle(page)
    await expectAccessible(page, '任务进展对话框')
    await shots('tasks-progress')
    await page.getByTestId('progress-close').click()
    await progress.waitFor({ state: 'hidden' })

    // another one marked done
    await page.getByTestId(`task-progress-${check.id}`).click()
    await progress.waitFor()
    await expect.poll(() => page.getByTestId('progress-task-title').innerText()).toBe('业委会监督验收划线')
    await input('progress-text').fill('业委会已验收，划线完成')
    await page.getByTestId('progress-status').getByText('已完成').click()
    await page.getByTestId('progress-save').click()
    await page.locator('.el-message--success', { hasText: '任务“业委会监督验收划线”已完成' }).waitFor()
    await page.getByTestId('progress-close').click()
    await progress.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId(`task-status-${check.id}`).innerText()).toBe('已完成')
    await expect.poll(() => page.getByTestId('nav-implement').getByTestId('overdue-badge').innerText()).toContain('1')

    // 街道兜底: the reason, then the confirmation naming the topic, then the message naming it
    await page.getByTestId(`task-escalate-${lift.id}`).click()
    const escalate = page.getByTestId('escalate-dialog')
    await escalate.waitFor()
    await expect.poll(() => page.getByTestId('escalate-topic').innerText()).toContain(`关联议题“${TITLES[1]}”将提交到街道议程`)
    await page.getByTestId('escalate-save').click()
    await expect.poll(() => escalate.innerText()).toContain('请填写提交街道的原因')
    await input('escalate-reason').fill('维保单位拒不配合，电梯停运已超过一个月，需街道协调质监部门')
    await settle(page)
    await expectAccessible(page, '提交街道兜底对话框')
    await shots('tasks-escalate')
    await page.getByTestId('escalate-save').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.innerText()).toContain(`关联议题“${TITLES[1]}”将列入街道议程`)
    await page.locator('.task-escalate-confirm').click()
    await page.locator('.task-escalated-message', { hasText: `议题“${TITLES[1]}”已列入街道议程` }).waitFor()
    await escalate.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId(`task-status-${lift.id}`).innerText()).toBe('已提交街道')
    const topic = (await app.api('topic:list', { communityId })).find((t) => t.id === lift.topicIds[0])!
    expect(topic).toMatchObject({ level: 'street', status: 'proposed' })
    expect(topic.history.at(-1)).toMatchObject({ kind: 'escalate', taskId: lift.id })

    await settle(page)
    await expectAccessible(page, '推进落实·台账')
    await shots('tasks-ledger')

    await page.getByTestId('task-layout').getByText('看板').click()
    await page.getByTestId('task-board').waitFor()
    await expect.poll(() => page.getByTestId('board-overdue').innerText()).toContain('逾期 20 天')
    expect(await page.getByTestId('board-done').innerText()).toContain('业委会监督验收划线')
    expect(await page.getByTestId('board-escalated').innerText()).toContain('物业联系维保单位全面检修3栋电梯')
    await settle(page)
    await expectAccessible(page, '推进落实·看板')
    await shots('tasks-board')
    await page.getByTestId('task-layout').getByText('台账').click()
    await page.getByTestId('task-ledger').waitFor()
    // Large text at 1366: the deadline and status cells are read whole, not cut to "2026-1…"
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByTestId('large-text-toggle').click()
    await settle(page)
    const cut = await page.locator('[data-testid="task-ledger"] .day, [data-testid="task-ledger"] .task-tag').evaluateAll((els) =>
      els.filter((el) => {
        const cell = el.closest('.cell') as HTMLElement | null
        return !!cell && cell.scrollWidth > cell.clientWidth + 1
      }).length,
    )
    expect(cut).toBe(0)
    await shots('tasks-ledger-large')
    await page.getByTestId('large-text-toggle').click()
  })

  it('exports the ledger of the current filters as .xlsx, read back with exceljs', async () => {
    await choose(page, 'task-filter-party', 'popper-task-filter-party', '物业服务企业')
    await expect.poll(() => page.getByTestId('task-summary').innerText()).toBe('共 2 项任务，其中已逾期 1 项')
    const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('task-export').click()])) as [Download, void]
    expect(download.suggestedFilename()).toBe(`任务台账-${day(0)}.xlsx`)
    const bytes = await readFile((await download.path())!)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('任务台账')!
    expect((sheet.getRow(1).values as unknown[]).slice(1, 10)).toEqual(['序号', '社区', '任务内容', '责任方', '责任单位', '责任人', '完成时限', '状态', '逾期天数'])
    expect(sheet.rowCount).toBe(3)
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    expect(row(2).slice(0, 4)).toEqual([1, '七口堰社区', '物业于两周内清理北门僵尸车并施划限时停车线', '物业服务企业'])
    expect(row(2).slice(5, 9)).toEqual(['刘建国', new Date(`${day(-20)}T00:00:00Z`), '已逾期', 20])
    expect(row(2)[9]).toBe('上月社区联席会议')
    expect(row(2)[11]).toBe('已向车主发出限期挪车通知，物业开始施划停车线')
    expect(row(3).slice(2, 8)).toEqual(['物业联系维保单位全面检修3栋电梯', '物业服务企业', '宜昌安居物业', '孙师傅', new Date(`${day(10)}T00:00:00Z`), '已提交街道'])
    await page.locator('.el-message--success', { hasText: '已导出' }).waitFor()
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
