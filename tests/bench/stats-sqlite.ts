// The rates (issue 11) and the street dashboard (issue 12) computed by better-sqlite3 with GROUP BY
// / aggregate queries on the bench's SQLite copy, and the digests both systems are compared on.
// SQL does the counting; the few lines of JS after it only add up ≤ 15 × 240 grouped rows and use
// the domain's rounding (percentOf, change, demandRatesFromCounts on the summed counts), so both
// systems print the same figures.
import type Database from 'better-sqlite3'
import type { MonthCounts } from '../../shared/domain/entities'
import type { OutcomeKey } from '../../shared/domain/evaluation'
import { monthRange } from '../../shared/domain/month'
import { demandRatesFromCounts, percentOf, type Rates } from '../../shared/domain/rates'
import { change } from '../../shared/domain/statistics'
import { rankCommunities, type Compared, type Share } from '../../shared/domain/stats-compare'
import { lastDayOf, previousPeriod, samePeriodLastYear, type MonthSpan } from '../../shared/domain/stats-period'
import type { StreetStats } from '../../shared/domain/street-stats'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, type DemandCategory, type DemandChannel } from '../../shared/domain/vocab'

// ---------- rates (issue 11) ----------

/** Outcome sums of closed demands (status evaluated with a closure), as the derived counts keep them. */
const OUTCOME_SUMS = `
  COUNT(*) AS total,
  SUM(status = 'evaluated') AS closed,
  SUM(status = 'evaluated' AND outcome IS NOT NULL) AS closedTimed,
  SUM(status = 'evaluated' AND outcome = 'rated' AND rating = 'satisfied') AS satisfied,
  SUM(status = 'evaluated' AND outcome = 'rated' AND rating = 'basicallySatisfied') AS basicallySatisfied,
  SUM(status = 'evaluated' AND outcome = 'rated' AND rating = 'dissatisfied') AS dissatisfied,
  SUM(status = 'evaluated' AND outcome = 'unreachable') AS unreachable,
  TOTAL(CASE WHEN status = 'evaluated' AND outcome IS NOT NULL THEN close_days END) AS closeDays`

interface OutcomeRow {
  total: number
  closed: number | null
  closedTimed: number | null
  satisfied: number | null
  basicallySatisfied: number | null
  dissatisfied: number | null
  unreachable: number | null
  closeDays: number | null
}

const OUTCOMES: readonly OutcomeKey[] = ['satisfied', 'basicallySatisfied', 'dissatisfied', 'unreachable', 'closedTimed', 'closeDays']

/** Grouped rows summed into one MonthCounts-shaped total (what demandRatesFromCounts reads). */
function countsOfRows(rows: Iterable<OutcomeRow>): MonthCounts {
  const out: MonthCounts = { total: 0, byCategory: {}, byChannel: {}, byStatus: { evaluated: 0 }, outcomes: {} }
  for (const r of rows) {
    out.total += r.total
    out.byStatus.evaluated! += r.closed ?? 0
    for (const k of OUTCOMES) out.outcomes![k] = (out.outcomes![k] ?? 0) + (r[k] ?? 0)
  }
  return out
}

/** The street's rates over months from..to: one aggregate over demands, one over tasks. */
export function sqliteRates(db: Database.Database, from: string, to: string): Rates {
  const demands = db.prepare(`SELECT ${OUTCOME_SUMS} FROM demands WHERE month BETWEEN ? AND ?`).get(from, to) as OutcomeRow
  const tasks = db
    .prepare(`SELECT COUNT(*) AS done, SUM(done_day <= deadline) AS onTime FROM tasks WHERE status = 'done' AND done_day BETWEEN ? AND ?`)
    .get(`${from}-01`, lastDayOf(to)) as { done: number; onTime: number | null }
  return {
    ...demandRatesFromCounts([countsOfRows([demands])]),
    tasksDone: tasks.done,
    tasksOnTime: tasks.onTime ?? 0,
    onTimeRate: percentOf(tasks.onTime ?? 0, tasks.done),
  }
}

/** The figures of a rates result both systems must agree on. */
export function ratesDigest(r: Rates): Rates {
  const keys: Array<keyof Rates> = [
    'demands',
    'closed',
    'closeRate',
    'closedRecorded',
    'rated',
    'satisfied',
    'dissatisfied',
    'unreachable',
    'satisfactionRate',
    'participationRate',
    'avgCloseDays',
    'tasksDone',
    'tasksOnTime',
    'onTimeRate',
  ]
  return Object.fromEntries(keys.map((k) => [k, r[k]])) as unknown as Rates
}

// ---------- street dashboard (issue 12) ----------

/** What the street dashboard shows per scope (community or street), as both systems compute it. */
export interface ScopeDigest {
  communityId: string | null
  // The bench's ranges are all past (nothing left out of the comparisons): `compared` is the count.
  petitions: Omit<Compared, 'compared'> & { buckets: number[] }
  demands: Omit<Compared, 'compared'> & { buckets: number[] }
  rates: Rates
  ratesLastYear: Rates
  ratesPrevious: Rates
  category: Array<Pick<Share<DemandCategory>, 'key' | 'count' | 'percent'>>
  channel: Array<Pick<Share<DemandChannel>, 'key' | 'count' | 'percent'>>
}

export interface StreetDigest {
  street: ScopeDigest
  communities: ScopeDigest[]
  ranking: Array<{ communityId: string; rank: number | null; value: number | null }>
}

const pickCompared = (c: Compared & { buckets: Array<{ count: number }> }) => ({
  count: c.count,
  lastYear: c.lastYear,
  previous: c.previous,
  yoy: c.yoy,
  mom: c.mom,
  buckets: c.buckets.map((b) => b.count),
})

function scopeDigestOf(s: StreetStats['street']): ScopeDigest {
  return {
    communityId: s.communityId,
    petitions: pickCompared(s.petitions),
    demands: pickCompared(s.demands),
    rates: ratesDigest(s.rates),
    ratesLastYear: ratesDigest(s.ratesLastYear),
    ratesPrevious: ratesDigest(s.ratesPrevious),
    category: s.shares.category.map(({ key, count, percent }) => ({ key, count, percent })),
    channel: s.shares.channel.map(({ key, count, percent }) => ({ key, count, percent })),
  }
}

/** Our stats:street result reduced to the figures the SQLite side computes too. */
export function streetDigestOf(s: StreetStats): StreetDigest {
  return {
    street: scopeDigestOf(s.street),
    communities: s.communities.map(scopeDigestOf),
    ranking: s.ranking.rows.map((r) => ({ communityId: r.communityId, rank: r.rank, value: r.value })),
  }
}

interface ScopeSums {
  /** per month of the whole range (previous period's from .. span's to): total and petitions */
  total: Map<string, number>
  petitions: Map<string, number>
  outcomes: Map<string, OutcomeRow>
  category: Map<DemandCategory, number>
  channel: Map<DemandChannel, number>
  /** per period (span, lastYear, previous): tasks done, on time */
  tasks: Array<{ done: number; onTime: number }>
}

const newSums = (): ScopeSums => ({
  total: new Map(),
  petitions: new Map(),
  outcomes: new Map(),
  category: new Map(),
  channel: new Map(),
  tasks: [0, 1, 2].map(() => ({ done: 0, onTime: 0 })),
})
const bump = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n)

function shares<K extends string>(sums: Map<K, number>, keys: readonly K[], total: number) {
  return keys
    .map((key, order) => ({ key, count: sums.get(key) ?? 0, order }))
    .filter((s) => s.count > 0)
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .map(({ key, count }) => ({ key, count, percent: percentOf(count, total) ?? 0 }))
}

/**
 * The street dashboard over `span` cut by month, ranked by petitions (desc): per community and for
 * the street, the measures with their 同比/环比 bases (period and every month), the rates of the
 * period and of both bases, and the shares by category and channel. Five GROUP BY queries.
 */
export function sqliteStreet(db: Database.Database, span: MonthSpan, communityIds: readonly string[]): StreetDigest {
  const lastYear = samePeriodLastYear(span)
  const previous = previousPeriod(span)
  const lo = previous.from < lastYear.from ? previous.from : lastYear.from
  const periods = [span, lastYear, previous]
  const sums = new Map(communityIds.map((id) => [id, newSums()]))
  const street = newSums()
  const each = (id: string, fn: (s: ScopeSums) => void) => {
    const s = sums.get(id)
    if (!s) return
    fn(s)
    fn(street)
  }

  // 1. per community, month and channel over the whole range: totals, petitions, channel shares
  const byChannel = db
    .prepare('SELECT community_id AS c, month AS m, channel AS k, COUNT(*) AS n FROM demands WHERE month BETWEEN ? AND ? GROUP BY community_id, month, channel')
    .all(lo, span.to) as Array<{ c: string; m: string; k: DemandChannel; n: number }>
  for (const r of byChannel) {
    each(r.c, (s) => {
      bump(s.total, r.m, r.n)
      if (r.k === 'petition') bump(s.petitions, r.m, r.n)
      if (r.m >= span.from) bump(s.channel, r.k, r.n)
    })
  }
  // 2. category shares of the period
  const byCategory = db
    .prepare('SELECT community_id AS c, category AS k, COUNT(*) AS n FROM demands WHERE month BETWEEN ? AND ? GROUP BY community_id, category')
    .all(span.from, span.to) as Array<{ c: string; k: DemandCategory; n: number }>
  for (const r of byCategory) each(r.c, (s) => bump(s.category, r.k, r.n))
  // 3. closures per community and month (rates of the period and both bases)
  const outcomes = db
    .prepare(`SELECT community_id AS c, month AS m, ${OUTCOME_SUMS} FROM demands WHERE month BETWEEN ? AND ? GROUP BY community_id, month`)
    .all(lo, span.to) as Array<OutcomeRow & { c: string; m: string }>
  for (const r of outcomes) {
    each(r.c, (s) => {
      const into = s.outcomes.get(r.m)
      s.outcomes.set(r.m, into ? mergeRows(into, r) : { ...r })
    })
  }
  // 4. tasks done in each period, and on time
  const days = periods.map((p) => [`${p.from}-01`, lastDayOf(p.to)])
  const cols = days.map((_, i) => `SUM(done_day BETWEEN ? AND ?) AS d${i}, SUM(done_day BETWEEN ? AND ? AND done_day <= deadline) AS t${i}`).join(', ')
  const tasks = db
    .prepare(`SELECT community_id AS c, ${cols} FROM tasks WHERE status = 'done' AND done_day IS NOT NULL GROUP BY community_id`)
    .all(...days.flatMap(([a, b]) => [a, b, a, b])) as Array<Record<string, number> & { c: string }>
  for (const r of tasks) {
    each(r.c, (s) => {
      periods.forEach((_, i) => {
        s.tasks[i].done += r[`d${i}`] ?? 0
        s.tasks[i].onTime += r[`t${i}`] ?? 0
      })
    })
  }

  const months = monthRange(span.from, span.to)
  const digest = (communityId: string | null, s: ScopeSums): ScopeDigest => {
    const sumOver = (m: Map<string, number>, p: MonthSpan) => monthRange(p.from, p.to).reduce((n, k) => n + (m.get(k) ?? 0), 0)
    const measure = (m: Map<string, number>) => {
      const count = sumOver(m, span)
      const ly = sumOver(m, lastYear)
      const pr = sumOver(m, previous)
      return { count, lastYear: ly, previous: pr, yoy: change(count, ly), mom: change(count, pr), buckets: months.map((k) => m.get(k) ?? 0) }
    }
    const ratesOf = (i: number): Rates => {
      const p = periods[i]
      const rows = monthRange(p.from, p.to).flatMap((k) => s.outcomes.get(k) ?? [])
      const t = s.tasks[i]
      return ratesDigest({ ...demandRatesFromCounts([countsOfRows(rows)]), tasksDone: t.done, tasksOnTime: t.onTime, onTimeRate: percentOf(t.onTime, t.done) })
    }
    const total = sumOver(s.total, span)
    return {
      communityId,
      petitions: measure(s.petitions),
      demands: measure(s.total),
      rates: ratesOf(0),
      ratesLastYear: ratesOf(1),
      ratesPrevious: ratesOf(2),
      category: shares(s.category, DEMAND_CATEGORIES, total),
      channel: shares(s.channel, DEMAND_CHANNELS, total),
    }
  }
  const communities = communityIds.map((id) => digest(id, sums.get(id)!))
  const ranking = rankCommunities(
    communities.map((c) => ({ communityId: c.communityId!, name: '', petitions: c.petitions, demands: c.demands, rates: c.rates })),
    'petitions',
    'desc',
  ).map((r) => ({ communityId: r.communityId, rank: r.rank, value: r.value }))
  return { street: digest(null, street), communities, ranking }
}

function mergeRows(a: OutcomeRow, b: OutcomeRow): OutcomeRow {
  const out = { ...a }
  out.total += b.total
  for (const k of ['closed', ...OUTCOMES] as const) out[k] = (a[k] ?? 0) + (b[k] ?? 0)
  return out
}
