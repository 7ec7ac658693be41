// createServices makes each area's service on first use, and the backend's handlers resolve it
// at the first call: a cold start that shows the dashboard builds the stats service only.
import { describe, expect, it } from 'vitest'
import { CHANNELS } from '../../shared/contract'
import { openDatabase, type Database } from '../../electron/data'
import { buildHandlers, splitChannel } from '../../electron/api/handlers'
import { createServices } from '../../electron/services'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { clock, tempDir } from './helpers'

/** The database with onChange counted (the search service subscribes when it is made). */
async function countedDb(): Promise<{ db: Database; subscriptions: () => number }> {
  const db = await openDatabase({ dataDir: await tempDir(), now: clock('2026-05-20T10:00:00+08:00') })
  let n = 0
  const onChange = db.onChange.bind(db)
  db.onChange = (listener) => {
    n += 1
    return onChange(listener)
  }
  return { db, subscriptions: () => n }
}

describe('services made on first use', () => {
  it('reading one area makes that area only; the object still lists every area', async () => {
    const { db, subscriptions } = await countedDb()
    const services = createServices({ audit: memoryAuditLogForTests(), db })
    expect(subscriptions()).toBe(0)
    await services.stats.petitionTrend({ communityId: 'none', from: '2026-01', to: '2026-05', scope: 'all' }).catch(() => undefined)
    // stats listens for task changes (its per-community task index); nothing else was made
    const afterStats = subscriptions()
    expect(afterStats).toBeLessThanOrEqual(1)
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['stats', 'search', 'demand', 'import']))
    const search = services.search
    expect(subscriptions()).toBe(afterStats + 1)
    expect(services.search).toBe(search) // made once, then kept
    expect(subscriptions()).toBe(afterStats + 1)
    await db.close({ backup: false })
  })

  it('lazy handlers make the area at its first call; every channel still has a service', async () => {
    const { db, subscriptions } = await countedDb()
    const services = createServices({ audit: memoryAuditLogForTests(), db })
    const handlers = buildHandlers(services, { check: false })
    expect(subscriptions()).toBe(0)
    await handlers['search:status']({} as never).catch(() => undefined)
    expect(subscriptions()).toBe(1)
    // The checked form (used by the contract fuzz) resolves every channel now.
    expect(() => buildHandlers(services)).not.toThrow()
    for (const channel of CHANNELS) {
      const [area, verb] = splitChannel(channel)
      expect(typeof (services[area] as unknown as Record<string, unknown>)[verb], channel).toBe('function')
    }
    await db.close({ backup: false })
  })
})
