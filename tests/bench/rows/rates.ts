import { figure, type BenchRow } from '../harness'
import type { Rates } from '../../../shared/domain/rates'

// Issue 11: the rates of the whole street over 10 years, warm (open once, repeated in one process,
// like the dashboard row). ours = services.stats.rates (derived counts' outcomes + the tasks
// collection); sqlite = one aggregate over demands and one over tasks.
export const ratesRow: BenchRow = {
  id: 'rates',
  title: 'warm rates, whole street, 10 years (办结率, 按期办结率, 满意率, 参评率, days to closure)',
  async run(ctx) {
    const range = ctx.dash.years10
    const results: Array<[string, { ms: number[]; digest: Rates }]> = []
    for (const [system, path] of [
      ['ours', ctx.dataset.yishiDir],
      ['sqlite', ctx.dataset.sqliteFile],
    ] as const) {
      results.push([system, await ctx.worker<{ ms: number[]; digest: Rates }>('rates', { system, path, range, reps: ctx.reps.warm })])
    }
    // The comparison only means something if both computed the same figures.
    const [ours, sqlite] = results.map(([, r]) => JSON.stringify(r.digest))
    if (ours !== sqlite) throw new Error(`rates differ:\n  ours   ${ours}\n  sqlite ${sqlite}`)
    ctx.log(`    rates (both): ${ours}`)
    return results.map(([system, r]) => figure('rates.10y', 'warm rates, whole street, 10 years', system as 'ours', r.ms))
  },
}
