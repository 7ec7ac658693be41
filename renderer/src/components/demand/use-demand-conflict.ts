import { useI18n } from 'vue-i18n'
import type { DemandView } from '../../../../shared/domain/entities'
import { useEditConflict } from '../../composables/use-edit-conflict'
import { useCommunityStore } from '../../stores/community'
import { formatStreetTime } from '../../../../shared/domain/street-time'
import { fromDemand, type FieldKey, type FormModel } from './demand-form-model'

// 修改诉求 meets a CONFLICT like every edit form (useEditConflict): what was typed stays on top of
// the demand as it is now. Kept beside DemandForm.vue so the form itself only wires it in.

/** The i18n key of each form field's label (also names the fields in a demand's history). */
export const DEMAND_FIELD_LABELS: Record<FieldKey, string> = {
  communityId: 'demand.community',
  compoundId: 'demand.compound',
  channel: 'demand.channel',
  category: 'demand.category',
  reporterName: 'demand.reporterName',
  reporterPhone: 'demand.reporterPhone',
  reporterAddress: 'demand.reporterAddress',
  receivedAt: 'demand.receivedAt',
  householdUnit: 'demand.householdUnit',
  householdLeader: 'demand.householdLeader',
  description: 'demand.description',
}

/**
 * `refill` hands the latest demand to the parent, which passes it back as the form's `demand`;
 * `tz` is the street's zone (受理时间 on the street's clock).
 */
export function useDemandConflict(model: FormModel, refill: (latest: DemandView) => void, tz: () => string) {
  const { t } = useI18n()
  const communities = useCommunityStore()
  return useEditConflict<DemandView, FormModel>({
    fieldsOf: (d) => fromDemand(d, tz()),
    typed: () => ({ ...model }),
    fill: refill,
    restore: (f) => Object.assign(model, f),
    label: (f) => t(DEMAND_FIELD_LABELS[f]),
    // an edit stamps its history entry with the record's updatedAt (a status move writes none)
    who: (d) => {
      const last = d.history?.at(-1)
      return last && last.at === d.updatedAt ? last.by : undefined
    },
    show: (f, _v, d) => {
      const community = communities.communities.find((c) => c.id === d.communityId)
      switch (f) {
        case 'communityId':
          return community?.name ?? d.communityId
        case 'compoundId':
          return community?.compounds.find((c) => c.id === d.compoundId)?.name ?? ''
        case 'channel':
          return t(`channel.${d.channel}`)
        case 'category':
          return t(`category.${d.category}`)
        case 'receivedAt':
          return formatStreetTime(d.receivedAt, tz())
        default:
          return String(fromDemand(d, tz())[f] ?? '')
      }
    },
  })
}
