import type zh from '../zh-CN/audit'

const en: typeof zh = {
  audit: {
    title: 'Audit log',
    hint: 'Showing full personal details, exports, deletions and restores are recorded; each entry is hash-linked to the previous one and cannot be changed silently.',
    verify: 'Verify',
    intact: 'Intact: {n} entries verified',
    broken: 'Tampered with: entry {seq} — {reason}',
    seq: 'No.',
    at: 'Time',
    actor: 'Actor',
    action: 'Action',
    target: 'Target',
    detail: 'Detail',
    empty: 'No audit entries yet',
    loadFailed: 'Could not load the audit log',
    detailReason: 'Reason: {reason}',
    detailFields: 'Fields shown: {fields}',
    detailRetention: {
      months: 'Retention: {n} months',
      erased: '{n} erased',
      backupsDeleted: '{n} backups deleted',
      backupsRewritten: '{n} backups rewritten',
    },
    actions: {
      demand: { unmask: 'Show full details', delete: 'Delete demand' },
      backup: { restore: 'Restore from backup' },
      data: { export: 'Export data' },
      retention: {
        apply: 'Erase personal data past retention',
        plan: 'Retention about to erase (recorded first)',
        applied: 'Retention erasure done',
        setting: 'Change the retention period',
      },
      session: {
        signIn: 'Sign in',
        signInRefused: 'Sign-in failed',
        lockout: 'Account locked after failed attempts',
        lock: 'Lock',
        autoLock: 'Locked after inactivity',
        unlock: 'Unlock',
        signOut: 'Sign out',
        devSignIn: 'Test auto sign-in',
      },
      operator: {
        setup: 'First administrator created',
        create: 'Create operator',
        update: 'Change operator',
        delete: 'Delete operator',
        changePassword: 'Change password',
      },
      community: { remove: 'Remove community', removeGrid: 'Remove grid', removeCompound: 'Remove compound' },
    },
  },
}

export default en
