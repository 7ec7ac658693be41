// 数据包 file format (docs/data-package.md): PACKAGE_MAGIC, then gzip of one JSON envelope
//   { format, formatVersion, manifest: "<manifest JSON text>", signature: {alg, publicKey, value}, entries: {name: "<JSON text>"} }
// The Ed25519 signature covers the manifest's exact text; the manifest holds the sha256 of every
// entry's text. readPackage verifies all of it before a single record is handed out.
import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { AppError } from '../../shared/contract/errors'
import {
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  PACKAGE_MAGIC,
  checkManifest,
  formatFingerprint,
  packageRefusalMessage,
  type PackageEntry,
  type PackageManifest,
  type PackageRefusal,
} from '../../shared/domain/data-package'

/** The installation's signing key: derived from its data key, so it is kept wherever that key is. */
export interface PackageSigner {
  sign(data: Buffer): Buffer
  /** SPKI DER of the public key. */
  publicKey: Buffer
  /** sha256 (hex) of publicKey. */
  fingerprintHex: string
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** Ed25519 from HKDF(data key): one key per installation, nothing new to store or lose. */
export function signerFromDataKey(dataKey: Buffer): PackageSigner {
  const seed = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'yishi:v1:package-signing', 32))
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  seed.fill(0)
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
  return {
    sign: (data) => sign(null, data, privateKey),
    publicKey,
    fingerprintHex: sha256Hex(publicKey),
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

interface Envelope {
  format: string
  formatVersion: number
  manifest: string
  signature: { alg: string; publicKey: string; value: string }
  entries: Record<string, string>
}

/** Builds the file: every entry's JSON text checksummed in the manifest, the manifest signed. */
export function buildPackage(
  base: Omit<PackageManifest, 'entries' | 'format' | 'formatVersion'>,
  data: Record<string, unknown>,
  signer: PackageSigner,
): Buffer {
  const entries: Record<string, string> = {}
  const list: PackageEntry[] = []
  for (const [name, value] of Object.entries(data)) {
    const text = JSON.stringify(value)
    entries[name] = text
    list.push({ name, bytes: Buffer.byteLength(text), sha256: sha256Hex(text) })
  }
  const manifest: PackageManifest = { format: PACKAGE_FORMAT, formatVersion: PACKAGE_FORMAT_VERSION, ...base, entries: list }
  const manifestText = JSON.stringify(manifest)
  const envelope: Envelope = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    manifest: manifestText,
    signature: { alg: 'Ed25519', publicKey: signer.publicKey.toString('base64'), value: signer.sign(Buffer.from(manifestText)).toString('base64') },
    entries,
  }
  return Buffer.concat([Buffer.from(PACKAGE_MAGIC), gzipSync(JSON.stringify(envelope))])
}

export interface VerifiedPackage {
  manifest: PackageManifest
  /** Each entry's parsed JSON, by name. */
  entries: Map<string, unknown>
  fingerprintHex: string
}

const refuse = (why: PackageRefusal, detail?: string) => new AppError('VALIDATION', packageRefusalMessage(why, detail))

/**
 * Opens a package file and checks, in this order: the magic, the container (gzip, JSON), the
 * format version (a newer one is refused before its contents are trusted), the signature over the
 * manifest, then each entry's size and sha256. Any failure throws AppError('VALIDATION') with the
 * message naming why; nothing of the contents is returned.
 */
export function readPackage(file: Buffer): VerifiedPackage {
  const magic = Buffer.from(PACKAGE_MAGIC)
  if (file.length < magic.length || !file.subarray(0, magic.length).equals(magic)) throw refuse('notPackage')
  let envelope: Envelope
  try {
    envelope = JSON.parse(gunzipSync(file.subarray(magic.length)).toString('utf8')) as Envelope
  } catch (err) {
    // Cut short (a copy or download that did not finish): said so, it is the usual cause.
    if ((err as { code?: string }).code === 'Z_BUF_ERROR') throw refuse('corrupted', '文件不完整，可能没有拷贝完整，请重新拷贝')
    throw refuse('corrupted', '内容无法解压或解析')
  }
  if (!envelope || typeof envelope !== 'object' || envelope.format !== PACKAGE_FORMAT) throw refuse('notPackage')
  if (typeof envelope.formatVersion === 'number' && envelope.formatVersion > PACKAGE_FORMAT_VERSION) {
    throw refuse('newerVersion', String(envelope.formatVersion))
  }
  const sig = envelope.signature
  if (typeof envelope.manifest !== 'string' || !sig || typeof sig.publicKey !== 'string' || typeof sig.value !== 'string' || !envelope.entries || typeof envelope.entries !== 'object') {
    throw refuse('corrupted', '缺少清单或签名')
  }
  let publicKey: KeyObject
  const publicDer = Buffer.from(sig.publicKey, 'base64')
  try {
    publicKey = createPublicKey({ key: publicDer, format: 'der', type: 'spki' })
  } catch {
    throw refuse('badSignature')
  }
  if (sig.alg !== 'Ed25519' || publicKey.asymmetricKeyType !== 'ed25519') throw refuse('badSignature')
  let signed: boolean
  try {
    signed = verify(null, Buffer.from(envelope.manifest), publicKey, Buffer.from(sig.value, 'base64'))
  } catch {
    signed = false
  }
  if (!signed) throw refuse('badSignature')
  let parsed: unknown
  try {
    parsed = JSON.parse(envelope.manifest)
  } catch {
    throw refuse('corrupted', '清单无法解析')
  }
  const checked = checkManifest(parsed)
  if (!checked.ok) throw refuse(checked.why, checked.detail)
  const { manifest } = checked
  if (manifest.formatVersion !== envelope.formatVersion) throw refuse('corrupted', '格式版本前后不一致')
  const entries = new Map<string, unknown>()
  const listed = new Set(manifest.entries.map((e) => e.name))
  for (const name of Object.keys(envelope.entries)) if (!listed.has(name)) throw refuse('checksum', `清单外的内容：${name}`)
  for (const entry of manifest.entries) {
    const text = envelope.entries[entry.name]
    if (typeof text !== 'string') throw refuse('incomplete', `缺少 ${entry.name}`)
    if (Buffer.byteLength(text) !== entry.bytes || sha256Hex(text) !== entry.sha256) throw refuse('checksum', entry.name)
    try {
      entries.set(entry.name, JSON.parse(text))
    } catch {
      throw refuse('corrupted', `${entry.name} 无法解析`)
    }
  }
  return { manifest, entries, fingerprintHex: sha256Hex(publicDer) }
}

export { formatFingerprint }
