// backup:* — backups, restore and the personal-data retention rule. BackupReason and
// RetentionSetting are defined here once; the data layer uses these.
import { z } from 'zod'
import { emptyInput, returns } from './common'

export const RETENTION_MONTHS_MAX = 600

export const backupRestoreInput = z.strictObject({
  id: z
    .string({ error: '请选择要恢复的备份' })
    .regex(/^\d{8}-\d{6}(-\d+)?$/, { error: '备份编号无效' }),
})

export const retentionInput = z.strictObject({
  personalDataMonths: z
    .number({ error: '保留期限须为月数，或不限期' })
    .int({ error: '保留期限须为整数月' })
    .min(1, { error: '保留期限至少 1 个月' })
    .max(RETENTION_MONTHS_MAX, { error: `保留期限最长 ${RETENTION_MONTHS_MAX} 个月` })
    .nullable(),
})

/** Why a backup was made. */
export type BackupReason = 'daily' | 'exit' | 'manual' | 'before-restore' | 'before-sample-remove' | 'before-community-remove' | 'before-meeting-remove' | 'before-history-remove' | 'unknown'

export interface BackupInfo {
  /** folder name, e.g. 20261126-143500 */
  id: string
  /** local ISO time */
  createdAt: string
  reason: BackupReason
  /** bytes of data files at the time of the backup */
  size: number
  communities: number
  demands: number
}

export interface BackupList {
  dataDir: string
  backupsDir: string
  backups: BackupInfo[]
}

export interface RestoreResult {
  /** the backup now in place */
  restored: BackupInfo
  /** the backup taken of the data just before */
  safetyBackup: string
  communities: number
  demands: number
}

export interface RetentionSetting {
  /** null: personal data is kept until deleted by hand */
  personalDataMonths: number | null
}

export interface RetentionResult {
  months: number | null
  /** closed demands whose reporter name/phone/address were erased (已脱敏) */
  erased: number
  backupsDeleted: number
  backupsRewritten: number
}

export const backupChannels = {
  'backup:list': { input: emptyInput, result: returns<BackupList>() },
  'backup:create': { input: emptyInput, result: returns<BackupInfo>() },
  'backup:restore': { input: backupRestoreInput, result: returns<RestoreResult>() },
  'backup:getRetention': { input: emptyInput, result: returns<RetentionSetting>() },
  'backup:setRetention': { input: retentionInput, result: returns<RetentionSetting>() },
  'backup:applyRetention': { input: emptyInput, result: returns<RetentionResult>() },
} as const
