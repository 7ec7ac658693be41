// The handler map, generated from the services by walking the contract's channels: `demand:unmask`
// is services.demand.unmask. Nothing here is written per channel.
import { CHANNELS, type Area, type Channel, type ParsedOf, type ResultOf } from '../../shared/contract'
import type { CallContext, Services } from '../services'

export type Handlers = { [C in Channel]: (input: ParsedOf<C>, ctx?: CallContext) => Promise<ResultOf<C>> }

export function splitChannel(channel: Channel): [Area, string] {
  const at = channel.indexOf(':')
  return [channel.slice(0, at) as Area, channel.slice(at + 1)]
}

type Group = Record<string, (input: unknown, ctx?: CallContext) => Promise<unknown>>

/**
 * `check: false` resolves each area's service at its first call (createServices makes them on
 * first use, so the app's start does not build every area); the default checks every channel now.
 */
export function buildHandlers(services: Services, { check = true }: { check?: boolean } = {}): Handlers {
  const out: Partial<Record<Channel, (input: unknown, ctx?: CallContext) => Promise<unknown>>> = {}
  const fnOf = (channel: Channel): [Group, Group[string]] => {
    const [area, verb] = splitChannel(channel)
    const group = services[area] as unknown as Group
    const fn = group?.[verb]
    if (typeof fn !== 'function') throw new Error(`No service for ${channel} (services.${area}.${verb})`)
    return [group, fn]
  }
  for (const channel of CHANNELS) {
    const [area] = splitChannel(channel)
    if (!(area in services)) throw new Error(`No service for ${channel} (services.${area})`)
    if (check) fnOf(channel)
    out[channel] = (input, ctx) => {
      const [group, fn] = fnOf(channel)
      return fn.call(group, input, ctx)
    }
  }
  return out as Handlers
}
