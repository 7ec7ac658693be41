import { figure, type BenchRow, type Figure } from '../harness'

// One durable edit of a demand, acknowledged after fsync. Ids are a fixed, spread sample.
export const editRow: BenchRow = {
  id: 'edit',
  title: 'one durable edit of a demand',
  async run(ctx) {
    const ids = ctx.dataset.manifest.editIds
    const n = Math.min(ctx.reps.edits, Math.floor(ids.length / 2))
    const warmIds = ids.slice(0, n)
    const coldIds = ids.slice(n, 2 * n)
    const lowIds = ids.slice(0, Math.min(ctx.reps.editsLowdb, n))
    type R = { ms: number[] }
    const ours = await ctx.worker<R>('edit', { system: 'ours', path: ctx.dataset.yishiDir, ids: warmIds, opened: true })
    const oursCold = await ctx.worker<R>('edit', { system: 'ours', path: ctx.dataset.yishiDir, ids: coldIds, opened: false })
    const sqlite = await ctx.worker<R>('edit', { system: 'sqlite', path: ctx.dataset.sqliteFile, ids: warmIds })
    const wal = await ctx.worker<R>('edit', { system: 'sqlite-wal', path: ctx.dataset.sqliteWalFile, ids: warmIds })
    const lowdb = await ctx.worker<R>('edit', { system: 'lowdb', path: ctx.dataset.lowdbFile, ids: lowIds })
    const label = 'durable edit (demands.update / UPDATE / rewrite)'
    const out: Figure[] = [
      figure('edit.time', label, 'ours', ours.ms, 'ms', 'record opened first'),
      figure('edit.time', label, 'sqlite', sqlite.ms, 'ms', 'FULL, DELETE journal'),
      figure('edit.time', label, 'sqlite-wal', wal.ms, 'ms', 'FULL, WAL'),
      figure('edit.time', label, 'lowdb', lowdb.ms, 'ms', 'rewrite whole file'),
      figure('edit.cold', 'durable edit, month partition not yet read', 'ours', oursCold.ms, 'ms', 'info'),
    ]
    return out
  },
}
