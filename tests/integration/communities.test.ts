import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError, type ParsedOf } from '../../shared/contract'
import { communityCreateInput, communityUpdateInput } from '../../shared/contract'
import { COMMUNITY_ID_RE, openDatabase } from '../../electron/data'
import { createServices } from '../../electron/services'
import { clock, spyFs, tempDir, type SpyFs } from './helpers'
import { communityRevision, memoryAuditLogForTests } from '../helpers/audit-log'

const NOW = '2026-05-20T10:00:00+08:00'

async function setup(opts: { fs?: SpyFs; dataDir?: string } = {}) {
  const dataDir = opts.dataDir ?? (await tempDir())
  const now = clock(NOW)
  const db = await openDatabase({ dataDir, fs: opts.fs, now })
  let n = 0
  current = db
  const services = createServices({ audit: memoryAuditLogForTests(), db, now, newId: () => `id${++n}` })
  return { db, services, dataDir }
}

const create = (input: unknown): ParsedOf<'community:create'> => communityCreateInput.parse(input)
/** An edit as the dialog sends it: naming the revision it read (1 for records without one). */
let current: { community(id: string): unknown } | null = null
const update = (input: { id: string; [k: string]: unknown }): ParsedOf<'community:update'> =>
  communityUpdateInput.parse({ revision: current ? communityRevision(current, input.id) : 1, ...input })

const qky = () =>
  create({
    name: '七口堰社区',
    households: 7220,
    grids: [{ name: '第一网格' }, { name: '第二网格' }],
    compounds: [
      { name: '丽景花园', gridIndex: 0 },
      { name: '江城名都', gridName: '第二网格' },
      { name: '老街小区' },
    ],
  })

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

const fileCommunities = async (dir: string) =>
  (JSON.parse(await readFile(join(dir, 'communities.json'), 'utf8')) as { communities: unknown[] }).communities

describe('community services', () => {
  it('creates a community with ids that fit the data layer, durable in communities.json', async () => {
    const { services, dataDir, db } = await setup()
    expect((await services.app.status({})).firstRun).toBe(true)
    const c = await services.community.create(qky())
    expect(c.id).toMatch(COMMUNITY_ID_RE)
    expect(c).toMatchObject({ name: '七口堰社区', households: 7220 })
    expect(c.grids.map((g) => g.name)).toEqual(['第一网格', '第二网格'])
    const [g1, g2] = c.grids
    expect(c.compounds).toEqual([
      { id: expect.any(String), name: '丽景花园', gridId: g1.id },
      { id: expect.any(String), name: '江城名都', gridId: g2.id },
      { id: expect.any(String), name: '老街小区' },
    ])
    expect(new Set([...c.grids, ...c.compounds].map((x) => x.id)).size).toBe(5)
    expect(await services.community.list({})).toEqual([c])
    expect(await fileCommunities(dataDir)).toEqual([c])
    expect((await stat(join(dataDir, 'demands', c.id))).isDirectory()).toBe(true)
    expect((await services.app.status({})).firstRun).toBe(false)
    await db.close({ backup: false })
  })

  it('updates with renames and additions, keeping existing ids', async () => {
    const { services, db } = await setup()
    const c = await services.community.create(qky())
    const [g1, g2] = c.grids
    const [p1, p2, p3] = c.compounds
    const next = await services.community.update(
      update({
        id: c.id,
        patch: {
          name: '七口堰',
          households: 7300,
          grids: [{ id: g1.id, name: '一网格' }, { id: g2.id, name: '二网格' }, { name: '三网格' }],
          compounds: [
            { id: p1.id, name: '丽景花园一期', gridIndex: 2 },
            { id: p2.id, name: '江城名都', gridName: '二网格' },
            { id: p3.id, name: '老街小区' },
            { name: '新建小区', gridIndex: 0 },
          ],
        },
      }),
    )
    expect(next.id).toBe(c.id)
    expect(next.name).toBe('七口堰')
    expect(next.households).toBe(7300)
    expect(next.grids.slice(0, 2)).toEqual([
      { id: g1.id, name: '一网格' },
      { id: g2.id, name: '二网格' },
    ])
    const g3 = next.grids[2]
    expect(g3.name).toBe('三网格')
    expect(next.compounds).toEqual([
      { id: p1.id, name: '丽景花园一期', gridId: g3.id },
      { id: p2.id, name: '江城名都', gridId: g2.id },
      { id: p3.id, name: '老街小区' },
      { id: expect.any(String), name: '新建小区', gridId: g1.id },
    ])
    // A grids-only patch leaves the compounds' grids alone; null clears households.
    const again = await services.community.update(
      update({ id: c.id, patch: { households: null, grids: [...next.grids, { name: '四网格' }] } }),
    )
    expect(again.households).toBeUndefined()
    expect(again.compounds).toEqual(next.compounds)
    expect(db.community(c.id)).toEqual(again)
    await db.close({ backup: false })
  })

  it('audits adding and editing a community; an operator limited to some communities edits only those and adds none', async () => {
    const dataDir = await tempDir()
    const now = clock(NOW)
    const db = await openDatabase({ dataDir, now })
    current = db
    let n = 0
    const audit = memoryAuditLogForTests()
    const services = createServices({ audit, db, now, newId: () => `id${++n}` })
    const admin = { transport: 'internal' as const, operator: { id: 'op-a', name: '王管理', role: 'admin' as const } }
    const c = await services.community.create(qky(), admin)
    const other = await services.community.create(create({ name: '东门社区', grids: [], compounds: [] }), admin)
    const scoped = { transport: 'internal' as const, operator: { id: 'op-s', name: '李秘书', role: 'secretary' as const, communityIds: [c.id] } }

    expect((await rejection(services.community.create(create({ name: '新社区', grids: [], compounds: [] }), scoped))).message).toBe(
      '您的账户只负责部分社区，不能新增社区；请由负责全街道的账户新增',
    )
    const refused = await rejection(services.community.update(update({ id: other.id, patch: { name: '东门' } }), scoped))
    expect([refused.code, refused.message]).toEqual(['FORBIDDEN', '您的账户只负责部分社区，无权修改其他社区'])
    expect(db.community(other.id)?.name).toBe('东门社区')

    const edited = await services.community.update(
      update({ id: c.id, patch: { name: '七口堰', compounds: [...c.compounds.map((p) => ({ id: p.id, name: p.name })), { name: '新建小区' }] } }),
      scoped,
    )
    expect(edited.name).toBe('七口堰')
    // An edit that changes nothing writes no entry.
    await services.community.update(update({ id: c.id, patch: { name: '七口堰' } }), scoped)

    const entries = audit.entries().map((e) => ({ action: e.action, actor: e.actor, target: e.target, detail: e.detail }))
    expect(entries).toEqual([
      { action: 'community.create', actor: expect.stringContaining('王管理'), target: c.id, detail: { community: '七口堰社区', grids: ['第一网格', '第二网格'], compounds: ['丽景花园', '江城名都', '老街小区'] } },
      { action: 'community.create', actor: expect.stringContaining('王管理'), target: other.id, detail: { community: '东门社区', grids: [], compounds: [] } },
      {
        action: 'community.update',
        actor: expect.stringContaining('李秘书'),
        target: c.id,
        detail: { community: '七口堰', renamedFrom: '七口堰社区', compoundsAdded: ['新建小区'], compoundsRegridded: ['丽景花园', '江城名都'] },
      },
    ])
    await db.close({ backup: false })
  })

  it('refuses unknown ids, duplicate names and removals with zh-CN messages', async () => {
    const { services, db, dataDir } = await setup()
    const c = await services.community.create(qky())
    const other = await services.community.create(create({ name: '团结路社区' }))

    const missing = await rejection(services.community.update(update({ id: 'c-nope', patch: { name: '甲社区' } })))
    expect(missing.code).toBe('NOT_FOUND')
    expect(missing.message).toBe('未找到该社区')

    const dupCreate = await rejection(services.community.create(create({ name: ' 七口堰社区 ' })))
    expect(dupCreate).toMatchObject({ code: 'VALIDATION', fields: { name: '社区名称已存在' } })
    const dupRename = await rejection(services.community.update(update({ id: other.id, patch: { name: '七口堰社区' } })))
    expect(dupRename).toMatchObject({ code: 'VALIDATION', fields: { 'patch.name': '社区名称已存在' } })
    // Keeping its own name is not a duplicate.
    await services.community.update(update({ id: c.id, patch: { name: '七口堰社区', households: 1 } }))

    const removeGrid = await rejection(
      services.community.update(update({ id: c.id, patch: { grids: [{ id: c.grids[0].id, name: '第一网格' }] } })),
    )
    expect(removeGrid).toMatchObject({ code: 'VALIDATION', fields: { 'patch.grids': '网格不能删除：第二网格' } })
    const removeCompound = await rejection(
      services.community.update(
        update({ id: c.id, patch: { compounds: c.compounds.slice(1).map(({ id, name }) => ({ id, name })) } }),
      ),
    )
    expect(removeCompound.fields).toEqual({ 'patch.compounds': '小区不能删除：丽景花园' })
    const foreign = await rejection(
      services.community.update(
        update({ id: other.id, patch: { compounds: [{ id: c.compounds[0].id, name: '丽景花园' }] } }),
      ),
    )
    expect(foreign.fields).toEqual({ 'patch.compounds.0.id': '小区不存在，请刷新后重试' })
    const badGrid = await rejection(
      services.community.update(update({ id: other.id, patch: { compounds: [{ name: '团结小区', gridIndex: 0 }] } })),
    )
    expect(badGrid.fields).toEqual({ 'patch.compounds.0.gridIndex': '所选网格不存在' })

    const names = (await fileCommunities(dataDir)).map((x) => (x as { name: string }).name)
    expect(names).toEqual(['七口堰社区', '团结路社区'])
    expect(db.community(other.id)!.compounds).toEqual([])
    await db.close({ backup: false })
  })

  it('refuses to load the sample street over a community of the same name, writing nothing', async () => {
    const { services, db } = await setup()
    await services.community.create(qky())
    const err = await rejection(services.sample.load({}))
    expect(err.code).toBe('CONFLICT')
    expect(err.message).toContain('已有同名社区：七口堰社区')
    expect(db.communities().map((c) => c.name)).toEqual(['七口堰社区'])
    expect(db.demandTotal()).toBe(0)
    // After a rename the sample loads beside it.
    const [mine] = db.communities()
    await services.community.update(update({ id: mine.id, patch: { name: '七口堰社区（本街道）' } }))
    const loaded = await services.sample.load({})
    expect(loaded.communities).toBe(15)
    expect(db.communities().filter((c) => c.name.startsWith('七口堰社区'))).toHaveLength(2)
  })

  it('concurrent creates with one name: exactly one wins', async () => {
    const { services, db } = await setup()
    const results = await Promise.allSettled([
      services.community.create(create({ name: '甲社区' })),
      services.community.create(create({ name: '甲社区' })),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(db.communities()).toHaveLength(1)
    await db.close({ backup: false })
  })

  it('a new community takes demands in its compounds at once, and a reopen keeps everything', async () => {
    const { services, db, dataDir } = await setup()
    const c = await services.community.create(qky())
    const demand = await services.demand.create({
      communityId: c.id,
      compoundId: c.compounds[1].id,
      channel: 'hotline',
      category: 'parking',
      reporterName: '王芳',
      receivedAt: '2026-05-12T09:30:00+08:00',
      description: '楼下车位被长期占用',
    })
    expect(demand.communityId).toBe(c.id)
    const renamed = await services.community.update(
      update({ id: c.id, patch: { compounds: c.compounds.map(({ id, name }) => ({ id, name: `${name}小区` })) } }),
    )
    await db.close({ backup: false })

    const reopened = await setup({ dataDir })
    expect(await reopened.services.community.list({})).toEqual([renamed])
    const page = await reopened.services.demand.list({ communityId: c.id, page: 1, pageSize: 20 })
    expect(page.items.map((d) => [d.id, d.compoundId])).toEqual([[demand.id, c.compounds[1].id]])
    await reopened.db.close({ backup: false })
  })

  it('a failed write leaves memory and the file unchanged', async () => {
    const fs = spyFs()
    const { services, db, dataDir } = await setup({ fs })
    const c = await services.community.create(qky())
    const fileBefore = await readFile(join(dataDir, 'communities.json'), 'utf8')

    fs.failNext('fsync', /communities\.json.*\.tmp$/, 'ENOSPC')
    const failedCreate = await rejection(services.community.create(create({ name: '团结路社区' })))
    expect(failedCreate.code).toBe('WRITE_FAILED')
    expect(failedCreate.message).toMatch(/磁盘空间不足/)

    fs.failNext('rename', /communities\.json$/, 'EIO')
    const failedUpdate = await rejection(services.community.update(update({ id: c.id, patch: { name: '改名社区' } })))
    expect(failedUpdate.code).toBe('WRITE_FAILED')

    expect(db.communities()).toEqual([c])
    expect(await readFile(join(dataDir, 'communities.json'), 'utf8')).toBe(fileBefore)
    expect(await services.community.list({})).toEqual([c])
    // The failed create's folder was taken back.
    expect(await readdir(join(dataDir, 'demands'))).toEqual([c.id])

    // And the next write works.
    const ok = await services.community.create(create({ name: '团结路社区' }))
    expect(db.communities().map((x) => x.id)).toEqual([c.id, ok.id])
    await db.close({ backup: false })
  })
})
