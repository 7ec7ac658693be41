// Phone numbers as residents give them: mobiles written with spaces, dashes or a +86 / 0086
// prefix, and landlines with an area code and an optional extension. Stored in one form each:
// mobile `13888886666`, landline `0717-4214580` or `0717-4214580-123`.

export const PHONE_MESSAGE_MOBILE = '联系电话须为 11 位手机号码（以 1 开头）'
export const PHONE_MESSAGE = '联系电话须为 11 位手机号码，或带区号的固定电话（如 0717-4214580）'

export type PhoneParse = { ok: true; value: string; kind: 'mobile' | 'landline' } | { ok: false; message: string }

/** Full-width digits, brackets, dashes and spaces as typed with a Chinese IME → ASCII. */
function toAscii(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[－—–‐﹣]/g, '-')
    .replace(/[＋]/g, '+')
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
}

const MOBILE = /^(?:\+86|0086)?(1\d{10})$/
// Area codes: 010 and 02X have three digits, all others four (0 + [3-9] + two digits).
const AREA = '(0(?:10|2\\d|[3-9]\\d{2}))'
const LANDLINE = new RegExp(
  `^(?:\\(${AREA}\\)|${AREA})-?([2-9]\\d{6,7})(?:(?:-|转|ext\\.?|#)(\\d{1,6}))?$`,
  'i',
)

/**
 * Reads a phone number and returns it normalised, or a zh-CN message naming the field (联系电话).
 * Mobile: 11 digits starting with 1, spaces and dashes anywhere, optional +86 / 0086 in front.
 * Landline: area code (010, 02X, or 0 + 3 digits; optionally in brackets), a 7–8 digit number,
 * optionally an extension after `-`, `转`, `ext` or `#`.
 */
export function parsePhone(input: string): PhoneParse {
  const text = toAscii(input)
  const compact = text.replace(/[\s-]/g, '')
  const mobile = MOBILE.exec(compact)
  if (mobile) return { ok: true, value: mobile[1], kind: 'mobile' }
  // Spaces may separate the parts of a landline like dashes do.
  const landline = LANDLINE.exec(text.replace(/\s*([()\-#]|转|ext\.?)\s*/gi, '$1').replace(/\s+/g, '-'))
  if (landline) {
    const [, bracketed, area, number, ext] = landline
    return { ok: true, value: `${bracketed ?? area}-${number}${ext ? `-${ext}` : ''}`, kind: 'landline' }
  }
  // Something that looks like a mobile number gets the mobile message; anything else both forms.
  const looksMobile = /^(?:\+86|0086)?1/.test(compact) || /^\+/.test(compact)
  return { ok: false, message: looksMobile ? PHONE_MESSAGE_MOBILE : PHONE_MESSAGE }
}

/** A stored landline: `0717-4214580` or `0717-4214580-123`. */
export const STORED_LANDLINE = /^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$/
