import { describe, expect, it } from 'vitest'
import { buildTrendOption, tooltipText, trendRows, trendSummary } from '../../renderer/src/charts/trend-option'
import type { TrendLabels } from '../../renderer/src/charts/trend-option'
import { monthlyTrend, emptyCounts } from '../../shared/domain/statistics'
import type { MonthCounts } from '../../shared/domain/entities'

const labels: TrendLabels = { title: '七口堰社区 月度信访走势', current: '本期', lastYear: '上年同期', yoy: '同比', mom: '环比', unit: '件' }

function counts(total: number): MonthCounts {
  return { ...emptyCounts(), total }
}

// 2025-01..03 are last year's months for 2026-01..03.
const byMonth: Record<string, MonthCounts> = {
  '2025-01': counts(10),
  '2025-02': counts(4),
  '2026-01': counts(6),
  '2026-02': counts(8),
  '2026-03': counts(3),
}
const trend = monthlyTrend(byMonth, '2026-01', '2026-03')

describe('buildTrendOption', () => {
  it('puts the months on the x axis and this year and last year as two series', () => {
    const option = buildTrendOption(trend, labels, { animation: true })
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['2026-01', '2026-02', '2026-03'] })
    const series = option.series as Array<{ name: string; type: string; data: number[] }>
    expect(series).toHaveLength(2)
    expect(series[0]).toMatchObject({ name: '本期', type: 'line', data: [6, 8, 3] })
    expect(series[1]).toMatchObject({ name: '上年同期', type: 'line', data: [10, 4, 0] })
    expect(option.legend).toMatchObject({ data: ['本期', '上年同期'] })
    expect(option.title).toMatchObject({ text: labels.title })
  })

  it('passes the animation switch through and can draw bars', () => {
    const option = buildTrendOption(trend, labels, { animation: false, kind: 'bar' })
    expect(option.animation).toBe(false)
    const series = option.series as Array<{ type: string }>
    expect(series.map((s) => s.type)).toEqual(['bar', 'bar'])
  })

  it('shows "—" for a percent with a zero base instead of Infinity or NaN', () => {
    const rows = trendRows(trend)
    // 2026-03 has 3 against 0 last year: the percent is null.
    expect(trend.points[2].yoy.percent).toBeNull()
    expect(rows[2]).toMatchObject({ month: '2026-03', count: 3, lastYear: 0, yoyText: '+3 件, —' })
    expect(rows[0].yoyText).toBe('-4 件, -40%')
    expect(rows[1].momText).toBe('+2 件, +33.3%')
    const text = tooltipText(rows, [{ dataIndex: 2 }], labels)
    expect(text).toContain('同比：+3 件, —')
    expect(text).not.toMatch(/Infinity|NaN/)
  })

  it('does not compare the month under way: its row and tooltip say so, the months before keep their changes', () => {
    const running = { month: '2026-03', text: '本月未完，不作比较' }
    const rows = trendRows(trend, '件', undefined, running)
    expect(rows[2]).toMatchObject({ count: 3, lastYear: 0, yoyText: running.text, momText: running.text })
    expect(rows[1]).toMatchObject({ yoyText: '+4 件, +100%', momText: '+2 件, +33.3%' })
    const option = buildTrendOption(trend, labels, { animation: false, running })
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(formatter([{ dataIndex: 2 }])).toContain('同比：本月未完，不作比较')
    expect(formatter([{ dataIndex: 1 }])).toContain('同比：+4 件, +100%')
  })

  it('returns an empty tooltip for an index outside the data', () => {
    expect(tooltipText(trendRows(trend), [{ dataIndex: 9 }], labels)).toBe('')
  })
})

describe('chart accessibility and large text', () => {
  it('carries a text alternative (ECharts aria) naming the range, total, busiest and latest month', () => {
    const option = buildTrendOption(trend, labels, { animation: false })
    const aria = option.aria as { enabled: boolean; label: { description: string } }
    expect(aria.enabled).toBe(true)
    expect(aria.label.description).toBe(
      '七口堰社区 月度信访走势。2026-01 至 2026-03 共 3 个月，本期合计 17 件；最多的月份 2026-02（8 件），最近一个月 2026-03（3 件）。逐月数字见旁边的表格。',
    )
    const custom = buildTrendOption(trend, labels, { animation: false, describe: (v) => `${v.total}/${v.months}` })
    expect((custom.aria as { label: { description: string } }).label.description).toBe('17/3')
    expect(trendSummary([], labels)).toBeNull()
  })

  it('scales every text size with the font scale', () => {
    const normal = buildTrendOption(trend, labels, { animation: false })
    const large = buildTrendOption(trend, labels, { animation: false, fontScale: 18 / 14 })
    const size = (o: typeof normal) => ({
      title: (o.title as { textStyle: { fontSize: number } }).textStyle.fontSize,
      legend: (o.legend as { textStyle: { fontSize: number } }).textStyle.fontSize,
      x: (o.xAxis as { axisLabel: { fontSize: number } }).axisLabel.fontSize,
      y: (o.yAxis as { axisLabel: { fontSize: number } }).axisLabel.fontSize,
    })
    expect(size(normal)).toEqual({ title: 15, legend: 13, x: 12, y: 12 })
    expect(size(large)).toEqual({ title: 19, legend: 17, x: 15, y: 15 })
  })
})

describe('issue 12: every month named, each month worded on its own', () => {
  it('shows every month label (interval 0) and turns them past 12 months', () => {
    const axis = (o: ReturnType<typeof buildTrendOption>) => (o.xAxis as { axisLabel: { interval: number; rotate: number } }).axisLabel
    expect(axis(buildTrendOption(trend, labels, { animation: false }))).toMatchObject({ interval: 0, rotate: 0 })
    const long = monthlyTrend(byMonth, '2025-01', '2026-03')
    expect(axis(buildTrendOption(long, labels, { animation: false, kind: 'bar' }))).toMatchObject({ interval: 0, rotate: 40 })
  })

  it('words each month’s 同比 and 环比 as reports do when given a wording', () => {
    const wording = (current: number, base: number, c: 'yoy' | 'mom') => `${c}:${current}/${base}`
    const rows = trendRows(trend, '件', wording)
    // February: 8 against 4 a year before and 6 the month before
    expect(rows[1]).toMatchObject({ yoyText: 'yoy:8/4', momText: 'mom:8/6' })
    const option = buildTrendOption(trend, { ...labels, mom: '环比' }, { animation: false, wording })
    const tip = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 2 }])
    expect(tip).toContain('环比：mom:3/8')
    expect(tip).not.toContain('末月')
  })
})
