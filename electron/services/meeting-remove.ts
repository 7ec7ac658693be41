// meeting:removePlan and meeting:remove — removing a meeting with its minutes (the administrator's):
// the plan says what goes, then a backup, the audit entry, and the delete.
import type { MeetingRemovePlan } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Meeting } from '../../shared/domain/meeting'
import type { Task } from '../../shared/domain/task'
import { auditWho } from './actor'
import { communityTasks } from './tasks-collection'
import type { MeetingDeps, MeetingRecords } from './meeting-records'
import { checkRevision } from './revision'
import type { AreaService } from './types'

function hasMinutesContent(m: Pick<Meeting, 'minutes' | 'versions'>): boolean {
  return m.versions.length > 0 || m.minutes.items.some((i) => i.notes.trim() || i.decision.trim() || Object.values(i.positions).some((p) => p && p !== 'none'))
}

/**
 * What removing the meeting takes with it, in words (the confirmation and the audit entry); what
 * stays but loses its link to it; and, once minutes were approved, why it may not go at all: an
 * approved version is an official record (a mistake is mended by a correction, a new version).
 */
export function removePlanOf(m: Meeting, tasks: readonly Pick<Task, 'source'>[] = []): MeetingRemovePlan {
  const removes = [`会议“${m.title}”（${m.startsAt.slice(0, 10)}）`]
  if (m.agenda.length) removes.push(`${m.agenda.length} 项议程`)
  if (m.roster.length) removes.push(`${m.roster.length} 人的签到记录`)
  const written = m.minutes.items.filter((i) => i.notes.trim() || i.decision.trim()).length
  if (written) removes.push(`${written} 项议程的纪要（第 ${m.minutes.version} 版${m.minutes.status === 'approved' ? '，已审定' : '，草稿'}）`)
  if (m.versions.length) removes.push(`已审定纪要的 ${m.versions.length} 个早先版本`)
  const affects: string[] = []
  const decided = tasks.filter((t) => t.source?.meetingId === m.id).length
  if (decided) affects.push(`${decided} 项由本次会议议定的任务（任务保留，但不再显示来源会议）`)
  const topics = new Set(m.agenda.flatMap((i) => (i.topicId ? [i.topicId] : []))).size
  if (topics) affects.push(`${topics} 个议题的一事一档中本次会议的记录（列入议程、议定事项）`)
  const approved = [...m.versions, m.minutes].filter((v) => v.status === 'approved').map((v) => v.version)
  const plan: MeetingRemovePlan = { id: m.id, title: m.title, hasMinutes: hasMinutesContent(m), removes, affects }
  if (approved.length) {
    plan.blocked = `会议“${m.title}”的纪要已审定（第 ${approved.join('、')} 版），是正式记录，不能删除；如有错误，请在纪要页面创建更正版本。`
  }
  return plan
}

export function meetingRemoveService(deps: MeetingDeps, rec: MeetingRecords): Pick<AreaService<'meeting'>, 'removePlan' | 'remove'> {
  const { db, audit } = deps
  return {
    async removePlan({ id }, ctx) {
      const m = await rec.load(id, ctx)
      return removePlanOf(m, await communityTasks(db, m.communityId))
    },

    async remove({ id, revision }, ctx) {
      const m = await rec.load(id, ctx)
      checkRevision(m, revision, '会议')
      const plan = removePlanOf(m, await communityTasks(db, m.communityId))
      if (plan.blocked) throw new AppError('CONFLICT', plan.blocked)
      // Destructive: a backup first, then the audit entry saying exactly what goes, then the delete.
      const backup = await db.backup('before-meeting-remove')
      await audit.append({
        ...auditWho(ctx),
        action: 'meeting.remove',
        target: m.id,
        detail: {
          communityId: m.communityId,
          title: m.title,
          removes: plan.removes,
          affects: plan.affects,
          backup,
          minutesVersions: [...m.versions, m.minutes].map((v) => ({ version: v.version, status: v.status, ...(v.sha256 ? { sha256: v.sha256 } : {}) })),
        },
      })
      // Meetings hold no personal data of residents: the backup just taken keeps it (the way back).
      await rec.meetings().delete(m.id, { expectRevision: m.revision, keepInBackups: true })
      return { removed: plan.removes, backup }
    },
  }
}
