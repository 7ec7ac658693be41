import { closeSync, fsync as fsyncCb, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import * as fsp from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

/**
 * Every file-system call the data layer makes. Injected so reliability tests can fail the k-th
 * writeFile / fsync / rename, or count which files a query reads.
 */
export interface FsOps {
  /**
   * `mode` (POSIX permission bits, FILE_MODE for everything the data layer creates) applies when
   * the file is created; ignored on Windows. The handle is opaque: it is only passed back to this
   * FsOps's writeFile / fsync / close.
   */
  open(path: string, flags: string, mode?: number): Promise<FileHandle>
  writeFile(handle: FileHandle, data: string | Uint8Array): Promise<void>
  fsync(handle: FileHandle): Promise<void>
  close(handle: FileHandle): Promise<void>
  rename(from: string, to: string): Promise<void>
  readFile(path: string): Promise<Uint8Array>
  readdir(path: string): Promise<string[]>
  /** Recursive; `mode` (DIR_MODE) applies to the folders it creates. */
  mkdir(path: string, mode?: number): Promise<void>
  unlink(path: string): Promise<void>
  /** Recursive, force: removes a folder tree (old backups, a removed community's partitions). */
  rm(path: string): Promise<void>
  stat(path: string): Promise<FileStat>
  copyFile(from: string, to: string): Promise<void>
  /** Hard link (backups share unchanged files with the previous backup instead of copying). */
  link(existing: string, newPath: string): Promise<void>
}

export interface FileStat {
  size: number
  mtimeMs: number
  /** inode (file index on Windows); with size and mtime it tells a rewritten file apart */
  ino?: number
  isDirectory(): boolean
}

/** Data files, temp files, backups, the lock, markers: owner only (POSIX; Windows ignores it). */
export const FILE_MODE = 0o600
/** Folders the data layer creates. */
export const DIR_MODE = 0o700

/**
 * nodeFs's handle: a plain descriptor. open / write / close are synchronous calls (a small file
 * in the page cache: microseconds), fsync goes to the thread pool. fs/promises would make each of
 * them a thread-pool round trip, which in a fresh process on a busy machine costs more than the
 * call itself, and lets the event loop run pending tasks (a GC left over from module loading)
 * in the middle of the open.
 */
class FdHandle {
  constructor(readonly fd: number) {}
}
const fdOf = (handle: FileHandle) => (handle as unknown as FdHandle).fd

export const nodeFs: FsOps = {
  open: async (path, flags, mode) => new FdHandle(openSync(path, flags, mode)) as unknown as FileHandle,
  writeFile: async (handle, data) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    for (let at = 0; at < bytes.length; ) at += writeSync(fdOf(handle), bytes, at, bytes.length - at)
  },
  fsync: (handle) => new Promise((res, rej) => fsyncCb(fdOf(handle), (err) => (err ? rej(err) : res()))),
  close: async (handle) => closeSync(fdOf(handle)),
  rename: (from, to) => fsp.rename(from, to),
  // Whole small JSON files (a month partition ≈ 180 KB, summary.json 224 KB at 540k): one
  // blocking read is faster than fs/promises' four thread-pool round trips (open, fstat, read,
  // close), and most so in a fresh process on a busy machine. Still async to callers (the seam).
  readFile: async (path) => readFileSync(path),
  readdir: (path) => fsp.readdir(path),
  // Metadata only (and usually the folder is there): synchronous for the same reason.
  mkdir: async (path, mode) => {
    mkdirSync(path, { recursive: true, mode })
  },
  unlink: (path) => fsp.unlink(path),
  rm: (path) => fsp.rm(path, { recursive: true, force: true }),
  stat: (path) => fsp.stat(path),
  copyFile: (from, to) => fsp.copyFile(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
}

export function errorCode(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : undefined
}

export function isMissing(err: unknown): boolean {
  return errorCode(err) === 'ENOENT'
}
