// The `operators` collection: one file, operators.json, in the data folder (registered through
// openDatabase({ collections }) by openBackend). The operator service reads synchronously, so the
// store keeps the records in memory and changes memory only after the data layer saved them.
// Secrets are stored as scrypt hashes only (password.ts); nothing here is personal data of
// residents, so the file has no codec.
import type { Collection, CollectionDescriptor, Database } from '../data'
import { wrapLegacyArray } from '../data'
import { isOperatorRole } from '../../shared/domain/permissions'
import type { Operator, OperatorStore } from './operators'

export const OPERATORS_COLLECTION = 'operators'
export const OPERATORS_FILE = 'operators.json'

function isOperatorRecord(r: unknown): boolean {
  const o = r as Partial<Operator> | null
  return (
    !!o &&
    typeof o.name === 'string' &&
    isOperatorRole(o.role) &&
    typeof o.disabled === 'boolean' &&
    typeof o.passwordHash === 'string' &&
    typeof o.failedAttempts === 'number' &&
    (o.lockedUntil === undefined || typeof o.lockedUntil === 'string') &&
    (o.communityIds === undefined || (Array.isArray(o.communityIds) && o.communityIds.every((c) => typeof c === 'string'))) &&
    typeof o.createdAt === 'string' &&
    typeof o.updatedAt === 'string'
  )
}

export const operatorsCollection: CollectionDescriptor<Operator> = {
  name: OPERATORS_COLLECTION,
  label: '操作员',
  layout: { file: OPERATORS_FILE },
  partitionOf: () => '',
  partitionOfId: () => '',
  migrations: [wrapLegacyArray('items')],
  isRecord: isOperatorRecord,
  preload: true,
  // Never rolled back: a restore does not revive a disabled account or an old secret.
  keptAtRestore: true,
}

/**
 * An OperatorStore over `db.collection('operators')`, with revisions. A restore swaps the file in
 * under us: the data layer's change event (ids []) makes the store read it again (`reload`).
 */
export async function collectionOperatorStore(db: Pick<Database, 'collection'>): Promise<OperatorStore & { reload(): Promise<void> }> {
  const coll: Collection<Operator> = db.collection<Operator>(OPERATORS_COLLECTION)
  let rows = new Map<string, Operator>()
  const reload = async () => {
    rows = new Map((await coll.list()).map((o) => [o.id, o]))
  }
  await reload()
  return {
    reload,
    list: () => [...rows.values()].map((o) => structuredClone(o)),
    get: (id) => (typeof id === 'string' && rows.has(id) ? structuredClone(rows.get(id)!) : undefined),
    async save(op, opts = {}) {
      const record: Partial<Operator> = structuredClone(op)
      // A new record gets its first revision from the data layer.
      if (!rows.has(op.id)) delete record.revision
      const saved = await coll.save(record as Operator, opts.expectRevision !== undefined ? { expectRevision: opts.expectRevision } : {})
      rows.set(saved.id, structuredClone(saved))
      return structuredClone(saved)
    },
    async delete(id, opts = {}) {
      await coll.delete(id, opts.expectRevision !== undefined ? { expectRevision: opts.expectRevision } : {})
      rows.delete(id)
    },
  }
}
