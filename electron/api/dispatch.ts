// One call through the contract, whatever the transport (IPC in main, HTTP in host, tests).
import {
  AppError,
  contract,
  isAppErrorShape,
  isChannel,
  toValidationError,
  type AppErrorShape,
  type Envelope,
} from '../../shared/contract'
import type { CallContext } from '../services'
import { guardOf } from './guard'
import type { Handlers } from './handlers'

/** Handler maps built from services, or any map with the contract's shape (transport tests). */
type AnyHandlers = { [C in keyof Handlers]: (input: never, ctx?: CallContext) => Promise<unknown> }

/**
 * Known channel, the permission table (a guarded handler map from openBackend: the operator of
 * ctx.sessionKey; UNAUTHENTICATED / FORBIDDEN), strict schema, then the handler. Never throws; every failure is a typed error
 * `{code, message, fields}` the UI can show. `ctx` comes from the transport session, never from
 * the payload.
 */
export async function dispatch(
  handlers: AnyHandlers,
  channel: unknown,
  payload: unknown,
  log: (err: unknown) => void = (err) => console.error(err),
  ctx: CallContext = {},
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return fail(new AppError('UNKNOWN_CHANNEL', '未知的操作'))
  }
  const guard = guardOf(handlers)
  if (guard) {
    try {
      await guard.authorize(channel, ctx)
    } catch (err) {
      if (err instanceof AppError) return fail(err)
      log(err)
      return fail(new AppError('INTERNAL', '操作失败：程序内部错误，请重试或联系技术支持'))
    }
  }
  const parsed = contract[channel].input.safeParse(payload ?? {})
  if (!parsed.success) return fail(toValidationError(parsed.error))
  try {
    const handler = handlers[channel] as (input: unknown, ctx?: CallContext) => Promise<unknown>
    return { ok: true, result: await handler(parsed.data, ctx) }
  } catch (err) {
    if (err instanceof AppError) return fail(err)
    if (isAppErrorShape(err) && err instanceof Error === false) return fail(err)
    log(err)
    return fail(new AppError('INTERNAL', '操作失败：程序内部错误，请重试或联系技术支持'))
  }
}

function fail(error: AppErrorShape | AppError): Envelope<never> {
  const shape = error instanceof AppError ? error.toJSON() : error
  return { ok: false, error: shape }
}
