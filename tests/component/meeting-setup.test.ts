// 会议人员, 联席会议 and one meeting's sign-in and agenda against the real backend: people saved
// through the dialog (the contract's messages when empty, phones masked), a delete refused before
// any confirmation that offers to deactivate, a delete confirmed with what goes, sign-in and the missing-party warning, 开始会议 with the chair's
// confirmation, the agenda built from candidates and reordered by button and Alt+↓, saved with the
// revision (kept across another window's sign-in, reloaded after another's agenda change), role
// shaping, and a meeting deleted after the plan was shown.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { ElMessageBox, ElSelect } from 'element-plus'
import { carryOverTitle, type Meeting } from '../../shared/domain/meeting'
import PeopleView from '../../renderer/src/views/PeopleView.vue'
import MeetView from '../../renderer/src/views/MeetView.vue'
import MeetingView from '../../renderer/src/views/MeetingView.vue'
import { setClient } from '../../renderer/src/api'
import { createRealBackend, demandInput, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.useRealTimers()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const text = (sel: string) => q(sel)?.textContent ?? ''
/** The text of a message box's VNode message (a string message is itself). */
const vnodeText = (n: unknown): string =>
  typeof n === 'string' ? n : Array.isArray(n) ? n.map(vnodeText).join('\n') : n && typeof n === 'object' && 'children' in n ? vnodeText(n.children) : ''

function setInput(testid: string, value: string): void {
  const el = q<HTMLInputElement>(`[data-testid="${testid}"] input, input[data-testid="${testid}"]`)
  if (!el) throw new Error(`no input ${testid}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

async function choose(wrapper: VueWrapper, testid: string, value: unknown): Promise<void> {
  const s = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === testid || c.element.closest?.(`[data-testid="${testid}"]`))
  if (!s) throw new Error(`no select ${testid}`)
  s.vm.$emit('update:modelValue', value)
  await settle()
}

async function click(sel: string): Promise<void> {
  const el = q(sel)
  if (!el) throw new Error(`nothing at ${sel}`)
  el.click()
  await settle()
}

const PEOPLE = [
  ['王志强', 'compoundBranch'],
  ['陈丽', 'ownersCommittee'],
  ['刘建国', 'propertyCompany'],
  ['赵红梅', 'socialOrganization'],
  ['黄大伟', 'residentRep'],
  ['杨警官', 'communityPolice'],
] as const

/** People of the five parties and a 列席 in 七口堰社区; ids by name. */
async function seedPeople(backend: RealBackend): Promise<Map<string, string>> {
  const qky = backend.communities['七口堰社区']
  const ids = new Map<string, string>()
  for (const [name, party] of PEOPLE) ids.set(name, (await backend.call('people:save', { communityId: qky.id, name, party, title: '成员', active: true })).id)
  return ids
}

async function seedMeeting(backend: RealBackend, ids: Map<string, string>, title = '2026年第2次五方联席会议'): Promise<Meeting> {
  return backend.call('meeting:create', {
    communityId: backend.communities['七口堰社区'].id,
    level: 'community',
    title,
    startsAt: '2026-12-03T14:30',
    place: '社区会议室',
    chairId: ids.get('王志强')!,
    recorderId: ids.get('赵红梅')!,
  })
}

async function seedTopics(backend: RealBackend, titles: string[]): Promise<string[]> {
  const qky = backend.communities['七口堰社区']
  const out: string[] = []
  for (const [i, title] of titles.entries()) {
    const d = await backend.call('demand:create', demandInput(qky, i + 1, { description: `${title}的问题` }))
    const t = await backend.call('topic:create', { communityId: qky.id, level: 'community', title, demandIds: [d.id] })
    await backend.call('topic:confirm', { id: t.id, revision: t.revision })
    out.push(t.id)
  }
  return out
}

describe('PeopleView', () => {
  it('adds a person through the dialog: field messages first, then saved with the phone masked', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    setClient(backend.client)
    const { wrapper } = await mountApp(PeopleView, { path: '/people' })
    await until(() => expect(backend.client['people:list']).toHaveBeenCalled())
    expect(backend.client['people:list']).toHaveBeenCalledWith({ communityId: backend.communities['七口堰社区'].id, includeInactive: true })
    await until(() => expect(text('[data-testid="people-coverage"]')).toContain('小区党支部：无人'))

    await click('[data-testid="person-add"]')
    await until(() => expect(q('[data-testid="person-dialog"]')).not.toBeNull())
    await click('[data-testid="person-save"]')
    // Each el-form-item shows its message after its own 100 ms debounce, so wait for both.
    await until(() => {
      expect(text('[data-testid="person-dialog"]')).toContain('请填写姓名')
      expect(text('[data-testid="person-dialog"]')).toContain('请选择所属方（社区党组织、五方之一或列席）')
    })
    expect(backend.client['people:save']).not.toHaveBeenCalled()

    setInput('person-name', '刘建国')
    await choose(wrapper, 'person-party', 'propertyCompany')
    setInput('person-title', '项目经理')
    setInput('person-unit', '宜昌安居物业')
    setInput('person-phone', '138 1234 5678')
    await settle()
    await click('[data-testid="person-save"]')
    await until(() => expect(backend.client['people:save']).toHaveBeenCalledTimes(1))
    expect(backend.client['people:save']).toHaveBeenCalledWith({
      communityId: backend.communities['七口堰社区'].id,
      name: '刘建国',
      party: 'propertyCompany',
      title: '项目经理',
      unit: '宜昌安居物业',
      phone: '138 1234 5678',
      active: true,
    })
    await until(() => expect(text('[data-testid="people-table"]')).toContain('138****5678'))
    expect(text('[data-testid="people-table"]')).toContain('五方 · 物业服务企业')
    expect(text('[data-testid="people-table"]')).not.toContain('13812345678')
    expect(text('[data-testid="people-coverage"]')).toContain('物业服务企业：1 人')

    // typed and then 取消: asked first; kept, the name is still there; untouched, it just closes
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    await click('[data-testid="person-add"]')
    await until(() => expect(q('[data-testid="person-dialog"]')?.closest('.el-overlay')?.getAttribute('style') ?? '').not.toContain('display: none'))
    setInput('person-name', '王志强')
    await settle()
    await click('[data-testid="person-cancel"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(String(confirm.mock.calls[0][0])).toBe('已填写的内容尚未保存，关闭后将丢失。确定关闭吗？')
    expect(q<HTMLInputElement>('[data-testid="person-name"] input, input[data-testid="person-name"]')!.value).toBe('王志强')
    setInput('person-name', '')
    await settle()
    await click('[data-testid="person-cancel"]')
    await until(() => expect(q('[data-testid="person-dialog"]')?.closest('.el-overlay')?.getAttribute('style') ?? '').toContain('display: none'))
    expect(confirm).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('offers the convener (召集方 · 社区党组织) before the five parties; saved, the list names the group', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    setClient(backend.client)
    const { wrapper } = await mountApp(PeopleView, { path: '/people' })
    await until(() => expect(text('[data-testid="people-coverage"]')).toContain('小区党支部：无人'))
    await until(() => expect(q('[data-testid="person-add"]')).not.toBeNull())
    await click('[data-testid="person-add"]')
    await until(() => expect(q('[data-testid="person-dialog"]')).not.toBeNull())
    const select = wrapper.findAllComponents(ElSelect).find((c) => c.element.closest?.('[data-testid="person-party"]') || c.attributes('data-testid') === 'person-party')!
    const groups = select.findAllComponents({ name: 'ElOptionGroup' }).map((g) => g.props('label'))
    expect(groups).toEqual(['召集方', '五方', '列席'])
    setInput('person-name', '李春华')
    await choose(wrapper, 'person-party', 'communityParty')
    await click('[data-testid="person-save"]')
    await until(() => expect(backend.client['people:save']).toHaveBeenCalledTimes(1))
    expect(backend.client['people:save'].mock.calls[0][0]).toMatchObject({ name: '李春华', party: 'communityParty' })
    await until(() => expect(text('[data-testid="people-table"]')).toContain('召集方 · 社区党组织'))
    // not one of the five: the coverage still misses every party
    expect(text('[data-testid="people-coverage"]')).toContain('小区党支部：无人')
    wrapper.unmount()
  })

  it('a person named by a meeting: told so before any confirmation, where they are named, and deactivation is offered', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    await seedMeeting(backend, ids)
    setClient(backend.client)
    const { wrapper } = await mountApp(PeopleView, { path: '/people' })
    await until(() => expect(q('[data-testid="person-remove-黄大伟"]')).not.toBeNull())
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    await click('[data-testid="person-remove-黄大伟"]')
    await until(() => expect(backend.client['people:save']).toHaveBeenCalledTimes(1))
    // The service's plan is asked first; the one box shown is the refusal, nothing that sounds like a deletion.
    expect(backend.client['people:removePlan']).toHaveBeenCalledWith({ id: ids.get('黄大伟') })
    expect(backend.client['people:remove']).not.toHaveBeenCalled()
    expect(confirm).toHaveBeenCalledTimes(1)
    const [message, title, options] = confirm.mock.calls[0]
    expect(title).toBe('不能删除')
    expect(vnodeText(message)).toContain('黄大伟已列入会议“2026年第2次五方联席会议”，不能删除；如已不再参会，请改为停用')
    expect(vnodeText(message)).toContain('会议“2026年第2次五方联席会议”（2026-12-03）：参会名单')
    expect(vnodeText(message)).not.toContain('不能恢复')
    expect(options?.confirmButtonText).toBe('改为停用')
    expect(options?.confirmButtonClass ?? '').not.toContain('danger')
    expect(backend.client['people:save'].mock.calls[0][0]).toMatchObject({ id: ids.get('黄大伟'), active: false })
    // The spy counts the call when it starts; the save lands after its audit entry.
    await backend.client['people:save'].mock.results[0].value
    const list = await backend.call('people:list', { communityId: backend.communities['七口堰社区'].id, includeInactive: true })
    expect(list.find((p) => p.name === '黄大伟')?.active).toBe(false)
    // Inactive people are hidden until asked for.
    await until(() => expect(q('[data-testid="person-row-黄大伟"]')).toBeNull())
    wrapper.unmount()
  })

  it('an inactive person named by a meeting: the refusal says where, with nothing to confirm', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    await seedMeeting(backend, ids)
    const qky = backend.communities['七口堰社区']
    const huang = (await backend.call('people:list', { communityId: qky.id, includeInactive: true })).find((p) => p.name === '黄大伟')!
    await backend.call('people:save', { id: huang.id, revision: huang.revision, communityId: qky.id, name: huang.name, party: huang.party, active: false })
    setClient(backend.client)
    const { wrapper } = await mountApp(PeopleView, { path: '/people' })
    await until(() => expect(q('[data-testid="people-show-inactive"]')).not.toBeNull())
    await click('[data-testid="people-show-inactive"]')
    await until(() => expect(q('[data-testid="person-remove-黄大伟"]')).not.toBeNull())
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const alert = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm' as never)
    await click('[data-testid="person-remove-黄大伟"]')
    await until(() => expect(alert).toHaveBeenCalledTimes(1))
    expect(vnodeText(alert.mock.calls[0][0])).toContain('黄大伟已列入会议“2026年第2次五方联席会议”，不能删除')
    expect(alert.mock.calls[0][2]?.confirmButtonText).toBe('关闭')
    expect(confirm).not.toHaveBeenCalled()
    expect(backend.client['people:remove']).not.toHaveBeenCalled()
    expect(backend.client['people:save']).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('a person named nowhere is deleted after a confirmation naming exactly what goes; cancelling keeps them', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    await seedMeeting(backend, ids)
    const qky = backend.communities['七口堰社区']
    const extra = await backend.call('people:save', { communityId: qky.id, name: '孙律师', party: 'legalAdviser', phone: '13900001111', active: true })
    setClient(backend.client)
    const { wrapper } = await mountApp(PeopleView, { path: '/people' })
    await until(() => expect(q('[data-testid="person-remove-孙律师"]')).not.toBeNull())
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValue('confirm' as never)
    await click('[data-testid="person-remove-孙律师"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(confirm.mock.calls[0][1]).toBe('删除会议人员')
    const said = vnodeText(confirm.mock.calls[0][0])
    expect(said).toContain('会议人员“孙律师”（法律顾问）的记录')
    expect(said).toContain('登记的联系电话（139****1111）')
    expect(said).toContain('孙律师 未列入任何会议或任务。删除后不能恢复。')
    expect(backend.client['people:remove']).not.toHaveBeenCalled()
    await click('[data-testid="person-remove-孙律师"]')
    await until(() => expect(backend.client['people:remove']).toHaveBeenCalledWith({ id: extra.id, revision: extra.revision }))
    await until(() => expect(q('[data-testid="person-row-孙律师"]')).toBeNull())
    expect((await backend.call('people:list', { communityId: qky.id, includeInactive: true })).some((p) => p.id === extra.id)).toBe(false)
    wrapper.unmount()
  })
})

describe('MeetingView: sign-in and start', () => {
  it('marks attendance, names the missing party, and starts after the chair confirms proceeding', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const ids = await seedPeople(backend)
    const [topic] = await seedTopics(backend, ['电梯维修'])
    let m = await seedMeeting(backend, ids)
    setClient(backend.client)
    const { wrapper, router } = await mountApp(MeetingView, { props: { id: m.id }, path: `/meet/${m.id}?tab=signIn` })
    await until(() => expect(q('[data-testid="roster-table"]')).not.toBeNull())
    await until(() => expect(text('[data-testid="missing-parties"]')).toContain('以下各方无人出席：小区党支部、业委会、物业服务企业、社会组织、居民代表'))
    // No agenda: cannot start, and it says so.
    expect(q<HTMLButtonElement>('[data-testid="meeting-start"]')!.disabled).toBe(true)
    expect(text('[data-testid="start-no-agenda"]')).toContain('会议没有议程，不能开始')
    expect(text('[data-testid="meeting-chair-link"]')).toBe('主持会议')

    for (const [name] of PEOPLE.filter(([, party]) => party !== 'residentRep')) {
      const input = q<HTMLInputElement>(`[data-testid="attendance-${ids.get(name)}-present"] input, input[data-testid="attendance-${ids.get(name)}-present"]`)!
      input.checked = true
      input.dispatchEvent(new Event('change'))
      await settle()
      await until(() => expect(backend.client['meeting:signIn'].mock.calls.some(([i]) => i.entries[0].personId === ids.get(name))).toBe(true))
    }
    const first = backend.client['meeting:signIn'].mock.calls[0][0]
    expect(first).toEqual({ id: m.id, revision: m.revision, entries: [{ personId: ids.get('王志强'), attendance: 'present' }] })
    await until(() => expect(text('[data-testid="missing-parties"]')).toContain('以下各方无人出席：居民代表'))
    expect(text('[data-testid="sign-in-counts"]')).toBe('出席 5 人 · 请假 0 人 · 缺席 1 人')

    // An agenda from another window; the screen follows the change event and may start.
    m = await backend.call('meeting:get', { id: m.id })
    await backend.call('meeting:setAgenda', { id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: topic, minutes: 10 }] })
    await until(() => expect(q<HTMLButtonElement>('[data-testid="meeting-start"]')?.disabled).toBe(false))

    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValue('confirm' as never)
    await click('[data-testid="meeting-start"]')
    expect(String(confirm.mock.calls[0][0])).toBe('以下各方无人出席：居民代表。主持人是否决定继续开会？此决定将记录在案。')
    expect(backend.client['meeting:start']).not.toHaveBeenCalled()
    await click('[data-testid="meeting-start"]')
    await until(() => expect(backend.client['meeting:start']).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:start'].mock.calls[0][0]).toMatchObject({ id: m.id, proceedDespiteMissing: true })
    await until(() => expect(text('[data-testid="meeting-status"]')).toBe('进行中'))
    const started = await backend.call('meeting:get', { id: m.id })
    expect(started.status).toBe('inProgress')
    expect(started.quorum?.missingParties).toEqual(['residentRep'])
    // 主持会议 goes to the chair screen.
    await click('[data-testid="meeting-chair-link"]')
    await until(() => expect(router.currentRoute.value.path).toBe(`/meet/${m.id}/chair`))
    wrapper.unmount()
  })

  it('the secretary keeps the roster but does not start the meeting', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    const m = await seedMeeting(backend, ids)
    setClient(backend.client)
    const { wrapper } = await mountApp(MeetingView, { props: { id: m.id }, path: `/meet/${m.id}` })
    await until(() => expect(q('[data-testid="roster-table"]')).not.toBeNull())
    expect(q('[data-testid="meeting-start"]')).toBeNull()
    expect(q('[data-testid="meeting-chair-link"]')).toBeNull()
    expect(text('[data-testid="meeting-minutes-link"]')).toBe('会议纪要')
    // Remove one from the roster after a confirmation.
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    await click(`[data-testid="roster-remove-${ids.get('杨警官')}"]`)
    expect(String(confirm.mock.calls[0][0])).toBe('把 杨警官 移出本次会议的参会名单？')
    await until(() => expect(backend.client['meeting:update']).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:update'].mock.calls[0][0]).toEqual({
      id: m.id,
      revision: m.revision,
      patch: { roster: m.roster.map((r) => r.personId).filter((id) => id !== ids.get('杨警官')) },
    })
    await until(() => expect(q(`[data-testid="roster-name-${ids.get('杨警官')}"]`)).toBeNull())
    wrapper.unmount()
  })
})

describe('MeetingView: 基本信息 with two windows', () => {
  it('another window’s change keeps what was typed here, names what it set, and saving again keeps both', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    const m = await seedMeeting(backend, ids)
    setClient(backend.client)
    const { wrapper } = await mountApp(MeetingView, { props: { id: m.id }, path: `/meet/${m.id}?tab=info` })
    await until(() => expect(q<HTMLInputElement>('input[data-testid="info-title"]')?.value).toBe('2026年第2次五方联席会议'))
    setInput('info-title', '2026年第2次五方联席会议（扩大）')
    await settle()
    // Another window moves the meeting meanwhile.
    await backend.call('meeting:update', { id: m.id, revision: m.revision, patch: { place: '党群服务中心二楼' } })
    await settle()
    await click('[data-testid="meeting-info-save"]')
    await until(() => expect(q('[data-testid="meeting-info-conflict"]')).not.toBeNull())
    expect(text('[data-testid="meeting-info-conflict"]')).toContain('您填写的内容已保留')
    const changes = Array.from(document.querySelectorAll('[data-testid="edit-conflict-changes"] li')).map((li) => li.textContent!.replace(/\s+/g, ' ').trim())
    expect(changes).toEqual(['会议地点：现为“党群服务中心二楼”'])
    expect(q<HTMLInputElement>('input[data-testid="info-title"]')!.value).toBe('2026年第2次五方联席会议（扩大）')
    expect(q<HTMLInputElement>('input[data-testid="info-place"]')!.value).toBe('党群服务中心二楼')

    await click('[data-testid="meeting-info-save"]')
    await until(() => expect(q('[data-testid="meeting-info-conflict"]')).toBeNull())
    expect(await backend.call('meeting:get', { id: m.id })).toMatchObject({ title: '2026年第2次五方联席会议（扩大）', place: '党群服务中心二楼' })
    wrapper.unmount()
  })
})

describe('MeetingView: agenda', () => {
  it('builds the agenda from candidates, moves items by button and Alt+↓, and saves with the revision', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    const topics = await seedTopics(backend, ['电梯维修', '垃圾清运', '停车秩序'])
    const m = await seedMeeting(backend, ids)
    setClient(backend.client)
    const { wrapper } = await mountApp(MeetingView, { props: { id: m.id }, path: `/meet/${m.id}?tab=agenda` })
    await until(() => expect(document.querySelectorAll('[data-testid="candidate-topics"] li[data-id]')).toHaveLength(3))
    expect(backend.client['meeting:agendaCandidates']).toHaveBeenCalledWith({ communityId: m.communityId, meetingId: m.id })
    expect(text('[data-testid="agenda-empty"]')).toContain('会议没有议程，不能开始')
    for (const id of topics) await click(`[data-testid="candidate-topics"] li[data-id="${id}"] [data-testid="candidate-add"]`)
    const titles = () => [...document.querySelectorAll('[data-testid="agenda-item"] [data-testid="agenda-title"]')].map((e) => e.textContent)
    expect(titles()).toEqual(['电梯维修', '垃圾清运', '停车秩序'])
    expect(text('[data-testid="candidate-topics"]')).toContain('已全部加入本次议程')

    // 上移 on the last item; then Alt+↓ on the (focused) first row.
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="agenda-item"]')]
    rows()[2].querySelector<HTMLButtonElement>('[data-testid="agenda-up"]')!.click()
    await settle()
    expect(titles()).toEqual(['电梯维修', '停车秩序', '垃圾清运'])
    expect(document.activeElement?.getAttribute('aria-label')).toBe('上移议程“停车秩序”')
    rows()[0].focus()
    rows()[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true }))
    await settle()
    expect(titles()).toEqual(['停车秩序', '电梯维修', '垃圾清运'])
    expect(document.activeElement?.getAttribute('aria-label')).toBe('第 2 项议程：电梯维修')
    expect(text('[data-testid="agenda-announce"]')).toBe('“电梯维修”已移到第 2 项')
    // A plain ↓ (no Alt) moves nothing.
    rows()[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }))
    await settle()
    expect(titles()).toEqual(['停车秩序', '电梯维修', '垃圾清运'])
    await choose(wrapper, 'agenda-presenter', ids.get('刘建国'))

    // Another window signs someone in meanwhile: not the agenda, so the draft stays and saves.
    const other = await backend.call('meeting:signIn', { id: m.id, revision: m.revision, entries: [{ personId: ids.get('陈丽')!, attendance: 'present' }] })
    await until(() => expect(text('[data-testid="sign-in-counts"]')).toContain('出席 1 人'))
    expect(text('[data-testid="agenda-dirty"]')).toBe('议程有未保存的修改')
    // Closing or reloading the window now would lose the draft: asked first (beforeunload).
    const unload = () => {
      const e = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(e)
      return e.defaultPrevented
    }
    expect(unload()).toBe(true)
    await click('[data-testid="agenda-save"]')
    await until(() => expect(backend.client['meeting:setAgenda']).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:setAgenda'].mock.calls[0][0]).toEqual({
      id: m.id,
      revision: other.revision,
      items: [
        { kind: 'topic', topicId: topics[2], minutes: 15, presenterId: ids.get('刘建国') },
        { kind: 'topic', topicId: topics[0], minutes: 15 },
        { kind: 'topic', topicId: topics[1], minutes: 15 },
      ],
    })
    await until(() => expect(q('[data-testid="agenda-dirty"]')).toBeNull())
    expect(unload()).toBe(false)
    const saved = await backend.call('meeting:get', { id: m.id })
    expect(saved.agenda.map((a) => [a.order, a.title])).toEqual([
      [1, '停车秩序'],
      [2, '电梯维修'],
      [3, '垃圾清运'],
    ])

    // Another window changes the agenda while this one edits: nothing is sent and nothing typed here
    // is lost — theirs is shown beside the draft; 载入对方的议程 drops the draft.
    rows()[2].querySelector<HTMLButtonElement>('[data-testid="agenda-remove"]')!.click()
    await settle()
    expect(titles()).toEqual(['停车秩序', '电梯维修'])
    const meetingEvents = () => backend.events.filter((e) => e.area === 'meeting').length
    let seen = meetingEvents()
    await backend.call('meeting:setAgenda', {
      id: m.id,
      revision: saved.revision,
      items: saved.agenda.map((a) => ({ id: a.id, kind: a.kind, topicId: a.topicId, title: a.title, minutes: 30 })),
    })
    await until(() => expect(meetingEvents()).toBeGreaterThan(seen))
    await settle()
    await click('[data-testid="agenda-save"]')
    await until(() => expect(text('[data-testid="agenda-conflict"]')).toContain('议程已被他人修改。您的修改仍在下方，尚未保存。'))
    // Refused before or by the backend (depending on whether the event had arrived): never overwritten.
    expect((await backend.call('meeting:get', { id: m.id })).agenda.map((a) => a.minutes)).toEqual([30, 30, 30])
    expect(titles()).toEqual(['停车秩序', '电梯维修'])
    expect(text('[data-testid="agenda-theirs"]')).toContain('3. 垃圾清运（30 分钟）')
    await click('[data-testid="agenda-load-latest"]')
    expect(titles()).toEqual(['停车秩序', '电梯维修', '垃圾清运'])
    expect(text('[data-testid="agenda-total"]')).toBe('共 3 项，合计 90 分钟')
    expect(q('[data-testid="agenda-conflict"]')).toBeNull()

    // Once more, and this time 以我的为准保存: the draft is saved over theirs, on their revision.
    rows()[2].querySelector<HTMLButtonElement>('[data-testid="agenda-remove"]')!.click()
    await settle()
    const now = await backend.call('meeting:get', { id: m.id })
    seen = meetingEvents()
    await backend.call('meeting:setAgenda', {
      id: m.id,
      revision: now.revision,
      items: now.agenda.map((a) => ({ id: a.id, kind: a.kind, topicId: a.topicId, title: a.title, minutes: 20 })),
    })
    await until(() => expect(meetingEvents()).toBeGreaterThan(seen))
    await settle()
    await click('[data-testid="agenda-save"]')
    await until(() => expect(q('[data-testid="agenda-keep-mine"]')).not.toBeNull())
    expect(titles()).toEqual(['停车秩序', '电梯维修'])
    await click('[data-testid="agenda-keep-mine"]')
    await until(() => expect(q('[data-testid="agenda-conflict"]')).toBeNull())
    const kept = await backend.call('meeting:get', { id: m.id })
    expect(kept.agenda.map((a) => [a.title, a.minutes])).toEqual([
      ['停车秩序', 30],
      ['电梯维修', 30],
    ])
    wrapper.unmount()
  })

  it('adds the last meeting’s decision as a carry-over titled as the service stores it (the shared prefix, cut to 60)', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    const [topic] = await seedTopics(backend, ['楼道堆物清理'])
    // The earlier meeting, ended with a decision on an item whose title fills the 60-character limit.
    const longTitle = '楼道堆物清理'.repeat(10)
    let prev = await seedMeeting(backend, ids, '十一月联席会议')
    prev = await backend.call('meeting:setAgenda', { id: prev.id, revision: prev.revision, items: [{ kind: 'topic', topicId: topic, title: longTitle, minutes: 10 }] })
    prev = await backend.call('meeting:start', { id: prev.id, revision: prev.revision, proceedDespiteMissing: true })
    prev = await backend.call('meeting:saveItemMinutes', { id: prev.id, itemId: prev.agenda[0].id, itemRevision: 0, notes: '各方讨论', positions: {}, decision: '物业月底前清理完毕' })
    prev = await backend.call('meeting:end', { id: prev.id, revision: prev.revision })
    const m = await seedMeeting(backend, ids)
    setClient(backend.client)
    const { wrapper } = await mountApp(MeetingView, { props: { id: m.id }, path: `/meet/${m.id}?tab=agenda` })
    await until(() => expect(document.querySelectorAll('[data-testid="candidate-carryovers"] li[data-id]')).toHaveLength(1))
    expect(text('[data-testid="candidate-carryovers"]')).toContain('物业月底前清理完毕')
    expect(text('[data-testid="candidate-carryovers"]')).toContain('来自会议“十一月联席会议”')
    await click('[data-testid="candidate-carryovers"] [data-testid="candidate-add"]')
    const shown = [...document.querySelectorAll('[data-testid="agenda-item"] [data-testid="agenda-title"]')].map((e) => e.textContent)
    expect(shown).toEqual([carryOverTitle(longTitle)])
    expect([...shown[0]!]).toHaveLength(60)
    expect(shown[0]).toMatch(/^上次议定事项落实情况：楼道堆物清理/)
    expect(text('[data-testid="agenda-announce"]')).toBe(`“${shown[0]}”已移到第 1 项`)
    expect(text('[data-testid="candidate-carryovers"]')).toContain('已全部加入本次议程')

    await click('[data-testid="agenda-save"]')
    await until(() => expect(backend.client['meeting:setAgenda']).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:setAgenda'].mock.calls[0][0].items).toEqual([{ kind: 'carryOver', carryOver: { meetingId: prev.id, itemId: prev.agenda[0].id }, minutes: 5 }])
    await until(() => expect(q('[data-testid="agenda-dirty"]')).toBeNull())
    // What the editor showed before the save is what the service stored.
    expect((await backend.call('meeting:get', { id: m.id })).agenda.map((a) => a.title)).toEqual(shown)
    wrapper.unmount()
  })
})

describe('MeetView', () => {
  it('lists the community’s meetings in street time; the administrator deletes one after seeing the plan', async () => {
    const backend = await createRealBackend({ role: 'admin' })
    const ids = await seedPeople(backend)
    const m = await seedMeeting(backend, ids, '临时碰头会')
    setClient(backend.client)
    const { wrapper } = await mountApp(MeetView, { path: '/meet' })
    await until(() => expect(q(`[data-testid="meeting-open-${m.id}"]`)).not.toBeNull())
    expect(text('[data-testid="meeting-table"]')).toContain('2026-12-03 14:30')
    expect(text(`[data-testid="meeting-status-${m.id}"]`)).toBe('筹备中')

    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValue('confirm' as never)
    await click(`[data-testid="meeting-remove-${m.id}"]`)
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:removePlan']).toHaveBeenCalledWith({ id: m.id })
    expect(backend.client['meeting:remove']).not.toHaveBeenCalled()
    await click(`[data-testid="meeting-remove-${m.id}"]`)
    await until(() => expect(backend.client['meeting:remove']).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:remove']).toHaveBeenCalledWith({ id: m.id, revision: m.revision, confirm: true })
    await until(() => expect(q(`[data-testid="meeting-open-${m.id}"]`)).toBeNull())
    expect(await backend.call('meeting:list', { communityId: m.communityId })).toEqual([])
    wrapper.unmount()
  })

  it('新建会议 starts with the default title of the zh-CN message: the default date’s year and the next number in it', async () => {
    // Only Date is faked: tomorrow 09:00 in the street is 2026-06-02, a year that has one meeting.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T10:00:00+08:00') })
    const backend = await createRealBackend({ role: 'secretary' })
    const ids = await seedPeople(backend)
    const m = await seedMeeting(backend, ids, '十二月联席会议')
    setClient(backend.client)
    const { wrapper } = await mountApp(MeetView, { path: '/meet' })
    await until(() => expect(q(`[data-testid="meeting-open-${m.id}"]`)).not.toBeNull())
    await click('[data-testid="meeting-create"]')
    await until(() => expect(q<HTMLInputElement>('input[data-testid="create-title"], [data-testid="create-title"] input')?.value).toBe('2026年第2次五方联席会议'))
    // the place, chair and recorder start as the previous meeting's
    expect(q<HTMLInputElement>('input[data-testid="create-place"], [data-testid="create-place"] input')?.value).toBe('社区会议室')
    const selects = wrapper.findAllComponents(ElSelect)
    const valueOf = (id: string) => selects.find((s) => s.attributes('data-testid') === id || s.element.querySelector?.(`[data-testid="${id}"]`))?.props('modelValue')
    expect(valueOf('create-chair')).toBe(ids.get('王志强'))
    expect(valueOf('create-recorder')).toBe(ids.get('赵红梅'))

    // the prefilled form closes without a question; a changed one asks first
    const hidden = () => q('[data-testid="meeting-create-dialog"]')?.closest('.el-overlay')?.getAttribute('style') ?? ''
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    await click('[data-testid="meeting-create-cancel"]')
    await until(() => expect(hidden()).toContain('display: none'))
    expect(confirm).not.toHaveBeenCalled()
    await click('[data-testid="meeting-create"]')
    setInput('create-place', '北门广场')
    await settle()
    await click('[data-testid="meeting-create-cancel"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(String(confirm.mock.calls[0][0])).toBe('已填写的内容尚未保存，关闭后将丢失。确定关闭吗？')
    expect(q<HTMLInputElement>('input[data-testid="create-place"], [data-testid="create-place"] input')?.value).toBe('北门广场')
    expect(hidden()).not.toContain('display: none')
    wrapper.unmount()
  })

  it('a leader reads the list but neither creates nor deletes', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    const ids = await seedPeople(backend)
    const m = await seedMeeting(backend, ids)
    setClient(backend.client)
    const { wrapper } = await mountApp(MeetView, { path: '/meet' })
    await until(() => expect(q(`[data-testid="meeting-open-${m.id}"]`)).not.toBeNull())
    expect(q('[data-testid="meeting-create"]')).toBeNull()
    expect(q(`[data-testid="meeting-remove-${m.id}"]`)).toBeNull()
    wrapper.unmount()
  })
})
