import { ApiError } from '../api'

// Optimistic concurrency: stored records carry `revision`; demand:update / demand:delete /
// community:update name the revision the caller read, and a stale one is CONFLICT.

/** The input of a revision-checked write, without the revision (the store adds it). */
export type WithoutRevision<T> = Omit<T, 'revision'>

/**
 * Adds the revision of the record as the caller read it to a write's input: the one place it is
 * sent, so a view never forgets it.
 */
export function withRevision<T extends { revision: number }>(input: WithoutRevision<T>, record: { revision: number }): T {
  return { ...input, revision: record.revision } as T
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
