// Issue 11 end to end (一事办结): one resident's demand, in real Chromium against the loopback host,
// from the meeting's decision to a task, through a progress note, overdue (the backend's clock is
// moved on ten days) and 街道兜底, to 反馈告知, 回访 and 办结; then its 一事一档 timeline and the
// exported ledger, read back with exceljs and opened by LibreOffice headless.
// The set-up (community, people, the demand triaged into a confirmed topic, a meeting held two days
// ago with the decision in its minutes) goes through the API; everything after it through the screens.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toLocalIso, toZonedIso } from '../../shared/domain/month'
import type { TaskView } from '../../shared/domain/task'
import { expectAccessible } from './a11y'
import { choose, confirmBox, field } from './ui'
import { ADMIN_SECRET, SCREENSHOT_DIR, startApp, type E2eApp } from './harness'
import { openWithLibreOffice } from './office'

const DAY = 86_400_000
let offset = 0 // the backend runs `offset` ms ahead of the real clock
let app: E2eApp
let page: Page
let demandId = ''
let caseNo = ''
let meetingId = ''
/** The meeting's day as stored (the backend's clock moves on later in this file). */
let meetingDay = ''
const DECISION = '物业于一周内清理地库僵尸车并施划限时停车线\n业委会监督验收'
const TASK = '物业于一周内清理地库僵尸车并施划限时停车线'

/** The street's day (Asia/Shanghai) `n` days from the backend's today. */
const day = (n: number) => toZonedIso(new Date(Date.now() + offset + n * DAY), 'Asia/Shanghai').slice(0, 10)
const input = (testid: string) => field(page, testid)
const theTask = async (): Promise<TaskView> => (await app.api('task:list', {}))[0]



beforeAll(async () => {
  app = await startApp({ now: () => new Date(Date.now() + offset) })
  page = app.page
  const api = app.api
  const c = await api('community:create', { name: '七口堰社区', compounds: [{ name: '丽景花园' }] })
  const person = (name: string, party: Parameters<typeof api<'people:save'>>[1]['party']) => api('people:save', { communityId: c.id, name, party, active: true })
  const people = [
    await person('王志强', 'compoundBranch'),
    await person('陈丽', 'ownersCommittee'),
    await person('刘建国', 'propertyCompany'),
    await person('赵红梅', 'socialOrganization'),
    await person('黄大伟', 'residentRep'),
  ]
  const d = await api('demand:create', {
    communityId: c.id,
    compoundId: c.compounds[0].id,
    channel: 'hotline',
    category: 'parking',
    reporterName: '王秀兰',
    reporterPhone: '13912345678',
    receivedAt: toLocalIso(new Date(Date.now() - 5 * DAY)),
    description: '地库B区三辆僵尸车长期占用车位，请社区协调清理',
  })
  const accepted = await api('triage:decide', { id: d.id, revision: d.revision, decision: 'accepted', level: 'community', urgency: 'normal' })
  demandId = accepted.id
  caseNo = accepted.caseNo!
  const t = await api('topic:create', { communityId: c.id, level: 'community', title: '地库僵尸车占用车位', demandIds: [demandId] })
  await api('topic:confirm', { id: t.id, revision: t.revision })
  let m = await api('meeting:create', {
    communityId: c.id,
    level: 'community',
    title: '十一月社区联席会议',
    startsAt: `${day(-2)}T14:30`,
    place: '社区党群服务中心',
    chairId: people[0].id,
    recorderId: people[3].id,
    roster: people.map((p) => p.id),
  })
  m = await api('meeting:setAgenda', { id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: t.id, minutes: 15 }] })
  m = await api('meeting:signIn', { id: m.id, revision: m.revision, entries: people.map((p) => ({ personId: p.id, attendance: 'present' as const })) })
  m = await api('meeting:start', { id: m.id, revision: m.revision })
  m = await api('meeting:saveItemMinutes', { id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '物业、业委会发言', positions: { propertyCompany: 'agree' }, decision: DECISION })
  m = await api('meeting:end', { id: m.id, revision: m.revision })
  meetingId = m.id
  meetingDay = m.startsAt.slice(0, 10)
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  await page.getByTestId('view-collect').waitFor()
}, 120_000)

afterAll(async () => {
  await app?.close()
})

describe('一事办结: from the decision to the resident’s rating', () => {
  it('制定方案: the decision becomes a task with owner and deadline', async () => {
    await page.getByTestId('nav-plan').click()
    await page.getByTestId('plan-decisions').waitFor()
    await page.getByTestId('decision-create-1').click()
    await page.getByTestId('task-dialog').waitFor()
    await expect.poll(() => input('task-title').inputValue()).toBe(TASK)
    await choose(page, 'task-party', 'popper-task-party', '物业服务企业')
    await choose(page, 'task-owner-pick', 'popper-task-owner', '刘建国')
    await input('task-field-deadline').fill(day(7))
    await input('task-field-deadline').press('Enter')
    await input('task-title').press('Control+Enter')
    await page.getByTestId('task-dialog').waitFor({ state: 'hidden' })
    expect(await theTask()).toMatchObject({ title: TASK, owner: '刘建国', deadline: day(7), demandIds: [demandId], source: { meetingId }, status: 'notStarted' })
  })

  it('推进落实: a progress note; ten days on the task is overdue; 街道兜底 raises its topic to the street', async () => {
    await page.getByTestId('nav-implement').click()
    const task = await theTask()
    await page.getByTestId(`task-progress-${task.id}`).click()
    await page.getByTestId('progress-dialog').waitFor()
    await input('progress-text').fill('已向车主发出限期挪车通知')
    await page.getByTestId('progress-save').click()
    await expect.poll(() => page.getByTestId('progress-timeline').innerText()).toContain('已向车主发出限期挪车通知')
    await page.getByTestId('progress-close').click()
    await page.getByTestId('progress-dialog').waitFor({ state: 'hidden' })

    // Ten days later (the backend's clock): the sessions locked themselves while idle, so the
    // secretary unlocks; the deadline has passed and the app says so.
    offset = 10 * DAY
    await page.reload()
    await page.getByTestId('unlock-form').waitFor()
    await input('unlock-secret').fill(ADMIN_SECRET)
    await page.getByTestId('unlock-submit').click()
    await page.getByTestId('unlock-form').waitFor({ state: 'hidden' })
    await page.getByTestId('nav-implement').click()
    await page.getByTestId('task-ledger').waitFor()
    await app.api('session:unlock', { secret: ADMIN_SECRET })
    await expect.poll(() => page.getByTestId(`task-status-${task.id}`).innerText()).toBe('逾期 3 天')
    await expect.poll(() => page.getByTestId('nav-implement').getByTestId('overdue-badge').innerText()).toContain('1')

    await page.getByTestId(`task-escalate-${task.id}`).click()
    await page.getByTestId('escalate-dialog').waitFor()
    await input('escalate-reason').fill('车主拒不挪车，需街道协调交警拖移')
    await page.getByTestId('escalate-save').click()
    await page.locator('.task-escalate-confirm').click()
    await expect.poll(() => page.getByTestId(`task-status-${task.id}`).innerText()).toBe('已提交街道')
    const topic = (await app.api('topic:list', {})).find((t) => t.id === task.topicIds[0])!
    expect(topic).toMatchObject({ level: 'street', status: 'proposed' })
    await expect.poll(() => page.getByTestId('nav-implement').getByTestId('overdue-badge').count()).toBe(0)
  })

  it('效果评价: told, rated 满意 and closed', async () => {
    await page.getByTestId('nav-evaluate').click()
    await page.getByTestId('evaluate-worklist').waitFor()
    const row = page.locator(`[data-testid="worklist-row"][data-id="${demandId}"]`)
    await row.locator('button').click()
    await expect.poll(() => page.getByTestId('panel-case-no').innerText()).toBe(`诉求 ${caseNo}`)
    await page.getByTestId('tell-text').fill('已告知：交警已拖走三辆僵尸车，车位已恢复使用')
    await page.getByTestId('tell-teller').fill('周敏')
    await page.getByTestId('tell-text').focus()
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => page.getByTestId('tell-log').innerText()).toContain('周敏')
    await page.getByTestId('follow-up-way-visit').click()
    await page.getByTestId('follow-up-rating-satisfied').click()
    await page.getByTestId('follow-up-comment').fill('车位终于能用了')
    await page.getByTestId('follow-up-save').click()
    await expect.poll(() => page.getByTestId('close-rated').isDisabled()).toBe(false)
    await page.getByTestId('close-rated').click()
    await confirmBox(page, 'feedback-close-confirm', `确认将诉求 ${caseNo} 办结`)
    await expect.poll(() => page.getByTestId('panel-status').innerText()).toBe('监督评价')
    const closed = await app.api('demand:get', { id: demandId })
    expect(closed.closure).toMatchObject({ outcome: 'rated', rating: 'satisfied', days: 15 })
    const audit = await app.api('audit:list', { page: 1, pageSize: 50 })
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['task.create', 'task.progress', 'task.escalate', 'demand.close']))
  })

  it('一事一档: every step in order, linked', async () => {
    await page.getByTestId('open-timeline').click()
    await page.getByTestId('timeline-entries').waitFor()
    const kinds = await page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind))
    // Every step is there (the escalation adds a topic event and a task note) …
    expect([...kinds].sort()).toEqual(['received', 'recorded', 'triaged', 'topic', 'agenda', 'decision', 'task', 'progress', 'topic', 'progress', 'feedback', 'followUp', 'closed'].sort())
    // … in time order. (The forms' default times come from the browser's clock, ten days behind
    // the backend's here, so only steps whose times the backend sets are compared.)
    const order = ['received', 'triaged', 'decision', 'task', 'closed'].map((k) => kinds.indexOf(k))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(kinds.at(-1)).toBe('closed')
    const text = await page.getByTestId('timeline-entries').innerText()
    expect(text).toContain(`列入会议“十一月社区联席会议”议程（第 1 项，会议时间 ${meetingDay} 14:30）`)
    // the decision names its meeting (on paper there is no link to follow)
    expect(text).toContain(`议定事项（会议“十一月社区联席会议”，${meetingDay} 14:30，纪要待审定）`)
    expect(kinds.indexOf('agenda')).toBeLessThan(kinds.indexOf('decision'))
    expect(text).toContain(`制定任务：${TASK}`)
    expect(text).toContain('议题“地库僵尸车占用车位”提交街道兜底')
    expect(text).toContain('办结（居民评价满意，用时 15 天）')
    await expectAccessible(page, '一事一档')
    await app.shot('one-matter-timeline-1366x768')
  })

  it('the ledger .xlsx reads back with exceljs and opens in LibreOffice', async () => {
    await page.getByTestId('nav-implement').click()
    await page.getByTestId('task-ledger').waitFor()
    const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('task-export').click()])) as [Download, void]
    const bytes = await readFile((await download.path())!)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    const row = (wb.getWorksheet('任务台账')!.getRow(2).values as unknown[]).slice(1)
    expect(row.slice(1, 8)).toEqual(['七口堰社区', TASK, '物业服务企业', '', '刘建国', new Date(`${day(-3)}T00:00:00Z`), '已提交街道'])
    expect(row[9]).toBe('十一月社区联席会议')
    expect(row[10]).toBe(caseNo)
    const file = join(SCREENSHOT_DIR, 'one-matter-ledger.xlsx')
    await writeFile(file, bytes)
    const { pdf, output } = await openWithLibreOffice(file)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(output).not.toMatch(/error/i)
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
