// Free text that must not carry a resident's personal data in the clear (e.g. the reason of a
// deletion, which is kept in the audit log after the record itself is erased).

// Separators people type inside numbers: spaces, hyphens, dots, full-width hyphen/space.
const SEPARATORS = /[\s\-.－—\u3000]/g
const MOBILE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/
const ID_CARD_18 = /(?<!\d)\d{17}[\dXx](?!\d)/
const ID_CARD_15 = /(?<!\d)\d{15}(?!\d)/
// Landline with area code: 010-12345678, 0571 8888 1234, (021)12345678, 区号+7–8 位号码.
const LANDLINE = /(?<!\d)[（(]?0\d{2,3}[）)]?[\s\-－]?\d{3,4}[\s\-－]?\d{4}(?!\d)/
// Written out without separators: 0 + 9–11 digits.
const LANDLINE_PLAIN = /(?<!\d)0\d{9,11}(?!\d)/

export type PersonalDataKind = 'phone' | 'idCard'

/** What kind of personal number the text holds, or null. */
export function findPersonalNumber(text: string): PersonalDataKind | null {
  const folded = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const joined = folded.replace(SEPARATORS, '')
  if (ID_CARD_18.test(joined) || ID_CARD_15.test(joined)) return 'idCard'
  if (MOBILE.test(joined) || LANDLINE.test(folded) || LANDLINE_PLAIN.test(joined)) return 'phone'
  return null
}
