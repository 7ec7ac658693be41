// The handler map, generated from the services by walking the contract's channels: `demand:unmask`
// is services.demand.unmask. Nothing here is written per channel.
import { CHANNELS, type Area, type Channel, type ParsedOf, type ResultOf } from '../../shared/contract'
import type { CallContext, Services } from '../services'

export type Handlers = { [C in Channel]: (input: ParsedOf<C>, ctx?: CallContext) => Promise<ResultOf<C>> }

export function splitChannel(channel: Channel): [Area, string] {
  const at = channel.indexOf(':')
  return [channel.slice(0, at) as Area, channel.slice(at + 1)]
}

export function buildHandlers(services: Services): Handlers {
  const out: Partial<Record<Channel, (input: unknown, ctx?: CallContext) => Promise<unknown>>> = {}
  for (const channel of CHANNELS) {
    const [area, verb] = splitChannel(channel)
    const group = services[area] as unknown as Record<string, (input: unknown, ctx?: CallContext) => Promise<unknown>>
    const fn = group?.[verb]
    if (typeof fn !== 'function') throw new Error(`No service for ${channel} (services.${area}.${verb})`)
    out[channel] = (input, ctx) => fn.call(group, input, ctx)
  }
  return out as Handlers
}
