// Backups, restore and retention channels (`backup:*`). Joined into the contract in index.ts.
export const backupChannels = {} as const
