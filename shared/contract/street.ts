// street:* — the street office's own settings: its name (app header), its time zone (months and
// days of demands and statistics) and the default deadlines per meeting level. One record in the
// data folder (so it is backed up and restored with the data); only administrators change it.
import { z } from 'zod'
import type { StreetSettings } from '../domain/entities'
import { emptyInput, returns } from './common'

export const STREET_NAME_MAX = 30
export const DEADLINE_DAYS_MAX = 365

export { DEFAULT_STREET_SETTINGS } from './constants'

/** Whether the runtime knows this IANA time zone (Node and Chromium share ICU's list). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

const days = (label: string) =>
  z
    .number({ error: `请填写${label}办理期限（工作日）` })
    .int({ error: `${label}办理期限须为整数天` })
    .min(1, { error: `${label}办理期限至少 1 个工作日` })
    .max(DEADLINE_DAYS_MAX, { error: `${label}办理期限不能超过 ${DEADLINE_DAYS_MAX} 个工作日` })

export const streetUpdateInput = z.strictObject({
  /** The revision read (0 when the defaults were never saved); a stale one is CONFLICT. */
  revision: z.number({ error: '缺少记录版本号，请刷新后重试' }).int({ error: '记录版本号无效，请刷新后重试' }).min(0, { error: '记录版本号无效，请刷新后重试' }),
  patch: z
    .strictObject(
      {
        name: z
          .string({ error: '街道名称格式无效' })
          .trim()
          .max(STREET_NAME_MAX, { error: `街道名称不能超过 ${STREET_NAME_MAX} 个字` }),
        timeZone: z
          .string({ error: '请填写时区' })
          .trim()
          .refine(isTimeZone, { error: '时区无效：请填写 IANA 时区名，如 Asia/Shanghai' }),
        deadlineDays: z.strictObject(
          { compound: days('小区议事'), community: days('社区联席会议'), street: days('街道联席会议') },
          { error: '办理期限格式无效' },
        ),
      },
      { error: '街道设置格式无效' },
    )
    .partial()
    .refine((p) => Object.keys(p).length > 0, { error: '没有要修改的设置' }),
})


export const streetChannels = {
  'street:get': { input: emptyInput, result: returns<StreetSettings>() },
  'street:update': { input: streetUpdateInput, result: returns<StreetSettings>() },
} as const
