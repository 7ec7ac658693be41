// The briefing pack (issue 12, item 5): one self-contained HTML document a leader carries into a
// meeting — the cover line, the sentences to paste, the charts (inline SVG drawn by ECharts on the
// main side, given here as strings), the tables behind them, and the open and overdue tasks. It
// opens in any browser with no network: no script, no font, image or style from outside, and a
// CSP that forbids loading anything at all. Every text is HTML-escaped (community names and task
// titles are typed by users). It carries no personal data: counts, rates, tasks (whose texts refuse
// phone and ID numbers) and the names of officials responsible for them.
import { rankValueText, shareItems, trendScopes, ZH_STREET_CHART_LABELS } from '../charts/street-options'
import { escapeHtml } from './minutes-html'
import { MEASURE_NAMES, RATE_KEYS, RATE_NAMES, type Measure, type RateKey } from './stats-compare'
import { oneDecimal } from './stats-sentence'
import type { Change } from './statistics'
import type { ScopeStats, StreetStats } from './street-stats'
import { TASK_COLUMN_NAMES, TASK_PARTY_NAMES, isOpenTask, taskView, type Task } from './task'

/** Nothing may be loaded: styles inline, images only as data: (none are used). */
export const BRIEFING_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/** The width charts are drawn at: A4's 180 mm text block at 96 dpi (they scale to the page). */
export const BRIEFING_CHART_WIDTH = 680

/** Tasks listed at most; the rest are counted in a line below the table. */
export const BRIEFING_TASKS_MAX = 200

export interface BriefingChart {
  /** The chart's own title (it is drawn in the SVG too). */
  title: string
  /** The text alternative: the figures in words (the chart option's aria description). */
  description: string
  /** `<svg …>…</svg>` as ECharts' SVG renderer made it. */
  svg: string
}

export interface BriefingTaskRow {
  community: string
  title: string
  /** 街道办事处, 物业服务企业, or the department's name */
  party: string
  owner: string
  deadline: string
  /** 未开始 · 进行中 · 已逾期 */
  status: string
  overdue: boolean
  daysOverdue: number
}

export interface BriefingTasks {
  /** The street's day overdue is counted against. */
  today: string
  open: number
  overdue: number
  /** Overdue first (longest first), then by deadline; at most BRIEFING_TASKS_MAX. */
  rows: BriefingTaskRow[]
}

export interface BriefingDoc {
  streetName: string
  stats: StreetStats
  /** When it was made, as the street reads it: 2026年12月1日 16:43 */
  madeAt: string
  /** Who made it: 王领导（领导）; null for an internal call. */
  madeBy: string | null
  charts: { trend: BriefingChart[]; ranking: BriefingChart | null; shares: Record<'category' | 'channel', BriefingChart | null> }
  /** What the trend draws (the street, communities side by side): each gets its table of buckets. */
  trend: { street: boolean; communityIds?: readonly string[] }
  tasks: BriefingTasks
}

/** The open tasks of these communities as the pack lists them, overdue as the app computes it. */
export function briefingTasks(tasks: readonly Task[], today: string, communityName: (id: string) => string): BriefingTasks {
  const open = tasks.filter(isOpenTask).map((t) => taskView(t, today))
  open.sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.daysOverdue - a.daysOverdue || a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
  return {
    today,
    open: open.length,
    overdue: open.filter((t) => t.overdue).length,
    rows: open.slice(0, BRIEFING_TASKS_MAX).map((t) => ({
      community: communityName(t.communityId),
      title: t.title,
      party: t.party === 'department' && t.unit ? t.unit : TASK_PARTY_NAMES[t.party],
      owner: t.owner,
      deadline: t.deadline,
      status: TASK_COLUMN_NAMES[t.column],
      overdue: t.overdue,
      daysOverdue: t.daysOverdue,
    })),
  }
}

const MINUS = '\u2212'

/** A count change in a table cell: +3件（+20.0%） · −37件（−55.2%） · 持平 · 新增5件. */
export function countChangeText(c: Change | null, unit = '件'): string {
  if (c === null) return '—'
  if (c.delta === 0) return '持平'
  if (c.percent === null) return `新增${c.delta}${unit}`
  const sign = c.delta > 0 ? '+' : MINUS
  return `${sign}${Math.abs(c.delta)}${unit}（${sign}${oneDecimal(c.percent)}%）`
}

/** A rate change in 百分点 in a table cell: +3.3 · −1.0 · 持平 · — (no base). */
export function pointChangeText(pp: number | null): string {
  if (pp === null) return '—'
  if (pp === 0) return '持平'
  return `${pp > 0 ? '+' : MINUS}${oneDecimal(pp)}`
}

export const rateText = (v: number | null): string => (v === null ? '—' : `${oneDecimal(v)}%`)

/**
 * An SVG from ECharts made fit to sit inline: the namespace attributes go (an HTML parser needs
 * none, and the pack then names no URL at all). Anything that is not one <svg> element is refused.
 */
export function inlineSvg(svg: string): string {
  const s = svg.trim()
  if (!s.startsWith('<svg') || !s.endsWith('</svg>') || /<script|<foreignObject|\son[a-z]+=|href=/i.test(s)) throw new Error('图表不是可内嵌的 SVG')
  return s.replace(/\sxmlns(:xlink)?="[^"]*"/g, '').replace(/\sxml:space="[^"]*"/g, '')
}

const esc = escapeHtml
const td = (text: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${esc(text)}</td>`
const th = (text: string, attrs = '') => `<th${attrs}>${esc(text)}</th>`

/** A table; columns in `text` (the first by default) are text, the others figures (right-aligned). */
function table(caption: string, head: string[], rows: string[][], opts: { text?: number[]; foot?: string[] | null; testid?: string } = {}): string {
  const text = new Set(opts.text ?? [0])
  const cells = (r: string[], tag: 'td' | 'th') => r.map((c, i) => (tag === 'th' && i === 0 ? th(c, ' scope="row"') : td(c, text.has(i) ? '' : 'num'))).join('')
  return (
    `<table${opts.testid ? ` data-testid="${opts.testid}"` : ''}><caption>${esc(caption)}</caption>` +
    `<thead><tr>${head.map((h) => th(h, ' scope="col"')).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody>` +
    (opts.foot ? `<tfoot><tr>${cells(opts.foot, 'th')}</tr></tfoot>` : '') +
    '</table>'
  )
}

function figure(chart: BriefingChart): string {
  return `<figure class="chart" role="img" aria-label="${esc(`${chart.title}。${chart.description}`)}">${inlineSvg(chart.svg)}</figure>`
}

const countCells = (s: ScopeStats, m: Measure) => [String(s[m].count), countChangeText(s[m].yoy), countChangeText(s[m].mom)]

function rateCells(s: ScopeStats): string[] {
  return RATE_KEYS.flatMap((k: RateKey) => [rateText(s.rates[k]), pointChangeText(s.rateChanges.yoy[k]), pointChangeText(s.rateChanges.mom[k])])
}

const CSS = `
@page { size: A4; margin: 15mm 15mm 16mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #53565a; } }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1f2329; background: #fff; font-family: "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", sans-serif; font-size: 10.5pt; line-height: 1.6; }
@media screen { body { max-width: 180mm; margin: 0 auto; padding: 12mm 8mm 20mm; } }
h1 { font-size: 18pt; margin: 0 0 4pt; text-align: center; letter-spacing: 1pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #b42318; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid; }
.cover { text-align: center; color: #303133; margin: 0 0 4pt; }
.meta { text-align: center; color: #53565a; font-size: 9.5pt; margin: 0; }
.note { color: #53565a; font-size: 9pt; margin: 4pt 0; }
.keep { break-after: avoid; page-break-after: avoid; }
.sentences { margin: 0; padding-left: 1.4em; }
.sentences li { margin: 3pt 0; break-inside: avoid; page-break-inside: avoid; }
.summary p { margin: 4pt 0; text-indent: 2em; }
figure.chart { margin: 6pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: 100%; height: auto; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 10pt; font-size: 9pt; line-height: 1.35; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 2pt 0 4pt; break-after: avoid; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #c8ccd2; padding: 2.5pt 4pt; text-align: left; vertical-align: top; }
thead th { background: #f2f3f5; font-weight: bold; }
tfoot th { background: #fafafa; }
td.num, tfoot th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.overdue { color: #b42318; font-weight: bold; }
.shares { display: grid; grid-template-columns: 1fr 1fr; gap: 0 12pt; }
.shares > div { break-inside: avoid; page-break-inside: avoid; min-width: 0; }
footer { margin-top: 14pt; color: #53565a; font-size: 8.5pt; border-top: 0.75pt solid #c8ccd2; padding-top: 4pt; }
`

/** The briefing pack: a complete HTML document. */
export function briefingHtml(doc: BriefingDoc): string {
  const { stats, tasks } = doc
  const labels = ZH_STREET_CHART_LABELS
  const street = stats.street
  const period = stats.period.labelAsOf
  const title = `${doc.streetName}诉求与议事简报`
  const out: string[] = []

  out.push(`<header><h1>${esc(title)}</h1>`)
  out.push(`<p class="cover" data-testid="briefing-period">统计区间：${esc(period)} · 范围：${esc(street.name)}（${stats.ranking.rows.length}个社区）</p>`)
  // The month under way is left out of 同比 / 环比 (its bases are whole months): said so.
  const compared = stats.period.compared
  const partly = compared && (compared.from !== stats.period.from || compared.to !== stats.period.to)
  const bases = !compared
    ? '本月尚未结束，暂不作同比、环比'
    : `${partly ? `同比、环比按${compared.label}计（不含未结束的本月）；` : ''}同比基期：${stats.lastYear.label}；环比基期：${stats.previous.label}`
  out.push(`<p class="meta" data-testid="briefing-bases">${esc(bases)} · 制作：${esc(doc.madeAt)}${doc.madeBy ? ` · ${esc(doc.madeBy)}` : ''}</p>`)
  if (stats.period.asOf) out.push(`<p class="note">统计区间含未结束的月份，数字截至${esc(stats.period.asOf)}。</p>`)
  if (stats.period.clipped) out.push('<p class="note">所选区间中尚未到来的月份未计入。</p>')
  out.push('</header>')

  // 摘要: the street's sentences, then the tasks in one line.
  out.push('<section class="summary" data-testid="briefing-summary"><h2>一、总体情况</h2>')
  for (const s of [street.sentences.petitions, street.sentences.demands, street.sentences.rates]) if (s) out.push(`<p>${esc(s)}</p>`)
  out.push(`<p>截至${esc(tasks.today)}，在办任务${tasks.open}项，其中逾期${tasks.overdue}项。</p>`)
  out.push('</section>')

  // 趋势
  out.push('<section><h2>二、信访量和诉求量走势</h2>')
  for (const c of doc.charts.trend) out.push(figure(c))
  // The figures of each scope the trend draws, bucket by bucket (the chart's table).
  const scopes = trendScopes(stats, doc.trend)
  for (const scope of scopes.length ? scopes : [street]) {
    const rows = stats.buckets.map((b, i) => [
      `${b.label}${b.partial ? labels.partial : ''}`,
      ...(['petitions', 'demands'] as const).flatMap((m) => {
        const f = scope[m].buckets[i]
        return [String(f.count), countChangeText(f.yoy), countChangeText(f.mom)]
      }),
    ])
    out.push(
      table(`${period} ${scope.name}分期数据`, ['期间', '信访量', '同比', '环比', '诉求量', '同比', '环比'], rows, {
        foot: ['合计', ...countCells(scope, 'petitions'), ...countCells(scope, 'demands')],
        testid: scope.communityId === null ? 'briefing-buckets' : `briefing-buckets-${scope.communityId}`,
      }),
    )
  }
  out.push('</section>')

  // 排名
  const { by, rows } = stats.ranking
  const ownColumn = by === 'petitionsChange' || by === 'demandsChange'
  out.push(`<section><h2>三、各社区排名（按${esc(labels.rankKeys[by])}${stats.ranking.order === 'desc' ? '从高到低' : '从低到高'}）</h2>`)
  if (doc.charts.ranking) out.push(figure(doc.charts.ranking))
  out.push(
    table(
      labels.rankTitle(period, labels.rankKeys[by]),
      // The ranked-by figure gets a column of its own only when it is not one of the others (a change).
      ['名次', '社区', ...(ownColumn ? [labels.rankKeys[by]] : []), '信访量', '诉求量', ...RATE_KEYS.map((k) => RATE_NAMES[k])],
      rows.map((r) => [
        r.rank === null ? '—' : String(r.rank),
        r.name,
        ...(ownColumn ? [rankValueText(by, r.value, labels.unit)] : []),
        String(r.petitions),
        String(r.demands),
        ...RATE_KEYS.map((k) => rateText(r[k])),
      ]),
      { text: [1], testid: 'briefing-ranking' },
    ),
  )
  out.push('</section>')

  // 各社区明细
  out.push('<section><h2>四、各社区明细</h2>')
  out.push(
    table(
      `${period} 信访量和诉求量（同比对上年同期，环比对上期）`,
      ['社区', `${MEASURE_NAMES.petitions}`, '同比', '环比', `${MEASURE_NAMES.demands}`, '同比', '环比'],
      stats.communities.map((c) => [c.name, ...countCells(c, 'petitions'), ...countCells(c, 'demands')]),
      { foot: [street.name, ...countCells(street, 'petitions'), ...countCells(street, 'demands')], testid: 'briefing-counts' },
    ),
  )
  out.push(
    table(
      `${period} 办结率、按期办结率、满意率（变化以百分点计）`,
      ['社区', ...RATE_KEYS.flatMap((k) => [RATE_NAMES[k], '同比', '环比'])],
      stats.communities.map((c) => [c.name, ...rateCells(c)]),
      { foot: [street.name, ...rateCells(street)], testid: 'briefing-rates' },
    ),
  )
  out.push('<h3>各社区摘要</h3><ul class="sentences" data-testid="briefing-community-sentences">')
  for (const c of stats.communities) {
    out.push(`<li>${esc([c.sentences.petitions, c.sentences.demands, c.sentences.rates].filter(Boolean).join(''))}</li>`)
  }
  out.push('</ul></section>')

  // 占比
  out.push('<section><h2>五、诉求类别和渠道占比</h2>')
  out.push('<div class="shares">')
  for (const by of ['category', 'channel'] as const) {
    const items = shareItems(stats, labels, { by, communityId: null })
    const chart = doc.charts.shares[by]
    out.push(
      `<div>${chart ? figure(chart) : ''}${table(labels.shareTitle(period, by), [by === 'category' ? '类别' : '渠道', '件数', '占比'], items.length ? items.map((s) => [s.name, String(s.count), `${oneDecimal(s.percent)}%`]) : [['本期无诉求', '0', '—']], { testid: `briefing-share-${by}` })}</div>`,
    )
  }
  out.push('</div></section>')

  // 任务
  out.push('<section><h2>六、在办和逾期任务</h2>')
  out.push(`<p class="note keep">截至${esc(tasks.today)}：在办任务${tasks.open}项，其中逾期${tasks.overdue}项（完成时限已过仍未完成）。</p>`)
  if (tasks.rows.length) {
    const body = tasks.rows
      .map(
        (t) =>
          `<tr${t.overdue ? ' class="overdue-row"' : ''}>${td(t.community)}${td(t.title)}${td(t.party)}${td(t.owner)}${td(t.deadline, 'num')}${td(t.overdue ? `${t.status}${t.daysOverdue}天` : t.status, t.overdue ? 'overdue' : '')}</tr>`,
      )
      .join('')
    out.push(
      `<table data-testid="briefing-tasks"><caption>在办任务（逾期的在前）</caption><thead><tr>${['社区', '任务内容', '责任方', '责任人', '完成时限', '状态'].map((h) => th(h, ' scope="col"')).join('')}</tr></thead><tbody>${body}</tbody></table>`,
    )
    if (tasks.open > tasks.rows.length) out.push(`<p class="note">另有${tasks.open - tasks.rows.length}项在办任务未列出，请在议事台中查看。</p>`)
  } else {
    out.push('<p class="note">没有在办任务。</p>')
  }
  out.push('</section>')

  out.push(
    `<footer>本简报由议事台生成，数字均由各月原始件数计算；不含居民个人信息。信访量指以信访渠道受理的诉求，诉求量为全部渠道。制作：${esc(doc.madeAt)}${doc.madeBy ? `，${esc(doc.madeBy)}` : ''}。</footer>`,
  )

  return (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${BRIEFING_CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="generator" content="议事台"><title>${esc(`${title}（${period}）`)}</title>` +
    `<style>${CSS}</style></head><body>\n${out.join('\n')}\n</body></html>\n`
  )
}

/** The pack's file name: 简报-示例街道-2026年1—11月.html (no characters a file system refuses). */
export function briefingFileName(streetName: string, periodLabel: string, ext: 'html' | 'pdf'): string {
  // eslint-disable-next-line no-control-regex
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim()
  return `${[`简报`, safe(streetName), safe(periodLabel)].filter(Boolean).join('-')}.${ext}`
}
