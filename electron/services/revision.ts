import { AppError } from '../../shared/contract/errors'

/**
 * Refuses an edit based on a stale read before anything (an audit entry, a write) happens. Records
 * without a stored revision (files written before revisions existed) pass; the data layer makes
 * the final, atomic check when it writes.
 */
export function checkRevision(
  current: { revision?: unknown; updatedAt?: string },
  expected: number,
  what: string,
): void {
  const stored = current.revision
  if (typeof stored !== 'number' || stored === expected) return
  const when = current.updatedAt ? `于 ${current.updatedAt.replace('T', ' ').slice(0, 16)} ` : ''
  throw new AppError('CONFLICT', `该${what}已${when}被修改（可能在另一个窗口），请刷新后重试`)
}
