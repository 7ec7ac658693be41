import { describe, expect, it } from 'vitest'
import { messages } from '../../renderer/src/i18n'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES, LOCALES } from '../../shared/domain/vocab'

const zhAreas = import.meta.glob<{ default: object }>('../../renderer/src/i18n/zh-CN/*.ts', { eager: true })
const enAreas = import.meta.glob<{ default: object }>('../../renderer/src/i18n/en/*.ts', { eager: true })
const areaName = (path: string) => path.split('/').pop()!.replace(/\.ts$/, '')
const areas = (files: Record<string, { default: object }>) =>
  Object.fromEntries(Object.entries(files).filter(([p]) => areaName(p) !== 'index').map(([p, m]) => [areaName(p), m.default]))

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

  it('has messages for exactly the shared LOCALES', () => {
    expect(Object.keys(messages).sort()).toEqual([...LOCALES].sort())
  })

  it('en has exactly the zh-CN keys', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort())
  })

  it('splits by area: the same area files in each locale, each with the same keys', () => {
    const zh = areas(zhAreas)
    const en = areas(enAreas)
    expect(Object.keys(zh).length).toBeGreaterThan(5)
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    for (const [area, messagesOfArea] of Object.entries(zh)) {
      expect(keys(en[area]).sort(), area).toEqual(keys(messagesOfArea).sort())
    }
  })

  it('no two areas define the same top-level key (joining would silently drop one)', () => {
    for (const files of [zhAreas, enAreas]) {
      const tops = Object.values(areas(files)).flatMap((m) => Object.keys(m))
      expect(tops.length).toBe(new Set(tops).size)
      expect(tops.sort()).toEqual(Object.keys(messages['zh-CN']).filter((k) => tops.includes(k)).sort())
    }
  })

  it('avoids characters vue-i18n would parse as syntax (@ and |)', () => {
    for (const locale of Object.values(messages)) {
      const texts = keys(locale).map((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], locale))
      for (const text of texts) expect(String(text)).not.toMatch(/[@|]/)
    }
  })
})
