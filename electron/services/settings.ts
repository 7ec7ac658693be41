import { readFile } from 'node:fs/promises'
import type { UiSettings } from '../../shared/domain/entities'
import { LOCALES, ROLES } from '../../shared/domain/vocab'
import type { AreaService } from './types'
import { nodeFs, writeFileDurable } from '../data'

export const DEFAULT_SETTINGS: UiSettings = { locale: 'zh-CN', role: 'secretary' }

/**
 * Where the small UI settings live. In the desktop app: electron-store (wired in main).
 * In the preview host: a small JSON file. In tests: memory.
 */
export interface SettingsStore {
  read(): Promise<Partial<UiSettings>>
  write(settings: UiSettings): Promise<void>
}

export function memorySettingsStore(initial: Partial<UiSettings> = {}): SettingsStore {
  let current: Partial<UiSettings> = { ...initial }
  return {
    read: async () => ({ ...current }),
    write: async (s) => {
      current = { ...s }
    },
  }
}

/** A JSON file written durably; a missing or unreadable file means the defaults. */
export function jsonFileSettingsStore(path: string): SettingsStore {
  return {
    async read() {
      try {
        return JSON.parse(await readFile(path, 'utf8')) as Partial<UiSettings>
      } catch {
        return {}
      }
    },
    write: (s) => writeFileDurable(nodeFs, path, JSON.stringify(s, null, 2)),
  }
}

/** Unknown or damaged values fall back to the defaults: settings are cheap, never fatal. */
export function normalizeSettings(raw: Partial<UiSettings>): UiSettings {
  return {
    locale: LOCALES.includes(raw.locale as UiSettings['locale']) ? (raw.locale as UiSettings['locale']) : DEFAULT_SETTINGS.locale,
    role: ROLES.includes(raw.role as UiSettings['role']) ? (raw.role as UiSettings['role']) : DEFAULT_SETTINGS.role,
  }
}

export function createSettingsService(store: SettingsStore): AreaService<'settings'> {
  return {
    async get() {
      return normalizeSettings(await store.read())
    },
    async update(patch) {
      const next = normalizeSettings({ ...(await store.read()), ...patch })
      await store.write(next)
      return next
    },
  }
}
