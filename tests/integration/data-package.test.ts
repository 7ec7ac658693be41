// 数据包 (issue 12 item 6) through two real backends, as two machines: the street office exports a
// signed package; the leader's laptop refuses a tampered, corrupted or newer one (nothing loaded),
// opens a good one read-only (writes refused by the backend, figures equal to the source's), and
// goes back to its own data. Export, open, refusal and close are audited on the machine that did them.
import { gunzipSync, gzipSync } from 'node:zlib'
import { access } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { PackageFile, PackageStatus } from '../../shared/contract/package'
import { PACKAGE_MAGIC, PACKAGE_READ_ONLY_MESSAGE } from '../../shared/domain/data-package'
import { packageFolderOf } from '../../electron/api/package-mode'
import { must, teamPerTest, type Call } from '../helpers/sessions'

const team = teamPerTest()
const entries = async (t: { backend: { audit: { list(i: { page: number; pageSize: number }): Promise<{ items: Array<{ action: string; actor: string; detail: Record<string, unknown> }> }> } } }) =>
  (await t.backend.audit.list({ page: 1, pageSize: 200 })).items
const STATS = { preset: 'last12Months', granularity: 'month', communityIds: [], rankBy: 'closeRate', order: 'asc', sentences: 'yoyAndMom' }

async function upload(call: Call, bytes: Buffer, uploadId = 'pkg-upload-1'): Promise<void> {
  for (let offset = 0; offset < bytes.length; offset += 1024 * 1024) {
    await must(call, 'package:upload', { uploadId, size: bytes.length, offset, data: bytes.subarray(offset, offset + 1024 * 1024).toString('base64') })
  }
}

async function openBytes(call: Call, bytes: Buffer) {
  await upload(call, bytes)
  return call('package:open', { uploadId: 'pkg-upload-1' })
}

/** Rewrites one entry's text inside a package (re-gzipped, so only the checksum can tell). */
function withEntry(bytes: Buffer, edit: (envelope: { manifest: string; formatVersion: number; entries: Record<string, string> }) => void): Buffer {
  const magic = Buffer.from(PACKAGE_MAGIC)
  const envelope = JSON.parse(gunzipSync(bytes.subarray(magic.length)).toString('utf8'))
  edit(envelope)
  return Buffer.concat([magic, gzipSync(JSON.stringify(envelope))])
}

describe('数据包', () => {
  it('exports, refuses tampered / corrupted / newer packages with the reason, opens a good one read-only and closes it', async () => {
    const office = await team()
    const laptop = await team()
    await must(office.as.admin, 'sample:load')
    // Counts of months before the app was used travel too: the laptop must show the office's figures.
    const [first] = await must<Array<{ id: string }>>(office.as.admin, 'community:list')
    await must(office.as.secretary, 'history:save', { communityId: first.id, months: [{ month: '2019-03', petitions: 4, demands: 30 }] })
    const file = await must<PackageFile>(office.as.secretary, 'package:export', { communityIds: [], masked: true })
    // Named as the header names the street; stamped with the street's wall clock (createdAt carries its offset).
    expect(file.fileName).toMatch(/^议事台数据包-马家店街道-\d{8}-\d{4}\.yspkg$/)
    expect(file.info.createdAt).toMatch(/\+08:00$/)
    expect(file.fileName).toContain(file.info.createdAt.slice(0, 16).replace(/-|:/g, '').replace('T', '-'))
    expect(file.info.street).toBe('马家店街道')
    expect(file.info.counts.history).toBe(1)
    expect(file.info).toMatchObject({ masked: true, createdBy: { name: '李秘书', role: 'secretary' }, ownKey: true })
    expect(file.info.counts.demands).toBeGreaterThan(0)
    const exported = (await entries(office)).find((e) => e.action === 'package.export')
    expect(exported?.detail).toMatchObject({ masked: true, fingerprint: file.info.fingerprint })
    const bytes = Buffer.from(file.base64, 'base64')

    // One byte changed in the compressed body: the container no longer opens.
    const flipped = Buffer.from(bytes)
    flipped[Math.floor(flipped.length / 2)] ^= 0xff
    const corrupted = await openBytes(laptop.as.leader, flipped)
    expect(corrupted.ok || corrupted.error.message).toMatch(/^无法打开：数据包(已损坏|签名校验失败|内容校验值不符)/)
    // One record changed, container rebuilt: the checksum catches it.
    const tampered = await openBytes(laptop.as.leader, withEntry(bytes, (e) => void (e.entries.demands = e.entries.demands.replace('"status":"', '"status":"x'))))
    expect(tampered.ok || tampered.error.message).toBe('无法打开：数据包内容校验值不符（demands），内容可能被篡改，未载入任何数据')
    // The manifest edited (e.g. who made it): the signature catches it.
    const forged = await openBytes(laptop.as.leader, withEntry(bytes, (e) => void (e.manifest = e.manifest.replace('李秘书', '王书记'))))
    expect(forged.ok || forged.error.message).toBe('无法打开：数据包签名校验失败，内容可能被篡改，未载入任何数据')
    const newer = await openBytes(laptop.as.leader, withEntry(bytes, (e) => void (e.formatVersion = 2)))
    expect(newer.ok || newer.error.message).toBe('无法打开：数据包格式版本 2 高于本程序支持的版本 1，请先升级议事台，未载入任何数据')
    const notPackage = await openBytes(laptop.as.leader, Buffer.from('PK\u0003\u0004 not a package'))
    expect(notPackage.ok || notPackage.error.message).toBe('无法打开：这不是议事台数据包（.yspkg）文件，未载入任何数据')
    // Nothing loaded: the laptop still serves its own (empty) data, no package folder exists.
    expect(await must<PackageStatus>(laptop.as.leader, 'package:status')).toEqual({ open: false })
    expect(await must<unknown[]>(laptop.as.leader, 'community:list')).toEqual([])
    await expect(access(packageFolderOf(laptop.dataDir))).rejects.toThrow()
    expect((await entries(laptop)).filter((e) => e.action === 'package.refused')).toHaveLength(5)

    const opened = await openBytes(laptop.as.leader, bytes)
    expect(opened.ok).toBe(true)
    const status = (opened as { result: PackageStatus }).result
    expect(status.info).toMatchObject({ createdBy: { name: '李秘书' }, fingerprint: file.info.fingerprint, ownKey: false, createdAt: file.info.createdAt })
    expect((await entries(laptop)).find((e) => e.action === 'package.open')?.detail).toMatchObject({ fingerprint: file.info.fingerprint })

    // Every session, even one nobody signed in, is the built-in read-only leader.
    const visitor = laptop.session()
    expect(await must(visitor, 'session:status')).toMatchObject({ operator: { role: 'leader', name: '领导（只读数据包）' }, locked: false })
    const communities = await must<Array<{ id: string }>>(visitor, 'community:list')
    const ids = communities.map((c) => c.id)
    expect(ids).toEqual((await must<Array<{ id: string }>>(office.as.leader, 'community:list')).map((c) => c.id))
    const stats = { ...STATS, communityIds: ids }
    expect(await must(visitor, 'stats:street', stats)).toEqual(await must(office.as.leader, 'stats:street', stats))
    const early = { ...STATS, preset: undefined, from: '2019-01', to: '2019-06', communityIds: ids }
    const earlyOnLaptop = await must<{ street: { petitions: { count: number }; historicalMonths: string[] } }>(visitor, 'stats:street', early)
    expect(earlyOnLaptop.street.petitions.count).toBe(4)
    expect(earlyOnLaptop.street.historicalMonths).toEqual(['2019-03'])
    expect(earlyOnLaptop).toEqual(await must(office.as.leader, 'stats:street', early))
    const [community] = communities
    const list = await must<{ items: Array<{ reporterName: string; reporterPhone: string }> }>(visitor, 'demand:list', { communityId: community.id, page: 1, pageSize: 5 })
    expect(list.items.length).toBeGreaterThan(0)
    for (const d of list.items) expect(d.reporterName).toMatch(/\*/)

    // Writes are refused by the backend, whatever the UI shows; nothing reaches the laptop's data.
    for (const [channel, payload] of [
      ['community:create', { name: '新社区', grids: [], compounds: [] }],
      ['backup:create', {}],
      ['session:signOut', {}],
      ['sample:load', {}],
    ] as const) {
      const refused = await visitor(channel, payload)
      expect(refused.ok || refused.error).toEqual({ code: 'FORBIDDEN', message: PACKAGE_READ_ONLY_MESSAGE })
    }

    expect(await must<PackageStatus>(visitor, 'package:close')).toEqual({ open: false })
    expect((await entries(laptop)).find((e) => e.action === 'package.close')?.actor).toMatch('领导（只读数据包）')
    expect(await must<unknown[]>(laptop.as.leader, 'community:list')).toEqual([])
    await expect(access(packageFolderOf(laptop.dataDir))).rejects.toThrow()
  })

  it('an operator who may not unmask cannot export unmasked data; a leader may not export at all', async () => {
    const office = await team()
    await must(office.as.admin, 'sample:load')
    const leader = await office.as.leader('package:export', { masked: true })
    expect(leader.ok || leader.error.code).toBe('FORBIDDEN')
    const full = await must<PackageFile>(office.as.admin, 'package:export', { masked: false })
    expect(full.info.masked).toBe(false)
  })
})
