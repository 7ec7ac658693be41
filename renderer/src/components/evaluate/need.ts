import type { Need } from '../../stores/feedback'

/** Tag colours of the next step: not told yet stands out, closable is green. */
export const NEED_TAG: Record<Need, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  tell: 'danger',
  followUp: 'warning',
  tasks: 'info',
  close: 'success',
  closed: 'success',
}
