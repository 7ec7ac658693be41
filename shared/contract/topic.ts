// topic:* — 确认议题: topics group demands (merge duplicates, undo a merge, split), and the chair
// confirms them for the next meeting and orders them.
import { z } from 'zod'
import type { DemandView } from '../domain/entities'
import { TOPIC_LEVELS } from '../domain/entities'
import { findPersonalNumber } from '../domain/personal-data'
import { TOPIC_STATUSES, TOPIC_TITLE_MAX, type Topic } from '../domain/topic-model'
import { id, returns, revision } from './common'

export const TOPIC_DEMANDS_MAX = 200

const title = z
  .string({ error: '请填写议题标题' })
  .trim()
  .min(1, { error: '请填写议题标题' })
  .refine((v) => [...v].length <= TOPIC_TITLE_MAX, { error: `议题标题不能超过 ${TOPIC_TITLE_MAX} 个字` })
  .refine((v) => findPersonalNumber(v) === null, { error: '议题标题不能包含电话号码或身份证号' })

const demandIds = z
  .array(id('诉求'), { error: '请选择诉求' })
  .min(1, { error: '请至少选择一条诉求' })
  .max(TOPIC_DEMANDS_MAX, { error: `一次最多 ${TOPIC_DEMANDS_MAX} 条诉求` })
  .refine((ids) => new Set(ids).size === ids.length, { error: '同一条诉求选了两次' })

export const topicListInput = z.strictObject(
  {
    communityId: id('社区').optional(),
    status: z.enum(TOPIC_STATUSES, { error: '议题状态无效' }).optional(),
  },
  { error: '提交的内容格式无效' },
)

export const topicCreateInput = z.strictObject(
  {
    communityId: id('社区'),
    level: z.enum(TOPIC_LEVELS, { error: '请选择议事层级' }),
    title,
    demandIds,
  },
  { error: '提交的内容格式无效' },
)

/** Merge demands into a topic (topicId + its revision) or into another demand (targetDemandId). */
export const topicMergeInput = z
  .strictObject(
    {
      demandIds,
      topicId: id('议题').optional(),
      revision: revision.optional(),
      targetDemandId: id('诉求').optional(),
      /** Title of the topic a merge into a demand makes (default: the start of its text). */
      title: title.optional(),
    },
    { error: '提交的内容格式无效' },
  )
  .superRefine((v, ctx) => {
    if ((v.topicId === undefined) === (v.targetDemandId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['topicId'], message: '请选择要合并到的议题或诉求（二选一）' })
    }
    if (v.topicId !== undefined && v.revision === undefined) {
      ctx.addIssue({ code: 'custom', path: ['revision'], message: '缺少记录版本号，请刷新后重试' })
    }
  })

export const topicUndoMergeInput = z.strictObject(
  { id: id('议题'), revision, mergeId: id('合并记录') },
  { error: '提交的内容格式无效' },
)

export const topicSplitInput = z.strictObject(
  { id: id('议题'), revision, demandIds, title },
  { error: '提交的内容格式无效' },
)

export const topicUpdateInput = z.strictObject(
  {
    id: id('议题'),
    revision,
    patch: z
      .strictObject({ title, level: z.enum(TOPIC_LEVELS, { error: '请选择议事层级' }) }, { error: '修改内容格式无效' })
      .partial()
      .refine((p) => Object.keys(p).length > 0, { error: '没有要修改的内容' }),
  },
  { error: '提交的内容格式无效' },
)

export const topicConfirmInput = z.strictObject({ id: id('议题'), revision }, { error: '提交的内容格式无效' })

export const topicReorderInput = z.strictObject(
  {
    communityId: id('社区'),
    /** Every confirmed topic of the community, in the new order. */
    ids: z
      .array(id('议题'), { error: '议题顺序无效' })
      .min(1, { error: '议题顺序无效' })
      .max(TOPIC_DEMANDS_MAX, { error: '议题顺序无效' })
      .refine((ids) => new Set(ids).size === ids.length, { error: '同一议题出现了两次' }),
  },
  { error: '提交的内容格式无效' },
)

/** A topic with its demands as lists show them (masked); a demand erased since is `missing`. */
export interface TopicView extends Topic {
  demands: Array<DemandView | { id: string; missing: true }>
}

export const topicChannels = {
  'topic:list': { input: topicListInput, result: returns<TopicView[]>() },
  'topic:create': { input: topicCreateInput, result: returns<TopicView>() },
  'topic:merge': { input: topicMergeInput, result: returns<TopicView>() },
  'topic:undoMerge': { input: topicUndoMergeInput, result: returns<{ topic: TopicView | null; removed: boolean }>() },
  'topic:split': { input: topicSplitInput, result: returns<{ from: TopicView; created: TopicView }>() },
  'topic:update': { input: topicUpdateInput, result: returns<TopicView>() },
  'topic:confirm': { input: topicConfirmInput, result: returns<TopicView>() },
  'topic:reorder': { input: topicReorderInput, result: returns<TopicView[]>() },
} as const
