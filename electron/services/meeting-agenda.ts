// meeting:setAgenda and meeting:agendaCandidates — the agenda: confirmed topics (each discussed at
// one meeting) and the last ended meeting's decisions to follow up (上次议定事项落实情况).
import type { AgendaCandidates } from '../../shared/contract'
import { agendaInOrder, carryOverTitle, type AgendaItem, type Meeting } from '../../shared/domain/meeting'
import { dayOf, toZonedIso } from '../../shared/domain/month'
import { isOpenTask, taskView, type Task } from '../../shared/domain/task'
import type { Topic } from '../../shared/domain/topic-model'
import { requireScope } from './actor'
import { requireCommunity } from './demand'
import { latest, refuse, requireNotApproved, type MeetingDeps, type MeetingRecords } from './meeting-records'
import { checkRevision } from './revision'
import { communityTasks } from './tasks-collection'
import { TOPICS_COLLECTION, topicDemands } from './topics-collection'
import type { AreaService } from './types'

/** What the follow-up item should report, from the tasks made from the decision (issue 11). */
export function carryOverNote(tasks: readonly Task[], today: string): string {
  const open = tasks.filter(isOpenTask)
  if (open.length) {
    const list = open.slice(0, 3).map((t) => {
      const v = taskView(t, today)
      return `${t.title}（${t.owner}，${t.deadline}前${v.overdue ? `，已逾期 ${v.daysOverdue} 天` : ''}）`
    })
    return `未完成任务 ${open.length} 项：${list.join('；')}${open.length > 3 ? ' 等' : ''}`
  }
  if (!tasks.length) return '尚未制定任务，请说明落实安排'
  return `任务已全部完成（${tasks.length} 项），请报告落实效果`
}

export function meetingAgendaService(deps: MeetingDeps, rec: MeetingRecords): Pick<AreaService<'meeting'>, 'setAgenda' | 'agendaCandidates'> {
  const { db, newId } = deps

  /** Topics on other meetings' agendas (a topic is discussed at one meeting). */
  async function topicsInMeetings(communityId: string, except?: string): Promise<Map<string, Meeting>> {
    const used = new Map<string, Meeting>()
    for (const m of await rec.communityMeetings(communityId)) {
      if (m.id === except) continue
      for (const a of m.agenda) if (a.topicId) used.set(a.topicId, m)
    }
    return used
  }

  return {
    async setAgenda({ id, revision, items }, ctx) {
      const m = await rec.load(id, ctx)
      checkRevision(m, revision, '会议')
      if (m.status === 'ended') throw refuse('会议已结束，议程不能再修改', 'items')
      requireNotApproved(m, 'items')
      const people = await rec.peopleOf(m.communityId)
      const topics = new Map((await db.collection<Topic>(TOPICS_COLLECTION).list(m.communityId)).map((t) => [t.id, t]))
      const elsewhere = await topicsInMeetings(m.communityId, m.id)
      const current = new Map(m.agenda.map((a) => [a.id, a]))
      const seenTopics = new Set<string>()
      const seenCarry = new Set<string>()
      const agenda: AgendaItem[] = []
      let stampedNow: string | undefined
      for (const [i, item] of items.entries()) {
        const row = `第 ${i + 1} 项议程`
        const field = (f: string) => `items.${i}.${f}`
        if (item.id !== undefined && !current.has(item.id)) throw refuse(`${row}不在本次会议的议程中，请刷新`, field('id'))
        if (item.presenterId !== undefined && !people.has(item.presenterId)) throw refuse(`${row}：所选汇报人不在本社区的会议人员名单中`, field('presenterId'))
        let title = item.title
        if (item.kind === 'topic') {
          const t = topics.get(item.topicId!)
          if (!t) throw refuse(`${row}：所选议题不存在或不属于本社区，请刷新`, field('topicId'))
          if (t.status !== 'confirmed' && current.get(item.id ?? '')?.topicId !== t.id) throw refuse(`${row}：议题“${t.title}”尚未确认，不能列入议程`, field('topicId'))
          const other = elsewhere.get(t.id)
          if (other) throw refuse(`${row}：议题“${t.title}”已列入会议“${other.title}”的议程`, field('topicId'))
          if (seenTopics.has(t.id)) throw refuse(`${row}：议题“${t.title}”在议程中出现了两次`, field('topicId'))
          seenTopics.add(t.id)
          title ??= t.title
        } else {
          const ref = item.carryOver!
          const key = `${ref.meetingId}/${ref.itemId}`
          const earlier = ref.meetingId === m.id ? undefined : await rec.meetings().get(ref.meetingId).catch(() => undefined)
          const earlierItem = earlier?.communityId === m.communityId ? earlier.agenda.find((a) => a.id === ref.itemId) : undefined
          if (!earlier || !earlierItem) throw refuse(`${row}：所选的上次议定事项不存在或不属于本社区，请刷新`, field('carryOver'))
          if (earlier.status !== 'ended') throw refuse(`${row}：会议“${earlier.title}”尚未结束，没有可跟进的议定事项`, field('carryOver'))
          if (seenCarry.has(key)) throw refuse(`${row}：同一议定事项在议程中出现了两次`, field('carryOver'))
          seenCarry.add(key)
          title ??= carryOverTitle(earlierItem.title)
        }
        const kept = item.id !== undefined ? current.get(item.id) : undefined
        const next: AgendaItem = { id: kept?.id ?? `ag-${newId()}`, kind: item.kind, title, minutes: item.minutes, order: i + 1 }
        if (item.kind === 'topic') next.topicId = item.topicId
        else next.carryOver = { ...item.carryOver! }
        // 一事一档 dates 列入议程 by this: an item keeps its moment while it names the same topic or decision.
        const same = kept && kept.topicId === next.topicId && kept.carryOver?.meetingId === next.carryOver?.meetingId && kept.carryOver?.itemId === next.carryOver?.itemId
        const addedAt = same ? kept.addedAt : (stampedNow ??= await rec.stamp())
        if (addedAt) next.addedAt = addedAt
        if (item.presenterId) next.presenterId = item.presenterId
        agenda.push(next)
      }
      // An item leaves the agenda only without minutes, and never while the chair is on it.
      const keptIds = new Set(agenda.map((a) => a.id))
      for (const a of m.agenda) {
        if (keptIds.has(a.id)) continue
        const im = m.minutes.items.find((x) => x.itemId === a.id)
        if (im && (im.notes.trim() || im.decision.trim())) throw refuse(`议程“${a.title}”已有纪要，不能移出议程`, 'items')
        if (m.chair.currentItemId === a.id) throw refuse(`议程“${a.title}”正在进行，不能移出议程`, 'items')
      }
      const minutes = { ...m.minutes, items: m.minutes.items.filter((x) => keptIds.has(x.itemId)) }
      const status = m.status === 'draft' || m.status === 'ready' ? (agenda.length ? 'ready' : 'draft') : m.status
      return rec.write({ ...m, agenda, minutes, status }, m)
    },

    async agendaCandidates({ communityId, meetingId }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const used = await topicsInMeetings(communityId, meetingId)
      const confirmed = (await db.collection<Topic>(TOPICS_COLLECTION).list(communityId))
        .filter((t) => t.status === 'confirmed' && !used.has(t.id))
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.id.localeCompare(b.id))
      // A deleted demand keeps its id on the topic (shown as missing) but is not counted.
      const topics = []
      for (const t of confirmed) topics.push({ topicId: t.id, title: t.title, level: t.level, demandCount: (await topicDemands(db, t)).live.length })
      // 上次议定事项落实情况: every decision of the latest ended meeting, and any earlier decision
      // whose tasks are still open (so nothing unfinished drops off the agenda).
      const ended = (await rec.communityMeetings(communityId)).filter((m) => m.status === 'ended' && m.id !== meetingId)
      const previous = latest(ended)
      const tasks = await communityTasks(db, communityId)
      const tz = (await deps.timeZone?.()) ?? 'Asia/Shanghai'
      const today = dayOf(toZonedIso(deps.now(), tz), tz)
      const carryOvers: AgendaCandidates['carryOvers'] = []
      for (const m of [...ended].sort((a, b) => b.startsAt.localeCompare(a.startsAt))) {
        for (const a of agendaInOrder(m.agenda)) {
          const decision = m.minutes.items.find((x) => x.itemId === a.id)?.decision.trim() ?? ''
          if (!decision) continue
          const made = tasks.filter((t) => t.source?.meetingId === m.id && t.source.itemId === a.id)
          const openTasks = made.filter(isOpenTask).length
          if (m !== previous && !openTasks) continue
          carryOvers.push({ meetingId: m.id, meetingTitle: m.title, itemId: a.id, title: a.title, decision, note: carryOverNote(made, today), openTasks })
        }
      }
      return { topics, carryOvers }
    },
  }
}
