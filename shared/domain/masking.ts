import { STORED_LANDLINE } from './phone'

/**
 * 13812345678 -> 138****5678; a landline keeps its area code and last three digits:
 * 0717-4214580 -> 0717-****580, 027-84567890 -> 027-*****890, 0717-4214580-123 -> 0717-****580-123.
 * Anything that is not a phone number in stored form is fully hidden.
 */
export function maskPhone(phone: string | undefined): string {
  if (!phone) return ''
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`
  const landline = STORED_LANDLINE.exec(phone)
  if (landline) {
    const [, area, number, ext] = landline
    return `${area}-${'*'.repeat(number.length - 3)}${number.slice(-3)}${ext ? `-${ext}` : ''}`
  }
  return '*'.repeat(Math.min(phone.length, 11))
}

/** 张三丰 -> 张**; a single character stays as *. */
export function maskName(name: string | undefined): string {
  if (!name) return ''
  const chars = Array.from(name)
  if (chars.length === 1) return '*'
  return chars[0] + '*'.repeat(chars.length - 1)
}

// Numbers in an address: ASCII and full-width digits; Chinese numerals only where they number a
// house, building, unit, room or floor (三栋, 二单元), so names like 五一路 or 十里铺 stay readable.
const ADDRESS_MARKERS = '号|栋|幢|座|单元|室|楼|层|户|门'
const CN_NUMERALS = new RegExp(`[零〇一二两三四五六七八九十百千]+(?=${ADDRESS_MARKERS})`, 'g')
const DIGITS = /[0-9０-９]/g
// A letter that numbers a building or room (A座, 3B, B502) goes with its number.
const LATIN_NUMBERING = new RegExp(`(?<=\\*)[A-Za-zＡ-Ｚａ-ｚ]+|[A-Za-zＡ-Ｚａ-ｚ]+(?=\\*|${ADDRESS_MARKERS})`, 'g')
const stars = (m: string) => '*'.repeat(Array.from(m).length)

/**
 * Keeps the road, village or compound name and hides every number, one * per digit:
 * 幸福小区3栋1单元502室 -> 幸福小区*栋*单元***室, 李家村25号 -> 李家村**号, 5栋2单元301 -> *栋*单元***.
 */
export function maskAddress(address: string | undefined): string {
  if (!address) return ''
  return address.replace(CN_NUMERALS, stars).replace(DIGITS, '*').replace(LATIN_NUMBERING, stars)
}
