/**
 * `run` at most once at a time: callers that come while it runs wait for that same run (a store's
 * first load, asked for by the header, the page and a route's prefetch at once).
 */
export function sharedRun(run: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | null = null
  return () =>
    (pending ??= run().finally(() => {
      pending = null
    }))
}
