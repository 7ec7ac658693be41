// Removing a grid, compound or community (社区管理): refused while something refers to it, with
// a zh-CN message naming what; otherwise a backup first, an audit entry, then the removal.
import { describe, expect, it } from 'vitest'
import type { AuditPage, BackupList, CommunityRemovePlan, CommunityRemoveResult } from '../../shared/contract'
import type { Community, DemandView } from '../../shared/domain/entities'
import { must, teamPerTest, type Call } from '../helpers/sessions'

const openTeam = teamPerTest({ now: () => new Date('2026-06-30T12:00:00+08:00') })

async function setup() {
  const team = await openTeam()
  const admin = team.as.admin
  const qky = await must<Community>(admin, 'community:create', {
    name: '七口堰社区',
    grids: [{ name: '第一网格' }, { name: '第二网格' }],
    compounds: [{ name: '丽景花园', gridIndex: 0 }, { name: '江城名都', gridIndex: 0 }, { name: '老街小区' }],
  })
  const demand = (compoundId: string, description: string) =>
    must<DemandView>(admin, 'demand:create', {
      communityId: qky.id,
      compoundId,
      channel: 'hotline',
      category: 'parking',
      reporterName: '王建国',
      receivedAt: '2026-05-10T09:00:00+08:00',
      description,
    })
  const used = qky.compounds[0]
  await demand(used.id, '幼儿园门口停车乱，早上接送孩子很危险')
  await demand(used.id, '小区车位被外来车辆长期占用')
  const current = async () => (await must<Community[]>(admin, 'community:list')).find((c) => c.id === qky.id)!
  return { team, admin, qky, used, current }
}

const backups = async (call: Call) => (await must<BackupList>(call, 'backup:list')).backups
const audit = (call: Call) => must<AuditPage>(call, 'audit:list', { page: 1, pageSize: 50 })

describe('community removal', () => {
  it('refuses a compound with demands, naming how many and one of them; nothing changes', async () => {
    const { admin, qky, used, current } = await setup()
    const plan = await must<CommunityRemovePlan>(admin, 'community:removePlan', { communityId: qky.id, kind: 'compound', itemId: used.id })
    expect(plan.removable).toBe(false)
    expect(plan.message).toMatch(/^该小区仍有 2 条诉求（例如 七口堰-2026-000[12]），不能删除$/)
    const before = await current()
    const refused = await admin('community:removeCompound', { communityId: qky.id, compoundId: used.id, revision: before.revision })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: plan.message } })
    expect(await current()).toEqual(before)
    expect((await backups(admin)).some((b) => b.reason === 'before-community-remove')).toBe(false)
  })

  it('refuses a grid that compounds are placed in, naming them', async () => {
    const { admin, qky, current } = await setup()
    const grid = qky.grids[0]
    const env = await admin('community:removeGrid', { communityId: qky.id, gridId: grid.id, revision: (await current()).revision })
    expect(env).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该网格仍有 2 个小区（丽景花园、江城名都），不能删除' } })
  })

  it('removes an unused compound and grid: backup first, audited, then gone', async () => {
    const { admin, qky, current } = await setup()
    const unused = qky.compounds[2]
    const plan = await must<CommunityRemovePlan>(admin, 'community:removePlan', { communityId: qky.id, kind: 'compound', itemId: unused.id })
    expect(plan).toMatchObject({ removable: true, message: '将删除七口堰社区的小区“老街小区”' })
    const result = await must<CommunityRemoveResult>(admin, 'community:removeCompound', {
      communityId: qky.id,
      compoundId: unused.id,
      revision: (await current()).revision,
    })
    expect(result.community!.compounds.map((c) => c.name)).toEqual(['丽景花园', '江城名都'])
    expect(result.removed).toEqual(['七口堰社区的小区“老街小区”'])
    const backup = (await backups(admin)).find((b) => b.id === result.backup)!
    expect(backup).toMatchObject({ reason: 'before-community-remove', demands: 2 })
    const entry = (await audit(admin)).items.find((e) => e.action === 'community.removeCompound')!
    expect(entry).toMatchObject({ target: qky.id, detail: { community: '七口堰社区', compound: '老街小区', backup: result.backup } })
    expect(entry.actor).toContain('王管理')

    const grid = qky.grids[1]
    const removed = await must<CommunityRemoveResult>(admin, 'community:removeGrid', { communityId: qky.id, gridId: grid.id, revision: (await current()).revision })
    expect(removed.community!.grids.map((g) => g.name)).toEqual(['第一网格'])
  })

  it('a stale revision is refused with CONFLICT before anything happens', async () => {
    const { admin, qky, current } = await setup()
    await must(admin, 'community:update', { id: qky.id, revision: (await current()).revision, patch: { households: 100 } })
    const env = await admin('community:removeCompound', { communityId: qky.id, compoundId: qky.compounds[2].id, revision: qky.revision })
    expect(env).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await backups(admin)).some((b) => b.reason === 'before-community-remove')).toBe(false)
  })

  it('refuses a community with demands or operators scoped to it; removes an empty one with its grids and compounds', async () => {
    const { admin, qky, current } = await setup()
    const plan = await must<CommunityRemovePlan>(admin, 'community:removePlan', { communityId: qky.id, kind: 'community' })
    expect(plan.message).toMatch(/^该社区仍有 2 条诉求（例如 七口堰-2026-000[12]），不能删除$/)
    const refused = await admin('community:remove', { id: qky.id, revision: (await current()).revision })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    const empty = await must<Community>(admin, 'community:create', { name: '新村社区', grids: [{ name: '一网格' }], compounds: [{ name: '新村小区', gridIndex: 0 }] })
    await must(admin, 'operator:create', { name: '周秘书', role: 'secretary', secret: 'zhou-secret-77', communityIds: [empty.id] })
    const scoped = await must<CommunityRemovePlan>(admin, 'community:removePlan', { communityId: empty.id, kind: 'community' })
    expect(scoped.message).toBe('该社区仍有 1 个操作员账户负责该社区（周秘书），请先在操作员管理中调整其社区范围，不能删除')

    // a topic in a community refers to it too
    const topical = await must<Community>(admin, 'community:create', { name: '北岸社区' })
    const d = await must<DemandView>(admin, 'demand:create', {
      communityId: topical.id,
      channel: 'hotline',
      category: 'noise',
      reporterName: '赵六',
      receivedAt: '2026-05-10T09:00:00+08:00',
      description: '夜间施工噪音',
    })
    await must(admin, 'topic:create', { communityId: topical.id, level: 'community', title: '夜间施工扰民', demandIds: [d.id] })
    const withTopic = await must<CommunityRemovePlan>(admin, 'community:removePlan', { communityId: topical.id, kind: 'community' })
    expect(withTopic.references).toEqual([expect.stringMatching(/^1 条诉求/), '1 个议题（例如“夜间施工扰民”）'])

    const other = await must<Community>(admin, 'community:create', { name: '南湖社区', grids: [{ name: '一网格' }], compounds: [{ name: '南湖小区', gridIndex: 0 }] })
    const ok = await must<CommunityRemovePlan>(admin, 'community:removePlan', { communityId: other.id, kind: 'community' })
    expect(ok).toMatchObject({ removable: true, removes: ['社区“南湖社区”', '网格 1 个：一网格', '小区 1 个：南湖小区'] })
    const result = await must<CommunityRemoveResult>(admin, 'community:remove', { id: other.id, revision: other.revision })
    expect(result.community).toBeUndefined()
    expect((await must<Community[]>(admin, 'community:list')).map((c) => c.name)).not.toContain('南湖社区')
    expect((await backups(admin)).find((b) => b.id === result.backup)).toMatchObject({ reason: 'before-community-remove' })
    expect((await audit(admin)).items.find((e) => e.action === 'community.remove')).toMatchObject({ target: other.id, detail: { community: '南湖社区' } })
  })

  it('only administrators may remove (the secretary who manages communities may not)', async () => {
    const { team, qky, current } = await setup()
    for (const role of ['secretary', 'chair', 'leader'] as const) {
      const env = await team.as[role]('community:removeCompound', { communityId: qky.id, compoundId: qky.compounds[2].id, revision: (await current()).revision })
      expect(env, role).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })
})
