import type { z } from 'zod'
import type { Community, DataNotice, DemandView, MonthCounts, UiSettings } from '../domain/entities'
import type { TrendSeries } from '../domain/statistics'
import {
  communityCreateInput,
  communityUpdateInput,
  demandCreateInput,
  demandDeleteInput,
  demandGetInput,
  demandListInput,
  demandUpdateInput,
  emptyInput,
  noticeDismissInput,
  settingsUpdateInput,
  trendInput,
} from './schemas'

export * from './errors'
export * from './schemas'
export * from './validation'
export * from './backup'
export * from './privacy'

import { returns } from './define'
import { backupChannels } from './backup'
import { privacyChannels } from './privacy'

export interface AppStatus {
  dataDir: string
  /** true until the user has loaded the sample street or entered a community's first demand */
  firstRun: boolean
  sampleLoaded: boolean
  notices: DataNotice[]
  /** How the personal-data key is protected and whether the audit chain verified at start. */
  security: import('./privacy').SecurityStatus
}

export interface DemandPage {
  items: DemandView[]
  total: number
  page: number
  pageSize: number
}

export interface PetitionTrend extends TrendSeries {
  communityId: string
  scope: 'all' | 'petition'
  /** Per-month counts by category and channel for the same months, for breakdown charts. */
  months: Record<string, MonthCounts>
}

export interface SampleLoadResult {
  communities: number
  demands: number
}

export interface SampleRemoveResult {
  communities: number
  demands: number
}

/**
 * The API: one entry per channel, `<area>:<verb>`. The handler map type, the preload allowlist
 * and the renderer client are all derived from this object.
 */
const coreChannels = {
  'app:status': { input: emptyInput, result: returns<AppStatus>() },
  'app:dismissNotice': { input: noticeDismissInput, result: returns<{ dismissed: boolean }>() },
  'settings:get': { input: emptyInput, result: returns<UiSettings>() },
  'settings:update': { input: settingsUpdateInput, result: returns<UiSettings>() },
  'community:list': { input: emptyInput, result: returns<Community[]>() },
  'community:create': { input: communityCreateInput, result: returns<Community>() },
  'community:update': { input: communityUpdateInput, result: returns<Community>() },
  'demand:create': { input: demandCreateInput, result: returns<DemandView>() },
  'demand:update': { input: demandUpdateInput, result: returns<DemandView>() },
  'demand:get': { input: demandGetInput, result: returns<DemandView>() },
  'demand:delete': { input: demandDeleteInput, result: returns<{ id: string; deleted: true }>() },
  'demand:list': { input: demandListInput, result: returns<DemandPage>() },
  'stats:petitionTrend': { input: trendInput, result: returns<PetitionTrend>() },
  'sample:load': { input: emptyInput, result: returns<SampleLoadResult>() },
  'sample:remove': { input: emptyInput, result: returns<SampleRemoveResult>() },
} as const

// Areas keep their channels in their own files (backup.ts, privacy.ts, …) and join here.
export const contract = { ...coreChannels, ...backupChannels, ...privacyChannels } as const

export type Contract = typeof contract
export type Channel = keyof Contract
export const CHANNELS = Object.keys(contract) as Channel[]

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
