import { figure, type BenchRow, type Figure } from '../harness'
import type { OpenResult } from '../worker'

// Cold start → dashboard data ready, each run in a fresh Node process; and that process's peak RSS.
export const openRow: BenchRow = {
  id: 'open',
  title: 'cold open → dashboard data (24 months + 10 years)',
  async run(ctx) {
    const systems = [
      { system: 'ours', path: ctx.dataset.yishiDir, reps: ctx.reps.cold },
      { system: 'sqlite', path: ctx.dataset.sqliteFile, reps: ctx.reps.cold },
      { system: 'lowdb', path: ctx.dataset.lowdbFile, reps: ctx.reps.coldLowdb },
    ] as const
    const results = new Map<string, Array<OpenResult & { wallMs: number }>>()
    // Round-robin, so slow drift of the machine spreads over all systems.
    const most = Math.max(...systems.map((s) => s.reps))
    for (let i = 0; i < most; i++) {
      for (const s of systems) {
        if (i >= s.reps) continue
        const r = await ctx.worker<OpenResult>('open', { ...ctx.dash, system: s.system, path: s.path })
        results.set(s.system, [...(results.get(s.system) ?? []), r])
      }
    }
    // The comparison only means something if every system computed the same dashboard.
    const ref = JSON.stringify(results.get('ours')![0].totals)
    for (const [system, rs] of results) {
      for (const r of rs) {
        if (JSON.stringify(r.totals) !== ref) throw new Error(`dashboard totals differ: ours ${ref}, ${system} ${JSON.stringify(r.totals)}`)
      }
    }
    const out: Figure[] = []
    for (const s of systems) {
      const rs = results.get(s.system)!
      out.push(figure('open.time', 'cold open → dashboard ready', s.system, rs.map((r) => r.ms)))
    }
    for (const s of systems) {
      const rs = results.get(s.system)!
      out.push(figure('open.rss', 'peak RSS after open + dashboard', s.system, rs.map((r) => r.peakRssMB), 'MB'))
    }
    for (const s of systems) {
      const rs = results.get(s.system)!
      out.push(
        figure('open.wall', 'process spawn → exit (incl. Node + tsx start)', s.system, rs.map((r) => r.wallMs), 'ms', 'info'),
      )
    }
    return out
  },
}

/** Our first open of a calendar day also copies the data folder to backups/ (DESIGN: daily backup). */
export const firstOpenRow: BenchRow = {
  id: 'first-open-of-day',
  title: 'first open of a day (includes the daily backup copy)',
  async run(ctx) {
    const ms: number[] = []
    const backupMs: number[] = []
    for (let i = 0; i < (ctx.quick ? 1 : 2); i++) {
      const r = await ctx.worker<{ ms: number; backupMs: number }>('firstOpenOfDay', { path: ctx.dataset.yishiDir })
      ms.push(r.ms)
      backupMs.push(r.backupMs)
    }
    return [
      figure('open.firstOfDay', 'first open of a day (open; backup queued behind it)', 'ours', ms, 'ms', 'info'),
      figure('open.firstOfDayBackup', 'first open of a day: daily backup done', 'ours', backupMs, 'ms', 'info'),
    ]
  },
}
