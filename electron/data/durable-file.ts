import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { FILE_MODE, errorCode, isMissing, nodeFs, type FsOps } from './fs-ops'

/** Why a file could not be read as JSON; the reason is shown to the user (zh-CN). */
export class CorruptFileError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'CorruptFileError'
  }
}

/**
 * Writes `text` so that after it resolves the file holds exactly `text` even if power fails:
 * unique temp file in the same folder, write, fsync, close, rename over the target, fsync the
 * folder (so the rename itself is on disk). On failure the temp file is removed (best effort)
 * and the error propagates; the old file is untouched unless the rename already happened.
 */
export async function writeFileDurable(fs: FsOps, path: string, text: string | Uint8Array): Promise<void> {
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let renamed = false
  try {
    const handle = await fs.open(tmp, 'wx', FILE_MODE)
    try {
      await fs.writeFile(handle, text)
      await fs.fsync(handle)
    } finally {
      await fs.close(handle)
    }
    await fs.rename(tmp, path)
    renamed = true
    await fsyncDir(fs, dir)
  } catch (err) {
    if (!renamed) await fs.unlink(tmp).catch(() => undefined)
    throw renamed ? new NotSyncedError(err) : err
  }
}

/**
 * The rename happened but syncing the folder failed: the new content is in place (and the file
 * itself fsynced), but whether the rename survives a power cut is unknown. Callers that report
 * the write as failed must roll back (see database.ts `commit`).
 */
export class NotSyncedError extends Error {
  readonly code: string | undefined
  constructor(override readonly cause: unknown) {
    super(`folder fsync failed after rename: ${String(cause)}`)
    this.name = 'NotSyncedError'
    this.code = errorCode(cause)
  }
}

/**
 * Puts `text` back in place after a NotSyncedError: temp file, write, rename; fsyncs are
 * attempted but their failure is ignored (undoing matters more than the undo's durability, and
 * either version on disk is a complete file). Throws when the content could not be put back.
 */
export async function writeFileBestEffort(fs: FsOps, path: string, text: string): Promise<void> {
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await fs.open(tmp, 'wx', FILE_MODE)
    try {
      await fs.writeFile(handle, text)
      await fs.fsync(handle).catch(() => undefined)
    } finally {
      await fs.close(handle).catch(() => undefined)
    }
    await fs.rename(tmp, path)
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined)
    throw err
  }
  await fsyncDir(fs, dir).catch(() => undefined)
}

async function fsyncDir(fs: FsOps, dir: string): Promise<void> {
  let handle
  try {
    handle = await fs.open(dir, 'r')
  } catch (err) {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
    if (process.platform === 'win32' && ['EISDIR', 'EPERM', 'EACCES'].includes(errorCode(err) ?? '')) return
    throw err
  }
  try {
    await fs.fsync(handle)
  } finally {
    await fs.close(handle)
  }
}

const NUL = 0

/**
 * Reads a JSON file strictly: missing -> null; empty, NUL bytes, invalid UTF-8 or bad JSON ->
 * CorruptFileError with a zh-CN reason. Schema checks are the caller's job.
 */
export async function readJsonStrict(fs: FsOps, path: string): Promise<unknown | null> {
  const bytes = await readBytes(fs, path)
  return bytes === null ? null : parseJsonBytes(bytes)
}

/** One decoder for every file (decode() without `stream` keeps no state between calls). */
let utf8: TextDecoder | null = null

/** The bytes as UTF-8 text; CorruptFileError when they are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    utf8 ??= new TextDecoder('utf-8', { fatal: true })
    return utf8.decode(bytes)
  } catch {
    throw new CorruptFileError('不是有效的 UTF-8 文本')
  }
}

/** The bytes of a file, or null when it does not exist. */
export async function readBytes(fs: FsOps, path: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(path)
  } catch (err) {
    if (isMissing(err)) return null
    throw err
  }
}

export function parseJsonBytes(bytes: Uint8Array): unknown {
  if (bytes.length === 0) throw new CorruptFileError('文件为空（0 字节）')
  if (bytes.includes(NUL)) throw new CorruptFileError('文件中含有空字节，可能是断电时写入中断')
  const text = decodeUtf8Strict(bytes)
  if (text.trim() === '') throw new CorruptFileError('文件内容为空白')
  try {
    return JSON.parse(text)
  } catch {
    throw new CorruptFileError('JSON 格式错误，文件可能不完整')
  }
}

/**
 * lowdb adapter with durable writes (lowdb's own JSONFile uses steno: fixed temp name, no fsync).
 * read() returns the parsed JSON or null when the file does not exist; it throws
 * CorruptFileError when the file cannot be parsed.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly fs: FsOps = nodeFs,
  ) {}

  async read(): Promise<T | null> {
    return (await readJsonStrict(this.fs, this.path)) as T | null
  }

  async write(data: T): Promise<void> {
    await writeFileDurable(this.fs, this.path, JSON.stringify(data))
  }
}
