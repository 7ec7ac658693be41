// Electron-free: shared by the IPC registration in main and by the loopback host.
import {
  AppError,
  contract,
  isAppErrorShape,
  isChannel,
  toValidationError,
  type AppErrorShape,
  type Envelope,
  type HandlerMap,
} from '../../../shared/contract'
import type { Services } from '../../services/types'

export function buildHandlers(s: Services): HandlerMap {
  return {
    'app:status': (i) => s.app.status(i),
    'app:dismissNotice': (i) => s.app.dismissNotice(i),
    'settings:get': (i) => s.settings.get(i),
    'settings:update': (i) => s.settings.update(i),
    'community:list': (i) => s.communities.list(i),
    'community:create': (i) => s.communities.create(i),
    'community:update': (i) => s.communities.update(i),
    'demand:create': (i) => s.demands.create(i),
    'demand:update': (i) => s.demands.update(i),
    'demand:get': (i) => s.demands.get(i),
    'demand:delete': (i) => s.demands.delete(i),
    'demand:list': (i) => s.demands.list(i),
    'stats:petitionTrend': (i) => s.stats.petitionTrend(i),
    'sample:load': (i) => s.sample.load(i),
    'sample:remove': (i) => s.sample.remove(i),
    'backup:list': (i) => s.backup.list(i),
    'backup:create': (i) => s.backup.create(i),
    'backup:restore': (i) => s.backup.restore(i),
    'backup:getRetention': (i) => s.backup.getRetention(i),
    'backup:setRetention': (i) => s.backup.setRetention(i),
    'backup:applyRetention': (i) => s.backup.applyRetention(i),
    'demand:unmask': (i) => s.privacy.unmask(i),
    'audit:list': (i) => s.privacy.auditList(i),
    'audit:verify': (i) => s.privacy.auditVerify(i),
  }
}

/**
 * One call through the contract: known channel, strict schema, then the handler. Never throws;
 * every failure is a typed error the UI can show.
 */
export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  payload: unknown,
  log: (err: unknown) => void = (err) => console.error(err),
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return fail(new AppError('UNKNOWN_CHANNEL', '未知的操作'))
  }
  const parsed = contract[channel].input.safeParse(payload ?? {})
  if (!parsed.success) return fail(toValidationError(parsed.error))
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>
    return { ok: true, result: await handler(parsed.data) }
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
