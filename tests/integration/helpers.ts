import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FileHandle } from 'node:fs/promises'
import { afterEach } from 'vitest'
import { nodeFs, type FsOps } from '../../electron/data'

const made: string[] = []

/** A fresh real folder under the OS temp dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yishi-it-'))
  made.push(dir)
  return dir
}

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 })
})

export type Op = keyof FsOps

export interface SpyFs extends FsOps {
  /** Every call: op name and the path it touched (for handle ops, the path it was opened with). */
  calls: Array<{ op: Op; path: string }>
  /** Fails the next call of `op` whose path matches, with an fs-style error code. */
  failNext(op: Op, match?: RegExp, code?: string): void
  reads(): string[]
}

/** Real file system with a spy and one-shot fault injection. */
export function spyFs(): SpyFs {
  const handlePaths = new WeakMap<FileHandle, string>()
  const calls: SpyFs['calls'] = []
  const faults: Array<{ op: Op; match?: RegExp; code: string }> = []
  const check = (op: Op, path: string) => {
    calls.push({ op, path })
    const i = faults.findIndex((f) => f.op === op && (!f.match || f.match.test(path)))
    if (i >= 0) {
      const [f] = faults.splice(i, 1)
      throw Object.assign(new Error(`injected ${f.code} on ${op} ${path}`), { code: f.code })
    }
  }
  const fs: SpyFs = {
    calls,
    failNext(op, match, code = 'EIO') {
      faults.push({ op, match, code })
    },
    reads: () => calls.filter((c) => c.op === 'readFile').map((c) => c.path),
    async open(path, flags) {
      check('open', path)
      const h = await nodeFs.open(path, flags)
      handlePaths.set(h, path)
      return h
    },
    async writeFile(h, data) {
      check('writeFile', handlePaths.get(h) ?? '?')
      return nodeFs.writeFile(h, data)
    },
    async fsync(h) {
      check('fsync', handlePaths.get(h) ?? '?')
      return nodeFs.fsync(h)
    },
    async close(h) {
      check('close', handlePaths.get(h) ?? '?')
      return nodeFs.close(h)
    },
    async rename(from, to) {
      check('rename', to)
      return nodeFs.rename(from, to)
    },
    async readFile(p) {
      check('readFile', p)
      return nodeFs.readFile(p)
    },
    async readdir(p) {
      check('readdir', p)
      return nodeFs.readdir(p)
    },
    async mkdir(p) {
      check('mkdir', p)
      return nodeFs.mkdir(p)
    },
    async unlink(p) {
      check('unlink', p)
      return nodeFs.unlink(p)
    },
    async rm(p) {
      check('rm', p)
      return nodeFs.rm(p)
    },
    async stat(p) {
      check('stat', p)
      return nodeFs.stat(p)
    },
    async copyFile(a, b) {
      check('copyFile', b)
      return nodeFs.copyFile(a, b)
    },
    async link(a, b) {
      check('link', b)
      return nodeFs.link(a, b)
    },
  }
  return fs
}

/** A fixed clock that can be moved. */
export function clock(start: string) {
  let t = new Date(start).getTime()
  const now = () => new Date(t)
  return Object.assign(now, {
    advance(ms: number) {
      t += ms
    },
    set(iso: string) {
      t = new Date(iso).getTime()
    },
  })
}

/**
 * Simulates the process that held `dir` dying without close(): in a real crash the lock's pid is
 * no longer alive and the next open takes it over; here the holder is this very process, so the
 * lock file is removed instead.
 */
export async function crashed(dir: string): Promise<void> {
  await rm(join(dir, 'yishi.lock'), { force: true })
}

/** summary.json decoded (v4, parsed whole as tools may) into { schemaVersion, cleanClose, counts, partitions }. */
export async function readSummary(dir: string) {
  const { decodeSummary } = await import('../../electron/data/summary-file')
  const raw = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { schemaVersion: number }
  const decoded = decodeSummary(raw)
  if (!decoded) throw new Error('summary.json does not decode')
  return { schemaVersion: raw.schemaVersion, cleanClose: decoded.cleanClose, ...decoded.state }
}
