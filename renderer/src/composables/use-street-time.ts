import { formatStreetTime, type StreetTimeStyle } from '../../../shared/domain/street-time'
import { useStreetStore } from '../stores/street'

/**
 * Formatters that show times as the street's wall clock (the street settings' time zone), the
 * way the backend counts days and months. Read during render, so a changed zone re-renders.
 */
export function useStreetTime() {
  const street = useStreetStore()
  const format = (style: StreetTimeStyle) => (iso: string | null | undefined) => formatStreetTime(iso, street.timeZone, style)
  return {
    /** 2025-04-01 00:30 */
    dateTime: format('minute'),
    /** 2025-04-01 00:30:05 */
    dateTimeSeconds: format('second'),
    /** 2025-04-01 */
    date: format('date'),
    /** 04-01 00:30 */
    shortDateTime: format('short'),
  }
}
