// stats:street (issue 12) through the real services on a real data folder: demands recorded by the
// demand service, a task done through the task service, the clock at 20 May 2026 in the street.
// The figures come from the derived counts: no demand file is read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contract, type InputOf } from '../../shared/contract'
import type { DemandChannel } from '../../shared/domain/vocab'
import type { OperatorIdentity } from '../../shared/domain/permissions'
import { spyFs, type SpyFs } from './helpers'
import { asChair, asSecretary, errorOf, openMeetingFixture, runningMeeting, type MeetingFixture } from './meeting-fixture'

let f: MeetingFixture
let fs: SpyFs
let decided: { meetingId: string; itemId: string }

const record = (communityId: string, receivedAt: string, channel: DemandChannel) =>
  f.services.demand.create(
    { communityId, channel, category: channel === 'petition' ? 'property' : 'noise', reporterName: '王秀兰', reporterPhone: '13912345678', receivedAt, description: '楼道噪音扰民，请协调' },
    asSecretary,
  )
const street = (input: InputOf<'stats:street'>, ctx = asChair) => f.services.stats.street(contract['stats:street'].input.parse(input), ctx)

beforeEach(async () => {
  fs = spyFs()
  f = await openMeetingFixture(undefined, undefined, fs)
  // 七口堰社区 (cA): March 2025 2 petitions + 1 hotline, May 2025 1 petition; February 2026 1 petition
  // + 2 hotline, May 2026 1 hotline — and the meeting's two topics add 2 hotline demands on 18 May.
  await record('cA', '2025-03-05T09:00:00+08:00', 'petition')
  await record('cA', '2025-03-06T09:00:00+08:00', 'petition')
  await record('cA', '2025-03-07T09:00:00+08:00', 'hotline')
  await record('cA', '2025-05-07T09:00:00+08:00', 'petition')
  await record('cA', '2026-02-10T09:00:00+08:00', 'petition')
  await record('cA', '2026-02-11T09:00:00+08:00', 'hotline')
  await record('cA', '2026-02-12T09:00:00+08:00', 'hotline')
  await record('cA', '2026-05-02T09:00:00+08:00', 'hotline')
  // 东门社区 (cB): one petition at 00:30 on 1 April in the street (31 March in UTC)
  await record('cB', '2026-03-31T16:30:00Z', 'petition')
  // A task of 七口堰社区 done today, before its deadline
  const m = await runningMeeting(f)
  await f.services.meeting.saveItemMinutes({ id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '', positions: {}, decision: '物业清理地库' }, asSecretary)
  decided = { meetingId: m.id, itemId: m.agenda[0].id }
  const t = await f.services.task.create(
    contract['task:create'].input.parse({ communityId: 'cA', title: '清理地库', party: 'propertyCompany', owner: '赵经理', deadline: '2026-06-01', source: { meetingId: m.id, itemId: m.agenda[0].id } }),
    asSecretary,
  )
  await f.services.task.progress({ id: t.id, revision: t.revision, text: '已清理', status: 'done' }, asSecretary)
})
afterEach(async () => {
  await f.db.close()
})

describe('本年累计 on 20 May 2026', () => {
  it('per community and for the street, with 同比, the partial month named, from the counts alone', async () => {
    // Reopened cold, so nothing is cached: no demand file is read, though the spy sees one read.
    await f.db.close()
    fs = spyFs()
    f = await openMeetingFixture(f.dir, f.key, fs)
    const demandReads = () => fs.reads().filter((p) => /[\\/]demands[\\/]/.test(p))
    const s = await street({ preset: 'yearToDate' })
    expect(demandReads()).toEqual([])
    await f.services.demand.list({ communityId: 'cB', page: 1, pageSize: 5 }, asSecretary)
    expect(demandReads().length).toBeGreaterThan(0)

    // May is not over: 同比 / 环比 compare January–April (their bases are whole months)
    expect(s.period).toEqual({
      from: '2026-01',
      to: '2026-05',
      label: '2026年1—5月',
      asOf: '2026-05-20',
      labelAsOf: '2026年1—5月（截至5月20日）',
      preset: 'yearToDate',
      clipped: false,
      compared: { from: '2026-01', to: '2026-04', label: '2026年1—4月' },
    })
    expect(s.lastYear.label).toBe('2025年1—4月')
    expect(s.previous.label).toBe('2025年9—12月')
    expect(s.buckets.map((b) => [b.key, b.partial])).toEqual([
      ['2026-01', false],
      ['2026-02', false],
      ['2026-03', false],
      ['2026-04', false],
      ['2026-05', true],
    ])
    const [a, b] = s.communities
    // cA: 6 demands (3 in February, 3 in May), 1 petition; January–April 3 and 1, a year before 3 and 2
    expect(a).toMatchObject({
      communityId: 'cA',
      name: '七口堰社区',
      demands: { count: 6, compared: 3, lastYear: 3, previous: 0 },
      petitions: { count: 1, compared: 1, lastYear: 2, yoy: { delta: -1, percent: -50 } },
    })
    expect(a.demands.buckets.map((x) => x.count)).toEqual([0, 3, 0, 0, 3])
    // cB's petition fell on 1 April in the street
    expect(b.petitions.buckets.map((x) => x.count)).toEqual([0, 0, 0, 1, 0])
    expect(s.street.demands.buckets.map((x) => x.count)).toEqual([0, 3, 0, 1, 3])
    expect(s.street.demands).toMatchObject({ count: 7, compared: 4, lastYear: 3, yoy: { delta: 1, percent: 33.3 } })

    expect(a.sentences.petitions).toBe('2026年1—5月（截至5月20日），七口堰社区信访量1件；其中2026年1—4月1件，同比下降1件，降幅50.0%。')
    expect(b.sentences.petitions).toBe('2026年1—5月（截至5月20日），东门社区信访量1件；其中2026年1—4月1件，上年同期为0，新增1件。')
    expect(s.street.sentences.petitions).toBe('2026年1—5月（截至5月20日），全街道信访量2件；其中2026年1—4月2件，与上年同期持平。')
    expect(s.street.sentences.demands).toBe('2026年1—5月（截至5月20日），全街道诉求量7件；其中2026年1—4月4件，同比上升1件，增幅33.3%。')

    // the task done today counts on time; nothing is closed yet
    expect(a.rates).toMatchObject({ demands: 6, closed: 0, closeRate: 0, tasksDone: 1, tasksOnTime: 1, onTimeRate: 100 })
    expect(s.street.rates.onTimeRate).toBe(100)
    expect(s.street.shares.channel).toEqual([
      { key: 'hotline', count: 5, percent: 71.4 },
      { key: 'petition', count: 2, percent: 28.6 },
    ])
    // one petition each: a tie, in the street's order
    expect(s.ranking.rows.map((r) => [r.communityId, r.rank, r.value])).toEqual([
      ['cA', 1, 1],
      ['cB', 1, 1],
    ])
  })

  it('by quarter over 近12个月, 环比 in the sentences, a chosen community, ranked by change', async () => {
    const s = await street({ preset: 'last12Months', granularity: 'quarter', communityIds: ['cB'], rankBy: 'demandsChange', order: 'asc', sentences: 'yoyAndMom' })
    expect(s.period).toMatchObject({ from: '2025-06', to: '2026-05', label: '2025年6月—2026年5月' })
    expect(s.buckets.map((x) => [x.label, x.complete, x.partial])).toEqual([
      ['2025年6月', false, false],
      ['2025年第三季度', true, false],
      ['2025年第四季度', true, false],
      ['2026年第一季度', true, false],
      ['2026年4—5月', false, true],
    ])
    expect(s.communities.map((c) => c.communityId)).toEqual(['cB'])
    // the street keeps both: 7 demands in the 12 months. May is not over: the comparisons use June
    // 2025–April 2026 (4: February 3, April 1) against June 2024–April 2025 (3, March 2025) and the
    // 11 months before, July 2024–May 2025 (4: March 3, May 1)
    expect(s.street.demands).toMatchObject({ count: 7, compared: 4, lastYear: 3, previous: 4 })
    expect(s.street.sentences.demands).toBe('2025年6月—2026年5月（截至5月20日），全街道诉求量7件；其中2025年6月—2026年4月4件，同比上升1件，增幅33.3%；与上期持平。')
    // cA 0 (3 vs 3), cB +1 (1 vs 0): ascending puts cA first
    expect(s.ranking.rows.map((r) => [r.communityId, r.rank, r.value])).toEqual([
      ['cA', 1, 0],
      ['cB', 2, 1],
    ])
  })
})

describe('ranges and today', () => {
  it('any range: months after today are left out and said so; a range wholly to come is refused', async () => {
    const s = await street({ from: '2026-01', to: '2026-12', granularity: 'year' })
    expect(s.period).toMatchObject({ from: '2026-01', to: '2026-05', clipped: true, asOf: '2026-05-20', label: '2026年1—5月' })
    expect(s.buckets).toHaveLength(1)
    const past = await street({ from: '2025-01', to: '2025-06' })
    expect(past.period).toMatchObject({ asOf: null, clipped: false, labelAsOf: '2025年1—6月' })
    expect(past.street.sentences.petitions).toBe('2025年1—6月，全街道信访量3件，上年同期为0，新增3件。')
    const future = await errorOf(street({ from: '2026-06', to: '2026-12' }))
    expect(future).toMatchObject({ code: 'VALIDATION', fields: { from: '统计区间尚未开始，请选择已过去的月份' } })
  })

  it('本月 is the month it is in the street: 00:30 on 1 June there is still 31 May in UTC', async () => {
    f.now.set('2026-05-31T16:30:00Z')
    const s = await street({ preset: 'thisMonth' })
    expect(s.period).toMatchObject({ from: '2026-06', to: '2026-06', asOf: '2026-06-01', labelAsOf: '2026年6月（截至6月1日）' })
    expect(s.street.sentences.demands).toBe('2026年6月（截至6月1日），全街道诉求量0件；本月尚未结束，暂不作同比。')
  })

  it('an unknown community is refused, naming the field', async () => {
    const e = await errorOf(street({ preset: 'thisMonth', communityIds: ['nope'] }))
    expect(e).toMatchObject({ code: 'VALIDATION', fields: { communityIds: '所选社区不存在' } })
  })
})

describe('scope', () => {
  const scoped: OperatorIdentity = { id: 'op-l', name: '赵主任', role: 'leader', communityIds: ['cB'] }
  const asScoped = { transport: 'internal' as const, operator: scoped }

  it('an operator who sees part of the street gets only those communities, totalled as 所辖N个社区', async () => {
    const s = await street({ preset: 'yearToDate' }, asScoped)
    expect(s.communities.map((c) => c.communityId)).toEqual(['cB'])
    expect(s.ranking.rows.map((r) => r.communityId)).toEqual(['cB'])
    expect(s.street).toMatchObject({ name: '所辖1个社区', petitions: { count: 1 }, demands: { count: 1 } })
    expect(s.street.rates.tasksDone).toBe(0)
    expect(s.street.sentences.petitions).toBe('2026年1—5月（截至5月20日），所辖1个社区信访量1件；其中2026年1—4月1件，上年同期为0，新增1件。')
  })

  it('the rates follow task changes in the same session (the task index kept between calls is dropped on change)', async () => {
    const rates = () => f.services.stats.rates(contract['stats:rates'].input.parse({ from: '2026-01', to: '2026-05' }), asChair)
    expect((await street({ preset: 'yearToDate' })).street.rates).toMatchObject({ tasksDone: 1, tasksOnTime: 1 })
    expect(await rates()).toMatchObject({ tasksDone: 1, tasksOnTime: 1 })
    const t = await f.services.task.create(
      contract['task:create'].input.parse({ communityId: 'cA', title: '修复路灯', party: 'propertyCompany', owner: '赵经理', deadline: '2026-05-25', source: decided }),
      asSecretary,
    )
    await f.services.task.progress({ id: t.id, revision: t.revision, text: '已修复', status: 'done' }, asSecretary)
    expect(await rates()).toMatchObject({ tasksDone: 2, tasksOnTime: 2, onTimeRate: 100 })
    const s = await street({ preset: 'yearToDate' })
    expect(s.street.rates).toMatchObject({ tasksDone: 2, tasksOnTime: 2 })
    expect(s.communities.find((c) => c.communityId === 'cA')!.rates).toMatchObject({ tasksDone: 2 })
  })

  it('asking for a community outside the scope is refused', async () => {
    const e = await errorOf(street({ preset: 'yearToDate', communityIds: ['cA'] }, asScoped))
    expect(e.code).toBe('FORBIDDEN')
  })
})

describe("drill-down: demand:list with the figure's filters lists exactly the records behind it", () => {
  const list = (input: Partial<InputOf<'demand:list'>>) => f.services.demand.list(contract['demand:list'].input.parse({ pageSize: 100, ...input }), asChair)

  it('a bucket, a period, a category, a channel — the list total equals the figure', async () => {
    const s = await street({ preset: 'yearToDate' })
    const [a] = s.communities
    // February 2026, 七口堰社区, 信访量 and 诉求量
    const feb = s.buckets.findIndex((b) => b.key === '2026-02')
    const petitions = await list({ communityId: 'cA', from: '2026-02', to: '2026-02', channel: 'petition' })
    expect(petitions.total).toBe(a.petitions.buckets[feb].count)
    expect(petitions.items.map((d) => d.channel)).toEqual(['petition'])
    expect((await list({ communityId: 'cA', from: '2026-02', to: '2026-02' })).total).toBe(a.demands.buckets[feb].count)
    // the street over the whole period (no community: every one in scope)
    const whole = await list({ from: s.period.from, to: s.period.to })
    expect(whole.total).toBe(s.street.demands.count)
    expect(whole.items).toHaveLength(s.street.demands.count)
    expect((await list({ from: s.period.from, to: s.period.to, channel: 'petition' })).total).toBe(s.street.petitions.count)
    // a share slice
    for (const share of s.street.shares.category) {
      const page = await list({ from: s.period.from, to: s.period.to, category: share.key })
      expect(page.total).toBe(share.count)
      expect(page.items.every((d) => d.category === share.key)).toBe(true)
    }
    // filters combined are counted from the records: hotline demands that are noise
    const combined = await list({ from: s.period.from, to: s.period.to, category: 'noise', channel: 'hotline' })
    expect(combined.total).toBe(combined.items.length)
    expect(combined.items.every((d) => d.category === 'noise' && d.channel === 'hotline')).toBe(true)
  })

  it('refuses a range that runs backwards, naming the field', async () => {
    expect(() => contract['demand:list'].input.parse({ from: '2026-05', to: '2026-01' })).toThrow('起始月份不能晚于截止月份')
    expect(() => contract['demand:list'].input.parse({ category: 'x' })).toThrow('诉求类别无效')
  })
})
