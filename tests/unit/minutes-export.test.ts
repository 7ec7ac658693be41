// Meeting → 纪要 / 签到表 (shared/domain/minutes-export.ts): one mapping for the .docx and the PDF.
import { describe, expect, it } from 'vitest'
import { fullPositions, type MinutesSnapshot } from '../../shared/domain/meeting'
import { attendeesLine, checkMinutesDoc, checkSignInSheet } from '../../shared/domain/minutes-doc'
import { DRAFT_ISSUE, exportFileName, minutesDocOf, signInSheetOf, withTasks } from '../../shared/domain/minutes-export'
import type { Task } from '../../shared/domain/task'

const snapshot = (): MinutesSnapshot => ({
  meetingId: 'cA~mt~2026~x',
  version: 1,
  title: '五月社区联席会议',
  level: 'community',
  startsAt: '2026-05-25T14:30:00+08:00',
  place: '社区党群服务中心',
  chair: '刘支书',
  recorder: '郑记录',
  attendance: [
    { name: '刘支书', party: 'compoundBranch', attendance: 'present' },
    { name: '张主任', party: 'ownersCommittee', attendance: 'leave' },
    { name: '赵经理', party: 'propertyCompany', attendance: 'present' },
    { name: '孙会长', party: 'socialOrganization', attendance: 'absent' },
    { name: '周大妈', party: 'residentRep', attendance: 'present' },
    { name: '吴警官', party: 'communityPolice', attendance: 'present' },
  ],
  items: [
    { order: 1, title: '车位被长期占用', notes: '讨论一\n讨论二', positions: fullPositions({ propertyCompany: 'agree' }), decision: '物业月底前完成划线' },
    { order: 2, title: '电梯经常停运', notes: '', positions: fullPositions({}), decision: '' },
  ],
})

describe('minutesDocOf', () => {
  it('groups the present by party, lists 请假 and 列席, and marks a draft', () => {
    const doc = minutesDocOf(snapshot(), { communityName: '七口堰社区', minutes: { version: 1, status: 'draft' }, endedAt: '2026-05-25T16:05:00+08:00' })
    expect(checkMinutesDoc(doc)).toEqual([])
    expect(doc).toMatchObject({
      mark: '七口堰社区联席会议纪要',
      issue: DRAFT_ISSUE,
      date: '2026-05-25',
      time: '14:30—16:05',
      attendees: [
        { party: 'compoundBranch', names: ['刘支书'] },
        { party: 'propertyCompany', names: ['赵经理'] },
        { party: 'residentRep', names: ['周大妈'] },
      ],
      leave: [{ party: 'ownersCommittee', names: ['张主任'] }],
      observers: [{ kind: 'communityPolice', names: ['吴警官'] }],
    })
    expect(doc.version).toBeUndefined()
    expect(doc.intro).toBe('2026年5月25日，刘支书主持召开五月社区联席会议，研究了“车位被长期占用”、“电梯经常停运”共2项议题。')
    // positions only where some party's position was recorded
    expect(doc.items[0].positions).toMatchObject({ propertyCompany: 'agree', residentRep: 'none' })
    expect(doc.items[1].positions).toBeUndefined()
  })

  it('puts the convener (社区党组织) first in 出席, not among 列席 or the parties’ positions', () => {
    const s = snapshot()
    s.attendance = [...s.attendance, { name: '李书记', party: 'communityParty', attendance: 'present' }]
    const doc = minutesDocOf(s, { communityName: '七口堰社区', minutes: { version: 1, status: 'draft' } })
    expect(checkMinutesDoc(doc)).toEqual([])
    expect(doc.attendees[0]).toEqual({ party: 'communityParty', names: ['李书记'] })
    expect(attendeesLine(doc).startsWith('社区党组织 李书记；小区党支部 刘支书')).toBe(true)
    expect(JSON.stringify(doc.observers)).not.toContain('李书记')
  })

  it('an approved correction carries its version line and 期号', () => {
    const doc = minutesDocOf(snapshot(), {
      communityName: '七口堰社区',
      minutes: { version: 2, status: 'approved', correctionOf: 1, approvedBy: { id: 'op', name: '王书记' }, approvedAt: '2026-05-26T09:15:02+08:00', sha256: 'ab'.repeat(32) },
    })
    expect(checkMinutesDoc(doc)).toEqual([])
    expect(doc.version).toEqual({ number: 2, approvedBy: '王书记', approvedAt: '2026-05-26 09:15', sha256: 'ab'.repeat(32), corrects: 1 })
    expect(doc.issue).toBe('第2版（更正第1版）')
    expect(doc.time).toBe('14:30')
  })

  it('prints the time the meeting was held when it was run in the app, on the street’s clock', () => {
    const minutes = { version: 1, status: 'draft' as const }
    // called for 14:30, started 14:31:06, ended 16:05 (stamps on the street's clock)
    const held = minutesDocOf(snapshot(), { communityName: '七口堰社区', minutes, startedAt: '2026-05-25T14:31:06+08:00', endedAt: '2026-05-25T16:05:00+08:00' })
    expect(held.time).toBe('14:31—16:05')
    expect(held.date).toBe('2026-05-25')
    // held on another day than called for: that day, in the time and in the opening sentence
    const moved = minutesDocOf(snapshot(), { communityName: '七口堰社区', minutes, startedAt: '2026-05-26T09:00:00+08:00', endedAt: '2026-05-26T10:00:00+08:00' })
    expect(moved).toMatchObject({ date: '2026-05-26', time: '09:00—10:00' })
    expect(moved.intro.startsWith('2026年5月26日，')).toBe(true)
    // not run in the app: the time it was called for
    expect(minutesDocOf(snapshot(), { communityName: '七口堰社区', minutes }).time).toBe('14:30')
  })

  it('lists each item’s tasks of this meeting (by deadline; the street’s and a department’s with their unit), none of another meeting', () => {
    const doc = minutesDocOf(snapshot(), { communityName: '七口堰社区', minutes: { version: 1, status: 'draft' } })
    const agenda = [{ id: 'i1', order: 1 }, { id: 'i2', order: 2 }]
    const task = (over: Partial<Task>): Task => ({ id: 'cA~tk~x', communityId: 'cA', title: '清理', party: 'propertyCompany', owner: '赵经理', deadline: '2026-06-30', topicIds: [], demandIds: [], status: 'notStarted', progress: [], createdAt: '2026-05-25T16:00:00+08:00', updatedAt: '2026-05-25T16:00:00+08:00', revision: 1, source: { meetingId: 'm1', itemId: 'i1' }, ...over }) as Task
    const out = withTasks(doc, snapshot(), agenda, 'm1', [
      task({ title: '施划停车线', deadline: '2026-06-30' }),
      task({ title: '协调交警', party: 'street', owner: '高强', deadline: '2026-06-05' }),
      task({ title: '别的会议的任务', source: { meetingId: 'm0', itemId: 'i1' } }),
      task({ title: '检修电梯', party: 'department', unit: '市场监管所', owner: '周工', source: { meetingId: 'm1', itemId: 'i2' } }),
    ])
    expect(out.items[0].tasks).toEqual([
      { what: '协调交警', owner: '高强（街道）', due: '2026-06-05' },
      { what: '施划停车线', owner: '赵经理', party: 'propertyCompany', due: '2026-06-30' },
    ])
    expect(out.items[1].tasks).toEqual([{ what: '检修电梯', owner: '周工（市场监管所）', due: '2026-06-30' }])
    expect(checkMinutesDoc(out)).toEqual([])
    expect(withTasks(doc, snapshot(), agenda, 'm1', []).items.every((i) => i.tasks === undefined)).toBe(true)
  })

  it('prints the 期号 under the mark: alone, before a correction’s version line, and on a draft', () => {
    const approved = { status: 'approved' as const, approvedBy: { id: 'op', name: '王书记' }, approvedAt: '2026-05-26T09:15:02+08:00', sha256: 'ab'.repeat(32) }
    const numbered = { ...snapshot(), issue: '第3期' }
    expect(minutesDocOf(numbered, { communityName: '七口堰社区', minutes: { version: 1, ...approved } }).issue).toBe('第3期')
    expect(minutesDocOf(numbered, { communityName: '七口堰社区', minutes: { version: 2, correctionOf: 1, ...approved } }).issue).toBe('第3期\u3000第2版（更正第1版）')
    expect(minutesDocOf(numbered, { communityName: '七口堰社区', minutes: { version: 2, status: 'draft' } }).issue).toBe(`第3期\u3000${DRAFT_ISSUE}`)
    expect(minutesDocOf(snapshot(), { communityName: '七口堰社区', minutes: { version: 1, ...approved } }).issue).toBeUndefined()
  })

  it('times the app stamped (the computer’s offset) are printed on the street’s wall clock', () => {
    // A laptop set to UTC: approved 21:10 UTC on 1 December is 05:10 on 2 December in the street;
    // the meeting (14:30 street time) ended 08:05 UTC = 16:05 street time.
    const doc = minutesDocOf(snapshot(), {
      communityName: '七口堰社区',
      minutes: { version: 1, status: 'approved', approvedBy: { id: 'op', name: '王书记' }, approvedAt: '2026-12-01T21:10:00+00:00', sha256: 'ab'.repeat(32) },
      endedAt: '2026-05-25T08:05:00+00:00',
      timeZone: 'Asia/Shanghai',
    })
    expect(doc.version?.approvedAt).toBe('2026-12-02 05:10')
    expect(doc.time).toBe('14:30—16:05')
  })

  it('a long agenda keeps the intro within its limit', () => {
    const s = snapshot()
    s.items = Array.from({ length: 30 }, (_, i) => ({ order: i + 1, title: `议题${i + 1}`.padEnd(40, '长'), notes: '', positions: fullPositions({}), decision: '' }))
    const doc = minutesDocOf(s, { communityName: '七口堰社区', minutes: { version: 1, status: 'draft' } })
    expect(checkMinutesDoc(doc)).toEqual([])
    expect(doc.intro).toContain('等30项议题')
  })
})

describe('signInSheetOf', () => {
  it('lists the roster by party (the convener, the five, then 列席), with titles', () => {
    const people = new Map([
      ['p1', { name: '吴警官', party: 'communityPolice' as const }],
      ['p2', { name: '周大妈', party: 'residentRep' as const, title: '楼栋长' }],
      ['p3', { name: '刘支书', party: 'compoundBranch' as const }],
      ['p4', { name: '李书记', party: 'communityParty' as const }],
    ])
    const roster = ['p1', 'p2', 'p3', 'gone', 'p4'].map((personId) => ({ personId }))
    const sheet = signInSheetOf({ level: 'compound', startsAt: '2026-05-25T14:30:00+08:00', place: '活动室', roster }, people, '七口堰社区')
    expect(checkSignInSheet(sheet)).toEqual([])
    expect(sheet.title).toBe('七口堰社区小区议事会签到表')
    expect(sheet.rows).toEqual([
      { name: '李书记', partyLabel: '社区党组织' },
      { name: '刘支书', partyLabel: '小区党支部' },
      { name: '周大妈', partyLabel: '居民代表', role: '楼栋长' },
      { name: '吴警官', partyLabel: '列席（社区民警）' },
    ])
  })
})

it('file names lose the characters Windows refuses', () => {
  expect(exportFileName('五月/六月:会议?', '纪要-第1版', 'docx')).toBe('五月_六月_会议_-纪要-第1版.docx')
})
