// feedback:* — 效果评价 (issue 11, step 6): 反馈告知 (who told the resident, how, when, what), 回访
// (a rating, or a logged attempt that did not reach them), 办结 and 重新打开, one timeline per
// demand (一事一档) and a topic's effect summary. The rules (told before rated, no open task at
// closure, three failed attempts for 无法联系) are the service's, in shared/domain/evaluation.ts.
import { z } from 'zod'
import type { DemandView } from '../domain/entities'
import { FEEDBACK_NAME_MAX, FEEDBACK_TEXT_MAX, FEEDBACK_WAYS, RATINGS, type Rating } from '../domain/evaluation'
import { withStreetOffset } from '../domain/month'
import { findPersonalNumber } from '../domain/personal-data'
import type { TaskColumn } from '../domain/task'
import { id, returns, revision } from './common'

const ISO_TIME = /^\d{4}-(0[1-9]|1[0-2])-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/

/** Wall-clock time with or without an offset (read in the street's zone), stored with the offset. */
const when = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .refine((v) => ISO_TIME.test(v) && !Number.isNaN(Date.parse(withStreetOffset(v))), { error: `${label}格式无效` })
    .transform((v) => withStreetOffset(v))

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .refine((v) => [...v].length <= max, { error: `${label}不能超过 ${max} 个字` })
    .refine((v) => findPersonalNumber(v) === null, { error: `${label}不能包含电话号码或身份证号` })

const way = z.enum(FEEDBACK_WAYS, { error: '请选择方式' })

export const feedbackDemandInput = z.strictObject({ demandId: id('诉求') }, { error: '提交的内容格式无效' })

export const feedbackTellInput = z.strictObject(
  {
    demandId: id('诉求'),
    revision,
    at: when('告知时间'),
    way,
    teller: text('告知人', FEEDBACK_NAME_MAX),
    text: text('告知内容', FEEDBACK_TEXT_MAX),
  },
  { error: '提交的内容格式无效' },
)

export const feedbackFollowUpInput = z
  .strictObject(
    {
      demandId: id('诉求'),
      revision,
      at: when('回访时间'),
      way,
      /** false: a logged attempt that did not reach the resident. */
      reached: z.boolean({ error: '请选择是否联系上居民' }),
      rating: z.enum(RATINGS, { error: '请选择评价（满意、基本满意或不满意）' }).optional(),
      comment: z
        .string({ error: '居民意见格式无效' })
        .trim()
        .refine((v) => [...v].length <= FEEDBACK_TEXT_MAX, { error: `居民意见不能超过 ${FEEDBACK_TEXT_MAX} 个字` })
        .refine((v) => findPersonalNumber(v) === null, { error: '居民意见不能包含电话号码或身份证号' })
        .optional(),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine((v, ctx) => {
    if (v.reached && !v.rating) ctx.addIssue({ code: 'custom', path: ['rating'], message: '联系上居民时，请选择评价（满意、基本满意或不满意）' })
    if (!v.reached && v.rating) ctx.addIssue({ code: 'custom', path: ['rating'], message: '未联系上居民时不能登记评价' })
  })

export const feedbackCloseInput = z.strictObject(
  { demandId: id('诉求'), revision, outcome: z.enum(['rated', 'unreachable'], { error: '请选择办结依据（已回访评价或无法联系）' }) },
  { error: '提交的内容格式无效' },
)

export const feedbackReopenInput = z.strictObject(
  { demandId: id('诉求'), revision, reason: text('重新打开的原因', FEEDBACK_TEXT_MAX) },
  { error: '提交的内容格式无效' },
)

export const feedbackTopicInput = z.strictObject({ topicId: id('议题') }, { error: '提交的内容格式无效' })

/** A demand with what 效果评价 needs to decide the next step. */
export interface FeedbackState {
  demand: DemandView
  openTasks: Array<{ id: string; title: string; column: TaskColumn }>
  /** Why each kind of closure is refused now (null: allowed). */
  closeRefusal: { rated: string | null; unreachable: string | null }
  /** Why a rating is refused now (null: allowed). */
  ratingRefusal: string | null
}

export const TIMELINE_KINDS = [
  'received',
  'recorded',
  'corrected',
  'triaged',
  'topic',
  'agenda',
  'decision',
  'task',
  'progress',
  'feedback',
  'followUp',
  'closed',
  'reopened',
] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

/** One step of 一事一档, linked to the record it comes from. */
export interface TimelineEntry {
  at: string
  kind: TimelineKind
  /** zh-CN, e.g. 列入会议“五月社区联席会议”议程 */
  title: string
  detail?: string
  by?: string
  link?: { area: 'demand' | 'topic' | 'meeting' | 'task'; id: string }
}

export interface DemandTimeline {
  demand: DemandView
  communityName: string
  entries: TimelineEntry[]
}

/** 效果评价 of a topic: its demands' feedback, ratings and closures. */
export interface TopicEffect {
  topicId: string
  title: string
  /** The topic's demands that still exist (a deleted demand keeps its id on the topic, marked missing). */
  demands: number
  /** Demands of the topic deleted since they were merged. */
  deleted: number
  told: number
  rated: number
  ratings: Record<Rating, number>
  unreachable: number
  closed: number
  /** (满意 + 基本满意) / rated, one decimal; null when none rated. */
  satisfactionRate: number | null
}

export const feedbackChannels = {
  'feedback:get': { input: feedbackDemandInput, result: returns<FeedbackState>() },
  'feedback:tell': { input: feedbackTellInput, result: returns<FeedbackState>() },
  'feedback:followUp': { input: feedbackFollowUpInput, result: returns<FeedbackState>() },
  'feedback:close': { input: feedbackCloseInput, result: returns<FeedbackState>() },
  'feedback:reopen': { input: feedbackReopenInput, result: returns<FeedbackState>() },
  'feedback:timeline': { input: feedbackDemandInput, result: returns<DemandTimeline>() },
  'feedback:topicEffect': { input: feedbackTopicInput, result: returns<TopicEffect>() },
} as const
