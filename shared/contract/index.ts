// The API: one entry per channel, `<area>:<verb>`, joined from one file per area. The services'
// type, the handler map, the preload allowlist (channels.ts) and the renderer client derive from it.
import type { z } from 'zod'
import { appChannels } from './app'
import { auditChannels } from './audit'
import { backupChannels } from './backup'
import { CHANNEL_NAMES, type ChannelName } from './channels'
import { communityChannels, communityRemoveChannels } from './community'
import { demandChannels } from './demand'
import { operatorChannels } from './operator'
import { privacyChannels } from './privacy'
import { sampleChannels } from './sample'
import { sessionChannels } from './session'
import { settingsChannels } from './settings'
import { statsChannels } from './stats'
import { streetChannels } from './street'
import { triageChannels } from './triage'
import { topicChannels } from './topic'
import { importChannels } from './import'
import { searchChannels } from './search'
import { peopleChannels } from './people'
import { meetingChannels } from './meeting'
import { taskChannels } from './task'
import { feedbackChannels } from './feedback'
import { historyChannels } from './history'
import { briefingChannels } from './briefing'
import { packageChannels } from './package'

// zod runs jitless (no `new Function` probe under the renderer's CSP): set in ./common, which
// every area imports before it builds a schema.
export * from './common'
export * from './errors'
export * from './validation'
export * from './app'
export * from './settings'
export * from './community'
export * from './demand'
export * from './stats'
export * from './sample'
export * from './backup'
export * from './audit'
export * from './privacy'
export * from './session'
export * from './operator'
export * from './street'
export * from './search'
export * from './channels'
export * from './events'
export * from './triage'
export * from './topic'
export * from './import'
export * from './people'
export * from './meeting'
export * from './task'
export * from './feedback'
export * from './history'
export * from './briefing'
export * from './package'

export const contract = {
  ...appChannels,
  ...settingsChannels,
  ...communityChannels,
  ...demandChannels,
  ...statsChannels,
  ...sampleChannels,
  ...backupChannels,
  ...auditChannels,
  ...privacyChannels,
  ...sessionChannels,
  ...operatorChannels,
  ...streetChannels,
  ...triageChannels,
  ...topicChannels,
  ...importChannels,
  ...searchChannels,
  ...communityRemoveChannels,
  ...peopleChannels,
  ...meetingChannels,
  ...taskChannels,
  ...feedbackChannels,
  ...historyChannels,
  ...briefingChannels,
  ...packageChannels,
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export const CHANNELS = Object.keys(contract) as Channel[]

// The zod-free list must name exactly the contract's channels (both directions).
const _namesAreChannels: readonly Channel[] = CHANNEL_NAMES
const _channelsAreNames: readonly ChannelName[] = CHANNELS
void _namesAreChannels
void _channelsAreNames

/** `demand` for `demand:create`. */
export type Area = Channel extends infer C ? (C extends `${infer A}:${string}` ? A : never) : never
/** The verbs of one area: `create` | `update` | … for `demand`. */
export type VerbOf<A extends Area> = { [C in Channel]: C extends `${A}:${infer V}` ? V : never }[Channel]
/** The channel of an area and verb. */
export type ChannelOf<A extends Area, V extends VerbOf<A>> = `${A}:${V}` & Channel

/** What callers pass (defaults may be omitted). */
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
/** What handlers receive after schema.parse. */
export type ParsedOf<C extends Channel> = z.output<Contract[C]['input']>
export type ResultOf<C extends Channel> = Contract[C]['result']

export type HandlerMap = { [C in Channel]: (input: ParsedOf<C>) => Promise<ResultOf<C>> }
export type Client = { [C in Channel]: (input: InputOf<C>) => Promise<ResultOf<C>> }

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}
