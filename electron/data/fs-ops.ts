import * as fsp from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

/**
 * Every file-system call the data layer makes. Injected so reliability tests can fail the k-th
 * writeFile / fsync / rename, or count which files a query reads.
 */
export interface FsOps {
  open(path: string, flags: string): Promise<FileHandle>
  writeFile(handle: FileHandle, data: string | Uint8Array): Promise<void>
  fsync(handle: FileHandle): Promise<void>
  close(handle: FileHandle): Promise<void>
  rename(from: string, to: string): Promise<void>
  readFile(path: string): Promise<Uint8Array>
  readdir(path: string): Promise<string[]>
  mkdir(path: string): Promise<void>
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

export const nodeFs: FsOps = {
  open: (path, flags) => fsp.open(path, flags),
  writeFile: (handle, data) => handle.writeFile(data),
  fsync: (handle) => handle.sync(),
  close: (handle) => handle.close(),
  rename: (from, to) => fsp.rename(from, to),
  readFile: (path) => fsp.readFile(path),
  readdir: (path) => fsp.readdir(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true })
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
