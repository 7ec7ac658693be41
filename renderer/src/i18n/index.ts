import { createI18n } from 'vue-i18n'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import zhCN from './zh-CN'
import en from './en'
import type { MessageSchema } from './zh-CN'

export type AppLocale = 'zh-CN' | 'en'
export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en']
const STORAGE_KEY = 'yishi.locale'

export const messages: Record<AppLocale, MessageSchema> = { 'zh-CN': zhCN, en }

function savedLocale(): AppLocale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (value === 'en' || value === 'zh-CN') return value
  } catch {
    // storage may be unavailable (tests, locked-down profiles): fall back to zh-CN
  }
  return 'zh-CN'
}

export function createAppI18n(locale: AppLocale = savedLocale()) {
  applyDocumentLocale(locale)
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages,
  })
}

export function applyDocumentLocale(locale: AppLocale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export function rememberLocale(locale: AppLocale): void {
  applyDocumentLocale(locale)
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // not fatal: the choice just lasts for this session
  }
}
