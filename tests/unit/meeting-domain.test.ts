// Issue 10, the pure rules: quorum (missing parties), plain-text checks, the canonical form of the
// minutes and its SHA-256, the line diff and the diff of two versions.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { agendaAddedAt, CARRY_OVER_PREFIX, carryOverTitle, diffLines, diffMinutes, fullPositions, itemElapsedAt, itemsWithoutDecision, missingParties, MEETING_TITLE_MAX, nextMinutesIssue, partyList, personGroup, PERSON_PARTIES, plainTextProblem, type MinutesSnapshot, type Person } from '../../shared/domain/meeting'
import { canonicalMinutes } from '../../shared/domain/minutes-canonical'

const people = new Map<string, Pick<Person, 'party'>>([
  ['p1', { party: 'compoundBranch' }],
  ['p2', { party: 'ownersCommittee' }],
  ['p3', { party: 'propertyCompany' }],
  ['p4', { party: 'socialOrganization' }],
  ['p5', { party: 'residentRep' }],
  ['p6', { party: 'communityPolice' }],
])

const snapshot = (over: Partial<MinutesSnapshot> = {}): MinutesSnapshot => ({
  meetingId: 'cA~mt~2026~x',
  version: 1,
  title: '五月社区联席会议',
  level: 'community',
  startsAt: '2026-05-25T14:30:00+08:00',
  place: '社区党群服务中心',
  chair: '刘支书',
  recorder: '郑记录',
  attendance: [
    { name: '周大妈', party: 'residentRep', attendance: 'present' },
    { name: '张主任', party: 'ownersCommittee', attendance: 'leave' },
  ],
  items: [
    { order: 2, title: '电梯停运', notes: '', positions: fullPositions({}), decision: '' },
    { order: 1, title: '车位被占', notes: '第一行\n第二行', positions: fullPositions({ ownersCommittee: 'agree' }), decision: '月底前划线' },
  ],
  ...over,
})

describe('quorum', () => {
  it('names the five parties with nobody present; 列席 and absent or on-leave people do not count', () => {
    const roster = [
      { personId: 'p1', attendance: 'present' as const },
      { personId: 'p2', attendance: 'leave' as const },
      { personId: 'p3', attendance: 'absent' as const },
      { personId: 'p5', attendance: 'present' as const },
      { personId: 'p6', attendance: 'present' as const },
      { personId: 'gone', attendance: 'present' as const },
    ]
    const missing = missingParties(roster, people)
    expect(missing).toEqual(['ownersCommittee', 'propertyCompany', 'socialOrganization'])
    expect(partyList(missing)).toBe('业委会、物业服务企业、社会组织')
    expect(missingParties([...people.keys()].map((personId) => ({ personId, attendance: 'present' as const })), people)).toEqual([])
  })

  it('the convener (社区党组织) is present without being one of the five: it fills no party', () => {
    const withConvener = new Map<string, Pick<Person, 'party'>>([...people, ['c1', { party: 'communityParty' }]])
    expect(missingParties([{ personId: 'c1', attendance: 'present' }], withConvener)).toEqual(['compoundBranch', 'ownersCommittee', 'propertyCompany', 'socialOrganization', 'residentRep'])
    expect(PERSON_PARTIES.map(personGroup)).toEqual(['convener', 'party', 'party', 'party', 'party', 'party', 'observer', 'observer', 'observer', 'observer', 'observer'])
  })
})

describe('plain text and the chair timer', () => {
  it('refuses control characters by label, accepts tabs, line breaks and markup-looking text', () => {
    expect(plainTextProblem('响铃\u0007', '讨论记录')).toBe('讨论记录含有无法显示的控制字符，请删除后再保存')
    expect(plainTextProblem('a\tb\nc\r\n<b>x</b>', '讨论记录')).toBeNull()
  })
  it('elapsed = seconds before the start + seconds since', () => {
    expect(itemElapsedAt({ currentItemId: 'a', itemStartedAt: '2026-05-25T14:30:00+08:00', itemElapsed: 30, speakers: [] }, new Date('2026-05-25T14:31:05+08:00'))).toBe(95)
    expect(itemElapsedAt({ currentItemId: 'a', itemStartedAt: null, itemElapsed: 30, speakers: [] }, new Date())).toBe(30)
  })
  it('lists agenda items without a decision in agenda order', () => {
    const agenda = [
      { id: 'b', kind: 'topic' as const, title: 'B', minutes: 5, order: 2 },
      { id: 'a', kind: 'topic' as const, title: 'A', minutes: 5, order: 1 },
    ]
    const items = [{ itemId: 'b', notes: '', positions: {}, decision: '  ', revision: 1, updatedAt: '', updatedBy: '' }]
    expect(itemsWithoutDecision({ agenda, minutes: { version: 1, status: 'draft', items, createdAt: '' } }).map((i) => i.id)).toEqual(['a', 'b'])
  })
})

describe('carry-over title', () => {
  it('is the prefix and the earlier title, cut to the title limit by characters', () => {
    expect(CARRY_OVER_PREFIX).toBe('上次议定事项落实情况：')
    expect(carryOverTitle('车位被长期占用')).toBe('上次议定事项落实情况：车位被长期占用')
    const long = carryOverTitle('楼'.repeat(80))
    expect([...long]).toHaveLength(MEETING_TITLE_MAX)
    expect(long).toBe(`${CARRY_OVER_PREFIX}${'楼'.repeat(MEETING_TITLE_MAX - [...CARRY_OVER_PREFIX].length)}`)
    // a character outside the BMP counts once and is never cut in half
    const emoji = carryOverTitle('😀'.repeat(60))
    expect([...emoji]).toHaveLength(MEETING_TITLE_MAX)
    expect(emoji.endsWith('😀')).toBe(true)
  })
})

describe('canonical form', () => {
  it('sorts keys, attendance (party order, then name) and items (by order); no whitespace', () => {
    const text = canonicalMinutes(snapshot())
    expect(text.startsWith('{"attendance":[{"attendance":"leave","name":"张主任","party":"ownersCommittee"},{"attendance":"present","name":"周大妈","party":"residentRep"}],"chair":"刘支书","items":[{"decision":"月底前划线"')).toBe(true)
    expect(text).not.toMatch(/\n\s|": /)
    expect(JSON.parse(text).items.map((i: { order: number }) => i.order)).toEqual([1, 2])
  })

  it('is the same for the same content whatever the key order, line endings or Unicode composition', () => {
    const a = snapshot()
    const reordered = JSON.parse(JSON.stringify({ ...a, items: [...a.items].reverse(), attendance: [...a.attendance].reverse() })) as MinutesSnapshot
    reordered.items[0].notes = '第一行\r\n第二行'
    reordered.place = '社区党群服务中心'.normalize('NFD')
    expect(canonicalMinutes(reordered)).toBe(canonicalMinutes(a))
  })

  it('its sha256 changes with any word of the content (and only then)', () => {
    const hash = (s: MinutesSnapshot) => createHash('sha256').update(canonicalMinutes(s), 'utf8').digest('hex')
    const base = hash(snapshot())
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(hash(snapshot())).toBe(base)
    expect(hash(snapshot({ place: '二楼会议室' }))).not.toBe(base)
    const s = snapshot()
    s.items[1].positions.propertyCompany = 'oppose'
    expect(hash(s)).not.toBe(base)
    // the 期号 is part of what is approved; a snapshot without one hashes as before it existed
    expect(hash(snapshot({ issue: '第3期' }))).not.toBe(base)
    expect(canonicalMinutes(snapshot({ issue: '第3期' }))).toContain('"issue":"第3期"')
    expect(canonicalMinutes(snapshot())).not.toContain('issue')
  })
})

describe('differences between versions', () => {
  it('line diff keeps common lines and marks removed and added ones', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'remove', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ])
    expect(diffLines('', 'x')).toEqual([{ op: 'add', text: 'x' }])
  })

  it('reports header fields, attendance, items added or removed, notes, positions and decisions', () => {
    const a = snapshot()
    const b = snapshot({ version: 2, place: '二楼会议室', attendance: [{ name: '周大妈', party: 'residentRep', attendance: 'leave' }] })
    b.items = [
      { ...a.items[1], positions: fullPositions({ ownersCommittee: 'reserve' }), decision: '六月底前划线' },
      { order: 2, title: '新议程', notes: '', positions: fullPositions({}), decision: '' },
    ]
    expect(diffMinutes(a, b)).toEqual([
      { field: 'place', from: '社区党群服务中心', to: '二楼会议室' },
      { field: 'attendance', name: '周大妈', from: 'present', to: 'leave' },
      { field: 'attendance', name: '张主任', from: 'leave', to: null },
      { field: 'item', title: '电梯停运', from: 2, to: null },
      { field: 'position', title: '车位被占', party: 'ownersCommittee', from: 'agree', to: 'reserve' },
      { field: 'decision', title: '车位被占', lines: [{ op: 'remove', text: '月底前划线' }, { op: 'add', text: '六月底前划线' }] },
      { field: 'item', title: '新议程', from: null, to: 2 },
    ])
    expect(diffMinutes(a, snapshot({ version: 2 }))).toEqual([])
  })
})

describe('people and meeting schemas', () => {
  it('refuse by field in zh-CN: a phone typed into a title, an unknown party, an agenda topic item without its topic', async () => {
    const { peopleSaveInput, meetingSetAgendaInput, meetingRemoveInput } = await import('../../shared/contract')
    const bad = peopleSaveInput.safeParse({ communityId: 'cA', name: '张主任', party: 'ownersCommittee', title: '电话13812345678' })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]).toMatchObject({ path: ['title'], message: '职务不能包含电话号码或身份证号' })
    expect(peopleSaveInput.safeParse({ communityId: 'cA', name: '张主任', party: 'mayor' }).error!.issues[0].message).toBe('请选择所属方（社区党组织、五方之一或列席）')
    expect(peopleSaveInput.parse({ communityId: 'cA', name: ' 张主任 ', party: 'residentRep', phone: '138 1234 5678' })).toMatchObject({ name: '张主任', phone: '13812345678', active: true })
    const agenda = meetingSetAgendaInput.safeParse({ id: 'cA~mt~2026~x', revision: 1, items: [{ kind: 'topic', minutes: 10 }] })
    expect(agenda.error!.issues[0]).toMatchObject({ path: ['items', 0, 'topicId'], message: '请选择议题' })
    expect(meetingRemoveInput.safeParse({ id: 'cA~mt~2026~x', revision: 1 }).error!.issues[0].message).toBe('删除会议须先确认')
  })
})

describe('期号', () => {
  it('numbers after the highest 第N期 of the year; other wordings do not take part', () => {
    expect(nextMinutesIssue([])).toBe('第1期')
    expect(nextMinutesIssue(['第1期', '第3期', '第2期'])).toBe('第4期')
    expect(nextMinutesIssue(['2026年第12期', '〔2026〕5号'])).toBe('第13期')
    expect(nextMinutesIssue(['〔2026〕5号'])).toBe('第1期')
  })
})

describe('when an item was put on the agenda (一事一档)', () => {
  const m = { createdAt: '2026-05-10T09:00:00+08:00', startsAt: '2026-05-25T14:30:00+08:00' }
  it('is the recorded moment when there is one', () => {
    expect(agendaAddedAt(m, { addedAt: '2026-05-12T16:00:00+08:00' }, '2026-05-11T08:00:00+08:00')).toBe('2026-05-12T16:00:00+08:00')
  })
  it('for old items: the earliest it could have been — the later of the meeting’s creation and the topic’s confirmation — never after the start', () => {
    expect(agendaAddedAt(m, {})).toBe(m.createdAt)
    expect(agendaAddedAt(m, {}, '2026-05-09T08:00:00+08:00')).toBe(m.createdAt)
    expect(agendaAddedAt(m, {}, '2026-05-11T08:00:00+08:00')).toBe('2026-05-11T08:00:00+08:00')
    // compared as moments, not as text: 02:00Z is 10:00 at +08:00, after the creation
    expect(agendaAddedAt(m, {}, '2026-05-11T02:00:00Z')).toBe('2026-05-11T02:00:00Z')
    // a meeting recorded after it was held
    expect(agendaAddedAt({ ...m, createdAt: '2026-05-26T09:00:00+08:00' }, {})).toBe(m.startsAt)
  })
})
