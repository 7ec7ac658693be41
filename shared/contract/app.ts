// app:* — status of the data folder and the key, first-run state, notices.
import { z } from 'zod'
import type { DataNotice } from '../domain/entities'
import { emptyInput, id, returns } from './common'
import type { SecurityStatus } from './privacy'

export const noticeDismissInput = z.strictObject({ id: id('提示') })

export interface AppStatus {
  dataDir: string
  /** true until the user has loaded the sample street or entered a community's first demand */
  firstRun: boolean
  sampleLoaded: boolean
  notices: DataNotice[]
  /** How the personal-data key is protected and whether the audit chain verified at start. */
  security: SecurityStatus
}

export const appChannels = {
  'app:status': { input: emptyInput, result: returns<AppStatus>() },
  'app:dismissNotice': { input: noticeDismissInput, result: returns<{ dismissed: boolean }>() },
} as const
