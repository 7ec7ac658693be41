// 效果评价 (issue 11, step 6): a demand is closed (办结, status `evaluated`) only after the resident
// was told the result (反馈告知) and either rated it (回访: 满意 / 基本满意 / 不满意) or could not be
// reached after logged attempts. Reopening needs a reason and keeps every earlier closure.
//
// What a closed demand adds to its month's derived counts (`outcomes`, shared/domain/statistics.ts)
// is computed here from the record alone, so the counts and the rates built on them never need the
// records again (the dashboard reads counts only).
import type { Demand } from './entities'
import { daysBetween } from './task'

export const FEEDBACK_WAYS = ['phone', 'visit', 'wechat', 'sms', 'notice', 'other'] as const
export type FeedbackWay = (typeof FEEDBACK_WAYS)[number]
export const FEEDBACK_WAY_NAMES: Record<FeedbackWay, string> = {
  phone: '电话',
  visit: '上门',
  wechat: '微信',
  sms: '短信',
  notice: '张贴公示',
  other: '其他',
}

export const RATINGS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const
export type Rating = (typeof RATINGS)[number]
export const RATING_NAMES: Record<Rating, string> = { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' }

/** Failed follow-up attempts needed before a demand may close as 无法联系. */
export const UNREACHABLE_ATTEMPTS = 3
export const FEEDBACK_TEXT_MAX = 500
export const FEEDBACK_NAME_MAX = 20

/** 反馈告知: who told the resident, how, when, what. */
export interface FeedbackEntry {
  id: string
  /** When the resident was told (ISO with offset). */
  at: string
  way: FeedbackWay
  /** Who told them (a staff member's name). */
  teller: string
  text: string
  /** Who recorded it (李秘书（秘书）) and when. */
  by: string
  recordedAt: string
}

/** 回访: one follow-up call or visit; `reached: false` is a logged failed attempt. */
export interface FollowUp {
  id: string
  at: string
  way: FeedbackWay
  reached: boolean
  rating?: Rating
  comment?: string
  by: string
}

export interface Closure {
  at: string
  by: string
  outcome: 'rated' | 'unreachable'
  rating?: Rating
  /** Whole days from the call (receivedAt) to the closure, street calendar. */
  days: number
}

export interface Reopening {
  at: string
  by: string
  reason: string
  /** How many feedback entries and follow-ups there were: what came before belongs to the earlier round. */
  feedbackBefore?: number
  followUpsBefore?: number
}

/** The evaluation fields a demand record carries (all optional: older records have none). */
export interface DemandEvaluation {
  feedback?: FeedbackEntry[]
  followUps?: FollowUp[]
  /** The current closure (while status is evaluated). */
  closure?: Closure
  /** Earlier closures, oldest first, each undone by the reopening at the same index. */
  pastClosures?: Closure[]
  reopenings?: Reopening[]
}

/**
 * The feedback and follow-ups of the current round: after a reopening the resident must be told
 * and asked again (the earlier rating was about the result that did not last).
 */
export function currentRound(d: DemandEvaluation): { feedback: FeedbackEntry[]; followUps: FollowUp[] } {
  const last = d.reopenings?.[d.reopenings.length - 1]
  return { feedback: (d.feedback ?? []).slice(last?.feedbackBefore ?? 0), followUps: (d.followUps ?? []).slice(last?.followUpsBefore ?? 0) }
}

/** The latest follow-up of the current round that reached the resident and rated the result. */
export function latestRating(d: DemandEvaluation): FollowUp | undefined {
  const rated = currentRound(d).followUps.filter((f) => f.reached && f.rating)
  return rated[rated.length - 1]
}

/** Why a follow-up with a rating is refused, or null. */
export function ratingRefusal(d: Pick<Demand, 'status'> & DemandEvaluation): string | null {
  if (d.status === 'evaluated') return '该诉求已办结；如需重新评价，请先重新打开'
  if (!currentRound(d).feedback.length) return '尚未向居民反馈办理结果，请先登记反馈告知，再回访评价'
  return null
}

/**
 * Why the demand may not close now, or null. `openTasks` are the titles of its tasks still open
 * (未开始 / 进行中); `outcome` is what the closure rests on.
 */
export function closeRefusal(d: Pick<Demand, 'status'> & DemandEvaluation, outcome: 'rated' | 'unreachable', openTasks: readonly string[]): string | null {
  if (d.status === 'evaluated') return '该诉求已经办结'
  if (!currentRound(d).feedback.length) return '尚未向居民反馈办理结果，不能办结'
  if (openTasks.length) return `还有未完成的任务：${openTasks.slice(0, 3).join('、')}${openTasks.length > 3 ? ` 等 ${openTasks.length} 项` : ''}，不能办结`
  if (outcome === 'rated' && !latestRating(d)) return '尚未回访评价；如多次联系不上居民，请登记回访未联系上，满 3 次后可按“无法联系”办结'
  if (outcome === 'unreachable') {
    const failed = currentRound(d).followUps.filter((f) => !f.reached).length
    if (failed < UNREACHABLE_ATTEMPTS) return `已登记 ${failed} 次未联系上的回访，满 ${UNREACHABLE_ATTEMPTS} 次后才能按“无法联系”办结`
  }
  return null
}

/** The closure record for `d` closed at `at` (street day of the call and of the closure given). */
export function closureOf(d: DemandEvaluation, outcome: 'rated' | 'unreachable', at: string, by: string, callDay: string, closeDay: string): Closure {
  const rating = outcome === 'rated' ? latestRating(d)?.rating : undefined
  return { at, by, outcome, ...(rating ? { rating } : {}), days: Math.max(0, daysBetween(callDay, closeDay)) }
}

/** What a demand adds to its month's `outcomes` counts (only a closed one with a closure record). */
export const OUTCOME_KEYS = ['satisfied', 'basicallySatisfied', 'dissatisfied', 'unreachable', 'closedTimed', 'closeDays'] as const
export type OutcomeKey = (typeof OUTCOME_KEYS)[number]

export function outcomeOf(d: { status: string; closure?: Closure }): Partial<Record<OutcomeKey, number>> | null {
  if (d.status !== 'evaluated' || !d.closure) return null
  const out: Partial<Record<OutcomeKey, number>> = { closedTimed: 1, closeDays: d.closure.days }
  if (d.closure.outcome === 'unreachable') out.unreachable = 1
  else if (d.closure.rating) out[d.closure.rating] = 1
  return out
}
