// The whole picture of stats:street (issue 12), pure: given each community's per-month derived
// counts and its tasks, the figures per community and for the street (summed month by month, so
// street totals are the sum of the communities), per bucket, with 同比/环比, rate changes in 百分点,
// shares, the ranking and the sentences. The service only gathers the inputs.
//
// Historical counts (historical-counts.ts): months with no demand recorded take the entered
// counts (the records win wherever they hold a demand). Those months count in 信访量 / 诉求量, their
// 同比 / 环比 and the ranking by volume, and are named in `historicalMonths`; they carry totals
// only, so shares (category / channel) and the rates are from the records alone and leave them out.
import type { MonthCounts } from './entities'
import { historicalIn, mergeCounts, type CountEntry } from './historical-counts'
import { monthRange } from './month'
import { demandRatesFromCounts, mergeTaskDoneIndexes, taskDoneIndex, taskRatesFromIndex, type Rates, type TaskDoneIndex } from './rates'
import {
  measureFigures,
  rankCommunities,
  rateChanges,
  sharesFor,
  sumCounts,
  type CountsOf,
  type MeasureFigures,
  type RankKey,
  type RankOrder,
  type RankRow,
  type RateChanges,
  type Shares,
} from './stats-compare'
import { countSentence, rateSentence, streetScopeName } from './stats-sentence'
import {
  bucketsOf,
  finishedPart,
  lastDayOf,
  periodLabel,
  periodLabelAsOf,
  previousPeriod,
  samePeriodLastYear,
  sameSpan,
  type Bucket,
  type Granularity,
  type MonthSpan,
  type PeriodPreset,
} from './stats-period'
import type { Task } from './task'

export type TaskForRates = Pick<Task, 'status' | 'deadline' | 'doneAt'>

export interface LabelledSpan extends MonthSpan {
  label: string
}

export interface ScopeStats {
  /** null: the street (every community the operator may see). */
  communityId: string | null
  /** 七口堰社区, 全街道 or 所辖N个社区 */
  name: string
  petitions: MeasureFigures
  demands: MeasureFigures
  rates: Rates
  /** The rates of the compared months (the period's own when all of it is over); null when nothing is compared. */
  ratesCompared: Rates | null
  ratesLastYear: Rates
  ratesPrevious: Rates
  /** Rate changes in 百分点 of the compared months against the same months last year (yoy) and the previous period (mom); all null when nothing is compared. */
  rateChanges: { yoy: RateChanges; mom: RateChanges }
  /** Shares of all demands in the period (the counts hold no category per channel); records only: months from historical counts are left out (`sharesLeftOut`). */
  shares: Shares
  /**
   * Months (of the period and of the 同比 / 环比 bases, sorted) whose 信访量 / 诉求量 come from the
   * entered historical counts, not from records. Empty when every month is the records'.
   */
  historicalMonths: string[]
  /** Months of the period from historical counts, left out of `shares` and of the rates (counts carry totals only). */
  sharesLeftOut: string[]
  /** Sentences to paste: petitions and demands with 同比 (and 环比 when asked), the rates; null rates sentence when no rate has a base. */
  sentences: { petitions: string; demands: string; rates: string | null }
}

export interface StreetStats {
  period: LabelledSpan & {
    /** The street's day the figures run to when the range reaches the current month (partial); else null. */
    asOf: string | null
    /** The label with the partial-month note: 2026年1—5月（截至5月20日）. */
    labelAsOf: string
    preset: PeriodPreset | null
    /** Months after today's were asked for and left out. */
    clipped: boolean
    /**
     * The months 同比 and 环比 compare: the period, or its finished months when it ends in the month
     * under way (that month's bases would be whole months); null when no month of it is over yet.
     */
    compared: LabelledSpan | null
  }
  /** The base of 同比 (of the compared months; of the period when none is compared). */
  lastYear: LabelledSpan
  /** The base of 环比: as many months, just before. */
  previous: LabelledSpan
  granularity: Granularity
  /** The period cut into months / quarters / years; every scope's `buckets` follow this order. */
  buckets: Array<Bucket & { partial: boolean; /** Some month of the bucket takes historical counts (for the street, i.e. any community in scope). */ historical: boolean }>
  street: ScopeStats
  /** The selected communities (all of them by default), in the street's order. */
  communities: ScopeStats[]
  /** Every community the operator may see, ranked. */
  ranking: { by: RankKey; order: RankOrder; rows: RankRow[] }
}

export interface CommunitySource {
  communityId: string
  name: string
  counts: Readonly<Record<string, MonthCounts>>
  /** Its tasks, or `taskIndex` made from them (the service keeps one per community between calls). */
  tasks?: readonly TaskForRates[]
  taskIndex?: TaskDoneIndex
  /** Entered historical counts (none when absent): used for months with no demand recorded. */
  history?: readonly Pick<CountEntry, 'month' | 'petitions' | 'demands'>[]
}

export interface StreetStatsInput {
  span: MonthSpan
  asOf: string | null
  preset?: PeriodPreset | null
  clipped?: boolean
  granularity: Granularity
  /** Every community in the operator's scope, in the street's order. */
  communities: readonly CommunitySource[]
  /** Ids to return in `communities`; all when absent. */
  selected?: readonly string[]
  /** Whether the operator sees the whole street (全街道) or part of it (所辖N个社区). */
  wholeStreet: boolean
  rankBy: RankKey
  order: RankOrder
  /** Add the 环比 clause to the count sentences. */
  withMom: boolean
  /** The street's calendar day of a time (tasks' done times). */
  dayOf: (iso: string) => string
}

const labelled = (span: MonthSpan): LabelledSpan => ({ ...span, label: periodLabel(span) })
const NO_RATE_CHANGES: RateChanges = { closeRate: null, onTimeRate: null, satisfactionRate: null }

export function buildStreetStats(input: StreetStatsInput): StreetStats {
  const { span, asOf, granularity } = input
  const buckets = bucketsOf(span, granularity)
  const currentMonth = asOf?.slice(0, 7) ?? null
  const compared = finishedPart(span, currentMonth)
  const lastYear = samePeriodLastYear(compared ?? span)
  const previous = previousPeriod(compared ?? span)

  // The months any figure reads: the period and both bases.
  const reach = { from: [span.from, lastYear.from, previous.from].sort()[0], to: span.to }

  /** `at`: records, or counts for months without records; `recordsAt`: the records alone (shares, rates). */
  const scope = (communityId: string | null, name: string, at: CountsOf, recordsAt: CountsOf, historical: ReadonlySet<string>, tasks: TaskDoneIndex): ScopeStats => {
    const ratesOf = (s: MonthSpan): Rates => ({
      ...demandRatesFromCounts(monthRange(s.from, s.to).flatMap((m) => recordsAt(m) ?? [])),
      ...taskRatesFromIndex(tasks, `${s.from}-01`, lastDayOf(s.to)),
    })
    const petitions = measureFigures(at, span, buckets, 'petitions', currentMonth)
    const demands = measureFigures(at, span, buckets, 'demands', currentMonth)
    const rates = ratesOf(span)
    const ratesCompared = compared && sameSpan(compared, span) ? rates : compared && ratesOf(compared)
    const ratesLastYear = ratesOf(lastYear)
    const ratesPrevious = ratesOf(previous)
    const sentence = (measure: 'petitions' | 'demands', f: MeasureFigures) =>
      countSentence({
        span,
        asOf,
        compared,
        scopeName: name,
        measure,
        count: f.count,
        comparedCount: f.compared,
        lastYear: f.lastYear,
        ...(input.withMom ? { previous: f.previous } : {}),
      })
    return {
      communityId,
      name,
      petitions,
      demands,
      rates,
      ratesCompared,
      ratesLastYear,
      ratesPrevious,
      rateChanges: {
        yoy: ratesCompared ? rateChanges(ratesCompared, ratesLastYear) : NO_RATE_CHANGES,
        mom: ratesCompared ? rateChanges(ratesCompared, ratesPrevious) : NO_RATE_CHANGES,
      },
      shares: sharesFor(recordsAt, span),
      historicalMonths: historicalIn(historical, reach.from, reach.to),
      sharesLeftOut: historicalIn(historical, span.from, span.to),
      sentences: {
        petitions: sentence('petitions', petitions),
        demands: sentence('demands', demands),
        rates: rateSentence({ span, asOf, compared, scopeName: name, rates, ratesCompared, lastYear: ratesLastYear, ...(input.withMom ? { previous: ratesPrevious } : {}) }),
      },
    }
  }

  const taskIndexes = input.communities.map((c) => c.taskIndex ?? taskDoneIndex(c.tasks ?? [], input.dayOf))
  const merged = input.communities.map((c) => mergeCounts(c.counts, c.history ?? []))
  const all = input.communities.map((c, i) => scope(c.communityId, c.name, (m) => merged[i].counts[m], (m) => c.counts[m], merged[i].historical, taskIndexes[i]))
  // The street's month: the communities' counts added (made once per month asked for).
  const summed = (pick: (i: number) => Readonly<Record<string, MonthCounts>>): CountsOf => {
    const months = new Map<string, MonthCounts | undefined>()
    return (m) => {
      if (!months.has(m)) months.set(m, sumCounts(input.communities.map((_, i) => pick(i)[m])))
      return months.get(m)
    }
  }
  // A street month is "from counts" when any community's is (the sum then holds entered figures).
  const streetHistorical = new Set(merged.flatMap((x) => [...x.historical]))
  const street = scope(
    null,
    streetScopeName(input.communities.length, input.wholeStreet),
    summed((i) => merged[i].counts),
    summed((i) => input.communities[i].counts),
    streetHistorical,
    mergeTaskDoneIndexes(taskIndexes),
  )
  const selected = input.selected ? new Set(input.selected) : null

  return {
    period: {
      ...labelled(span),
      asOf,
      labelAsOf: periodLabelAsOf(span, asOf),
      preset: input.preset ?? null,
      clipped: input.clipped ?? false,
      compared: compared && labelled(compared),
    },
    lastYear: labelled(lastYear),
    previous: labelled(previous),
    granularity,
    buckets: buckets.map((b) => ({
      ...b,
      partial: !!currentMonth && b.from <= currentMonth && currentMonth <= b.to,
      historical: street.sharesLeftOut.some((m) => b.from <= m && m <= b.to),
    })),
    street,
    communities: selected ? all.filter((s) => selected.has(s.communityId!)) : all,
    ranking: {
      by: input.rankBy,
      order: input.order,
      rows: rankCommunities(
        all.map((s) => ({ communityId: s.communityId!, name: s.name, petitions: s.petitions, demands: s.demands, rates: s.rates })),
        input.rankBy,
        input.order,
      ),
    },
  }
}
