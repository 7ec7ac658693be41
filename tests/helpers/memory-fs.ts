import { posix } from 'node:path'
import type { FileHandle } from 'node:fs/promises'
import type { FileStat, FsOps } from '../../electron/data/fs-ops'

// An in-memory FsOps for tests that run the real data layer without touching the disk: a Map of
// normalised absolute paths to files (Buffers) and folders. Semantics follow node:fs where the
// data layer relies on them: 'wx' fails with EEXIST, a missing parent is ENOENT, readdir of a
// file is ENOTDIR, rename replaces files and moves folder trees, link shares the file (same ino),
// fsync is a no-op, rm is recursive and forced, stat has size / mtimeMs / ino.

interface FileNode {
  kind: 'file'
  data: Buffer
  mtimeMs: number
  ino: number
}
interface DirNode {
  kind: 'dir'
  mtimeMs: number
  ino: number
}
type Node = FileNode | DirNode

interface MemoryHandle {
  path: string
  node: Node
}

export interface MemoryFs extends FsOps {
  /** Every path held, for assertions. */
  paths(): string[]
  /** The bytes of a file as text, or undefined. */
  text(path: string): string | undefined
  /** Fails the next call of `op` (whose path matches) with an fs-style error code. */
  failNext(op: keyof FsOps, match?: RegExp, code?: string): void
}

function fsError(code: string, op: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${op} '${path}'`), { code })
}

export function memoryFs(): MemoryFs {
  const nodes = new Map<string, Node>()
  const faults: Array<{ op: keyof FsOps; match?: RegExp; code: string }> = []
  let ino = 1
  // A clock that always moves forward, so a rewritten file never keeps its old mtime.
  let clock = Date.now()
  const tick = () => (clock = Math.max(clock + 1, Date.now()))

  const norm = (p: string) => posix.resolve('/', p.replace(/\\/g, '/'))
  const parentOf = (p: string) => posix.dirname(p)
  nodes.set('/', { kind: 'dir', mtimeMs: tick(), ino: ino++ })

  const check = (op: keyof FsOps, path: string) => {
    const i = faults.findIndex((f) => f.op === op && (!f.match || f.match.test(path)))
    if (i >= 0) {
      const [f] = faults.splice(i, 1)
      throw fsError(f.code, op, path)
    }
  }
  const get = (p: string) => nodes.get(p)
  const requireDir = (p: string, op: string) => {
    const n = get(p)
    if (!n) throw fsError('ENOENT', op, p)
    if (n.kind !== 'dir') throw fsError('ENOTDIR', op, p)
    return n
  }
  const children = (dir: string) => {
    const prefix = dir === '/' ? '/' : `${dir}/`
    return [...nodes.keys()].filter((k) => k !== dir && k.startsWith(prefix))
  }
  const touch = (dir: string) => {
    const n = get(dir)
    if (n) n.mtimeMs = tick()
  }

  const fs: MemoryFs = {
    paths: () => [...nodes.keys()].sort(),
    text(path) {
      const n = get(norm(path))
      return n?.kind === 'file' ? n.data.toString('utf8') : undefined
    },
    failNext(op, match, code = 'EIO') {
      faults.push({ op, match, code })
    },

    async open(path, flags) {
      const p = norm(path)
      check('open', p)
      const existing = get(p)
      if (flags.includes('x') && existing) throw fsError('EEXIST', 'open', p)
      if (flags.startsWith('r')) {
        if (!existing) throw fsError('ENOENT', 'open', p)
        return { path: p, node: existing } as unknown as FileHandle
      }
      requireDir(parentOf(p), 'open')
      if (existing?.kind === 'dir') throw fsError('EISDIR', 'open', p)
      if (existing) {
        if (flags.startsWith('w')) existing.data = Buffer.alloc(0)
        return { path: p, node: existing } as unknown as FileHandle
      }
      const node: FileNode = { kind: 'file', data: Buffer.alloc(0), mtimeMs: tick(), ino: ino++ }
      nodes.set(p, node)
      touch(parentOf(p))
      return { path: p, node } as unknown as FileHandle
    },
    async writeFile(handle, data) {
      const h = handle as unknown as MemoryHandle
      check('writeFile', h.path)
      if (h.node.kind !== 'file') throw fsError('EISDIR', 'write', h.path)
      const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)
      h.node.data = Buffer.concat([h.node.data, chunk])
      h.node.mtimeMs = tick()
    },
    async fsync(handle) {
      check('fsync', (handle as unknown as MemoryHandle).path)
    },
    async close(handle) {
      check('close', (handle as unknown as MemoryHandle).path)
    },
    async rename(from, to) {
      const a = norm(from)
      const b = norm(to)
      check('rename', b)
      const node = get(a)
      if (!node) throw fsError('ENOENT', 'rename', a)
      requireDir(parentOf(b), 'rename')
      const target = get(b)
      if (node.kind === 'dir') {
        if (target && (target.kind !== 'dir' || children(b).length)) throw fsError('ENOTEMPTY', 'rename', b)
        const moved = children(a).map((k) => [k, get(k)!] as const)
        for (const [k] of moved) nodes.delete(k)
        nodes.delete(a)
        nodes.set(b, node)
        for (const [k, n] of moved) nodes.set(b + k.slice(a.length), n)
      } else {
        if (target?.kind === 'dir') throw fsError('EISDIR', 'rename', b)
        nodes.delete(a)
        nodes.set(b, node)
      }
      touch(parentOf(a))
      touch(parentOf(b))
    },
    async readFile(path) {
      const p = norm(path)
      check('readFile', p)
      const n = get(p)
      if (!n) throw fsError('ENOENT', 'open', p)
      if (n.kind === 'dir') throw fsError('EISDIR', 'read', p)
      return Buffer.from(n.data)
    },
    async readdir(path) {
      const p = norm(path)
      check('readdir', p)
      requireDir(p, 'scandir')
      return children(p)
        .filter((k) => parentOf(k) === p)
        .map((k) => posix.basename(k))
        .sort()
    },
    async mkdir(path) {
      const p = norm(path)
      check('mkdir', p)
      const parts = p.split('/').filter(Boolean)
      let at = ''
      for (const part of parts) {
        at += `/${part}`
        const n = get(at)
        if (n?.kind === 'file') throw fsError('EEXIST', 'mkdir', at)
        if (!n) {
          nodes.set(at, { kind: 'dir', mtimeMs: tick(), ino: ino++ })
          touch(parentOf(at))
        }
      }
    },
    async unlink(path) {
      const p = norm(path)
      check('unlink', p)
      const n = get(p)
      if (!n) throw fsError('ENOENT', 'unlink', p)
      if (n.kind === 'dir') throw fsError('EPERM', 'unlink', p)
      nodes.delete(p)
      touch(parentOf(p))
    },
    async rm(path) {
      const p = norm(path)
      check('rm', p)
      for (const k of children(p)) nodes.delete(k)
      if (p !== '/') nodes.delete(p)
      touch(parentOf(p))
    },
    async stat(path): Promise<FileStat> {
      const p = norm(path)
      check('stat', p)
      const n = get(p)
      if (!n) throw fsError('ENOENT', 'stat', p)
      return {
        size: n.kind === 'file' ? n.data.length : 0,
        mtimeMs: n.mtimeMs,
        ino: n.ino,
        isDirectory: () => n.kind === 'dir',
      }
    },
    async copyFile(from, to) {
      const a = norm(from)
      const b = norm(to)
      check('copyFile', b)
      const n = get(a)
      if (!n) throw fsError('ENOENT', 'copyfile', a)
      if (n.kind === 'dir') throw fsError('EISDIR', 'copyfile', a)
      requireDir(parentOf(b), 'copyfile')
      nodes.set(b, { kind: 'file', data: Buffer.from(n.data), mtimeMs: tick(), ino: ino++ })
      touch(parentOf(b))
    },
    async link(existing, newPath) {
      const a = norm(existing)
      const b = norm(newPath)
      check('link', b)
      const n = get(a)
      if (!n) throw fsError('ENOENT', 'link', a)
      if (n.kind === 'dir') throw fsError('EPERM', 'link', a)
      if (get(b)) throw fsError('EEXIST', 'link', b)
      requireDir(parentOf(b), 'link')
      nodes.set(b, n)
      touch(parentOf(b))
    },
  }
  return fs
}
