// 历史统计数 (issue 12) against the real backend: the year grid (typed errors under their fields,
// nothing sent while one shows; Enter moves down a column; the save sends the changed months with
// the revisions read), a leader sees the grid read-only with no nav entry; and the trend chart's
// option marking months from counts (dashed line / hatched bars, the note, the tooltip).
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import HistoryView from '../../renderer/src/views/HistoryView.vue'
import { setClient } from '../../renderer/src/api'
import { buildTrendOption, monthRuns, monthRunsText, tooltipText, trendRows, withHistoricalText } from '../../renderer/src/charts/trend-option'
import { changedMonths, gridRows, rowErrors } from '../../renderer/src/components/history/history-grid-model'
import { addMonths, currentMonth } from '../../shared/domain/month'
import { mergeCounts } from '../../shared/domain/historical-counts'
import { monthlyTrend } from '../../shared/domain/statistics'
import { navSections } from '../../renderer/src/router'
import { hasCapability } from '../../shared/domain/permissions'
import { createRealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setClient(null)
  document.body.innerHTML = ''
})

const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const lastYear = Number(currentMonth().slice(0, 4)) - 1

async function type(testid: string, value: string): Promise<void> {
  const el = q<HTMLInputElement>(`input[data-testid="${testid}"]`)
  if (!el) throw new Error(`no input ${testid}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
  el.dispatchEvent(new Event('blur'))
  await flushPromises()
}

async function openView(role: 'admin' | 'leader' = 'admin') {
  const backend = await createRealBackend({ role })
  setClient(backend.client)
  ;({ wrapper } = await mountApp(HistoryView, { path: '/history' }))
  await flushPromises()
  const id = backend.communities['七口堰社区'].id
  return { backend, id }
}

describe('the year grid', () => {
  it('shows a field’s error under it, sends nothing while one shows, then saves the changed months', async () => {
    const { backend, id } = await openView()
    // the community select picks the default; choose 七口堰社区 by the store
    const { useHistoryStore } = await import('../../renderer/src/stores/history')
    await useHistoryStore().setCommunity(id)
    await backend.call('history:save', { communityId: id, months: [{ month: `${lastYear}-05`, petitions: 1, demands: 3 }] })
    await flushPromises()
    // pick last year
    ;(wrapper!.vm as unknown as { year: number }).year = lastYear
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    await flushPromises()

    await type(`history-petitions-${lastYear}-01`, '9')
    await type(`history-demands-${lastYear}-01`, '4')
    expect(q('#history-petitions-0-error')?.textContent).toBe('信访量（9）不能大于诉求量（4）：信访件也计入诉求量')
    expect(q(`input[data-testid="history-petitions-${lastYear}-01"]`)?.getAttribute('aria-invalid')).toBe('true')
    backend.client['history:save'].mockClear()
    q<HTMLElement>('[data-testid="history-save"]')!.click()
    await flushPromises()
    expect(backend.client['history:save']).not.toHaveBeenCalled()

    await type(`history-demands-${lastYear}-01`, '12')
    await type(`history-demands-${lastYear}-05`, '4')
    expect(q('#history-petitions-0-error')).toBeNull()
    q<HTMLElement>('[data-testid="history-save"]')!.click()
    await flushPromises()
    expect(backend.client['history:save']).toHaveBeenCalledWith({
      communityId: id,
      months: [
        { month: `${lastYear}-01`, petitions: 9, demands: 12 },
        { month: `${lastYear}-05`, petitions: 1, demands: 4, revision: 1 },
      ],
    })
    const list = await backend.call('history:list', { communityId: id })
    expect(list.communities[0].counts.map((c) => [c.month, c.petitions, c.demands, c.revision])).toEqual([
      [`${lastYear}-01`, 9, 12, 1],
      [`${lastYear}-05`, 1, 4, 2],
    ])
  })

  it('Enter moves down the column', async () => {
    await openView()
    ;(wrapper!.vm as unknown as { year: number }).year = lastYear
    await flushPromises()
    const first = q<HTMLInputElement>(`input[data-testid="history-demands-${lastYear}-03"]`)!
    first.focus()
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(document.activeElement?.getAttribute('data-testid')).toBe(`history-demands-${lastYear}-04`)
  })

  it('is read-only for a leader, who has no nav entry for it', async () => {
    await openView('leader')
    expect(q('[data-testid="history-save"]')).toBeNull()
    expect(q('[data-testid="history-import"]')).toBeNull()
    expect(q<HTMLInputElement>('input[data-testid^="history-petitions-"]')?.disabled).toBe(true)
    const entries = navSections(undefined, undefined, (c) => hasCapability('leader', c)).flatMap((s) => s.entries.map((e) => e.name))
    expect(entries).not.toContain('history')
    expect(navSections(undefined, undefined, (c) => hasCapability('secretary', c)).flatMap((s) => s.entries.map((e) => e.name))).toContain('history')
  })
})

describe('the grid model', () => {
  const msgs = { both: 'both', petitions: 'p', demands: 'd' }
  it('fills twelve months, marks future and superseded ones, and sends only changes', () => {
    const stored = new Map([['2026-02', { communityId: 'c', month: '2026-02', petitions: 1, demands: 2, revision: 3, updatedAt: '', updatedBy: '' }]])
    const rows = gridRows(2026, stored, new Set(['2026-02']), '2026-05')
    expect(rows.map((r) => r.month)).toHaveLength(12)
    expect(rows[1]).toMatchObject({ petitions: '1', demands: '2', superseded: true })
    expect(rows[5].future).toBe(true)
    rows[0].petitions = '2'
    expect(rowErrors(rows[0], '2026-05', msgs)).toEqual({ demands: 'both' })
    rows[0].demands = '3件'
    rows[2].petitions = 'x'
    rows[2].demands = '1'
    expect(rowErrors(rows[2], '2026-05', msgs)).toEqual({ petitions: 'p' })
    expect(changedMonths(rows.filter((_, i) => i !== 2))).toEqual([{ month: '2026-01', petitions: 2, demands: 3 }])
  })
})

describe('the trend chart marks months from counts', () => {
  const to = '2026-06'
  const from = addMonths(to, -5)
  const { counts, historical } = mergeCounts({ '2026-05': { total: 2, byCategory: {}, byChannel: {}, byStatus: {} }, '2026-06': { total: 1, byCategory: {}, byChannel: {}, byStatus: {} } }, [
    { month: '2026-01', petitions: 1, demands: 5 },
    { month: '2026-02', petitions: 1, demands: 6 },
    { month: '2026-03', petitions: 0, demands: 7 },
  ])
  const trend = { ...monthlyTrend(counts, from, to), historicalMonths: [...historical].sort() }
  const labels = { title: '七口堰社区 月度走势', current: '本期', lastYear: '上年同期', yoy: '同比', mom: '环比', unit: '件' }

  it('names runs of months', () => {
    expect(monthRuns(['2018-12', '2019-01', '2019-03'])).toEqual([
      ['2018-12', '2019-01'],
      ['2019-03', '2019-03'],
    ])
    expect(monthRunsText(['2018-01', '2018-02', '2019-12'])).toBe('2018年1月—2018年2月、2019年12月')
    expect(monthRunsText(['2018-01', '2018-02'], 'en')).toBe('Jan 2018 – Feb 2018')
  })

  it('as a line: a dashed series for the counted run, joined to the records either side, in the legend, with the note', () => {
    const o = buildTrendOption(trend, labels, { animation: false })
    const series = o.series as Array<{ id?: string; name: string; data: unknown[]; lineStyle?: { type: unknown } }>
    expect(series[0].data).toEqual([null, null, null, 0, 2, 1])
    expect(series[2]).toMatchObject({ id: 'historical', name: '历史统计数', lineStyle: { type: [6, 4] } })
    expect(series[2].data).toEqual([5, 6, 7, { value: 0, symbol: 'none' }, null, null])
    expect((o.legend as { data: string[] }).data).toEqual(['本期', '历史统计数', '上年同期'])
    const titles = o.title as Array<{ id?: string; text: string }>
    expect(titles[1]).toMatchObject({ id: 'historical-note', text: '2026年1月—2026年3月为历史统计数，非系统记录' })
    expect((o.aria as { label: { description: string } }).label.description).toContain('2026年1月—2026年3月为历史统计数，非系统记录')
    expect(tooltipText(trendRows(trend), [{ dataIndex: 0 }], labels, [true])).toContain('2026-01（历史统计数）')
    // in English
    const en = withHistoricalText(o, 'Historical counts', 'Jan 2026 – Mar 2026: historical counts, not system records')
    expect((en.series as Array<{ name: string }>)[2].name).toBe('Historical counts')
    expect((en.legend as { data: string[] }).data).toEqual(['本期', 'Historical counts', '上年同期'])
    expect((en.title as Array<{ text: string }>)[1].text).toBe('Jan 2026 – Mar 2026: historical counts, not system records')
  })

  it('as bars: the counted bars hatched in the one series; without counts nothing changes', () => {
    const o = buildTrendOption(trend, labels, { animation: false, kind: 'bar' })
    const series = o.series as Array<{ data: unknown[] }>
    expect(series).toHaveLength(2)
    expect(series[0].data[0]).toMatchObject({ value: 5, itemStyle: { decal: { symbol: 'rect' } } })
    expect(series[0].data[4]).toBe(2)
    const plain = buildTrendOption(monthlyTrend(counts, '2026-05', '2026-06'), labels, { animation: false })
    expect((plain.series as unknown[]).length).toBe(2)
    expect(Array.isArray(plain.title)).toBe(false)
  })
})
