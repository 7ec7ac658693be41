// The demand form's model and how it maps to the contract: a blank form, the form of a stored
// demand (edit mode: personal fields stay empty, they are masked in the view), the create payload
// and the update patch (only what changed). Pure functions, no Vue: DemandForm.vue holds the state.
// 受理时间 is the street's wall clock (`tz`, the street's zone), never the computer's: a laptop set
// to another zone shows and sends the time the list shows.
import type { DemandView } from '../../../../shared/domain/entities'
import { withStreetOffset } from '../../../../shared/domain/month'
import { streetWallTime } from '../../../../shared/domain/street-time'
import type { DemandCategory, DemandChannel } from '../../../../shared/domain/vocab'

export interface FormModel {
  communityId: string
  compoundId: string
  channel: DemandChannel | ''
  category: DemandCategory | ''
  reporterName: string
  reporterPhone: string
  reporterAddress: string
  /** The street's wall clock, YYYY-MM-DDTHH:mm:ss (the picker's value-format); '' when cleared. */
  receivedAt: string
  householdUnit: string
  householdLeader: string
  description: string
}
export type FieldKey = keyof FormModel

/** A new, empty form (received now, on the street's clock). */
export const blank = (tz: string, now: Date = new Date()): FormModel => ({
  communityId: '',
  compoundId: '',
  channel: '',
  category: '',
  reporterName: '',
  reporterPhone: '',
  reporterAddress: '',
  receivedAt: streetWallTime(now, tz),
  householdUnit: '',
  householdLeader: '',
  description: '',
})

/** The form as the demand reads (edit mode); personal fields stay empty (masked in the view). */
export function fromDemand(d: DemandView, tz: string): FormModel {
  return {
    communityId: d.communityId,
    compoundId: d.compoundId ?? '',
    channel: d.channel,
    category: d.category,
    reporterName: '',
    reporterPhone: '',
    reporterAddress: '',
    receivedAt: streetWallTime(d.receivedAt, tz),
    householdUnit: d.householdUnit ?? '',
    householdLeader: d.householdLeader ?? '',
    description: d.description,
  }
}

/**
 * Whether closing the window would lose what was typed: for a new demand any text field (the
 * community and channel stay from the last one, so they alone are nothing to lose); for an edit,
 * any change.
 */
export function hasTyped(model: FormModel, tz: string, d?: DemandView | null): boolean {
  if (d) return Object.keys(patchOf(model, d, tz)).length > 0
  return (['reporterName', 'reporterPhone', 'reporterAddress', 'householdUnit', 'householdLeader', 'description'] as const).some((k) => model[k].trim() !== '')
}

/** Minutes are what the picker shows: a stored time with seconds is unchanged if its minute is. */
const sameMinute = (a: string, iso: string) => Math.floor(Date.parse(a) / 60_000) === Math.floor(Date.parse(iso) / 60_000)

/** The demand:create payload of what was typed. */
export function createInput(model: FormModel, tz: string): Record<string, unknown> {
  const input: Record<string, unknown> = {
    communityId: model.communityId,
    channel: model.channel,
    category: model.category,
    reporterName: model.reporterName,
    description: model.description,
  }
  if (model.compoundId) input.compoundId = model.compoundId
  for (const key of ['reporterPhone', 'reporterAddress', 'householdUnit', 'householdLeader'] as const) {
    const v = model[key].trim()
    if (v) input[key] = v
  }
  if (model.receivedAt) input.receivedAt = withStreetOffset(model.receivedAt, tz)
  return input
}

/** Only what changed; a cleared optional field is null (removed). */
export function patchOf(model: FormModel, d: DemandView, tz: string): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  if (model.communityId !== d.communityId) patch.communityId = model.communityId
  if (model.compoundId !== (d.compoundId ?? '')) patch.compoundId = model.compoundId || null
  if (model.channel !== d.channel) patch.channel = model.channel
  if (model.category !== d.category) patch.category = model.category
  if (model.description !== d.description) patch.description = model.description
  for (const key of ['householdUnit', 'householdLeader'] as const) {
    if (model[key].trim() !== (d[key] ?? '')) patch[key] = model[key].trim() || null
  }
  // Personal fields: typed = replaced; left empty = unchanged.
  for (const key of ['reporterName', 'reporterPhone', 'reporterAddress'] as const) {
    if (model[key].trim()) patch[key] = model[key]
  }
  if (!model.receivedAt) patch.receivedAt = ''
  else {
    const at = withStreetOffset(model.receivedAt, tz)
    if (!sameMinute(at, d.receivedAt)) patch.receivedAt = at
  }
  return patch
}
