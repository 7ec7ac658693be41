// 效果评价 (issue 11) through the real services and data folder: told → rated → closed, the rules in
// between, reopening that keeps the first closure, 无法联系 after three attempts, the rates from
// the derived counts, 一事一档 and a topic's effect.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contract } from '../../shared/contract'
import type { Demand } from '../../shared/domain/entities'
import type { Meeting } from '../../shared/domain/meeting'
import type { Topic } from '../../shared/domain/topic-model'
import { asChair, asSecretary, confirmedTopic, errorOf, openMeetingFixture, runningMeeting, type MeetingFixture } from './meeting-fixture'

let f: MeetingFixture
let m: Meeting
let demandId: string

const rev = async (id: string) => (await f.db.getDemand(id))!.revision
const tell = async (id = demandId) =>
  f.services.feedback.tell(
    contract['feedback:tell'].input.parse({ demandId: id, revision: await rev(id), at: '2026-05-19T16:00', way: 'phone', teller: '李秘书', text: '已告知：地库僵尸车已清理' }),
    asSecretary,
  )
const followUp = async (over: Record<string, unknown>, id = demandId) =>
  f.services.feedback.followUp(contract['feedback:followUp'].input.parse({ demandId: id, revision: await rev(id), at: '2026-05-20T08:00', way: 'visit', ...over }), asSecretary)
const close = async (outcome: 'rated' | 'unreachable', id = demandId) => f.services.feedback.close({ demandId: id, revision: await rev(id), outcome }, asSecretary)

beforeEach(async () => {
  f = await openMeetingFixture()
  m = await runningMeeting(f)
  const topic = (await f.db.collection<Topic>('topics').get(m.agenda[0].topicId!))!
  demandId = topic.demandIds[0]
})
afterEach(async () => {
  await f.db.close()
})

describe('效果评价', () => {
  it('refuses a rating before feedback, and closing with an open task, each with its reason; nothing changes', async () => {
    const before = await f.db.getDemand(demandId)
    const early = await errorOf(followUp({ reached: true, rating: 'satisfied' }))
    expect(early.fields?.rating).toBe('尚未向居民反馈办理结果，请先登记反馈告知，再回访评价')
    expect(await f.db.getDemand(demandId)).toEqual(before)

    await f.services.meeting.saveItemMinutes({ id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '', positions: {}, decision: '物业清理' }, asSecretary)
    const task = await f.services.task.create(
      contract['task:create'].input.parse({ communityId: 'cA', title: '清理僵尸车', party: 'propertyCompany', owner: '赵经理', deadline: '2026-06-01', source: { meetingId: m.id, itemId: m.agenda[0].id } }),
      asSecretary,
    )
    await tell()
    const rated = await followUp({ reached: true, rating: 'satisfied', comment: '清理得很干净' })
    expect(rated.closeRefusal.rated).toBe('还有未完成的任务：清理僵尸车，不能办结')
    const refused = await errorOf(close('rated'))
    expect(refused.fields?.outcome).toBe('还有未完成的任务：清理僵尸车，不能办结')
    expect((await f.db.getDemand(demandId))!.status).toBe('notified')

    await f.services.task.progress({ id: task.id, revision: task.revision, text: '已清理', status: 'done' }, asSecretary)
    const done = await close('rated')
    expect(done.demand.status).toBe('evaluated')
    expect(done.demand.closure).toMatchObject({ outcome: 'rated', rating: 'satisfied', days: 2, by: '李秘书（秘书）' })
    expect(f.audit.entries().filter((e) => e.action === 'demand.close').map((e) => e.detail)).toEqual([
      { communityId: 'cA', caseNo: done.demand.caseNo, outcome: 'rated', rating: 'satisfied', days: 2 },
    ])
  })

  it('the rates follow each closure through the derived counts; reopening keeps the first closure and is audited', async () => {
    await tell()
    await followUp({ reached: true, rating: 'basicallySatisfied' })
    await close('rated')
    const rates = await f.services.stats.rates({ communityId: 'cA', from: '2026-05', to: '2026-05' }, asChair)
    expect(rates).toMatchObject({ demands: 2, closed: 1, closeRate: 50, rated: 1, satisfied: 1, satisfactionRate: 100, participationRate: 100, avgCloseDays: 2 })

    const refusedEdit = await errorOf(f.services.demand.update({ id: demandId, revision: await rev(demandId), patch: { description: '改' } }, asSecretary).then(() => close('rated')))
    expect(refusedEdit.fields?.outcome).toBe('该诉求已经办结')
    const reopened = await f.services.feedback.reopen({ demandId, revision: await rev(demandId), reason: '居民反映僵尸车又出现' }, asSecretary)
    expect(reopened.demand).toMatchObject({ status: 'handling', pastClosures: [{ outcome: 'rated', rating: 'basicallySatisfied' }], reopenings: [{ reason: '居民反映僵尸车又出现' }] })
    expect(reopened.demand.closure).toBeUndefined()
    expect((await f.services.stats.rates({ communityId: 'cA', from: '2026-05', to: '2026-05' }, asChair)).closed).toBe(0)
    // A new round: the earlier feedback and rating were about the result that did not last.
    expect(reopened.ratingRefusal).toBe('尚未向居民反馈办理结果，请先登记反馈告知，再回访评价')
    expect(reopened.closeRefusal.rated).toBe('尚未向居民反馈办理结果，不能办结')
    await tell()
    expect((await f.services.feedback.get({ demandId }, asSecretary)).closeRefusal.rated).toMatch(/^尚未回访评价/)
    expect(f.audit.entries().map((e) => e.action)).toContain('demand.reopen')
    const noReason = contract['feedback:reopen'].input.safeParse({ demandId, revision: 1, reason: ' ' })
    expect(noReason.error?.issues[0].message).toBe('请填写重新打开的原因')
  })

  it('无法联系 only after three logged failed attempts; a follow-up that reached needs a rating', async () => {
    await tell()
    expect(contract['feedback:followUp'].input.safeParse({ demandId, revision: 1, at: '2026-05-20T09:00', way: 'phone', reached: true }).error?.issues[0].message).toBe(
      '联系上居民时，请选择评价（满意、基本满意或不满意）',
    )
    await followUp({ reached: false })
    await followUp({ reached: false, at: '2026-05-20T08:30' })
    const two = await errorOf(close('unreachable'))
    expect(two.message).toBe('已登记 2 次未联系上的回访，满 3 次后才能按“无法联系”办结')
    await followUp({ reached: false, at: '2026-05-20T09:30' })
    const closed = await close('unreachable')
    expect(closed.demand.closure).toMatchObject({ outcome: 'unreachable' })
    expect(closed.demand.closure?.rating).toBeUndefined()
  })

  it('一事一档 lists every step in time order with links; a topic’s effect summarises its demands', async () => {
    await f.services.meeting.saveItemMinutes({ id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '', positions: {}, decision: '物业一周内清理' }, asSecretary)
    f.now.set('2026-05-27T10:00:00+08:00')
    const task = await f.services.task.create(
      contract['task:create'].input.parse({ communityId: 'cA', title: '清理僵尸车', party: 'propertyCompany', owner: '赵经理', deadline: '2026-06-01', source: { meetingId: m.id, itemId: m.agenda[0].id } }),
      asSecretary,
    )
    await f.services.task.progress({ id: task.id, revision: task.revision, text: '已清理完毕', status: 'done' }, asSecretary)
    f.now.set('2026-05-28T10:00:00+08:00')
    await f.services.feedback.tell(
      contract['feedback:tell'].input.parse({ demandId, revision: await rev(demandId), at: '2026-05-28T09:00', way: 'phone', teller: '李秘书', text: '已告知：僵尸车已清理' }),
      asSecretary,
    )
    await followUp({ reached: true, rating: 'satisfied', at: '2026-05-28T09:30' })
    await close('rated')
    const { entries, communityName } = await f.services.feedback.timeline({ demandId }, asChair)
    expect(communityName).toBe('七口堰社区')
    expect(entries.map((e) => e.kind)).toEqual(['received', 'recorded', 'topic', 'agenda', 'decision', 'task', 'progress', 'feedback', 'followUp', 'closed'])
    expect(entries.find((e) => e.kind === 'agenda')).toMatchObject({ title: '列入会议“五月社区联席会议”议程（第 1 项，会议时间 2026-05-25 14:30）', link: { area: 'meeting', id: m.id } })
    // The decision names the meeting it was decided at (the printout has no links).
    expect(entries.find((e) => e.kind === 'decision')).toMatchObject({ title: '议定事项（会议“五月社区联席会议”，2026-05-25 14:30，纪要待审定）', detail: '物业一周内清理' })
    expect(entries.find((e) => e.kind === 'task')).toMatchObject({ title: '制定任务：清理僵尸车', link: { area: 'task', id: task.id } })
    expect(entries.find((e) => e.kind === 'topic')?.title).toBe('列入议题“车位被长期占用”')
    expect(entries.at(-1)?.title).toBe('办结（居民评价满意，用时 10 天）')

    const effect = await f.services.feedback.topicEffect({ topicId: m.agenda[0].topicId! }, asChair)
    expect(effect).toMatchObject({ demands: 1, told: 1, rated: 1, closed: 1, satisfactionRate: 100, ratings: { satisfied: 1, basicallySatisfied: 0, dissatisfied: 0 } })
    const stored = (await f.db.getDemand(demandId)) as Demand
    expect(stored.feedback?.[0]).toMatchObject({ teller: '李秘书', way: 'phone' })
  })

  it('一事一档 dates 列入议程 when it was put on the agenda, so what was done before the meeting follows it', async () => {
    const at = (iso?: string) => Date.parse(iso ?? '')
    // runningMeeting set the agenda at the fixture's clock (2026-05-20 10:00); the meeting is on the 25th.
    const first = (await f.db.collection<Meeting>('meetings').get(m.id))!
    expect(first.agenda.map((a) => at(a.addedAt))).toEqual([at('2026-05-20T10:00:00+08:00'), at('2026-05-20T10:00:00+08:00')])
    f.now.set('2026-05-22T11:00:00+08:00')
    await f.services.demand.update({ id: demandId, revision: await rev(demandId), patch: { description: '北门车位被僵尸车长期占用，请协调' } }, asSecretary)
    const kinds = async () => (await f.services.feedback.timeline({ demandId }, asChair)).entries.map((e) => [e.kind, at(e.at)])
    expect(await kinds()).toEqual([
      ['received', at('2026-05-18T09:00:00+08:00')],
      ['recorded', expect.any(Number)],
      ['topic', expect.any(Number)],
      ['agenda', at('2026-05-20T10:00:00+08:00')],
      ['corrected', at('2026-05-22T11:00:00+08:00')],
    ])

    // Saving the agenda again keeps each item's moment; a newly added item gets the time it was added.
    f.now.set('2026-05-23T09:00:00+08:00')
    const third = await confirmedTopic(f, '楼道堆物')
    const meeting = await f.services.meeting.get({ id: m.id }, asSecretary)
    const kept = meeting.agenda.map((a) => ({ id: a.id, kind: 'topic' as const, topicId: a.topicId, minutes: a.minutes }))
    const resaved = await f.services.meeting.setAgenda({ id: m.id, revision: meeting.revision, items: [...kept, { kind: 'topic', topicId: third, minutes: 5 }] }, asSecretary)
    expect(resaved.agenda.map((a) => at(a.addedAt))).toEqual(['2026-05-20T10:00:00+08:00', '2026-05-20T10:00:00+08:00', '2026-05-23T09:00:00+08:00'].map(at))

    // Data from before the moment was recorded: the topic's confirmation stands in, still before the correction.
    const stored = (await f.db.collection<Meeting>('meetings').get(m.id))!
    const { addedAt: _gone, ...old } = stored.agenda[0]
    void _gone
    await f.db.collection<Meeting>('meetings').save({ ...stored, agenda: [old, ...stored.agenda.slice(1)] }, { expectRevision: stored.revision })
    const topic = (await f.db.collection<Topic>('topics').get(stored.agenda[0].topicId!))!
    const confirmedAt = topic.history.filter((e) => e.kind === 'confirm').at(-1)!.at
    const after = await kinds()
    expect(after.find(([k]) => k === 'agenda')).toEqual(['agenda', at(confirmedAt)])
    expect(after.map(([k]) => k)).toEqual(['received', 'recorded', 'topic', 'agenda', 'corrected'])
  })
})
