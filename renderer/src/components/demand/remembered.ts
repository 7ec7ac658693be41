// What the intake form remembers between calls, per operator (a secretary usually takes a run of
// calls for one community from one channel): kept in this browser's localStorage, nothing personal.
import { DEMAND_CHANNELS, type DemandChannel } from '../../../../shared/domain/vocab'

export interface Remembered {
  communityId: string
  channel: DemandChannel | ''
}

const keyOf = (operatorId: string | undefined) => `yishi.intake:${operatorId ?? 'anonymous'}`

export function loadRemembered(operatorId: string | undefined): Remembered {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(keyOf(operatorId)) ?? 'null') as Partial<Remembered> | null
    const channel = (DEMAND_CHANNELS as readonly string[]).includes(raw?.channel ?? '') ? (raw!.channel as DemandChannel) : ''
    return { communityId: typeof raw?.communityId === 'string' ? raw.communityId : '', channel }
  } catch {
    return { communityId: '', channel: '' }
  }
}

export function saveRemembered(operatorId: string | undefined, value: Remembered): void {
  try {
    globalThis.localStorage?.setItem(keyOf(operatorId), JSON.stringify(value))
  } catch {
    // storage full or blocked: the form just does not remember
  }
}
