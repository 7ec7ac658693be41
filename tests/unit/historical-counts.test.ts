// Historical counts (issue 12): the rules of an entered month, the batch (revisions, all or
// nothing), the merge with the records (records win, whole months), the sheet reading (rows and
// columns named), and the street's figures with counted months (shares and rates left to records).
import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { applyBatch, countProblems, countedMonth, mergeCounts, type StoredMonth } from '../../shared/domain/historical-counts'
import { communityMatcher, parseCount, readHistoryRows } from '../../shared/domain/historical-import'
import { parseImportMonth } from '../../shared/domain/import-dates'
import { dayOf } from '../../shared/domain/month'
import { monthlyTrend } from '../../shared/domain/statistics'
import { buildStreetStats, type StreetStatsInput } from '../../shared/domain/street-stats'

const mc = (total: number, petition: number, evaluated = 0): MonthCounts => ({
  total,
  byCategory: { parking: total },
  byChannel: petition ? { petition, ...(total > petition ? { hotline: total - petition } : {}) } : { hotline: total },
  byStatus: evaluated ? { evaluated, ...(total > evaluated ? { handling: total - evaluated } : {}) } : { handling: total },
})

describe('an entered month', () => {
  it('accepts whole counts with petitions ≤ demands, in a past or the current month', () => {
    expect(countProblems({ month: '2019-03', petitions: 4, demands: 30 }, '2026-12')).toEqual([])
    expect(countProblems({ month: '2026-12', petitions: 0, demands: 0 }, '2026-12')).toEqual([])
    expect(countProblems({ month: '2019-03', petitions: 30, demands: 30, note: '信访办月报' }, '2026-12')).toEqual([])
  })

  it('refuses negative, fractional and too large counts, naming the field', () => {
    expect(countProblems({ month: '2019-03', petitions: -1, demands: 2.5 }, '2026-12')).toEqual([
      { field: 'petitions', message: '信访量须为不小于 0 的整数' },
      { field: 'demands', message: '诉求量须为不小于 0 的整数' },
    ])
    expect(countProblems({ month: '2019-03', petitions: 0, demands: 100_001 }, '2026-12')).toEqual([{ field: 'demands', message: '诉求量不能超过 100000' }])
  })

  it('refuses more petitions than demands (petitions are demands whose channel is 信访)', () => {
    expect(countProblems({ month: '2019-03', petitions: 31, demands: 30 }, '2026-12')).toEqual([
      { field: 'petitions', message: '信访量（31）不能大于诉求量（30）：信访件也计入诉求量' },
    ])
  })

  it('refuses a future month, a month before 1980 and a malformed month', () => {
    expect(countProblems({ month: '2027-01', petitions: 0, demands: 1 }, '2026-12')).toEqual([{ field: 'month', message: '月份 2027-01 尚未到来，不能填写' }])
    expect(countProblems({ month: '1979-12', petitions: 0, demands: 1 }, '2026-12')).toEqual([{ field: 'month', message: '月份不能早于 1980 年' }])
    expect(countProblems({ month: '2019-13', petitions: 0, demands: 1 }, '2026-12')[0].field).toBe('month')
  })

  it('is a month of totals: 诉求量 as the total and 信访量 as the 信访 channel, nothing else', () => {
    expect(countedMonth({ petitions: 4, demands: 30 })).toEqual({ total: 30, byCategory: {}, byChannel: { petition: 4 }, byStatus: {} })
    expect(countedMonth({ petitions: 0, demands: 3 })).toEqual({ total: 3, byCategory: {}, byChannel: {}, byStatus: {} })
  })
})

describe('a batch of months', () => {
  const opts = { thisMonth: '2026-12', at: '2026-12-01T10:00:00+08:00', by: '秘书 李娜' }
  const stored: StoredMonth[] = [{ month: '2019-02', petitions: 1, demands: 9, revision: 2, updatedAt: '2026-11-30T09:00:00+08:00', updatedBy: '秘书 王五' }]

  it('adds new months (revision 1), changes named ones (+1) and leaves equal ones alone', () => {
    const r = applyBatch(stored, [{ month: '2019-03', petitions: 4, demands: 30, note: ' 月报 ' }, { month: '2019-02', petitions: 1, demands: 9, revision: 2 }], opts)
    expect(r).toEqual({
      ok: true,
      changed: ['2019-03'],
      months: [stored[0], { month: '2019-03', petitions: 4, demands: 30, note: '月报', revision: 1, updatedAt: opts.at, updatedBy: '秘书 李娜' }],
    })
    const c = applyBatch(stored, [{ month: '2019-02', petitions: 2, demands: 9, revision: 2 }], opts)
    expect(c.ok && c.months[0]).toMatchObject({ petitions: 2, revision: 3 })
  })

  it('refuses the whole batch when one row is bad, naming the row and field', () => {
    const r = applyBatch(stored, [{ month: '2019-03', petitions: 4, demands: 30 }, { month: '2019-04', petitions: 9, demands: 3 }, { month: '2019-03', petitions: 1, demands: 1 }], opts)
    expect(r).toEqual({
      ok: false,
      problems: [
        { index: 1, field: 'petitions', message: '信访量（9）不能大于诉求量（3）：信访件也计入诉求量' },
        { index: 2, field: 'month', message: '月份 2019-03 重复（与第 1 行相同）' },
      ],
    })
  })

  it('refuses a stale revision or a month entered meanwhile by someone else', () => {
    expect(applyBatch(stored, [{ month: '2019-02', petitions: 2, demands: 9, revision: 1 }], opts)).toMatchObject({ ok: false, conflict: '2019-02 的统计数已于 2026-11-30 09:00 被秘书 王五修改，请刷新后重试' })
    expect(applyBatch(stored, [{ month: '2019-02', petitions: 2, demands: 9 }], opts)).toMatchObject({ ok: false })
    expect(applyBatch([], [{ month: '2019-02', petitions: 2, demands: 9, revision: 2 }], opts)).toMatchObject({ ok: false, conflict: '2019-02 的统计数已被他人删除，请刷新后重试' })
  })

  it('an import replaces whatever is stored (no revisions)', () => {
    const r = applyBatch(stored, [{ month: '2019-02', petitions: 3, demands: 9 }], { ...opts, overwrite: true })
    expect(r.ok && r.months).toEqual([{ month: '2019-02', petitions: 3, demands: 9, revision: 3, updatedAt: opts.at, updatedBy: '秘书 李娜' }])
  })
})

describe('the merge rule: records win, counts only for months with no record', () => {
  const records = { '2020-01': mc(5, 1), '2020-02': { total: 0, byCategory: {}, byChannel: {}, byStatus: {} } }
  const entered = [
    { month: '2019-12', petitions: 3, demands: 20 },
    { month: '2020-01', petitions: 9, demands: 90 },
    { month: '2020-02', petitions: 1, demands: 4 },
  ]

  it('keeps the records of a recorded month whole (never adds the entered count)', () => {
    const m = mergeCounts(records, entered)
    expect(m.counts['2020-01']).toBe(records['2020-01'])
    expect(m.counts['2019-12']).toEqual(countedMonth(entered[0]))
    // A month whose records were all removed (total 0) has no record: the count is used.
    expect(m.counts['2020-02']).toEqual(countedMonth(entered[2]))
    expect([...m.historical].sort()).toEqual(['2019-12', '2020-02'])
    expect(records['2020-01']).toEqual(mc(5, 1))
  })

  it('feeds the trend: counted months count in 信访量 and 诉求量 and their 同比', () => {
    const { counts } = mergeCounts({ '2020-12': mc(6, 2) }, [{ month: '2019-12', petitions: 3, demands: 20 }])
    const all = monthlyTrend(counts, '2020-12', '2020-12')
    expect(all.points[0]).toMatchObject({ count: 6, yoy: { delta: -14, percent: -70 } })
    expect(monthlyTrend(counts, '2019-12', '2019-12', 'petition').points[0].count).toBe(3)
  })

  it('without entered months the records are returned as they are', () => {
    const m = mergeCounts(records, [])
    expect(m.counts).toBe(records)
    expect(m.historical.size).toBe(0)
  })
})

describe('the street with counted months', () => {
  // A: counts for 2024 (before the app), records from 2025. B: records only.
  const input: StreetStatsInput = {
    span: { from: '2025-01', to: '2025-03' },
    asOf: null,
    granularity: 'month',
    communities: [
      {
        communityId: 'A',
        name: '七口堰社区',
        counts: { '2025-01': mc(10, 2, 5), '2025-03': mc(4, 1, 4) },
        tasks: [],
        history: [
          { month: '2024-01', petitions: 3, demands: 12 },
          { month: '2024-02', petitions: 1, demands: 8 },
          { month: '2024-03', petitions: 0, demands: 5 },
          { month: '2024-12', petitions: 2, demands: 7 },
          // superseded by the records of 2025-01
          { month: '2025-01', petitions: 50, demands: 99 },
          // no record in 2025-02: the count is used
          { month: '2025-02', petitions: 1, demands: 6 },
        ],
      },
      { communityId: 'B', name: '东门社区', counts: { '2024-02': mc(4, 4, 4), '2025-02': mc(2, 0) }, tasks: [] },
    ],
    wholeStreet: true,
    rankBy: 'demands',
    order: 'desc',
    withMom: false,
    dayOf: (iso) => dayOf(iso, 'Asia/Shanghai'),
  }
  const s = buildStreetStats(input)
  const [a, b] = s.communities

  it('counts the entered months in volumes and their bases (hand-computed)', () => {
    // 2025-01..03: 10 + 6 (counted) + 4 = 20 demands, 2 + 1 + 1 = 4 petitions; last year 12 + 8 + 5 = 25, 3 + 1 + 0 = 4; previous (2024-10..12): 7, 2.
    expect(a.demands).toMatchObject({ count: 20, lastYear: 25, previous: 7, yoy: { delta: -5, percent: -20 } })
    expect(a.petitions).toMatchObject({ count: 4, lastYear: 4, previous: 2 })
    expect(a.demands.buckets.map((x) => x.count)).toEqual([10, 6, 4])
    // The street adds B: 2025 demands 20 + 2, last year 25 + 4.
    expect(s.street.demands).toMatchObject({ count: 22, lastYear: 29 })
    expect(s.street.petitions).toMatchObject({ count: 4, lastYear: 8 })
  })

  it('names the months that come from counts, per community, for the street and per bucket', () => {
    expect(a.historicalMonths).toEqual(['2024-01', '2024-02', '2024-03', '2024-12', '2025-02'])
    expect(b.historicalMonths).toEqual([])
    expect(s.street.historicalMonths).toEqual(a.historicalMonths)
    expect(a.sharesLeftOut).toEqual(['2025-02'])
    expect(s.buckets.map((x) => [x.key, x.historical])).toEqual([
      ['2025-01', false],
      ['2025-02', true],
      ['2025-03', false],
    ])
  })

  it('invents no shares or rates for counted months: those are the records alone', () => {
    // Records of A in the period: 14 demands, all 停车 (parking); 信访 2 + 1 of 14.
    expect(a.shares.category.find((x) => x.key === 'parking')).toMatchObject({ count: 14 })
    expect(a.shares.channel.find((x) => x.key === 'petition')).toMatchObject({ count: 3 })
    // 办结率 from records: 9 closed of 14.
    expect(a.rates.closeRate).toBeCloseTo((9 / 14) * 100, 0)
    // Last year's rates: only counts → no base.
    expect(a.ratesLastYear.closeRate).toBeNull()
  })
})

describe('reading the office sheet', () => {
  const communities = [
    { id: 'A', name: '七口堰社区' },
    { id: 'B', name: '东门' },
  ]

  it('reads months as the sheets write them', () => {
    for (const [v, m] of [
      ['2019-03', '2019-03'],
      ['2019年3月', '2019-03'],
      ['2019/3', '2019-03'],
      ['2019.11', '2019-11'],
      ['2019-03-01', '2019-03'],
      [43525, '2019-03'],
      [new Date(Date.UTC(2019, 2, 1)), '2019-03'],
    ] as const) {
      expect(parseImportMonth(v)).toEqual({ ok: true, month: m })
    }
    expect(parseImportMonth('2019年13月')).toEqual({ ok: false, message: '月份“2019年13月”不存在（应为 1—12 月）' })
    expect(parseImportMonth('')).toEqual({ ok: false, message: '请填写月份' })
    expect(parseImportMonth('三月')).toMatchObject({ ok: false })
  })

  it('reads counts written as numbers, with 件 or separators', () => {
    expect([12, '12', '12件', '1,234', ' 7 ', 0].map((v) => parseCount(v))).toEqual([12, 12, 12, 1234, 7, 0])
    expect([-1, 1.5, 'abc', '', null].map((v) => parseCount(v))).toEqual([null, null, null, null, null])
  })

  it('finds communities with or without 社区', () => {
    const match = communityMatcher(communities)
    expect(match('七口堰')?.id).toBe('A')
    expect(match('东门社区')?.id).toBe('B')
    expect(match('西门')).toBeUndefined()
  })

  it('reports every bad row naming row and column; good rows are read', () => {
    const headers = ['社区', '月份', '信访量', '诉求量', '备注']
    const r = readHistoryRows(
      headers,
      [
        { row: 2, cells: ['七口堰社区', '2019年3月', 4, 30, '月报'] },
        { row: 3, cells: ['西门社区', '2019-04', 1, 2, null] },
        { row: 4, cells: ['东门', 'x', 'abc', '', null] },
        { row: 5, cells: ['东门', '2019/5', 8, 5, null] },
        { row: 6, cells: ['七口堰', '2019-03', 1, 1, null] },
        { row: 7, cells: ['东门', '2030-01', 0, 1, null] },
      ],
      communities,
      '2026-12',
    )
    if ('missing' in r) throw new Error(r.missing)
    expect(r.rows).toEqual([{ row: 2, communityId: 'A', communityName: '七口堰社区', month: '2019-03', petitions: 4, demands: 30, note: '月报' }])
    expect(r.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, '社区', '社区“西门社区”不存在，请先在社区管理中添加，或改为已有社区的名称'],
      [4, '月份', '月份格式无法识别（可写 2019-03、2019/3、2019年3月，或 Excel 日期）'],
      [4, '信访量', '信访量“abc”不是不小于 0 的整数'],
      [4, '诉求量', '请填写诉求量'],
      [5, '信访量', '信访量（8）不能大于诉求量（5）：信访件也计入诉求量'],
      [6, '月份', '七口堰社区 2019-03 重复（第 2 行已填写该月）'],
      [7, '月份', '月份 2030-01 尚未到来，不能填写'],
    ])
  })

  it('names the missing columns', () => {
    expect(readHistoryRows(['社区', '日期', '信访量'], [], communities, '2026-12')).toEqual({ missing: '表头缺少列：月份、诉求量（第一行应为 社区、月份、信访量、诉求量）' })
  })
})
