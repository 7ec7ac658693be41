// meeting:removePlan and meeting:remove — removing a meeting with its minutes (the administrator's):
// the plan says what goes, then a backup, the audit entry, and the delete.
import type { MeetingRemovePlan } from '../../shared/contract'
import type { Meeting } from '../../shared/domain/meeting'
import { auditWho } from './actor'
import type { MeetingDeps, MeetingRecords } from './meeting-records'
import { checkRevision } from './revision'
import type { AreaService } from './types'

function hasMinutesContent(m: Pick<Meeting, 'minutes' | 'versions'>): boolean {
  return m.versions.length > 0 || m.minutes.items.some((i) => i.notes.trim() || i.decision.trim() || Object.values(i.positions).some((p) => p && p !== 'none'))
}

/** What removing the meeting takes with it, in words (the confirmation and the audit entry). */
export function removePlanOf(m: Meeting): MeetingRemovePlan {
  const removes = [`会议“${m.title}”（${m.startsAt.slice(0, 10)}）`]
  if (m.agenda.length) removes.push(`${m.agenda.length} 项议程`)
  if (m.roster.length) removes.push(`${m.roster.length} 人的签到记录`)
  const written = m.minutes.items.filter((i) => i.notes.trim() || i.decision.trim()).length
  if (written) removes.push(`${written} 项议程的纪要（第 ${m.minutes.version} 版${m.minutes.status === 'approved' ? '，已审定' : '，草稿'}）`)
  if (m.versions.length) removes.push(`已审定纪要的 ${m.versions.length} 个早先版本`)
  return { id: m.id, title: m.title, hasMinutes: hasMinutesContent(m), removes }
}

export function meetingRemoveService(deps: MeetingDeps, rec: MeetingRecords): Pick<AreaService<'meeting'>, 'removePlan' | 'remove'> {
  const { db, audit } = deps
  return {
    async removePlan({ id }, ctx) {
      return removePlanOf(await rec.load(id, ctx))
    },

    async remove({ id, revision }, ctx) {
      const m = await rec.load(id, ctx)
      checkRevision(m, revision, '会议')
      const plan = removePlanOf(m)
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
