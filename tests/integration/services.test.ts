import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demandCreateInput, type ParsedOf } from '../../shared/contract'
import type { Community, Demand } from '../../shared/domain/entities'
import { addMonths } from '../../shared/domain/month'
import { openDatabase, type Database } from '../../electron/data'
import { createServices } from '../../electron/services'
import { clock, spyFs, tempDir, type SpyFs } from './helpers'
import { isSampleDemand, SAMPLE_COMMUNITIES } from '../../electron/services/sample-street'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { demandRevision, revisionOf } from '../helpers/audit-log'

const NOW = '2026-05-20T10:00:00+08:00'

const communities: Community[] = [
  {
    id: 'cA',
    name: '七口堰社区',
    households: 7220,
    grids: [{ id: 'cA-g1', name: '第一网格' }],
    compounds: [
      { id: 'cA-c1', name: '丽景花园', gridId: 'cA-g1' },
      { id: 'cA-c2', name: '江城名都', gridId: 'cA-g1' },
    ],
    revision: 1,
  },
  { id: 'cB', name: '团结路社区', grids: [], compounds: [{ id: 'cB-c1', name: '团结小区' }], revision: 1 },
]

const input = (extra: Partial<ParsedOf<'demand:create'>> = {}): ParsedOf<'demand:create'> => ({
  communityId: 'cA',
  compoundId: 'cA-c1',
  channel: 'hotline',
  category: 'facilities',
  reporterName: '王芳',
  reporterPhone: '13812345678',
  receivedAt: '2026-05-12T09:30:00+08:00',
  description: '3栋楼道灯不亮，夜间出行不便',
  ...extra,
})

const list = (extra: Partial<ParsedOf<'demand:list'>> = {}): ParsedOf<'demand:list'> => ({ page: 1, pageSize: 20, ...extra })

async function setup(opts: { fs?: SpyFs; dataDir?: string; seed?: boolean } = {}) {
  const dataDir = opts.dataDir ?? (await tempDir())
  const now = clock(NOW)
  const db = await openDatabase({ dataDir, fs: opts.fs, now })
  if (opts.seed !== false && !db.communities().length) await db.addCommunities(communities, [])
  let n = 0
  const services = createServices({ audit: memoryAuditLogForTests(), db, now, newId: () => `id${++n}` })
  return { db, services, dataDir, now }
}

const tmpOpens = (fs: SpyFs) => fs.calls.filter((c) => c.op === 'open' && c.path.endsWith('.tmp')).length

describe('demand services', () => {
  it('creates, gets, lists and updates, and it all survives a reopen', async () => {
    const { services, dataDir, db } = await setup()
    const created = await services.demand.create(input())
    expect(created).toMatchObject({
      communityId: 'cA',
      status: 'called',
      reporterName: '王*',
      reporterPhone: '138****5678',
      createdAt: expect.stringMatching(/^2026-05-20T/),
    })
    expect(created.id).toBe('cA~202605~id1')
    // Stored data keeps the real phone.
    const file = JSON.parse(await readFile(join(dataDir, 'demands', 'cA', '2026-05.json'), 'utf8'))
    expect(file.items[0].reporterPhone).toBe('13812345678')

    const updated = await services.demand.update({
      id: created.id,
      revision: revisionOf(created),
      patch: { status: 'accepted', description: '3栋楼道灯已报修', receivedAt: '2026-05-02T08:00:00+08:00', reporterPhone: null },
    })
    expect(updated).toMatchObject({ status: 'accepted', description: '3栋楼道灯已报修', reporterPhone: '' })
    await db.close()

    const again = await setup({ dataDir })
    const got = await again.services.demand.get({ id: created.id })
    expect(got).toMatchObject({ status: 'accepted', receivedAt: '2026-05-02T08:00:00+08:00', reporterPhone: '' })
    const page = await again.services.demand.list(list({ communityId: 'cA' }))
    expect(page.total).toBe(1)
    expect(page.items.map((d) => d.id)).toEqual([created.id])
    expect(again.db.countsOf('cA')['2026-05'].byStatus).toEqual({ accepted: 1 })
    const status = await again.services.app.status({})
    expect(status).toMatchObject({ dataDir, firstRun: false, sampleLoaded: false, notices: [] })
  })

  it('reports firstRun until there is a community or a demand', async () => {
    const { services } = await setup({ seed: false })
    expect((await services.app.status({})).firstRun).toBe(true)
    expect(await services.community.list({})).toEqual([])
  })

  describe('domain rules, with nothing written', () => {
    const cases: Array<[string, (s: Awaited<ReturnType<typeof setup>>, id: string) => Promise<unknown>, object]> = [
      [
        'unknown community',
        (s) => s.services.demand.create(input({ communityId: 'nope', compoundId: undefined })),
        { code: 'VALIDATION', message: '所选社区不存在', fields: { communityId: '所选社区不存在' } },
      ],
      [
        'compound of another community',
        (s) => s.services.demand.create(input({ compoundId: 'cB-c1' })),
        { code: 'VALIDATION', fields: { compoundId: '所选小区不属于该社区' } },
      ],
      [
        'compound of another community on update',
        (s, id) => s.services.demand.update({ id, revision: 1, patch: { compoundId: 'cB-c1' } }),
        { code: 'VALIDATION', fields: { 'patch.compoundId': '所选小区不属于该社区' } },
      ],
      [
        'illegal status move',
        (s, id) => s.services.demand.update({ id, revision: 1, patch: { status: 'handling' } }),
        { code: 'VALIDATION', fields: { 'patch.status': '不能从“居民呼叫”直接变为“分类办理”' } },
      ],
      [
        'closing by editing (办结 goes through 效果评价)',
        (s, id) => s.services.demand.update({ id, revision: 1, patch: { status: 'evaluated' } }),
        { code: 'VALIDATION', fields: { 'patch.status': '诉求须在“效果评价”中反馈告知、回访评价后办结，不能直接改为“监督评价”' } },
      ],
      [
        // (another month is a correction: the record moves, tests/integration/intake.test.ts)
        'received time corrected into the future',
        (s, id) => s.services.demand.update({ id, revision: 1, patch: { receivedAt: '2026-06-01T09:00:00+08:00' } }),
        {
          code: 'VALIDATION',
          fields: { 'patch.receivedAt': '受理时间不能晚于当前时间（现在是 2026-05-20 10:00），请核对受理日期和时间' },
        },
      ],
      [
        'unknown demand',
        (s) => s.services.demand.update({ id: 'cA~202605~missing', revision: 1, patch: { description: '无' } }),
        { code: 'NOT_FOUND', message: '未找到该诉求' },
      ],
      ['malformed demand id', (s) => s.services.demand.get({ id: 'garbage' }), { code: 'NOT_FOUND' }],
      [
        'unknown community in a trend',
        (s) => s.services.stats.petitionTrend({ communityId: 'nope', from: '2026-01', to: '2026-05', scope: 'all' }),
        { code: 'VALIDATION', fields: { communityId: '所选社区不存在' } },
      ],
    ]
    it.each(cases)('%s', async (_name, call, expected) => {
      const fs = spyFs()
      const s = await setup({ fs })
      const { id } = await s.services.demand.create(input())
      const file = join(s.dataDir, 'demands', 'cA', '2026-05.json')
      const before = await readFile(file, 'utf8')
      const writes = tmpOpens(fs)
      await expect(call(s, id)).rejects.toMatchObject(expected)
      expect(tmpOpens(fs)).toBe(writes)
      expect(await readFile(file, 'utf8')).toBe(before)
    })
  })

  it('moves along the loop and may step back one', async () => {
    const { services, db } = await setup()
    const { id } = await services.demand.create(input())
    for (const status of ['accepted', 'handling', 'notified', 'handling', 'coordinating', 'escalated', 'notified'] as const) {
      expect((await services.demand.update({ id, revision: await demandRevision(db, id), patch: { status } })).status).toBe(status)
    }
  })

  it('reports WRITE_FAILED and keeps the old state when the disk refuses', async () => {
    const fs = spyFs()
    const { services, dataDir } = await setup({ fs })
    const { id } = await services.demand.create(input())
    fs.failNext('fsync', /\.tmp$/, 'ENOSPC')
    await expect(services.demand.update({ id, revision: 1, patch: { status: 'accepted' } })).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: '保存失败：磁盘空间不足，本次修改未保存',
    })
    expect((await services.demand.get({ id })).status).toBe('called')
    fs.failNext('writeFile', /\.tmp$/, 'EIO')
    await expect(services.demand.create(input())).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    expect((await services.demand.list(list())).total).toBe(1)
    expect((await readdir(join(dataDir, 'demands', 'cA'))).sort()).toEqual(['2026-05.json'])
  })
})

describe('time zone and the clock', () => {
  it('files a demand received at 2025-03-31T16:30:00Z (00:30 on 1 April in China) in April, and counts it there', async () => {
    const { services, db } = await setup()
    const parsed = demandCreateInput.parse({ ...input(), receivedAt: '2025-03-31T16:30:00Z' })
    const created = await services.demand.create(parsed)
    expect(created.id).toMatch(/^cA~202504~/)
    expect(await readdir(join(db.dataDir, 'demands', 'cA'))).toEqual(['2025-04.json'])
    expect(db.countsOf('cA')['2025-04'].total).toBe(1)
    expect(db.countsOf('cA')['2025-03']).toBeUndefined()
    const trend = await services.stats.petitionTrend({ communityId: 'cA', from: '2025-03', to: '2025-04', scope: 'all' })
    expect(trend.points.map((p) => [p.month, p.count])).toEqual([['2025-03', 0], ['2025-04', 1]])
    expect((await services.demand.list(list({ month: '2025-04' }))).total).toBe(1)
    expect((await services.demand.list(list({ month: '2025-03' }))).total).toBe(0)
    // Within April it stays; a time in March (China) moves it to March (same case number).
    const fixed = await services.demand.update({ id: created.id, revision: created.revision, patch: { receivedAt: '2025-04-01T09:00:00+08:00' } })
    expect(fixed.receivedAt).toBe('2025-04-01T09:00:00+08:00')
    expect(fixed.id).toBe(created.id)
    const moved = await services.demand.update({ id: created.id, revision: fixed.revision, patch: { receivedAt: '2025-03-31T15:00:00Z' } })
    expect(moved.id).toMatch(/^cA~202503~/)
    expect(moved.caseNo).toBe(created.caseNo)
    expect(db.countsOf('cA')['2025-03'].total).toBe(1)
    expect(db.countsOf('cA')['2025-04']).toBeUndefined()
  })

  it('reads a time without offset as street time', async () => {
    const { services } = await setup()
    const parsed = demandCreateInput.parse({ ...input(), receivedAt: '2026-05-01T00:10' })
    const created = await services.demand.create(parsed)
    expect(created.receivedAt).toBe('2026-05-01T00:10:00+08:00')
    expect(created.id).toMatch(/^cA~202605~/)
  })

  it('refuses a future received time by the injected clock, naming the field, on create and update', async () => {
    const { services, now } = await setup()
    // NOW is 2026-05-20 10:00 in China; the machine's own clock is not consulted.
    const err = await services.demand.create(input({ receivedAt: '2026-05-20T11:00:00+08:00' })).catch((e) => e)
    expect(err).toMatchObject({ code: 'VALIDATION', fields: { receivedAt: expect.stringContaining('受理时间不能晚于当前时间') } })
    expect(err.message).toContain('2026-05-20 10:00')
    // A few minutes of skew are tolerated.
    const ok = await services.demand.create(input({ receivedAt: '2026-05-20T10:03:00+08:00' }))
    const upd = await services.demand.update({ id: ok.id, revision: ok.revision, patch: { receivedAt: '2026-05-21T09:00:00+08:00' } }).catch((e) => e)
    expect(upd).toMatchObject({ code: 'VALIDATION', fields: { 'patch.receivedAt': expect.stringContaining('受理时间不能晚于当前时间') } })
    now.advance(2 * 86_400_000)
    const later = await services.demand.update({ id: ok.id, revision: ok.revision, patch: { receivedAt: '2026-05-21T09:00:00+08:00' } })
    expect(later.receivedAt).toBe('2026-05-21T09:00:00+08:00')
  })
})

describe('demand list paging', () => {
  /** cA: 5 demands in each of 2025-06..2026-05 (60), cB: 3 in 2026-05 and 2 in 2025-01. */
  async function spread(dataDir: string) {
    const now = clock(NOW)
    const db = await openDatabase({ dataDir, now })
    await db.addCommunities(communities, [])
    let n = 0
    const services = createServices({ audit: memoryAuditLogForTests(), db, now, newId: () => `p${++n}` })
    for (let m = 0; m < 12; m++) {
      const month = addMonths('2025-06', m)
      for (let d = 1; d <= 5; d++) {
        const created = await services.demand.create(input({ receivedAt: `${month}-${String(d * 3).padStart(2, '0')}T10:00:00+08:00` }))
        if (d === 1) await services.demand.update({ id: created.id, revision: revisionOf(created), patch: { status: 'accepted' } })
      }
    }
    for (const at of ['2026-05-01T10:00:00+08:00', '2026-05-07T10:00:00+08:00', '2026-05-19T10:00:00+08:00', '2025-01-05T10:00:00+08:00', '2025-01-06T10:00:00+08:00']) {
      await services.demand.create(input({ communityId: 'cB', compoundId: undefined, receivedAt: at }))
    }
    await db.close()
  }

  async function allDemands(db: Database): Promise<Demand[]> {
    const out: Demand[] = []
    for (const c of db.communities()) {
      for (const month of Object.keys(db.countsOf(c.id))) out.push(...(await db.readPartition(c.id, month)))
    }
    return out.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || (a.id < b.id ? 1 : -1))
  }

  it('reads only the partitions a page needs', async () => {
    const dataDir = await tempDir()
    await spread(dataDir)
    const fs = spyFs()
    const { services } = await setup({ fs, dataDir })
    const partitionReads = () => fs.reads().filter((p) => p.includes(`${join(dataDir, 'demands')}`)).map((p) => p.slice(dataDir.length + 1))

    const one = await services.demand.list(list({ communityId: 'cA', month: '2025-09' }))
    expect(one.total).toBe(5)
    expect(partitionReads()).toEqual([join('demands', 'cA', '2025-09.json')])

    // cA has 5 a month: page 3 of 5 is exactly 2026-03; 2026-05 and 2026-04 are skipped by counts.
    fs.calls.length = 0
    const p3 = await services.demand.list(list({ communityId: 'cA', page: 3, pageSize: 5 }))
    expect(p3.total).toBe(60)
    expect(p3.items.map((d) => d.receivedAt.slice(0, 10))).toEqual(['2026-03-15', '2026-03-12', '2026-03-09', '2026-03-06', '2026-03-03'])
    expect(partitionReads()).toEqual([join('demands', 'cA', '2026-03.json')])

    // A page straddling two months needs just those two; 2026-03 is already in memory.
    fs.calls.length = 0
    const p4 = await services.demand.list(list({ communityId: 'cA', page: 4, pageSize: 4 }))
    expect(p4.items.map((d) => d.receivedAt.slice(0, 7))).toEqual(['2026-03', '2026-03', '2026-03', '2026-02'])
    expect(partitionReads()).toEqual([join('demands', 'cA', '2026-02.json')])

    fs.calls.length = 0
    const all = await services.demand.list(list({ page: 1, pageSize: 6 }))
    expect(all.total).toBe(65)
    expect(partitionReads().sort()).toEqual([join('demands', 'cA', '2026-05.json'), join('demands', 'cB', '2026-05.json')])
    expect(all.items.map((d) => d.receivedAt.slice(0, 10))).toEqual([
      '2026-05-19', '2026-05-15', '2026-05-12', '2026-05-09', '2026-05-07', '2026-05-06',
    ])
  })

  it('matches a full scan on every page, with and without filters', async () => {
    const dataDir = await tempDir()
    await spread(dataDir)
    const { services, db } = await setup({ dataDir })
    const everything = await allDemands(db)
    const filters: Array<Partial<ParsedOf<'demand:list'>>> = [{}, { communityId: 'cB' }, { status: 'accepted' }, { communityId: 'cA', status: 'called' }]
    for (const f of filters) {
      const expected = everything.filter((d) => (!f.communityId || d.communityId === f.communityId) && (!f.status || d.status === f.status))
      const pageSize = 7
      const seen: string[] = []
      for (let page = 1; page <= Math.ceil(expected.length / pageSize) + 1; page++) {
        const r = await services.demand.list(list({ ...f, page, pageSize }))
        expect(r.total).toBe(expected.length)
        seen.push(...r.items.map((d) => d.id))
      }
      expect(seen).toEqual(expected.map((d) => d.id))
    }
    expect((await services.demand.list(list({ communityId: 'nope' })))).toMatchObject({ items: [], total: 0 })
  })
})

describe('sample street', () => {
  it('loads 15 communities and two years of demands, once, in a few seconds', async () => {
    const { services, db, dataDir, now } = await setup({ seed: false })
    const started = Date.now()
    const result = await services.sample.load({})
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.communities).toBe(15)
    expect(result.demands).toBe(db.demandTotal())
    expect(result.demands).toBeGreaterThan(15 * 24 * 15 * 0.9)
    expect(result.demands).toBeLessThan(15 * 24 * 40)

    const list = await services.community.list({})
    expect(list).toHaveLength(15)
    expect(list.every((c) => c.sample && c.grids.length >= 3 && c.grids.length <= 6 && c.compounds.length >= 3 && c.compounds.length <= 8)).toBe(true)
    const pilot = list.find((c) => c.name === '七口堰社区')!
    expect(pilot.households).toBe(7220)
    expect((await services.app.status({})).sampleLoaded).toBe(true)

    // Two years ending with the current month, nothing in the future.
    const months = Object.keys(db.countsOf(pilot.id)).sort()
    expect(months[0]).toBe('2024-06')
    expect(months.at(-1)).toBe('2026-05')
    const latest = await services.demand.list({ page: 1, pageSize: 1 })
    expect(Date.parse(latest.items[0].receivedAt)).toBeLessThanOrEqual(now().getTime())
    expect(latest.items[0].reporterPhone).toMatch(/^$|^1\d{2}\*{4}\d{4}$/)

    // Every partition was written once (bulk path).
    const partitionWrites = (await readdir(join(dataDir, 'demands', pilot.id))).length
    expect(partitionWrites).toBe(24)

    await expect(services.sample.load({})).rejects.toMatchObject({ code: 'CONFLICT', message: '示例街道已加载' })
  })

  it('shows the pilot community falling year on year, from the summary only', async () => {
    const fs = spyFs()
    const { services } = await setup({ fs, seed: false })
    await services.sample.load({})
    const reads = fs.reads().length
    const petitions = await services.stats.petitionTrend({ communityId: 'mjd-qikouyan', from: '2025-06', to: '2026-05', scope: 'petition' })
    expect(petitions.totalYoy).toEqual({ delta: -37, percent: -55.2 })
    expect(petitions.total).toBe(30)
    const all = await services.stats.petitionTrend({ communityId: 'mjd-qikouyan', from: '2025-06', to: '2026-05', scope: 'all' })
    expect(all.totalYoy.percent).toBeLessThan(-25)
    expect(all.totalYoy.percent).toBeGreaterThan(-45)
    expect(Object.keys(all.months)).toHaveLength(12)
    expect(all.months['2026-01'].total).toBe(all.points.find((p) => p.month === '2026-01')!.count)
    expect(fs.reads().length).toBe(reads) // no record was read
    // Elsewhere petitions are about a tenth of all demands.
    const other = await services.stats.petitionTrend({ communityId: 'mjd-binjiang', from: '2024-06', to: '2026-05', scope: 'all' })
    const sum = (k: 'petition' | 'hotline') => Object.values(other.months).reduce((s, m) => s + (m.byChannel[k] ?? 0), 0)
    expect(sum('petition') / other.total).toBeGreaterThan(0.05)
    expect(sum('petition') / other.total).toBeLessThan(0.16)
    expect(sum('hotline')).toBeGreaterThan(sum('petition'))
  })

  it('generates the same street for the same clock', async () => {
    const a = await setup({ seed: false })
    const b = await setup({ seed: false })
    await a.services.sample.load({})
    await b.services.sample.load({})
    const pa = await a.services.demand.list(list({ communityId: 'mjd-qikouyan', pageSize: 50 }))
    const pb = await b.services.demand.list(list({ communityId: 'mjd-qikouyan', pageSize: 50 }))
    expect(pa).toEqual(pb)
  })

  it('removes the sample communities with their generated demands; a user community stays', async () => {
    const { services, db, dataDir } = await setup({ seed: false })
    // A user's own community (its name must differ from the sample's: names are unique).
    await db.addCommunities([{ ...communities[1], name: '本街道自建社区' }], [])
    await services.demand.create(input({ communityId: 'cB', compoundId: undefined }))
    const loaded = await services.sample.load({})
    const plan = await services.sample.removePlan({})
    expect(plan).toMatchObject({ demandsRemoved: loaded.demands, demandsKept: 0, communitiesKept: [] })
    expect(plan.communitiesRemoved).toHaveLength(15)
    const removed = await services.sample.remove({})
    expect(removed).toMatchObject({ communities: 15, demands: loaded.demands, demandsKept: 0 })
    expect((await services.community.list({})).map((c) => c.id)).toEqual(['cB'])
    expect(await readdir(join(dataDir, 'demands'))).toEqual(['cB'])
    expect(db.demandTotal()).toBe(1)
    // summary.json is saved lazily (and at close); the counts in memory are what it will hold.
    expect(loaded.communities).toBe(15)
    for (const c of SAMPLE_COMMUNITIES) expect(db.countsOf(c.id)).toEqual({})
    expect((await services.app.status({})).sampleLoaded).toBe(false)
    expect(await services.sample.remove({})).toMatchObject({ communities: 0, demands: 0, backup: null })
    // It can be loaded again after removal.
    expect((await services.sample.load({})).communities).toBe(15)
  })

  it('keeps demands users recorded in a sample community, and the community with them; backs up and audits first', async () => {
    const dataDir = await tempDir()
    const now = clock(NOW)
    const db = await openDatabase({ dataDir, now })
    const audit = memoryAuditLogForTests()
    let n = 0
    const services = createServices({ audit, db, now, newId: () => `user${String(++n).padStart(7, '0')}` })
    const loaded = await services.sample.load({})
    const mine = []
    for (let i = 0; i < 4; i++) {
      mine.push(await services.demand.create(input({ communityId: 'mjd-qikouyan', compoundId: 'mjd-qikouyan-c2', receivedAt: `2026-0${2 + i}-12T09:30:00+08:00` })))
    }
    const before = await services.community.list({})
    const pilot = before.find((c) => c.id === 'mjd-qikouyan')!
    const generatedInPilot = Object.values(db.countsOf('mjd-qikouyan')).reduce((s, m) => s + m.total, 0) - 4

    const plan = await services.sample.removePlan({})
    expect(plan.communitiesKept).toEqual([{ id: 'mjd-qikouyan', name: '七口堰社区', userDemands: 4, sampleDemands: generatedInPilot }])
    expect(plan.communitiesRemoved).toHaveLength(14)
    expect(plan).toMatchObject({ demandsRemoved: loaded.demands, demandsKept: 4 })

    const removed = await services.sample.remove({})
    expect(removed).toMatchObject({ communities: 14, demands: loaded.demands, demandsKept: 4 })
    // The community stays with its grids and compounds, no longer marked as sample.
    const after = await services.community.list({})
    expect(after.map((c) => c.id)).toEqual(['mjd-qikouyan'])
    expect(after[0].sample).toBeUndefined()
    expect(after[0].grids).toEqual(pilot.grids)
    expect(after[0].compounds).toEqual(pilot.compounds)
    expect((await services.app.status({})).sampleLoaded).toBe(false)
    // Exactly the user's four demands remain, with their personal data.
    expect(db.demandTotal()).toBe(4)
    const left = await services.demand.list(list({ communityId: 'mjd-qikouyan' }))
    expect(left.items.map((d) => d.id).sort()).toEqual(mine.map((d) => d.id).sort())
    expect((await services.demand.unmask({ id: mine[0].id })).reporterPhone).toBe('13812345678')

    // A backup was taken first, holding the sample street as it was.
    const backups = await db.backups()
    const first = backups.find((b) => b.reason === 'before-sample-remove')!
    expect(first.id).toBe(removed.backup)
    expect(first.demands).toBe(loaded.demands + 4)
    expect(first.communities).toBe(15)
    // …and the removal is audited with what went and what stayed.
    const entry = audit.entries().find((e) => e.action === 'sample.remove')
    expect(entry?.detail).toMatchObject({
      backup: removed.backup,
      communitiesRemoved: 14,
      demandsRemoved: loaded.demands,
      demandsKept: 4,
      communitiesKept: [{ id: 'mjd-qikouyan', name: '七口堰社区', userDemands: 4 }],
    })

    // The data stays after a reopen.
    await db.close({ backup: false })
    const again = await openDatabase({ dataDir, now })
    expect(again.communities().map((c) => c.id)).toEqual(['mjd-qikouyan'])
    expect(again.demandTotal()).toBe(4)
    await again.close({ backup: false })
  })

  it('tells generated demands from user records by the marker, or by the generator id and stamps', () => {
    const base = { id: 'mjd-qikouyan~202604~s012', receivedAt: '2026-04-03T09:00:00+08:00', createdAt: '2026-04-03T09:00:00+08:00' }
    expect(isSampleDemand({ ...base, sample: true })).toBe(true)
    expect(isSampleDemand(base)).toBe(true)
    expect(isSampleDemand({ ...base, createdAt: '2026-04-03T09:05:00+08:00' })).toBe(false)
    expect(isSampleDemand({ ...base, id: 'mjd-qikouyan~202604~Ab3_x9Kq2Lw' })).toBe(false)
  })
})
