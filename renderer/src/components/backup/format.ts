// The wall-clock time written in the ISO string (the machine's local time when it was made).
export const formatBackupTime = (iso: string) => (iso ? iso.slice(0, 19).replace('T', ' ') : '')

export const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
