// 会议纪要 against the real backend, mounted in a router-view (the leave guard is the router's):
// the revision-conflict panel (both texts, keep mine / take theirs, saved on the newest revision),
// approval and export saving every item first and refusing while one is unsaved, the route-leave
// guard (saves, asks when that failed, the text comes back with the page and 结束会议 names it),
// closing the window, another window's approval over unsaved text, and an older read never
// replacing a newer one (editor and meeting store).
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import { agendaInOrder, type ItemMinutes, type Meeting } from '../../shared/domain/meeting'
import ItemMinutesEditor from '../../renderer/src/components/minutes/ItemMinutesEditor.vue'
import { ApiError, setClient } from '../../renderer/src/api'
import { applyDocumentLocale } from '../../renderer/src/i18n'
import { useMeetingStore } from '../../renderer/src/stores/meeting'
import { useMinutesStore } from '../../renderer/src/stores/minutes'
import { createRealBackend, type RealBackend } from './helpers/real-client'
import { seedMeeting, TOPICS } from './helpers/minutes-seed'
import { mountApp } from './helpers/mount'

const mounted: Array<{ unmount: () => void }> = []
afterEach(() => {
  // unmounted (their window listeners go) before the client goes
  for (const w of mounted.splice(0)) w.unmount()
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const text = (sel: string) => q(sel)?.textContent?.trim() ?? ''
const value = (testid: string) => q<HTMLTextAreaElement>(`[data-testid="${testid}"]`)?.value

function type(testid: string, v: string): void {
  const el = q<HTMLTextAreaElement>(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no textarea ${testid}`)
  el.value = v
  el.dispatchEvent(new Event('input'))
}

async function click(sel: string): Promise<void> {
  const el = q(sel)
  if (!el) throw new Error(`nothing at ${sel}`)
  el.click()
  await settle()
}

/** The app's router-view on the minutes page, editable (the session read). */
async function openMinutes(backend: RealBackend, m: Meeting) {
  setClient(backend.client)
  const app = await mountApp(RouterView, { path: `/meet/${m.id}/minutes` })
  mounted.push(app.wrapper)
  await until(() => expect(q('[data-testid="minutes-item-1-state"]')).not.toBeNull())
  return app
}

const otherSave = (backend: RealBackend, m: Meeting, itemId: string, itemRevision: number, notes: string) =>
  backend.call('meeting:saveItemMinutes', { id: m.id, itemId, itemRevision, notes, decision: '', positions: {} })
const savedItem = async (backend: RealBackend, m: Meeting, itemId: string) =>
  (await backend.call('meeting:get', { id: m.id })).minutes.items.find((x) => x.itemId === itemId)
const saves = (backend: RealBackend) => backend.client['meeting:saveItemMinutes']
const messages = () => [...document.querySelectorAll('.el-message')].map((e) => e.textContent ?? '').join('\n')

/** Saves fail (the disk refused) while `failing.on`; the real backend otherwise. */
function failingSaves(backend: RealBackend): { on: boolean } {
  const failing = { on: true }
  const real = saves(backend).getMockImplementation()!
  saves(backend).mockImplementation((input) => (failing.on ? Promise.reject(new ApiError('WRITE_FAILED', '磁盘已满，没有保存')) : real(input)))
  return failing
}

describe('ItemMinutesEditor: the revision conflict', () => {
  it('shows both texts; keeping mine saves on the newest revision, taking theirs drops mine and goes on from theirs', async () => {
    const backend = await createRealBackend()
    const m = await seedMeeting(backend)
    const [a0, a1] = agendaInOrder(m.agenda)
    await openMinutes(backend, m)

    // another window saves the item before this one's save goes out
    type('minutes-notes-0', '业委会同意限时停车')
    await otherSave(backend, m, a0.id, 0, '物业提出先调研')
    await until(() => expect(q('[data-testid="minutes-item-0-conflict"]')).not.toBeNull())
    const panel = '[data-testid="minutes-item-0-conflict"]'
    expect(text(panel)).toContain('该议程的纪要已被他人修改')
    expect(text(`${panel} .conflict-grid > div:first-child pre`)).toBe('业委会同意限时停车')
    expect(text(`${panel} [data-testid="conflict-theirs"]`)).toBe('物业提出先调研')
    expect(text(panel)).toContain(`最新保存的内容（${backend.admin.name}`)
    // the local text stays in the field; nothing is saved over the other one meanwhile
    expect(value('minutes-notes-0')).toBe('业委会同意限时停车')
    expect(text('[data-testid="minutes-item-0-state"]')).toBe('未保存')
    expect((await savedItem(backend, m, a0.id))?.notes).toBe('物业提出先调研')

    // a further save over there while the panel is open: "theirs" is the newest one
    await otherSave(backend, m, a0.id, 1, '物业提出先调研，一周内答复')
    await until(() => expect(text(`${panel} [data-testid="conflict-theirs"]`)).toBe('物业提出先调研，一周内答复'))
    const before = saves(backend).mock.calls.length
    await click(`${panel} [data-testid="conflict-keep-mine"]`)
    await until(() => expect(text('[data-testid="minutes-item-0-state"]')).toBe('已保存'))
    expect(saves(backend).mock.calls.slice(before).map(([i]) => [i.itemId, i.itemRevision, i.notes])).toEqual([[a0.id, 2, '业委会同意限时停车']])
    expect(q(panel)).toBeNull()
    expect(await savedItem(backend, m, a0.id)).toMatchObject({ notes: '业委会同意限时停车', revision: 3 })

    // item 2: take theirs
    type('minutes-notes-1', '我的记录')
    await otherSave(backend, m, a1.id, 0, '他人的记录')
    await until(() => expect(q('[data-testid="minutes-item-1-conflict"]')).not.toBeNull())
    const calls = saves(backend).mock.calls.length
    await click('[data-testid="minutes-item-1-conflict"] [data-testid="conflict-take-theirs"]')
    expect(value('minutes-notes-1')).toBe('他人的记录')
    expect(text('[data-testid="minutes-item-1-state"]')).toBe('已保存')
    expect(q('[data-testid="minutes-item-1-conflict"]')).toBeNull()
    expect(saves(backend).mock.calls.length).toBe(calls)
    // what is typed next goes out on their revision
    type('minutes-notes-1', '他人的记录。补充：维保单位下周到场')
    await until(() => expect(saves(backend)).toHaveBeenCalledTimes(calls + 1))
    await until(() => expect(text('[data-testid="minutes-item-1-state"]')).toBe('已保存'))
    expect(saves(backend).mock.calls.slice(calls).map(([i]) => [i.itemRevision, i.notes])).toEqual([[1, '他人的记录。补充：维保单位下周到场']])
    expect(useMinutesStore().unsavedOf(m.id)).toEqual([])
  })

  it('never takes an older read of its item than the one it shows', async () => {
    const backend = await createRealBackend()
    setClient(backend.client)
    const item = { id: 'a1', kind: 'topic' as const, topicId: 't1', title: '北门车位', minutes: 10, order: 1 }
    const at = (revision: number, notes: string): ItemMinutes => ({ itemId: 'a1', notes, decision: '', positions: {}, revision, updatedAt: '2026-12-03T15:00:00+08:00', updatedBy: '甲' })
    const { wrapper } = await mountApp(ItemMinutesEditor, { props: { meetingId: 'm1', item, index: 0, saved: at(3, '第三稿'), readonly: false } })
    await wrapper.setProps({ saved: at(2, '第二稿') })
    await settle()
    expect(value('minutes-notes-0')).toBe('第三稿')
    await wrapper.setProps({ saved: at(4, '第四稿') })
    await settle()
    expect(value('minutes-notes-0')).toBe('第四稿')
    wrapper.unmount()
  })
})

describe('MinutesView: nothing typed is lost', () => {
  it('approval saves every item first (the decisions as saved), and is refused while an item is in conflict', async () => {
    const backend = await createRealBackend()
    const m = await seedMeeting(backend, { stage: 'ended' })
    const [a0, a1] = agendaInOrder(m.agenda)
    await openMinutes(backend, m)
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)

    // a conflict on item 2: approval names it and stops
    type('minutes-notes-1', '电梯已报修')
    await otherSave(backend, m, a1.id, 0, '电梯维保单位已到场')
    await until(() => expect(q('[data-testid="minutes-item-1-conflict"]')).not.toBeNull())
    await click('[data-testid="minutes-approve"]')
    await until(() => expect(messages()).toContain(`以下议程的纪要还没有保存：“${TOPICS[1]}”。请先处理`))
    expect(confirm).not.toHaveBeenCalled()
    expect(backend.client['meeting:approve']).not.toHaveBeenCalled()
    await click('[data-testid="minutes-item-1-conflict"] [data-testid="conflict-take-theirs"]')

    // typed and approved at once: saved first, so the decision counts
    type('minutes-notes-0', '各方同意限时停车')
    type('minutes-decision-0', '物业于12月15日前完成划线')
    type('minutes-issue', ' 第5期 ')
    await click('[data-testid="minutes-approve"]')
    await until(() => expect(backend.client['meeting:approve']).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:approve']).toHaveBeenCalledWith(expect.objectContaining({ issue: '第5期', confirmMissingDecisions: true }))
    const save = saves(backend).mock.calls.findIndex(([i]) => i.itemId === a0.id)
    expect(saves(backend).mock.invocationCallOrder[save]).toBeLessThan(backend.client['meeting:approve'].mock.invocationCallOrder[0])
    // item 1's decision was saved before the question: only item 2 lacks one
    expect(String(confirm.mock.calls[0][0])).toBe(`以下议程没有议定事项：“${TOPICS[1]}”。确认这些议程没有议定事项，仍要审定吗？`)
    await until(() => expect(q('[data-testid="minutes-sha256"]')).not.toBeNull())
    const approved = await backend.call('meeting:get', { id: m.id })
    expect(approved.minutes.status).toBe('approved')
    expect(approved.minutes.items.find((x) => x.itemId === a0.id)).toMatchObject({ notes: '各方同意限时停车', decision: '物业于12月15日前完成划线' })
    // the 期号 typed beside 审定 is the one approved, shown once the minutes are locked
    expect(approved.minutes.issue).toBe('第5期')
    await until(() => expect(q('[data-testid="minutes-approved-issue"]')?.textContent).toContain('期号：第5期'))
    expect(q('[data-testid="minutes-issue"]')).toBeNull()
  })

  it('export saves first and is refused while a save failed; the 签到表 is not held up', async () => {
    const backend = await createRealBackend()
    const m = await seedMeeting(backend)
    const [a0] = agendaInOrder(m.agenda)
    await openMinutes(backend, m)
    // downloads go nowhere in happy-dom (it would navigate the window to the file): their names
    const downloads: string[] = []
    const onDownload = (e: Event) => {
      const a = e.target as HTMLAnchorElement
      if (a.tagName === 'A' && a.hasAttribute('download')) {
        downloads.push(a.download)
        e.preventDefault()
      }
    }
    document.addEventListener('click', onDownload, true)
    onTestFinished(() => document.removeEventListener('click', onDownload, true))
    const exports = backend.client['meeting:export']

    const failing = failingSaves(backend)
    type('minutes-notes-0', '各方同意限时停车')
    await click('[data-testid="export-word"]')
    await until(() => expect(messages()).toContain(`以下议程的纪要还没有保存：“${TOPICS[0]}”。请先处理`))
    expect(text('[data-testid="minutes-item-0-state"]')).toBe('保存失败：磁盘已满，没有保存')
    expect(exports).not.toHaveBeenCalled()
    await click('[data-testid="export-signin-word"]')
    await until(() => expect(exports).toHaveBeenCalledTimes(1))
    expect(exports.mock.calls[0][0]).toMatchObject({ document: 'signIn' })

    await until(() => expect(downloads).toEqual(['十二月联席会议-签到表.docx']))

    failing.on = false
    await click('[data-testid="export-word"]')
    await until(() => expect(exports).toHaveBeenCalledTimes(2))
    expect(exports.mock.calls[1][0]).toMatchObject({ document: 'minutes', format: 'docx' })
    const save = saves(backend).mock.calls.length - 1
    expect(saves(backend).mock.invocationCallOrder[save]).toBeLessThan(exports.mock.invocationCallOrder[1])
    expect((await savedItem(backend, m, a0.id))?.notes).toBe('各方同意限时停车')
    await until(() => expect(downloads).toEqual(['十二月联席会议-签到表.docx', '十二月联席会议-纪要-第1版草稿.docx']))
  })

  it('leaving saves first; when that fails it asks, keeps the text for the page’s return, and 结束会议 names it', async () => {
    const backend = await createRealBackend()
    const m = await seedMeeting(backend)
    const [a0] = agendaInOrder(m.agenda)
    const { router } = await openMinutes(backend, m)
    const confirm = vi.spyOn(ElMessageBox, 'confirm')

    // typed and left at once: the guard saves before the page goes
    type('minutes-notes-0', '各方同意限时停车')
    await router.push('/meet')
    expect(router.currentRoute.value.path).toBe('/meet')
    expect((await savedItem(backend, m, a0.id))?.notes).toBe('各方同意限时停车')
    expect(confirm).not.toHaveBeenCalled()

    // the save fails: asked; 取消 stays on the page
    await router.push(`/meet/${m.id}/minutes`)
    await until(() => expect(value('minutes-notes-0')).toBe('各方同意限时停车'))
    await until(() => expect(q('[data-testid="minutes-item-0-state"]')).not.toBeNull())
    const failing = failingSaves(backend)
    type('minutes-notes-0', '各方同意限时停车，物业负责划线')
    confirm.mockRejectedValueOnce('cancel')
    await router.push(`/meet/${m.id}/chair`)
    expect(String(confirm.mock.calls[0][0])).toBe(`以下议程的纪要没有保存成功：“${TOPICS[0]}”。离开后内容暂存在本窗口，回到纪要页面时重新显示；关闭窗口则会丢失。仍要离开吗？`)
    expect(router.currentRoute.value.path).toBe(`/meet/${m.id}/minutes`)
    expect(value('minutes-notes-0')).toBe('各方同意限时停车，物业负责划线')

    // 仍要离开: to chair mode, where 结束会议 names the unsaved item
    confirm.mockResolvedValueOnce('confirm' as never)
    await router.push(`/meet/${m.id}/chair`)
    await until(() => expect(q('[data-testid="chair-end"]')).not.toBeNull())
    expect(useMinutesStore().unsavedOf(m.id).map((d) => d.notes)).toEqual(['各方同意限时停车，物业负责划线'])
    confirm.mockRejectedValueOnce('cancel')
    await click('[data-testid="chair-end"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(3))
    expect(String(confirm.mock.calls[2][0])).toContain(`注意：以下议程的纪要还没有保存：“${TOPICS[0]}”`)
    expect(backend.client['meeting:end']).not.toHaveBeenCalled()

    // back on the minutes page the text is there again and saved (on the revision it was typed on)
    failing.on = false
    await router.push(`/meet/${m.id}/minutes`)
    await until(() => expect(value('minutes-notes-0')).toBe('各方同意限时停车，物业负责划线'))
    await until(() => expect(text('[data-testid="minutes-item-0-state"]')).toBe('已保存'))
    expect(await savedItem(backend, m, a0.id)).toMatchObject({ notes: '各方同意限时停车，物业负责划线', revision: 2 })
    expect(useMinutesStore().unsavedOf(m.id)).toEqual([])
  })

  it('closing the window starts the save and asks only while something is unsaved', async () => {
    const backend = await createRealBackend()
    const m = await seedMeeting(backend)
    const [a0] = agendaInOrder(m.agenda)
    await openMinutes(backend, m)
    const unload = () => {
      const e = new Event('beforeunload', { cancelable: true }) as BeforeUnloadEvent
      window.dispatchEvent(e)
      return e
    }
    expect(unload().defaultPrevented).toBe(false)

    type('minutes-notes-0', '各方同意限时停车')
    const e = unload()
    // the save went out at once, not after the typing pause
    expect(saves(backend)).toHaveBeenCalledTimes(1)
    expect(e.defaultPrevented).toBe(true)
    expect(e.returnValue).toBe('纪要还没有保存，关闭后会丢失')
    await settle()
    await until(() => expect(text('[data-testid="minutes-item-0-state"]')).toBe('已保存'))
    expect((await savedItem(backend, m, a0.id))?.notes).toBe('各方同意限时停车')
    expect(unload().defaultPrevented).toBe(false)
  })

  it('another window approves over unsaved text: the text stays with a warning, and a correction saves it', async () => {
    const backend = await createRealBackend()
    let m = await seedMeeting(backend, { stage: 'ended' })
    const [a0] = agendaInOrder(m.agenda)
    await openMinutes(backend, m)

    type('minutes-notes-0', '业委会补充：夜间禁停')
    m = await backend.call('meeting:get', { id: m.id })
    await backend.call('meeting:approve', { id: m.id, revision: m.revision, confirmMissingDecisions: true })
    await until(() => expect(q('[data-testid="minutes-approved"]')).not.toBeNull())
    await until(() => expect(text('[data-testid="minutes-item-0-locked"]')).toContain('纪要已在其他窗口审定，本议程未保存的内容没有存入'))
    expect(value('minutes-notes-0')).toBe('业委会补充：夜间禁停')
    expect(q('[data-testid="minutes-notes-0"]')!.hasAttribute('readonly')).toBe(true)
    await new Promise((r) => setTimeout(r, 800))
    expect(saves(backend)).not.toHaveBeenCalled()
    expect(q('[data-testid="minutes-item-1-locked"]')).toBeNull()

    // 更正 opens version 2: the text comes back editable and is saved there
    vi.spyOn(ElMessageBox, 'prompt').mockResolvedValue({ value: '补记业委会意见', action: 'confirm' } as never)
    await click('[data-testid="minutes-correct"]')
    await until(() => expect(text('[data-testid="minutes-status"]')).toContain('第 2 版'))
    await until(() => expect(text('[data-testid="minutes-item-0-state"]')).toBe('已保存'))
    expect(value('minutes-notes-0')).toBe('业委会补充：夜间禁停')
    const v2 = await backend.call('meeting:get', { id: m.id })
    expect(v2.minutes.version).toBe(2)
    expect(v2.minutes.items.find((x) => x.itemId === a0.id)?.notes).toBe('业委会补充：夜间禁停')
  })
})

describe('meeting store: never back to an older read', () => {
  it('keep and open hold on to the newest revision unless the read follows a conflict', async () => {
    const backend = await createRealBackend()
    const m = await seedMeeting(backend)
    setClient(backend.client)
    setActivePinia(createPinia())
    const meetings = useMeetingStore()
    const old = (await meetings.open(m.id))!
    const newer = await backend.call('meeting:chair', { id: m.id, revision: old.revision, action: 'timerPause' })
    expect(meetings.keep(newer)).toBe(newer)
    expect(meetings.current?.revision).toBe(newer.revision)
    // a late write result
    meetings.keep(old)
    expect(meetings.current?.revision).toBe(newer.revision)
    // a late read (an event's reload answered after the write)
    backend.client['meeting:get'].mockResolvedValueOnce(old)
    expect((await meetings.open(m.id))?.revision).toBe(newer.revision)
    expect(meetings.current?.chair.itemStartedAt).toBeNull()
    // the read after a CONFLICT is the backend's word (a restored backup can be older)
    backend.client['meeting:get'].mockResolvedValueOnce(old)
    expect((await meetings.open(m.id, { force: true }))?.revision).toBe(old.revision)
    expect(meetings.current?.revision).toBe(old.revision)
  })

  it('derives the pickers’ people from everyone, and refuses a write with no meeting open in the app’s language', async () => {
    const backend = await createRealBackend()
    const qky = backend.communities['七口堰社区']
    await backend.call('people:save', { communityId: qky.id, name: '王志强', party: 'compoundBranch', active: true })
    const gone = await backend.call('people:save', { communityId: qky.id, name: '陈丽', party: 'ownersCommittee', active: true })
    await backend.call('people:save', { id: gone.id, revision: gone.revision, communityId: qky.id, name: '陈丽', party: 'ownersCommittee', active: false })
    setClient(backend.client)
    setActivePinia(createPinia())
    const meetings = useMeetingStore()
    await meetings.loadPeople(qky.id)
    expect(meetings.everyone.map((p) => p.name).sort()).toEqual(['王志强', '陈丽'].sort())
    expect(meetings.people.map((p) => p.name)).toEqual(['王志强'])
    // in the window's language
    await expect(useMinutesStore().end()).rejects.toMatchObject({ code: 'NOT_FOUND', message: '没有打开的会议，请从会议列表重新打开' })
    applyDocumentLocale('en')
    try {
      await expect(useMinutesStore().approve(false)).rejects.toMatchObject({ message: 'No meeting is open; open it again from the meeting list' })
      expect(() => meetings.requireCurrent()).toThrow(ApiError)
    } finally {
      applyDocumentLocale('zh-CN')
    }
  })
})
