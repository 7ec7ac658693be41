// task:* — 制定方案 and 推进落实 (issue 11). A task comes from a meeting's decision (or is added
// later), is followed by dated progress notes, and when stuck is pushed up to the street: its
// topic becomes a street-level topic carrying an `escalate` event that names the task and why.
// 已逾期 is derived from the street's date on every read (shared/domain/task.ts).
import { AppError } from '../../shared/contract/errors'
import type { TaskDecisions, TaskOverdue } from '../../shared/contract'
import type { Meeting, Person } from '../../shared/domain/meeting'
import { dayOf, toZonedIso } from '../../shared/domain/month'
import { deadlineRefusal, isOpenTask, isOverdue, taskView, type Task, type TaskView } from '../../shared/domain/task'
import type { Topic, TopicEvent } from '../../shared/domain/topic-model'
import type { Collection, Database, Unsaved } from '../data'
import { auditWho, requireScope, scopedCommunities } from './actor'
import type { AuditLog } from './audit'
import { requireCommunity } from './demand'
import { MEETINGS_COLLECTION } from './meetings-collection'
import { PEOPLE_COLLECTION } from './people-collection'
import { checkRevision } from './revision'
import type { StreetSettingsSource } from './street'
import { filterTasks, writeLedger } from './task-ledger'
import { makeTaskId, TASKS_COLLECTION } from './tasks-collection'
import { TOPICS_COLLECTION } from './topics-collection'
import type { AreaService, CallContext } from './types'
import { recordStep, runAll } from './steps'
import { followTopicSteps } from './topic-links'

export interface TaskDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
  street: Pick<StreetSettingsSource, 'timeZone'>
}

const refuse = (message: string, field = 'id') => new AppError('VALIDATION', message, { [field]: message })
const taskNotFound = () => new AppError('NOT_FOUND', '未找到该任务（可能已被删除），请刷新')

export function createTaskService(deps: TaskDeps): AreaService<'task'> {
  const { db, audit, now, newId, street } = deps
  const tasks = (): Collection<Task> => db.collection<Task>(TASKS_COLLECTION)
  const topics = (): Collection<Topic> => db.collection<Topic>(TOPICS_COLLECTION)
  const meetings = (): Collection<Meeting> => db.collection<Meeting>(MEETINGS_COLLECTION)
  const by = (ctx?: CallContext) => auditWho(ctx).actor

  async function today(): Promise<string> {
    const tz = await street.timeZone()
    return dayOf(toZonedIso(now(), tz), tz)
  }

  /** Times are stored in the street's zone (what the ledger and the timeline show). */
  async function stampNow(): Promise<string> {
    return toZonedIso(now(), await street.timeZone())
  }

  async function meetingDay(m: Meeting): Promise<string> {
    return dayOf(m.startsAt, await street.timeZone())
  }

  async function loadTask(id: string, ctx?: CallContext): Promise<Task> {
    const t = await tasks().get(id)
    if (!t) throw taskNotFound()
    requireScope(ctx, t.communityId)
    return t
  }

  async function loadMeeting(id: string, ctx?: CallContext): Promise<Meeting> {
    const m = await meetings().get(id).catch(() => undefined)
    if (!m) throw new AppError('NOT_FOUND', '未找到该会议（可能已被删除），请刷新')
    requireScope(ctx, m.communityId)
    return m
  }

  /** Tasks of the communities in scope (one, or all the operator may see). */
  async function tasksIn(communityId: string | undefined, ctx?: CallContext): Promise<Task[]> {
    if (communityId) requireScope(ctx, communityId)
    const ids = communityId ? [communityId] : scopedCommunities(ctx, db.communities().map((c) => c.id))
    const out: Task[] = []
    for (const c of ids) out.push(...(await tasks().list(c)))
    return out
  }

  /** The links and the owner must be records of the task's own community. */
  async function checkLinks(communityId: string, input: { topicIds: string[]; demandIds: string[]; ownerId?: string }): Promise<void> {
    for (const id of input.topicIds) {
      const t = await topics().get(id).catch(() => undefined)
      if (!t || t.communityId !== communityId) throw refuse('关联的议题不存在或不属于该社区，请刷新后重选', 'topicIds')
    }
    for (const id of input.demandIds) {
      const d = await db.getDemand(id).catch(() => undefined)
      if (!d || d.communityId !== communityId) throw refuse('关联的诉求不存在或不属于该社区，请刷新后重选', 'demandIds')
    }
    if (input.ownerId !== undefined) {
      const p = await db.collection<Person>(PEOPLE_COLLECTION).get(input.ownerId).catch(() => undefined)
      if (!p || p.communityId !== communityId) throw refuse('所选责任人不在该社区的会议人员名单中，请重选', 'ownerId')
    }
  }

  async function checkDeadline(deadline: string, source: Task['source'], ctx?: CallContext): Promise<void> {
    const day = source ? await meetingDay(await loadMeeting(source.meetingId, ctx)) : null
    const refusal = deadlineRefusal(deadline, day)
    if (refusal) throw refuse(refusal, 'deadline')
  }

  const view = async (t: Task): Promise<TaskView> => taskView(t, await today())

  function fieldsOf<T extends { title: string; party: Task['party']; unit?: string; owner: string; ownerId?: string; deadline: string; topicIds: string[]; demandIds: string[] }>(
    input: T,
  ): Pick<Task, 'title' | 'party' | 'unit' | 'owner' | 'ownerId' | 'deadline' | 'topicIds' | 'demandIds'> {
    const out: Pick<Task, 'title' | 'party' | 'unit' | 'owner' | 'ownerId' | 'deadline' | 'topicIds' | 'demandIds'> = {
      title: input.title,
      party: input.party,
      owner: input.owner,
      deadline: input.deadline,
      topicIds: [...input.topicIds],
      demandIds: [...input.demandIds],
    }
    if (input.unit) out.unit = input.unit
    if (input.ownerId) out.ownerId = input.ownerId
    return out
  }

  function requireOpen(t: Task, doing: string): void {
    if (t.status === 'escalated') throw refuse(`任务“${t.title}”已提交街道兜底，不能再${doing}`)
  }

  return {
    async list(filters, ctx) {
      const day = await today()
      const all = (await tasksIn(filters.communityId, ctx)).map((t) => taskView(t, day))
      return filterTasks(all, filters)
    },

    async get({ id }, ctx) {
      return view(await loadTask(id, ctx))
    },

    async decisions({ meetingId }, ctx): Promise<TaskDecisions> {
      const m = await loadMeeting(meetingId, ctx)
      const day = await today()
      const made = (await tasks().list(m.communityId)).filter((t) => t.source?.meetingId === m.id)
      const items: TaskDecisions['items'] = []
      for (const item of [...m.agenda].sort((a, b) => a.order - b.order)) {
        const decision = m.minutes.items.find((x) => x.itemId === item.id)?.decision.trim() ?? ''
        const topic = item.topicId ? await topics().get(item.topicId).catch(() => undefined) : undefined
        items.push({
          itemId: item.id,
          order: item.order,
          title: item.title,
          decision,
          ...(item.topicId ? { topicId: item.topicId } : {}),
          demandIds: topic ? [...topic.demandIds] : [],
          tasks: made.filter((t) => t.source?.itemId === item.id).map((t) => taskView(t, day)),
        })
      }
      return { meetingId: m.id, communityId: m.communityId, title: m.title, meetingDay: await meetingDay(m), items }
    },

    async create(input, ctx) {
      requireScope(ctx, input.communityId)
      requireCommunity(db, input.communityId)
      const fields = fieldsOf(input)
      if (input.source) {
        const m = await loadMeeting(input.source.meetingId, ctx)
        if (m.communityId !== input.communityId) throw refuse('所选会议不属于该社区', 'source')
        const item = m.agenda.find((a) => a.id === input.source!.itemId)
        if (!item) throw refuse('会议议程中没有这个事项，请刷新', 'source')
        const decision = m.minutes.items.find((x) => x.itemId === item.id)?.decision.trim()
        if (!decision) throw refuse(`议程事项“${item.title}”还没有议定事项，请先在会议纪要中填写`, 'source')
        // A task from a topic's decision follows that topic and its demands unless told otherwise.
        if (item.topicId && fields.topicIds.length === 0) fields.topicIds = [item.topicId]
        if (fields.demandIds.length === 0 && item.topicId) {
          const topic = await topics().get(item.topicId).catch(() => undefined)
          if (topic) fields.demandIds = [...topic.demandIds]
        }
      }
      await checkDeadline(fields.deadline, input.source, ctx)
      await checkLinks(input.communityId, fields)
      const stamp = await stampNow()
      const task: Unsaved<Task> = {
        id: makeTaskId(input.communityId, newId()),
        communityId: input.communityId,
        ...fields,
        ...(input.source ? { source: { ...input.source } } : {}),
        status: 'notStarted',
        progress: [],
        createdAt: stamp,
        createdBy: by(ctx),
        updatedAt: stamp,
      }
      await audit.append({
        ...auditWho(ctx),
        action: 'task.create',
        target: task.id,
        detail: { communityId: task.communityId, title: task.title, party: task.party, owner: task.owner, deadline: task.deadline, ...(task.source ? { meetingId: task.source.meetingId } : {}) },
      })
      return view(await tasks().save(task))
    },

    async update(input, ctx) {
      const before = await loadTask(input.id, ctx)
      checkRevision(before, input.revision, '任务')
      requireOpen(before, '修改')
      if (before.status === 'done') throw refuse(`任务“${before.title}”已完成；如需继续，请先添加进展并改为进行中`)
      const fields = fieldsOf(input)
      await checkDeadline(fields.deadline, before.source, ctx)
      await checkLinks(before.communityId, fields)
      const changed = (Object.keys(fields) as Array<keyof typeof fields>).filter((k) => JSON.stringify(fields[k]) !== JSON.stringify(before[k]))
      if (before.unit && !fields.unit) changed.push('unit')
      const next: Task = { ...before, ...fields, updatedAt: await stampNow() }
      if (!fields.unit) delete next.unit
      if (!fields.ownerId) delete next.ownerId
      await audit.append({ ...auditWho(ctx), action: 'task.update', target: before.id, detail: { communityId: before.communityId, fields: [...new Set(changed)] } })
      return view(await tasks().save(next, { expectRevision: before.revision }))
    },

    async progress({ id, revision, text, status }, ctx) {
      const before = await loadTask(id, ctx)
      checkRevision(before, revision, '任务')
      requireOpen(before, '添加进展')
      const stamp = await stampNow()
      const to = status ?? (before.status === 'notStarted' ? 'inProgress' : before.status)
      const next: Task = {
        ...before,
        status: to,
        progress: [...before.progress, { id: `p-${newId()}`, at: stamp, by: by(ctx), text, ...(to !== before.status ? { status: to } : {}) }],
        updatedAt: stamp,
      }
      if (to === 'done') next.doneAt = before.status === 'done' ? before.doneAt : stamp
      else delete next.doneAt
      await audit.append({ ...auditWho(ctx), action: 'task.progress', target: id, detail: { communityId: before.communityId, from: before.status, to } })
      return view(await tasks().save(next, { expectRevision: before.revision }))
    },

    async escalate({ id, revision, reason }, ctx) {
      const before = await loadTask(id, ctx)
      checkRevision(before, revision, '任务')
      if (!isOpenTask(before)) {
        throw refuse(before.status === 'done' ? `任务“${before.title}”已完成，不需要提交街道` : `任务“${before.title}”已提交街道兜底`)
      }
      const topicId = before.topicIds.find(Boolean)
      const topic = topicId ? await topics().get(topicId).catch(() => undefined) : undefined
      if (!topic) throw refuse('该任务没有关联议题，无法提交街道兜底；请先在任务中关联议题')
      const stamp = await stampNow()
      const who = by(ctx)
      const event: TopicEvent = { id: `e-${newId()}`, kind: 'escalate', at: stamp, by: who, demandIds: [...topic.demandIds], taskId: before.id, reason }
      // The topic goes to the street's agenda: street level, proposed again (a street meeting confirms it).
      const raised: Topic = { ...topic, level: 'street', status: 'proposed', history: [...topic.history, event], updatedAt: stamp }
      delete raised.order
      const next: Task = {
        ...before,
        status: 'escalated',
        escalation: { at: stamp, by: who, reason, topicId: topic.id },
        progress: [...before.progress, { id: `p-${newId()}`, at: stamp, by: who, text: `提交街道兜底：${reason}`, status: 'escalated' }],
        updatedAt: stamp,
      }
      // The topic's demands go with it: 街道兜底 (those not there yet, nor told, nor closed).
      const follow = await followTopicSteps(db, topic.demandIds, 'escalated', stamp)
      const moved = follow.moved.length ? { demands: follow.moved.map((d) => d.id), status: 'escalated' } : {}
      await audit.append({ ...auditWho(ctx), action: 'task.escalate', target: id, detail: { communityId: before.communityId, topicId: topic.id, reason, ...moved } })
      // Nothing half-done: a failed write takes back the ones before it. The demands first, the
      // task last: a crash before the task's write leaves it open, and escalating again finds the
      // demands moved already (the topic may be raised already then: see docs/architecture.md).
      const taskStep = recordStep(tasks, next, before)
      await runAll([...follow.steps, recordStep(topics, raised, topic), taskStep])
      return { task: await view(taskStep.saved!), topicId: topic.id }
    },

    async overdue(_input, ctx): Promise<TaskOverdue> {
      // Asked by the nav badge on every screen: reads two fields of each task, copies none.
      const day = await today()
      const byCommunity: Record<string, number> = {}
      let count = 0
      for (const c of scopedCommunities(ctx, db.communities().map((c) => c.id))) {
        const late = (await tasks().pluck((t) => isOverdue(t, day), c)).filter(Boolean).length
        if (!late) continue
        byCommunity[c] = late
        count += late
      }
      return { count, byCommunity, today: day }
    },

    async export(filters, ctx) {
      const day = await today()
      const list = filterTasks((await tasksIn(filters.communityId, ctx)).map((t) => taskView(t, day)), filters)
      const names = new Map(db.communities().map((c) => [c.id, c.name]))
      const meetingTitles = new Map<string, string>()
      for (const t of list) {
        const mid = t.source?.meetingId
        if (mid && !meetingTitles.has(mid)) meetingTitles.set(mid, (await meetings().get(mid).catch(() => undefined))?.title ?? '')
      }
      const caseNos = new Map<string, string>()
      for (const t of list) {
        for (const d of t.demandIds) {
          if (caseNos.has(d)) continue
          // A demand deleted since (its topic and tasks stay): said so, not its internal id.
          const found = await db.getDemand(d).catch(() => undefined)
          caseNos.set(d, found ? (found.caseNo ?? d) : '（已删除的诉求）')
        }
      }
      const tz = await street.timeZone()
      return writeLedger(list, { today: day, communityName: (id) => names.get(id) ?? id, meetingTitle: (id) => meetingTitles.get(id) ?? '', caseNo: (id) => caseNos.get(id) ?? id, dayOf: (iso) => dayOf(iso, tz) })
    },
  }
}
