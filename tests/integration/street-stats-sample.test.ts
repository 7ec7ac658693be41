// stats:street on the sample street (15 communities, two years), cross-checked against the
// per-community channels that came before it (stats:petitionTrend, stats:rates): the street is the
// sum of its communities, the pilot's sentence reads as DOMAIN.md quotes it, computed from the
// raw counts, and no demand file is read.
import { describe, expect, it } from 'vitest'
import { contract, type InputOf } from '../../shared/contract'
import { openDatabase } from '../../electron/data'
import { createServices } from '../../electron/services'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { clock, spyFs, tempDir } from './helpers'

async function sampleStreet() {
  const fs = spyFs()
  const now = clock('2026-05-20T10:00:00+08:00')
  // No task collection registered: 按期办结率 has no base anywhere (the data-only path).
  const db = await openDatabase({ dataDir: await tempDir(), fs, now })
  let n = 0
  const services = createServices({ audit: memoryAuditLogForTests(), db, now, newId: () => `id${++n}` })
  await services.sample.load({})
  return { db, services, fs }
}

// The pilot's petitions in the finished months of 近12个月 on 20 May 2026 (June 2025–April 2026)
// and a year before: the sample's 30 vs 67 over the whole 12 months, less May (2 so far this May,
// 5 last May): 28 vs 62, −34, −54.8%.
const COMPARED = 28
const LAST_YEAR = 62

describe('the sample street', () => {
  it('近12个月: the pilot falls by 34 petitions in the finished months (28 vs 62, −54.8%); street totals add up; no demand file read', async () => {
    const { db, services, fs } = await sampleStreet()
    const street = (input: InputOf<'stats:street'>) => services.stats.street(contract['stats:street'].input.parse(input))
    const reads = fs.reads().length
    const s = await street({ preset: 'last12Months', granularity: 'quarter', rankBy: 'petitionsChange', order: 'asc' })
    expect(fs.reads().slice(reads).filter((p) => /[\\/]demands[\\/]/.test(p))).toEqual([])

    expect(s.period).toMatchObject({ from: '2025-06', to: '2026-05', asOf: '2026-05-20' })
    expect(s.communities).toHaveLength(15)
    const pilot = s.communities.find((c) => c.name === '七口堰社区')!
    expect(pilot.petitions).toMatchObject({ count: 30, compared: COMPARED, lastYear: LAST_YEAR })
    // May is not over: 同比 compares June 2025–April 2026 with June 2024–April 2025.
    expect(s.period.compared).toMatchObject({ from: '2025-06', to: '2026-04' })
    expect(pilot.sentences.petitions).toBe(
      `2025年6月—2026年5月（截至5月20日），七口堰社区信访量30件；其中2025年6月—2026年4月${COMPARED}件，同比下降${LAST_YEAR - COMPARED}件，降幅${(((LAST_YEAR - COMPARED) / LAST_YEAR) * 100).toFixed(1)}%。`,
    )

    // Each community agrees with stats:petitionTrend (counts over the period, 同比 over the months
    // compared), and the street is their sum.
    let petitions = 0
    let demands = 0
    for (const c of s.communities) {
      const p = await services.stats.petitionTrend({ communityId: c.communityId!, from: '2025-06', to: '2026-05', scope: 'petition' })
      const a = await services.stats.petitionTrend({ communityId: c.communityId!, from: '2025-06', to: '2026-05', scope: 'all' })
      expect([c.petitions.count, c.demands.count]).toEqual([p.total, a.total])
      const pc = await services.stats.petitionTrend({ communityId: c.communityId!, from: '2025-06', to: '2026-04', scope: 'petition' })
      const ac = await services.stats.petitionTrend({ communityId: c.communityId!, from: '2025-06', to: '2026-04', scope: 'all' })
      expect([c.petitions.compared, c.petitions.yoy]).toEqual([pc.total, pc.totalYoy])
      expect([c.demands.compared, c.demands.yoy]).toEqual([ac.total, ac.totalYoy])
      petitions += c.petitions.count
      demands += c.demands.count
    }
    expect([s.street.petitions.count, s.street.demands.count]).toEqual([petitions, demands])
    expect(s.street.demands.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(demands)
    expect(db.demandTotal()).toBeGreaterThan(demands)

    // The street's rates are stats:rates for the whole street.
    const rates = await services.stats.rates({ from: '2025-06', to: '2026-05' })
    expect(s.street.rates).toMatchObject({ demands: rates.demands, closed: rates.closed, closeRate: rates.closeRate, satisfactionRate: rates.satisfactionRate, onTimeRate: null })
    // The sample's closed demands were closed as step 6 closes them: told, followed up (rated, or
    // three attempts that reached nobody), a closure — so 满意率, 参评 and days have a base.
    expect(rates.closedRecorded).toBe(rates.closed)
    expect(rates.rated + rates.unreachable).toBe(rates.closed)
    expect(rates.unreachable).toBeGreaterThan(0)
    expect(rates.satisfactionRate).toBeGreaterThan(85)
    expect(rates.satisfactionRate).toBeLessThan(100)
    expect(rates.avgCloseDays).toBeGreaterThan(0)
    expect(s.street.sentences.petitions).toMatch(/^2025年6月—2026年5月（截至5月20日），全街道信访量\d+件；其中2025年6月—2026年4月\d+件，同比(下降|上升)\d+件，(降|增)幅\d+\.\d%。$/)

    // The pilot has the largest fall; the ranking is in order and ranks never go back.
    const rows = s.ranking.rows
    expect(rows).toHaveLength(15)
    expect(rows.map((r) => r.value)).toEqual(rows.map((r) => r.value).sort((x, y) => x! - y!))
    expect(rows[0]).toMatchObject({ name: '七口堰社区', rank: 1, value: COMPARED - LAST_YEAR })
    rows.forEach((r, i) => expect(r.rank).toBe(i > 0 && rows[i - 1].value === r.value ? rows[i - 1].rank : i + 1))
    await db.close()
  })

  it('a past year by month: the months before the street had data count zero, with no NaN anywhere', async () => {
    const { db, services } = await sampleStreet()
    const s = await services.stats.street(contract['stats:street'].input.parse({ from: '2024-01', to: '2024-12', granularity: 'month' }))
    // The sample starts in June 2024: January–May are empty, and 2023 is an empty base.
    expect(s.street.demands.buckets.slice(0, 5).map((b) => b.count)).toEqual([0, 0, 0, 0, 0])
    expect(s.street.demands.lastYear).toBe(0)
    expect(s.street.sentences.demands).toMatch(/^2024年，全街道诉求量\d+件，上年同期为0，新增\d+件。$/)
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/)
    await db.close()
  })
})
