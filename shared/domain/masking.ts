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

/** 5栋2单元301 -> 5栋****: the building (up to 栋/幢/号楼/号/楼) stays, the rest is hidden. */
export function maskAddress(address: string | undefined): string {
  if (!address) return ''
  const chars = Array.from(address)
  const m = /^[^栋幢楼号]{1,8}?(号楼|[栋幢楼号])/.exec(address)
  const keep = m ? Array.from(m[0]).length : Math.min(2, chars.length - 1)
  return chars.slice(0, keep).join('') + '****'
}
