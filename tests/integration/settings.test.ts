import { describe, expect, it } from 'vitest'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SETTINGS, createSettingsService, jsonFileSettingsStore, memorySettingsStore } from '../../electron/services/settings'
import { buildHandlers } from '../../electron/api/handlers'
import { dispatch } from '../../electron/api/dispatch'
import { createServices } from '../../electron/services'
import { openDatabase } from '../../electron/data'
import { memoryAuditLogForTests } from '../helpers/audit-log'

describe('UI settings service', () => {
  it('starts with zh-CN and the secretary preset', async () => {
    const service = createSettingsService(memorySettingsStore())
    expect(await service.get({})).toEqual(DEFAULT_SETTINGS)
    expect(DEFAULT_SETTINGS).toEqual({ locale: 'zh-CN', role: 'secretary' })
  })

  it('keeps an update across restarts in a durable file, and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yishi-settings-'))
    const path = join(dir, 'settings.json')
    await createSettingsService(jsonFileSettingsStore(path)).update({ locale: 'en' })
    await createSettingsService(jsonFileSettingsStore(path)).update({ role: 'leader' })
    expect(await createSettingsService(jsonFileSettingsStore(path)).get({})).toEqual({ locale: 'en', role: 'leader' })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ locale: 'en', role: 'leader' })
    expect(await readdir(dir)).toEqual(['settings.json'])
  })

  it('falls back to defaults for a damaged or tampered settings file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yishi-settings-'))
    const path = join(dir, 'settings.json')
    await writeFile(path, '\0\0\0')
    expect(await createSettingsService(jsonFileSettingsStore(path)).get({})).toEqual(DEFAULT_SETTINGS)
    await writeFile(path, JSON.stringify({ locale: 'fr', role: 'admin' }))
    expect(await createSettingsService(jsonFileSettingsStore(path)).get({})).toEqual(DEFAULT_SETTINGS)
  })

  it('rejects unknown values and empty updates through the contract, saving nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yishi-settings-'))
    const db = await openDatabase({ dataDir: join(dir, 'data') })
    const store = memorySettingsStore()
    const handlers = buildHandlers(createServices({ audit: memoryAuditLogForTests(), db, settings: store }))
    const bad = await dispatch(handlers, 'settings:update', { locale: 'fr' })
    expect(bad).toEqual({ ok: false, error: { code: 'VALIDATION', message: '界面语言无效', fields: { locale: '界面语言无效' } } })
    const empty = await dispatch(handlers, 'settings:update', {})
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '没有要修改的设置' } })
    const extra = await dispatch(handlers, 'settings:update', { role: 'chair', theme: 'dark' })
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await store.read()).toEqual({})
    expect(await dispatch(handlers, 'settings:update', { role: 'chair' })).toEqual({
      ok: true,
      result: { locale: 'zh-CN', role: 'chair' },
    })
    await db.close()
  })
})
