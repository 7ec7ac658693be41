// meeting:setAgenda and meeting:agendaCandidates — the agenda: confirmed topics (each discussed at
// one meeting) and the last ended meeting's decisions to follow up (上次议定事项落实情况).
import type { AgendaCandidates } from '../../shared/contract'
import { agendaInOrder, carryOverTitle, type AgendaItem, type Meeting } from '../../shared/domain/meeting'
import type { Topic } from '../../shared/domain/topic-model'
import { requireScope } from './actor'
import { requireCommunity } from './demand'
import { latest, refuse, requireNotApproved, type MeetingDeps, type MeetingRecords } from './meeting-records'
import { checkRevision } from './revision'
import { TOPICS_COLLECTION } from './topics-collection'
import type { AreaService } from './types'

export const CARRY_OVER_NOTE = '任务跟踪尚未启用：列出上次会议的全部议定事项，请逐项说明落实情况'

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
      const topics = (await db.collection<Topic>(TOPICS_COLLECTION).list(communityId))
        .filter((t) => t.status === 'confirmed' && !used.has(t.id))
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.id.localeCompare(b.id))
        .map((t) => ({ topicId: t.id, title: t.title, level: t.level, demandCount: t.demandIds.length }))
      const previous = latest((await rec.communityMeetings(communityId)).filter((m) => m.status === 'ended' && m.id !== meetingId))
      const carryOvers: AgendaCandidates['carryOvers'] = []
      if (previous) {
        for (const a of agendaInOrder(previous.agenda)) {
          const decision = previous.minutes.items.find((x) => x.itemId === a.id)?.decision.trim() ?? ''
          if (decision) carryOvers.push({ meetingId: previous.id, meetingTitle: previous.title, itemId: a.id, title: a.title, decision, note: CARRY_OVER_NOTE })
        }
      }
      return { topics, carryOvers }
    },
  }
}
