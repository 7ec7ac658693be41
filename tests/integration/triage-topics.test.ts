// Issue 9, items 5–7 on a real data folder: triage decisions move the status along the loop and
// are audited; duplicates are suggested with reasons (phones never returned); merge / undo /
// split round trips restore links exactly; refusals are zh-CN and leave every file as it was; the
// topics collection is backed up and restored; roles through the real backend.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import type { Community, Demand } from '../../shared/domain/entities'
import type { Topic } from '../../shared/domain/topic-model'
import type { OperatorIdentity } from '../../shared/domain/permissions'
import { openDatabase, type Database } from '../../electron/data'
import { createServices, type CallContext, type Services } from '../../electron/services'
import { topicsCollection } from '../../electron/services/topics-collection'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { openTeam, type Team } from '../helpers/sessions'
import { clock, tempDir } from './helpers'

const NOW = '2026-05-20T10:00:00+08:00'
const COMMUNITIES: Community[] = [
  { id: 'cA', name: '七口堰社区', grids: [], compounds: [{ id: 'cA-p1', name: '丽景花园' }, { id: 'cA-p2', name: '江城名都' }], revision: 1 },
  { id: 'cB', name: '东门社区', grids: [], compounds: [], revision: 1 },
]
const secretary: OperatorIdentity = { id: 'op-s', name: '李秘书', role: 'secretary' }
const asSecretary: CallContext = { transport: 'internal', operator: secretary }

interface Fixture {
  dir: string
  db: Database
  services: Services
  audit: ReturnType<typeof memoryAuditLogForTests>
  now: ReturnType<typeof clock>
}

async function fixture(dir?: string): Promise<Fixture> {
  const dataDir = dir ?? (await tempDir())
  const now = clock(NOW)
  const db = await openDatabase({ dataDir, now, collections: [topicsCollection as never] })
  if (!db.communities().length) await db.addCommunities(COMMUNITIES, [])
  const audit = memoryAuditLogForTests(now)
  let seq = 0
  const services = createServices({ db, audit, now, newId: () => `id${++seq}${Math.random().toString(36).slice(2, 6)}` })
  return { dir: dataDir, db, services, audit, now }
}

const open: Fixture[] = []
afterAll(async () => {
  for (const f of open) await f.db.close({ backup: false }).catch(() => undefined)
})

async function setup(): Promise<Fixture> {
  const f = await fixture()
  open.push(f)
  return f
}

async function record(f: Fixture, over: Partial<Parameters<Services['demand']['create']>[0]> = {}): Promise<Demand> {
  const v = await f.services.demand.create(
    {
      communityId: 'cA',
      compoundId: 'cA-p1',
      channel: 'hotline',
      category: 'facilities',
      reporterName: '王秀兰',
      reporterPhone: '13912345678',
      receivedAt: '2026-05-18T09:00:00+08:00',
      description: '3栋电梯经常停运，老人上下楼困难',
      ...over,
    },
    asSecretary,
  )
  return (await f.db.getDemand(v.id))!
}

/** A demand recorded and accepted (受理研判, community level): triaged demands follow their topic. */
async function accepted(f: Fixture, description: string): Promise<Demand> {
  const d = await record(f, { description })
  await f.services.triage.decide({ id: d.id, revision: d.revision, decision: 'accepted', level: 'community', urgency: 'normal' }, asSecretary)
  return (await f.db.getDemand(d.id))!
}

/** The n-th demand write from now fails once (WRITE_FAILED); returns the function that stops it. */
function failDemandWrite(f: Fixture, n: number): () => void {
  const save = f.db.saveDemand.bind(f.db)
  let calls = 0
  f.db.saveDemand = (async (d: Demand, o?: { expectRevision?: number }) => {
    if (++calls === n) throw new AppError('WRITE_FAILED', '保存失败：测试注入，本次修改未保存')
    return save(d, o)
  }) as typeof f.db.saveDemand
  return () => (f.db.saveDemand = save)
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppError)
  return e as AppError
}

/** Every data file's text (topics and demands), to prove a refusal left everything as it was. */
async function snapshot(f: Fixture): Promise<string> {
  const files = ['topics/cA.json', 'demands/cA/2026-05.json']
  const out: string[] = []
  for (const p of files) out.push(await readFile(join(f.dir, p), 'utf8').catch(() => '(none)'))
  return out.join('\n')
}

describe('triage (受理研判)', () => {
  it('accepts with a level, urgency and the default deadline; moves the status and audits who and when', async () => {
    const f = await setup()
    const d = await record(f)
    const v = await f.services.triage.decide({ id: d.id, revision: d.revision, decision: 'accepted', level: 'community', urgency: 'urgent', category: 'safety' }, asSecretary)
    expect(v.status).toBe('accepted')
    expect(v.category).toBe('safety')
    expect(v.triage).toEqual({ decision: 'accepted', level: 'community', urgency: 'urgent', deadline: '2026-05-27', by: '李秘书（秘书）', at: expect.any(String) })
    expect(Date.parse(v.triage!.at)).toBe(Date.parse(NOW))
    const entry = f.audit.entries().at(-1)!
    expect(d.caseNo).toMatch(/^七口堰-2026-\d{4}$/)
    expect(entry).toMatchObject({ action: 'demand.triage', target: d.caseNo, actor: '李秘书（秘书）', detail: { id: d.id } })
    expect(entry.detail).toMatchObject({ decision: 'accepted', level: 'community', urgency: 'urgent', status: { from: '居民呼叫', to: '受理研判' }, category: { from: 'facilities', to: 'safety' } })
    expect(JSON.stringify(f.audit.entries())).not.toContain('13912345678')
  })

  it('rejects with a reason, solves on the spot, escalates to the street along the loop', async () => {
    const f = await setup()
    const a = await record(f, { description: '要求物业退还三年物业费' })
    const rejected = await f.services.triage.decide({ id: a.id, revision: a.revision, decision: 'rejected', reason: '不属于社区职责范围，已告知居民走诉讼渠道', urgency: 'normal' }, asSecretary)
    expect(rejected).toMatchObject({ status: 'notified', triage: { decision: 'rejected', reason: '不属于社区职责范围，已告知居民走诉讼渠道' } })
    expect(rejected.triage!.deadline).toBeUndefined()

    const b = await record(f, { description: '楼道灯不亮' })
    const solved = await f.services.triage.decide({ id: b.id, revision: b.revision, decision: 'solved', action: '网格员当场更换灯泡', urgency: 'normal' }, asSecretary)
    expect(solved).toMatchObject({ status: 'notified', triage: { decision: 'solved', action: '网格员当场更换灯泡' } })

    const c = await record(f, { description: '小区外道路塌陷' })
    const up = await f.services.triage.decide({ id: c.id, revision: c.revision, decision: 'escalated', level: 'street', urgency: 'critical', deadline: '2026-05-25' }, asSecretary)
    expect(up).toMatchObject({ status: 'escalated', triage: { level: 'street', urgency: 'critical', deadline: '2026-05-25' } })
    // A later correction that the loop allows (back to community coordination) is accepted too.
    const down = await f.services.triage.decide({ id: c.id, revision: up.revision, decision: 'escalated', level: 'community', urgency: 'urgent' }, asSecretary)
    expect(down.status).toBe('coordinating')
    expect(f.audit.entries().filter((e) => e.action === 'demand.triage')).toHaveLength(4)
  })

  it('refuses bad decisions with a zh-CN reason naming the field, and writes nothing', async () => {
    const f = await setup()
    const d = await record(f)
    const before = await snapshot(f)
    const entries = f.audit.entries().length
    const cases: Array<[Parameters<Services['triage']['decide']>[0], string, RegExp]> = [
      [{ id: d.id, revision: d.revision, decision: 'accepted', level: 'compound', urgency: 'normal', deadline: '2026-05-01' }, 'deadline', /不能早于今天/],
      [{ id: d.id, revision: d.revision, decision: 'solved', action: '已处理', level: 'compound', urgency: 'normal' }, 'level', /不选办理层级/],
      [{ id: d.id, revision: d.revision, decision: 'accepted', level: 'compound', urgency: 'normal', reason: '无' }, 'reason', /只有驳回/],
      [{ id: d.id, revision: d.revision + 5, decision: 'accepted', level: 'compound', urgency: 'normal' }, '', /被修改/],
    ]
    for (const [input, field, message] of cases) {
      const e = await errorOf(f.services.triage.decide(input, asSecretary))
      expect(e.message).toMatch(message)
      if (field) expect(e.fields?.[field]).toMatch(message)
    }
    // Solved demands cannot go back to "accepted" (the loop does not lead there).
    const solved = await f.services.triage.decide({ id: d.id, revision: d.revision, decision: 'solved', action: '当场修好', urgency: 'normal' }, asSecretary)
    const back = await errorOf(f.services.triage.decide({ id: d.id, revision: solved.revision, decision: 'accepted', level: 'compound', urgency: 'normal' }, asSecretary))
    expect(back.message).toBe('该诉求目前处于“反馈告知”，不能再改为“受理研判”')
    expect(f.audit.entries().length).toBe(entries + 1)
    expect(before).not.toBe(await snapshot(f)) // only the solve changed the file
  })
})

describe('duplicates (triage:similar)', () => {
  it('suggests similar open demands with the reason, for a recorded demand and for a draft', async () => {
    const f = await setup()
    const first = await record(f, { description: '3栋电梯经常停运，老人上下楼很困难', receivedAt: '2026-05-15T09:00:00+08:00' })
    await record(f, { description: '小区门口垃圾没人清运', compoundId: 'cA-p2', reporterPhone: '13800000000' })
    const other = await record(f, { communityId: 'cB', compoundId: undefined, description: '3栋电梯经常停运，老人上下楼困难' })
    const second = await record(f, { description: '3栋电梯又停运了，老人上下楼困难', receivedAt: '2026-05-18T09:00:00+08:00' })

    const found = await f.services.triage.similar({ demandId: second.id, limit: 5 }, asSecretary)
    expect(found.map((s) => s.demand.id)).toEqual([first.id]) // other community and unrelated text left out
    expect(found[0].reasonText).toMatch(/^内容相似 \d+% · 同一小区 · 同一电话 · 3 天内$/)
    expect(found[0].demand.reporterPhone).toBe('139****5678')
    expect(JSON.stringify(found)).not.toContain('13912345678')
    expect(found.some((s) => s.demand.id === other.id)).toBe(false)

    // A draft being typed: phone written with spaces and +86 is normalised before comparing.
    const draft = await f.services.triage.similar({ description: '电梯停运老人上下楼困难', communityId: 'cA', phone: '+86 139 1234 5678', limit: 5 }, asSecretary)
    expect(draft.map((s) => s.demand.id).sort()).toEqual([first.id, second.id].sort())
    expect(draft[0].reasons).toContain('同一电话')

    // Closed or rejected demands are not suggested.
    await f.services.triage.decide({ id: first.id, revision: first.revision, decision: 'rejected', reason: '重复反映', urgency: 'normal' }, asSecretary)
    expect((await f.services.triage.similar({ demandId: second.id, limit: 5 }, asSecretary)).map((s) => s.demand.id)).toEqual([])
  })
})

describe('topics: merge, undo, split, confirm, order', () => {
  it('merges a duplicate into a demand (making a topic), undoes it exactly, merges into a topic and splits', async () => {
    const f = await setup()
    const a = await record(f, { description: '3栋电梯经常停运' })
    const b = await record(f, { description: '3栋电梯又停了', reporterName: '张建国', reporterPhone: '13700001111' })
    const c = await record(f, { description: '电梯停运无人维修', reporterName: '刘芳' })
    const files0 = await snapshot(f)

    const merged = await f.services.topic.merge({ demandIds: [b.id], targetDemandId: a.id }, asSecretary)
    expect(merged).toMatchObject({ communityId: 'cA', level: 'compound', status: 'proposed', demandIds: [a.id, b.id], title: '3栋电梯经常停运' })
    expect(merged.demands.map((d) => ('missing' in d ? null : d.reporterName))).toEqual(['王**', '张**']) // each resident kept
    expect((await f.db.getDemand(a.id))!.topicId).toBe(merged.id)
    expect((await f.db.getDemand(b.id))!.topicId).toBe(merged.id)

    const mergeId = merged.history[0].id
    const undone = await f.services.topic.undoMerge({ id: merged.id, revision: merged.revision, mergeId }, asSecretary)
    expect(undone).toEqual({ topic: null, removed: true })
    expect((await f.db.getDemand(a.id))!.topicId).toBeUndefined()
    expect((await f.db.getDemand(b.id))!.topicId).toBeUndefined()
    expect(await f.services.topic.list({ communityId: 'cA' }, asSecretary)).toEqual([])
    // Links exactly as before (only revisions and updatedAt moved on).
    const strip = (s: string) => s.replace(/"revision":\d+/g, '').replace(/"updatedAt":"[^"]*"/g, '')
    expect(strip((await snapshot(f)).split('\n')[1])).toBe(strip(files0.split('\n')[1]))

    // A topic of its own, then c merged into it, undone, merged again, then split out.
    const topic = await f.services.topic.create({ communityId: 'cA', level: 'compound', title: '3栋电梯停运', demandIds: [a.id, b.id] }, asSecretary)
    const withC = await f.services.topic.merge({ demandIds: [c.id], topicId: topic.id, revision: topic.revision }, asSecretary)
    expect(withC.demandIds).toEqual([a.id, b.id, c.id])
    const m = withC.history.find((e) => e.kind === 'merge')!
    const after = await f.services.topic.undoMerge({ id: topic.id, revision: withC.revision, mergeId: m.id }, asSecretary)
    expect(after.topic!.demandIds).toEqual([a.id, b.id])
    expect((await f.db.getDemand(c.id))!.topicId).toBeUndefined()
    const again = await errorOf(f.services.topic.undoMerge({ id: topic.id, revision: after.topic!.revision, mergeId: m.id }, asSecretary))
    expect(again.message).toBe('这次合并已经撤销过了')

    const split = await f.services.topic.split({ id: topic.id, revision: after.topic!.revision, demandIds: [b.id], title: '3栋电梯维修责任' }, asSecretary)
    expect(split.from.demandIds).toEqual([a.id])
    expect(split.created).toMatchObject({ title: '3栋电梯维修责任', demandIds: [b.id], status: 'proposed', level: 'compound' })
    expect((await f.db.getDemand(b.id))!.topicId).toBe(split.created.id)
    expect(split.from.history.map((e) => e.kind)).toEqual(['create', 'merge', 'undoMerge', 'split'])

    const merges = f.audit.entries().filter((e) => e.action === 'topic.merge')
    expect(merges[0].detail).toMatchObject({ caseNos: [b.caseNo], targetCaseNo: a.caseNo })
    const actions = f.audit.entries().map((e) => e.action).filter((x) => x.startsWith('topic.'))
    expect(actions).toEqual(['topic.merge', 'topic.undoMerge', 'topic.create', 'topic.merge', 'topic.undoMerge', 'topic.split'])
    expect(JSON.stringify(f.audit.entries())).not.toMatch(/王秀兰|张建国|13700001111/)
  })

  it('refuses with a zh-CN reason and leaves the files as they were', async () => {
    const f = await setup()
    const a = await record(f, { description: '3栋电梯经常停运' })
    const b = await record(f, { description: '3栋电梯又停了' })
    const closed = await record(f, { description: '电梯停运' })
    const rejected = await record(f, { description: '电梯太旧要求更换' })
    const elsewhere = await record(f, { communityId: 'cB', compoundId: undefined, description: '电梯停运' })
    await f.services.triage.decide({ id: rejected.id, revision: rejected.revision, decision: 'rejected', reason: '需业主大会表决', urgency: 'normal' }, asSecretary)
    await f.db.saveDemand({ ...closed, status: 'evaluated' }, { expectRevision: closed.revision })
    const topic = await f.services.topic.create({ communityId: 'cA', level: 'compound', title: '电梯停运', demandIds: [a.id] }, asSecretary)
    const before = await snapshot(f)
    const entries = f.audit.entries().length

    const refusals: Array<[Promise<unknown>, RegExp]> = [
      [f.services.topic.merge({ demandIds: [a.id], targetDemandId: a.id }, asSecretary), /^不能把诉求合并到它自己$/],
      [f.services.topic.merge({ demandIds: [a.id], topicId: topic.id, revision: topic.revision }, asSecretary), /已在此议题中/],
      [f.services.topic.merge({ demandIds: [closed.id], topicId: topic.id, revision: topic.revision }, asSecretary), new RegExp(`^诉求${closed.caseNo}“电梯停运”已办结，不能合并或列入议题$`)],
      [f.services.topic.merge({ demandIds: [rejected.id], topicId: topic.id, revision: topic.revision }, asSecretary), /已驳回，不能合并/],
      [f.services.topic.merge({ demandIds: [elsewhere.id], topicId: topic.id, revision: topic.revision }, asSecretary), /不属于该议题所在的社区/],
      [f.services.topic.merge({ demandIds: [b.id], topicId: topic.id, revision: topic.revision + 3 }, asSecretary), /被修改/],
      [f.services.topic.split({ id: topic.id, revision: topic.revision, demandIds: [a.id], title: '全部拆出' }, asSecretary), /至少保留一条/],
      [f.services.topic.create({ communityId: 'cA', level: 'compound', title: '再建一个', demandIds: [a.id] }, asSecretary), /已在议题“电梯停运”中/],
    ]
    for (const [p, message] of refusals) expect((await errorOf(p)).message).toMatch(message)
    expect(await snapshot(f)).toBe(before)
    expect(f.audit.entries().length).toBe(entries)

    // A closed topic takes no merge.
    const stored = (await f.db.collection<Topic>('topics').get(topic.id))!
    await f.db.collection<Topic>('topics').save({ ...stored, status: 'closed' }, { expectRevision: stored.revision })
    const c = await errorOf(f.services.topic.merge({ demandIds: [b.id], topicId: topic.id, revision: stored.revision + 1 }, asSecretary))
    expect(c.message).toBe('议题“电梯停运”已关闭，不能再合并诉求')
  })

  it('a merge whose second write fails leaves nothing half-written', async () => {
    const f = await setup()
    const a = await record(f, { description: '3栋电梯经常停运' })
    const b = await record(f, { description: '3栋电梯又停了' })
    const before = await snapshot(f)
    // The second demand link fails once (after the topic and the first link were written).
    const stop = failDemandWrite(f, 2)
    const e = await errorOf(f.services.topic.merge({ demandIds: [b.id], targetDemandId: a.id }, asSecretary))
    expect(e.code).toBe('WRITE_FAILED')
    stop()
    const strip = (s: string) => s.replace(/"revision":\d+/g, '').replace(/"updatedAt":"[^"]*"/g, '')
    expect(strip(await snapshot(f))).toBe(strip(before).replace('(none)', '{"schemaVersion":1,"items":[]}'))
    expect((await f.db.getDemand(a.id))!.topicId).toBeUndefined()
  })

  it('the chair confirms topics in order and reorders them; a stale order is a CONFLICT', async () => {
    const f = await setup()
    const ids: string[] = []
    for (const title of ['电梯停运', '垃圾清运', '停车难']) {
      const d = await record(f, { description: `${title}的问题` })
      ids.push((await f.services.topic.create({ communityId: 'cA', level: 'community', title, demandIds: [d.id] }, asSecretary)).id)
    }
    const chair: CallContext = { transport: 'internal', operator: { id: 'op-c', name: '赵主持', role: 'chair' } }
    for (const id of [ids[1], ids[0], ids[2]]) {
      const t = (await f.services.topic.list({ communityId: 'cA' }, chair)).find((x) => x.id === id)!
      await f.services.topic.confirm({ id, revision: t.revision }, chair)
    }
    let list = await f.services.topic.list({ communityId: 'cA', status: 'confirmed' }, chair)
    expect(list.map((t) => [t.title, t.order])).toEqual([['垃圾清运', 1], ['电梯停运', 2], ['停车难', 3]])
    const reordered = await f.services.topic.reorder({ communityId: 'cA', ids: [ids[2], ids[0], ids[1]] }, chair)
    expect(reordered.map((t) => [t.title, t.order])).toEqual([['停车难', 1], ['电梯停运', 2], ['垃圾清运', 3]])
    list = await f.services.topic.list({ communityId: 'cA' }, chair)
    expect(list.map((t) => t.title)).toEqual(['停车难', '电梯停运', '垃圾清运'])
    expect((await errorOf(f.services.topic.reorder({ communityId: 'cA', ids: [ids[0], ids[1]] }, chair))).code).toBe('CONFLICT')
    const again = await errorOf(f.services.topic.confirm({ id: ids[0], revision: list[1].revision }, chair))
    expect(again.message).toBe('议题“电梯停运”已经确认')
    expect(f.audit.entries().filter((e) => e.action === 'topic.confirm').map((e) => e.actor)).toEqual(Array(3).fill('赵主持（主持人）'))
  })

  it('a demand moved to another month stays in its topic under its new id; split and undo still find it', async () => {
    const f = await setup()
    const a = await record(f)
    const b = await record(f, { reporterPhone: '13700001111', description: '3栋电梯又停了，物业说在修' })
    const topic = await f.services.topic.create({ communityId: 'cA', level: 'compound', title: '3栋电梯停运', demandIds: [a.id, b.id] }, asSecretary)
    // Received in April after all: the record moves to the April partition under a new id.
    const linked = (await f.db.getDemand(b.id))!
    const moved = await f.services.demand.update({ id: b.id, revision: linked.revision, patch: { receivedAt: '2026-04-28T09:00:00+08:00' } }, asSecretary)
    expect(moved.id).not.toBe(b.id)
    expect(moved.topicId).toBe(topic.id)
    const after = (await f.db.collection<Topic>('topics').get(topic.id))!
    expect(after.demandIds).toEqual([a.id, moved.id])
    expect(after.history.flatMap((e) => e.demandIds)).not.toContain(b.id)
    // Split by the new id works (it is found in the topic).
    const split = await f.services.topic.split({ id: topic.id, revision: after.revision, demandIds: [moved.id], title: '电梯维修进度' }, asSecretary)
    expect(split.from.demandIds).toEqual([a.id])
    expect(split.created.demandIds).toEqual([moved.id])
    // A demand in a topic cannot change community (the topic belongs to one).
    const current = (await f.db.getDemand(a.id))!
    const e = await errorOf(f.services.demand.update({ id: a.id, revision: current.revision, patch: { communityId: 'cB' } }, asSecretary))
    expect(e.message).toContain('请先在“确认议题”中把它从议题拆出')
    expect((await f.db.getDemand(a.id))!.communityId).toBe('cA')
  })

  it('renames a topic and changes its level, audited with from → to', async () => {
    const f = await setup()
    const a = await record(f)
    const made = await f.services.topic.merge({ demandIds: [(await record(f, { description: '3栋电梯又停运了' })).id], targetDemandId: a.id }, asSecretary)
    const renamed = await f.services.topic.update({ id: made.id, revision: made.revision, patch: { title: '3栋电梯停运', level: 'community' } }, asSecretary)
    expect(renamed).toMatchObject({ title: '3栋电梯停运', level: 'community', demandIds: made.demandIds })
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'topic.update', detail: { title: { to: '3栋电梯停运' }, level: { from: 'compound', to: 'community' } } })
    const stale = await errorOf(f.services.topic.update({ id: made.id, revision: made.revision, patch: { title: '旧版本' } }, asSecretary))
    expect(stale.code).toBe('CONFLICT')
  })

  it('a confirmed topic takes its triaged demands on: 社区协同 (街道兜底 for the street’s), forward only, audited', async () => {
    const f = await setup()
    const called = await record(f, { description: '3栋电梯停运' })
    const triaged = await accepted(f, '电梯困人')
    const told = await record(f, { description: '电梯异响' })
    await f.services.demand.update({ id: told.id, revision: told.revision, patch: { status: 'accepted' } }, asSecretary)
    let t = (await f.db.getDemand(told.id))!
    for (const status of ['handling', 'notified'] as const) {
      await f.services.demand.update({ id: t.id, revision: t.revision, patch: { status } }, asSecretary)
      t = (await f.db.getDemand(told.id))!
    }
    const topic = await f.services.topic.create({ communityId: 'cA', level: 'community', title: '电梯停运', demandIds: [called.id, triaged.id, told.id] }, asSecretary)
    await f.services.topic.confirm({ id: topic.id, revision: topic.revision }, asSecretary)
    const status = async (id: string) => (await f.db.getDemand(id))!.status
    // not triaged yet: it waits for its 受理研判 in the triage queue
    expect(await status(called.id)).toBe('called')
    expect(await status(triaged.id)).toBe('coordinating')
    // the resident was told already: not taken back
    expect(await status(told.id)).toBe('notified')
    const entry = f.audit.entries().find((e) => e.action === 'topic.confirm')!
    expect(entry.detail).toEqual({ order: 1, demands: [triaged.id], status: 'coordinating' })

    // A street topic: its demands go to 街道兜底, those at 社区协同 too.
    const street = await f.services.triage.decide({ id: (await record(f, { description: '小区围墙倒塌' })).id, revision: 1, decision: 'accepted', level: 'street', urgency: 'urgent' }, asSecretary)
    const raised = await f.services.topic.create({ communityId: 'cA', level: 'street', title: '围墙倒塌', demandIds: [street.id] }, asSecretary)
    await f.services.topic.confirm({ id: raised.id, revision: raised.revision }, asSecretary)
    expect(await status(street.id)).toBe('escalated')
  })

  it('a triaged demand merged into a confirmed topic, or a confirmed topic raised to the street, moves on with it', async () => {
    const f = await setup()
    const status = async (id: string) => (await f.db.getDemand(id))!.status
    const a = await accepted(f, '3栋电梯停运')
    const made = await f.services.topic.create({ communityId: 'cA', level: 'community', title: '电梯停运', demandIds: [a.id] }, asSecretary)
    await f.services.topic.confirm({ id: made.id, revision: made.revision }, asSecretary)
    const b = await accepted(f, '3栋电梯又困人')
    const untriaged = await record(f, { description: '3栋电梯异响' })
    const confirmed = (await f.db.collection<Topic>('topics').get(made.id))!
    await f.services.topic.merge({ topicId: made.id, revision: confirmed.revision, demandIds: [b.id, untriaged.id] }, asSecretary)
    expect(await status(b.id)).toBe('coordinating')
    expect(await status(untriaged.id)).toBe('called')

    const merged = (await f.db.collection<Topic>('topics').get(made.id))!
    await f.services.topic.update({ id: made.id, revision: merged.revision, patch: { level: 'street' } }, asSecretary)
    expect([await status(a.id), await status(b.id), await status(untriaged.id)]).toEqual(['escalated', 'escalated', 'called'])
    expect(f.audit.entries().at(-1)).toMatchObject({ action: 'topic.update', detail: { level: { from: 'community', to: 'street' }, demands: [a.id, b.id], status: 'escalated' } })
  })

  it('a confirm whose demand write fails leaves the topic and every demand as they were', async () => {
    const f = await setup()
    const a = await accepted(f, '3栋电梯停运')
    const b = await accepted(f, '电梯困人')
    const topic = await f.services.topic.create({ communityId: 'cA', level: 'community', title: '电梯停运', demandIds: [a.id, b.id] }, asSecretary)
    const before = await snapshot(f)
    // The second demand's move fails (after the first one was written): taken back.
    const stop = failDemandWrite(f, 2)
    const e = await errorOf(f.services.topic.confirm({ id: topic.id, revision: topic.revision }, asSecretary))
    expect(e.code).toBe('WRITE_FAILED')
    stop()
    const strip = (s: string) => s.replace(/"revision":\d+/g, '').replace(/"updatedAt":"[^"]*"/g, '')
    expect(strip(await snapshot(f))).toBe(strip(before))
    expect((await f.db.getDemand(a.id))!.status).toBe('accepted')
    expect((await f.db.collection<Topic>('topics').get(topic.id))!.status).toBe('proposed')
  })

  it('a community holding topics cannot be removed (社区管理 names them)', async () => {
    const f = await setup()
    const a = await record(f)
    await f.services.topic.create({ communityId: 'cA', level: 'compound', title: '电梯停运', demandIds: [a.id] }, asSecretary)
    const plan = await f.services.community.removePlan({ communityId: 'cA', kind: 'community' }, asSecretary)
    expect(plan.removable).toBe(false)
    expect(plan.references).toContain('1 个议题（例如“电梯停运”）')
    // A community without topics is not held back by this check.
    const other = await f.services.community.removePlan({ communityId: 'cB', kind: 'community' }, asSecretary)
    expect(other.references.some((r) => r.includes('议题'))).toBe(false)
  })

  it('the topics collection is backed up and restored with the demands', async () => {
    const f = await setup()
    const a = await record(f)
    const topic = await f.services.topic.create({ communityId: 'cA', level: 'compound', title: '电梯停运', demandIds: [a.id] }, asSecretary)
    const backupId = await f.db.backup('manual')
    await f.services.topic.confirm({ id: topic.id, revision: topic.revision }, asSecretary)
    const b = await record(f, { description: '电梯又停了' })
    await f.services.topic.create({ communityId: 'cA', level: 'compound', title: '后来的议题', demandIds: [b.id] }, asSecretary)
    expect(await readFile(join(f.dir, 'backups', backupId, 'topics', 'cA.json'), 'utf8')).toContain('电梯停运')
    await f.db.restore(backupId)
    const list = await f.services.topic.list({ communityId: 'cA' }, asSecretary)
    expect(list.map((t) => [t.title, t.status])).toEqual([['电梯停运', 'proposed']])
  })
})

describe('roles through the real backend', () => {
  let t: Team
  afterAll(async () => {
    await t?.backend.close({ backup: false })
  })
  it('the secretary triages and merges; only the chair (and admin) confirm and order; the leader only reads', async () => {
    t = await openTeam()
    const admin = await t.signedIn('admin')
    const c = (await admin('community:create', { name: '东门社区', grids: [], compounds: [] })) as { ok: true; result: { id: string } }
    const d = (await admin('demand:create', {
      communityId: c.result.id,
      channel: 'hotline',
      category: 'parking',
      reporterName: '王芳',
      receivedAt: '2026-05-10T09:00:00+08:00',
      description: '楼下车位被长期占用',
    })) as { ok: true; result: { id: string; revision: number } }
    const sec = await t.signedIn('secretary')
    const made = (await sec('topic:create', { communityId: c.result.id, level: 'compound', title: '车位被占', demandIds: [d.result.id] })) as {
      ok: true
      result: { id: string; revision: number }
    }
    expect(made.ok).toBe(true)
    const refused = await sec('topic:confirm', { id: made.result.id, revision: made.result.revision })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '当前身份（秘书）无权执行“确认议题和排定顺序”' } })
    const chair = await t.signedIn('chair')
    expect(await chair('topic:confirm', { id: made.result.id, revision: made.result.revision })).toMatchObject({ ok: true, result: { status: 'confirmed', order: 1 } })
    const leader = await t.signedIn('leader')
    expect(await leader('topic:list', {})).toMatchObject({ ok: true })
    expect(await leader('triage:similar', { description: '车位' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // The topics file sits in the data folder, registered by openBackend.
    expect(await readFile(join(t.dataDir, 'topics', `${c.result.id}.json`), 'utf8')).toContain('车位被占')
  })
})
