// sample:* — the clearly labelled sample street (马家店街道), loaded and removed in one action.
// Removal takes only generated records (Demand.sample); a sample community that holds records a
// user recorded stays, with its grids and compounds, and stops being marked as sample.
import { emptyInput, returns } from './common'

export interface SampleLoadResult {
  communities: number
  demands: number
}

/** A sample community that stays on removal because users recorded demands in it. */
export interface SampleCommunityKept {
  id: string
  name: string
  /** demands recorded by users, kept */
  userDemands: number
  /** generated demands in it, removed */
  sampleDemands: number
}

/** What "移除示例数据" would remove and keep, for the confirmation dialog. */
export interface SampleRemovePlan {
  /** sample communities removed whole (they hold generated records only) */
  communitiesRemoved: Array<{ id: string; name: string; sampleDemands: number }>
  /** sample communities kept: they hold user records (kept, no longer marked as sample) */
  communitiesKept: SampleCommunityKept[]
  /** generated demands removed */
  demandsRemoved: number
  /** demands recorded by users in sample communities, kept */
  demandsKept: number
}

export interface SampleRemoveResult extends SampleRemovePlan {
  /** communities removed (= communitiesRemoved.length) */
  communities: number
  /** demands removed (= demandsRemoved) */
  demands: number
  /** the backup taken first (reason 'before-sample-remove'); null when there was nothing to remove */
  backup: string | null
}

export const sampleChannels = {
  'sample:load': { input: emptyInput, result: returns<SampleLoadResult>() },
  'sample:removePlan': { input: emptyInput, result: returns<SampleRemovePlan>() },
  'sample:remove': { input: emptyInput, result: returns<SampleRemoveResult>() },
} as const
