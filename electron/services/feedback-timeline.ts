// 一事一档: one timeline of everything that happened to a demand — received, recorded, corrected,
// triaged, merged into a topic, put on an agenda, decided, turned into tasks and their progress,
// told, followed up, closed and reopened — each step linked to the record it comes from.
import type { DemandTimeline, TimelineEntry } from '../../shared/contract'
import type { Demand, TriageDecision } from '../../shared/domain/entities'
import { FEEDBACK_WAY_NAMES, RATING_NAMES, type Closure } from '../../shared/domain/evaluation'
import { agendaAddedAt, type Meeting } from '../../shared/domain/meeting'
import { TASK_PARTY_NAMES, TASK_STATUSES, type Task } from '../../shared/domain/task'
import { TOPIC_LEVEL_NAMES, type Topic, type TopicEvent } from '../../shared/domain/topic-model'
import { DEMAND_CHANNEL_NAMES } from '../../shared/domain/vocab'
import type { Database } from '../data'
import { toView } from './demand'
import { MEETINGS_COLLECTION } from './meetings-collection'
import { TOPICS_COLLECTION } from './topics-collection'

const TRIAGE_NAMES: Record<TriageDecision, string> = { accepted: '受理', rejected: '不予受理', solved: '当场解决', escalated: '上报协调' }
const TASK_STATUS_WORDS: Record<(typeof TASK_STATUSES)[number], string> = { notStarted: '未开始', inProgress: '进行中', done: '已完成', escalated: '已提交街道' }

/** The meeting's date and time as the street reads it (startsAt is stored with the street's offset). */
const meetingWhen = (m: Meeting) => `${m.startsAt.slice(0, 10)} ${m.startsAt.slice(11, 16)}`
const short = (text: string, max = 80) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text)

function topicEventTitle(e: TopicEvent, t: Topic): string | null {
  const name = `议题“${t.title}”`
  switch (e.kind) {
    case 'create':
      return `列入${name}`
    case 'merge':
      return `合并到${name}`
    case 'undoMerge':
      return `撤销合并，移出${name}`
    case 'split':
      return `从${name}拆分出去`
    case 'splitFrom':
      return `拆分后列入${name}`
    case 'confirm':
      return `${name}确认上会（${TOPIC_LEVEL_NAMES[t.level]}）`
    case 'escalate':
      return `${name}提交街道兜底`
    case 'close':
      return `${name}已议定，随会议纪要审定关闭`
    default:
      return null
  }
}

function closureTitle(c: Closure): string {
  const basis = c.outcome === 'unreachable' ? '多次回访无法联系' : c.rating ? `居民评价${RATING_NAMES[c.rating]}` : '已回访评价'
  return `办结（${basis}，用时 ${c.days} 天）`
}

export async function buildTimeline(db: Database, d: Demand, tasks: Task[]): Promise<DemandTimeline> {
  const entries: TimelineEntry[] = []
  const self = { area: 'demand' as const, id: d.id }
  entries.push({ at: d.receivedAt, kind: 'received', title: `居民呼叫（${DEMAND_CHANNEL_NAMES[d.channel]}）`, detail: short(d.description), link: self })
  entries.push({ at: d.createdAt, kind: 'recorded', title: `登记诉求${d.caseNo ? ` ${d.caseNo}` : ''}`, link: self })
  for (const h of d.history ?? []) {
    entries.push({ at: h.at, kind: 'corrected', title: h.moved ? `更正受理时间（${h.moved.from} → ${h.moved.to}）` : '更正诉求内容', detail: h.fields.join('、'), by: h.by, link: self })
  }
  if (d.triage) {
    const t = d.triage
    entries.push({ at: t.at, kind: 'triaged', title: `受理研判：${TRIAGE_NAMES[t.decision]}`, detail: t.reason ?? t.action, by: t.by, link: self })
  }

  // Topics that ever held it (their history names the demand), and the meetings that discussed them.
  const topics = (await db.collection<Topic>(TOPICS_COLLECTION).list(d.communityId)).filter((t) => t.id === d.topicId || t.history.some((e) => e.demandIds.includes(d.id)))
  for (const t of topics) {
    for (const e of t.history) {
      if (!e.demandIds.includes(d.id)) continue
      const title = topicEventTitle(e, t)
      if (title) entries.push({ at: e.at, kind: 'topic', title, ...(e.reason ? { detail: e.reason } : {}), by: e.by, link: { area: 'topic', id: t.id } })
    }
  }
  const topicIds = new Set(topics.map((t) => t.id))
  if (topicIds.size) {
    const meetings = await db.collection<Meeting>(MEETINGS_COLLECTION).find((m) => m.communityId === d.communityId && m.agenda.some((a) => !!a.topicId && topicIds.has(a.topicId)))
    for (const m of meetings) {
      for (const item of m.agenda.filter((a) => a.topicId && topicIds.has(a.topicId))) {
        // Dated when it was put on the agenda (not the meeting's start, which sorted it after what
        // was done in between); old items without that moment: see agendaAddedAt.
        const topic = topics.find((t) => t.id === item.topicId)
        const confirmed = topic?.history.filter((e) => e.kind === 'confirm' && Date.parse(e.at) <= Date.parse(m.startsAt)).at(-1)?.at
        entries.push({ at: agendaAddedAt(m, item, confirmed), kind: 'agenda', title: `列入会议“${m.title}”议程（第 ${item.order} 项，会议时间 ${meetingWhen(m)}）`, link: { area: 'meeting', id: m.id } })
        const decision = m.minutes.items.find((x) => x.itemId === item.id)?.decision.trim()
        if (decision) {
          const at = m.minutes.approvedAt ?? m.endedAt ?? m.startsAt
          // Named with its meeting: on paper the entry is read without the link.
          const state = m.minutes.status === 'approved' ? '纪要已审定' : '纪要待审定'
          entries.push({ at, kind: 'decision', title: `议定事项（会议“${m.title}”，${meetingWhen(m)}，${state}）`, detail: short(decision, 200), link: { area: 'meeting', id: m.id } })
        }
      }
    }
  }

  for (const t of tasks) {
    const link = { area: 'task' as const, id: t.id }
    entries.push({ at: t.createdAt, kind: 'task', title: `制定任务：${t.title}`, detail: `${TASK_PARTY_NAMES[t.party]}${t.unit ? `（${t.unit}）` : ''} ${t.owner}，${t.deadline} 前完成`, by: t.createdBy, link })
    for (const p of t.progress) {
      entries.push({ at: p.at, kind: 'progress', title: p.status ? `任务进展（${TASK_STATUS_WORDS[p.status]}）` : '任务进展', detail: short(p.text, 200), by: p.by, link })
    }
  }

  for (const f of d.feedback ?? []) {
    entries.push({ at: f.at, kind: 'feedback', title: `反馈告知（${FEEDBACK_WAY_NAMES[f.way]}，告知人 ${f.teller}）`, detail: short(f.text, 200), by: f.by, link: self })
  }
  for (const f of d.followUps ?? []) {
    const title = f.reached && f.rating ? `回访评价：${RATING_NAMES[f.rating]}（${FEEDBACK_WAY_NAMES[f.way]}）` : `回访未联系上（${FEEDBACK_WAY_NAMES[f.way]}）`
    entries.push({ at: f.at, kind: 'followUp', title, ...(f.comment ? { detail: f.comment } : {}), by: f.by, link: self })
  }
  for (const c of [...(d.pastClosures ?? []), ...(d.closure ? [d.closure] : [])]) {
    entries.push({ at: c.at, kind: 'closed', title: closureTitle(c), by: c.by, link: self })
  }
  for (const r of d.reopenings ?? []) entries.push({ at: r.at, kind: 'reopened', title: '重新打开', detail: r.reason, by: r.by, link: self })

  // In time order; steps at the same moment keep the order they were listed in (the loop's order).
  const ordered = entries.map((e, i) => ({ e, i, t: Date.parse(e.at) })).sort((a, b) => a.t - b.t || a.i - b.i)
  return { demand: toView(d), communityName: db.community(d.communityId)?.name ?? d.communityId, entries: ordered.map((x) => x.e) }
}
