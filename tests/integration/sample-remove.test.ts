// Issue 9 step 1 through the real backend: "移除示例数据" by a signed-in administrator keeps the
// demands users recorded in a sample community (and the community), takes a backup first and
// audits the removal with the operator's name.
import { afterAll, describe, expect, it } from 'vitest'
import { rm } from 'node:fs/promises'
import type { AuditEntry, BackupList, SampleLoadResult, SampleRemovePlan, SampleRemoveResult } from '../../shared/contract'
import type { Community, DemandView } from '../../shared/domain/entities'
import { NAMES, openTeam, type Call } from '../helpers/sessions'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

const must = async <T>(call: Call, channel: string, payload: unknown = {}): Promise<T> => {
  const env = await call(channel, payload)
  if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`)
  return env.result as T
}

describe('sample removal through the backend', () => {
  it('keeps user records in 七口堰社区, backs up first, audits who removed what', async () => {
    const t = await openTeam()
    dirs.push(t.dataDir)
    const admin = t.as.admin
    const loaded = await must<SampleLoadResult>(admin, 'sample:load')
    const mine: DemandView[] = []
    for (let i = 0; i < 4; i++) {
      mine.push(
        await must<DemandView>(admin, 'demand:create', {
          communityId: 'mjd-qikouyan',
          channel: 'hotline',
          category: 'parking',
          reporterName: '王芳',
          receivedAt: `2026-0${1 + i}-10T09:00:00+08:00`,
          description: `楼下车位被长期占用（${i + 1}）`,
        }),
      )
    }
    // Only administrators may see the plan or remove.
    const refused = await t.as.secretary('sample:removePlan', {})
    expect(refused.ok).toBe(false)

    const plan = await must<SampleRemovePlan>(admin, 'sample:removePlan')
    expect(plan.demandsRemoved).toBe(loaded.demands)
    expect(plan.demandsKept).toBe(4)
    expect(plan.communitiesKept.map((c) => [c.name, c.userDemands])).toEqual([['七口堰社区', 4]])
    expect(plan.communitiesRemoved).toHaveLength(loaded.communities - 1)

    const result = await must<SampleRemoveResult>(admin, 'sample:remove')
    expect(result).toMatchObject({ communities: loaded.communities - 1, demands: loaded.demands, demandsKept: 4 })

    const communities = await must<Community[]>(admin, 'community:list')
    expect(communities.map((c) => c.name)).toEqual(['七口堰社区'])
    expect(communities[0].sample).toBeUndefined()
    expect(communities[0].compounds.length).toBeGreaterThan(0)
    const left = await must<{ items: DemandView[]; total: number }>(admin, 'demand:list', { page: 1, pageSize: 50 })
    expect(left.total).toBe(4)
    expect(left.items.map((d) => d.id).sort()).toEqual(mine.map((d) => d.id).sort())

    const backups = await must<BackupList>(admin, 'backup:list')
    const before = backups.backups.find((b) => b.id === result.backup)
    expect(before).toMatchObject({ reason: 'before-sample-remove', demands: loaded.demands + 4 })

    const audit = await must<{ items: AuditEntry[] }>(admin, 'audit:list', { page: 1, pageSize: 50 })
    const entry = audit.items.find((e) => e.action === 'sample.remove')
    expect(entry).toBeDefined()
    expect(JSON.stringify(entry)).toContain(NAMES.admin)
    expect(entry!.detail).toMatchObject({ demandsRemoved: loaded.demands, demandsKept: 4, communitiesKept: [{ name: '七口堰社区', userDemands: 4 }] })
    await t.backend.close({ backup: false })
  })
})
