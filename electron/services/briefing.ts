// briefing:pack — the leaders' briefing pack (issue 12, item 5): the dashboard's selection (the
// input of stats:street) as one self-contained HTML file, or its PDF where the app has a printer
// (Electron's printToPDF, injected as `printPdf` as for meeting:export). The figures are
// stats:street's, the charts the dashboard's options drawn to SVG here (briefing-charts.ts), the
// document shared/domain/briefing-html.ts. Audited: what was taken away, by whom.
import type { BriefingFile, ParsedOf } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import { buildRankingOption, buildShareOption, buildStreetTrendOption, ZH_STREET_CHART_LABELS, type StreetChartOption } from '../../shared/charts/street-options'
import { BRIEFING_CHART_WIDTH, briefingFileName, briefingHtml, briefingTasks, type BriefingChart } from '../../shared/domain/briefing-html'
import { dayOf, toZonedIso, wallClockIn } from '../../shared/domain/month'
import { OPERATOR_ROLE_NAMES } from '../../shared/domain/permissions'
import { MEASURES } from '../../shared/domain/stats-compare'
import type { Database } from '../data'
import { auditWho, operatorOf, requireScope } from './actor'
import type { AuditLog } from './audit'
import { renderChartSvg } from './briefing-charts'
import { requireCommunity } from './demand'
import type { PdfPrinter } from './meeting-export'
import { streetStats, tasksOf } from './stats-street'
import { streetDisplayName, type StreetSettingsSource } from './street'
import type { AreaService, CallContext } from './types'

export interface BriefingDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  street: StreetSettingsSource
  /** Absent (the preview host, tests): format pdf is refused with NO_PRINTER_BRIEFING. */
  printPdf?: PdfPrinter
}

export const NO_PRINTER_BRIEFING = '此处不能直接生成 PDF：请保存网页版简报，用浏览器打开后“打印”另存为 PDF'

const MIME = { html: 'text/html;charset=utf-8', pdf: 'application/pdf' } as const

function chartOf(option: StreetChartOption, svg: string): BriefingChart {
  const title = !Array.isArray(option.title) ? String(option.title?.text ?? '') : ''
  const aria = !Array.isArray(option.aria) ? option.aria?.label?.description : undefined
  return { title, description: String(aria ?? '').replace(/^[^。]*。/, ''), svg }
}

async function draw(option: StreetChartOption, width: number, height: number): Promise<BriefingChart> {
  return chartOf(option, await renderChartSvg(option, width, height))
}

export function createBriefingService(deps: BriefingDeps): AreaService<'briefing'> {
  const { db, audit, now, street } = deps

  async function pack(input: ParsedOf<'briefing:pack'>, ctx?: CallContext): Promise<BriefingFile> {
    if (input.format === 'pdf' && !deps.printPdf) throw new AppError('VALIDATION', NO_PRINTER_BRIEFING, { format: NO_PRINTER_BRIEFING })
    for (const id of input.sideBySide ?? []) {
      requireScope(ctx, id)
      requireCommunity(db, id, 'sideBySide')
    }
    const settings = await street.get()
    const tz = settings.timeZone
    const stats = await streetStats({ db, timeZone: async () => tz, now }, input.selection, ctx)
    const at = now()
    const today = dayOf(toZonedIso(at, tz), tz)
    const clock = wallClockIn(at, tz)
    const op = operatorOf(ctx)

    const labels = ZH_STREET_CHART_LABELS
    const sideBySide = [...new Set(input.sideBySide ?? [])]
    const drawStreet = input.street || sideBySide.length === 0
    const trend: BriefingChart[] = []
    for (const measure of input.measure ? [input.measure] : MEASURES) {
      const option = buildStreetTrendOption(stats, labels, { animation: false, measure, kind: input.kind, street: drawStreet, communityIds: sideBySide })
      const rotated = (option.xAxis as { axisLabel?: { rotate?: number } }).axisLabel?.rotate
      trend.push(await draw(option, BRIEFING_CHART_WIDTH, rotated ? 300 : 270))
    }
    const ranked = stats.ranking.rows.filter((r) => r.value !== null).length
    const ranking = ranked ? await draw(buildRankingOption(stats, labels, { animation: false }), BRIEFING_CHART_WIDTH, 60 + 26 * ranked) : null
    const share = async (by: 'category' | 'channel') => {
      const n = (by === 'category' ? stats.street.shares.category : stats.street.shares.channel).length
      if (!n) return null
      // Half the page wide, beside its table (whose caption names the period): a short title.
      const option = buildShareOption(stats, labels, { animation: false, by, kind: 'bar' })
      const title = !Array.isArray(option.title) ? option.title : undefined
      const xAxis = option.xAxis && !Array.isArray(option.xAxis) ? { ...option.xAxis, splitNumber: 3 } : option.xAxis
      const short: StreetChartOption = { ...option, title: { ...title, text: by === 'category' ? '诉求类别占比' : '诉求渠道占比' }, ...(xAxis ? { xAxis } : {}) }
      return chartOf(option, await renderChartSvg(short, BRIEFING_CHART_WIDTH / 2, 72 + 26 * n))
    }

    const communities = db.communities()
    const names = new Map(communities.map((c) => [c.id, c.name]))
    const streetName = streetDisplayName(settings, communities.some((c) => c.sample))
    const ids = stats.communities.map((c) => c.communityId!)
    const tasks = [...(await tasksOf(db, ids)).values()].flat()
    const pad = (n: number) => String(n).padStart(2, '0')
    const html = briefingHtml({
      streetName,
      stats,
      madeAt: `${clock.year}年${clock.month}月${clock.day}日 ${pad(clock.hour)}:${pad(clock.minute)}`,
      madeBy: op ? `${op.name}（${OPERATOR_ROLE_NAMES[op.role]}）` : null,
      charts: { trend, ranking, shares: { category: await share('category'), channel: await share('channel') } },
      trend: { street: drawStreet, communityIds: sideBySide },
      tasks: briefingTasks(tasks, today, (id) => names.get(id) ?? id),
    })
    const bytes = input.format === 'pdf' ? await deps.printPdf!(html) : new TextEncoder().encode(html)
    await audit.append({
      ...auditWho(ctx),
      action: 'briefing.export',
      target: stats.period.label,
      detail: { format: input.format, from: stats.period.from, to: stats.period.to, communities: ids.length, tasks: tasks.length },
    })
    return {
      fileName: briefingFileName(streetName, stats.period.label, input.format),
      mime: MIME[input.format],
      base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    }
  }

  return { pack }
}
