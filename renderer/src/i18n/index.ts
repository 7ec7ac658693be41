import { createI18n } from 'vue-i18n'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { LOCALES, type Locale } from '../../../shared/domain/vocab'
import zhCN from './zh-CN'
import en from './en'
import { withA11y } from './a11y'

export { LOCALES }
export type AppLocale = Locale

/** Messages per locale; each locale joins its per-area files in <locale>/index.ts (a11y.ts adds both). */
export const messages = withA11y({
  'zh-CN': { ...zhCN },
  en: { ...en },
} satisfies Record<AppLocale, object>)

export type MessageSchema = (typeof messages)['zh-CN']

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
