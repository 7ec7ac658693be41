// 数据包 (issue 12 item 6): a signed copy of the street's data (or some communities') carried to a
// leader's laptop and opened there read-only. Pure rules shared by the backend, the renderer and
// the tests: the format's version, the manifest's shape, which channels a read-only package
// answers, and the refusal messages (zh-CN, each naming why).
import type { Capability } from './permissions'

/** What this app writes and the newest it reads. A package of a higher version is refused. */
export const PACKAGE_FORMAT_VERSION = 1
export const PACKAGE_FORMAT = 'yishi-data-package'
/** First bytes of every package file (then the gzip of the envelope). */
export const PACKAGE_MAGIC = 'YISHI-PKG\n'
export const PACKAGE_EXTENSION = '.yspkg'
/** Largest package accepted when opening one (a street of several years with room). */
export const PACKAGE_MAX_BYTES = 200 * 1024 * 1024

/** The built-in operator of the read-only leader session a package opens with. */
export const PACKAGE_LEADER = { id: 'package-leader', name: '领导（只读数据包）', role: 'leader' as const }

/** One entry of the package: a JSON file of records, with its size and sha256 (hex). */
export interface PackageEntry {
  name: string
  bytes: number
  sha256: string
}

/** What the exporter signs: who made the package, when, of what, and each entry's checksum. */
export interface PackageManifest {
  format: typeof PACKAGE_FORMAT
  formatVersion: number
  appVersion: string
  /** Local ISO time with offset. */
  createdAt: string
  createdBy: { name: string; id: string; role: string }
  street: string
  communities: Array<{ id: string; name: string }>
  /** true: reporters' names, phones and addresses (and directory phones) were masked on export. */
  masked: boolean
  /** Records per collection (demands, communities, topics, …). */
  counts: Record<string, number>
  entries: PackageEntry[]
}

/** Why a package is refused. The message names it; nothing is loaded. */
export type PackageRefusal = 'notPackage' | 'corrupted' | 'newerVersion' | 'badSignature' | 'checksum' | 'incomplete'

export function packageRefusalMessage(why: PackageRefusal, detail = ''): string {
  switch (why) {
    case 'notPackage':
      return '无法打开：这不是议事台数据包（.yspkg）文件，未载入任何数据'
    case 'corrupted':
      return `无法打开：数据包已损坏（${detail || '内容无法解压或解析'}），未载入任何数据`
    case 'newerVersion':
      return `无法打开：数据包格式版本 ${detail} 高于本程序支持的版本 ${PACKAGE_FORMAT_VERSION}，请先升级议事台，未载入任何数据`
    case 'badSignature':
      return '无法打开：数据包签名校验失败，内容可能被篡改，未载入任何数据'
    case 'checksum':
      return `无法打开：数据包内容校验值不符（${detail}），内容可能被篡改，未载入任何数据`
    case 'incomplete':
      return `无法打开：数据包不完整（${detail}），未载入任何数据`
  }
}

/** The manifest as parsed from the signed text, or the reason it is not one. Checks shape only. */
export function checkManifest(value: unknown): { ok: true; manifest: PackageManifest } | { ok: false; why: PackageRefusal; detail?: string } {
  const m = value as Partial<PackageManifest> | null
  if (!m || typeof m !== 'object' || m.format !== PACKAGE_FORMAT) return { ok: false, why: 'notPackage' }
  if (typeof m.formatVersion !== 'number' || !Number.isInteger(m.formatVersion) || m.formatVersion < 1) {
    return { ok: false, why: 'corrupted', detail: '格式版本无效' }
  }
  if (m.formatVersion > PACKAGE_FORMAT_VERSION) return { ok: false, why: 'newerVersion', detail: String(m.formatVersion) }
  const entriesOk =
    Array.isArray(m.entries) &&
    m.entries.every((e) => e && typeof e.name === 'string' && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256) && Number.isInteger(e.bytes))
  const who = m.createdBy
  if (
    !entriesOk ||
    typeof m.createdAt !== 'string' ||
    typeof m.appVersion !== 'string' ||
    typeof m.street !== 'string' ||
    typeof m.masked !== 'boolean' ||
    !who ||
    typeof who.name !== 'string' ||
    typeof who.id !== 'string' ||
    !Array.isArray(m.communities) ||
    !m.counts ||
    typeof m.counts !== 'object'
  ) {
    return { ok: false, why: 'corrupted', detail: '清单字段缺失' }
  }
  return { ok: true, manifest: m as PackageManifest }
}

/** A key's fingerprint as people compare it: the first 16 bytes of its sha256, in groups of four hex digits. */
export function formatFingerprint(sha256Hex: string): string {
  return (sha256Hex.slice(0, 32).match(/.{4}/g) ?? []).join(' ').toUpperCase()
}

/** File name of an export: 议事台数据包-<street>-<YYYYMMDD-HHmm>.yspkg (characters files cannot hold removed). */
export function packageFileName(street: string, createdAt: string): string {
  const stamp = createdAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  const safe = street.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 40)
  return `议事台数据包${safe ? `-${safe}` : ''}-${stamp}${PACKAGE_EXTENSION}`
}

/**
 * The channels a read-only package answers (deny by default): reading its records, statistics,
 * the read-only leader session's status, view preferences (not data) and leaving the package.
 * Everything else, every writing channel included, is refused by the backend's guard.
 */
export const PACKAGE_READ_CHANNELS: readonly string[] = [
  'app:status',
  'settings:get',
  'settings:update',
  'community:list',
  'demand:get',
  'demand:list',
  'stats:petitionTrend',
  'stats:rates',
  'stats:street',
  'session:status',
  'street:get',
  'topic:list',
  'search:query',
  'search:status',
  'people:list',
  'meeting:list',
  'meeting:get',
  'meeting:versions',
  'meeting:agendaCandidates',
  'task:list',
  'task:get',
  'task:decisions',
  'task:overdue',
  'feedback:get',
  'feedback:timeline',
  'feedback:topicEffect',
  'package:status',
  'package:close',
]

export const PACKAGE_READ_ONLY_MESSAGE = '当前打开的是只读数据包（领导只读模式），不能修改数据；如需登记或修改，请关闭数据包回到本机数据'

/** Whether an exporting operator's package must be masked: only one who may unmask may carry full data. */
export function mustMask(can: (c: Capability) => boolean): boolean {
  return !can('unmask')
}
