import { describe, expect, it } from 'vitest'
import { messages } from '../../renderer/src/i18n'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../../shared/domain/vocab'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('messages', () => {
  it('has a zh-CN label for every vocabulary code', () => {
    const zh = messages['zh-CN']
    for (const c of DEMAND_CHANNELS) expect(zh.channel[c], c).toBeTruthy()
    for (const c of DEMAND_CATEGORIES) expect(zh.category[c], c).toBeTruthy()
    for (const s of DEMAND_STATUSES) expect(zh.status[s], s).toBeTruthy()
    expect(zh.channel.transfer12345).toBe('12345 转办')
    expect(zh.status.escalated).toBe('街道兜底')
  })

  it('en has exactly the zh-CN keys', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort())
  })

  it('avoids characters vue-i18n would parse as syntax (@ and |)', () => {
    for (const locale of Object.values(messages)) {
      const texts = keys(locale).map((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], locale))
      for (const text of texts) expect(String(text)).not.toMatch(/[@|]/)
    }
  })
})
