// The sample street generated for a street in another zone (issue 9, item 4): Asia/Urumqi is
// UTC+6, so at 17:00 UTC on 30 November it is 23:00 there (still November) and 01:00 on
// 1 December in Shanghai.
import { describe, expect, it } from 'vitest'
import { currentMonth, monthOf } from '../../shared/domain/month'
import { parseDemandId } from '../../electron/data'
import { generateSampleDemands, SAMPLE_COMMUNITIES } from '../../electron/services/sample-street'

const AT = new Date('2026-11-30T17:00:00Z')
const communities = SAMPLE_COMMUNITIES.slice(0, 2).map((c) => ({ ...c, sample: true }))

describe('sample street in Asia/Urumqi', () => {
  it('ends with the street’s current month, every demand in its Urumqi month with the +06:00 offset', () => {
    expect(currentMonth(AT, 'Asia/Urumqi')).toBe('2026-11')
    const demands = generateSampleDemands(communities, AT, undefined, 'Asia/Urumqi')
    const months = [...new Set(demands.map((d) => parseDemandId(d.id)!.month))].sort()
    expect(months.at(-1)).toBe('2026-11')
    expect(months).toHaveLength(24)
    for (const d of demands) {
      expect(parseDemandId(d.id)!.month).toBe(monthOf(d.receivedAt, 'Asia/Urumqi'))
      expect(d.receivedAt).toMatch(/\+06:00$/)
      expect(Date.parse(d.receivedAt)).toBeLessThanOrEqual(AT.getTime())
    }
  })

  it('the same instant in Shanghai already has December', () => {
    const months = [...new Set(generateSampleDemands(communities, AT).map((d) => parseDemandId(d.id)!.month))].sort()
    expect(months.at(-1)).toBe('2026-12')
  })
})
