import { ApiError } from '../api'

// Optimistic concurrency: stored records carry `revision`; demand:update / demand:delete /
// community:update name the revision the caller read, and a stale one is CONFLICT.

/** The revision a record was read at, if the backend sends one. */
export function revisionOf(record: unknown): number | undefined {
  const r = record && typeof record === 'object' ? (record as { revision?: unknown }).revision : undefined
  return typeof r === 'number' ? r : undefined
}

/**
 * Adds the revision the caller read to a write's input: the one place it is sent.
 * TODO(issue 7): the contract gains `revision` on these inputs with the server side; until then
 * records carry none and nothing is added (the strict schemas would refuse an unknown key), so
 * this is deliberately type-loose. After the merge, type it with InputOf<...>.
 */
export function withRevision<T extends object>(input: T, record: unknown): T {
  const revision = revisionOf(record)
  return revision === undefined ? input : ({ ...input, revision } as T)
}

/** A write refused because the record changed since it was read; `latest` is the record now. */
export class ConflictError<T> extends ApiError {
  constructor(
    message: string,
    readonly latest: T | null,
  ) {
    super('CONFLICT', message)
    this.name = 'ConflictError'
  }
}

export function isConflict(e: unknown): e is ApiError {
  return e instanceof ApiError && e.code === 'CONFLICT'
}
