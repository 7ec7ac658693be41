import { figure, type BenchRow, type Figure } from '../harness'

// Warm dashboard statistics: the database is open, the query repeated in the same process.
export const dashboardRow: BenchRow = {
  id: 'dashboard',
  title: 'warm dashboard statistics (10 years, 24 months)',
  async run(ctx) {
    type R = { months24: number[]; years10: number[] }
    const ds = ctx.dataset
    const runs = [
      ['ours', ds.yishiDir, ctx.reps.warm],
      ['sqlite', ds.sqliteFile, ctx.reps.warm],
      ['lowdb', ds.lowdbFile, ctx.reps.warmLowdb],
    ] as const
    const out: Figure[] = []
    const results: Array<[string, R]> = []
    for (const [system, path, reps] of runs) {
      results.push([system, await ctx.worker<R>('dashboard', { ...ctx.dash, system, path, reps })])
    }
    for (const [system, r] of results) {
      out.push(figure('dash.10y', 'warm dashboard, 10 years', system as 'ours', r.years10))
    }
    for (const [system, r] of results) {
      out.push(figure('dash.24m', 'warm dashboard, 24 months', system as 'ours', r.months24))
    }
    return out
  },
}
