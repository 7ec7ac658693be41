// Operators' secrets: a PIN (6+ digits) or a password (8+ characters), stored only as a scrypt
// hash. scrypt is memory-hard (N=2^15, r=8 → 32 MiB per guess), and the stored string names its
// parameters, `scrypt$N$r$p$salt$hash` (salt and hash base64url), so they can be raised later:
// verifySecret() reads them from the string and needsRehash() says when to hash again at sign-in.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number
  r: number
  p: number
}

export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 }
const SALT_BYTES = 16
const HASH_BYTES = 32
// Bounds for parameters read from a stored string, so an edited operator record cannot make a
// sign-in allocate gigabytes or spin for minutes.
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16
import { SECRET_MAX_LENGTH } from '../../shared/domain/secret-policy'
export { SECRET_MAX_LENGTH }

function scrypt(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // 128·N·r bytes are needed; Node's default limit (32 MiB) is exactly N=2^15, r=8: leave room.
    maxmem: 128 * params.N * params.r * params.p + 16 * 1024 * 1024,
  }
  return new Promise((resolve, reject) => {
    scryptCb(secret.normalize('NFC'), salt, HASH_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/** `scrypt$N$r$p$salt$hash` for a new secret, with a fresh random salt. */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const hash = await scrypt(secret, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

interface ParsedHash extends ScryptParams {
  salt: Buffer
  hash: Buffer
}

export function parseSecretHash(stored: string): ParsedHash | null {
  if (typeof stored !== 'string') return null
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : NaN))
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return null
  if (!Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) return null
  const salt = Buffer.from(parts[4], 'base64url')
  const hash = Buffer.from(parts[5], 'base64url')
  if (salt.length < 8 || hash.length < 16) return null
  return { N, r, p, salt, hash }
}

/** Whether the secret matches the stored hash; a malformed hash never matches. Constant time. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parseSecretHash(stored)
  if (!parsed || typeof secret !== 'string' || secret.length > SECRET_MAX_LENGTH) return false
  const actual = await scrypt(secret, parsed.salt, parsed)
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash)
}

/** True when the stored hash uses weaker parameters than `params` (hash again after sign-in). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseSecretHash(stored)
  return !parsed || parsed.N < params.N || parsed.r < params.r || parsed.p < params.p
}

/**
 * A hash of a random secret nobody knows: signIn verifies against it when the name does not
 * exist, so a wrong name costs the same time as a wrong secret.
 */
export function dummySecretHash(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  return hashSecret(randomBytes(24).toString('base64url'), params)
}

export { checkSecretPolicy, type SecretPolicyResult } from '../../shared/domain/secret-policy'
