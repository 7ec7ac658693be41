import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { toLocalIso } from '../../shared/domain/month'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'
import { choose as chooseOption } from './ui'

// Step 3 setup (联席会议, issue 10 items 1–3) in real Chromium: people for all five parties and a
// 列席 added through 会议人员 (phone masked, a refused delete), a meeting created through 新建会议
// with the roster the service pre-fills from the previous meeting, sign-in with one party missing
// and its warning, an agenda built from the candidates (confirmed topics and the previous
// meeting's decision), reordered by drag and by keyboard, saved, and the start with the chair's
// confirmation to proceed. Every step is checked on the stored meeting through the API.
// Screenshots at 1366×768 and 1920×1080.

let app: E2eApp
let page: Page
let communityId = ''
const topicIds: Record<string, string> = {}

const PEOPLE = [
  { name: '王志强', party: 'compoundBranch', title: '支部书记', phone: '13812345678' },
  { name: '陈丽', party: 'ownersCommittee', title: '业委会主任' },
  { name: '刘建国', party: 'propertyCompany', title: '项目经理', unit: '宜昌安居物业' },
  { name: '赵红梅', party: 'socialOrganization', title: '志愿者队长' },
  { name: '黄大伟', party: 'residentRep', title: '楼栋长' },
  { name: '杨警官', party: 'communityPolice', title: '社区民警' },
] as const

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

async function settle(): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
}

/** Picks an option of an Element Plus select (its dropdown is teleported, found by popper class). */
/** Picks an option of a select (waits for the dropdown to stand still, opens it again if needed). */
const choose = (testid: string, popper: string, label: string) => chooseOption(page, testid, popper, label)

/** The <input> of an Element Plus field (its data-testid lands on the input or on its wrapper). */
const input = (testid: string) => page.locator(`[data-testid="${testid}"] input, input[data-testid="${testid}"]`).first()
const peopleIds = async () => new Map((await app.api('people:list', { communityId, includeInactive: true })).map((p) => [p.name, p.id]))
const stored = async (id: string) => app.api('meeting:get', { id })
const agendaTitles = () => page.locator('[data-testid="agenda-item"] [data-testid="agenda-title"]').allInnerTexts()

beforeAll(async () => {
  app = await startApp()
  page = app.page
  const c = await app.api('community:create', { name: '七口堰社区', compounds: [{ name: '丽景花园' }] })
  communityId = c.id
  // Three confirmed topics: one for the previous meeting, two for the new one.
  for (const [n, title] of [
    [1, '楼道堆物清理'],
    [2, '3栋电梯维修'],
    [3, '小区门口垃圾清运'],
  ] as const) {
    const d = await app.api('demand:create', {
      communityId,
      compoundId: c.compounds[0].id,
      channel: 'hotline',
      category: 'facilities',
      reporterName: `居民${n}`,
      receivedAt: toLocalIso(new Date(Date.now() - n * 60_000)),
      description: `${title}的问题，请尽快解决`,
    })
    const topic = await app.api('topic:create', { communityId, level: 'community', title, demandIds: [d.id] })
    await app.api('topic:confirm', { id: topic.id, revision: topic.revision })
    topicIds[title] = topic.id
  }
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  await page.getByTestId('view-collect').waitFor()
})
afterAll(async () => {
  await app?.close()
})

describe('联席会议 setup: people, meeting, sign-in, agenda, start', () => {
  it('会议人员: adds people for all five parties and a 列席, phone masked, errors named', async () => {
    await page.getByTestId('nav-people').click()
    await page.getByTestId('people-view').waitFor()
    await expect.poll(() => page.getByTestId('people-table').innerText()).toContain('该社区还没有会议人员')

    // An empty form: the contract's messages next to their fields.
    await page.getByTestId('person-add').click()
    await page.getByTestId('person-dialog').waitFor()
    await page.getByTestId('person-save').click()
    await expect.poll(() => page.getByTestId('person-dialog').innerText()).toContain('请填写姓名')
    expect(await page.getByTestId('person-dialog').innerText()).toContain('请选择所属方')
    await input('person-phone').fill('12345')
    await input('person-name').fill('王志强')
    await page.getByTestId('person-save').click()
    await expect.poll(() => page.getByTestId('person-dialog').innerText()).toMatch(/电话/)
    await expectAccessible(page, '会议人员对话框（错误）')
    await app.shot('50-people-dialog-errors')
    // what was typed is not saved: closing asks first
    await page.getByTestId('person-cancel').click()
    const discard = page.locator('.el-message-box')
    await discard.waitFor()
    expect(await discard.innerText()).toContain('已填写的内容尚未保存')
    await discard.locator('.close-discard').click()
    await page.getByTestId('person-dialog').waitFor({ state: 'hidden' })

    for (const p of PEOPLE) {
      await page.getByTestId('person-add').click()
      const dialog = page.getByTestId('person-dialog')
      await dialog.waitFor()
      await input('person-name').fill(p.name)
      await chooseOption(page, 'person-party', 'popper-person-party', { value: p.party })
      await input('person-title').fill(p.title)
      if ('unit' in p) await input('person-unit').fill(p.unit)
      if ('phone' in p) await input('person-phone').fill(p.phone)
      await page.getByTestId('person-save').click()
      await dialog.waitFor({ state: 'hidden' })
      await page.getByTestId(`person-row-${p.name}`).waitFor()
    }
    const table = await page.getByTestId('people-table').innerText()
    expect(table).toContain('138****5678')
    expect(table).not.toContain('13812345678')
    expect(table).toContain('五方 · 物业服务企业')
    expect(table).toContain('列席 · 社区民警')
    for (const party of ['compoundBranch', 'ownersCommittee', 'propertyCompany', 'socialOrganization', 'residentRep']) {
      expect(await page.locator(`[data-testid="people-coverage"] li[data-party="${party}"] .el-tag--success`).count()).toBe(1)
    }
    const list = await app.api('people:list', { communityId })
    expect(list.map((p) => p.party).sort()).toEqual(PEOPLE.map((p) => p.party).sort())
    expect(list.find((p) => p.name === '王志强')!.phone).toBe('138****5678')
    await settle()
    await expectAccessible(page, '会议人员')
    await shots('51-people')
  })

  let previousId = ''
  it('新建会议: the roster is pre-filled from the previous meeting', async () => {
    // The previous meeting (through the API): every person on it, one decision recorded, ended.
    const ids = await peopleIds()
    const prev = await app.api('meeting:create', {
      communityId,
      level: 'community',
      title: '2026年第1次五方联席会议',
      startsAt: '2026-01-10T09:00',
      place: '社区会议室',
      chairId: ids.get('王志强')!,
      recorderId: ids.get('赵红梅')!,
      roster: PEOPLE.map((p) => ids.get(p.name)!),
    })
    previousId = prev.id
    let m = await app.api('meeting:setAgenda', { id: prev.id, revision: prev.revision, items: [{ kind: 'topic', topicId: topicIds['楼道堆物清理'], minutes: 10 }] })
    m = await app.api('meeting:signIn', { id: m.id, revision: m.revision, entries: m.roster.map((r) => ({ personId: r.personId, attendance: 'present' as const })) })
    m = await app.api('meeting:start', { id: m.id, revision: m.revision })
    m = await app.api('meeting:saveItemMinutes', { id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '各方讨论', positions: {}, decision: '物业一周内清理楼道杂物' })
    await app.api('meeting:end', { id: m.id, revision: m.revision })

    await page.getByTestId('nav-meet').click()
    await page.getByTestId('meet-view').waitFor()
    await page.getByTestId(`meeting-open-${prev.id}`).waitFor()
    expect(await page.getByTestId(`meeting-status-${prev.id}`).innerText()).toBe('已结束')
    expect(await page.getByTestId('meeting-table').innerText()).toContain('2026-01-10 09:00')

    await page.getByTestId('meeting-create').click()
    const dialog = page.getByTestId('meeting-create-dialog')
    await dialog.waitFor()
    expect(await input('create-title').inputValue()).toMatch(/^\d{4}年第\d+次五方联席会议$/)
    // Nothing chosen: the fields are named.
    await input('create-place').fill('')
    await page.getByTestId('meeting-create-submit').click()
    await expect.poll(() => dialog.innerText()).toContain('请填写会议地点')
    expect(await dialog.innerText()).toContain('主持人')
    await input('create-title').fill('2026年第2次五方联席会议')
    await input('create-place').fill('七口堰社区党群服务中心二楼会议室')
    const when = input('create-field-startsAt')
    await when.fill('2026-12-03 14:30')
    await when.press('Enter')
    await choose('create-chair', 'popper-create-chair', '王志强')
    await choose('create-recorder', 'popper-create-recorder', '赵红梅')
    await settle()
    await expectAccessible(page, '新建会议对话框')
    await app.shot('52-meeting-create')
    await page.getByTestId('meeting-create-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('meeting-view').waitFor()
    await expect.poll(() => page.getByTestId('meeting-title').innerText()).toContain('2026年第2次五方联席会议')
    expect(await page.getByTestId('meeting-meta').innerText()).toContain('2026-12-03 14:30')

    const list = await app.api('meeting:list', { communityId })
    const created = list.find((x) => x.title === '2026年第2次五方联席会议')!
    expect(created.startsAt).toBe('2026-12-03T14:30:00+08:00')
    expect(created.roster.map((r) => r.personId).sort()).toEqual(prev.roster.map((r) => r.personId).sort())
    expect(created.roster.every((r) => r.attendance === 'absent')).toBe(true)
    expect(created.chairId).toBe(ids.get('王志强'))
    expect(created.recorderId).toBe(ids.get('赵红梅'))
  })

  const currentId = async () => (await app.api('meeting:list', { communityId })).find((x) => x.title === '2026年第2次五方联席会议')!.id

  it('签到: one party missing is named; without an agenda the meeting cannot start', async () => {
    const ids = await peopleIds()
    await page.getByTestId('tab-signIn').click()
    await page.getByTestId('roster-table').waitFor()
    expect(await page.getByTestId('missing-parties').innerText()).toContain('以下各方无人出席：小区党支部、业委会、物业服务企业、社会组织、居民代表')
    for (const p of PEOPLE) {
      const state = p.party === 'residentRep' ? 'leave' : 'present'
      await page.getByTestId(`attendance-${ids.get(p.name)}-${state}`).click()
      await expect.poll(() => page.getByTestId(`attendance-${ids.get(p.name)}-${state}`).locator('input').isChecked()).toBe(true)
    }
    await expect.poll(() => page.getByTestId('missing-parties').innerText()).toContain('以下各方无人出席：居民代表')
    expect(await page.getByTestId('sign-in-counts').innerText()).toBe('出席 5 人 · 请假 1 人 · 缺席 0 人')
    // No agenda yet: 开始会议 is disabled and says why.
    expect(await page.getByTestId('meeting-start').isDisabled()).toBe(true)
    expect(await page.getByTestId('start-no-agenda').innerText()).toContain('会议没有议程，不能开始')
    // The chair-mode and minutes screens are one click away (the administrator can do both).
    expect(await page.getByTestId('meeting-chair-link').innerText()).toBe('主持会议')
    expect(await page.getByTestId('meeting-minutes-link').innerText()).toBe('会议纪要')

    const m = await stored(await currentId())
    const att = new Map(m.roster.map((r) => [r.personId, r.attendance]))
    expect(att.get(ids.get('黄大伟')!)).toBe('leave')
    expect(att.get(ids.get('王志强')!)).toBe('present')
    expect(att.get(ids.get('杨警官')!)).toBe('present')
    await settle()
    await expectAccessible(page, '参会人员与签到')
    await shots('53-meeting-sign-in')
  })

  it('议程: built from the candidates, reordered by drag and by keyboard, saved with the revision', async () => {
    await page.getByTestId('tab-agenda').click()
    await page.getByTestId('agenda-editor').waitFor()
    expect(await page.getByTestId('agenda-empty').innerText()).toContain('会议没有议程，不能开始')
    const topics = page.getByTestId('candidate-topics')
    await expect.poll(() => topics.innerText()).toContain('3栋电梯维修')
    // The previous meeting's topic is on its agenda, so not offered again; its decision is.
    expect(await topics.innerText()).not.toContain('楼道堆物清理')
    expect(await page.getByTestId('candidate-carryovers').innerText()).toContain('物业一周内清理楼道杂物')

    await topics.locator('li', { hasText: '3栋电梯维修' }).getByTestId('candidate-add').click()
    await topics.locator('li', { hasText: '小区门口垃圾清运' }).getByTestId('candidate-add').click()
    await page.getByTestId('candidate-carryovers').locator('li', { hasText: '楼道堆物清理' }).getByTestId('candidate-add').click()
    expect(await agendaTitles()).toEqual(['3栋电梯维修', '小区门口垃圾清运', '上次议定事项落实情况：楼道堆物清理'])
    expect(await page.getByTestId('agenda-dirty').innerText()).toBe('议程有未保存的修改')

    // Minutes and a presenter for the first item.
    const first = page.getByTestId('agenda-item').first()
    await first.locator('[data-testid="agenda-minutes"] input, input[data-testid="agenda-minutes"]').first().fill('20')
    await first.locator('[data-testid="agenda-minutes"] input, input[data-testid="agenda-minutes"]').first().press('Tab')
    await first.getByTestId('agenda-presenter').click()
    await page.locator('.popper-agenda-presenter:visible li', { hasText: '刘建国' }).first().click()

    // Drag the follow-up (third) to the top by its handle.
    const handle = page.getByTestId('agenda-item').nth(2).getByTestId('agenda-drag')
    const target = page.getByTestId('agenda-item').first()
    const from = (await handle.boundingBox())!
    const to = (await target.boundingBox())!
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    for (let i = 1; i <= 12; i++) await page.mouse.move(from.x + from.width / 2, from.y + (to.y + 4 - from.y) * (i / 12), { steps: 2 })
    await page.mouse.up()
    await expect.poll(agendaTitles).toEqual(['上次议定事项落实情况：楼道堆物清理', '3栋电梯维修', '小区门口垃圾清运'])

    // Keyboard: Alt+↓ on the focused first row moves it down, the focus stays with it.
    await page.getByTestId('agenda-item').first().focus()
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(agendaTitles).toEqual(['3栋电梯维修', '上次议定事项落实情况：楼道堆物清理', '小区门口垃圾清运'])
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('第 2 项议程：上次议定事项落实情况：楼道堆物清理')
    expect(await page.getByTestId('agenda-announce').innerText()).toBe('“上次议定事项落实情况：楼道堆物清理”已移到第 2 项')
    // …and the 下移 button with Enter.
    await page.getByTestId('agenda-item').nth(1).getByTestId('agenda-down').focus()
    await page.keyboard.press('Enter')
    await expect.poll(agendaTitles).toEqual(['3栋电梯维修', '小区门口垃圾清运', '上次议定事项落实情况：楼道堆物清理'])
    await settle()
    await expectAccessible(page, '议程编辑')
    await shots('54-meeting-agenda')

    const id = await currentId()
    const before = await stored(id)
    await page.getByTestId('agenda-save').click()
    await page.locator('.el-message--success', { hasText: '议程已保存' }).waitFor()
    await page.getByTestId('agenda-dirty').waitFor({ state: 'detached' })
    const m = await stored(id)
    expect(m.revision).toBe(before.revision + 1)
    expect(m.status).toBe('ready')
    const ids = await peopleIds()
    expect(m.agenda.map((a) => [a.order, a.kind, a.title, a.minutes, a.presenterId ?? null])).toEqual([
      [1, 'topic', '3栋电梯维修', 20, ids.get('刘建国')],
      [2, 'topic', '小区门口垃圾清运', 15, null],
      [3, 'carryOver', '上次议定事项落实情况：楼道堆物清理', 5, null],
    ])
    expect(m.agenda[2].carryOver?.meetingId).toBe(previousId)
    // The saved topics are no longer candidates elsewhere; this agenda's tab counts them.
    expect(await page.getByTestId('tab-agenda').innerText()).toBe('议程（3）')
  })

  it('开始会议: the chair confirms proceeding without 居民代表; the decision is stored', async () => {
    await page.getByTestId('tab-signIn').click()
    await page.getByTestId('meeting-start').click()
    const box = page.locator('.meeting-start-missing')
    await box.waitFor()
    expect(await box.innerText()).toContain('以下各方无人出席：居民代表')
    expect(await box.innerText()).toContain('记录在案')
    await settle()
    await expectAccessible(page, '开始会议确认')
    await app.shot('55-meeting-start-confirm')
    await page.locator('.meeting-start-proceed').click()
    await page.locator('.el-message--success', { hasText: '会议已开始' }).waitFor()
    await expect.poll(() => page.getByTestId('meeting-status').innerText()).toBe('进行中')

    const m = await stored(await currentId())
    expect(m.status).toBe('inProgress')
    expect(m.quorum?.missingParties).toEqual(['residentRep'])
    expect(m.quorum?.proceededBy.name).toBe('测试管理员')
    expect(m.chair.currentItemId).toBe(m.agenda.find((a) => a.order === 1)!.id)
    const audit = await app.api('audit:list', { page: 1, pageSize: 50 })
    const start = audit.items.find((e) => e.action === 'meeting.start')!
    expect(JSON.stringify(start.detail)).toContain('residentRep')
  })

  it('基本信息 shows the recorded quorum decision; the place is edited with the revision', async () => {
    await page.locator('#tab-info').click()
    await page.getByTestId('meeting-info').waitFor()
    await expect.poll(() => page.getByTestId('meeting-quorum').innerText()).toContain('居民代表')
    await input('info-place').fill('七口堰社区党群服务中心一楼大厅')
    await page.getByTestId('meeting-info-save').click()
    await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
    expect((await stored(await currentId())).place).toBe('七口堰社区党群服务中心一楼大厅')
    await settle()
    await expectAccessible(page, '会议基本信息')
    await shots('56-meeting-info')
  })

  it('a person named by a meeting cannot be deleted: said before any confirmation, with where they are named, and deactivation offered', async () => {
    await page.getByTestId('nav-people').click()
    await page.getByTestId('person-remove-黄大伟').click()
    const refused = page.locator('.person-remove-refused')
    await refused.waitFor()
    // No "cannot be undone" confirmation came first: the refusal is the only box.
    expect(await page.locator('.person-remove-confirm').count()).toBe(0)
    const said = await refused.innerText()
    expect(said).toContain('黄大伟已列入会议')
    expect(said).toContain('：参会名单')
    expect(said).toContain('改为停用')
    expect(said).not.toContain('不能恢复')
    await shots('56b-person-remove-refused')
    await expectAccessible(page, '删除人员被拒')
    await page.keyboard.press('Escape')
    await refused.waitFor({ state: 'hidden' })
    expect((await peopleIds()).has('黄大伟')).toBe(true)
  })

  it('a person named nowhere: the confirmation lists what goes; cancelling keeps them', async () => {
    await app.api('people:save', { communityId, name: '孙律师', party: 'legalAdviser', phone: '13900001111', active: true })
    await page.getByTestId('nav-meet').click()
    await page.getByTestId('nav-people').click()
    await page.getByTestId('person-remove-孙律师').click()
    const box = page.locator('.el-message-box', { has: page.getByTestId('person-remove-plan') })
    await box.waitFor()
    const said = await box.innerText()
    expect(said).toContain('会议人员“孙律师”（法律顾问）的记录')
    expect(said).toContain('登记的联系电话（139****1111）')
    expect(said).toContain('删除后不能恢复')
    await shots('56c-person-remove-confirm')
    await expectAccessible(page, '删除人员确认')
    await box.getByRole('button', { name: '取消' }).click()
    await box.waitFor({ state: 'hidden' })
    expect((await peopleIds()).has('孙律师')).toBe(true)
  })

  it('an administrator deletes a meeting after a confirmation that lists what goes', async () => {
    const ids = await peopleIds()
    const spare = await app.api('meeting:create', {
      communityId,
      level: 'compound',
      title: '临时碰头会',
      startsAt: '2026-12-20T10:00',
      place: '丽景花园物业办公室',
      chairId: ids.get('王志强')!,
      recorderId: ids.get('赵红梅')!,
    })
    await page.getByTestId('nav-meet').click()
    await page.getByTestId(`meeting-remove-${spare.id}`).click()
    const plan = page.getByTestId('meeting-remove-plan')
    await plan.waitFor()
    expect(await plan.innerText()).toContain('会议“临时碰头会”（2026-12-20）')
    expect(await plan.innerText()).toContain('删除前会自动备份数据')
    await expectAccessible(page, '删除会议确认')
    await app.shot('57-meeting-remove')
    await page.locator('.meeting-remove-confirm').click()
    await page.locator('.el-message--success', { hasText: '已删除会议“临时碰头会”' }).waitFor()
    await page.getByTestId(`meeting-open-${spare.id}`).waitFor({ state: 'detached' })
    expect((await app.api('meeting:list', { communityId })).map((m) => m.title)).not.toContain('临时碰头会')
    await shots('58-meet-list')
    expect(app.errors).toEqual([])
  })
})
