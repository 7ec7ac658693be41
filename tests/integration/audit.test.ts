import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../shared/contract/audit'
import { AppError } from '../../shared/contract/errors'
import type { Community } from '../../shared/domain/entities'
import { openDatabase } from '../../electron/data'
import { createServices } from '../../electron/services'
import { canonicalJson, entryHash, GENESIS_HASH, openAuditLog } from '../../electron/services/audit'
import { memorySettingsStore } from '../../electron/services/settings'
import { buildHandlers } from '../../electron/api/handlers'
import { dispatch } from '../../electron/api/dispatch'
import { clock, tempDir } from './helpers'
import { revisionOf } from '../helpers/audit-log'

const NOW = '2026-05-20T10:00:00+08:00'
const file = (dataDir: string) => join(dataDir, 'audit', 'audit.jsonl')
const readLines = async (dataDir: string) => (await readFile(file(dataDir), 'utf8')).split('\n').filter(Boolean)

async function logWith(n: number) {
  const dataDir = await tempDir()
  const log = await openAuditLog({ dataDir, now: clock(NOW) })
  for (let i = 1; i <= n; i++) await log.append({ actor: '秘书', action: 'demand.unmask', target: `d-${i}`, detail: { fields: ['reporterPhone'] } })
  return { dataDir, log }
}

describe('audit log', () => {
  it('appends hash-chained entries, one JSON line each, that verify', async () => {
    const { dataDir, log } = await logWith(3)
    const lines = await readLines(dataDir)
    expect(lines).toHaveLength(3)
    const entries = lines.map((l) => JSON.parse(l) as AuditEntry)
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3])
    expect(entries[0].prevHash).toBe(GENESIS_HASH)
    expect(entries[1].prevHash).toBe(entries[0].hash)
    expect(entries[2].prevHash).toBe(entries[1].hash)
    const { hash, ...rest } = entries[1]
    expect(hash).toBe(entryHash(rest))
    expect(entries[1]).toMatchObject({ actor: '秘书', action: 'demand.unmask', target: 'd-2', detail: { fields: ['reporterPhone'] } })
    expect(await log.verify()).toEqual({ ok: true, entries: 3 })
    const page = await log.list({ page: 1, pageSize: 2 })
    expect(page.total).toBe(3)
    expect(page.items.map((e) => e.seq)).toEqual([3, 2])
  })

  it('hashes canonical JSON: key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"e":0,"f":1}]},"b":1}')
  })

  it('continues the chain after a reopen', async () => {
    const { dataDir } = await logWith(2)
    const again = await openAuditLog({ dataDir, now: clock(NOW) })
    expect(again.startupResult()).toEqual({ ok: true, entries: 2 })
    const e = await again.append({ actor: '主持人', action: 'backup.restore', target: '20260519-100000' })
    expect(e.seq).toBe(3)
    expect(await again.verify()).toEqual({ ok: true, entries: 3 })
  })

  it('detects an edited entry and names its seq, at once and at the next start', async () => {
    const { dataDir, log } = await logWith(4)
    const lines = await readLines(dataDir)
    lines[1] = lines[1].replace('"actor":"秘书"', '"actor":"领导"')
    await writeFile(file(dataDir), lines.join('\n') + '\n')
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringContaining('第 2 条') })

    // at start: app:status carries a warning naming the entry; nothing is repaired
    const db = await openDatabase({ dataDir, now: clock(NOW) })
    const reopened = await openAuditLog({ dataDir, now: clock(NOW) })
    const status = await createServices({ db, audit: reopened }).app.status({})
    expect(status.security.audit).toMatchObject({ ok: false, brokenAt: 2 })
    const notice = status.notices.find((n) => n.id === 'audit-chain-broken')
    expect(notice?.level).toBe('error')
    expect(notice?.message).toContain('第 2 条')
    expect(await readLines(dataDir)).toEqual(lines)
    // later appends do not hide the break
    await reopened.append({ actor: '秘书', action: 'demand.unmask', target: 'd-9' })
    expect(await reopened.verify()).toMatchObject({ ok: false, brokenAt: 2 })
    await db.close()
  })

  it('detects an edited entry even when its hash was recomputed (the next link breaks)', async () => {
    const { dataDir, log } = await logWith(3)
    const lines = await readLines(dataDir)
    const e = JSON.parse(lines[0]) as AuditEntry
    const forged = { ...e, target: 'd-other' }
    const { hash: _old, ...rest } = forged
    lines[0] = JSON.stringify({ ...rest, hash: entryHash(rest) })
    await writeFile(file(dataDir), lines.join('\n') + '\n')
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 2 })
  })

  it('detects a deleted line', async () => {
    const { dataDir, log } = await logWith(4)
    const lines = await readLines(dataDir)
    lines.splice(2, 1)
    await writeFile(file(dataDir), lines.join('\n') + '\n')
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining('第 3 条') })
  })

  it('detects reordered lines', async () => {
    const { dataDir, log } = await logWith(4)
    const lines = await readLines(dataDir)
    ;[lines[1], lines[2]] = [lines[2], lines[1]]
    await writeFile(file(dataDir), lines.join('\n') + '\n')
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 2 })
  })

  it('cannot tell a cut-off tail on its own (known limit, see README)', async () => {
    // A hash chain alone cannot tell that the newest entries were cut off; the log keeps no
    // separate anchor yet. The remaining chain still verifies: documented in README.
    const { dataDir, log } = await logWith(3)
    const lines = await readLines(dataDir)
    await writeFile(file(dataDir), lines.slice(0, 2).join('\n') + '\n')
    expect(await log.verify()).toEqual({ ok: true, entries: 2 })
  })
})

describe('demand:unmask', () => {
  const community: Community = { id: 'cA', name: '七口堰社区', grids: [], compounds: [], revision: 1 }

  async function setup(role: 'secretary' | 'chair' | 'leader') {
    const dataDir = await tempDir()
    const now = clock(NOW)
    const db = await openDatabase({ dataDir, now })
    await db.addCommunities([community], [])
    const audit = await openAuditLog({ dataDir, now })
    const settings = memorySettingsStore({ role })
    const services = createServices({ db, now, audit, settings, newId: () => 'u1' })
    const created = await services.demand.create({
      communityId: 'cA',
      channel: 'hotline',
      category: 'facilities',
      reporterName: '张三丰',
      reporterPhone: '13812345678',
      reporterAddress: '5栋2单元301',
      receivedAt: '2026-05-12T09:30:00+08:00',
      description: '楼道灯不亮',
    })
    return { db, audit, services, created, dataDir }
  }

  // What the api guard puts into the context: the session's operator (never the payload's).
  const SEC = { transport: 'internal' as const, operator: { id: 'op-2', name: '李秘书', role: 'secretary' as const } }

  it('lists and views stay masked; unmask returns the full data and is audited with the operator as actor', async () => {
    const { db, services, created, dataDir } = await setup('secretary')
    expect(created).toMatchObject({ reporterName: '张**', reporterPhone: '138****5678', reporterAddress: '*栋*单元***' })
    expect((await services.demand.list({ page: 1, pageSize: 20 })).items[0]).toMatchObject({ reporterAddress: '*栋*单元***' })
    const handlers = buildHandlers(services)
    const res = await dispatch(handlers, 'demand:unmask', { id: created.id }, undefined, SEC)
    expect(res).toEqual({
      ok: true,
      result: { id: created.id, reporterName: '张三丰', reporterPhone: '13812345678', reporterAddress: '5栋2单元301' },
    })
    const entries = (await readLines(dataDir)).map((l) => JSON.parse(l) as AuditEntry)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      seq: 1,
      actor: '李秘书（秘书）',
      operator: { id: 'op-2', name: '李秘书', role: 'secretary' },
      action: 'demand.unmask',
      // Named by its case number (the id stays in the detail).
      target: created.caseNo,
      detail: { id: created.id },
    })
    const listed = await dispatch(handlers, 'audit:list', {})
    expect(listed).toMatchObject({ ok: true, result: { total: 1, items: [{ seq: 1, action: 'demand.unmask' }] } })
    expect(await dispatch(handlers, 'audit:verify', {})).toEqual({ ok: true, result: { ok: true, entries: 1 } })
    await db.close()
  })

  it('reveals nothing when the audit entry cannot be written', async () => {
    const { db, services, created, audit } = await setup('chair')
    const failing = createServices({
      db,
      settings: memorySettingsStore({ role: 'chair' }),
      audit: { ...audit, append: async () => Promise.reject(new AppError('WRITE_FAILED', '审计日志写入失败')) },
    })
    await expect(failing.demand.unmask({ id: created.id })).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    await expect(services.demand.unmask({ id: 'cA~202605~nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await db.close()
  })

  it('rejects a malformed id and unknown fields through the contract', async () => {
    const { db, services } = await setup('secretary')
    const handlers = buildHandlers(services)
    expect(await dispatch(handlers, 'demand:unmask', { id: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await dispatch(handlers, 'demand:unmask', { id: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    await db.close()
  })
})

describe('audited actions wired into other services', () => {
  it('demand:delete and backup:restore append entries with the operator as actor, and the chain verifies', async () => {
    const CHAIR = { transport: 'internal' as const, operator: { id: 'op-3', name: '赵主持', role: 'chair' as const } }
    const dataDir = await tempDir()
    const now = clock(NOW)
    const db = await openDatabase({ dataDir, now })
    await db.addCommunities([{ id: 'cA', name: '七口堰社区', grids: [], compounds: [] }], [])
    const audit = await openAuditLog({ dataDir, now })
    const settings = memorySettingsStore({ role: 'chair' })
    const services = createServices({ db, now, audit, settings, newId: () => 'd1' })
    const handlers = buildHandlers(services)
    const created = await services.demand.create({
      communityId: 'cA',
      channel: 'hotline',
      category: 'facilities',
      reporterName: '张三',
      receivedAt: '2026-05-12T09:30:00+08:00',
      description: '楼道灯不亮',
    })
    const backup = await dispatch(handlers, 'backup:create', {})
    expect(backup.ok).toBe(true)
    expect(await dispatch(handlers, 'demand:delete', { id: created.id, revision: revisionOf(created), reason: '重复登记' }, undefined, CHAIR)).toMatchObject({ ok: true })
    // a failed delete (unknown id) writes nothing
    expect(await dispatch(handlers, 'demand:delete', { id: 'cA~202605~zz', revision: 1, reason: '重复登记' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const id = (backup as { ok: true; result: { id: string } }).result.id
    expect(await dispatch(handlers, 'backup:restore', { id }, undefined, CHAIR)).toMatchObject({ ok: true })
    const entries = (await readLines(dataDir)).map((l) => JSON.parse(l) as AuditEntry)
    expect(entries.map((e) => [e.seq, e.actor, e.action, e.target])).toEqual([
      [1, '赵主持（主持人）', 'demand.delete', created.caseNo],
      [2, '赵主持（主持人）', 'backup.restore', id],
    ])
    expect(entries[0].detail).toEqual({ id: created.id, reason: '重复登记' })
    // erasure reaches the backup copies too, and the restore leaves the audit log alone
    expect(await db.getDemand(created.id)).toBeUndefined()
    expect(await audit.verify()).toEqual({ ok: true, entries: 2 })
    await db.close()
  })
})
