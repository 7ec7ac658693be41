import { useI18n } from 'vue-i18n'
import { TASK_TITLE_MAX, type TaskColumn, type TaskView } from '../../../../shared/domain/task'

/** A new task's title from its decision: the first non-empty line, cut to the title's maximum. */
export function titleFromDecision(decision: string, max: number = TASK_TITLE_MAX): string {
  const first = decision
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find(Boolean)
  return [...(first ?? '')].slice(0, max).join('')
}

/** The tag colour of a board column (the contrast-checked theme colours). */
export const COLUMN_TAG: Record<TaskColumn, 'info' | 'primary' | 'danger' | 'success' | 'warning'> = {
  notStarted: 'info',
  inProgress: 'primary',
  overdue: 'danger',
  done: 'success',
  escalated: 'warning',
}

/** Open (未开始 / 进行中, overdue or not): it can be edited and escalated. */
export const isOpen = (t: Pick<TaskView, 'status'>) => t.status === 'notStarted' || t.status === 'inProgress'

/** The latest progress note, if any. */
export const latestNote = (t: Pick<TaskView, 'progress'>) => t.progress[t.progress.length - 1]

/** Where a decision task comes from, as the dialog shows it. */
export interface TaskSource {
  meetingId: string
  itemId: string
  meetingTitle: string
  meetingDay: string
  order: number
  itemTitle: string
  decision: string
}

/** 责任方 as shown: the party, with its unit when named (物业服务企业（安居物业）). Call in setup. */
export function usePartyText() {
  const { t } = useI18n()
  return (task: Pick<TaskView, 'party' | 'unit'>) => (task.party ? (task.unit ? t('task.partyUnit', { party: t(`task.parties.${task.party}`), unit: task.unit }) : t(`task.parties.${task.party}`)) : '')
}
