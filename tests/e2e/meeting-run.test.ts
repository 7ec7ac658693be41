// Issue 10, one whole meeting in real Chromium against the loopback host. The community's people
// (the five parties and 列席) and three confirmed topics are made through the API; the meeting is
// created with its roster, then everything else goes through the screens: sign-in with 居民代表
// absent, the agenda built from the candidates and reordered by keyboard, the start confirmed
// despite the missing party; chair mode with the projector page open in a second page (opened by
// 打开投屏) following it; the minutes of every item (one pasted from Word as HTML and stored as
// plain text), approval (the missing-decision prompt confirmed) with the SHA-256 shown, a
// correction approved at once after typing (审定 saves first) with the difference shown; the
// .docx exported and parsed back (structure, fonts, margins) and the PDF printed and read back.
// (meeting-setup.test.ts covers the people directory, 新建会议 and the drag reorder.)
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Meeting } from '../../shared/domain/meeting'
import { attr, readDocx } from '../helpers/docx-xml'
import { pdfCompactText } from '../helpers/pdf-text'
import { expectAccessible } from './a11y'
import { SCREENSHOT_DIR, startApp, type E2eApp } from './harness'

let app: E2eApp
let page: Page
let projector: Page
let meeting: Meeting
const TITLES = ['小区北门车位被长期占用', '3栋电梯经常停运', '广场舞音响扰民']
const WORD_HTML =
  '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:仿宋}</style></head><body>' +
  '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->' +
  '<p class="MsoNormal"><b><span style="font-size:16pt">业委会</span></b><span>提出在北门增设</span><i>限时停车</i><span>标志。<o:p></o:p></span></p>' +
  '<p class="MsoNormal"><span>物业表示&nbsp;一周内&nbsp;完成划线。</span><script>alert(1)</script></p></body></html>'
const WORD_TEXT = '业委会提出在北门增设限时停车标志。\n物业表示 一周内 完成划线。'

const compact = (s: string) => s.replace(/\s+/g, '')
// Chromium draws "ff", "fi", "fl" … in Latin text as one ligature glyph, which the PDF's text map
// gives as U+FB00–FB06: a hash with "ff" in it would not be found. Unfold them (only them: NFKC
// would also turn the full-width colon into ":").
const unligature = (s: string) => s.replace(/[\uFB00-\uFB06]/g, (c) => c.normalize('NFKC'))
const get = () => app.api('meeting:get', { id: meeting.id })

async function setUpMeeting(): Promise<Meeting> {
  const api = app.api
  const c = await api('community:create', { name: '七口堰社区', households: 7220, grids: [{ name: '第一网格' }], compounds: [{ name: '丽景花园', gridIndex: 0 }] })
  const person = (name: string, party: Parameters<typeof api<'people:save'>>[1]['party'], title?: string) =>
    api('people:save', { communityId: c.id, name, party, active: true, ...(title ? { title } : {}) })
  const people = {
    // the convener (社区党组织): printed first in 出席, not one of the five parties
    convener: await person('李春华', 'communityParty', '社区党委书记'),
    branch: await person('王志强', 'compoundBranch', '支部书记'),
    owners: await person('陈丽', 'ownersCommittee', '业委会主任'),
    property: await person('刘建国', 'propertyCompany', '项目经理'),
    social: await person('赵红梅', 'socialOrganization'),
    resident: await person('黄大伟', 'residentRep'),
    police: await person('杨警官', 'communityPolice'),
    recorder: await person('周敏', 'gridWorker', '网格员'),
  }
  for (const title of TITLES) {
    const d = await api('demand:create', {
      communityId: c.id,
      channel: 'hotline',
      category: 'facilities',
      reporterName: '张桂英',
      reporterPhone: '13912345678',
      receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      description: `${title}，请社区协调解决`,
    })
    const t = await api('topic:create', { communityId: c.id, level: 'community', title, demandIds: [d.id] })
    await api('topic:confirm', { id: t.id, revision: t.revision })
  }
  // the roster: everyone of the directory (新建会议 itself is in meeting-setup.test.ts)
  return api('meeting:create', {
    communityId: c.id,
    level: 'community',
    title: '十一月社区联席会议',
    startsAt: '2026-11-30T14:30:00+08:00',
    place: '七口堰社区党群服务中心二楼议事厅',
    chairId: people.branch.id,
    recorderId: people.recorder.id,
    roster: Object.values(people).map((p) => p.id),
  })
}

/** Sign-in, agenda and start through the meeting page (the chair and the secretary's clicks). */
async function setUpThroughScreens(m: Meeting): Promise<Meeting> {
  const people = await app.api('people:list', { communityId: m.communityId })
  const idOf = (name: string) => people.find((p) => p.name === name)!.id
  await page.goto(`${app.host.url}#/meet/${m.id}?tab=signIn`)
  await page.getByTestId('roster-table').waitFor()
  // everyone present but 黄大伟 (居民代表), who stays absent
  for (const p of people) {
    if (p.name === '黄大伟') continue
    await page.getByTestId(`attendance-${p.id}-present`).click()
    await expect.poll(() => page.getByTestId(`attendance-${p.id}-present`).locator('input').isChecked()).toBe(true)
  }
  await expect.poll(() => page.getByTestId('missing-parties').innerText()).toContain('以下各方无人出席：居民代表')
  // the convener (社区党组织) first in the roster, then the five parties and 列席
  await shots(page, 'meeting-sign-in-convener')

  await page.getByTestId('tab-agenda').click()
  await page.getByTestId('agenda-editor').waitFor()
  const topics = page.getByTestId('candidate-topics')
  await expect.poll(() => topics.innerText()).toContain(TITLES[2])
  // added out of order (2, 1, 3), then put right by keyboard: Alt+↑ on the second row
  for (const title of [TITLES[1], TITLES[0], TITLES[2]]) await topics.locator('li', { hasText: title }).getByTestId('candidate-add').click()
  const titles = () => page.locator('[data-testid="agenda-item"] [data-testid="agenda-title"]').allInnerTexts()
  expect(await titles()).toEqual([TITLES[1], TITLES[0], TITLES[2]])
  await page.getByTestId('agenda-item').nth(1).focus()
  await page.keyboard.press('Alt+ArrowUp')
  await expect.poll(titles).toEqual(TITLES)
  // minutes allotted and the presenter of each item
  for (const [i, minutes] of [15, 10, 5].entries()) {
    const row = page.getByTestId('agenda-item').nth(i)
    const field = row.locator('[data-testid="agenda-minutes"] input, input[data-testid="agenda-minutes"]').first()
    await field.fill(String(minutes))
    await field.press('Tab')
    await row.getByTestId('agenda-presenter').click()
    await page.locator('.popper-agenda-presenter:visible li', { hasText: '刘建国' }).first().click()
    // each row has its own dropdown: let this one close before the next row's opens
    await expect.poll(() => page.locator('.popper-agenda-presenter:visible').count()).toBe(0)
  }
  await page.getByTestId('agenda-save').click()
  await page.locator('.el-message--success', { hasText: '议程已保存' }).waitFor()

  await page.getByTestId('tab-signIn').click()
  await page.getByTestId('meeting-start').click()
  const box = page.locator('.meeting-start-missing')
  await box.waitFor()
  expect(await box.innerText()).toContain('以下各方无人出席：居民代表')
  await page.locator('.meeting-start-proceed').click()
  await expect.poll(() => page.getByTestId('meeting-status').innerText()).toBe('进行中')

  const started = await app.api('meeting:get', { id: m.id })
  expect(started.agenda.map((a) => [a.order, a.title, a.minutes, a.presenterId])).toEqual(TITLES.map((t, i) => [i + 1, t, [15, 10, 5][i], idOf('刘建国')]))
  expect(started.roster.filter((r) => r.attendance !== 'present').map((r) => r.personId)).toEqual([idOf('黄大伟')])
  expect(started.quorum?.missingParties).toEqual(['residentRep'])
  return started
  return m
}

async function shots(p: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ]) {
    await p.setViewportSize({ width, height })
    await p.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
    await p.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`), fullPage: true })
  }
  await p.setViewportSize({ width: 1366, height: 768 })
}

async function confirmBox(p: Page, expectText?: string): Promise<void> {
  const box = p.locator('.el-message-box')
  await box.waitFor()
  if (expectText) expect(await box.innerText()).toContain(expectText)
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

async function waitSaved(i: number): Promise<void> {
  await expect.poll(() => page.getByTestId(`minutes-item-${i}-state`).innerText(), { timeout: 10_000 }).toBe('已保存')
}

async function download(click: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void]
  const path = await d.path()
  return { name: d.suggestedFilename(), bytes: new Uint8Array(await readFile(path!)) }
}

async function printView(click: () => Promise<void>): Promise<{ popup: Page; pdf: Uint8Array }> {
  const [popup] = (await Promise.all([page.waitForEvent('popup'), click()])) as [Page, void]
  await popup.waitForLoadState('load')
  // the page printed itself (window.print is replaced by a recorder in this test's context)
  await expect.poll(() => popup.evaluate(() => (window as unknown as { __printed?: number }).__printed ?? 0), { timeout: 10_000 }).toBeGreaterThan(0)
  await popup.emulateMedia({ media: 'print' })
  const pdf = await popup.pdf({ preferCSSPageSize: true, printBackground: true })
  return { popup, pdf }
}

beforeAll(async () => {
  app = await startApp()
  page = app.page
  // window.print opens no dialog in a test: count the calls instead (the popup pages too).
  await page.context().addInitScript(() => {
    const w = window as unknown as { __printed: number; print: () => void }
    w.__printed = 0
    w.print = () => {
      w.__printed++
    }
  })
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(app.host.url)
  // a street office of its own: no sample street
  await page.getByTestId('first-run-dialog').waitFor()
  await page.getByTestId('first-run-skip').click()
  await page.getByTestId('first-run-dialog').waitFor({ state: 'hidden' })
  meeting = await setUpMeeting()
}, 120_000)

afterAll(async () => {
  await app?.close()
})

describe('running a joint meeting', () => {
  it('signs in with 居民代表 absent, builds the agenda from the candidates (reordered by keyboard), starts after confirming the missing party', async () => {
    meeting = await setUpThroughScreens(meeting)
  })

  it('chair mode: the current item large, its countdown, the keys listed; the projector page follows the chair', async () => {
    await page.goto(`${app.host.url}#/meet/${meeting.id}/chair`)
    await page.getByTestId('chair-view').waitFor()
    await expect.poll(() => page.getByTestId('chair-item-title').innerText()).toBe(TITLES[0])
    expect(await page.getByTestId('chair-item-no').innerText()).toBe('议程 1 / 3')
    expect(await page.getByTestId('item-countdown').innerText()).toMatch(/^1[45]:\d\d$/)
    const keys = await page.getByTestId('chair-shortcuts').innerText()
    for (const k of ['→ 下一项', '← 上一项', '空格 暂停 / 继续计时', 'S 添加发言人']) expect(keys).toContain(k)

    const [popup] = (await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-projector').click()])) as [Page, void]
    projector = popup
    projector.on('pageerror', (err) => app.errors.push(`projector: ${String(err)}`))
    await projector.setViewportSize({ width: 1366, height: 768 })
    await projector.getByTestId('projector-view').waitFor()
    expect(projector.url()).toContain(`#/projector/${meeting.id}`)
    await expect.poll(() => projector.getByTestId('projector-item-title').innerText()).toBe(TITLES[0])
    // bare: no header, no nav
    expect(await projector.locator('.shell-header, [data-testid="nav"]').count()).toBe(0)

    // → moves the chair to item 2; the projector follows through the change event
    await page.locator('.chair .heading').click()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.getByTestId('chair-item-title').innerText()).toBe(TITLES[1])
    await expect.poll(() => projector.getByTestId('projector-item-title').innerText(), { timeout: 10_000 }).toBe(TITLES[1])
    expect(await projector.getByTestId('projector-item-no').innerText()).toBe('议程 2 / 3')
    expect((await get()).chair.currentItemId).toBe((await get()).agenda[1].id)

    // the speakers queue: S focuses the picker; add two, the projector shows who speaks
    await page.keyboard.press('s')
    await page.getByTestId('speaker-pick').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '陈丽' }).click()
    await page.getByTestId('speaker-add').click()
    await page.getByTestId('speaker-pick').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '刘建国' }).click()
    await page.getByTestId('speaker-add').click()
    await expect.poll(() => page.getByTestId('speaker').count()).toBe(2)
    // Each add is its own change event: wait until the projector has followed both.
    await expect.poll(() => projector.getByTestId('projector-speaker').innerText(), { timeout: 10_000 }).toContain('下一位：刘建国')
    expect(await projector.getByTestId('projector-speaker').innerText()).toContain('陈丽')

    // Space pauses the timer (persisted), the projector shows it paused
    await page.locator('.chair .heading').click()
    await page.keyboard.press(' ')
    await expect.poll(async () => (await get()).chair.itemStartedAt).toBeNull()
    await expect.poll(() => projector.getByTestId('item-timer-state').innerText(), { timeout: 10_000 }).toContain('已暂停')
    await page.keyboard.press(' ')
    await expect.poll(async () => (await get()).chair.itemStartedAt).not.toBeNull()

    await expectAccessible(page, '主持会议')
    await expectAccessible(projector, '投屏')
    await shots(page, 'meeting-chair')
    await shots(projector, 'meeting-projector')

    // ← back to item 1 and on to item 3 through the agenda list
    await page.getByTestId('chair-prev').click()
    await expect.poll(() => projector.getByTestId('projector-item-title').innerText(), { timeout: 10_000 }).toBe(TITLES[0])
    await page.getByTestId('chair-agenda').getByRole('button', { name: TITLES[2] }).click()
    await expect.poll(() => projector.getByTestId('projector-item-title').innerText(), { timeout: 10_000 }).toBe(TITLES[2])
  })

  it('records the minutes of every item; a paste from Word is stored as plain text', async () => {
    await page.getByTestId('to-minutes').click()
    await page.getByTestId('minutes-view').waitFor()
    await page.getByTestId('minutes-notes-0').waitFor()
    // paste the clipboard as Word puts it there (HTML and plain text)
    await page.getByTestId('minutes-notes-0').focus()
    await page.getByTestId('minutes-notes-0').evaluate((el, html) => {
      const dt = new DataTransfer()
      dt.setData('text/html', html)
      dt.setData('text/plain', 'plain fallback')
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
    }, WORD_HTML)
    await expect.poll(() => page.getByTestId('minutes-notes-0').inputValue()).toBe(WORD_TEXT)
    await page.getByTestId('minutes-position-0-ownersCommittee').getByText('同意').click()
    await page.getByTestId('minutes-position-0-propertyCompany').getByText('保留').click()
    await page.getByTestId('minutes-decision-0').fill('由物业服务企业于12月15日前在北门完成限时停车划线。')
    await waitSaved(0)
    await page.getByTestId('minutes-notes-1').fill('物业说明维保单位已到场检修。')
    await page.getByTestId('minutes-decision-1').fill('物业联系维保单位全面检修，检修期间安排人员协助老人上下楼。')
    await waitSaved(1)
    await page.getByTestId('minutes-notes-2').fill('各方意见不一，暂未形成决定。')
    await waitSaved(2)
    const m = await get()
    const item0 = m.minutes.items.find((x) => x.itemId === m.agenda[0].id)!
    expect(item0.notes).toBe(WORD_TEXT)
    expect(item0.positions).toEqual({ ownersCommittee: 'agree', propertyCompany: 'reserve' })
    expect(JSON.stringify(m.minutes.items)).not.toMatch(/<|MsoNormal|alert/)
    await expectAccessible(page, '会议纪要')
    await shots(page, 'meeting-minutes')
  })

  it('approves after the end (the missing decision confirmed), shows the hash, corrects, approves again and shows the difference', async () => {
    // approval comes after the end of the meeting: end it in chair mode
    await page.getByTestId('to-chair').click()
    await page.getByTestId('chair-end').click()
    await confirmBox(page, '结束')
    await expect.poll(() => page.getByTestId('meeting-status').innerText()).toBe('已结束')
    await expect.poll(() => projector.getByTestId('projector-item-title').innerText(), { timeout: 10_000 }).toBe('会议已结束')

    await page.getByTestId('to-minutes').click()
    await page.getByTestId('minutes-approve').click()
    await confirmBox(page, `以下议程没有议定事项：“${TITLES[2]}”`)
    await page.getByTestId('minutes-sha256').waitFor()
    const v1 = await get()
    expect(v1.minutes.status).toBe('approved')
    // no 期号 typed: the community's first minutes of the year are 第1期
    expect(v1.minutes.issue).toBe('第1期')
    expect(await page.getByTestId('minutes-approved-issue').innerText()).toContain('期号：第1期')
    expect(await page.getByTestId('minutes-sha256').innerText()).toBe(v1.minutes.sha256)
    expect(v1.minutes.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(await page.getByTestId('minutes-notes-1').getAttribute('readonly')).not.toBeNull()
    await shots(page, 'meeting-minutes-approved')

    await page.getByTestId('minutes-correct').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await box.locator('input').fill('第二项议定事项的完成时间记错')
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await box.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('minutes-status').innerText()).toContain('第 2 版')
    // typed and approved at once: 审定 saves the item first, so the approved text has it
    await page.getByTestId('minutes-decision-1').fill('物业联系维保单位于12月10日前全面检修，检修期间安排人员协助老人上下楼。')
    await page.getByTestId('minutes-approve').click()
    await confirmBox(page, '没有议定事项')
    await page.getByTestId('minutes-sha256').waitFor()
    const v2 = await get()
    expect(v2.minutes).toMatchObject({ version: 2, status: 'approved', correctionOf: 1 })
    expect(v2.minutes.items.find((x) => x.itemId === v2.agenda[1].id)?.decision).toBe('物业联系维保单位于12月10日前全面检修，检修期间安排人员协助老人上下楼。')
    expect(v2.minutes.sha256).not.toBe(v1.minutes.sha256)
    await expect.poll(() => page.getByTestId('minutes-sha256').innerText()).toBe(v2.minutes.sha256)

    // both versions readable, the difference in words
    await page.getByRole('tab', { name: '版本' }).click()
    await page.getByTestId('minutes-diff').waitFor()
    await expect.poll(() => page.getByTestId('minutes-diff').innerText()).toContain('3栋电梯经常停运 · 议定事项')
    const diff = await page.getByTestId('minutes-diff').innerText()
    expect(diff).toContain('− 删除 物业联系维保单位全面检修')
    expect(diff).toContain('+ 新增 物业联系维保单位于12月10日前全面检修')
    await page.getByTestId('version-1').click()
    expect(await page.getByTestId('version-view-1').innerText()).toContain('物业联系维保单位全面检修，检修期间')
    expect(await page.getByTestId('minutes-versions').innerText()).toContain(v1.minutes.sha256!)
    await expectAccessible(page, '纪要版本')
    await shots(page, 'meeting-minutes-versions')

    // approval and correction are in the audit log, with the hashes
    const audit = (await app.api('audit:list', { page: 1, pageSize: 50 })).items.filter((e) => e.target === meeting.id)
    const actions = audit.map((e) => e.action)
    expect(actions.filter((a) => a === 'minutes.approve')).toHaveLength(2)
    expect(actions).toContain('minutes.correct')
    expect(JSON.stringify(audit)).toContain(v1.minutes.sha256!)
    expect(JSON.stringify(audit)).toContain(v2.minutes.sha256!)
  })

  it('exports the Word 纪要 (GB/T 9704: structure, fonts, margins) and the PDF of the print view', async () => {
    await page.goto(`${app.host.url}#/meet/${meeting.id}/minutes?tab=export`)
    await page.getByTestId('minutes-export').waitFor({ state: 'visible' })
    const v2 = await get()
    const word = await download(() => page.getByTestId('export-word').click())
    expect(word.name).toBe('十一月社区联席会议-纪要-第2版.docx')
    const docx = readDocx(word.bytes)
    const paras = docx.paragraphs
    expect(paras[0].text).toBe('七口堰社区联席会议纪要')
    expect(paras[0].runs[0]).toMatchObject({ pt: 22, color: 'FF0000' })
    const texts = paras.map((p) => p.text)
    TITLES.forEach((title, i) => expect(texts).toContain(`${['一', '二', '三'][i]}、${title}`))
    const h1 = paras.find((p) => p.text === `一、${TITLES[0]}`)!
    expect(h1.runs[0].eastAsia).toBe('黑体')
    const sub = paras.find((p) => p.text === '（一）讨论情况')!
    expect(sub.runs[0].eastAsia).toBe('楷体_GB2312')
    expect(texts).toContain('业委会提出在北门增设限时停车标志。')
    expect(texts).toContain('物业联系维保单位于12月10日前全面检修，检修期间安排人员协助老人上下楼。')
    expect(texts).toContain('（未形成议定事项）')
    const body = paras.find((p) => p.text === '业委会提出在北门增设限时停车标志。')!
    expect(body.runs[0]).toMatchObject({ eastAsia: '仿宋_GB2312', pt: 16 })
    const present = paras.find((p) => p.text.startsWith('出席：'))!
    expect(present.runs[0]).toMatchObject({ text: '出席：', eastAsia: '黑体' })
    expect(present.text).toContain('出席：社区党组织 李春华；小区党支部 王志强；业委会 陈丽；物业服务企业 刘建国；社会组织 赵红梅')
    expect(texts.some((t) => t.startsWith('列席：') && t.includes('社区民警 杨警官') && t.includes('网格员 周敏'))).toBe(true)
    expect(texts.join('\n')).toContain(`SHA-256：${v2.minutes.sha256}`)
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(docx.document)![0]
    expect([attr(sect, 'w:pgSz', 'w:w'), attr(sect, 'w:pgSz', 'w:h')]).toEqual(['11906', '16838'])
    expect(['top', 'bottom', 'left', 'right'].map((k) => Number(attr(sect, 'w:pgMar', `w:${k}`)))).toEqual([2098, 1984, 1587, 1474])

    const { popup, pdf } = await printView(() => page.getByTestId('export-pdf').click())
    const text = unligature(pdfCompactText(pdf))
    expect(text).toContain('七口堰社区联席会议纪要')
    TITLES.forEach((title) => expect(text).toContain(compact(title)))
    expect(text).toContain(compact('出席：社区党组织 李春华；小区党支部 王志强；业委会 陈丽'))
    expect(text).toContain(compact('物业联系维保单位于12月10日前全面检修'))
    expect(text).toContain(`SHA-256：${v2.minutes.sha256}`)
    await popup.close()
  })

  it('exports the sign-in sheet as Word and prints it', async () => {
    const word = await download(() => page.getByTestId('export-signin-word').click())
    expect(word.name).toBe('十一月社区联席会议-签到表.docx')
    const texts = readDocx(word.bytes).paragraphs.map((p) => p.text)
    expect(texts[0]).toBe('七口堰社区联席会议签到表')
    for (const name of ['李春华', '王志强', '陈丽', '刘建国', '赵红梅', '黄大伟', '杨警官', '周敏']) expect(texts).toContain(name)
    expect(texts).toContain('签名')
    const { popup, pdf } = await printView(() => page.getByTestId('export-signin-print').click())
    const text = pdfCompactText(pdf)
    expect(text).toContain('七口堰社区联席会议签到表')
    expect(text).toContain('序号姓名所属方职务签名')
    // the convener first, then the five parties
    expect(text).toContain('1李春华社区党组织社区党委书记2王志强小区党支部支部书记')
    await popup.close()
    await expectAccessible(page, '纪要导出')
    await app.shot('meeting-minutes-export')
  })

  it('ran without console errors', () => {
    expect(app.errors).toEqual([])
  })
})
