// settings:* — small UI settings (locale, role), kept outside the data folder.
import { z } from 'zod'
import type { UiSettings } from '../domain/entities'
import { LOCALES, ROLES } from '../domain/vocab'
import { emptyInput, returns } from './common'

export const settingsUpdateInput = z
  .strictObject({
    locale: z.enum(LOCALES, { error: '界面语言无效' }).optional(),
    role: z.enum(ROLES, { error: '角色无效' }).optional(),
  })
  .refine((v) => v.locale !== undefined || v.role !== undefined, { error: '没有要修改的设置' })

export const settingsChannels = {
  'settings:get': { input: emptyInput, result: returns<UiSettings>() },
  'settings:update': { input: settingsUpdateInput, result: returns<UiSettings>() },
} as const
