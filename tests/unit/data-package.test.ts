// 数据包 format (issue 12 item 6): the manifest's shape and version, the Ed25519 signature over its
// exact text, each entry's checksum, and the refusal messages; which channels a read-only package answers.
import { randomBytes } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CHANNELS } from '../../shared/contract'
import {
  PACKAGE_FORMAT_VERSION,
  PACKAGE_MAGIC,
  PACKAGE_READ_CHANNELS,
  checkManifest,
  formatFingerprint,
  packageFileName,
  type PackageManifest,
} from '../../shared/domain/data-package'
import { CHANNEL_RULES, ROLE_CAPABILITIES } from '../../shared/domain/permissions'
import { buildPackage, readPackage, signerFromDataKey } from '../../electron/services/data-package'

const key = randomBytes(32)
const signer = signerFromDataKey(key)
const base = {
  appVersion: '0.1.0',
  createdAt: '2026-12-01T09:30:00+08:00',
  createdBy: { name: '李秘书', id: 'op-1', role: 'secretary' },
  street: '马家店街道',
  communities: [{ id: 'cA', name: '七口堰社区' }],
  masked: true,
  counts: { demands: 2, communities: 1 },
}
const data = { communities: [{ id: 'cA', name: '七口堰社区', grids: [], compounds: [] }], demands: [{ id: 'd1', reporterName: '张*' }, { id: 'd2', reporterName: '李*' }] }

type Envelope = { formatVersion: number; manifest: string; signature: { publicKey: string; value: string }; entries: Record<string, string> }
function rewrite(file: Buffer, edit: (e: Envelope) => void): Buffer {
  const magic = Buffer.from(PACKAGE_MAGIC)
  const e = JSON.parse(gunzipSync(file.subarray(magic.length)).toString('utf8')) as Envelope
  edit(e)
  return Buffer.concat([magic, gzipSync(JSON.stringify(e))])
}
const refusal = (file: Buffer) => {
  try {
    readPackage(file)
    return 'accepted'
  } catch (err) {
    return (err as Error).message
  }
}

describe('data package format', () => {
  const file = buildPackage(base, data, signer)

  it('round-trips: the manifest lists every entry with its sha256; the same installation signs with the same key', () => {
    const read = readPackage(file)
    expect(read.manifest).toMatchObject({ ...base, format: 'yishi-data-package', formatVersion: PACKAGE_FORMAT_VERSION })
    expect(read.manifest.entries.map((e) => e.name)).toEqual(['communities', 'demands'])
    expect(read.manifest.entries.every((e) => /^[0-9a-f]{64}$/.test(e.sha256))).toBe(true)
    expect(read.entries.get('demands')).toEqual(data.demands)
    expect(read.fingerprintHex).toBe(signer.fingerprintHex)
    expect(signerFromDataKey(key).fingerprintHex).toBe(signer.fingerprintHex)
    expect(signerFromDataKey(randomBytes(32)).fingerprintHex).not.toBe(signer.fingerprintHex)
  })

  it('refuses what is not a package, and a corrupted container', () => {
    expect(refusal(Buffer.from('PK\u0003\u0004'))).toBe('无法打开：这不是议事台数据包（.yspkg）文件，未载入任何数据')
    expect(refusal(Buffer.concat([Buffer.from(PACKAGE_MAGIC), Buffer.from('garbage')]))).toBe('无法打开：数据包已损坏（内容无法解压或解析），未载入任何数据')
    const flipped = Buffer.from(file)
    flipped[flipped.length - 6] ^= 0x01 // inside the gzip trailer's CRC / size
    expect(refusal(flipped)).toMatch(/^无法打开：数据包已损坏/)
    // cut short (a copy that did not finish): said so
    expect(refusal(file.subarray(0, Math.floor(file.length * 0.7)))).toBe('无法打开：数据包已损坏（文件不完整，可能没有拷贝完整，请重新拷贝），未载入任何数据')
  })

  it('refuses an entry changed after signing (checksum), an entry added, and one missing', () => {
    expect(refusal(rewrite(file, (e) => void (e.entries.demands = e.entries.demands.replace('张*', '王*'))))).toBe(
      '无法打开：数据包内容校验值不符（demands），内容可能被篡改，未载入任何数据',
    )
    expect(refusal(rewrite(file, (e) => void (e.entries.extra = '[]')))).toMatch(/^无法打开：数据包内容校验值不符（清单外的内容：extra）/)
    expect(refusal(rewrite(file, (e) => void delete e.entries.demands))).toBe('无法打开：数据包不完整（缺少 demands），未载入任何数据')
  })

  it('refuses a manifest edited after signing, a signature by another key, and a missing signature', () => {
    const bad = '无法打开：数据包签名校验失败，内容可能被篡改，未载入任何数据'
    expect(refusal(rewrite(file, (e) => void (e.manifest = e.manifest.replace('李秘书', '王书记'))))).toBe(bad)
    const other = signerFromDataKey(randomBytes(32))
    // Another public key put in place of the maker's: the maker's signature does not check against it.
    const reSigned = rewrite(file, (e) => {
      e.signature.publicKey = other.publicKey.toString('base64')
    })
    expect(refusal(reSigned)).toBe(bad)
    expect(refusal(rewrite(file, (e) => void (e.signature.value = '')))).toBe(bad)
    // Wholly re-signed by another key: valid, but its fingerprint is not the maker's (the importer shows it).
    const forged = buildPackage(base, data, other)
    expect(readPackage(forged).fingerprintHex).toBe(other.fingerprintHex)
    expect(readPackage(forged).fingerprintHex).not.toBe(signer.fingerprintHex)
  })

  it('refuses a newer format version before trusting anything else', () => {
    expect(refusal(rewrite(file, (e) => void (e.formatVersion = PACKAGE_FORMAT_VERSION + 1)))).toBe(
      `无法打开：数据包格式版本 ${PACKAGE_FORMAT_VERSION + 1} 高于本程序支持的版本 ${PACKAGE_FORMAT_VERSION}，请先升级议事台，未载入任何数据`,
    )
    const manifest = { ...(JSON.parse(JSON.stringify(readPackage(file).manifest)) as PackageManifest), formatVersion: 9 }
    expect(checkManifest(manifest)).toEqual({ ok: false, why: 'newerVersion', detail: '9' })
  })

  it('checks the manifest shape', () => {
    expect(checkManifest(null)).toEqual({ ok: false, why: 'notPackage' })
    expect(checkManifest({ format: 'yishi-data-package', formatVersion: 1 })).toEqual({ ok: false, why: 'corrupted', detail: '清单字段缺失' })
    expect(checkManifest({ format: 'yishi-data-package', formatVersion: 0 })).toEqual({ ok: false, why: 'corrupted', detail: '格式版本无效' })
  })

  it('formats the fingerprint and the file name', () => {
    expect(formatFingerprint('0123456789abcdef'.repeat(4))).toBe('0123 4567 89AB CDEF 0123 4567 89AB CDEF')
    expect(packageFileName('马家店 街道', '2026-12-01T09:30:00+08:00')).toBe('议事台数据包-马家店街道-20261201-0930.yspkg')
    expect(packageFileName('', '2026-12-01T09:30:00+08:00')).toBe('议事台数据包-20261201-0930.yspkg')
  })
})

describe('read-only package channels', () => {
  it('names only contract channels, and none that needs more than a leader may do', () => {
    for (const c of PACKAGE_READ_CHANNELS) expect(CHANNELS, c).toContain(c)
    const leader = new Set<string>(ROLE_CAPABILITIES.leader)
    for (const c of PACKAGE_READ_CHANNELS) {
      const rule = (CHANNEL_RULES as Record<string, string>)[c]
      expect(rule === 'public' || rule === 'signedIn' || leader.has(rule), `${c}: ${rule}`).toBe(true)
    }
  })

  it('leaves out every channel that records, manages, restores or exports', () => {
    const writing = Object.entries(CHANNEL_RULES).filter(([, r]) => !['view', 'stats', 'auditRead', 'public', 'signedIn'].includes(r))
    for (const [c] of writing) expect(PACKAGE_READ_CHANNELS, c).not.toContain(c)
    for (const c of ['demand:export', 'task:export', 'meeting:export', 'demand:unmask', 'session:signOut', 'session:lock', 'audit:list', 'package:export', 'package:open']) {
      expect(PACKAGE_READ_CHANNELS, c).not.toContain(c)
    }
  })
})
