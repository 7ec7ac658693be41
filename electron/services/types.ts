import type { Area, Channel, ChannelOf, ParsedOf, ResultOf, VerbOf } from '../../shared/contract'
import type { OperatorIdentity } from '../../shared/domain/permissions'

/**
 * Who is calling, from the transport session (never from the payload). The transport sets
 * `transport` and `sessionKey`; the api layer's guard (electron/api/guard.ts) checks the
 * permission table and sets `operator` from the session before a service runs.
 */
export interface CallContext {
  /** 'ipc' (the app's own window), 'http' (the loopback host) or 'internal' (tests, tools). */
  transport?: 'ipc' | 'http' | 'internal'
  /** The transport session: `ipc:<webContents id>:<random>`, `http:<x-yishi-session>`, … */
  sessionKey?: string
  /** The signed-in operator of the session (set by the guard only; null on public channels). */
  operator?: OperatorIdentity | null
}

/** One service function: the parsed input of its channel in, the channel's result out. */
export type ServiceFn<C extends Channel> = (input: ParsedOf<C>, ctx?: CallContext) => Promise<ResultOf<C>>

/**
 * The services, derived from the contract by area and verb: `demand:unmask` is
 * `services.demand.unmask`, `audit:list` is `services.audit.list`. A new channel in the contract
 * is a type error here until its area's service implements it; the api layer's handler map is
 * generated from this object (electron/api/handlers.ts).
 */
export type Services = { [A in Area]: AreaService<A> }
export type AreaService<A extends Area> = { [V in VerbOf<A>]: ServiceFn<ChannelOf<A, V>> }

