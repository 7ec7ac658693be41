import { createI18n } from 'vue-i18n'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import zhCN from './zh-CN'
import en from './en'
import type { MessageSchema } from './zh-CN'
import { withA11y } from './a11y'

export type AppLocale = 'zh-CN' | 'en'
export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en']
export const messages: Record<AppLocale, MessageSchema> = withA11y({ 'zh-CN': zhCN, en })

/** Starts in zh-CN; the saved choice (settings:get, kept by electron-store) is applied on load. */
export function createAppI18n(locale: AppLocale = 'zh-CN') {
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
