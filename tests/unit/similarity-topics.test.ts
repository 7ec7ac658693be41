import { describe, expect, it } from 'vitest'
import { bigrams, daysBetween, dice, scoreSimilarity, textSimilarity } from '../../shared/domain/similarity'
import {
  addDays,
  agendaOrder,
  demandMergeRefusal,
  moveInList,
  statusPath,
  topicProblems,
  triageTarget,
  type Topic,
} from '../../shared/domain/topic-model'
import { canMove } from '../../shared/domain/demand-workflow'
import { triageDecideInput, triageSimilarInput, topicMergeInput, topicCreateInput, toValidationError } from '../../shared/contract'

describe('similarity (character bigrams, Dice)', () => {
  it('builds bigrams over meaningful characters only', () => {
    expect([...bigrams('电梯，停运！')]).toEqual(['电梯', '梯停', '停运'])
    expect([...bigrams('灯')]).toEqual(['灯'])
    expect(bigrams('，。 ').size).toBe(0)
    // Full-width digits and letters count like half-width ones.
    expect(textSimilarity('３栋Ａ单元', '3栋a单元')).toBe(1)
  })

  it('scores identical texts 1, unrelated 0, and is symmetric', () => {
    expect(textSimilarity('3栋电梯经常停运', '3栋电梯经常停运')).toBe(1)
    expect(textSimilarity('3栋电梯经常停运', '小区门口垃圾没人清运')).toBe(0)
    const a = bigrams('3栋电梯经常停运，老人上下楼困难')
    const b = bigrams('3栋电梯又停运了，老人上下楼困难')
    expect(dice(a, b)).toBeCloseTo(dice(b, a))
    // 10 shared of 14 + 14 bigrams: 2·10/28
    expect(dice(a, b)).toBeCloseTo(20 / 28)
    expect(dice(new Set(), new Set())).toBe(0)
  })

  it('explains the score: text percent, same compound, same phone, days apart', () => {
    const r = scoreSimilarity({ text: 0.82, sameCompound: true, samePhone: true, daysApart: 3 })
    expect(r.reasonText).toBe('内容相似 82% · 同一小区 · 同一电话 · 3 天内')
    expect(r.suggested).toBe(true)
    expect(r.score).toBe(1)
    expect(scoreSimilarity({ text: 0.5, sameCompound: false, samePhone: false, daysApart: 0 }).reasons).toEqual(['内容相似 50%', '同一天'])
    expect(scoreSimilarity({ text: 0.5, sameCompound: false, samePhone: false, daysApart: 90 }).reasons).toEqual(['内容相似 50%'])
  })

  it('suggests on text alone from 45 %, lower when the same compound or phone backs it', () => {
    expect(scoreSimilarity({ text: 0.44, sameCompound: false, samePhone: false, daysApart: null }).suggested).toBe(false)
    expect(scoreSimilarity({ text: 0.46, sameCompound: false, samePhone: false, daysApart: null }).suggested).toBe(true)
    expect(scoreSimilarity({ text: 0.3, sameCompound: true, samePhone: false, daysApart: 1 }).suggested).toBe(false)
    expect(scoreSimilarity({ text: 0.3, sameCompound: false, samePhone: true, daysApart: 40 }).suggested).toBe(true)
    // The same resident calling again within the window is suggested even with other words.
    expect(scoreSimilarity({ text: 0.1, sameCompound: false, samePhone: true, daysApart: 2 }).suggested).toBe(true)
    expect(scoreSimilarity({ text: 0.1, sameCompound: true, samePhone: false, daysApart: 2 }).suggested).toBe(false)
    expect(scoreSimilarity({ text: 0, sameCompound: false, samePhone: true, daysApart: 2 }).suggested).toBe(false)
  })

  it('counts whole days between times written with any offset', () => {
    expect(daysBetween('2026-05-18T09:00:00+08:00', '2026-05-15T09:00:00+08:00')).toBe(3)
    expect(daysBetween('2026-05-18T01:00:00Z', '2026-05-18T09:00:00+08:00')).toBe(0)
    expect(daysBetween(undefined, '2026-05-18T09:00:00+08:00')).toBeNull()
    expect(daysBetween('x', '2026-05-18T09:00:00+08:00')).toBeNull()
  })
})

describe('triage moves along the one-matter loop', () => {
  it('maps each decision to a status and walks only allowed moves', () => {
    expect(triageTarget('accepted', 'compound')).toBe('accepted')
    expect(triageTarget('rejected', undefined)).toBe('notified')
    expect(triageTarget('solved', undefined)).toBe('notified')
    expect(triageTarget('escalated', 'community')).toBe('coordinating')
    expect(triageTarget('escalated', 'street')).toBe('escalated')
    expect(statusPath('called', 'escalated')).toEqual(['accepted', 'handling', 'coordinating', 'escalated'])
    expect(statusPath('called', 'notified')).toEqual(['accepted', 'handling', 'notified'])
    expect(statusPath('accepted', 'accepted')).toEqual([])
    expect(statusPath('notified', 'accepted')).toBeNull()
    expect(statusPath('evaluated', 'notified')).toBeNull()
    // every step of every path is an allowed move
    for (const to of ['accepted', 'handling', 'coordinating', 'escalated', 'notified'] as const) {
      const path = statusPath('called', to)!
      let at: Parameters<typeof canMove>[0] = 'called'
      for (const s of path) {
        expect(canMove(at, s)).toBe(true)
        at = s
      }
    }
  })

  it('adds days across months and years', () => {
    expect(addDays('2026-05-20', 15)).toBe('2026-06-04')
    expect(addDays('2026-12-25', 7)).toBe('2027-01-01')
  })

  it('refuses closed and rejected demands for topics', () => {
    expect(demandMergeRefusal({ status: 'evaluated' })).toBe('已办结')
    expect(demandMergeRefusal({ status: 'notified', triage: { decision: 'rejected' } })).toBe('已驳回')
    expect(demandMergeRefusal({ status: 'notified', triage: { decision: 'solved' } })).toBeNull()
    expect(demandMergeRefusal({ status: 'called' })).toBeNull()
  })
})

describe('topic invariants', () => {
  const topic = (over: Partial<Topic> = {}): Topic => ({
    id: 'cA~tp~1',
    communityId: 'cA',
    level: 'compound',
    title: '电梯停运',
    demandIds: ['d1'],
    status: 'proposed',
    createdAt: '2026-05-20T10:00:00+08:00',
    updatedAt: '2026-05-20T10:00:00+08:00',
    history: [],
    revision: 1,
    ...over,
  })

  it('names what is wrong with a record', () => {
    expect(topicProblems(topic())).toEqual([])
    expect(topicProblems(topic({ title: ' ' }))).toEqual(['议题标题为空'])
    expect(topicProblems(topic({ title: '长'.repeat(41) }))).toEqual(['议题标题超过 40 字'])
    expect(topicProblems(topic({ demandIds: [] }))).toEqual(['议题中没有诉求'])
    expect(topicProblems(topic({ demandIds: ['d1', 'd1'] }))).toEqual(['议题中有重复的诉求'])
    expect(topicProblems(topic({ status: 'confirmed' }))).toEqual(['已确认的议题缺少顺序'])
    expect(topicProblems(topic({ order: 2 }))).toEqual(['未确认的议题不应有顺序'])
  })

  it('orders the agenda by order, then creation; moves one up or down', () => {
    const list = [
      topic({ id: 'a', status: 'confirmed', order: 2 }),
      topic({ id: 'b', status: 'proposed' }),
      topic({ id: 'c', status: 'confirmed', order: 1 }),
    ]
    expect(agendaOrder(list).map((t) => t.id)).toEqual(['c', 'a'])
    expect(moveInList(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b'])
    expect(moveInList(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c'])
    expect(moveInList(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c'])
  })
})

describe('contract: zh-CN messages naming the field', () => {
  const fields = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, v: unknown) => {
    const r = schema.safeParse(v)
    expect(r.success).toBe(false)
    return toValidationError(r.error as never).fields
  }
  it('triage:decide wants a reason to reject, an action to solve, a level to escalate, a real day', () => {
    const base = { id: 'cA~202605~x', revision: 1, urgency: 'normal' }
    expect(fields(triageDecideInput, { ...base, decision: 'rejected' })).toEqual({ reason: '驳回须填写原因' })
    expect(fields(triageDecideInput, { ...base, decision: 'solved' })).toEqual({ action: '当场解决须写明处理情况' })
    expect(fields(triageDecideInput, { ...base, decision: 'escalated', level: 'compound' })).toEqual({ level: '上报须选择社区或街道层级' })
    expect(fields(triageDecideInput, { ...base, decision: 'accepted', level: 'compound', deadline: '2026/6/1' })).toEqual({ deadline: '办理时限须为“年-月-日”，如 2026-12-15' })
    expect(fields(triageDecideInput, { ...base, decision: 'rejected', reason: '已告知 13812345678' })).toEqual({ reason: '驳回原因不能包含电话号码或身份证号' })
  })
  it('triage:similar needs a demand or some text; topics need a title of at most 40 characters', () => {
    expect(fields(triageSimilarInput, { limit: 5 })).toEqual({ description: '请提供诉求或诉求内容' })
    expect(fields(triageSimilarInput, { description: '电梯', phone: '12' })).toEqual({ phone: '联系电话格式无效' })
    expect(fields(topicCreateInput, { communityId: 'cA', level: 'compound', title: '长'.repeat(41), demandIds: ['d'] })).toEqual({ title: '议题标题不能超过 40 个字' })
    expect(fields(topicCreateInput, { communityId: 'cA', level: 'compound', title: '标题', demandIds: [] })).toEqual({ demandIds: '请至少选择一条诉求' })
    expect(fields(topicMergeInput, { demandIds: ['d'] })).toEqual({ topicId: '请选择要合并到的议题或诉求（二选一）' })
    expect(fields(topicMergeInput, { demandIds: ['d'], topicId: 't' })).toEqual({ revision: '缺少记录版本号，请刷新后重试' })
  })
})
