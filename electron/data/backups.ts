import { join } from 'node:path'
import { toLocalIso } from '../../shared/domain/month'
import { parseJsonBytes, writeFileDurable } from './durable-file'
import type { BackupReason } from '../../shared/contract/backup'
import { DIR_MODE, isMissing, type FileStat, type FsOps } from './fs-ops'
import { LOCK_FILE } from './lock'
import { BACKUPS_DIR, RESTORE_MARKER, absPath, timeStamp } from './paths'

// backups/<YYYYMMDD-HHmmss>/ holds copies of the data files with the same relative layout.
// A backup is assembled under a hidden name and renamed into place, so a half-made backup is
// never mistaken for a real one.
//
// Incremental by hard links (like rsync --link-dest): backup-files.json records, per file, the
// live file's stat when it was copied and the stat of the copy. A file whose live stat and whose
// copy in the SECOND newest backup are both unchanged since is hard-linked to that copy; anything
// else is copied. So:
// - a backup never shares an inode with a live file: damage to a live file in place (bad sector,
//   a text editor, a torn write outside the app) never reaches the backups;
// - two consecutive backups never share an inode (two interleaved chains): every unchanged file
//   has two physical copies among the backups, and damage to one backup's copy leaves the next
//   older backup good (tests/reliability/corrupt-files.test.ts damages the newest in place);
// - files are never written in place: the app's writes into live folders and into backups
//   (delete, retention) are temp + rename, i.e. a new inode, so rewriting one backup's copy
//   leaves every other backup and the live file alone.

export const BACKUPS_KEPT = 10
const NAME_RE = /^(\d{8}-\d{6})(?:-(\d+))?$/

/** Backup folder names, newest first. */
export async function listBackups(fs: FsOps, dataDir: string): Promise<string[]> {
  let names: string[]
  try {
    names = await fs.readdir(join(dataDir, BACKUPS_DIR))
  } catch (err) {
    if (isMissing(err)) return []
    throw err
  }
  return names.filter((n) => NAME_RE.test(n)).sort(compareNewestFirst)
}

function compareNewestFirst(a: string, b: string): number {
  const [, sa, na] = NAME_RE.exec(a)!
  const [, sb, nb] = NAME_RE.exec(b)!
  if (sa !== sb) return sa < sb ? 1 : -1
  return Number(nb ?? 0) - Number(na ?? 0)
}

/**
 * Relative paths ('/') of every data file under `root` (the data folder or a backup folder),
 * found by walking it, so a folder a later version adds is backed up with no code here. Left
 * out: backups/, the lock, the restore marker, a backup's own meta files, hidden names (temp
 * files, half-made backups) and quarantined `*.corrupt-*` files (kept for a technician).
 */
export async function listDataFiles(fs: FsOps, root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string, prefix: string) => {
    for (const name of (await readdirOrEmpty(fs, dir)).sort()) {
      if (name.startsWith('.') || name.endsWith('.tmp') || CORRUPT_RE.test(name)) continue
      if (!prefix && NOT_DATA.has(name)) continue
      const path = join(dir, name)
      const st = await fs.stat(path).catch(() => null)
      if (!st) continue
      if (st.isDirectory()) await walk(path, `${prefix}${name}/`)
      else out.push(`${prefix}${name}`)
    }
  }
  await walk(root, '')
  return out
}

const CORRUPT_RE = /\.corrupt-\d{14}/
/** Top-level names that are not data. */
const NOT_DATA = new Set([BACKUPS_DIR, LOCK_FILE, RESTORE_MARKER, 'backup.json', 'backup-files.json'])

export async function readdirOrEmpty(fs: FsOps, dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir)
  } catch (err) {
    if (isMissing(err) || (err as { code?: string }).code === 'ENOTDIR') return []
    throw err
  }
}

export async function exists(fs: FsOps, path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch (err) {
    if (isMissing(err)) return false
    throw err
  }
}

export const BACKUP_META = 'backup.json'
export const BACKUP_FILES = 'backup-files.json'

/** rel -> [live size, live mtimeMs, live ino, copy mtimeMs, copy ino] */
type FileRecord = [number, number, number, number, number]

export type { BackupReason }

/** Written inside each backup folder (absent in backups made before it existed). */
export interface BackupMeta {
  schemaVersion: 1
  createdAt: string
  reason: BackupReason
  communities: number
  demands: number
  /** bytes of the data files copied */
  size: number
  /** supplied by the caller at backup time (openDatabase `manifestExtra`, e.g. the audit log's head) */
  extra?: Record<string, unknown>
}

export interface CreateBackupOptions {
  reason: BackupReason
  communities: number
  demands: number
  extra?: Record<string, unknown>
  /** A backup name rotation must not delete (the one being restored). */
  protect?: string
}

/** Copies the data files into a new backup folder and keeps the newest BACKUPS_KEPT. */
export async function createBackup(
  fs: FsOps,
  dataDir: string,
  now: Date,
  options: CreateBackupOptions = { reason: 'unknown', communities: 0, demands: 0 },
): Promise<string> {
  const root = join(dataDir, BACKUPS_DIR)
  await fs.mkdir(root, DIR_MODE)
  const base = timeStamp(now, 'dash')
  // Same second as an existing backup: the next suffix above every one in use, so a name freed
  // by rotation is never reused (it would sort as the oldest and be rotated away at once).
  let last = -1
  for (const n of await fs.readdir(root)) {
    const m = NAME_RE.exec(n.replace(/^\.partial-/, ''))
    if (m && m[1] === base) last = Math.max(last, Number(m[2] ?? 0))
  }
  const name = last < 0 ? base : `${base}-${last + 1}`
  const staging = join(root, `.partial-${name}`)
  await fs.rm(staging)
  await fs.mkdir(staging, DIR_MODE)
  const previous = await previousFiles(fs, dataDir)
  const files: Record<string, FileRecord> = {}
  let size = 0
  for (const rel of await listDataFiles(fs, dataDir)) {
    const target = absPath(staging, rel)
    if (rel.includes('/')) await fs.mkdir(join(target, '..'), DIR_MODE)
    const live = await fs.stat(absPath(dataDir, rel))
    const prev = previous?.files[rel]
    let linked = false
    if (prev && sameStat(live, prev[0], prev[1], prev[2])) {
      const from = absPath(join(root, previous.name), rel)
      try {
        if (sameStat(await fs.stat(from), prev[0], prev[3], prev[4])) {
          await fs.link(from, target)
          linked = true
        }
      } catch {
        // no hard links here (EXDEV, EPERM, ENOTSUP, ...) or the copy is gone: copy instead
      }
    }
    if (!linked) await fs.copyFile(absPath(dataDir, rel), target)
    const copy = await fs.stat(target)
    files[rel] = [live.size, live.mtimeMs, live.ino ?? -1, copy.mtimeMs, copy.ino ?? -1]
    size += copy.size
  }
  await writeFileDurable(fs, join(staging, BACKUP_FILES), JSON.stringify({ schemaVersion: 1, files }))
  const meta: BackupMeta = {
    schemaVersion: 1,
    createdAt: toLocalIso(now),
    reason: options.reason,
    communities: options.communities,
    demands: options.demands,
    size,
  }
  if (options.extra) meta.extra = options.extra
  await writeFileDurable(fs, join(staging, BACKUP_META), JSON.stringify(meta))
  await fs.rename(staging, join(root, name))
  const all = await listBackups(fs, dataDir)
  for (const old of all.slice(BACKUPS_KEPT)) {
    if (old !== options.protect) await fs.rm(join(root, old))
  }
  return name
}

function sameStat(s: FileStat, size: number, mtimeMs: number, ino: number): boolean {
  return s.size === size && s.mtimeMs === mtimeMs && (s.ino ?? -1) === ino && ino !== -1
}

/** The file records of the second newest backup (see the top of this file), if it has them. */
async function previousFiles(
  fs: FsOps,
  dataDir: string,
): Promise<{ name: string; files: Record<string, FileRecord> } | null> {
  const name = (await listBackups(fs, dataDir))[1]
  if (!name) return null
  try {
    const raw = parseJsonBytes(await fs.readFile(join(dataDir, BACKUPS_DIR, name, BACKUP_FILES))) as {
      files?: Record<string, unknown>
    }
    const files: Record<string, FileRecord> = {}
    for (const [rel, r] of Object.entries(raw?.files ?? {})) {
      if (Array.isArray(r) && r.length === 5 && r.every((x) => typeof x === 'number')) files[rel] = r as FileRecord
    }
    return { name, files }
  } catch {
    return null // missing (older backup) or unreadable: copy everything
  }
}

/** The meta of one backup; older backups without one are described from their name. */
export async function readBackupMeta(fs: FsOps, dataDir: string, name: string): Promise<BackupMeta> {
  try {
    const raw = parseJsonBytes(await fs.readFile(join(dataDir, BACKUPS_DIR, name, BACKUP_META))) as Partial<BackupMeta>
    if (raw && typeof raw.createdAt === 'string' && typeof raw.reason === 'string') {
      const meta: BackupMeta = {
        schemaVersion: 1,
        createdAt: raw.createdAt,
        reason: raw.reason,
        communities: Number(raw.communities) || 0,
        demands: Number(raw.demands) || 0,
        size: Number(raw.size) || 0,
      }
      if (raw.extra && typeof raw.extra === 'object' && !Array.isArray(raw.extra)) meta.extra = raw.extra
      return meta
    }
  } catch {
    // missing or unreadable meta: fall back to the name
  }
  return { schemaVersion: 1, createdAt: stampToIso(name), reason: 'unknown', communities: 0, demands: 0, size: 0 }
}

/** '20261126-143500' -> local ISO time of that stamp. */
export function stampToIso(name: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name)
  if (!m) return ''
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return toLocalIso(d)
}
