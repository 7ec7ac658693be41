// meeting:* — 联席会议: setup and roster, sign-in and quorum, agenda, chair mode, minutes with
// approval and corrections (issue 10). Rules the schema cannot see (no agenda, a missing party,
// approved minutes) are the service's, with zh-CN messages naming the field.
import { z } from 'zod'
import { TOPIC_LEVELS } from '../domain/entities'
import {
  AGENDA_ITEMS_MAX,
  ATTENDANCE,
  DECISION_MAX,
  MEETING_PLACE_MAX,
  MEETING_STATUSES,
  MEETING_TITLE_MAX,
  MINUTES_ISSUE_MAX,
  NOTES_MAX,
  PARTIES,
  POSITIONS,
  ROSTER_MAX,
  type Meeting,
  type MinutesChange,
  type MinutesSnapshot,
  type MinutesStatus,
} from '../domain/meeting'
import { findPersonalNumber } from '../domain/personal-data'
import { withStreetOffset } from '../domain/month'
import { id, returns, revision } from './common'
import type { ImportReportFile } from './import'

const ISO_TIME = /^\d{4}-(0[1-9]|1[0-2])-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/

/** Wall-clock time, with or without an offset (read in the street's zone), stored with the offset. */
const startsAt = z
  .string({ error: '请填写会议时间' })
  .refine((v) => ISO_TIME.test(v) && !Number.isNaN(Date.parse(withStreetOffset(v))), { error: '会议时间格式无效' })
  .transform((v) => withStreetOffset(v))
  .refine((v) => Date.parse(v) >= Date.parse('2000-01-01T00:00:00+08:00'), { error: '会议时间不能早于 2000 年' })

const line = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .refine((v) => findPersonalNumber(v) === null, { error: `${label}不能包含电话号码或身份证号` })

const personIds = z
  .array(id('参会人员'), { error: '参会人员格式无效' })
  .max(ROSTER_MAX, { error: `参会人员最多 ${ROSTER_MAX} 人` })
  .refine((ids) => new Set(ids).size === ids.length, { error: '同一人员选了两次' })

const meetingFields = {
  level: z.enum(TOPIC_LEVELS, { error: '请选择会议层级' }),
  title: line('会议名称', MEETING_TITLE_MAX),
  startsAt,
  place: line('会议地点', MEETING_PLACE_MAX),
  chairId: id('主持人'),
  recorderId: id('记录人'),
}

export const meetingListInput = z.strictObject(
  {
    communityId: id('社区').optional(),
    year: z.number({ error: '年份无效' }).int({ error: '年份无效' }).min(2000, { error: '年份无效' }).max(2100, { error: '年份无效' }).optional(),
    status: z.enum(MEETING_STATUSES, { error: '会议状态无效' }).optional(),
  },
  { error: '提交的内容格式无效' },
)

export const meetingGetInput = z.strictObject({ id: id('会议') }, { error: '提交的内容格式无效' })

export const meetingCreateInput = z.strictObject(
  {
    communityId: id('社区'),
    ...meetingFields,
    /** Who is invited; absent: the previous meeting's roster of the community (or its active people). */
    roster: personIds.optional(),
  },
  { error: '提交的内容格式无效' },
)

export const meetingUpdateInput = z.strictObject(
  {
    id: id('会议'),
    revision,
    patch: z
      .strictObject({ ...meetingFields, roster: personIds }, { error: '修改内容格式无效' })
      .partial()
      .refine((p) => Object.keys(p).length > 0, { error: '没有要修改的内容' }),
  },
  { error: '提交的内容格式无效' },
)

export const meetingRemovePlanInput = meetingGetInput
export const meetingRemoveInput = z.strictObject(
  { id: id('会议'), revision, confirm: z.literal(true, { error: '删除会议须先确认' }) },
  { error: '提交的内容格式无效' },
)

export const meetingSignInInput = z.strictObject(
  {
    id: id('会议'),
    revision,
    entries: z
      .array(
        z.strictObject(
          { personId: id('参会人员'), attendance: z.enum(ATTENDANCE, { error: '请选择出席、请假或缺席' }) },
          { error: '签到内容格式无效' },
        ),
        { error: '签到内容格式无效' },
      )
      .min(1, { error: '没有要签到的人员' })
      .max(ROSTER_MAX, { error: `一次最多 ${ROSTER_MAX} 人` })
      .refine((es) => new Set(es.map((e) => e.personId)).size === es.length, { error: '同一人员出现了两次' }),
  },
  { error: '提交的内容格式无效' },
)

export const meetingStartInput = z.strictObject(
  {
    id: id('会议'),
    revision,
    /** The chair chose to proceed although some of the five parties have nobody present. */
    proceedDespiteMissing: z.boolean({ error: '参数无效' }).optional(),
  },
  { error: '提交的内容格式无效' },
)

export const meetingEndInput = z.strictObject({ id: id('会议'), revision }, { error: '提交的内容格式无效' })

export const agendaItemInput = z
  .strictObject(
    {
      /** An item already on the agenda keeps its id (its minutes stay with it). */
      id: id('议程').optional(),
      kind: z.enum(['topic', 'carryOver'], { error: '议程类型无效' }),
      topicId: id('议题').optional(),
      carryOver: z.strictObject({ meetingId: id('会议'), itemId: id('议程') }, { error: '上次议定事项格式无效' }).optional(),
      /** Default: the topic's title, or 上次议定事项落实情况：<earlier title>. */
      title: line('议程标题', MEETING_TITLE_MAX).optional(),
      minutes: z
        .number({ error: '请填写议程时长（分钟）' })
        .int({ error: '议程时长须为整数分钟' })
        .min(1, { error: '议程时长至少 1 分钟' })
        .max(240, { error: '议程时长不能超过 240 分钟' }),
      presenterId: id('汇报人').optional(),
    },
    { error: '议程格式无效' },
  )
  .superRefine((v, ctx) => {
    if (v.kind === 'topic' && !v.topicId) ctx.addIssue({ code: 'custom', path: ['topicId'], message: '请选择议题' })
    if (v.kind === 'carryOver' && !v.carryOver) ctx.addIssue({ code: 'custom', path: ['carryOver'], message: '请选择上次议定事项' })
  })

export const meetingSetAgendaInput = z.strictObject(
  {
    id: id('会议'),
    revision,
    /** The whole agenda in its order. */
    items: z.array(agendaItemInput, { error: '议程格式无效' }).max(AGENDA_ITEMS_MAX, { error: `议程最多 ${AGENDA_ITEMS_MAX} 项` }),
  },
  { error: '提交的内容格式无效' },
)

export const meetingAgendaCandidatesInput = z.strictObject(
  { communityId: id('社区'), meetingId: id('会议').optional() },
  { error: '提交的内容格式无效' },
)

export const CHAIR_ACTIONS = ['next', 'prev', 'goto', 'timerStart', 'timerPause', 'timerReset', 'speakerAdd', 'speakerRemove'] as const

export const meetingChairInput = z
  .strictObject(
    {
      id: id('会议'),
      revision,
      action: z.enum(CHAIR_ACTIONS, { error: '主持操作无效' }),
      itemId: id('议程').optional(),
      personId: id('发言人').optional(),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine((v, ctx) => {
    if (v.action === 'goto' && !v.itemId) ctx.addIssue({ code: 'custom', path: ['itemId'], message: '请选择要跳转的议程' })
    if ((v.action === 'speakerAdd' || v.action === 'speakerRemove') && !v.personId) ctx.addIssue({ code: 'custom', path: ['personId'], message: '请选择发言人' })
  })

const positions = z
  .partialRecord(z.enum(PARTIES, { error: '表态的一方无效' }), z.enum(POSITIONS, { error: '请选择同意、保留、反对或未表态' }), { error: '各方表态格式无效' })

export const meetingSaveItemMinutesInput = z.strictObject(
  {
    id: id('会议'),
    itemId: id('议程'),
    /** The item's minutes revision as read (0: never saved). A stale one is CONFLICT. */
    itemRevision: z.number({ error: '缺少记录版本号，请刷新后重试' }).int({ error: '记录版本号无效，请刷新后重试' }).min(0, { error: '记录版本号无效，请刷新后重试' }),
    notes: z.string({ error: '讨论记录格式无效' }).max(NOTES_MAX, { error: `讨论记录不能超过 ${NOTES_MAX} 字` }),
    positions,
    decision: z.string({ error: '议定事项格式无效' }).max(DECISION_MAX, { error: `议定事项不能超过 ${DECISION_MAX} 字` }),
  },
  { error: '提交的内容格式无效' },
)

export const meetingApproveInput = z.strictObject(
  {
    id: id('会议'),
    revision,
    /** Approve although some items have no decision (议定事项). */
    confirmMissingDecisions: z.boolean({ error: '参数无效' }).optional(),
    /** 期号 (第3期); absent or empty: the corrected version's, or the next of the year (nextMinutesIssue). */
    issue: z
      .string({ error: '期号格式无效' })
      .trim()
      .max(MINUTES_ISSUE_MAX, { error: `期号不能超过 ${MINUTES_ISSUE_MAX} 个字` })
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: '期号不能包含换行或控制字符' })
      .optional(),
  },
  { error: '提交的内容格式无效' },
)

export const meetingCorrectInput = z.strictObject(
  {
    id: id('会议'),
    revision,
    reason: line('更正原因', 200),
  },
  { error: '提交的内容格式无效' },
)

export const meetingVersionsInput = meetingGetInput

/** What meeting:export makes: the 纪要 or the 签到表. */
export const EXPORT_DOCUMENTS = ['minutes', 'signIn'] as const
/**
 * docx: the GB/T 9704 Word file; html: the print view (printed to PDF by Chromium: the preview
 * opens it in a page and prints it); pdf: the print view printed by Electron (printToPDF),
 * refused where there is no printer (the preview host, tests).
 */
export const EXPORT_FORMATS = ['docx', 'html', 'pdf'] as const

export const meetingExportInput = z.strictObject(
  {
    id: id('会议'),
    document: z.enum(EXPORT_DOCUMENTS, { error: '请选择导出纪要或签到表' }),
    format: z.enum(EXPORT_FORMATS, { error: '请选择导出格式（Word、打印视图或 PDF）' }),
    /** The minutes' version (default: the current one); ignored for the sign-in sheet. */
    version: z.number({ error: '版本号无效' }).int({ error: '版本号无效' }).min(1, { error: '版本号无效' }).max(10_000, { error: '版本号无效' }).optional(),
  },
  { error: '提交的内容格式无效' },
)

/** A file for the renderer to save (the same shape as the import report). */
export type MeetingExportFile = ImportReportFile

/** What removing a meeting takes with it, in words (shown before the confirmation). */
export interface MeetingRemovePlan {
  id: string
  title: string
  hasMinutes: boolean
  /** zh-CN lines: 会议“…”, 3 项议程, 2 项议程的纪要, 已审定纪要 1 个版本 … */
  removes: string[]
  /** zh-CN lines: records that stay but lose their link to the meeting (tasks it decided, topics' 一事一档). */
  affects: string[]
  /** Why the meeting may not be removed at all (approved minutes are an official record); absent when it may. */
  blocked?: string
}

export interface AgendaCandidates {
  topics: Array<{ topicId: string; title: string; level: string; demandCount: number }>
  /**
   * 上次议定事项落实情况: every decision of the community's latest ended meeting, and earlier ones
   * whose tasks are still open; `note` says what to report (open tasks, none made, all done).
   */
  carryOvers: Array<{ meetingId: string; meetingTitle: string; itemId: string; title: string; decision: string; note: string; openTasks: number }>
}

export interface MinutesVersionView {
  version: number
  status: MinutesStatus
  correctionOf?: number
  correctionReason?: string
  approvedBy?: { id: string; name: string }
  approvedAt?: string
  sha256?: string
  snapshot: MinutesSnapshot
}

export interface MeetingVersions {
  versions: MinutesVersionView[]
  /** From the previous version to the latest (empty with one version). */
  diff: MinutesChange[]
}

export const meetingChannels = {
  'meeting:list': { input: meetingListInput, result: returns<Meeting[]>() },
  'meeting:get': { input: meetingGetInput, result: returns<Meeting>() },
  'meeting:create': { input: meetingCreateInput, result: returns<Meeting>() },
  'meeting:update': { input: meetingUpdateInput, result: returns<Meeting>() },
  'meeting:removePlan': { input: meetingRemovePlanInput, result: returns<MeetingRemovePlan>() },
  'meeting:remove': { input: meetingRemoveInput, result: returns<{ removed: string[]; backup: string }>() },
  'meeting:signIn': { input: meetingSignInInput, result: returns<Meeting>() },
  'meeting:start': { input: meetingStartInput, result: returns<Meeting>() },
  'meeting:end': { input: meetingEndInput, result: returns<Meeting>() },
  'meeting:setAgenda': { input: meetingSetAgendaInput, result: returns<Meeting>() },
  'meeting:agendaCandidates': { input: meetingAgendaCandidatesInput, result: returns<AgendaCandidates>() },
  'meeting:chair': { input: meetingChairInput, result: returns<Meeting>() },
  'meeting:saveItemMinutes': { input: meetingSaveItemMinutesInput, result: returns<Meeting>() },
  'meeting:approve': { input: meetingApproveInput, result: returns<Meeting>() },
  'meeting:correct': { input: meetingCorrectInput, result: returns<Meeting>() },
  'meeting:versions': { input: meetingVersionsInput, result: returns<MeetingVersions>() },
  'meeting:export': { input: meetingExportInput, result: returns<MeetingExportFile>() },
} as const
