// Calls that write several records (a topic and its demands, a task, its topic and the topic's
// demands) write them one by one and take back what was written when a later write fails:
// nothing half-written. Each write is a Step.
import type { Demand } from '../../shared/domain/entities'
import type { Collection, Database, Unsaved } from '../data'

/** One write and how to take it back; run in order, undone in reverse when a later one fails. */
export interface Step {
  run(): Promise<void>
  revert(): Promise<void>
}

export async function runAll(steps: Step[]): Promise<void> {
  const done: Step[] = []
  try {
    for (const s of steps) {
      await s.run()
      done.push(s)
    }
  } catch (err) {
    for (const s of done.reverse()) await s.revert().catch(() => undefined)
    throw err
  }
}

/** Saves `next` over the demand `before` (same revision); its revert writes `before` back. */
export function demandStep(db: Database, before: Demand, next: Unsaved<Demand>): Step {
  let saved: Demand | null = null
  return {
    async run() {
      saved = await db.saveDemand(next, { expectRevision: before.revision })
    },
    async revert() {
      if (saved) await db.saveDemand({ ...before }, { expectRevision: saved.revision })
    },
  }
}

/**
 * Saves a record of a collection (new, or replacing `before`); its revert deletes the new one or
 * writes `before` back. `saved` is the record as written, once the step has run.
 */
export function recordStep<T extends { id: string; revision: number }>(coll: () => Collection<T>, next: Unsaved<T>, before: T | null): Step & { readonly saved: T | null } {
  let saved: T | null = null
  return {
    get saved() {
      return saved
    },
    async run() {
      saved = await coll().save(next, before ? { expectRevision: before.revision } : {})
    },
    async revert() {
      if (!saved) return
      const written = saved
      if (before) await coll().save({ ...before }, { expectRevision: written.revision })
      else await coll().delete(written.id, { expectRevision: written.revision })
    },
  }
}
