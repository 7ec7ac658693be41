// 推进落实: overdue tasks are looked for at start and hourly while the app runs, and after every
// change of the tasks; the desktop shell shows a notification when there are more than were last
// announced (main passes Electron's Notification; tests pass a spy and their own timers).
import type { TaskOverdue } from '../../shared/contract'

export interface OverdueWatchOptions {
  /** The street-wide count (the services called in-process: every community). */
  overdue: () => Promise<TaskOverdue>
  notify: (title: string, body: string) => void
  /** Calls `fn` every `ms`; returns the function that stops it. */
  every?: (fn: () => void, ms: number) => () => void
  /** Subscribes to changes of the tasks; returns the unsubscribe function. */
  onTasksChanged?: (fn: () => void) => () => void
  log?: (err: unknown) => void
}

export const OVERDUE_CHECK_MS = 60 * 60 * 1000

const defaultEvery = (fn: () => void, ms: number) => {
  const t = setInterval(fn, ms)
  t.unref?.()
  return () => clearInterval(t)
}

/** The notification text for `o` (null: nothing to say). */
export function overdueMessage(o: TaskOverdue): { title: string; body: string } | null {
  if (o.count <= 0) return null
  const communities = Object.keys(o.byCommunity).length
  return {
    title: `有 ${o.count} 项任务已逾期`,
    body: `${communities > 1 ? `涉及 ${communities} 个社区，` : ''}请在“推进落实”中查看并督办。`,
  }
}

/** Starts watching; returns the function that stops it. The first check runs at once. */
export function startOverdueWatch(opts: OverdueWatchOptions): { stop: () => void; check: () => Promise<void> } {
  let announced = 0
  let running: Promise<void> | null = null
  const check = (): Promise<void> =>
    (running ??= (async () => {
      try {
        const o = await opts.overdue()
        // Only a rise is announced: the same tasks again every hour would be noise.
        if (o.count > announced) {
          const m = overdueMessage(o)
          if (m) opts.notify(m.title, m.body)
        }
        announced = o.count
      } catch (err) {
        opts.log?.(err)
      } finally {
        running = null
      }
    })())
  const stopTimer = (opts.every ?? defaultEvery)(() => void check(), OVERDUE_CHECK_MS)
  const stopEvents = opts.onTasksChanged?.(() => void check()) ?? (() => undefined)
  void check()
  return {
    check,
    stop() {
      stopTimer()
      stopEvents()
    },
  }
}
