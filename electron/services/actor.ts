// Who did it, for the audit log, and which communities they may work in. The operator comes from
// the transport session through CallContext (set by electron/api/guard.ts), never the payload.
import { AppError } from '../../shared/contract/errors'
import { canAccessCommunity, type OperatorIdentity } from '../../shared/domain/permissions'
import type { AuditInput } from './audit'
import { auditActor, auditOperator } from './operators'
import type { CallContext } from './types'

/** The actor of in-process calls that did not come through a transport (tools, tests). */
export const INTERNAL_ACTOR = '系统（内部调用）'

/**
 * The operator of this call. A call that came through a transport without one is refused (the
 * guard always sets it on guarded channels); an in-process call has none and acts as the system.
 */
export function operatorOf(ctx: CallContext | undefined): OperatorIdentity | null {
  if (ctx?.operator) return ctx.operator
  if (ctx?.transport === 'ipc' || ctx?.transport === 'http') throw new AppError('UNAUTHENTICATED', '请先登录')
  return null
}

/** `actor` + `operator` of an audit entry for this call. */
export function auditWho(ctx: CallContext | undefined): Pick<AuditInput, 'actor' | 'operator'> {
  const op = operatorOf(ctx)
  return op ? { actor: auditActor(op), operator: auditOperator(op) } : { actor: INTERNAL_ACTOR }
}

export const OUT_OF_SCOPE = '您的账户只负责部分社区，无权查看或处理其他社区的诉求'

/** Refuses a community outside the operator's scope (no scope = all communities). */
export function requireScope(ctx: CallContext | undefined, communityId: string): void {
  const op = operatorOf(ctx)
  if (op && !canAccessCommunity(op, communityId)) throw new AppError('FORBIDDEN', OUT_OF_SCOPE)
}

/** The communities an operator may see among `all` (all of them without a scope). */
export function scopedCommunities(ctx: CallContext | undefined, all: string[]): string[] {
  const op = operatorOf(ctx)
  return op ? all.filter((id) => canAccessCommunity(op, id)) : all
}
