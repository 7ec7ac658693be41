import Store from 'electron-store'
import type { UiSettings } from '../../shared/domain/entities'
import { LOCALES, ROLES } from '../../shared/domain/vocab'
import { DEFAULT_SETTINGS, type SettingsStore } from '../services/settings'

// electron-store keeps only small UI settings; all records live in the lowdb data folder.
export interface Settings extends UiSettings {
  windowBounds?: { x?: number; y?: number; width: number; height: number }
}

export function openSettings(): Store<Settings> {
  return new Store<Settings>({
    name: 'settings',
    defaults: { ...DEFAULT_SETTINGS },
    schema: {
      windowBounds: {
        type: 'object',
        properties: {
          x: { type: 'number' },
          y: { type: 'number' },
          width: { type: 'number', minimum: 800 },
          height: { type: 'number', minimum: 560 },
        },
        required: ['width', 'height'],
      },
      locale: { type: 'string', enum: [...LOCALES] },
      role: { type: 'string', enum: [...ROLES] },
    },
    // A damaged settings file must not stop the app; settings are cheap to lose, records are not.
    clearInvalidConfig: true,
  })
}

/** The services' view of electron-store: locale and role only. */
export function uiSettingsStore(store: Store<Settings>): SettingsStore {
  return {
    read: async () => ({ locale: store.get('locale'), role: store.get('role') }),
    write: async ({ locale, role }) => store.set({ locale, role }),
  }
}
