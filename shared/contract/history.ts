// history:* — historical monthly counts (issue 12): months before the app was used have no demand
// records, so the letters-and-visits office's counts (信访量, 诉求量) are entered by keyboard or
// imported from its sheet, per community and month. The merge with the records (records win; see
// shared/domain/historical-counts.ts) is the statistics' business; these channels keep the counts.
import { z } from 'zod'
import { HISTORY_BATCH_MAX, HISTORY_COUNT_MAX, HISTORY_NOTE_MAX, type HistoricalCount } from '../domain/historical-counts'
import type { HistoryImportIssue } from '../domain/historical-import'
import { id, month, returns, revision } from './common'

/** A sheet of monthly counts is small: at most 1 MiB, sent whole (base64) with the call. */
export const HISTORY_FILE_MAX = 1024 * 1024
/** Issues and rows sent back with a check (the user fixes the file and checks again). */
export const HISTORY_ISSUES_MAX = 200

const count = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int({ error: `${label}须为不小于 0 的整数` })
    .min(0, { error: `${label}须为不小于 0 的整数` })
    .max(HISTORY_COUNT_MAX, { error: `${label}不能超过 ${HISTORY_COUNT_MAX}` })

const monthRow = z.strictObject(
  {
    month: month('月份'),
    petitions: count('信访量'),
    demands: count('诉求量'),
    note: z
      .string({ error: '备注格式无效' })
      .trim()
      .refine((v) => [...v].length <= HISTORY_NOTE_MAX, { error: `备注不能超过 ${HISTORY_NOTE_MAX} 个字` })
      .optional(),
    /** The month's revision as read; absent for a month not entered before. */
    revision: revision.optional(),
  },
  { error: '月份数据格式无效' },
)

export const historyListInput = z.strictObject({ communityId: id('社区').optional() }, { error: '提交的内容格式无效' })

export const historySaveInput = z.strictObject(
  {
    communityId: id('社区'),
    months: z
      .array(monthRow, { error: '请填写至少一个月份' })
      .min(1, { error: '请填写至少一个月份' })
      .max(HISTORY_BATCH_MAX, { error: `一次最多保存 ${HISTORY_BATCH_MAX} 个月` }),
  },
  { error: '提交的内容格式无效' },
)

export const historyRemoveInput = z.strictObject(
  {
    communityId: id('社区'),
    months: z
      .array(z.strictObject({ month: month('月份'), revision }, { error: '月份数据格式无效' }), { error: '请选择要删除的月份' })
      .min(1, { error: '请选择要删除的月份' })
      .max(HISTORY_BATCH_MAX, { error: `一次最多删除 ${HISTORY_BATCH_MAX} 个月` }),
  },
  { error: '提交的内容格式无效' },
)

export const historyFileInput = z.strictObject(
  {
    fileName: z.string({ error: '文件名无效' }).trim().min(1, { error: '文件名无效' }).max(200, { error: '文件名过长' }),
    /** The file's bytes as base64. */
    data: z
      .string({ error: '文件内容无效' })
      .min(1, { error: '文件是空的（0 字节），请检查是否选错了文件' })
      .max(Math.ceil(HISTORY_FILE_MAX / 3) * 4, { error: '文件超过 1 MB：历史统计表每行一个社区一个月，请检查是否选错了文件' })
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '文件内容无效' }),
  },
  { error: '提交的内容格式无效' },
)

export interface HistoryCommunity {
  communityId: string
  name: string
  counts: HistoricalCount[]
  /** Entered months that have demand records: the records win, these counts are not used. */
  superseded: string[]
  /** The first month with a demand recorded, or null (counts are for the months before it). */
  firstRecordMonth: string | null
}

export interface HistoryList {
  communities: HistoryCommunity[]
}

export interface HistorySaveResult extends HistoryCommunity {
  /** The months written (a row equal to what was stored is not rewritten). */
  saved: string[]
}

export interface HistoryRemoveResult {
  communityId: string
  removed: string[]
  /** The backup taken before the removal (the way back). */
  backup: string
}

export interface HistoryImportCheck {
  fileName: string
  /** Data rows read (empty rows not counted). */
  rows: number
  valid: number
  /** Rows with at least one error: while there is one, nothing is imported. */
  invalid: number
  /** Every problem (errors first, at most HISTORY_ISSUES_MAX), naming row and column. */
  issues: HistoryImportIssue[]
  /** The good rows (at most HISTORY_ISSUES_MAX), as they would be written. */
  preview: Array<{ row: number; communityName: string; month: string; petitions: number; demands: number; note?: string; replaces: boolean; superseded: boolean }>
  communities: number
  /** Months that already hold an entered count and would be replaced. */
  replaces: number
}

export interface HistoryImportResult {
  /** Months written (new or changed). */
  imported: number
  /** Rows equal to what was stored already. */
  unchanged: number
  communities: number
}

export const historyChannels = {
  'history:list': { input: historyListInput, result: returns<HistoryList>() },
  'history:save': { input: historySaveInput, result: returns<HistorySaveResult>() },
  'history:remove': { input: historyRemoveInput, result: returns<HistoryRemoveResult>() },
  'history:check': { input: historyFileInput, result: returns<HistoryImportCheck>() },
  'history:import': { input: historyFileInput, result: returns<HistoryImportResult>() },
} as const
