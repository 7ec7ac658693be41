import { withStreetOffset } from '../../../shared/domain/month'
import { streetWallTime } from '../../../shared/domain/street-time'
import { useStreetStore } from '../stores/street'

/**
 * The forms' times as the street's wall clock: a picker shows minutes and keeps YYYY-MM-DDTHH:mm:ss
 * in the street's zone (seconds, so a step logged "now" sorts after the steps just before it in
 * 一事一档), and the payload carries that zone's offset, whatever zone the machine is set to.
 */
export function useStreetClock() {
  const street = useStreetStore()
  return {
    /** Now on the street's clock (a form's default time). */
    now: (): string => streetWallTime(new Date(), street.timeZone),
    /** The wall-clock value with the street's offset; '' stays undefined (the schema names it). */
    zoned: (wall: string): string | undefined => (wall ? withStreetOffset(wall, street.timeZone) : undefined),
  }
}
