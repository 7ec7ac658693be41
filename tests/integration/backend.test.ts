import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { openBackend } from '../../electron/api/backend'
import { buildHandlers } from '../../electron/api/handlers'
import { withChangeEvents } from '../../electron/api/events'
import type { ChangedEvent } from '../../shared/contract'
import { CHANNELS } from '../../shared/contract'
import { tempDir } from './helpers'

const key = () => ({ key: randomBytes(32), protection: 'none' as const })
const DEMAND = {
  communityId: '',
  channel: 'hotline',
  category: 'parking',
  reporterName: '王芳',
  receivedAt: '2026-05-10T09:00:00+08:00',
  description: '楼下车位被长期占用',
}

describe('openBackend', () => {
  it('opens data, key check, audit, services and handlers, and announces every change once', async () => {
    const dataDir = await tempDir()
    const backend = await openBackend({ dataDir, key: key(), now: () => new Date('2026-05-20T10:00:00+08:00'), scrypt: { N: 1024, r: 8, p: 1 } })
    // backend.call without ctx runs in the session 'internal:default': sign it in first.
    expect(await backend.call('session:setup', { name: '王管理', secret: 'admin-secret-1' })).toMatchObject({ ok: true })
    const events: ChangedEvent[] = []
    backend.onChanged((e) => events.push(e))
    const community = await backend.call('community:create', { name: '东门社区' })
    expect(community.ok).toBe(true)
    const c = (community as { result: { id: string } }).result
    const created = await backend.call('demand:create', { ...DEMAND, communityId: c.id })
    const d = (created as { result: { id: string } }).result
    await backend.call('demand:update', { id: d.id, revision: 1, patch: { status: 'accepted' } })
    await backend.call('demand:delete', { id: d.id, revision: 2, reason: '重复登记' })
    await backend.call('demand:list', {})
    expect(events).toEqual([
      // adding a community is audited (community.create), then saved
      { area: 'audit', ids: ['3'] },
      { area: 'community', ids: [c.id] },
      { area: 'demand', ids: [d.id] },
      // an edit is audited (demand.update), then saved
      { area: 'audit', ids: ['4'] },
      { area: 'demand', ids: [d.id] },
      { area: 'audit', ids: ['5'] },
      { area: 'demand', ids: [d.id] },
    ])
    await backend.close({ backup: false })
  })

  it('leaves collection events to the data layer when it reports commits itself (no doubles)', async () => {
    const dataDir = await tempDir()
    const backend = await openBackend({ dataDir, key: key() })
    const handlers = buildHandlers(backend.services)
    const events: ChangedEvent[] = []
    const wrapped = withChangeEvents(handlers, (e) => events.push(e), new Set(['demand', 'community'] as const))
    await wrapped['community:create']({ name: '西门社区', grids: [], compounds: [] })
    await wrapped['settings:update']({ role: 'chair' })
    expect(events).toEqual([{ area: 'settings', ids: [] }])
    await backend.close({ backup: false })
  })

  it('subscribes to db.onChange when the data layer has it, mapping collections to areas', async () => {
    const { subscribeDataChanges } = await import('../../electron/api/events')
    let hook: ((e: { collection: string; ids: string[] }) => void) | null = null
    const fakeDb = { onChange: (l: typeof hook) => ((hook = l), () => (hook = null)) }
    const events: ChangedEvent[] = []
    const sub = subscribeDataChanges(fakeDb, (e) => events.push(e))
    hook!({ collection: 'demands', ids: ['d1'] })
    hook!({ collection: 'communities', ids: [] })
    hook!({ collection: 'unknown-things', ids: ['x'] })
    expect(events).toEqual([
      { area: 'demand', ids: ['d1'] },
      { area: 'community', ids: [] },
    ])
    expect([...sub.covers].sort()).toEqual(['community', 'demand', 'operator'])
    sub.stop()
    expect(hook).toBeNull()
  })

  it('generates one handler per channel from the services (area:verb → services.area.verb)', async () => {
    const dataDir = await tempDir()
    const backend = await openBackend({ dataDir, key: key() })
    expect(Object.keys(backend.handlers).sort()).toEqual([...CHANNELS].sort())
    await backend.close({ backup: false })
  })

  it('refuses a wrong key before anything is opened', async () => {
    const dataDir = await tempDir()
    const first = await openBackend({ dataDir, key: key() })
    await first.close({ backup: false })
    await expect(openBackend({ dataDir, key: key() })).rejects.toMatchObject({ code: 'KEY_MISMATCH' })
  })
})
