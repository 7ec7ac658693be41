// Tasks (issue 11) through the real services and data folder: from a meeting's decision to a task,
// progress notes, overdue by the street's date (clock injected), 街道兜底 and the ledger .xlsx.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { contract } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Meeting } from '../../shared/domain/meeting'
import type { Topic } from '../../shared/domain/topic-model'
import { asChair, asSecretary, errorOf, openMeetingFixture, runningMeeting, type MeetingFixture } from './meeting-fixture'

let f: MeetingFixture
let m: Meeting

/** 受理研判 of each demand (the fixture's are 居民呼叫): only triaged demands follow their topic. */
async function acceptAll(ids: string[]): Promise<void> {
  for (const id of ids) {
    const d = (await f.db.getDemand(id))!
    await f.services.triage.decide({ id, revision: d.revision, decision: 'accepted', level: 'community', urgency: 'normal' }, asSecretary)
  }
}

async function decide(itemIndex: number, decision: string): Promise<void> {
  const item = m.agenda[itemIndex]
  await f.services.meeting.saveItemMinutes({ id: m.id, itemId: item.id, itemRevision: 0, notes: '各方发言', positions: { propertyCompany: 'agree' }, decision }, asSecretary)
}

const task = (over: Record<string, unknown> = {}) =>
  contract['task:create'].input.parse({
    communityId: 'cA',
    title: '清理地库僵尸车',
    party: 'propertyCompany',
    owner: '赵经理',
    deadline: '2026-06-15',
    source: { meetingId: m.id, itemId: m.agenda[0].id },
    ...over,
  })

beforeEach(async () => {
  f = await openMeetingFixture()
  m = await runningMeeting(f)
})
afterEach(async () => {
  await f.db.close()
})

describe('tasks from decisions', () => {
  it('refuses a decision with no 议定事项 yet, and a deadline before the meeting, each naming the field', async () => {
    const none = await errorOf(f.services.task.create(task(), asSecretary))
    expect(none.code).toBe('VALIDATION')
    expect(none.fields?.source).toBe('议程事项“车位被长期占用”还没有议定事项，请先在会议纪要中填写')
    await decide(0, '物业一周内清理地库僵尸车，业委会监督')
    const early = await errorOf(f.services.task.create(task({ deadline: '2026-05-24' }), asSecretary))
    expect(early.fields?.deadline).toBe('完成时限不能早于会议日期（2026-05-25）')
    expect(await f.services.task.list({}, asSecretary)).toEqual([])
  })

  it('the schema refuses a task without owner or deadline, and a department without its name', () => {
    const r = contract['task:create'].input.safeParse({ communityId: 'cA', title: '修路灯', party: 'department' })
    expect(r.success).toBe(false)
    const fields = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(fields.owner).toBe('请填写责任人')
    expect(fields.deadline).toBe('请填写完成时限')
    const unit = contract['task:create'].input.safeParse({ communityId: 'cA', title: '修路灯', party: 'department', owner: '李科长', deadline: '2026-06-01' })
    expect(unit.error?.issues[0]).toMatchObject({ path: ['unit'], message: '责任方为职能部门时，请填写部门名称' })
    expect(contract['task:create'].input.safeParse({ communityId: 'cA', title: '修路灯', party: 'street', owner: '李科长', deadline: '2026-02-30' }).error?.issues[0].message).toBe(
      '完成时限须为有效日期，如 2026-12-31',
    )
  })

  it('a task from a decision follows its topic and demands; the decisions list shows it under its item', async () => {
    await decide(0, '物业一周内清理地库僵尸车，业委会监督')
    const made = await f.services.task.create(task(), asSecretary)
    const topic = (await f.db.collection<Topic>('topics').get(m.agenda[0].topicId!))!
    expect(made).toMatchObject({ status: 'notStarted', column: 'notStarted', overdue: false, topicIds: [topic.id], demandIds: topic.demandIds, createdBy: '李秘书（秘书）' })
    const d = await f.services.task.decisions({ meetingId: m.id }, asSecretary)
    expect(d.meetingDay).toBe('2026-05-25')
    expect(d.items.map((i) => [i.title, i.decision, i.tasks.map((t) => t.id)])).toEqual([
      ['车位被长期占用', '物业一周内清理地库僵尸车，业委会监督', [made.id]],
      ['电梯经常停运', '', []],
    ])
    expect(f.audit.entries().map((e) => e.action)).toContain('task.create')
  })
})

describe('progress, overdue and escalation', () => {
  it('notes move the task; 已逾期 comes from the street date; done stops it; a stale revision is refused', async () => {
    await decide(0, '物业一周内清理')
    const t = await f.services.task.create(task({ deadline: '2026-06-01' }), asSecretary)
    const first = await f.services.task.progress({ id: t.id, revision: t.revision, text: '已发通知' }, asSecretary)
    expect(first).toMatchObject({ status: 'inProgress', progress: [{ text: '已发通知', by: '李秘书（秘书）', status: 'inProgress' }] })
    const stale = await errorOf(f.services.task.progress({ id: t.id, revision: t.revision, text: '重复提交' }, asSecretary))
    expect(stale.code).toBe('CONFLICT')

    // The deadline day itself is still in time; the day after (street time) it is overdue.
    f.now.set('2026-06-01T23:30:00+08:00')
    expect((await f.services.task.get({ id: t.id }, asSecretary)).overdue).toBe(false)
    f.now.set('2026-06-03T08:00:00+08:00')
    const late = await f.services.task.get({ id: t.id }, asSecretary)
    expect(late).toMatchObject({ overdue: true, column: 'overdue', daysOverdue: 2 })
    expect(await f.services.task.overdue({}, asSecretary)).toEqual({ count: 1, byCommunity: { cA: 1 }, today: '2026-06-03' })
    expect((await f.services.task.list({ column: 'overdue' }, asSecretary)).map((x) => x.id)).toEqual([t.id])

    const done = await f.services.task.progress({ id: t.id, revision: late.revision, text: '已清理完毕', status: 'done' }, asSecretary)
    expect(done).toMatchObject({ status: 'done', column: 'done', overdue: false, doneAt: '2026-06-03T08:00:00+08:00' })
    expect((await f.services.task.overdue({}, asSecretary)).count).toBe(0)
    const edit = await errorOf(f.services.task.update({ ...contract['task:update'].input.parse({ id: t.id, revision: done.revision, title: '改', party: 'street', owner: '某', deadline: '2026-07-01' }) }, asSecretary))
    expect(edit.message).toContain('已完成')
  })

  it('街道兜底: the topic goes to the street with the task and reason in its history; the task stops there', async () => {
    await decide(0, '物业一周内清理')
    const t = await f.services.task.create(task(), asSecretary)
    const { task: escalated, topicId } = await f.services.task.escalate({ id: t.id, revision: t.revision, reason: '物业拒不配合，需街道协调' }, asChair)
    expect(escalated).toMatchObject({ status: 'escalated', column: 'escalated', escalation: { reason: '物业拒不配合，需街道协调', topicId, by: '王书记（主持人）' } })
    const topic = (await f.db.collection<Topic>('topics').get(topicId))!
    expect(topic).toMatchObject({ level: 'street', status: 'proposed' })
    expect(topic.order).toBeUndefined()
    expect(topic.history.at(-1)).toMatchObject({ kind: 'escalate', taskId: t.id, reason: '物业拒不配合，需街道协调' })
    const again = await errorOf(f.services.task.progress({ id: t.id, revision: escalated.revision, text: '继续' }, asSecretary))
    expect(again.message).toBe('任务“清理地库僵尸车”已提交街道兜底，不能再添加进展')
    expect(f.audit.entries().filter((e) => e.action === 'task.escalate')).toHaveLength(1)
  })

  it('街道兜底 takes the topic’s demands there too (those not there yet, nor told, nor closed), audited', async () => {
    await decide(0, '物业一周内清理')
    const topic = (await f.db.collection<Topic>('topics').get(m.agenda[0].topicId!))!
    expect(topic.demandIds.length).toBeGreaterThan(0)
    await acceptAll(topic.demandIds)
    const t = await f.services.task.create(task(), asSecretary)
    await f.services.task.escalate({ id: t.id, revision: t.revision, reason: '物业拒不配合，需街道协调' }, asChair)
    for (const id of topic.demandIds) expect((await f.db.getDemand(id))!.status).toBe('escalated')
    const entry = f.audit.entries().find((e) => e.action === 'task.escalate')!
    expect(entry.detail).toMatchObject({ topicId: topic.id, demands: topic.demandIds })
  })

  it('街道兜底 whose last write fails leaves the demands, the topic and the task as they were', async () => {
    await decide(0, '物业一周内清理')
    const topic = (await f.db.collection<Topic>('topics').get(m.agenda[0].topicId!))!
    await acceptAll(topic.demandIds)
    const t = await f.services.task.create(task(), asSecretary)
    // The task is written last (after the demands and the topic): its write fails.
    const tasks = f.db.collection('tasks')
    const save = tasks.save.bind(tasks)
    tasks.save = (async () => {
      throw new AppError('WRITE_FAILED', '保存失败：测试注入，本次修改未保存')
    }) as typeof tasks.save
    const e = await errorOf(f.services.task.escalate({ id: t.id, revision: t.revision, reason: '物业拒不配合' }, asChair))
    tasks.save = save
    expect(e.code).toBe('WRITE_FAILED')
    expect((await f.services.task.get({ id: t.id }, asSecretary)).status).toBe('notStarted')
    const now = (await f.db.collection<Topic>('topics').get(topic.id))!
    expect({ ...now, revision: 0 }).toEqual({ ...topic, revision: 0 })
    for (const id of topic.demandIds) expect((await f.db.getDemand(id))!.status).toBe('accepted')
  })

  it('escalation of a task with no topic is refused and changes nothing', async () => {
    const t = await f.services.task.create(task({ source: undefined, topicIds: [], demandIds: [] }), asSecretary)
    const e = await errorOf(f.services.task.escalate({ id: t.id, revision: t.revision, reason: '没人管' }, asSecretary))
    expect(e.message).toBe('该任务没有关联议题，无法提交街道兜底；请先在任务中关联议题')
    expect((await f.services.task.get({ id: t.id }, asSecretary)).status).toBe('notStarted')
  })
})

describe('上次议定事项落实情况', () => {
  it('the next meeting is offered the last meeting’s decisions with their open tasks and what to report', async () => {
    await decide(0, '物业一周内清理')
    await decide(1, '维保单位月底前检修电梯')
    const t = await f.services.task.create(task({ deadline: '2026-06-01' }), asSecretary)
    const ended = await f.services.meeting.end({ id: m.id, revision: (await f.services.meeting.get({ id: m.id }, asSecretary)).revision }, asChair)
    f.now.set('2026-06-05T09:00:00+08:00')
    const next = await f.services.meeting.create(
      { communityId: 'cA', level: 'community', title: '六月社区联席会议', startsAt: '2026-06-25T14:30:00+08:00', place: '会议室', chairId: f.people.compoundBranch.id, recorderId: f.people.recorder.id },
      asSecretary,
    )
    const c = await f.services.meeting.agendaCandidates({ communityId: 'cA', meetingId: next.id }, asSecretary)
    expect(c.carryOvers.map((x) => [x.title, x.openTasks, x.note])).toEqual([
      ['车位被长期占用', 1, '未完成任务 1 项：清理地库僵尸车（赵经理，2026-06-01前，已逾期 4 天）'],
      ['电梯经常停运', 0, '尚未制定任务，请说明落实安排'],
    ])
    // Once the task is done, the item is still offered from the latest meeting, reporting completion.
    await f.services.task.progress({ id: t.id, revision: t.revision, text: '已清理', status: 'done' }, asSecretary)
    const after = await f.services.meeting.agendaCandidates({ communityId: 'cA', meetingId: next.id }, asSecretary)
    expect(after.carryOvers[0]).toMatchObject({ openTasks: 0, note: '任务已全部完成（1 项），请报告落实效果' })
    expect(ended.status).toBe('ended')
  })
})

describe('topics decided at a meeting', () => {
  it('close when the minutes are approved: the decided one closes, the undecided one stays confirmed', async () => {
    await decide(0, '物业一周内清理')
    const endedMeeting = await f.services.meeting.end({ id: m.id, revision: (await f.services.meeting.get({ id: m.id }, asSecretary)).revision }, asChair)
    await f.services.meeting.approve({ id: m.id, revision: endedMeeting.revision, confirmMissingDecisions: true }, asChair)
    const [decided, undecided] = await Promise.all(m.agenda.map((a) => f.db.collection<Topic>('topics').get(a.topicId!)))
    expect(decided).toMatchObject({ status: 'closed' })
    expect(decided!.order).toBeUndefined()
    expect(decided!.history.at(-1)).toMatchObject({ kind: 'close', meetingId: m.id, by: '王书记（主持人）' })
    expect(undecided).toMatchObject({ status: 'confirmed' })
  })
})

describe('the ledger .xlsx', () => {
  it('has Chinese headers, a frozen header, real dates, the filters applied, and formula-like text as text', async () => {
    await decide(0, '物业一周内清理')
    await f.services.task.create(task({ title: '=HYPERLINK("http://x","点我")', owner: '赵经理' }), asSecretary)
    await f.services.task.create(task({ source: undefined, title: '修复路灯', party: 'department', unit: '城管中队', owner: '李科长', deadline: '2026-07-01', topicIds: [], demandIds: [] }), asSecretary)
    const file = await f.services.task.export(contract['task:export'].input.parse({ party: 'propertyCompany' }), asSecretary)
    expect(file.fileName).toBe('任务台账-2026-05-20.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('任务台账')!
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect((sheet.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['序号', '社区', '任务内容', '责任方', '责任单位', '责任人', '完成时限'])
    expect(sheet.rowCount).toBe(2) // the department's task is filtered out
    const row = sheet.getRow(2)
    expect(row.getCell(2).value).toBe('七口堰社区')
    expect(row.getCell(3).value).toBe('=HYPERLINK("http://x","点我")')
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String)
    expect(row.getCell(7).value).toEqual(new Date('2026-06-15T00:00:00Z'))
    expect(row.getCell(7).numFmt).toBe('yyyy-mm-dd')
    expect(row.getCell(10).value).toBe('五月社区联席会议')
    expect(String(row.getCell(11).value)).toMatch(/^七口堰-2026-\d{4}$/)
    expect(sheet.getColumn(3).width).toBe(28)

    // A linked demand deleted since: the ledger says so, never its internal id.
    const [listed] = await f.services.task.list(contract['task:list'].input.parse({ party: 'propertyCompany' }), asSecretary)
    for (const id of listed.demandIds) {
      const d = await f.services.demand.get({ id }, asChair)
      await f.services.demand.delete({ id, revision: d.revision, reason: '重复登记' }, asChair)
    }
    const after = new ExcelJS.Workbook()
    await after.xlsx.load(Buffer.from((await f.services.task.export(contract['task:export'].input.parse({ party: 'propertyCompany' }), asSecretary)).base64, 'base64') as unknown as ArrayBuffer)
    expect(String(after.getWorksheet('任务台账')!.getRow(2).getCell(11).value)).toBe(listed.demandIds.map(() => '（已删除的诉求）').join('、'))
  })
})
