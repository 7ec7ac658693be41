// Issue 10 (meeting core) on a real data folder: the people directory (phones encrypted at rest,
// masked in views, never audited), setup with a pre-filled roster, sign-in and the quorum decision,
// the agenda from confirmed topics and the last meeting's decisions, chair mode, minutes with a
// revision per item, approval with the canonical SHA-256, corrections as linked versions, and
// removal with a backup and an audit entry. Refusals are zh-CN and leave the files as they were.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { contract } from '../../shared/contract'
import { canonicalMinutes } from '../../shared/domain/minutes-canonical'
import { createHash } from 'node:crypto'
import { minutesHash } from '../../electron/services/meeting'
import { meetingRecords } from '../../electron/services/meeting-records'
import type { Meeting } from '../../shared/domain/meeting'
import { spyFs } from './helpers'
import { asChair, asSecretary, confirmedTopic, errorOf, newMeeting, openMeetingFixture, runningMeeting, type MeetingFixture } from './meeting-fixture'

const open: MeetingFixture[] = []
afterAll(async () => {
  for (const f of open) await f.db.close({ backup: false }).catch(() => undefined)
})
async function setup(): Promise<MeetingFixture> {
  const f = await openMeetingFixture()
  open.push(f)
  return f
}
const fileOf = async (f: MeetingFixture, rel: string) => readFile(join(f.dir, rel), 'utf8')
async function meetingFiles(f: MeetingFixture): Promise<string> {
  const out: string[] = []
  for (const c of await readdir(join(f.dir, 'meetings')).catch(() => [])) {
    for (const y of await readdir(join(f.dir, 'meetings', c))) out.push(await fileOf(f, `meetings/${c}/${y}`))
  }
  return out.join('\n')
}

describe('people directory', () => {
  it('stores the phone encrypted, returns it masked, and never audits it', async () => {
    const f = await setup()
    const list = await f.services.people.list({ communityId: 'cA' }, asSecretary)
    expect(list).toHaveLength(7)
    expect(list.every((p) => p.phone === '138****5678')).toBe(true)
    const file = await fileOf(f, 'people/cA.json')
    expect(file).not.toContain('13812345678')
    expect(file).toContain('enc:v1:')
    // Reopened with the same key: the phone is read back (and still masked in views).
    await f.db.close({ backup: false })
    const again = await openMeetingFixture(f.dir, f.key)
    open.push(again)
    expect((await again.services.people.list({ communityId: 'cA' }, asSecretary))[0].phone).toBe('138****5678')
  })

  it('keeps the phone when an edit leaves it out, clears it with null, refuses a bad one by name', async () => {
    const f = await setup()
    const p = f.people.ownersCommittee
    const kept = await f.services.people.save({ id: p.id, revision: p.revision, communityId: 'cA', name: '张主任', party: 'ownersCommittee', title: '业委会主任', active: true }, asSecretary)
    expect(kept.phone).toBe('138****5678')
    expect(kept.title).toBe('业委会主任')
    const cleared = await f.services.people.save({ id: p.id, revision: kept.revision, communityId: 'cA', name: '张主任', party: 'ownersCommittee', phone: null, active: true }, asSecretary)
    expect(cleared.phone).toBeUndefined()
    const stale = await errorOf(f.services.people.save({ id: p.id, revision: kept.revision, communityId: 'cA', name: '张三', party: 'ownersCommittee', active: true }, asSecretary))
    expect(stale.code).toBe('CONFLICT')
  })

  it('audits every save by the names of the fields it set, with the operator, never the phone', async () => {
    const f = await setup()
    // the fixture's seven people: one people.create each
    const created = f.audit.entries().filter((e) => e.action === 'people.create')
    expect(created).toHaveLength(7)
    expect(created[0]).toMatchObject({
      target: f.people.compoundBranch.id,
      operator: { id: 'op-s', role: 'secretary' },
      detail: { communityId: 'cA', name: '刘支书', party: 'compoundBranch', active: true, fields: ['name', 'party', 'phone', 'active'] },
    })
    const p = f.people.ownersCommittee
    const edited = await f.services.people.save({ id: p.id, revision: p.revision, communityId: 'cA', name: '张主任', party: 'ownersCommittee', phone: '13900002222', title: '业委会主任', active: true }, asSecretary)
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'people.update', target: p.id, detail: { name: '张主任', fields: ['phone', 'title'] } })
    await f.services.people.save({ id: p.id, revision: edited.revision, communityId: 'cA', name: '张主任', party: 'ownersCommittee', phone: null, title: '业委会主任', active: false }, asSecretary)
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'people.update', detail: { active: false, fields: ['phone', 'active'] } })
    // A refused save (stale revision) writes no entry.
    const count = f.audit.entries().length
    expect((await errorOf(f.services.people.save({ id: p.id, revision: edited.revision, communityId: 'cA', name: '张三', party: 'ownersCommittee', active: true }, asSecretary))).code).toBe('CONFLICT')
    expect(f.audit.entries()).toHaveLength(count)
    // No phone in any form: neither in clear nor masked.
    const log = JSON.stringify(f.audit.entries())
    for (const phone of ['13812345678', '13900002222', '138****5678', '139****2222']) expect(log).not.toContain(phone)
  })

  it('refuses to remove a person named by a meeting (deactivate instead); removes others with an audit entry', async () => {
    const f = await setup()
    await newMeeting(f)
    const e = await errorOf(f.services.people.remove({ id: f.people.residentRep.id, revision: f.people.residentRep.revision }, asSecretary))
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain('周大妈已列入会议“五月社区联席会议”')
    expect(e.message).toContain('停用')
    const extra = await f.services.people.save({ communityId: 'cA', name: '钱律师', party: 'legalAdviser', phone: '13900001111', active: true }, asSecretary)
    await f.services.people.remove({ id: extra.id, revision: extra.revision }, asSecretary)
    expect((await f.services.people.list({ communityId: 'cA', includeInactive: true }, asSecretary)).some((p) => p.id === extra.id)).toBe(false)
    const entry = f.audit.entries().at(-1)!
    expect(entry.action).toBe('people.remove')
    expect(JSON.stringify(f.audit.entries())).not.toContain('13900001111')
  })

  it('says before any deletion whether a person may go: the plan names the meetings and tasks, remove applies it', async () => {
    const f = await setup()
    const m = await newMeeting(f)
    const rep = f.people.residentRep
    const count = f.audit.entries().length
    const named = await f.services.people.removePlan({ id: rep.id }, asSecretary)
    expect(named.blocked).toBe('周大妈已列入会议“五月社区联席会议”，不能删除；如已不再参会，请改为停用')
    expect(named.uses).toEqual([`会议“五月社区联席会议”（${m.startsAt.slice(0, 10)}）：参会名单`])
    // Read-only: no audit entry, nothing written.
    expect(f.audit.entries()).toHaveLength(count)

    // A task owner picked from the directory: removing them would leave the task's link dangling.
    const extra = await f.services.people.save({ communityId: 'cA', name: '钱律师', party: 'legalAdviser', phone: '13900001111', active: true }, asSecretary)
    const free = await f.services.people.removePlan({ id: extra.id }, asSecretary)
    expect(free).toEqual({ id: extra.id, name: '钱律师', removes: ['会议人员“钱律师”（法律顾问）的记录', '登记的联系电话（139****1111）'], uses: [] })
    expect(JSON.stringify(free)).not.toContain('13900001111')
    await f.services.task.create(contract['task:create'].input.parse({ communityId: 'cA', title: '调解车位纠纷', party: 'propertyCompany', owner: '钱律师', ownerId: extra.id, deadline: '2026-06-01' }), asSecretary)
    const owner = await f.services.people.removePlan({ id: extra.id }, asSecretary)
    expect(owner.blocked).toBe('钱律师是任务“调解车位纠纷”的责任人，不能删除；如已不再参会，请改为停用')
    expect(owner.uses).toEqual(['任务“调解车位纠纷”：责任人'])
    const refused = await errorOf(f.services.people.remove({ id: extra.id, revision: extra.revision }, asSecretary))
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toBe(owner.blocked)
    expect((await f.services.people.list({ communityId: 'cA', includeInactive: true }, asSecretary)).some((p) => p.id === extra.id)).toBe(true)
    expect((await errorOf(f.services.people.removePlan({ id: 'cA~ps~missing' }, asSecretary))).code).toBe('NOT_FOUND')
  })
})

describe('meeting setup and roster', () => {
  it('pre-fills the roster with the active people, then the next meeting with the previous roster', async () => {
    const f = await setup()
    const first = await newMeeting(f)
    expect(first.roster).toHaveLength(7)
    expect(first.roster.every((r) => r.attendance === 'absent')).toBe(true)
    expect(first.id).toMatch(/^cA~mt~2026~/)
    expect(first.status).toBe('draft')
    const trimmed = await f.services.meeting.update({ id: first.id, revision: first.revision, patch: { roster: first.roster.slice(0, 5).map((r) => r.personId) } }, asSecretary)
    expect(trimmed.roster).toHaveLength(5)
    const second = await newMeeting(f, { title: '六月社区联席会议', startsAt: '2026-06-25T14:30:00+08:00' })
    expect(second.roster.map((r) => r.personId)).toEqual(trimmed.roster.map((r) => r.personId))
    expect(await fileOf(f, 'meetings/cA/2026.json')).toContain('六月社区联席会议')
  })

  it('lists by the year of the date: a meeting moved from 2026 into 2027 is listed in 2027, not 2026, under the same id', async () => {
    const f = await setup()
    const stays = await newMeeting(f, { title: '五月社区联席会议' })
    const moving = await newMeeting(f, { title: '年末社区联席会议', startsAt: '2026-12-30T14:30:00+08:00' })
    const born2027 = await newMeeting(f, { title: '二月社区联席会议', startsAt: '2027-02-20T09:00:00+08:00' })
    const moved = await f.services.meeting.update({ id: moving.id, revision: moving.revision, patch: { startsAt: '2027-01-05T14:30:00+08:00' } }, asSecretary)
    expect(moved.id).toBe(moving.id)
    // The record stays in its creation year's file (its id names it); only the date changed.
    expect(await fileOf(f, 'meetings/cA/2026.json')).toContain('年末社区联席会议')
    const titles = (list: Array<{ title: string }>) => list.map((m) => m.title)
    expect(titles(await f.services.meeting.list({ communityId: 'cA', year: 2027 }, asSecretary))).toEqual(['二月社区联席会议', '年末社区联席会议'])
    expect(titles(await f.services.meeting.list({ communityId: 'cA', year: 2026 }, asSecretary))).toEqual(['五月社区联席会议'])
    // The same without a community (every community in scope), and with a status.
    expect(titles(await f.services.meeting.list({ year: 2027 }, asSecretary))).toEqual(['二月社区联席会议', '年末社区联席会议'])
    expect(titles(await f.services.meeting.list({ communityId: 'cA', year: 2027, status: 'draft' }, asSecretary))).toEqual(['二月社区联席会议', '年末社区联席会议'])
    expect(await f.services.meeting.list({ communityId: 'cA', year: 2027, status: 'ended' }, asSecretary)).toEqual([])
    // And back: moved into 2026 from a 2027 file.
    await f.services.meeting.update({ id: born2027.id, revision: born2027.revision, patch: { startsAt: '2026-11-20T09:00:00+08:00' } }, asSecretary)
    expect(titles(await f.services.meeting.list({ communityId: 'cA', year: 2026 }, asSecretary))).toEqual(['二月社区联席会议', '五月社区联席会议'])
    expect(titles(await f.services.meeting.list({ communityId: 'cA', year: 2027 }, asSecretary))).toEqual(['年末社区联席会议'])
    expect((await f.services.meeting.get({ id: stays.id }, asSecretary)).title).toBe('五月社区联席会议')
  })

  it('refuses a chair who is not in the community directory, naming the field', async () => {
    const f = await setup()
    const e = await errorOf(newMeeting(f, { chairId: 'cB~ps~nobody' }))
    expect(e.code).toBe('VALIDATION')
    expect(e.fields).toHaveProperty('chairId')
    expect(e.message).toContain('主持人')
  })
})

describe('agenda, sign-in and start', () => {
  it('a meeting with no agenda cannot start; nothing is written', async () => {
    const f = await setup()
    const m = await newMeeting(f)
    const before = await meetingFiles(f)
    const e = await errorOf(f.services.meeting.start({ id: m.id, revision: m.revision, proceedDespiteMissing: true }, asChair))
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toBe('会议没有议程，不能开始')
    expect(await meetingFiles(f)).toBe(before)
  })

  it('offers confirmed topics not on another agenda; refuses an unconfirmed one or one already taken', async () => {
    const f = await setup()
    const m = await newMeeting(f)
    const t = await confirmedTopic(f)
    const candidates = await f.services.meeting.agendaCandidates({ communityId: 'cA', meetingId: m.id }, asSecretary)
    expect(candidates.topics.map((x) => x.topicId)).toEqual([t])
    expect(candidates.topics[0].demandCount).toBe(1)
    const d = await f.services.demand.create({ communityId: 'cA', channel: 'hotline', category: 'noise', reporterName: '李强', receivedAt: '2026-05-18T09:00:00+08:00', description: '广场舞噪音扰民' }, asSecretary)
    const proposed = await f.services.topic.create({ communityId: 'cA', level: 'community', title: '广场舞噪音', demandIds: [d.id] }, asSecretary)
    const e = await errorOf(f.services.meeting.setAgenda({ id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: proposed.id, minutes: 10 }] }, asSecretary))
    expect(e.message).toBe('第 1 项议程：议题“广场舞噪音”尚未确认，不能列入议程')
    expect(e.fields).toHaveProperty(['items.0.topicId'])
    const withAgenda = await f.services.meeting.setAgenda({ id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: t, minutes: 10, presenterId: f.people.propertyCompany.id }] }, asSecretary)
    expect(withAgenda.status).toBe('ready')
    expect(withAgenda.agenda[0]).toMatchObject({ title: '车位被长期占用', order: 1, minutes: 10, presenterId: f.people.propertyCompany.id })
    const other = await newMeeting(f, { title: '另一次会议' })
    const taken = await errorOf(f.services.meeting.setAgenda({ id: other.id, revision: other.revision, items: [{ kind: 'topic', topicId: t, minutes: 10 }] }, asSecretary))
    expect(taken.message).toContain('已列入会议“五月社区联席会议”的议程')
    expect((await f.services.meeting.agendaCandidates({ communityId: 'cA', meetingId: other.id }, asSecretary)).topics).toEqual([])
  })

  it('a party with nobody present: the start lists it and needs the chair to proceed, which is recorded and audited', async () => {
    const f = await setup()
    const m = await newMeeting(f)
    const t = await confirmedTopic(f)
    let next = await f.services.meeting.setAgenda({ id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: t, minutes: 10 }] }, asSecretary)
    next = await f.services.meeting.signIn(
      {
        id: m.id,
        revision: next.revision,
        entries: [
          { personId: f.people.compoundBranch.id, attendance: 'present' },
          { personId: f.people.ownersCommittee.id, attendance: 'leave' },
          { personId: f.people.socialOrganization.id, attendance: 'present' },
          { personId: f.people.residentRep.id, attendance: 'present' },
        ],
      },
      asSecretary,
    )
    expect(next.roster.find((r) => r.personId === f.people.ownersCommittee.id)?.attendance).toBe('leave')
    const e = await errorOf(f.services.meeting.start({ id: m.id, revision: next.revision }, asChair))
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toContain('以下各方无人出席：业委会、物业服务企业')
    expect(e.fields).toHaveProperty('proceedDespiteMissing')
    expect((await f.services.meeting.get({ id: m.id }, asChair)).status).toBe('ready')
    const started = await f.services.meeting.start({ id: m.id, revision: next.revision, proceedDespiteMissing: true }, asChair)
    expect(started.status).toBe('inProgress')
    expect(started.quorum).toMatchObject({ missingParties: ['ownersCommittee', 'propertyCompany'], proceededBy: { id: 'op-c', name: '王书记' } })
    expect(started.chair.currentItemId).toBe(started.agenda[0].id)
    const entry = f.audit.entries().at(-1)!
    expect(entry).toMatchObject({ action: 'meeting.start', target: m.id, detail: { missingParties: ['ownersCommittee', 'propertyCompany'], proceededDespiteMissing: true } })
  })

  it('sign-in refuses a person not on the roster by row', async () => {
    const f = await setup()
    const m = await newMeeting(f, { roster: [f.people.compoundBranch.id] })
    const e = await errorOf(f.services.meeting.signIn({ id: m.id, revision: m.revision, entries: [{ personId: f.people.compoundBranch.id, attendance: 'present' }, { personId: f.people.residentRep.id, attendance: 'present' }] }, asSecretary))
    expect(e.message).toBe('第 2 行：周大妈不在本次会议的参会名单中，请先加入名单')
    expect(e.fields).toHaveProperty(['entries.1.personId'])
    expect((await f.services.meeting.get({ id: m.id }, asSecretary)).roster[0].attendance).toBe('absent')
  })
})

describe('chair mode', () => {
  it('moves between items, runs the timer and the speakers queue, and refuses a stale revision', async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    const [a, b] = m.agenda
    expect(m.chair).toMatchObject({ currentItemId: a.id, itemElapsed: 0 })
    f.now.advance(90_000)
    m = await f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'timerPause' }, asChair)
    expect(m.chair).toMatchObject({ itemElapsed: 90, itemStartedAt: null })
    m = await f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'speakerAdd', personId: f.people.ownersCommittee.id }, asChair)
    const dup = await errorOf(f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'speakerAdd', personId: f.people.ownersCommittee.id }, asChair))
    expect(dup.message).toBe('张主任已在发言队列中')
    expect((await errorOf(f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'prev' }, asChair))).message).toBe('已经是第一项议程')
    const stale = m.revision
    m = await f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'next' }, asChair)
    expect(m.chair).toMatchObject({ currentItemId: b.id, itemElapsed: 0, speakers: [] })
    expect((await errorOf(f.services.meeting.chair({ id: m.id, revision: stale, action: 'next' }, asChair))).code).toBe('CONFLICT')
    expect((await errorOf(f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'next' }, asChair))).message).toBe('已经是最后一项议程')
    m = await f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'goto', itemId: a.id }, asChair)
    expect(m.chair.currentItemId).toBe(a.id)
    const changes: string[][] = []
    const off = f.db.onChange((e) => e.collection === 'meetings' && changes.push(e.ids))
    await f.services.meeting.chair({ id: m.id, revision: m.revision, action: 'timerReset' }, asChair)
    off()
    expect(changes).toEqual([[m.id]])
  })
})

describe('minutes', () => {
  it('two saves of one item with the same read revision: the second gets CONFLICT, never a silent overwrite', async () => {
    const f = await setup()
    const m = await runningMeeting(f)
    const item = m.agenda[0].id
    const first = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: item, itemRevision: 0, notes: '物业说明了车位情况', positions: { propertyCompany: 'agree' }, decision: '' }, asSecretary)
    expect(first.minutes.items[0]).toMatchObject({ revision: 1, updatedBy: '李秘书（秘书）' })
    const e = await errorOf(f.services.meeting.saveItemMinutes({ id: m.id, itemId: item, itemRevision: 0, notes: '另一个人的记录', positions: {}, decision: '' }, asChair))
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain('议程“车位被长期占用”的纪要已于')
    expect(e.fields).toHaveProperty('itemRevision')
    expect((await f.services.meeting.get({ id: m.id }, asSecretary)).minutes.items[0].notes).toBe('物业说明了车位情况')
  })

  it('saves of different items at the same time both land (the record race is retried)', async () => {
    const f = await setup()
    const m = await runningMeeting(f)
    const [a, b] = m.agenda
    await Promise.all([
      f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 0, notes: '第一项', positions: {}, decision: '甲' }, asSecretary),
      f.services.meeting.saveItemMinutes({ id: m.id, itemId: b.id, itemRevision: 0, notes: '第二项', positions: {}, decision: '乙' }, asChair),
    ])
    const after = await f.services.meeting.get({ id: m.id }, asSecretary)
    expect(after.minutes.items.map((i) => i.decision).sort()).toEqual(['乙', '甲'])
  })

  it('stores plain text: line breaks normalised, control characters refused by field, markup kept as text', async () => {
    const f = await setup()
    const m = await runningMeeting(f)
    const item = m.agenda[0].id
    const e = await errorOf(f.services.meeting.saveItemMinutes({ id: m.id, itemId: item, itemRevision: 0, notes: '正常\u0007响铃', positions: {}, decision: '' }, asSecretary))
    expect(e.code).toBe('VALIDATION')
    expect(e.fields).toHaveProperty('notes')
    const saved = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: item, itemRevision: 0, notes: '第一行\r\n<b>第二行</b>', positions: {}, decision: '决定' }, asSecretary)
    expect(saved.minutes.items[0].notes).toBe('第一行\n<b>第二行</b>')
  })

  it('approval needs the meeting ended and a confirmation for items without a decision; it locks the minutes and stores the canonical hash', async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    const [a] = m.agenda
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 0, notes: '讨论', positions: { ownersCommittee: 'agree', propertyCompany: 'oppose' }, decision: '物业月底前完成划线' }, asSecretary)
    expect((await errorOf(f.services.meeting.approve({ id: m.id, revision: m.revision }, asChair))).message).toBe('会议结束后才能审定纪要')
    m = await f.services.meeting.end({ id: m.id, revision: m.revision }, asChair)
    expect(m.status).toBe('ended')
    const e = await errorOf(f.services.meeting.approve({ id: m.id, revision: m.revision }, asChair))
    expect(e.message).toContain('以下议程没有议定事项：“电梯经常停运”')
    expect(e.fields).toHaveProperty('confirmMissingDecisions')
    m = await f.services.meeting.approve({ id: m.id, revision: m.revision, confirmMissingDecisions: true }, asChair)
    expect(m.minutes).toMatchObject({ status: 'approved', version: 1, approvedBy: { id: 'op-c', name: '王书记' } })
    expect(m.minutes.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(m.minutes.sha256).toBe(createHash('sha256').update(canonicalMinutes(m.minutes.snapshot!)).digest('hex'))
    expect(m.minutes.snapshot!.items[0]).toMatchObject({ title: '车位被长期占用', decision: '物业月底前完成划线', positions: { ownersCommittee: 'agree', propertyCompany: 'oppose', residentRep: 'none' } })
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'minutes.approve', target: m.id, detail: { version: 1, issue: '第1期', sha256: m.minutes.sha256 } })
    // the community's first minutes of the year: 第1期, part of what was approved (and hashed)
    expect(m.minutes.issue).toBe('第1期')
    expect(m.minutes.snapshot!.issue).toBe('第1期')
    const before = await meetingFiles(f)
    const locked = await errorOf(f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 1, notes: '改', positions: {}, decision: '改' }, asSecretary))
    expect(locked.message).toBe('纪要已审定，不能修改；更正请创建新版本')
    expect((await errorOf(f.services.meeting.update({ id: m.id, revision: m.revision, patch: { place: '别处' } }, asSecretary))).message).toContain('更正请创建新版本')
    expect(await meetingFiles(f)).toBe(before)
  })

  it('a correction is version 2 linked to version 1; both readable, the difference shown, both audited', async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    const [a, b] = m.agenda
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 0, notes: '讨论一\n讨论二', positions: {}, decision: '决定一' }, asSecretary)
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: b.id, itemRevision: 0, notes: '', positions: {}, decision: '决定二' }, asSecretary)
    m = await f.services.meeting.end({ id: m.id, revision: m.revision }, asChair)
    m = await f.services.meeting.approve({ id: m.id, revision: m.revision }, asChair)
    const v1Hash = m.minutes.sha256
    m = await f.services.meeting.correct({ id: m.id, revision: m.revision, reason: '决定一的完成时间记错' }, asSecretary)
    expect(m.minutes).toMatchObject({ version: 2, correctionOf: 1, status: 'draft', correctionReason: '决定一的完成时间记错', issue: '第1期' })
    expect(m.versions).toHaveLength(1)
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'minutes.correct', detail: { fromVersion: 1, toVersion: 2, previousSha256: v1Hash } })
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 1, notes: '讨论一\n讨论三', positions: { residentRep: 'reserve' }, decision: '决定一（6月底前）' }, asSecretary)
    m = await f.services.meeting.approve({ id: m.id, revision: m.revision }, asChair)
    expect(m.minutes.sha256).not.toBe(v1Hash)
    const { versions, diff } = await f.services.meeting.versions({ id: m.id }, asSecretary)
    expect(versions.map((v) => [v.version, v.status, v.sha256])).toEqual([
      [1, 'approved', v1Hash],
      [2, 'approved', m.minutes.sha256],
    ])
    expect(versions[0].snapshot.items[0].decision).toBe('决定一')
    expect(versions[1].snapshot.items[0].decision).toBe('决定一（6月底前）')
    expect(minutesHash(versions[0].snapshot)).toBe(v1Hash)
    expect(diff).toEqual([
      { field: 'notes', title: '车位被长期占用', lines: [{ op: 'same', text: '讨论一' }, { op: 'remove', text: '讨论二' }, { op: 'add', text: '讨论三' }] },
      { field: 'position', title: '车位被长期占用', party: 'residentRep', from: 'none', to: 'reserve' },
      { field: 'decision', title: '车位被长期占用', lines: [{ op: 'remove', text: '决定一' }, { op: 'add', text: '决定一（6月底前）' }] },
    ])
    expect((await errorOf(f.services.meeting.correct({ id: m.id, revision: m.revision - 1, reason: '再改' }, asSecretary))).code).toBe('CONFLICT')
  })

  it("the next meeting is offered the last ended meeting's decisions (上次议定事项落实情况)", async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '', positions: {}, decision: '物业月底前完成划线' }, asSecretary)
    m = await f.services.meeting.end({ id: m.id, revision: m.revision }, asChair)
    const next = await newMeeting(f, { title: '六月社区联席会议', startsAt: '2026-06-25T14:30:00+08:00' })
    const c = await f.services.meeting.agendaCandidates({ communityId: 'cA', meetingId: next.id }, asSecretary)
    expect(c.carryOvers).toEqual([expect.objectContaining({ meetingId: m.id, itemId: m.agenda[0].id, decision: '物业月底前完成划线', title: '车位被长期占用' })])
    const withCarry = await f.services.meeting.setAgenda({ id: next.id, revision: next.revision, items: [{ kind: 'carryOver', carryOver: { meetingId: m.id, itemId: m.agenda[0].id }, minutes: 5 }] }, asSecretary)
    expect(withCarry.agenda[0].title).toBe('上次议定事项落实情况：车位被长期占用')
  })
})

describe('removal', () => {
  it('names the tasks it decided as affected, and refuses once minutes are approved (an official record)', async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '', positions: {}, decision: '物业清理地库' }, asSecretary)
    await f.services.task.create(
      contract['task:create'].input.parse({ communityId: 'cA', title: '清理地库', party: 'propertyCompany', owner: '赵经理', deadline: '2026-06-01', source: { meetingId: m.id, itemId: m.agenda[0].id } }),
      asSecretary,
    )
    const plan = await f.services.meeting.removePlan({ id: m.id }, asSecretary)
    expect(plan.affects[0]).toBe('1 项由本次会议议定的任务（任务保留，但不再显示来源会议）')
    expect(plan.blocked).toBeUndefined()

    m = await f.services.meeting.end({ id: m.id, revision: m.revision }, asChair)
    m = await f.services.meeting.approve({ id: m.id, revision: m.revision, confirmMissingDecisions: true }, asChair)
    const blocked = await f.services.meeting.removePlan({ id: m.id }, asSecretary)
    expect(blocked.blocked).toBe('会议“五月社区联席会议”的纪要已审定（第 1 版），是正式记录，不能删除；如有错误，请在纪要页面创建更正版本。')
    const backups = (await f.db.backups()).length
    const refused = await errorOf(f.services.meeting.remove({ id: m.id, revision: m.revision, confirm: true }, asSecretary))
    expect(refused).toMatchObject({ code: 'CONFLICT', message: blocked.blocked })
    // Nothing happened: no backup, no audit entry, the meeting is there.
    expect((await f.db.backups()).length).toBe(backups)
    expect(f.audit.entries().some((e) => e.action === 'meeting.remove')).toBe(false)
    expect((await f.services.meeting.get({ id: m.id }, asSecretary)).minutes.status).toBe('approved')
  })

  it('takes a backup first and audits exactly what goes', async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '讨论', positions: {}, decision: '决定' }, asSecretary)
    const plan = await f.services.meeting.removePlan({ id: m.id }, asSecretary)
    expect(plan.hasMinutes).toBe(true)
    expect(plan.removes).toEqual(['会议“五月社区联席会议”（2026-05-25）', '2 项议程', '7 人的签到记录', '1 项议程的纪要（第 1 版，草稿）'])
    // What stays but loses its link: the topics on its agenda (their 一事一档); no task was decided yet.
    expect(plan.affects).toEqual([`${new Set(m.agenda.map((i) => i.topicId).filter(Boolean)).size} 个议题的一事一档中本次会议的记录（列入议程、议定事项）`])
    expect(plan.blocked).toBeUndefined()
    const stale = await errorOf(f.services.meeting.remove({ id: m.id, revision: m.revision - 1, confirm: true }, asSecretary))
    expect(stale.code).toBe('CONFLICT')
    const result = await f.services.meeting.remove({ id: m.id, revision: m.revision, confirm: true }, asSecretary)
    expect(result.removed).toEqual(plan.removes)
    expect((await f.db.backups()).find((b) => b.id === result.backup)).toMatchObject({ reason: 'before-meeting-remove' })
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'meeting.remove', target: m.id, detail: { removes: plan.removes, backup: result.backup } })
    expect((await errorOf(f.services.meeting.get({ id: m.id }, asSecretary))).code).toBe('NOT_FOUND')
    // The backup still holds the meeting (restorable), the live file no longer does.
    expect(await fileOf(f, `backups/${result.backup}/meetings/cA/2026.json`)).toContain(m.id)
    expect(await fileOf(f, 'meetings/cA/2026.json')).not.toContain(m.id)
  })
})

describe('write faults', () => {
  it('a disk that refuses an autosave: WRITE_FAILED, the file and memory as they were, the retry lands', async () => {
    const fs = spyFs()
    const f = await openMeetingFixture(undefined, undefined, fs)
    open.push(f)
    const m = await runningMeeting(f)
    const item = m.agenda[0].id
    const before = await meetingFiles(f)
    fs.failNext('rename', /meetings/)
    const e = await errorOf(f.services.meeting.saveItemMinutes({ id: m.id, itemId: item, itemRevision: 0, notes: '记录', positions: {}, decision: '' }, asSecretary))
    expect(e.code).toBe('WRITE_FAILED')
    expect(await meetingFiles(f)).toBe(before)
    expect((await f.services.meeting.get({ id: m.id }, asSecretary)).minutes.items).toEqual([])
    const saved = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: item, itemRevision: 0, notes: '记录', positions: {}, decision: '' }, asSecretary)
    expect(saved.minutes.items[0]).toMatchObject({ notes: '记录', revision: 1 })
  })
})

describe('community scope', () => {
  it("an operator working in another community neither reads nor writes this community's people and meetings", async () => {
    const f = await setup()
    const m = await newMeeting(f)
    const other = { transport: 'internal' as const, operator: { id: 'op-b', name: '东门秘书', role: 'secretary' as const, communityIds: ['cB'] } }
    expect((await errorOf(f.services.meeting.get({ id: m.id }, other))).code).toBe('FORBIDDEN')
    expect((await errorOf(f.services.people.list({ communityId: 'cA' }, other))).code).toBe('FORBIDDEN')
    expect((await errorOf(f.services.meeting.signIn({ id: m.id, revision: m.revision, entries: [{ personId: m.roster[0].personId, attendance: 'present' }] }, other))).code).toBe('FORBIDDEN')
    expect(await f.services.meeting.list({}, other)).toEqual([])
  })
})

describe('meeting times', () => {
  it("stamps on the street's clock (its time-zone setting), not the computer's offset", async () => {
    const now = () => new Date('2026-05-20T02:00:00Z')
    const db = {} as Parameters<typeof meetingRecords>[0]['db']
    expect(await meetingRecords({ db, now, timeZone: async () => 'Asia/Urumqi' }).stamp()).toBe('2026-05-20T08:00:00+06:00')
    expect(await meetingRecords({ db, now }).stamp()).toBe('2026-05-20T10:00:00+08:00')
  })
})

describe('a deleted demand in a topic', () => {
  it('is no longer counted among the topic’s demands offered for the agenda (its id stays, marked missing)', async () => {
    const f = await setup()
    const m = await newMeeting(f)
    const t = await confirmedTopic(f)
    const d = await f.services.demand.create({ communityId: 'cA', channel: 'hotline', category: 'parking', reporterName: '李强', receivedAt: '2026-05-18T10:00:00+08:00', description: '地库车位被占' }, asSecretary)
    const topic = (await f.services.topic.list({ communityId: 'cA' }, asSecretary)).find((x) => x.id === t)!
    await f.services.topic.merge({ topicId: t, demandIds: [d.id], revision: topic.revision }, asSecretary)
    const count = async () => (await f.services.meeting.agendaCandidates({ communityId: 'cA', meetingId: m.id }, asSecretary)).topics[0].demandCount
    expect(await count()).toBe(2)
    await f.services.demand.delete({ id: d.id, revision: (await f.db.getDemand(d.id))!.revision, reason: '重复登记' }, asSecretary)
    expect(await count()).toBe(1)
    const view = (await f.services.topic.list({ communityId: 'cA' }, asSecretary)).find((x) => x.id === t)!
    expect(view.demands.find((x) => x.id === d.id)).toEqual({ id: d.id, missing: true })
  })
})

describe('期号 of the minutes', () => {
  async function ended(f: MeetingFixture, title: string): Promise<Meeting> {
    const m = await newMeeting(f, { title })
    const t = await confirmedTopic(f, `${title}的议题`)
    let next = await f.services.meeting.setAgenda({ id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: t, minutes: 10 }] }, asSecretary)
    next = await f.services.meeting.signIn({ id: m.id, revision: next.revision, entries: next.roster.map((r) => ({ personId: r.personId, attendance: 'present' as const })) }, asSecretary)
    next = await f.services.meeting.start({ id: m.id, revision: next.revision }, asChair)
    next = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: next.agenda[0].id, itemRevision: 0, notes: '', positions: {}, decision: '同意' }, asSecretary)
    return f.services.meeting.end({ id: m.id, revision: next.revision }, asChair)
  }

  it('numbers the year’s minutes, takes a 期号 given, refuses one already used by field, and a correction keeps it', async () => {
    const f = await setup()
    const a = await ended(f, '一月联席会议')
    const approvedA = await f.services.meeting.approve({ id: a.id, revision: a.revision }, asChair)
    expect(approvedA.minutes.issue).toBe('第1期')
    const b = await ended(f, '二月联席会议')
    const taken = await errorOf(f.services.meeting.approve({ id: b.id, revision: b.revision, issue: '第1期' }, asChair))
    expect(taken.message).toBe('期号“第1期”已用于会议“一月联席会议”（2026-05-25），请换一个期号')
    expect(taken.fields).toHaveProperty('issue')
    expect((await f.services.meeting.get({ id: b.id }, asChair)).minutes.status).toBe('draft')
    const bad = contract['meeting:approve'].input.safeParse({ id: b.id, revision: b.revision, issue: '第2\n期' })
    expect(bad.success).toBe(false)
    // through the contract, as every call arrives: the 期号 is trimmed
    const approvedB = await f.services.meeting.approve(contract['meeting:approve'].input.parse({ id: b.id, revision: b.revision, issue: ' 〔2026〕5号 ' }), asChair)
    expect(approvedB.minutes.issue).toBe('〔2026〕5号')
    const c = await ended(f, '三月联席会议')
    expect((await f.services.meeting.approve({ id: c.id, revision: c.revision }, asChair)).minutes.issue).toBe('第2期')
    // a correction keeps its 期号 through the new version's approval
    const corrected = await f.services.meeting.correct({ id: a.id, revision: approvedA.revision, reason: '决定写错' }, asSecretary)
    expect(corrected.minutes.issue).toBe('第1期')
    const again = await f.services.meeting.approve({ id: a.id, revision: corrected.revision }, asChair)
    expect(again.minutes).toMatchObject({ version: 2, issue: '第1期' })
  })
})
