// task:* — 制定方案 and 推进落实 (issue 11): tasks from a meeting's decisions, the ledger and the
// board, dated progress notes, 街道兜底 (escalation to a street-level topic), overdue counts and
// the ledger as .xlsx. Rules the schema cannot see (a deadline before the meeting, a closed
// task) are the service's, with zh-CN messages naming the field.
import { z } from 'zod'
import { findPersonalNumber } from '../domain/personal-data'
import {
  TASK_COLUMNS,
  TASK_LINKS_MAX,
  TASK_NAME_MAX,
  TASK_NOTE_MAX,
  TASK_PARTIES,
  TASK_TITLE_MAX,
  TASK_UNIT_MAX,
  isDay,
  type TaskView,
} from '../domain/task'
import { emptyInput, id, returns, revision } from './common'
import type { ImportReportFile } from './import'

/** Required text, trimmed, at most `max` characters, with no phone or ID-card number in it. */
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .refine((v) => [...v].length <= max, { error: `${label}不能超过 ${max} 个字` })
    .refine((v) => findPersonalNumber(v) === null, { error: `${label}不能包含电话号码或身份证号` })

const day = (label: string) => z.string({ error: `请填写${label}` }).refine(isDay, { error: `${label}须为有效日期，如 2026-12-31` })

const ids = (label: string) =>
  z
    .array(id(label), { error: `${label}格式无效` })
    .max(TASK_LINKS_MAX, { error: `最多关联 ${TASK_LINKS_MAX} 条${label}` })
    .refine((v) => new Set(v).size === v.length, { error: `同一条${label}选了两次` })

/** What a task says: the same for create and update (an update sends every field). */
const taskFields = {
  title: text('任务内容', TASK_TITLE_MAX),
  party: z.enum(TASK_PARTIES, { error: '请选择责任方' }),
  unit: z
    .string({ error: '单位名称格式无效' })
    .trim()
    .refine((v) => [...v].length <= TASK_UNIT_MAX, { error: `单位名称不能超过 ${TASK_UNIT_MAX} 个字` })
    .refine((v) => findPersonalNumber(v) === null, { error: '单位名称不能包含电话号码或身份证号' })
    .optional(),
  owner: text('责任人', TASK_NAME_MAX),
  ownerId: id('责任人').optional(),
  deadline: day('完成时限'),
  topicIds: ids('议题').default([]),
  demandIds: ids('诉求').default([]),
}

const departmentNamed = (v: { party: string; unit?: string }, ctx: z.RefinementCtx) => {
  if (v.party === 'department' && !v.unit?.trim()) ctx.addIssue({ code: 'custom', path: ['unit'], message: '责任方为职能部门时，请填写部门名称' })
}

/** The filters of the ledger, the board and the export. */
export const taskListInput = z.strictObject(
  {
    communityId: id('社区').optional(),
    column: z.enum(TASK_COLUMNS, { error: '任务状态无效' }).optional(),
    party: z.enum(TASK_PARTIES, { error: '责任方无效' }).optional(),
    /** Part of the responsible person's name. */
    owner: z.string({ error: '责任人格式无效' }).trim().max(TASK_NAME_MAX, { error: `责任人不能超过 ${TASK_NAME_MAX} 个字` }).optional(),
    dueFrom: day('起始日期').optional(),
    dueTo: day('截止日期').optional(),
    meetingId: id('会议').optional(),
  },
  { error: '提交的内容格式无效' },
)

export const taskGetInput = z.strictObject({ id: id('任务') }, { error: '提交的内容格式无效' })

export const taskCreateInput = z
  .strictObject(
    {
      communityId: id('社区'),
      ...taskFields,
      /** The decision it comes from (an agenda item of a meeting of the same community). */
      source: z.strictObject({ meetingId: id('会议'), itemId: id('议程事项') }, { error: '议定事项格式无效' }).optional(),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine(departmentNamed)

export const taskUpdateInput = z
  .strictObject({ id: id('任务'), revision, ...taskFields }, { error: '提交的内容格式无效' })
  .superRefine(departmentNamed)

/** A dated progress note; `status` moves the task (未开始 / 进行中 / 已完成) with it. */
export const taskProgressInput = z.strictObject(
  {
    id: id('任务'),
    revision,
    text: text('进展情况', TASK_NOTE_MAX),
    status: z.enum(['notStarted', 'inProgress', 'done'], { error: '任务状态无效' }).optional(),
  },
  { error: '提交的内容格式无效' },
)

export const taskEscalateInput = z.strictObject(
  { id: id('任务'), revision, reason: text('提交街道的原因', TASK_NOTE_MAX) },
  { error: '提交的内容格式无效' },
)

export const taskDecisionsInput = z.strictObject({ meetingId: id('会议') }, { error: '提交的内容格式无效' })

export const taskExportInput = taskListInput

/** One decision (议定事项) of a meeting, with the tasks made from it. */
export interface TaskDecision {
  itemId: string
  order: number
  title: string
  decision: string
  topicId?: string
  demandIds: string[]
  tasks: TaskView[]
}

export interface TaskDecisions {
  meetingId: string
  communityId: string
  title: string
  /** YYYY-MM-DD: deadlines may not be earlier. */
  meetingDay: string
  items: TaskDecision[]
}

export interface TaskOverdue {
  count: number
  /** Per community (in the operator's scope). */
  byCommunity: Record<string, number>
  /** The street's date the count was made for. */
  today: string
}

export const taskChannels = {
  'task:list': { input: taskListInput, result: returns<TaskView[]>() },
  'task:get': { input: taskGetInput, result: returns<TaskView>() },
  'task:decisions': { input: taskDecisionsInput, result: returns<TaskDecisions>() },
  'task:create': { input: taskCreateInput, result: returns<TaskView>() },
  'task:update': { input: taskUpdateInput, result: returns<TaskView>() },
  'task:progress': { input: taskProgressInput, result: returns<TaskView>() },
  'task:escalate': { input: taskEscalateInput, result: returns<{ task: TaskView; topicId: string }>() },
  'task:overdue': { input: emptyInput, result: returns<TaskOverdue>() },
  'task:export': { input: taskExportInput, result: returns<ImportReportFile>() },
} as const
