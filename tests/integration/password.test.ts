import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SCRYPT_PARAMS,
  checkSecretPolicy,
  hashSecret,
  needsRehash,
  parseSecretHash,
  verifySecret,
} from '../../electron/services/password'

const FAST = { N: 2 ** 10, r: 8, p: 1 }

describe('password hashing', () => {
  it('hashes with scrypt N=2^15 r=8 p=1 by default and records the parameters', async () => {
    const stored = await hashSecret('correct horse')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(parseSecretHash(stored)).toMatchObject(DEFAULT_SCRYPT_PARAMS)
    expect(await verifySecret('correct horse', stored)).toBe(true)
    expect(await verifySecret('correct horsf', stored)).toBe(false)
  })

  it('salts every hash and verifies with the parameters stored in the string', async () => {
    const a = await hashSecret('24681357', FAST)
    const b = await hashSecret('24681357', FAST)
    expect(a).not.toBe(b)
    expect(a.startsWith('scrypt$1024$8$1$')).toBe(true)
    expect(await verifySecret('24681357', a)).toBe(true)
    expect(await verifySecret('24681357', b)).toBe(true)
    expect(needsRehash(a)).toBe(true)
    expect(needsRehash(await hashSecret('x', DEFAULT_SCRYPT_PARAMS))).toBe(false)
  })

  it('treats NFC and NFD spellings of a secret alike', async () => {
    const stored = await hashSecret('caf\u00e9-密码-安全', FAST)
    expect(await verifySecret('cafe\u0301-密码-安全', stored)).toBe(true)
  })

  it('never matches a malformed or tampered hash, and refuses absurd parameters', async () => {
    const good = await hashSecret('abcdefgh', FAST)
    const parts = good.split('$')
    const flipped = [...parts.slice(0, 5), Buffer.from(Buffer.from(parts[5], 'base64url').map((x, i) => (i === 0 ? x ^ 1 : x))).toString('base64url')].join('$')
    for (const bad of [
      '',
      'abcdefgh',
      flipped,
      good.replace('scrypt$', 'bcrypt$'),
      `scrypt$${2 ** 24}$8$1$${parts[4]}$${parts[5]}`, // N too large: would allocate GBs
      `scrypt$1000$8$1$${parts[4]}$${parts[5]}`, // not a power of two
      `scrypt$1024$999$1$${parts[4]}$${parts[5]}`,
      `scrypt$1024$8$1$$${parts[5]}`, // no salt
    ]) {
      expect(await verifySecret('abcdefgh', bad), bad).toBe(false)
    }
    expect(await verifySecret('a'.repeat(129), good)).toBe(false)
  })
})

describe('secret policy', () => {
  it('accepts a PIN of 6+ digits and a password of 8+ characters', () => {
    expect(checkSecretPolicy('270915')).toEqual({ ok: true, kind: 'pin' })
    expect(checkSecretPolicy('27091583')).toEqual({ ok: true, kind: 'password' })
    expect(checkSecretPolicy('议事台密码很安全')).toEqual({ ok: true, kind: 'password' })
    expect(checkSecretPolicy('pass word')).toEqual({ ok: true, kind: 'password' })
  })
  it('refuses short, trivial, padded, empty and overlong secrets with zh-CN messages', () => {
    const msg = (s: unknown) => {
      const r = checkSecretPolicy(s)
      return r.ok ? null : r.message
    }
    expect(msg('12345')).toBe('PIN 码至少 6 位数字')
    expect(msg('111111')).toMatch(/过于简单/)
    expect(msg('123456')).toMatch(/过于简单/)
    expect(msg('987654')).toMatch(/过于简单/)
    expect(msg('890123')).toMatch(/过于简单/)
    expect(msg('abc1234')).toBe('密码至少 8 个字符（或使用至少 6 位数字的 PIN 码）')
    expect(msg(' abcdefgh')).toBe('密码的开头和结尾不能是空格')
    expect(msg('')).toBe('请输入密码或 PIN 码')
    expect(msg(undefined)).toBe('请输入密码或 PIN 码')
    expect(msg('a'.repeat(129))).toBe('密码不能超过 128 个字符')
  })
})
