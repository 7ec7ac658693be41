/** 13812345678 -> 138****5678. Anything that is not a phone number is fully hidden. */
export function maskPhone(phone: string | undefined): string {
  if (!phone) return ''
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`
  return '*'.repeat(Math.min(phone.length, 11))
}

/** 张三丰 -> 张**; a single character stays as *. */
export function maskName(name: string | undefined): string {
  if (!name) return ''
  const chars = Array.from(name)
  if (chars.length === 1) return '*'
  return chars[0] + '*'.repeat(chars.length - 1)
}
