// Personal data at rest: residents' names, phones and addresses are encrypted field by field in
// every partition file (and so in temp files and backups, which are copies of them).
//
// Value form: `enc:v1:<iv>:<tag>:<ciphertext>`, each part base64url. AES-256-GCM with a random
// 12-byte IV per value and a 16-byte tag; the additional data binds the value to its field and
// demand id (`yishi:v1:<field>:<id>`), so a ciphertext moved to another field or demand fails.
// The 32-byte data key comes from the key store (electron/api/key-store.ts).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/errors'
import type { Demand } from '../../shared/domain/entities'
import type { DemandCodec } from './builtin'
import { writeFileDurable } from './durable-file'
import { DIR_MODE, isMissing, nodeFs, type FsOps } from './fs-ops'
import { KEY_CHECK_FILE } from './paths'

export const PII_FIELDS = ['reporterName', 'reporterPhone', 'reporterAddress'] as const
export type PiiField = (typeof PII_FIELDS)[number]

export const ENC_PREFIX = 'enc:v1:'
export const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
/** Beside communities.json: proves at start that the key is the one the data was written with. */
export { KEY_CHECK_FILE }
const KEY_CHECK_PLAIN = 'yishi-desk data key check'

export const keyMismatch = () =>
  new AppError(
    'KEY_MISMATCH',
    '数据密钥与数据文件不匹配，无法解密居民个人信息。为保护数据，议事台不会打开或改写这些文件；请确认使用的是原来的电脑和系统账户，或从与当前密钥匹配的备份恢复。',
  )

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENC_PREFIX)
}

export interface PiiCipher {
  encrypt(plain: string, aad: string): string
  /** Throws AppError('KEY_MISMATCH') when the key or the bound field/id is wrong. */
  decrypt(value: string, aad: string): string
}

export function createPiiCipher(key: Buffer): PiiCipher {
  if (key.length !== KEY_BYTES) throw new Error(`data key must be ${KEY_BYTES} bytes`)
  const k = Buffer.from(key)
  return {
    encrypt(plain, aad) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', k, iv)
      cipher.setAAD(Buffer.from(aad, 'utf8'))
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      const tag = cipher.getAuthTag()
      return `${ENC_PREFIX}${iv.toString('base64url')}:${tag.toString('base64url')}:${ct.toString('base64url')}`
    },
    decrypt(value, aad) {
      const parts = value.slice(ENC_PREFIX.length).split(':')
      if (!value.startsWith(ENC_PREFIX) || parts.length !== 3) throw keyMismatch()
      const [iv, tag, ct] = parts.map((p) => Buffer.from(p, 'base64url'))
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw keyMismatch()
      try {
        const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES })
        decipher.setAAD(Buffer.from(aad, 'utf8'))
        decipher.setAuthTag(tag)
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8')
      } catch {
        throw keyMismatch()
      }
    },
  }
}

const fieldAad = (field: PiiField, id: string) => `yishi:v1:${field}:${id}`

/**
 * The codec openDatabase applies to every demand it writes or reads. Plain values written before
 * encryption existed are read as they are and encrypted on the demand's next write.
 */
export function createPiiCodec(key: Buffer): DemandCodec {
  const cipher = createPiiCipher(key)
  return {
    encodeDemand(d: Demand): unknown {
      const out: Record<string, unknown> = { ...d }
      for (const field of PII_FIELDS) {
        const v = d[field]
        if (typeof v === 'string') out[field] = cipher.encrypt(v, fieldAad(field, d.id))
      }
      return out
    },
    decodeDemand(stored: unknown): Demand {
      if (!stored || typeof stored !== 'object') throw new Error('demand is not an object')
      const out: Record<string, unknown> = { ...(stored as Record<string, unknown>) }
      const id = out.id
      for (const field of PII_FIELDS) {
        const v = out[field]
        if (isEncrypted(v)) {
          if (typeof id !== 'string') throw new Error('encrypted demand without id')
          out[field] = cipher.decrypt(v, fieldAad(field, id))
        }
      }
      return out as unknown as Demand
    },
  }
}

/**
 * Run before openDatabase: refuses (AppError KEY_MISMATCH) a key that is not the one the folder
 * was written with, so a wrong key never gets as far as quarantining or rewriting a file. The
 * proof is keycheck.json; a folder without one (older, or the file was lost) is checked against
 * the first encrypted value found in its partitions. On success keycheck.json is (re)written.
 */
export async function verifyDataKey(dataDir: string, key: Buffer, fs: FsOps = nodeFs): Promise<void> {
  const cipher = createPiiCipher(key)
  const checkPath = join(dataDir, KEY_CHECK_FILE)
  let text: string | null = null
  try {
    text = utf8(await fs.readFile(checkPath))
  } catch (err) {
    if (!isMissing(err)) throw err
  }
  if (text !== null) {
    let check: unknown
    try {
      check = (JSON.parse(text) as { check?: unknown }).check
    } catch {
      check = undefined
    }
    if (isEncrypted(check)) {
      if (cipher.decrypt(check, 'yishi:v1:keycheck') !== KEY_CHECK_PLAIN) throw keyMismatch()
      return
    }
    // A damaged check file proves nothing either way: fall back to the partitions.
  }
  const sample = await firstEncryptedValue(fs, dataDir)
  if (sample) cipher.decrypt(sample.value, fieldAad(sample.field, sample.id))
  try {
    await fs.mkdir(dataDir, DIR_MODE)
  } catch {
    // openDatabase reports an unusable folder with its own message
    return
  }
  const check = cipher.encrypt(KEY_CHECK_PLAIN, 'yishi:v1:keycheck')
  await writeFileDurable(fs, checkPath, JSON.stringify({ schemaVersion: 1, check }))
}

const utf8 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')

async function firstEncryptedValue(fs: FsOps, dataDir: string): Promise<{ field: PiiField; id: string; value: string } | null> {
  const root = join(dataDir, 'demands')
  let communities: string[]
  try {
    communities = await fs.readdir(root)
  } catch {
    return null
  }
  for (const c of communities.sort()) {
    let files: string[]
    try {
      files = (await fs.readdir(join(root, c))).filter((f) => /^\d{4}-\d{2}\.json$/.test(f)).sort()
    } catch {
      continue
    }
    for (const f of files) {
      let items: unknown
      try {
        items = (JSON.parse(utf8(await fs.readFile(join(root, c, f)))) as { items?: unknown }).items
      } catch {
        continue // damaged files are the data layer's business
      }
      if (!Array.isArray(items)) continue
      for (const item of items as Array<Record<string, unknown>>) {
        if (!item || typeof item.id !== 'string') continue
        for (const field of PII_FIELDS) {
          const value = item[field]
          if (isEncrypted(value)) return { field, id: item.id, value }
        }
      }
    }
  }
  return null
}
