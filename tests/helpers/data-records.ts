// Stored records for data-layer tests (openDatabase on a temp folder): a bare community and
// demands (of community cA unless told), one per call, in a given month.
import type { Community, Demand } from '../../shared/domain/entities'
import { makeDemandId } from '../../electron/data'

export const communityRecord = (id: string): Community => ({ id, name: `${id}社区`, grids: [], compounds: [], revision: 1 })

/**
 * A maker of demands of community cA, or of `extra.communityId` (`<prefix><n>` in their ids, so
 * the files of one test file never share an id), received on the 10th of the month at 09:00 in
 * China; `extra` overrides.
 */
export function demandMaker(prefix: string): (month: string, extra?: Partial<Demand>) => Demand {
  let seq = 0
  return (month, extra = {}) => ({
    id: makeDemandId(extra.communityId ?? 'cA', month, `${prefix}${++seq}`),
    communityId: 'cA',
    channel: 'hotline',
    category: 'facilities',
    reporterName: '王芳',
    reporterPhone: '13812345678',
    receivedAt: `${month}-10T09:00:00+08:00`,
    description: '楼道灯不亮',
    status: 'called',
    createdAt: `${month}-10T09:00:00+08:00`,
    updatedAt: `${month}-10T09:00:00+08:00`,
    revision: 1,
    ...extra,
  })
}
