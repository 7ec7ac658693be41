// 诉求检索 over a real backend (openBackend on a temp folder, encrypted personal fields, real
// sessions): words and bigrams, filters, paging, highlights, scope, the live index after
// create / update / delete, and no personal data in the index.
import { describe, expect, it } from 'vitest'
import type { Community, DemandView } from '../../shared/domain/entities'
import type { SearchPage, SearchStatus } from '../../shared/contract'
import type { SearchService } from '../../electron/services/search'
import { must, teamPerTest, type Call } from '../helpers/sessions'

const openTeam = teamPerTest({ now: () => new Date('2026-06-30T12:00:00+08:00') })

async function street() {
  const team = await openTeam()
  const admin = team.as.admin
  const qky = await must<Community>(admin, 'community:create', {
    name: '七口堰社区',
    grids: [{ name: '第一网格' }],
    compounds: [{ name: '丽景花园', gridIndex: 0 }, { name: '江城名都' }],
  })
  const dm = await must<Community>(admin, 'community:create', { name: '东门社区' })
  const record = (input: Record<string, unknown>) =>
    must<DemandView>(admin, 'demand:create', {
      communityId: qky.id,
      channel: 'hotline',
      category: 'parking',
      reporterName: '王建国',
      reporterPhone: '13812345678',
      reporterAddress: '5栋2单元301',
      receivedAt: '2026-05-10T09:00:00+08:00',
      ...input,
    })
  const d1 = await record({ description: '幼儿园门口停车乱，早上接送孩子很危险', compoundId: qky.compounds[0].id })
  const d2 = await record({ description: '楼道灯坏了，晚上很黑，存在安全隐患', category: 'safety', channel: 'wechatGroup', receivedAt: '2026-05-20T20:00:00+08:00' })
  const d3 = await record({ description: '电梯经常停运，老人上下楼困难', category: 'facilities', receivedAt: '2026-06-02T08:00:00+08:00', compoundId: qky.compounds[1].id })
  const d4 = await record({ communityId: dm.id, description: '小区门口停车位被长期占用', receivedAt: '2026-06-15T10:00:00+08:00' })
  return { team, admin, qky, dm, d1, d2, d3, d4 }
}

const search = (call: Call, payload: Record<string, unknown>) => must<SearchPage>(call, 'search:query', payload)
const ids = (page: SearchPage) => page.items.map((h) => h.id)
const marked = (page: SearchPage, i = 0) => page.items[i].snippet.filter((p) => p.mark).map((p) => p.text)

describe('search:query', () => {
  it('finds two- and four-character Chinese queries and marks them in the snippet', async () => {
    const { admin, d1, d2, d4 } = await street()
    const parking = await search(admin, { query: '停车' })
    expect(parking.total).toBe(2)
    expect(ids(parking)).toEqual(expect.arrayContaining([d1.id, d4.id]))
    const d1hit = parking.items.find((h) => h.id === d1.id)!
    expect(d1hit.snippet.filter((p) => p.mark).map((p) => p.text)).toEqual(['停车'])
    expect(d1hit.snippet.map((p) => p.text).join('')).toBe('幼儿园门口停车乱，早上接送孩子很危险')
    expect(d1hit).toMatchObject({ kind: 'demand', compoundName: '丽景花园', category: 'parking', channel: 'hotline' })

    const hazard = await search(admin, { query: '安全隐患' })
    expect(ids(hazard)).toEqual([d2.id])
    expect(marked(hazard)).toEqual(['安全隐患'])
    // bigrams do not match across the gap: 全隐 alone is not 安全隐患
    expect((await search(admin, { query: '隐患安全' })).total).toBe(0)
    // several words: every one must be there (AND), each marked
    const both = await search(admin, { query: '楼道 晚上' })
    expect(ids(both)).toEqual([d2.id])
    expect(marked(both)).toEqual(['楼道', '晚上'])
    // a single character, at the end of a run too
    expect(ids(await search(admin, { query: '黑' }))).toEqual([d2.id])
  })

  it('finds a case number by query or by the case-number filter, whole or in part', async () => {
    const { admin, d2, dm, d4 } = await street()
    expect(d2.caseNo).toBe('七口堰-2026-0002')
    const byQuery = await search(admin, { query: '七口堰-2026-0002' })
    expect(ids(byQuery)).toEqual([d2.id])
    expect(byQuery.items[0]).toMatchObject({ caseNo: '七口堰-2026-0002', matchedIn: ['caseNo'] })
    expect(ids(await search(admin, { caseNo: '七口堰-2026-0002' }))).toEqual([d2.id])
    expect(ids(await search(admin, { caseNo: '东门-2026' }))).toEqual([d4.id])
    expect(ids(await search(admin, { query: '停车', caseNo: '2026-0001', communityId: dm.id }))).toEqual([d4.id])
    expect((await search(admin, { caseNo: '2027-' })).total).toBe(0)
  })

  it('finds topics (确认议题) by title, kept current when the title changes; demand filters leave them out', async () => {
    const { admin, qky, d1 } = await street()
    const topic = await must<{ id: string; revision: number }>(admin, 'topic:create', { communityId: qky.id, level: 'community', title: '幼儿园门口交通秩序整治', demandIds: [d1.id] })
    const found = await search(admin, { query: '交通秩序' })
    expect(found.items.map((h) => [h.kind, h.id])).toEqual([['topic', topic.id]])
    expect(found.items[0]).toMatchObject({ title: '幼儿园门口交通秩序整治', communityId: qky.id })
    expect(marked(found)).toEqual(['交通秩序'])
    // 幼儿园 is in the demand's text and in the topic's title: both; a demand filter keeps the demand only
    expect((await search(admin, { query: '幼儿园' })).items.map((h) => h.kind).sort()).toEqual(['demand', 'topic'])
    expect((await search(admin, { query: '幼儿园', category: 'parking' })).items.map((h) => h.kind)).toEqual(['demand'])
    await must(admin, 'topic:update', { id: topic.id, revision: topic.revision, patch: { title: '校门口停车秩序' } })
    expect((await search(admin, { query: '交通秩序' })).total).toBe(0)
    expect(ids(await search(admin, { query: '校门口' }))).toEqual([topic.id])
  })

  it('finds compound, category and channel names, and says where', async () => {
    const { admin, d1, d2 } = await street()
    const byCompound = await search(admin, { query: '丽景花园' })
    expect(ids(byCompound)).toEqual([d1.id])
    expect(byCompound.items[0].matchedIn).toEqual(['compound'])
    const byCategory = await search(admin, { query: '安全' })
    expect(ids(byCategory)).toEqual([d2.id])
    expect(byCategory.items[0].matchedIn).toEqual(['text', 'category'])
    const byChannel = await search(admin, { query: '微信群' })
    expect(ids(byChannel)).toEqual([d2.id])
  })

  it('filters by community, channel, category, status and date; filters alone list newest first; pages', async () => {
    const { admin, qky, dm, d1, d2, d3, d4 } = await street()
    expect(ids(await search(admin, { query: '停车', communityId: dm.id }))).toEqual([d4.id])
    expect(ids(await search(admin, { channel: 'wechatGroup' }))).toEqual([d2.id])
    expect(ids(await search(admin, { category: 'facilities' }))).toEqual([d3.id])
    expect(ids(await search(admin, { from: '2026-05-15', to: '2026-06-10' }))).toEqual([d3.id, d2.id])
    expect(ids(await search(admin, { communityId: qky.id }))).toEqual([d3.id, d2.id, d1.id])
    await must(admin, 'demand:update', { id: d3.id, revision: 1, patch: { status: 'accepted' } })
    expect(ids(await search(admin, { status: 'accepted' }))).toEqual([d3.id])
    const page2 = await search(admin, { pageSize: 3, page: 2 })
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 })
    expect(ids(page2)).toEqual([d1.id])
  })

  it('a created, edited or deleted demand is found / gone at the very next search', async () => {
    const { admin, qky, d2 } = await street()
    expect((await search(admin, { query: '垃圾清运' })).total).toBe(0)
    const created = await must<DemandView>(admin, 'demand:create', {
      communityId: qky.id,
      channel: 'hotline',
      category: 'environment',
      reporterName: '李四',
      receivedAt: '2026-06-20T09:00:00+08:00',
      description: '垃圾清运不及时，夏天气味很大',
    })
    expect(ids(await search(admin, { query: '垃圾清运' }))).toEqual([created.id])
    await must(admin, 'demand:update', { id: d2.id, revision: 1, patch: { description: '楼道声控灯已经修好，但扶手松动' } })
    expect((await search(admin, { query: '安全隐患', category: 'safety' })).total).toBe(1) // the category name stays
    expect((await search(admin, { query: '晚上很黑' })).total).toBe(0)
    expect(ids(await search(admin, { query: '扶手松动' }))).toEqual([d2.id])
    await must(admin, 'demand:delete', { id: created.id, revision: 1, reason: '重复登记' })
    expect((await search(admin, { query: '垃圾清运' })).total).toBe(0)
  })

  it('a demand moved to another month (new id) is found once, under its new id', async () => {
    const { admin, d2 } = await street()
    expect(ids(await search(admin, { query: '安全隐患' }))).toEqual([d2.id])
    const moved = await must<DemandView>(admin, 'demand:update', { id: d2.id, revision: 1, patch: { receivedAt: '2026-06-03T10:00:00+08:00' } })
    expect(moved.id).not.toBe(d2.id)
    const found = await search(admin, { query: '安全隐患' })
    expect(ids(found)).toEqual([moved.id])
    expect(found.items[0]).toMatchObject({ caseNo: d2.caseNo, at: '2026-06-03T10:00:00+08:00' })
  })

  it('a renamed compound is searched under its new name', async () => {
    const { admin, qky, d1 } = await street()
    expect(ids(await search(admin, { query: '丽景花园' }))).toEqual([d1.id])
    const current = (await must<Community[]>(admin, 'community:list')).find((c) => c.id === qky.id)!
    await must(admin, 'community:update', {
      id: qky.id,
      revision: current.revision,
      patch: { compounds: current.compounds.map((c) => ({ id: c.id, name: c.name === '丽景花园' ? '锦绣家园' : c.name, ...(c.gridId ? { gridIndex: 0 } : {}) })) },
    })
    expect((await search(admin, { query: '丽景花园' })).total).toBe(0)
    expect(ids(await search(admin, { query: '锦绣家园' }))).toEqual([d1.id])
  })

  it('never indexes personal fields: name, phone and address find nothing', async () => {
    const { team, admin } = await street()
    for (const q of ['王建国', '建国', '13812345678', '5栋2单元301', '单元']) {
      expect((await search(admin, { query: q })).total, q).toBe(0)
    }
    const index = (team.backend.services.search as SearchService).index
    const dump = JSON.stringify((index as unknown as { entries: Map<string, unknown> }).entries.size)
    expect(dump).toBe('4')
    const text = JSON.stringify([...(index as unknown as { entries: Map<string, unknown> }).entries.values()])
    expect(text).not.toMatch(/王建国|13812345678|5栋2单元/)
  })

  it('scoped operators see their communities only; others are refused by name', async () => {
    const { team, admin, qky, dm, d4 } = await street()
    const created = await must<{ id: string }>(admin, 'operator:create', { name: '钱秘书', role: 'secretary', secret: 'scoped-secret-9', communityIds: [dm.id] })
    expect(created.id).toBeTruthy()
    const scoped = await team.signedIn('secretary', '钱秘书', 'scoped-secret-9')
    expect(ids(await search(scoped, { query: '停车' }))).toEqual([d4.id])
    const refused = await scoped('search:query', { communityId: qky.id })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // the leader may search (view), the permission table says so
    expect((await search(team.as.leader, { query: '停车' })).total).toBe(2)
  })

  it('reports its state: idle before the first search, ready with the count after', async () => {
    const { admin } = await street()
    expect(await must<SearchStatus>(admin, 'search:status')).toEqual({ state: 'idle', indexed: 0, total: 4 })
    await search(admin, { query: '停车' })
    expect(await must<SearchStatus>(admin, 'search:status')).toEqual({ state: 'ready', indexed: 4, total: 4 })
  })

  it('bad filters are refused naming the field, in zh-CN', async () => {
    const { admin } = await street()
    const env = await admin('search:query', { from: '2026-13-01' })
    expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(JSON.stringify(env)).toContain('起始日期须为“年-月-日”格式')
  })
})

describe('the two ways a query is answered', () => {
  it('the index and the scan (for very common words) find exactly the same demands', async () => {
    const { openDatabase } = await import('../../electron/data')
    const { createServices } = await import('../../electron/services')
    const { createSearchService } = await import('../../electron/services/search')
    const { memoryAuditLogForTests } = await import('../helpers/audit-log')
    const { tempDir } = await import('./helpers')
    const db = await openDatabase({ dataDir: await tempDir(), now: () => new Date('2026-06-30T12:00:00+08:00') })
    try {
      const services = createServices({ db, audit: memoryAuditLogForTests(), now: () => new Date('2026-06-30T12:00:00+08:00') })
      await services.sample.load({})
      const viaIndex = createSearchService(db, { plan: { scanMin: Infinity, scanShare: 1 } })
      const viaScan = createSearchService(db, { plan: { scanMin: 0, scanShare: 0 } })
      const all = async (svc: typeof viaIndex, input: Record<string, unknown>) => {
        const ids: string[] = []
        for (let page = 1; ; page++) {
          const r = await svc.query({ query: '', page, pageSize: 200, ...input } as never)
          ids.push(...r.items.map((h) => h.id))
          if (ids.length >= r.total || !r.items.length) return { total: r.total, ids: ids.sort() }
        }
      }
      const cases: Array<Record<string, unknown>> = [
        { query: '停车' },
        { query: '安全隐患' },
        { query: '楼道 隐患' },
        { query: '水' },
        { query: '噪音', category: 'noise', from: '2025-06-01' },
      ]
      for (const input of cases) {
        const a = await all(viaIndex, input)
        const b = await all(viaScan, input)
        expect(a.total, JSON.stringify(input)).toBeGreaterThan(0)
        expect(b, JSON.stringify(input)).toEqual(a)
      }
      // both put hits whose own text holds the words first
      const first = await viaScan.query({ query: '安全隐患', page: 1, pageSize: 5 } as never)
      expect(first.items.every((h) => h.matchedIn.includes('text'))).toBe(true)
      viaIndex.index.close()
      viaScan.index.close()
    } finally {
      await db.close({ backup: false })
    }
  })

  it('the scan sees a created, edited or deleted demand at once, among many (its blocks are joined again)', async () => {
    const { openDatabase } = await import('../../electron/data')
    const { createServices } = await import('../../electron/services')
    const { createSearchService } = await import('../../electron/services/search')
    const { memoryAuditLogForTests } = await import('../helpers/audit-log')
    const { tempDir } = await import('./helpers')
    const now = () => new Date('2026-06-30T12:00:00+08:00')
    const db = await openDatabase({ dataDir: await tempDir(), now })
    try {
      const services = createServices({ db, audit: memoryAuditLogForTests(), now })
      await services.sample.load({})
      const viaScan = createSearchService(db, { plan: { scanMin: 0, scanShare: 0 } })
      const viaIndex = createSearchService(db, { plan: { scanMin: Infinity, scanShare: 1 } })
      const q = async (query: string) => {
        const [a, b] = [await viaScan.query({ query, page: 1, pageSize: 200 } as never), await viaIndex.query({ query, page: 1, pageSize: 200 } as never)]
        expect(a.items.map((h) => h.id).sort(), query).toEqual(b.items.map((h) => h.id).sort())
        expect(a.total, query).toBe(b.total)
        return a
      }
      expect(db.demandTotal()).toBeGreaterThan(1000) // several blocks of 256
      expect((await q('井盖缺失砸到')).total).toBe(0)
      const community = db.communities()[3]
      const created = await services.demand.create({
        communityId: community.id,
        channel: 'hotline',
        category: 'safety',
        reporterName: '李四',
        receivedAt: '2026-06-20T09:00:00+08:00',
        description: '路口井盖缺失砸到行人',
      })
      expect((await q('井盖缺失砸到')).items.map((h) => h.id)).toEqual([created.id])
      // an older demand in an early block, edited: its old words are gone, its new ones found
      const [old] = (await services.demand.list({ communityId: db.communities()[0].id, page: 1, pageSize: 1 } as never)).items
      const oldWords = /[\u4e00-\u9fff]{4,}/.exec(old.description)![0]
      expect((await q(oldWords)).items.find((h) => h.id === old.id)?.matchedIn).toContain('text')
      await services.demand.update({ id: old.id, revision: old.revision, patch: { description: '消防通道被杂物堵塞砸到' } } as never)
      expect((await q('砸到')).items.map((h) => h.id).sort()).toEqual([created.id, old.id].sort())
      // its former words no longer find it by its text (a name it carries may still match)
      const byOld = (await q(oldWords)).items.find((h) => h.id === old.id)
      expect(byOld?.matchedIn ?? []).not.toContain('text')
      await services.demand.delete({ id: created.id, revision: created.revision, reason: '重复登记' })
      expect((await q('砸到')).items.map((h) => h.id)).toEqual([old.id])
      viaIndex.index.close()
      viaScan.index.close()
    } finally {
      await db.close({ backup: false })
    }
  })
})
