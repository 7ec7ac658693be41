import { describe, expect, it } from 'vitest'
import { demandCreateInput, demandUpdateInput } from '../../shared/contract/demand'
import { maskPhone } from '../../shared/domain/masking'
import { parsePhone, PHONE_MESSAGE, PHONE_MESSAGE_MOBILE } from '../../shared/domain/phone'

const value = (text: string) => {
  const r = parsePhone(text)
  return r.ok ? r.value : `ERR ${r.message}`
}

describe('parsePhone', () => {
  it('normalises mobiles written with spaces, dashes, +86 or 0086', () => {
    for (const text of ['13888886666', '138 8888 6666', '138-8888-6666', '+86 138 8888 6666', '+8613888886666', '0086 138 8888 6666', ' 138８８８８６６６６ ']) {
      expect(value(text)).toBe('13888886666')
    }
  })

  it('accepts landlines with an area code and an optional extension, stored normalised', () => {
    expect(value('027-84567890')).toBe('027-84567890')
    expect(value('010 84567890')).toBe('010-84567890')
    expect(value('0717-4214580')).toBe('0717-4214580')
    expect(value('07174214580')).toBe('0717-4214580')
    expect(value('(0717)4214580')).toBe('0717-4214580')
    expect(value('（0717）4214580')).toBe('0717-4214580')
    expect(value('0717 421 4580')).toBe('ERR ' + PHONE_MESSAGE)
    expect(value('0717-4214580-123')).toBe('0717-4214580-123')
    expect(value('0717-4214580转123')).toBe('0717-4214580-123')
    expect(value('0717-4214580 转 123')).toBe('0717-4214580-123')
  })

  it('refuses anything else with a message naming the field', () => {
    for (const text of ['12345', '1381234567', '138123456789', '+1 415 555 0100']) {
      expect(value(text)).toBe('ERR ' + PHONE_MESSAGE_MOBILE)
    }
    for (const text of ['', '23812345678', '4214580', '0717-421', '0717-0214580', 'abc', '0717-4214580-1234567']) {
      expect(value(text)).toBe('ERR ' + PHONE_MESSAGE)
    }
    expect(PHONE_MESSAGE).toContain('联系电话')
    expect(PHONE_MESSAGE_MOBILE).toContain('联系电话')
  })
})

describe('phones in the demand schemas', () => {
  const valid = {
    communityId: 'cA',
    channel: 'hotline',
    category: 'parking',
    reporterName: '王芳',
    receivedAt: '2026-05-10T09:00:00+08:00',
    description: '楼下车位被长期占用',
  }
  it('stores the normalised form on create and update', () => {
    expect(demandCreateInput.parse({ ...valid, reporterPhone: '+86 138-8888-6666' }).reporterPhone).toBe('13888886666')
    expect(demandCreateInput.parse({ ...valid, reporterPhone: '(0717)4214580转123' }).reporterPhone).toBe('0717-4214580-123')
    const update = demandUpdateInput.parse({ id: 'x', revision: 1, patch: { reporterPhone: '027 84567890' } })
    expect(update.patch.reporterPhone).toBe('027-84567890')
    expect(demandUpdateInput.parse({ id: 'x', revision: 1, patch: { reporterPhone: null } }).patch.reporterPhone).toBeNull()
  })
  it('refuses a bad number on the reporterPhone field', () => {
    const r = demandCreateInput.safeParse({ ...valid, reporterPhone: '0717-42' })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reporterPhone', PHONE_MESSAGE]])
  })
})

describe('maskPhone', () => {
  it('masks mobiles and landlines sensibly', () => {
    expect(maskPhone('13888886666')).toBe('138****6666')
    expect(maskPhone('0717-4214580')).toBe('0717-****580')
    expect(maskPhone('027-84567890')).toBe('027-*****890')
    expect(maskPhone('0717-4214580-123')).toBe('0717-****580-123')
    expect(maskPhone('0717-421')).toBe('********')
  })
})
