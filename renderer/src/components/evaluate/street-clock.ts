import { toZonedIso, withStreetOffset } from '../../../../shared/domain/month'
import { useStreetStore } from '../../stores/street'

/**
 * The forms' times as the street's wall clock: a picker shows and edits YYYY-MM-DDTHH:mm in the
 * street's zone, and the payload carries that zone's offset, so the time means the same whatever
 * zone the machine is set to.
 */
export function useStreetClock() {
  const street = useStreetStore()
  return {
    /** Now, to the minute, on the street's clock (a form's default time). */
    now: (): string => toZonedIso(new Date(), street.timeZone).slice(0, 16),
    /** The wall-clock value with the street's offset; '' stays undefined (the schema names it). */
    zoned: (wall: string): string | undefined => (wall ? withStreetOffset(wall, street.timeZone) : undefined),
  }
}
