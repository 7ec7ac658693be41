// sample:* — load the sample street in one action, and remove it in one action.
import { AppError } from '../../shared/contract/errors'
import type { Community } from '../../shared/domain/entities'
import type { Database } from '../data'
import { generateSampleDemands } from './sample-street'
import type { AreaService } from './types'

export function createSampleService(db: Database, sampleCommunities: Community[], now: () => Date): AreaService<'sample'> {
  return {
    async load() {
      if (db.communities().some((c) => c.sample || sampleCommunities.some((s) => s.id === c.id))) {
        throw new AppError('CONFLICT', '示例街道已加载')
      }
      // Community names are unique within a street; a user's own 七口堰社区 must not get a twin.
      const taken = new Set(db.communities().map((c) => c.name))
      const clashes = sampleCommunities.filter((c) => taken.has(c.name)).map((c) => c.name)
      if (clashes.length) {
        throw new AppError('CONFLICT', `已有同名社区：${clashes.join('、')}。示例街道未加载，请先在社区管理中改名。`)
      }
      const communities = sampleCommunities.map((c) => ({ ...structuredClone(c), sample: true }))
      const demands = generateSampleDemands(communities, now())
      await db.addCommunities(communities, demands)
      return { communities: communities.length, demands: demands.length }
    },
    async remove() {
      const ids = db.communities().filter((c) => c.sample).map((c) => c.id)
      if (!ids.length) return { communities: 0, demands: 0 }
      return db.removeCommunities(ids)
    },
  }
}
