// The briefing pack's document (issue 12, item 5) from a hand-worked street: the sentences and
// tables are there with the report wording of changes, user text is escaped, nothing names a URL
// or loads anything, the open tasks come overdue first as the app computes 已逾期.
import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { dayOf } from '../../shared/domain/month'
import {
  BRIEFING_CSP,
  BRIEFING_TASKS_MAX,
  briefingFileName,
  briefingHtml,
  briefingTasks,
  countChangeText,
  inlineSvg,
  pointChangeText,
  type BriefingDoc,
} from '../../shared/domain/briefing-html'
import { buildStreetStats, type CommunitySource } from '../../shared/domain/street-stats'
import type { Task } from '../../shared/domain/task'

const mc = (total: number, petition: number): MonthCounts => ({
  total,
  byCategory: { parking: total },
  byChannel: petition ? { petition, hotline: total - petition } : { hotline: total },
  byStatus: { evaluated: Math.floor(total / 2), handling: total - Math.floor(total / 2) },
})

const EVIL = '<img src=x onerror=alert(1)>社区&"\''
const A: CommunitySource = { communityId: 'A', name: '七口堰社区', counts: { '2025-01': mc(10, 5), '2026-01': mc(6, 3), '2026-02': mc(4, 2) }, tasks: [] }
const B: CommunitySource = { communityId: 'B', name: EVIL, counts: { '2026-02': mc(2, 2) }, tasks: [] }

const statsInput = (asOf: string | null = null): Parameters<typeof buildStreetStats>[0] => ({
  span: { from: '2026-01', to: '2026-02' },
  asOf,
  granularity: 'month',
  communities: [A, B],
  wholeStreet: true,
  rankBy: 'petitions',
  order: 'desc',
  withMom: false,
  dayOf: (iso) => dayOf(iso, 'Asia/Shanghai'),
})
const stats = (asOf: string | null = null) => buildStreetStats(statsInput(asOf))

const task = (over: Partial<Task>): Task => ({
  id: `A~tk~${over.title}`,
  communityId: 'A',
  title: 't',
  party: 'propertyCompany',
  owner: '赵经理',
  deadline: '2026-03-01',
  topicIds: [],
  demandIds: [],
  status: 'notStarted',
  progress: [],
  createdAt: '2026-01-01T09:00:00+08:00',
  createdBy: '李秘书',
  updatedAt: '2026-01-01T09:00:00+08:00',
  revision: 1,
  ...over,
})

const SVG = '<svg width="680" height="270" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 680 270"><text>图</text></svg>'
const chart = (title: string) => ({ title, description: `${title} 数字`, svg: SVG })

const doc = (over: Partial<BriefingDoc> = {}): BriefingDoc => ({
  streetName: '示例<街道>',
  stats: stats('2026-02-20'),
  madeAt: '2026年2月20日 10:00',
  madeBy: '王领导（领导）',
  charts: { trend: [chart('信访量'), chart('诉求量')], ranking: chart('排名'), shares: { category: chart('类别'), channel: null } },
  trend: { street: true },
  tasks: briefingTasks(
    [
      task({ title: '<script>x</script>清理楼道', deadline: '2026-02-10' }),
      task({ title: '增设充电桩', party: 'department', unit: '区住建局', deadline: '2026-02-28', status: 'inProgress' }),
      task({ title: '早已完成', status: 'done', doneAt: '2026-01-05T10:00:00+08:00' }),
      task({ title: '逾期更久', deadline: '2026-01-20' }),
    ],
    '2026-02-20',
    (id) => (id === 'A' ? '七口堰社区' : id),
  ),
  ...over,
})

describe('briefing pack HTML', () => {
  it('words changes as reports do, never NaN or Infinity', () => {
    expect(countChangeText({ delta: -37, percent: -55.2 })).toBe('−37件（−55.2%）')
    expect(countChangeText({ delta: 3, percent: 20 })).toBe('+3件（+20.0%）')
    expect(countChangeText({ delta: 0, percent: 0 })).toBe('持平')
    expect(countChangeText({ delta: 0, percent: null })).toBe('持平')
    expect(countChangeText({ delta: 5, percent: null })).toBe('新增5件')
    expect(countChangeText(null)).toBe('—')
    expect(pointChangeText(3.3)).toBe('+3.3')
    expect(pointChangeText(-1)).toBe('−1.0')
    expect(pointChangeText(0)).toBe('持平')
    expect(pointChangeText(null)).toBe('—')
  })

  it('has the cover line, the sentences, the tables and the tasks', () => {
    const html = briefingHtml(doc())
    expect(html).toContain('<title>示例&lt;街道&gt;诉求与议事简报（2026年1—2月（截至2月20日））</title>')
    expect(html).toContain('统计区间：2026年1—2月（截至2月20日） · 范围：全街道（2个社区）')
    expect(html).toContain('制作：2026年2月20日 10:00 · 王领导（领导）')
    expect(html).toContain('数字截至2026-02-20')
    // February is not over (its bases would be whole months): 同比 / 环比 compare January, and say so.
    expect(html).toContain('同比、环比按2026年1月计（不含未结束的本月）；同比基期：2025年1月；环比基期：2025年12月')
    expect(html).toContain('<p>2026年1—2月（截至2月20日），全街道信访量7件；其中2026年1月3件，同比下降2件，降幅40.0%。</p>')
    expect(html).toContain('七口堰社区信访量5件；其中2026年1月3件，同比下降2件，降幅40.0%。')
    // Per bucket, the street: Jan 3 (base 5), Feb 4 (not over: no comparison).
    expect(html).toMatch(/<td>2026年1月<\/td><td class="num">3<\/td><td class="num">−2件（−40\.0%）<\/td>/)
    expect(html).toMatch(/<td>2026年2月（未完）<\/td><td class="num">4<\/td><td class="num">—<\/td><td class="num">—<\/td>/)
    for (const id of ['briefing-buckets', 'briefing-ranking', 'briefing-counts', 'briefing-rates', 'briefing-share-category', 'briefing-share-channel', 'briefing-tasks']) {
      expect(html).toContain(`data-testid="${id}"`)
    }
    // Ranked by 信访量: that column once, not twice (A 5, B 2)
    const ranking = html.slice(html.indexOf('data-testid="briefing-ranking"'))
    expect(ranking).toContain('<th scope="col">名次</th><th scope="col">社区</th><th scope="col">信访量</th><th scope="col">诉求量</th>')
    expect(ranking).toMatch(/<td class="num">1<\/td><td>七口堰社区<\/td><td class="num">5<\/td><td class="num">10<\/td>/)
    // Ranked by a change: its own column beside the counts
    const byChange = briefingHtml(doc({ stats: buildStreetStats({ ...statsInput(null), rankBy: 'petitionsChange' }) }))
    expect(byChange.slice(byChange.indexOf('data-testid="briefing-ranking"'))).toContain('<th scope="col">社区</th><th scope="col">信访量同比增减</th><th scope="col">信访量</th>')
    expect(html).toContain('截至2026-02-20，在办任务3项，其中逾期2项。')
    // Overdue first (longest first), then the rest by deadline; a done task is not listed.
    const order = ['逾期更久', '清理楼道', '增设充电桩'].map((t) => html.indexOf(t))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(html).not.toContain('早已完成')
    expect(html).toContain('<td class="overdue">已逾期31天</td>')
    expect(html).toContain('<td>区住建局</td>')
    expect(html.match(/<figure class="chart"/g)).toHaveLength(4)
  })

  it('tables the buckets of every scope the trend draws', () => {
    const html = briefingHtml(doc({ trend: { street: false, communityIds: ['A', 'B', 'gone'] } }))
    expect(html).not.toContain('data-testid="briefing-buckets"')
    expect(html).toContain('data-testid="briefing-buckets-A"')
    expect(html).toContain('data-testid="briefing-buckets-B"')
    expect(html).toContain('<caption>2026年1—2月（截至2月20日） 七口堰社区分期数据</caption>')
    expect(html).toMatch(/<tfoot><tr><th scope="row">合计<\/th><td class="num">5<\/td>/)
  })

  it('escapes every user text and loads nothing: strict CSP, no script, no URL at all', () => {
    const html = briefingHtml(doc())
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${BRIEFING_CSP}">`)
    expect(BRIEFING_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|@import|url\(/i)
    // No element carries an event handler (the community's name shows as text).
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;社区&amp;&quot;&#39;')
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;清理楼道')
    expect(html).toContain('<svg width="680" height="270" viewBox="0 0 680 270">')
  })

  it('refuses an SVG that could run or load something', () => {
    expect(() => inlineSvg('<svg><script>alert(1)</script></svg>')).toThrow()
    expect(() => inlineSvg('<svg><a href="https://x">x</a></svg>')).toThrow()
    expect(() => inlineSvg('<svg onload="x()"></svg>')).toThrow()
    expect(() => inlineSvg('<div></div>')).toThrow()
    expect(inlineSvg(SVG)).not.toContain('xmlns')
  })

  it('says so when there are no tasks, and lists at most BRIEFING_TASKS_MAX', () => {
    expect(briefingHtml(doc({ tasks: briefingTasks([], '2026-02-20', (id) => id) }))).toContain('没有在办任务。')
    const many = Array.from({ length: BRIEFING_TASKS_MAX + 5 }, (_, i) => task({ title: `任务${i}` }))
    const t = briefingTasks(many, '2026-02-20', (id) => id)
    expect([t.open, t.rows.length]).toEqual([BRIEFING_TASKS_MAX + 5, BRIEFING_TASKS_MAX])
    expect(briefingHtml(doc({ tasks: t }))).toContain('另有5项在办任务未列出')
  })

  it('names the file after the street and the period, without characters a file system refuses', () => {
    expect(briefingFileName('示例街道', '2026年1—6月', 'html')).toBe('简报-示例街道-2026年1—6月.html')
    expect(briefingFileName('a/b:c*', '2026年', 'pdf')).toBe('简报-a_b_c_-2026年.pdf')
    expect(briefingFileName('', '2026年', 'pdf')).toBe('简报-2026年.pdf')
  })
})
