// The personal-data key: 32 random bytes made on first run, kept in a small file beside the data
// folder, wrapped by a KeyWrapper. Electron-free: main passes a wrapper built on safeStorage
// (electron/main/key-store.ts); the preview host and tests pass plainWrapper.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { KeyProtection } from '../../shared/contract/privacy'
import type { DataKey } from './backend'
import { KEY_BYTES } from '../data/pii-codec'
import { nodeFs, writeFileDurable } from '../data'

/** What the key store needs from safeStorage (or a stand-in). */
export interface KeyWrapper {
  /** What protection wrapping gives here: 'os' (Keychain, DPAPI, libsecret/kwallet), 'basic_text'
   *  (Linux without a keyring: a fixed key, no real protection) or 'none' (stored in the clear). */
  protection(): KeyProtection
  wrap(plain: string): Buffer
  unwrap(wrapped: Buffer): string
}

/** No protection at all: the preview host and tests. The file says so in its own text. */
export const plainWrapper: KeyWrapper = {
  protection: () => 'none',
  wrap: (plain) => Buffer.from(plain, 'utf8'),
  unwrap: (wrapped) => wrapped.toString('utf8'),
}

interface KeyringFile {
  format: 'yishi-keyring'
  version: 1
  protection: KeyProtection
  /** base64 of the wrapped key (the key itself, base64, when protection is 'none') */
  wrapped: string
  note?: string
}

/** The key and how it is protected now (a key made without protection stays unprotected). */
export interface LoadedKey extends DataKey {
  created: boolean
}

const keyringError = (file: string, why: string) =>
  new AppError(
    'KEY_MISMATCH',
    `无法读取数据密钥文件（${why}）：${file}。为保护数据，议事台不会新建密钥或改写数据；请恢复原来的密钥文件，或在原来的电脑和系统账户上打开。`,
  )

/**
 * Reads the key file, or makes a new key when there is none. A file that exists but cannot be
 * read or unwrapped is never replaced: a new key would make the existing data unreadable.
 */
export async function loadOrCreateDataKey(file: string, wrapper: KeyWrapper): Promise<LoadedKey> {
  let text: string | null = null
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw keyringError(file, (err as Error).message)
  }
  if (text === null) {
    const key = randomBytes(KEY_BYTES)
    const protection = wrapper.protection()
    const body: KeyringFile = {
      format: 'yishi-keyring',
      version: 1,
      protection,
      wrapped: wrapper.wrap(key.toString('base64')).toString('base64'),
    }
    if (protection === 'none') body.note = 'NOT PROTECTED: this key is stored in the clear. 未受保护的数据密钥。'
    await nodeFs.mkdir(dirname(file))
    await writeFileDurable(nodeFs, file, JSON.stringify(body, null, 1))
    return { key, protection, created: true }
  }
  let body: KeyringFile
  try {
    body = JSON.parse(text) as KeyringFile
  } catch {
    throw keyringError(file, '格式无效')
  }
  if (body?.format !== 'yishi-keyring' || body.version !== 1 || typeof body.wrapped !== 'string') {
    throw keyringError(file, '格式无效')
  }
  let keyB64: string
  try {
    const wrapped = Buffer.from(body.wrapped, 'base64')
    keyB64 = body.protection === 'none' ? wrapped.toString('utf8') : wrapper.unwrap(wrapped)
  } catch {
    throw keyringError(file, '系统无法解开密钥')
  }
  const key = Buffer.from(keyB64, 'base64')
  if (key.length !== KEY_BYTES) throw keyringError(file, '密钥长度无效')
  const protection: KeyProtection = body.protection === 'none' ? 'none' : wrapper.protection()
  return { key, protection, created: false }
}

/** The preview host's key: `<dataDir>.devkey.json`, beside the folder and NOT protected. */
export function devKeyFile(dataDir: string): string {
  return `${dataDir}.devkey.json`
}
