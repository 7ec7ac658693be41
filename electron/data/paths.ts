import { join } from 'node:path'
import { isMonth } from '../../shared/domain/month'
import { COMMUNITY_ID_RE } from './file-schemas'

// Where things live in the data folder, and the demand id format. Parsed in one place only.

export const COMMUNITIES_FILE = 'communities.json'
export const SUMMARY_FILE = 'summary.json'
export const DEMANDS_DIR = 'demands'
export const BACKUPS_DIR = 'backups'
/** Only during a restore (roll-forward marker). */
export const RESTORE_MARKER = 'restore-pending.json'
export const RETENTION_FILE = 'retention.json'
/** Written by pii-codec.ts verifyDataKey: proves the data key at start. */
export const KEY_CHECK_FILE = 'keycheck.json'

/** Relative path (always '/') of a demand partition: demands/<communityId>/<YYYY-MM>.json */
export function partitionRel(communityId: string, month: string): string {
  return `${DEMANDS_DIR}/${communityId}/${month}.json`
}

export function parsePartitionRel(rel: string): { communityId: string; month: string } | null {
  const m = /^demands\/([^/]+)\/(\d{4}-\d{2})\.json$/.exec(rel)
  if (!m || !COMMUNITY_ID_RE.test(m[1]) || !isMonth(m[2])) return null
  return { communityId: m[1], month: m[2] }
}

export function absPath(dataDir: string, rel: string): string {
  return join(dataDir, ...rel.split('/'))
}

/** Demand id: `<communityId>~<YYYYMM>~<random>`; the partition can be found from the id alone. */
export function makeDemandId(communityId: string, month: string, random: string): string {
  return `${communityId}~${month.replace('-', '')}~${random}`
}

export function parseDemandId(id: string): { communityId: string; month: string } | null {
  const m = /^([^~]+)~(\d{4})(\d{2})~[A-Za-z0-9_-]+$/.exec(id)
  if (!m || !COMMUNITY_ID_RE.test(m[1])) return null
  const month = `${m[2]}-${m[3]}`
  return isMonth(month) ? { communityId: m[1], month } : null
}

/** Local wall-clock stamp, e.g. 20261126143500 (pattern 'compact') or 20261126-143500 ('dash'). */
export function timeStamp(date: Date, style: 'compact' | 'dash'): string {
  const p = (n: number) => String(n).padStart(2, '0')
  const day = `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}`
  const time = `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`
  return style === 'compact' ? day + time : `${day}-${time}`
}

/** '20261126-143500' -> '2026年11月26日 14:35:00' for messages. */
export function describeStamp(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(stamp)
  if (!m) return stamp
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}:${m[6]}`
}
