type Translate = (key: string, named?: Record<string, unknown>) => string

/** A rate in percent (one decimal, from the service) or "—" when its base is zero. */
export function rateText(t: Translate, value: number | null | undefined): string {
  return value === null || value === undefined ? t('feedback.none') : t('feedback.percent', { n: value })
}

/** Average days or "—". */
export function daysText(t: Translate, value: number | null | undefined): string {
  return value === null || value === undefined ? t('feedback.none') : t('feedback.days', { n: value })
}
