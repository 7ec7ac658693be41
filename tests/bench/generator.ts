// Deterministic bench data: 15 communities × 10 years of demands (up to 300 per community per
// month, 540k at the largest size), with meetings, topics, tasks and ratings in proportion.
// Pure: no IO, no clock, no Math.random. Same (size, seed, endMonth) → same records, on any
// machine and in any time zone (times are written with +08:00, China Standard Time).
import type { Community, Demand } from '../../shared/domain/entities'
import type { Closure, Rating } from '../../shared/domain/evaluation'
import { TASK_PARTIES, daysBetween, type Task, type TaskParty } from '../../shared/domain/task'
import { makeTaskId } from '../../electron/services/tasks-collection'
import { addMonths, monthRange } from '../../shared/domain/month'
import type { DemandCategory, DemandChannel } from '../../shared/domain/vocab'
import { makeDemandId } from '../../electron/data/paths'
import { formatCaseNo } from '../../shared/domain/case-number'
import {
  CATEGORY_MIX,
  CHANNEL_MIX,
  SAMPLE_COMMUNITIES,
  SAMPLE_TEMPLATES,
  mulberry32,
  statusMix,
  type Weights,
} from '../../electron/services/sample-street'
// The bench draws from the sample street's mixes, so both describe the same kind of street.

/** Bump when the records change shape or content: cached data folders are keyed by it. */
// 2: folders written by the data layer with summary.json v2, closed with close({ backup: false })
// 3: summary.json v3 (each community's counts as one JSON string)
// 4: evaluated demands carry a closure (rating / 无法联系, days from call), so summary.json has
//    `outcomes`; tasks are real Task records in tasks/<communityId>.json (the tasks collection);
//    no synthetic ratings files (the rating is in the closure); SQLite has the matching columns
export const GENERATOR_VERSION = 4
export const DEFAULT_SEED = 20_260_601
export const MONTHS = 120
export const MAX_PER_COMMUNITY_MONTH = 300

export const SIZES = { '10k': 10_000, '100k': 100_000, '540k': 540_000 } as const
export type SizeName = keyof typeof SIZES

export function parseSize(text: string): number {
  const named = SIZES[text as SizeName]
  if (named) return named
  const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(text.trim())
  if (!m) throw new Error(`bad size: ${text} (use 10k, 100k, 540k or a number)`)
  return Math.round(Number(m[1]) * (m[2] ? 1000 : 1))
}

export function sizeName(size: number): string {
  return size % 1000 === 0 ? `${size / 1000}k` : String(size)
}

export interface GeneratorOptions {
  /** Number of demands in total, at most 15 × 120 × 300 = 540,000. */
  size: number
  seed: number
  /** Last month of the ten years, 'YYYY-MM'. */
  endMonth: string
  /** Defaults to the 15 communities of the sample street (with their compounds). */
  communities?: readonly Community[]
}

// Synthetic meetings and topics (plain records in their own files, not read by the app: the real
// meetings and topics collections keep one file per community in another shape).
export interface BenchMeeting {
  id: string
  communityId: string
  month: string
  level: 'community'
  heldAt: string
  place: string
  chair: string
  recorder: string
  attendees: Record<string, string[]>
  topicIds: string[]
}
export interface BenchTopic {
  id: string
  meetingId: string
  communityId: string
  title: string
  demandIds: string[]
  decision: string
}
export interface CommunityData {
  community: Community
  demands: Demand[]
  meetings: BenchMeeting[]
  topics: BenchTopic[]
  /** Real Task records (the tasks collection's format; revision set when written). */
  tasks: Task[]
}

// Clauses appended to a category template so a description reads like a real call (~80 字).
const DETAILS = [
  '已经持续一个多星期',
  '居民多次向物业反映均未得到答复',
  '晚上尤其严重，老人和孩子休息受到影响',
  '楼栋里几位老党员也都有同样的意见',
  '上次网格员来看过，说会协调但一直没有下文',
  '雨天情况更加明显，出行很不方便',
  '邻居之间为此已经发生过几次口角',
  '有住户拍了照片和视频，可以提供给社区',
  '之前在微信群里提过，大家都很关注',
  '附近还有幼儿园，存在一定的安全隐患',
  '反映人是独居老人，行动不便，希望上门了解',
  '问题从去年冬天开始出现，今年越来越严重',
]
const REQUESTS = [
  '希望社区尽快协调相关单位处理',
  '请社区联系物业公司限期整改并回复处理结果',
  '希望能在下次联席会议上讨论解决办法',
  '恳请街道和社区督促有关部门落实',
  '请网格员上门核实情况后给个答复',
  '希望物业和业委会一起拿出解决方案',
  '建议社区组织相关住户当面协商',
  '盼尽快处理，处理结果请电话告知',
]
const FILLERS = ['谢谢', '辛苦了', '麻烦了', '感谢社区的关心']
const PLACES = ['社区党群服务中心二楼会议室', '社区议事厅', '小区物业服务中心', '社区新时代文明实践站']
const PARTIES = ['compoundBranch', 'ownersCommittee', 'propertyCompany', 'socialOrganization', 'residentRep'] as const
const TOPIC_PREFIX = ['关于', '研究', '协调解决', '讨论']
const DECISIONS = [
  '由物业公司牵头，十五日内完成整改，社区跟踪督办',
  '提请街道联席会议协调，社区先行做好解释工作',
  '业委会组织业主代表协商，形成方案后公示',
  '由网格员每周回访一次，直至问题解决',
  '申请社区微实事项目资金，年内实施',
]
const DEPARTMENTS = ['区城管局', '区住建局', '街道综治中心', '区水务局']
/** Who recorded closures, tasks and progress (an operator's display name). */
const CLOSER = '李秘书（秘书）'
const TASK_CONTENT = ['现场核查并形成台账', '制定整改方案', '组织施工维修', '入户走访征求意见', '公示处理结果', '回访居民满意度']

function hash(text: string): number {
  let h = 2166136261
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619)
  return h >>> 0
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function tools(rand: () => number) {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
  const weighted = <K extends string>(w: Weights<K>): K => {
    const sum = w.reduce((s, [, n]) => s + n, 0)
    let r = rand() * sum
    for (const [k, n] of w) if ((r -= n) < 0) return k
    return w[w.length - 1][0]
  }
  const token = (n: number) => {
    let s = ''
    for (let i = 0; i < n; i++) s += ID_CHARS[Math.floor(rand() * 64)]
    return s
  }
  return { int, pick, weighted, token }
}

/**
 * How many demands each community gets each month: volumes vary by community (its size) and by
 * month (seasons, a slow rise over the years, noise), apportioned to exactly `size` in total
 * with no community-month above 300. At 540k every community-month is full (300).
 */
export function monthlyCounts(opts: GeneratorOptions): Map<string, number[]> {
  const communities = opts.communities ?? SAMPLE_COMMUNITIES
  const cap = communities.length * MONTHS * MAX_PER_COMMUNITY_MONTH
  if (!Number.isInteger(opts.size) || opts.size < 0 || opts.size > cap) {
    throw new Error(`size must be an integer from 0 to ${cap}`)
  }
  const rand = mulberry32(opts.seed ^ 0x5eed)
  const weights: number[] = []
  for (let c = 0; c < communities.length; c++) {
    const scale = 0.7 + rand() * 0.6
    for (let i = 0; i < MONTHS; i++) {
      const season = 1 + 0.15 * Math.sin(((i % 12) / 12) * 2 * Math.PI)
      const growth = 0.8 + (0.4 * i) / MONTHS
      weights.push(scale * season * growth * (0.85 + rand() * 0.3))
    }
  }
  const flat = apportion(opts.size, weights, MAX_PER_COMMUNITY_MONTH)
  const out = new Map<string, number[]>()
  communities.forEach((c, k) => out.set(c.id, flat.slice(k * MONTHS, (k + 1) * MONTHS)))
  return out
}

/** Largest-remainder apportionment of `total` by weights, no share above `cap`. */
export function apportion(total: number, weights: readonly number[], cap: number): number[] {
  const result = new Array<number>(weights.length).fill(0)
  let free = weights.map((_, i) => i)
  let remaining = total
  for (;;) {
    const sum = free.reduce((s, i) => s + weights[i], 0)
    const full = free.filter((i) => (remaining * weights[i]) / sum >= cap)
    if (!full.length) break
    for (const i of full) result[i] = cap
    remaining -= full.length * cap
    const gone = new Set(full)
    free = free.filter((i) => !gone.has(i))
    if (!free.length) return result
  }
  const sum = free.reduce((s, i) => s + weights[i], 0)
  const exact = free.map((i) => (remaining * weights[i]) / sum)
  let given = 0
  free.forEach((i, k) => {
    result[i] = Math.floor(exact[k])
    given += result[i]
  })
  const order = free.map((i, k) => ({ i, frac: exact[k] - Math.floor(exact[k]) })).sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (let k = 0; k < remaining - given; k++) result[order[k].i] += 1
  return result
}

const pad2 = (n: number) => String(n).padStart(2, '0')
const cst = (month: string, day: number, h: number, m: number, s: number) =>
  `${month}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}+08:00`
const daysIn = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}
/** The same wall-clock time `days` later (in +08:00), for updatedAt / deadlines / ratings. */
function later(iso: string, days: number): string {
  const t = Date.parse(iso) + days * 86_400_000 + 8 * 3_600_000
  const d = new Date(t)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}+08:00`
}

/** All records of one community (the bench writes one community at a time to bound memory). */
export function generateCommunity(opts: GeneratorOptions, community: Community, counts: readonly number[]): CommunityData {
  const rand = mulberry32((opts.seed ^ hash(community.id)) >>> 0)
  const { int, pick, weighted, token } = tools(rand)
  const templates = SAMPLE_TEMPLATES
  const surnames = Array.from(templates.surnames)
  const person = () => pick(surnames) + pick(templates.givenNames)
  const months = monthRange(addMonths(opts.endMonth, -(MONTHS - 1)), opts.endMonth)
  const data: CommunityData = { community, demands: [], meetings: [], topics: [], tasks: [] }
  // Case numbers as the app gives them (per community and year), so reads never have to number old records.
  const seqByYear = new Map<string, number>()

  months.forEach((month, i) => {
    const age = MONTHS - 1 - i
    const ym = month.replace('-', '')
    const days = daysIn(month)
    const monthDemands: Demand[] = []
    for (let k = 0; k < counts[i]; k++) {
      const petition = rand() < 0.1 - 0.04 * (i / MONTHS) // petitions fall slowly over the decade
      const channel: DemandChannel = petition ? 'petition' : weighted(CHANNEL_MIX)
      const category = weighted(CATEGORY_MIX)
      const compound = community.compounds.length ? pick(community.compounds) : undefined
      const receivedAt = cst(month, int(1, days), int(7, 20), int(0, 59), int(0, 59))
      const status = weighted(statusMix(age))
      const demand: Demand = {
        id: makeDemandId(community.id, month, `${k.toString(36).padStart(3, '0')}${token(8)}`),
        communityId: community.id,
        channel,
        category,
        reporterName: person(),
        receivedAt,
        description: describeDemand(category, compound?.name ?? community.name, rand),
        status,
        createdAt: receivedAt,
        updatedAt: status === 'called' ? receivedAt : later(receivedAt, int(1, 12)),
        revision: 1,
      }
      const seq = (seqByYear.get(month.slice(0, 4)) ?? 0) + 1
      seqByYear.set(month.slice(0, 4), seq)
      demand.caseNo = formatCaseNo(community.name, month.slice(0, 4), seq)
      if (compound) demand.compoundId = compound.id
      if (rand() < 0.85) demand.reporterPhone = pick(templates.phonePrefixes) + String(int(0, 99_999_999)).padStart(8, '0')
      if (status === 'evaluated') {
        // Closed through 效果评价: rated (满意 72% / 基本满意 21% / 不满意 7%) or 无法联系 (5%),
        // 1–30 days after the call; the closure is the record's last change.
        const days = int(1, 30)
        const at = later(receivedAt, days)
        const r = rand()
        const rating: Rating = r < 0.72 ? 'satisfied' : r < 0.93 ? 'basicallySatisfied' : 'dissatisfied'
        const closure: Closure =
          rand() < 0.05 ? { at, by: CLOSER, outcome: 'unreachable', days } : { at, by: CLOSER, outcome: 'rated', rating, days }
        demand.closure = closure
        demand.updatedAt = at
      }
      monthDemands.push(demand)
    }
    data.demands.push(...monthDemands)

    // One community joint meeting a month, 3–6 topics, 1–3 tasks each.
    const meetingId = `m-${community.id}-${ym}`
    const heldAt = cst(month, int(20, Math.min(28, days)), int(9, 15), 0, 0)
    const meeting: BenchMeeting = {
      id: meetingId,
      communityId: community.id,
      month,
      level: 'community',
      heldAt,
      place: pick(PLACES),
      chair: person(),
      recorder: person(),
      attendees: Object.fromEntries(PARTIES.map((p) => [p, Array.from({ length: int(1, 3) }, person)])),
      topicIds: [],
    }
    const topicCount = int(3, 6)
    for (let t = 0; t < topicCount; t++) {
      const topicId = `${meetingId}-t${t + 1}`
      const merged = monthDemands.length ? Array.from({ length: Math.min(monthDemands.length, int(1, 4)) }, () => pick(monthDemands)) : []
      const about = merged[0]?.description.slice(0, 18) ?? `${community.name}公共事务`
      data.topics.push({
        id: topicId,
        meetingId,
        communityId: community.id,
        title: `${pick(TOPIC_PREFIX)}${about}的问题`,
        demandIds: [...new Set(merged.map((d) => d.id))],
        decision: pick(DECISIONS),
      })
      meeting.topicIds.push(topicId)
      const taskCount = int(1, 3)
      for (let j = 0; j < taskCount; j++) {
        const itemId = `${topicId}-k${j + 1}`
        const deadline = later(heldAt, int(7, 45)).slice(0, 10)
        // Older tasks are done (≈85% by their deadline) or a few escalated; recent ones partly open.
        const roll = rand()
        const status: Task['status'] = age >= 2 ? (roll < 0.96 ? 'done' : 'escalated') : roll < 0.5 ? 'done' : roll < 0.75 ? 'inProgress' : 'notStarted'
        const party: TaskParty = pick(TASK_PARTIES)
        const task: Task = {
          id: makeTaskId(community.id, `${ym}${t.toString(36)}${j}${token(6)}`),
          communityId: community.id,
          title: pick(TASK_CONTENT),
          party,
          ...(party === 'department' ? { unit: pick(DEPARTMENTS) } : {}),
          owner: person(),
          deadline,
          source: { meetingId, itemId },
          topicIds: [topicId],
          demandIds: data.topics[data.topics.length - 1].demandIds,
          status,
          progress: [],
          createdAt: heldAt,
          createdBy: CLOSER,
          updatedAt: heldAt,
          revision: 1,
        }
        if (status === 'done') {
          const late = rand() < 0.15
          const doneAt = late ? later(`${deadline}T10:00:00+08:00`, int(1, 20)) : later(heldAt, int(1, Math.max(1, daysBetween(heldAt.slice(0, 10), deadline))))
          task.doneAt = doneAt
          task.updatedAt = doneAt
          task.progress.push({ id: `p${token(8)}`, at: doneAt, by: CLOSER, text: '已按议定事项完成', status: 'done' })
        } else if (status === 'escalated') {
          const at = later(`${deadline}T10:00:00+08:00`, int(1, 10))
          task.escalation = { at, by: CLOSER, reason: '社区层面协调不下，提请街道兜底', topicId: `${topicId}-street` }
          task.updatedAt = at
        }
        data.tasks.push(task)
      }
    }
    data.meetings.push(meeting)
  })
  return data
}

/** Category template + details + a request, ~80 characters (70–100). */
function describeDemand(category: DemandCategory, place: string, rand: () => number): string {
  const { int, pick } = tools(rand)
  let text = pick(SAMPLE_TEMPLATES.categories[category])
    .replaceAll('{compound}', place)
    .replaceAll('{b}', String(int(1, 28)))
    .replaceAll('{u}', String(int(1, 4)))
    .replaceAll('{f}', String(int(2, 18)))
  const used = new Set<string>()
  while (length(text) < 52) {
    const d = pick(DETAILS)
    if (used.has(d)) continue
    used.add(d)
    text += `，${d}`
  }
  text += `，${pick(REQUESTS)}。`
  if (length(text) < 74) text += `${pick(FILLERS)}！`
  return text
}

/** Characters, not UTF-16 units. */
export function length(text: string): number {
  return Array.from(text).length
}

/** Generates every community's records (small sizes only: tests; the bench streams by community). */
export function generateAll(opts: GeneratorOptions): CommunityData[] {
  const counts = monthlyCounts(opts)
  return (opts.communities ?? SAMPLE_COMMUNITIES).map((c) => generateCommunity(opts, c, counts.get(c.id)!))
}

/** The community the dashboard figures are measured on (七口堰社区, the pilot). */
export const BENCH_COMMUNITY = 'mjd-qikouyan'

export function benchRanges(endMonth: string) {
  return {
    months24: { from: addMonths(endMonth, -23), to: endMonth },
    years10: { from: addMonths(endMonth, -(MONTHS - 1)), to: endMonth },
  }
}
