import type zh from '../zh-CN/backup'

const en: typeof zh = {
  data: {
    title: 'Data & backups',
    dataDir: 'Data folder',
    backupsDir: 'Backups folder',
    backups: 'Backups',
    backupNow: 'Back up now',
    backedUp: 'Backed up',
    time: 'Time',
    reason: 'Reason',
    size: 'Size',
    communities: 'Communities',
    demands: 'Demands',
    restore: 'Restore',
    restoreTitle: 'Restore from backup',
    restoreConfirm: 'All data will be restored to the backup of {time} ({demands} demands). Later changes will be replaced. The current data is backed up first, so you can go back. Restore?',
    restoreConfirmButton: 'Restore',
    restored: 'Restored the backup of {time}; the previous data was backed up',
    empty: 'No backups yet',
    reasons: {
      daily: 'Daily',
      exit: 'On exit',
      manual: 'Manual',
      'before-restore': 'Before restore',
      'before-sample-remove': 'Before removing the sample',
      'before-community-remove': 'Before removing a community, grid or compound',
      'before-meeting-remove': 'Before removing a meeting',
      'before-history-remove': 'Before removing historical counts',
      unknown: '—',
    },
    retention: 'Personal data retention',
    retentionHint: 'For closed (evaluated) demands received longer ago than this, the reporter name, phone and address are erased; older backups are deleted and the rest erased too. Runs daily and at start.',
    months: 'months',
    unlimited: 'Unlimited',
    save: 'Save',
    saved: 'Retention saved',
    applyNow: 'Apply now',
    applied: 'Erased {erased} demands, deleted {deleted} backups, rewrote {rewritten} backups',
  },
}

export default en
