// The Electron-specific part of the key store: wrapping the data key with safeStorage (Keychain,
// DPAPI, libsecret/kwallet). Structural, so it is tested without Electron; index.ts passes the
// real safeStorage. Loading and creating the key file is electron/api/key-store.ts.
import type { KeyProtection } from '../../shared/contract/privacy'
import type { KeyWrapper } from '../api/key-store'

/** Subset of Electron's safeStorage, structural so this file stays Electron-free. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  getSelectedStorageBackend?(): string
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

export function safeStorageWrapper(safeStorage: SafeStorageLike, platform: string): KeyWrapper {
  const protection = (): KeyProtection => {
    if (!safeStorage.isEncryptionAvailable()) return 'none'
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'basic_text'
    return 'os'
  }
  return {
    protection,
    wrap: (plain) => (protection() === 'none' ? Buffer.from(plain, 'utf8') : safeStorage.encryptString(plain)),
    unwrap: (wrapped) => safeStorage.decryptString(wrapped),
  }
}

