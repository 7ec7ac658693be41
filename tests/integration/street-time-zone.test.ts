// Issue 9, item 4: months and days follow the street's time-zone setting, not Asia/Shanghai and
// not the machine's zone. A street in America/New_York: offset-less times from the contract are
// read there, the retention cutoff is counted on its calendar, the sample street is generated in
// it. (The dashboard's current month: tests/component/street-time-zone.test.ts.)
import { describe, expect, it } from 'vitest'
import type { Community, Demand } from '../../shared/domain/entities'
import { demandCreateInput, demandUpdateInput } from '../../shared/contract/demand'
import { monthOf } from '../../shared/domain/month'
import { openDatabase } from '../../electron/data'
import { createServices } from '../../electron/services'
import { openAuditLog } from '../../electron/services/audit'
import { memorySettingsStore } from '../../electron/services/settings'
import { streetCollection } from '../../electron/services/street'
import { clock, tempDir } from './helpers'

const NY = 'America/New_York'
const community: Community = { id: 'cA', name: '江岸测试社区', grids: [], compounds: [], revision: 1 }

async function street(now: string, timeZone = NY) {
  const dataDir = await tempDir()
  const db = await openDatabase({ dataDir, now: clock(now), collections: [streetCollection as never] })
  await db.addCommunities([community], [])
  const audit = await openAuditLog({ dataDir, now: clock(now) })
  let n = 0
  const services = createServices({ db, now: clock(now), audit, settings: memorySettingsStore({ role: 'secretary' }), newId: () => `id${String(++n).padStart(9, '0')}` })
  await services.street.update({ revision: 0, patch: { timeZone } })
  return { db, services, dataDir }
}

const input = (receivedAt: string) =>
  demandCreateInput.parse({ communityId: 'cA', channel: 'hotline', category: 'parking', reporterName: '王芳', receivedAt, description: '车位被占' })

describe('a street in America/New_York', () => {
  it('reads a time without an offset in the street zone: 2026-04-01T00:30 is April there', async () => {
    const { services } = await street('2026-06-10T12:00:00Z')
    // The contract leaves it as written (a schema cannot read the setting)…
    expect(input('2026-04-01T00:30').receivedAt).toBe('2026-04-01T00:30')
    // …and the service reads it in New York (EDT, -04:00). In Shanghai time it would be 31 March there.
    const created = await services.demand.create(input('2026-04-01T00:30'))
    expect(created.receivedAt).toBe('2026-04-01T00:30:00-04:00')
    expect(created.id.split('~')[1]).toBe('202604')
    expect(monthOf(created.receivedAt, NY)).toBe('2026-04')
    // A time with an offset keeps it; its month is New York's: 2026-05-01T02:00+08:00 is 30 April there.
    const withOffset = await services.demand.create(input('2026-05-01T02:00:00+08:00'))
    expect(withOffset.receivedAt).toBe('2026-05-01T02:00:00+08:00')
    expect(withOffset.id.split('~')[1]).toBe('202604')
    expect(withOffset.caseNo).toMatch(/^江岸测试-2026-\d{4}$/)
  })

  it('an edit with an offset-less time is read in the street zone and moves the record there', async () => {
    const { services } = await street('2026-06-10T12:00:00Z')
    const created = await services.demand.create(input('2026-04-15T10:00'))
    const patch = demandUpdateInput.parse({ id: created.id, revision: created.revision, patch: { receivedAt: '2026-03-01T00:15' } })
    const saved = await services.demand.update(patch)
    expect(saved.receivedAt).toBe('2026-03-01T00:15:00-05:00') // EST before the March change
    expect(saved.id.split('~')[1]).toBe('202603')
  })

  it('the case-number year is New York’s: 23:30 on 31 December there is still the old year', async () => {
    const { services } = await street('2027-01-02T12:00:00Z')
    const created = await services.demand.create(input('2026-12-31T23:30'))
    expect(created.receivedAt).toBe('2026-12-31T23:30:00-05:00')
    expect(created.caseNo).toMatch(/^江岸测试-2026-/)
  })

  it('the sample street is generated in the street zone: every demand in its New York month, the current one New York’s', async () => {
    // 02:00 UTC on 1 December: still 30 November in New York (1 December in Shanghai).
    const { services, db } = await street('2026-12-01T02:00:00Z')
    await services.sample.load({})
    const all: Demand[] = []
    for (const c of db.communities()) for (const m of Object.keys(db.countsOf(c.id))) all.push(...(await db.readPartition(c.id, m)))
    expect(all.length).toBeGreaterThan(1000)
    const months = new Set(all.map((d) => d.id.split('~')[1]))
    expect([...months].sort().at(-1)).toBe('202611')
    for (const d of all) {
      expect(monthOf(d.receivedAt, NY).replace('-', ''), d.id).toBe(d.id.split('~')[1])
      expect(d.receivedAt, d.id).toMatch(/-0[45]:00$/)
    }
  })
})

describe('retention cutoff on the street calendar', () => {
  // 22:00 on 31 May in New York = 02:00 UTC on 1 June = 10:00 on 1 June in Shanghai. One month
  // back: 1 May 22:00 in New York (the day overflows like Date: 31 April -> 1 May), i.e. 2 May
  // 02:00 UTC; in Shanghai 1 May 10:00, i.e. 1 May 02:00 UTC.
  const NOW = '2026-06-01T02:00:00Z'
  const evaluated = (id: string, receivedAt: string): Omit<Demand, 'revision'> => ({
    id,
    communityId: 'cA',
    channel: 'hotline',
    category: 'parking',
    reporterName: '王芳',
    reporterPhone: '13812345678',
    receivedAt,
    description: '车位被占',
    status: 'evaluated',
    createdAt: receivedAt,
    updatedAt: receivedAt,
  })

  async function run(timeZone: string | undefined): Promise<Demand | undefined> {
    const dataDir = await tempDir()
    const db = await openDatabase({ dataDir, now: clock(NOW), ...(timeZone ? { timeZone: async () => timeZone } : {}) })
    await db.addCommunities([community], [])
    // 08:00 on 1 May in New York (20:00 in Shanghai): before New York's cutoff, after Shanghai's.
    await db.saveDemand(evaluated('cA~202605~aaaaaaaaaaa', '2026-05-01T08:00:00-04:00'))
    await db.setRetention({ personalDataMonths: 1 })
    await db.applyRetention()
    const d = await db.getDemand('cA~202605~aaaaaaaaaaa')
    await db.close({ backup: false })
    return d
  }

  it('New York: the demand received before its cutoff loses its personal data', async () => {
    const d = await run(NY)
    expect(d?.reporterName).toBe('已脱敏')
    expect(d?.reporterPhone).toBeUndefined()
  })

  it('without the setting (Asia/Shanghai) the same demand is still within the period', async () => {
    const d = await run(undefined)
    expect(d?.reporterName).toBe('王芳')
    expect(d?.reporterPhone).toBe('13812345678')
  })
})
