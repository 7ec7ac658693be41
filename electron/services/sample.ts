// sample:* — load the sample street in one action, and remove it in one action. Removal takes
// only the generated records: a sample community in which users recorded demands stays (with its
// grids and compounds), no longer marked as sample. A backup is taken first; the removal is audited.
import { AppError } from '../../shared/contract/errors'
import type { SampleRemovePlan } from '../../shared/contract/sample'
import type { Community } from '../../shared/domain/entities'
import type { Database } from '../data'
import { auditWho } from './actor'
import type { AuditLog } from './audit'
import { generateSampleDemands, isSampleDemand } from './sample-street'
import type { AreaService } from './types'

export interface SampleServiceDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  sampleCommunities: Community[]
  now: () => Date
  /** The street's time zone (street settings): the sample's months are the street's. */
  timeZone?: () => Promise<string>
}

/** Reads every partition of the sample communities and sorts their demands into go / stay. */
export async function planSampleRemoval(db: Database): Promise<SampleRemovePlan> {
  const plan: SampleRemovePlan = { communitiesRemoved: [], communitiesKept: [], demandsRemoved: 0, demandsKept: 0 }
  for (const c of db.communities().filter((x) => x.sample)) {
    let sampleDemands = 0
    let userDemands = 0
    for (const month of Object.keys(db.countsOf(c.id)).sort()) {
      for (const d of await db.readPartition(c.id, month)) {
        if (isSampleDemand(d)) sampleDemands++
        else userDemands++
      }
    }
    plan.demandsRemoved += sampleDemands
    plan.demandsKept += userDemands
    if (userDemands) plan.communitiesKept.push({ id: c.id, name: c.name, userDemands, sampleDemands })
    else plan.communitiesRemoved.push({ id: c.id, name: c.name, sampleDemands })
  }
  return plan
}

export function createSampleService(deps: SampleServiceDeps): AreaService<'sample'> {
  const { db, audit, sampleCommunities, now } = deps
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
      const demands = generateSampleDemands(communities, now(), undefined, await deps.timeZone?.())
      await db.addCommunities(communities, demands)
      return { communities: communities.length, demands: demands.length }
    },

    removePlan: () => planSampleRemoval(db),

    async remove(_input, ctx) {
      const who = auditWho(ctx)
      const plan = await planSampleRemoval(db)
      if (!plan.communitiesRemoved.length && !plan.communitiesKept.length) {
        return { ...plan, communities: 0, demands: 0, backup: null }
      }
      // A way back first: if the backup cannot be made, nothing is removed.
      const backup = await db.backup('before-sample-remove')
      const counts = {
        backup,
        communitiesRemoved: plan.communitiesRemoved.length,
        demandsRemoved: plan.demandsRemoved,
        demandsKept: plan.demandsKept,
        communitiesKept: plan.communitiesKept.map((c) => ({ id: c.id, name: c.name, userDemands: c.userDemands })),
      }
      // Audited before anything is removed: no entry, no removal.
      await audit.append({ ...who, action: 'sample.remove', target: 'sample-street', detail: counts })
      for (const kept of plan.communitiesKept) {
        await db.removeDemandsWhere(kept.id, isSampleDemand)
        const current = db.community(kept.id)
        if (current) {
          const { sample: _s, revision, ...rest } = current
          await db.saveCommunity(rest, { expectRevision: revision })
        }
      }
      if (plan.communitiesRemoved.length) await db.removeCommunities(plan.communitiesRemoved.map((c) => c.id))
      return { ...plan, communities: plan.communitiesRemoved.length, demands: plan.demandsRemoved, backup }
    },
  }
}
