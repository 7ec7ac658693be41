// The permission check of every call: the operator of the transport session (never one named in
// a payload) against shared/domain/permissions.ts CHANNEL_RULES. The dispatch asks the guard
// before it parses the payload (an unauthorized caller learns nothing about the schema); the
// guarded handler map asks again (a second lock, for anyone who calls a handler directly), puts
// the operator into the CallContext for the services, and marks the session active afterwards.
import { AppError } from '../../shared/contract/errors'
import type { Channel } from '../../shared/contract'
import { checkPermission, type OperatorIdentity } from '../../shared/domain/permissions'
import type { CallContext } from '../services'
import type { OperatorService } from '../services/operators'
import type { Handlers } from './handlers'

export interface Guard {
  /** The operator allowed to make this call (null on a public channel with nobody signed in). */
  authorize(channel: string, ctx: CallContext | undefined): Promise<OperatorIdentity | null>
  /** After an accepted call: the session was active (idle lock counts from here). */
  touch(ctx: CallContext | undefined): Promise<void>
}

/** Where a guarded handler map keeps its guard (dispatch finds it there). */
export const GUARD = Symbol.for('yishi.guard')

export interface GuardOptions {
  /**
   * TEST ONLY — tests/e2e/harness.ts, for e2e tests written before the sign-in screen: every new
   * session counts as signed in as this (existing) operator. Never set by electron/main or the
   * preview host (a unit test checks their sources).
   */
  devAutoSignIn?: { operatorName: string }
  /**
   * A data package opened read-only (package-mode.ts): every session is this built-in operator,
   * and only `allowed` channels are answered; any other (every writing one) is refused here, in
   * the backend, with `message`, before its payload is even parsed.
   */
  readOnly?: { operator: OperatorIdentity; allowed: readonly string[]; message: string }
}

export function createGuard(operators: OperatorService, opts: GuardOptions = {}): Guard {
  const readOnly = opts.readOnly
  if (readOnly) {
    return {
      async authorize(channel) {
        if (!readOnly.allowed.includes(channel)) throw new AppError('FORBIDDEN', readOnly.message)
        const verdict = checkPermission(channel, readOnly.operator)
        if (!verdict.ok) throw new AppError(verdict.code, verdict.message)
        return readOnly.operator
      },
      async touch() {},
    }
  }
  return {
    async authorize(channel, ctx) {
      const key = ctx?.sessionKey
      if (typeof key !== 'string' || !key) {
        const verdict = checkPermission(channel, null)
        if (!verdict.ok) throw new AppError(verdict.code, verdict.message)
        return null
      }
      if (opts.devAutoSignIn) await operators.devSignIn(key, opts.devAutoSignIn.operatorName)
      const subject = await operators.subject(key)
      const verdict = checkPermission(channel, subject?.operator ?? null, { locked: subject?.locked })
      if (!verdict.ok) throw new AppError(verdict.code, verdict.message)
      return subject && !subject.locked ? subject.operator : null
    },
    async touch(ctx) {
      if (typeof ctx?.sessionKey === 'string' && ctx.sessionKey) await operators.touch(ctx.sessionKey)
    },
  }
}

/** Every handler checks the guard first and runs with the session's operator in its context. */
export function withGuard(handlers: Handlers, guard: Guard): Handlers {
  const out: Record<string, (input: unknown, ctx?: CallContext) => Promise<unknown>> = {}
  for (const [channel, inner] of Object.entries(handlers) as Array<[Channel, (input: unknown, ctx?: CallContext) => Promise<unknown>]>) {
    out[channel] = async (input, ctx) => {
      const operator = await guard.authorize(channel, ctx)
      // Whatever the caller put into ctx.operator is replaced by the session's.
      const result = await inner(input, { ...ctx, operator })
      await guard.touch(ctx)
      return result
    }
  }
  Object.defineProperty(out, GUARD, { value: guard, enumerable: false })
  return out as unknown as Handlers
}

export function guardOf(handlers: object): Guard | undefined {
  return (handlers as { [GUARD]?: Guard })[GUARD]
}
