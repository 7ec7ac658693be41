// Personal data: how the data key is protected and who may see a resident's data in full.
// Its one channel, demand:unmask, lives with the demand area (demand.ts); the audit log in audit.ts.
import type { Role } from '../domain/vocab'
import type { AuditVerifyResult } from './audit'

/** How the data key is protected: by the OS (Keychain, DPAPI, libsecret/kwallet), by a fixed
 *  key on Linux without a keyring ('basic_text'), or not at all ('none', e.g. the preview host). */
export type KeyProtection = 'os' | 'basic_text' | 'none'

export interface SecurityStatus {
  keyProtection: KeyProtection
  audit: AuditVerifyResult
}

/** Roles that may see a resident's full name, phone and address (demand:unmask). */
export const UNMASK_ROLES: readonly Role[] = ['secretary', 'chair']

/** No channels of its own yet (export with re-encryption is future work). */
export const privacyChannels = {} as const
