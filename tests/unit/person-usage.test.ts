// The removal plan of a person of the people directory: where they are named (meetings in date
// order with their roles, tasks they own) and what goes; named anywhere means refused.
import { describe, expect, it } from 'vitest'
import type { Meeting } from '../../shared/domain/meeting'
import { meetingRoles, personRemovePlan } from '../../shared/domain/person-usage'

type M = Pick<Meeting, 'title' | 'startsAt' | 'chairId' | 'recorderId' | 'roster' | 'agenda'>
const meeting = (over: Partial<M>): M => ({ title: '五月联席会议', startsAt: '2026-05-25T14:30:00+08:00', chairId: 'p0', recorderId: 'p0', roster: [], agenda: [], ...over })
const person = { id: 'p1', name: '周大妈', party: 'residentRep' as const }

describe('personRemovePlan', () => {
  it('lets a person named nowhere go, saying what goes (the masked phone only when registered)', () => {
    expect(personRemovePlan(person, [meeting({})], [{ title: '清理楼道', ownerId: 'p2' }])).toEqual({
      id: 'p1',
      name: '周大妈',
      removes: ['会议人员“周大妈”（居民代表）的记录'],
      uses: [],
    })
    expect(personRemovePlan({ ...person, phone: '138****5678' }, [], []).removes).toEqual(['会议人员“周大妈”（居民代表）的记录', '登记的联系电话（138****5678）'])
  })

  it('names every role a meeting gives the person', () => {
    const m = meeting({ chairId: 'p1', recorderId: 'p1', roster: [{ personId: 'p1' } as M['roster'][number]], agenda: [{ presenterId: 'p1' } as M['agenda'][number]] })
    expect(meetingRoles(m, 'p1')).toEqual(['主持人', '记录人', '参会名单', '议程汇报人'])
    expect(meetingRoles(m, 'p2')).toEqual([])
  })

  it('refuses a person named by meetings (earliest first) and tasks, listing each', () => {
    const plan = personRemovePlan(
      person,
      [meeting({ title: '六月联席会议', startsAt: '2026-06-20T09:00', recorderId: 'p1' }), meeting({ chairId: 'p1' })],
      [{ title: '清理楼道', ownerId: 'p1' }, { title: '修路灯', ownerId: 'p1' }, { title: '别人的', ownerId: 'p2' }],
    )
    expect(plan.blocked).toBe('周大妈已列入会议“五月联席会议”等 2 次会议，也是任务“清理楼道”等 2 项任务的责任人，不能删除；如已不再参会，请改为停用')
    expect(plan.uses).toEqual(['会议“五月联席会议”（2026-05-25）：主持人', '会议“六月联席会议”（2026-06-20）：记录人', '任务“清理楼道”：责任人', '任务“修路灯”：责任人'])
    expect(personRemovePlan(person, [meeting({ recorderId: 'p1' })], []).blocked).toBe('周大妈已列入会议“五月联席会议”，不能删除；如已不再参会，请改为停用')
  })
})
