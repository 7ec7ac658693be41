// The leaders' dashboard charts (issue 12): options built from a hand-worked street — titles name
// the period, every bucket's tooltip words ITS OWN 同比/环比, every axis label shown, the running
// month marked, ranking and shares in the backend's order, and nothing a browser alone could run.
import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { dayOf } from '../../shared/domain/month'
import { buildStreetStats, type CommunitySource, type StreetStatsInput } from '../../shared/domain/street-stats'
import {
  STREET_SERIES_ID,
  ZH_STREET_CHART_LABELS,
  bucketNames,
  buildRankingOption,
  buildShareOption,
  buildStreetTrendOption,
  rankValueText,
  rankingRowAt,
  shareItems,
  shareKeyAt,
  shouldRotate,
  breakBeforeMark,
  trendPointAt,
  trendScopes,
  trendTitle,
  trendTooltips,
  type StreetChartLabels,
} from '../../shared/charts/street-options'

const mc = (total: number, petition: number, category: Partial<MonthCounts['byCategory']> = { parking: total }): MonthCounts => ({
  total,
  byCategory: category,
  byChannel: petition === total ? { petition } : petition ? { petition, hotline: total - petition } : { hotline: total },
  byStatus: { handling: total },
})

// 七口堰社区 (A) and 东门社区 (B); 2026-01..06 against 2025-01..06.
const A: CommunitySource = {
  communityId: 'A',
  name: '七口堰社区',
  counts: {
    '2025-01': mc(10, 5),
    '2025-02': mc(4, 2),
    '2025-12': mc(3, 3),
    '2026-01': mc(6, 3, { parking: 4, noise: 2 }),
    '2026-02': mc(6, 2),
    '2026-03': mc(3, 0),
    '2026-05': mc(2, 2),
  },
  tasks: [],
}
const B: CommunitySource = { communityId: 'B', name: '东门社区', counts: { '2026-02': mc(2, 2), '2026-04': mc(1, 1) }, tasks: [] }

const input = (over: Partial<StreetStatsInput> = {}): StreetStatsInput => ({
  span: { from: '2026-01', to: '2026-06' },
  asOf: null,
  granularity: 'month',
  communities: [A, B],
  wholeStreet: true,
  rankBy: 'petitions',
  order: 'desc',
  withMom: false,
  dayOf: (iso) => dayOf(iso, 'Asia/Shanghai'),
  ...over,
})

const stats = buildStreetStats(input())
type Series = { id: string; name: string; type: string; data: Array<number | { value: number; itemStyle?: unknown; symbol?: string; label?: { formatter: string } }> }
const seriesOf = (o: { series?: unknown }) => o.series as Series[]
const values = (s: Series) => s.data.map((d) => (typeof d === 'number' ? d : d.value))
const tooltipOf = (o: { tooltip?: unknown }) => (o.tooltip as { formatter: (p: unknown) => string }).formatter

describe('buildStreetTrendOption', () => {
  const option = buildStreetTrendOption(stats, ZH_STREET_CHART_LABELS, { animation: false, measure: 'petitions', kind: 'line', street: true, communityIds: ['A', 'B'] })

  it('names the period and the measure in the title', () => {
    expect(trendTitle(stats, ZH_STREET_CHART_LABELS, 'petitions')).toBe('2026年1—6月 信访量')
    expect(option.title).toMatchObject({ text: '2026年1—6月 信访量' })
    expect(trendTitle(stats, ZH_STREET_CHART_LABELS, 'demands')).toBe('2026年1—6月 诉求量')
  })

  it('draws the street and the chosen communities side by side, street first', () => {
    const series = seriesOf(option)
    expect(series.map((s) => [s.id, s.name, s.type])).toEqual([
      [STREET_SERIES_ID, '全街道', 'line'],
      ['A', '七口堰社区', 'line'],
      ['B', '东门社区', 'line'],
    ])
    expect(values(series[1])).toEqual([3, 2, 0, 0, 2, 0])
    expect(values(series[2])).toEqual([0, 2, 0, 1, 0, 0])
    // the street is the sum, bucket by bucket
    expect(values(series[0])).toEqual([3, 4, 0, 1, 2, 0])
    expect(option.animation).toBe(false)
  })

  it('shows every month on the axis (interval 0), turned when crowded', () => {
    const axis = option.xAxis as { data: string[]; axisLabel: { interval: number; rotate: number } }
    expect(axis.data).toEqual(['2026年1月', '2026年2月', '2026年3月', '2026年4月', '2026年5月', '2026年6月'])
    expect(axis.axisLabel.interval).toBe(0)
    expect(axis.axisLabel.rotate).toBe(0)
    const year = buildStreetStats(input({ span: { from: '2025-01', to: '2026-06' } }))
    const long = buildStreetTrendOption(year, ZH_STREET_CHART_LABELS, { animation: false, measure: 'demands', kind: 'bar', street: true })
    const longAxis = long.xAxis as { data: string[]; axisLabel: { interval: number; rotate: number } }
    expect(longAxis.data).toHaveLength(18)
    expect(longAxis.axisLabel).toMatchObject({ interval: 0, rotate: 40 })
    expect(shouldRotate(['1月', '2月', '3月'])).toBe(false)
  })

  it("words each bucket's own 同比 and 环比 — no 末月环比 on every month", () => {
    const tips = trendTooltips(stats, ZH_STREET_CHART_LABELS, { animation: false, measure: 'petitions', kind: 'line', street: false, communityIds: ['A'] })
    expect(tips).toHaveLength(6)
    for (const t of tips) expect(t).not.toContain('末月')
    // January: 3 against 5 in Jan 2025 and 3 in Dec 2025
    expect(tips[0]).toBe('2026年1月<br/>七口堰社区：3 件<br/>　同比下降2件，降幅40.0%<br/>　与上期持平')
    // February: 2 against 2 and 3
    expect(tips[1]).toContain('与上年同期持平')
    expect(tips[1]).toContain('环比下降1件，降幅33.3%')
    // May: 2 against nothing a year before and nothing in April
    expect(tips[4]).toContain('上年同期为0，新增2件')
    expect(tips[4]).toContain('上期为0，新增2件')
    // the option's formatter returns the hovered bucket's text
    expect(tooltipOf(option)([{ dataIndex: 1, seriesIndex: 0 }])).toContain('2026年2月')
    expect(tooltipOf(option)([])).toBe('')
  })

  it('uses the words given for another language', () => {
    const en: StreetChartLabels = {
      ...ZH_STREET_CHART_LABELS,
      measures: { petitions: 'Petitions', demands: 'Demands' },
      unit: '',
      period: 'Jan–Jun 2026',
      streetName: 'Whole street',
      bucketLabel: (b) => b.key,
      changeText: (now, base, c) => `${c === 'yoy' ? 'YoY' : 'MoM'} ${now - base}`,
      partial: ' (so far)',
    }
    const o = buildStreetTrendOption(stats, en, { animation: true, measure: 'petitions', kind: 'bar', street: true })
    expect(o.title).toMatchObject({ text: 'Jan–Jun 2026 Petitions' })
    expect(seriesOf(o)[0]).toMatchObject({ name: 'Whole street', type: 'bar' })
    expect((o.xAxis as { data: string[] }).data[0]).toBe('2026-01')
    expect(tooltipOf(o)([{ dataIndex: 0 }])).toBe('2026-01<br/>Whole street：3<br/>　YoY -2<br/>　MoM 0')
  })

  it('marks the bucket still running: its name, and a lighter bar / hollow point', () => {
    const partial = buildStreetStats(input({ span: { from: '2026-01', to: '2026-05' }, asOf: '2026-05-20', granularity: 'quarter' }))
    expect(partial.period.labelAsOf).toBe('2026年1—5月（截至5月20日）')
    expect(bucketNames(partial, ZH_STREET_CHART_LABELS)).toEqual(['2026年第一季度', '2026年4—5月（未完）'])
    const bars = buildStreetTrendOption(partial, ZH_STREET_CHART_LABELS, { animation: false, measure: 'demands', kind: 'bar', street: true })
    expect(bars.title).toMatchObject({ text: '2026年1—5月（截至5月20日） 诉求量' })
    const data = seriesOf(bars)[0].data
    expect(data[0]).toBe(17)
    expect(data[1]).toEqual({ value: 3, itemStyle: { opacity: 0.5 } })
    const lines = buildStreetTrendOption(partial, ZH_STREET_CHART_LABELS, { animation: false, measure: 'demands', kind: 'line', street: true })
    expect(seriesOf(lines)[0].data[1]).toMatchObject({ value: 3, symbol: 'emptyCircle' })
    // The running bucket's mark sits on a line of its own, so it does not run into its neighbour.
    const axis = lines.xAxis as { data: string[]; axisLabel: { formatter: (name: string) => string } }
    expect(axis.data[1]).toBe('2026年4—5月（未完）')
    expect(axis.axisLabel.formatter(axis.data[1])).toBe('2026年4—5月\n（未完）')
    expect(axis.axisLabel.formatter(axis.data[0])).toBe('2026年第一季度')
  })

  it('large text turns the month names sooner (they would run into each other)', () => {
    const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`)
    months[11] = '12月（未完）'
    expect(shouldRotate(months)).toBe(false)
    // twelve short month names stay level in large text (the running one breaks onto two lines)
    expect(shouldRotate(months, 18 / 14)).toBe(false)
    expect(shouldRotate(['2026年1—3月', '2026年4—6月', '2026年7—9月', '2026年10—12月', '2027年1—3月（未完）'], 18 / 14)).toBe(true)
    expect(shouldRotate(['2026年1—3月', '2026年4—6月', '2026年7—9月', '2026年10—12月', '2027年1—3月（未完）'])).toBe(false)
    expect(breakBeforeMark('12月（未完）', '（未完）')).toBe('12月\n（未完）')
    expect(breakBeforeMark('（未完）', '（未完）')).toBe('（未完）')
  })

  it('finds the bucket and community behind a clicked point', () => {
    expect(trendPointAt(stats, 'A', 1)).toMatchObject({ communityId: 'A', bucket: { key: '2026-02', from: '2026-02', to: '2026-02' } })
    expect(trendPointAt(stats, STREET_SERIES_ID, 0)).toMatchObject({ communityId: null, bucket: { key: '2026-01' } })
    expect(trendPointAt(stats, 'Z', 0)).toBeNull()
    expect(trendPointAt(stats, 'A', 9)).toBeNull()
    expect(trendScopes(stats, { street: false, communityIds: ['B', 'Z'] }).map((s) => s.communityId)).toEqual(['B'])
  })

  it('is plain data a server can render: JSON keeps everything but the tooltip formatter', () => {
    const json = JSON.parse(JSON.stringify(option))
    expect(json.series).toHaveLength(3)
    expect(json.aria.label.description).toContain('2026年1—6月 信访量')
    expect(json.aria.label.description).toContain('全街道 10件')
  })

  it('large text scales the fonts', () => {
    const big = buildStreetTrendOption(stats, ZH_STREET_CHART_LABELS, { animation: false, measure: 'petitions', kind: 'line', street: true, fontScale: 18 / 14 })
    expect((big.title as { textStyle: { fontSize: number } }).textStyle.fontSize).toBe(19)
  })
})

describe('buildRankingOption', () => {
  it('draws the communities in rank order, first on top, with the values as labels', () => {
    const o = buildRankingOption(stats, ZH_STREET_CHART_LABELS, { animation: false })
    expect(o.title).toMatchObject({ text: '2026年1—6月 各社区信访量排名' })
    expect(o.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['七口堰社区', '东门社区'] })
    const s = seriesOf(o)[0]
    expect(values(s)).toEqual([7, 3])
    expect((s.data[0] as { label: { formatter: string } }).label.formatter).toBe('7 件')
    expect(rankingRowAt(stats, 1)).toBe('B')
    expect(tooltipOf(o)({ dataIndex: 0 })).toBe('七口堰社区：7 件')
  })

  it('leaves out communities with no value and shows rates as percents', () => {
    const byRate = buildStreetStats(input({ rankBy: 'closeRate' }))
    const o = buildRankingOption(byRate, ZH_STREET_CHART_LABELS, { animation: false })
    expect(o.title).toMatchObject({ text: '2026年1—6月 各社区办结率排名' })
    expect(o.xAxis).toMatchObject({ max: 100 })
    expect(rankValueText('closeRate', 86.66, '件')).toBe('86.7%')
    expect(rankValueText('petitionsChange', 5, '件')).toBe('+5 件')
    expect(rankValueText('petitionsChange', -3, '件')).toBe('-3 件')
    expect(rankValueText('satisfactionRate', null, '件')).toBe('—')
  })
})

describe('buildShareOption', () => {
  it('shares by category for the street as a pie, largest first, with the backend percents', () => {
    const items = shareItems(stats, ZH_STREET_CHART_LABELS, { by: 'category' })
    // 20 demands: parking 18, noise 2
    expect(items.map((s) => [s.key, s.count, s.text])).toEqual([
      ['parking', 18, '18 件 · 90.0%'],
      ['noise', 2, '2 件 · 10.0%'],
    ])
    const o = buildShareOption(stats, ZH_STREET_CHART_LABELS, { animation: false, by: 'category', kind: 'pie' })
    expect(o.title).toMatchObject({ text: '2026年1—6月 诉求类别占比', subtext: '全街道' })
    const s = seriesOf(o)[0]
    expect(s.type).toBe('pie')
    expect(values(s)).toEqual([18, 2])
    expect(shareKeyAt(stats, { by: 'category' }, 1)).toBe('noise')
  })

  it('shares by channel for one community as bars', () => {
    const o = buildShareOption(stats, ZH_STREET_CHART_LABELS, { animation: false, by: 'channel', kind: 'bar', communityId: 'B' })
    expect(o.title).toMatchObject({ text: '2026年1—6月 诉求渠道占比', subtext: '东门社区' })
    const s = seriesOf(o)[0]
    expect(s.type).toBe('bar')
    expect(values(s)).toEqual([3])
    expect(shareKeyAt(stats, { by: 'channel', communityId: 'B' }, 0)).toBe('petition')
    expect(tooltipOf(o)({ dataIndex: 0 })).toContain('100.0%')
  })
})

describe('months from historical counts', () => {
  // B's office counted 2026-03 and 2026-06, months B has no records for (A's records are its own).
  const withCounts = buildStreetStats(
    input({
      communities: [
        A,
        {
          ...B,
          history: [
            { month: '2026-03', petitions: 4, demands: 9 },
            { month: '2026-06', petitions: 1, demands: 2 },
          ],
        },
      ],
    }),
  )

  it('marks the buckets that take counts, per scope, and names them in a note under the chart', () => {
    const o = buildStreetTrendOption(withCounts, ZH_STREET_CHART_LABELS, { animation: false, measure: 'petitions', kind: 'bar', street: true, communityIds: ['A', 'B'] })
    const [street, a, b] = seriesOf(o)
    const marked = (s: Series) => s.data.map((d) => typeof d === 'object' && JSON.stringify(d.itemStyle ?? {}).includes('dashed'))
    expect(marked(street)).toEqual([false, false, true, false, false, true])
    expect(marked(a)).toEqual([false, false, false, false, false, false])
    expect(marked(b)).toEqual([false, false, true, false, false, true])
    // The counts are in the figures: B's 3月 petitions are the entered 4.
    expect(values(b)[2]).toBe(4)
    expect(o.title).toEqual([expect.objectContaining({ text: '2026年1—6月 信访量' }), expect.objectContaining({ text: '2026年3月、2026年6月为历史统计数，非系统记录' })])
    expect(tooltipOf(o)({ dataIndex: 2 })).toContain('东门社区：4 件（历史统计数）')
    expect(tooltipOf(o)({ dataIndex: 2 })).not.toContain('七口堰社区：0 件（历史统计数）')
    // Without counted scopes drawn (A alone), no note and no marks.
    const aOnly = buildStreetTrendOption(withCounts, ZH_STREET_CHART_LABELS, { animation: false, measure: 'petitions', kind: 'line', street: false, communityIds: ['A'] })
    expect(aOnly.title).toMatchObject({ text: '2026年1—6月 信访量' })
  })

  it('joins consecutive counted buckets into one run', () => {
    const run = buildStreetStats(
      input({ communities: [A, { ...B, history: ['2026-01', '2026-05', '2026-06'].map((month) => ({ month, petitions: 1, demands: 1 })) }] }),
    )
    const o = buildStreetTrendOption(run, ZH_STREET_CHART_LABELS, { animation: false, measure: 'demands', kind: 'line', street: true })
    const note = (o.title as Array<{ text: string }>)[1].text
    expect(note).toBe('2026年1月、2026年5月—2026年6月为历史统计数，非系统记录')
  })
})
