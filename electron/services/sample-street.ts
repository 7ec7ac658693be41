import type { Community, Demand } from '../../shared/domain/entities'
import { closureOf, type FeedbackWay, type Rating } from '../../shared/domain/evaluation'
import { addMonths, dayOf, monthOf, monthRange, STREET_TIME_ZONE, toZonedIso, wallClockIn, zonedTime } from '../../shared/domain/month'
import type { DemandCategory, DemandChannel, DemandStatus } from '../../shared/domain/vocab'
import { makeDemandId } from '../data/paths'
import { numberInOrder } from '../../shared/domain/case-number'
import sampleCommunities from '../../resources/sample/communities.json'
import sampleTemplates from '../../resources/sample/demand-templates.json'

// The sample street (马家店街道, fictional data): fixed communities from resources/sample and two
// years of demands generated deterministically from a seed, ending with the current month.

export interface SampleTemplates {
  categories: Record<DemandCategory, string[]>
  surnames: string
  givenNames: string[]
  phonePrefixes: string[]
}

export const SAMPLE_COMMUNITIES: Community[] = (sampleCommunities as unknown as { communities: Community[] }).communities
export const SAMPLE_TEMPLATES = sampleTemplates as unknown as SampleTemplates

/** The pilot community whose petitions must show the year-on-year fall leaders quote. */
export const PILOT_COMMUNITY_ID = 'mjd-qikouyan'
// Petitions per month for the pilot: 67 in the earlier year, 30 in the last (-37 件, -55.2%).
const PILOT_PETITIONS_EARLIER = [6, 5, 6, 5, 6, 6, 5, 6, 5, 6, 6, 5]
const PILOT_PETITIONS_LAST = [3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2]

const SAMPLE_SEED = 20_260_521

/** mulberry32: small, fast, deterministic; Math.random is never used for sample data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function hash(text: string): number {
  let h = 2166136261
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619)
  return h >>> 0
}

export type Weights<K extends string> = ReadonlyArray<readonly [K, number]>

export const CATEGORY_MIX: Weights<DemandCategory> = [
  ['environment', 20],
  ['property', 17],
  ['parking', 15],
  ['facilities', 19],
  ['neighbour', 8],
  ['safety', 8],
  ['noise', 8],
  ['other', 5],
]

// Without petitions, which are drawn separately (~10% of all demands).
export const CHANNEL_MIX: Weights<Exclude<DemandChannel, 'petition'>> = [
  ['hotline', 30],
  ['wechatGroup', 23],
  ['redSteward', 12],
  ['gridWorker', 15],
  ['householdLeader', 10],
  ['transfer12345', 8],
  ['other', 2],
]

/** Status mix by age in months (0 = current month): old demands are closed, recent ones open. */
export function statusMix(age: number): Weights<DemandStatus> {
  if (age >= 3) return [['evaluated', 93], ['notified', 7]]
  if (age === 2) return [['evaluated', 70], ['notified', 20], ['handling', 10]]
  if (age === 1) {
    return [['evaluated', 40], ['notified', 25], ['handling', 20], ['coordinating', 10], ['escalated', 5]]
  }
  return [
    ['called', 15],
    ['accepted', 20],
    ['handling', 30],
    ['coordinating', 15],
    ['escalated', 5],
    ['notified', 10],
    ['evaluated', 5],
  ]
}

/** The random part the generator gives a demand id: `s` and a 3-digit serial (users get 11 base64url chars). */
export const SAMPLE_ID_SUFFIX = /^s\d{3}$/

/**
 * Whether a demand came from the sample generator. The generator has always written
 * `sample: true`; records created through demand:create never carry it (the contract has no such
 * field). For files written or edited by other means, a demand without the marker still counts as
 * generated when its id ends in the generator's `s###` serial (`<community>~<YYYYMM>~s012`; ids
 * from demand:create end in 11 random base64url characters and cannot match) and its createdAt
 * equals its receivedAt (the generator stamps both the same; the services stamp createdAt with
 * the recording time). Anything else is a user's record and is never removed with the sample.
 */
export function isSampleDemand(d: Pick<Demand, 'id' | 'sample' | 'createdAt' | 'receivedAt'>): boolean {
  if (d.sample === true) return true
  const suffix = d.id.split('~')[2] ?? ''
  return SAMPLE_ID_SUFFIX.test(suffix) && d.createdAt === d.receivedAt
}

export function generateSampleDemands(
  communities: readonly Community[],
  now: Date,
  templates: SampleTemplates = SAMPLE_TEMPLATES,
  /** The street's time zone (street settings): months, office hours and offsets are its. */
  tz: string = STREET_TIME_ZONE,
): Demand[] {
  const current = monthOf(toZonedIso(now, tz), tz)
  const months = monthRange(addMonths(current, -23), current)
  const out: Demand[] = []
  for (const community of communities) {
    const rand = mulberry32(SAMPLE_SEED ^ hash(community.id))
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
    const weighted = <K extends string>(w: Weights<K>): K => {
      const sum = w.reduce((s, [, n]) => s + n, 0)
      let r = rand() * sum
      for (const [k, n] of w) if ((r -= n) < 0) return k
      return w[w.length - 1][0]
    }
    const pilot = community.id === PILOT_COMMUNITY_ID
    months.forEach((month, i) => {
      const age = months.length - 1 - i
      const [y, m] = month.split('-').map(Number)
      // Month boundaries in the street's time zone (the partition is the month there).
      const start = zonedTime(y, m, 1, 0, 0, 0, tz).getTime()
      const next = zonedTime(y, m + 1, 1, 0, 0, 0, tz).getTime()
      const end = age === 0 ? now.getTime() : next
      // The current month is only partly over: scale its volume by the part elapsed.
      const elapsed = (end - start) / (next - start)
      let count = pilot ? (age >= 12 ? int(33, 40) : int(20, 27)) : int(15, 40)
      if (age === 0) count = Math.max(1, Math.round(count * elapsed))
      const pilotPetitions = pilot ? (age >= 12 ? PILOT_PETITIONS_EARLIER[i] : PILOT_PETITIONS_LAST[i - 12]) : 0
      for (let k = 0; k < count; k++) {
        const petition = pilot ? k < pilotPetitions : rand() < 0.1
        const channel: DemandChannel = petition ? 'petition' : weighted(CHANNEL_MIX)
        const category = weighted(CATEGORY_MIX)
        const received = receivedTime(start, end, age === 0, rand, tz)
        const compound = community.compounds.length ? pick(community.compounds) : undefined
        const description = pick(templates.categories[category])
          .replaceAll('{compound}', compound?.name ?? community.name)
          .replaceAll('{b}', String(int(1, 28)))
          .replaceAll('{u}', String(int(1, 4)))
          .replaceAll('{f}', String(int(2, 18)))
        const status = weighted(statusMix(age))
        const receivedAt = toZonedIso(received, tz)
        const updated = status === 'called' ? received : new Date(Math.min(now.getTime(), received.getTime() + int(1, 12) * 86_400_000))
        const demand: Demand = {
          id: makeDemandId(community.id, month, `s${String(k).padStart(3, '0')}`),
          communityId: community.id,
          channel,
          category,
          reporterName: pick(Array.from(templates.surnames)) + pick(templates.givenNames),
          receivedAt,
          description,
          status,
          createdAt: receivedAt,
          updatedAt: toZonedIso(updated, tz),
          sample: true,
          revision: 1,
        }
        if (compound) demand.compoundId = compound.id
        if (rand() < 0.85) demand.reporterPhone = pick(templates.phonePrefixes) + String(int(0, 99_999_999)).padStart(8, '0')
        if (status === 'notified' || status === 'evaluated') evaluate(demand, tz)
        out.push(demand)
      }
    })
  }
  // Case numbers like recorded ones (year of the partition month), so the sample reads like real data.
  const names = new Map(communities.map((c) => [c.id, c.name]))
  return numberInOrder(out, (id) => names.get(id) ?? id, (d) => d.id.split('~')[1].slice(0, 4))
}

const SAMPLE_STAFF = '示例数据'
const RATING_MIX: Weights<Rating> = [['satisfied', 72], ['basicallySatisfied', 21], ['dissatisfied', 7]]
const WAY_MIX: Weights<FeedbackWay> = [['phone', 60], ['visit', 25], ['wechat', 15]]

/**
 * What step 6 would have recorded for a sample demand told (反馈告知) or closed (监督评价): the
 * feedback, the follow-up with the resident's rating (or three attempts that reached nobody) and the
 * closure, at its updatedAt, so the sample's rates (满意率, 参评率, 平均办结天数) are not empty. Drawn
 * from the demand's own stream: the street's counts, channels and categories stay as they were.
 */
function evaluate(d: Demand, tz: string): void {
  const rand = mulberry32(SAMPLE_SEED ^ hash(d.id))
  const weighted = <K extends string>(w: Weights<K>): K => {
    let r = rand() * w.reduce((s, [, n]) => s + n, 0)
    for (const [k, n] of w) if ((r -= n) < 0) return k
    return w[w.length - 1][0]
  }
  const at = d.updatedAt
  d.feedback = [{ id: `${d.id}-fb1`, at, way: weighted(WAY_MIX), teller: SAMPLE_STAFF, text: '已告知居民办理结果', by: SAMPLE_STAFF, recordedAt: at }]
  if (d.status !== 'evaluated') return
  const reached = rand() >= 0.05
  d.followUps = reached
    ? [{ id: `${d.id}-fu1`, at, way: 'phone', reached: true, rating: weighted(RATING_MIX), by: SAMPLE_STAFF }]
    : [1, 2, 3].map((n) => ({ id: `${d.id}-fu${n}`, at, way: 'phone' as const, reached: false, by: SAMPLE_STAFF }))
  d.closure = closureOf(d, reached ? 'rated' : 'unreachable', at, SAMPLE_STAFF, dayOf(d.receivedAt, tz), dayOf(at, tz))
}

/** Office hours (street time) mostly; in the current month anywhere between its start and now. */
function receivedTime(start: number, end: number, current: boolean, rand: () => number, tz: string): Date {
  if (current) return new Date(start + Math.floor(rand() * (end - start)))
  const days = Math.round((end - start) / 86_400_000)
  const { year, month } = wallClockIn(new Date(start), tz)
  const day = 1 + Math.floor(rand() * days)
  return zonedTime(year, month, day, 7 + Math.floor(rand() * 14), Math.floor(rand() * 60), Math.floor(rand() * 60), tz)
}
