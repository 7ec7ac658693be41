import { hostname } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import { parseJsonBytes } from './durable-file'
import { FILE_MODE, errorCode, isMissing, type FsOps } from './fs-ops'

// One writer per data folder. openDatabase() takes `yishi.lock` (pid, host, start time) with an
// exclusive create and close() removes it. A lock whose pid is no longer alive on this host is
// stale (the app was killed or the machine lost power) and is taken over with a notice.
// Electron's requestSingleInstanceLock (electron/main/index.ts) guards the app itself; this lock
// also covers the preview host, a second app build, or a second openDatabase in one process.

export const LOCK_FILE = 'yishi.lock'

export interface LockInfo {
  pid: number
  hostname: string
  startedAt: string
}

export interface HeldLock {
  /** Set when a stale lock was taken over: what it said. */
  tookOver: LockInfo | null
  release(): Promise<void>
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(err) !== 'ESRCH'
  }
}

async function readLock(fs: FsOps, path: string): Promise<LockInfo | null | 'garbage'> {
  let bytes: Uint8Array
  try {
    bytes = await fs.readFile(path)
  } catch (err) {
    if (isMissing(err)) return null
    throw err
  }
  try {
    const v = parseJsonBytes(bytes) as Partial<LockInfo>
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.hostname === 'string') {
      return { pid: v.pid, hostname: v.hostname, startedAt: String(v.startedAt ?? '') }
    }
  } catch {
    // fall through: a torn lock file (killed while writing it) is stale by definition
  }
  return 'garbage'
}

/** `2026-11-26T01:30:00Z` from the UTC fields. */
function utcIso(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}Z`
}

export async function acquireLock(fs: FsOps, dataDir: string, now: Date): Promise<HeldLock> {
  const path = join(dataDir, LOCK_FILE)
  // UTC fields: a process's first local-time reading sets up the time zone (~0.5 ms) and its
  // first toISOString costs ~3 ms, neither needed on the open's path
  const me: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: utcIso(now) }
  let tookOver: LockInfo | null = null
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await fs.open(path, 'wx', FILE_MODE)
      // Not fsynced: the lock is never relied on across a crash (README "Startup"); a lock left
      // torn or empty by a power cut is stale by definition and is taken over.
      try {
        await fs.writeFile(handle, JSON.stringify(me))
      } finally {
        await fs.close(handle)
      }
      let released = false
      return {
        tookOver,
        async release() {
          if (released) return
          released = true
          await fs.unlink(path).catch(() => undefined)
        },
      }
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err
    }
    const held = await readLock(fs, path)
    if (held === null) continue // released meanwhile
    if (held !== 'garbage') {
      const sameHost = held.hostname === me.hostname
      if (!sameHost || pidAlive(held.pid)) {
        throw new AppError(
          'CONFLICT',
          `数据目录正被另一个议事台窗口使用（进程 ${held.pid}${sameHost ? '' : `，计算机 ${held.hostname}`}），` +
            '请先关闭该窗口后再打开。若确认没有其他窗口在运行，请联系技术人员删除数据目录中的 yishi.lock。',
        )
      }
      tookOver = held
    } else {
      tookOver = { pid: 0, hostname: '', startedAt: '' }
    }
    await fs.unlink(path).catch((e) => {
      if (!isMissing(e)) throw e
    })
  }
  throw new AppError('CONFLICT', '数据目录正被另一个议事台窗口使用，请稍后再试。')
}
