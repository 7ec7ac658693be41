// briefing:* — the leaders' briefing pack (issue 12, item 5): the selection of the street
// dashboard (the same input as stats:street) taken away as one self-contained HTML file (charts as
// inline SVG drawn by ECharts on the main side, tables, the sentences, open and overdue tasks) that
// opens in any browser with no network, or as the PDF of that file where the app has a printer.
import { z } from 'zod'
import { MEASURES } from '../domain/stats-compare'
import { id, returns } from './common'
import type { ImportReportFile } from './import'
import { streetStatsInput } from './stats'

/** Communities drawn side by side in the pack's trend (the palette tells ten lines apart, the street is one). */
export const BRIEFING_SIDE_BY_SIDE_MAX = 9

/** html: the pack itself; pdf: the pack printed (refused where there is no printer: the preview host, tests). */
export const BRIEFING_FORMATS = ['html', 'pdf'] as const

export const briefingPackInput = z.strictObject(
  {
    /** What the dashboard shows: exactly the input of stats:street. */
    selection: streetStatsInput,
    format: z.enum(BRIEFING_FORMATS, { error: '请选择简报格式（网页或 PDF）' }),
    /** The trend of this measure only; both (信访量 and 诉求量) when absent. */
    measure: z.enum(MEASURES, { error: '统计口径无效' }).optional(),
    kind: z.enum(['line', 'bar'], { error: '图表类型无效' }).default('bar'),
    /** Draw the street's totals in the trend. */
    street: z.boolean({ error: '参数无效' }).default(true),
    /** Communities drawn side by side in the trend, in this order. */
    sideBySide: z
      .array(id('社区'), { error: '社区列表无效' })
      .max(BRIEFING_SIDE_BY_SIDE_MAX, { error: `趋势图最多并列 ${BRIEFING_SIDE_BY_SIDE_MAX} 个社区` })
      .optional(),
  },
  { error: '提交的内容格式无效' },
)

/** A file for the renderer to save (the same shape as meeting:export's). */
export type BriefingFile = ImportReportFile

export const briefingChannels = {
  'briefing:pack': { input: briefingPackInput, result: returns<BriefingFile>() },
} as const
