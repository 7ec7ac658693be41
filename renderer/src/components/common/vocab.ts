import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../../../../shared/domain/vocab'

/** The shared vocabularies a select can offer; the name is also the i18n prefix of the labels. */
export const VOCABS = {
  channel: DEMAND_CHANNELS,
  category: DEMAND_CATEGORIES,
  status: DEMAND_STATUSES,
} as const

export type VocabName = keyof typeof VOCABS
export type VocabCode<V extends VocabName> = (typeof VOCABS)[V][number]
