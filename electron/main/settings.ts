import Store from 'electron-store'
import type { SettingsStore } from '../services/settings'

// electron-store keeps only small UI settings; all records live in the lowdb data folder.
export interface Settings {
  windowBounds?: { x?: number; y?: number; width: number; height: number }
  locale: 'zh-CN' | 'en'
  role: 'chair' | 'secretary' | 'leader'
}

export function openSettings(): Store<Settings> {
  return new Store<Settings>({
    name: 'settings',
    defaults: { locale: 'zh-CN', role: 'secretary' },
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
      locale: { type: 'string', enum: ['zh-CN', 'en'] },
      role: { type: 'string', enum: ['chair', 'secretary', 'leader'] },
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
