import type { CollectionDescriptor } from '../../electron/data'

// A collection that exists only in tests: notes by year, `notes/<YYYY>.json`. It is registered
// through openDatabase({ collections }) with no other change to the data layer, to show that a
// new kind is backed up, restored, repaired, swept and crash-safe like the built-in ones.

export interface Note {
  id: string
  year: string
  text: string
  updatedAt: string
  revision: number
}

const yearOf = (id: string): string | null => /^n-(\d{4})-[a-z0-9]+$/.exec(id)?.[1] ?? null

export const notesCollection: CollectionDescriptor<Note> = {
  name: 'notes',
  label: '笔记',
  layout: { folder: 'notes' },
  partitionOf: (n) => n.year,
  partitionOfId: yearOf,
  isPartition: (p) => /^\d{4}$/.test(p),
  migrations: [(data) => ({ schemaVersion: 1, items: Array.isArray(data) ? data : [] })],
  isRecord: (r) => {
    const n = r as Partial<Note>
    return typeof n.text === 'string' && typeof n.year === 'string' && typeof n.updatedAt === 'string'
  },
}

export const note = (year: string, key: string, text: string, updatedAt = `${year}-11-30T14:05:00+08:00`): Omit<Note, 'revision'> => ({
  id: `n-${year}-${key}`,
  year,
  text,
  updatedAt,
})
