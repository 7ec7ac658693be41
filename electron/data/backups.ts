import { join } from 'node:path'
import { isMissing, type FsOps } from './fs-ops'
import { BACKUPS_DIR, COMMUNITIES_FILE, DEMANDS_DIR, SUMMARY_FILE, absPath, timeStamp } from './paths'

// backups/<YYYYMMDD-HHmmss>/ holds copies of the data files with the same relative layout.
// A backup is assembled under a hidden name and renamed into place, so a half-made backup is
// never mistaken for a real one.

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

/** Relative paths of every data file (communities, summary, demand partitions). */
export async function listDataFiles(fs: FsOps, root: string): Promise<string[]> {
  const out: string[] = []
  for (const f of [COMMUNITIES_FILE, SUMMARY_FILE]) {
    if (await exists(fs, join(root, f))) out.push(f)
  }
  for (const community of await readdirOrEmpty(fs, join(root, DEMANDS_DIR))) {
    if (community.startsWith('.')) continue
    for (const file of await readdirOrEmpty(fs, join(root, DEMANDS_DIR, community))) {
      if (/^\d{4}-\d{2}\.json$/.test(file)) out.push(`${DEMANDS_DIR}/${community}/${file}`)
    }
  }
  return out
}

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

/** Copies the data files into a new backup folder and keeps the newest BACKUPS_KEPT. */
export async function createBackup(fs: FsOps, dataDir: string, now: Date): Promise<string> {
  const root = join(dataDir, BACKUPS_DIR)
  await fs.mkdir(root)
  const base = timeStamp(now, 'dash')
  let name = base
  for (let i = 1; await exists(fs, join(root, name)); i++) name = `${base}-${i}`
  const staging = join(root, `.partial-${name}`)
  await fs.rm(staging)
  await fs.mkdir(join(staging, DEMANDS_DIR))
  for (const rel of await listDataFiles(fs, dataDir)) {
    const target = absPath(staging, rel)
    if (rel.startsWith(`${DEMANDS_DIR}/`)) await fs.mkdir(join(target, '..'))
    await fs.copyFile(absPath(dataDir, rel), target)
  }
  await fs.rename(staging, join(root, name))
  const all = await listBackups(fs, dataDir)
  for (const old of all.slice(BACKUPS_KEPT)) await fs.rm(join(root, old))
  return name
}
