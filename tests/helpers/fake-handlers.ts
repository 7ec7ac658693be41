import { AppError, CHANNELS, type HandlerMap } from '../../shared/contract'

/** A handler map whose every channel records its parsed input; for transport tests. */
export function recordingHandlers(): { handlers: HandlerMap; calls: Array<{ channel: string; input: unknown }> } {
  const calls: Array<{ channel: string; input: unknown }> = []
  const handlers = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      async (input: unknown) => {
        calls.push({ channel, input })
        if (channel === 'demand:get') throw new AppError('NOT_FOUND', '未找到该诉求')
        if (channel === 'sample:remove') throw new Error('disk on fire')
        return { echoed: input }
      },
    ]),
  ) as unknown as HandlerMap
  return { handlers, calls }
}
