// sample:* — the clearly labelled sample street (马家店街道), loaded and removed in one action.
import { emptyInput, returns } from './common'

export interface SampleLoadResult {
  communities: number
  demands: number
}

export interface SampleRemoveResult {
  communities: number
  demands: number
}

export const sampleChannels = {
  'sample:load': { input: emptyInput, result: returns<SampleLoadResult>() },
  'sample:remove': { input: emptyInput, result: returns<SampleRemoveResult>() },
} as const
