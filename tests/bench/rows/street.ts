import { addMonths } from '../../../shared/domain/month'
import { figure, type BenchContext, type BenchRow, type Figure } from '../harness'
import type { StreetDigest } from '../stats-sqlite'

// Issue 12: the leaders' street dashboard (15 communities side by side and summed, by month,
// 同比/环比 bases, rates of the period and both bases, shares, the ranking). ours =
// services.stats.street; sqlite = five GROUP BY queries on the same data (stats-sqlite.ts).
// Both must give the same figures (the digest: every measure, bucket, rate and share).

function streetArgs(ctx: BenchContext) {
  const years10 = ctx.dash.years10
  return { years10, months12: { from: addMonths(years10.to, -11), to: years10.to } }
}

function sameDigests(what: string, ours: StreetDigest, other: StreetDigest, system: string): void {
  const a = JSON.stringify(ours)
  const b = JSON.stringify(other)
  if (a === b) return
  // Name the first scope that differs, so a mismatch is readable.
  const scopes = [ours.street, ...ours.communities]
  const theirs = [other.street, ...other.communities]
  const i = scopes.findIndex((s, k) => JSON.stringify(s) !== JSON.stringify(theirs[k]))
  const where = i < 0 ? 'ranking' : (scopes[i].communityId ?? 'street')
  const detail = i < 0 ? [ours.ranking, other.ranking] : [scopes[i], theirs[i]]
  throw new Error(`street dashboard (${what}) differs at ${where}:\n  ours    ${JSON.stringify(detail[0]).slice(0, 1500)}\n  ${system}  ${JSON.stringify(detail[1]).slice(0, 1500)}`)
}

type Warm = { years10: number[]; months12: number[]; digests: Record<'years10' | 'months12', StreetDigest> }

export const streetRow: BenchRow = {
  id: 'street',
  title: 'warm street dashboard (15 communities, by month, ranking with rates; 10 years and 12 months)',
  async run(ctx) {
    const args = streetArgs(ctx)
    const ours = await ctx.worker<Warm>('street', { system: 'ours', path: ctx.dataset.yishiDir, ...args, reps: ctx.reps.warm })
    const sqlite = await ctx.worker<Warm>('street', { system: 'sqlite', path: ctx.dataset.sqliteFile, ...args, reps: ctx.reps.warm })
    sameDigests('10 years', ours.digests.years10, sqlite.digests.years10, 'sqlite')
    sameDigests('12 months', ours.digests.months12, sqlite.digests.months12, 'sqlite')
    const s = ours.digests.years10.street
    ctx.log(`    street, 10 years (both): ${s.petitions.count} petitions, ${s.demands.count} demands, 办结率 ${s.rates.closeRate}%, 按期 ${s.rates.onTimeRate}%, 满意率 ${s.rates.satisfactionRate}%`)
    const out: Figure[] = []
    for (const [system, r] of [['ours', ours], ['sqlite', sqlite]] as const) out.push(figure('street.10y', 'warm street dashboard, 10 years', system, r.years10))
    for (const [system, r] of [['ours', ours], ['sqlite', sqlite]] as const) out.push(figure('street.12m', 'warm street dashboard, 12 months', system, r.months12))
    return out
  },
}

type Cold = { ms: number; peakRssMB: number; digest: StreetDigest }

/** Cold open → street dashboard (10 years), each run in a fresh process, round-robin like the open row. */
export const streetOpenRow: BenchRow = {
  id: 'street-open',
  title: 'cold open → street dashboard (15 communities, 10 years)',
  async run(ctx) {
    const args = streetArgs(ctx)
    const systems = [
      ['ours', ctx.dataset.yishiDir],
      ['sqlite', ctx.dataset.sqliteFile],
    ] as const
    const results = new Map<string, Cold[]>(systems.map(([s]) => [s, []]))
    for (let i = 0; i < ctx.reps.cold; i++) {
      for (const [system, path] of systems) results.get(system)!.push(await ctx.worker<Cold>('streetOpen', { system, path, ...args }))
    }
    const ref = results.get('ours')![0].digest
    for (const [system, rs] of results) for (const r of rs) sameDigests('cold, 10 years', ref, r.digest, system)
    const out: Figure[] = []
    for (const [system] of systems) out.push(figure('street.open', 'cold open → street dashboard, 10 years', system, results.get(system)!.map((r) => r.ms)))
    for (const [system] of systems) {
      out.push(figure('street.openRss', 'peak RSS after open + street dashboard', system, results.get(system)!.map((r) => r.peakRssMB), 'MB', 'info'))
    }
    return out
  },
}
