// What a new operator secret must look like: shared by the contract's schemas (so the sign-in
// screen can say it before the call) and the operator service (the second check).

export const SECRET_MAX_LENGTH = 128

export type SecretPolicyResult = { ok: true; kind: 'pin' | 'password' } | { ok: false; message: string }

/**
 * A PIN is 6 or more digits, not all the same and not a straight run (123456, 654321); a password
 * is 8 or more characters. At most 128 characters.
 */
export function checkSecretPolicy(secret: unknown): SecretPolicyResult {
  if (typeof secret !== 'string' || secret.length === 0) return { ok: false, message: '请输入密码或 PIN 码' }
  const chars = Array.from(secret.normalize('NFC'))
  if (chars.length > SECRET_MAX_LENGTH) return { ok: false, message: `密码不能超过 ${SECRET_MAX_LENGTH} 个字符` }
  if (secret.trim() !== secret) return { ok: false, message: '密码的开头和结尾不能是空格' }
  if (/^\d+$/.test(secret)) {
    if (secret.length < 6) return { ok: false, message: 'PIN 码至少 6 位数字' }
    if (isTrivialPin(secret)) return { ok: false, message: 'PIN 码过于简单（不能全部相同或连续递增、递减），请换一个' }
    return { ok: true, kind: secret.length >= 8 ? 'password' : 'pin' }
  }
  if (chars.length < 8) return { ok: false, message: '密码至少 8 个字符（或使用至少 6 位数字的 PIN 码）' }
  return { ok: true, kind: 'password' }
}

function isTrivialPin(pin: string): boolean {
  const d = Array.from(pin, Number)
  const same = d.every((x) => x === d[0])
  const up = d.every((x, i) => i === 0 || x === (d[i - 1] + 1) % 10)
  const down = d.every((x, i) => i === 0 || x === (d[i - 1] + 9) % 10)
  return same || up || down
}
