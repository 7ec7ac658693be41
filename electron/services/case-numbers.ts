// Case numbers (七口堰-2026-0042): one counter per community and year in `case-counters.json`, a
// collection registered by openBackend (backed up and restored with the demands).
//
// Allocation: the counter is advanced and saved durably BEFORE the demands that use its numbers
// are written, so a number is never given out twice; a write that fails (or a crash) after that
// leaves a gap, which is allowed. Counters only grow, so a deleted demand's number is not reused.
// A counter is never trusted below the highest number already stored in that community-year
// (e.g. a counters file restored from an older backup after its own damage).
//
// Demands from before case numbers (older data files) get theirs on first read ("backfill"): all
// of a community-year's demands without one, in order of (receivedAt, id), numbered after the
// highest number that year; counter first, then one write per partition. Deterministic for a
// given state; a crash in between leaves a gap and the next read numbers the rest. Like a file
// migration, this keeps the records' revisions (an edit read before it is not stale).
import type { Community, Demand } from '../../shared/domain/entities'
import { formatCaseNo, parseCaseNo } from '../../shared/domain/case-number'
import type { Collection, CollectionDescriptor, Database } from '../data'
import { parseDemandId, wrapLegacyArray } from '../data'

export const CASE_COUNTERS_COLLECTION = 'case-counters'
export const CASE_COUNTERS_FILE = 'case-counters.json'

export interface CaseCounter {
  /** `<communityId>:<YYYY>` */
  id: string
  /** The next sequence number to give out. */
  next: number
  revision: number
}

function isCounter(r: unknown): boolean {
  const c = r as Partial<CaseCounter> | null
  return !!c && typeof c.id === 'string' && /^[^:]+:\d{4}$/.test(c.id) && typeof c.next === 'number' && Number.isInteger(c.next) && c.next >= 1
}

export const caseCountersCollection: CollectionDescriptor<CaseCounter> = {
  name: CASE_COUNTERS_COLLECTION,
  label: '案件编号计数',
  layout: { file: CASE_COUNTERS_FILE },
  partitionOf: () => '',
  partitionOfId: () => '',
  migrations: [wrapLegacyArray('items')],
  isRecord: isCounter,
  preload: true,
}

interface CounterStore {
  get(id: string): Promise<CaseCounter | undefined>
  save(c: Omit<CaseCounter, 'revision'> & { revision?: number }): Promise<void>
}

function counterStore(db: Pick<Database, 'collection'>): CounterStore {
  let coll: Collection<CaseCounter>
  try {
    coll = db.collection<CaseCounter>(CASE_COUNTERS_COLLECTION)
  } catch {
    // Databases opened without the collection (service tests on the built-ins only): memory.
    const rows = new Map<string, CaseCounter>()
    return {
      get: async (id) => (rows.has(id) ? { ...rows.get(id)! } : undefined),
      save: async (c) => void rows.set(c.id, { ...c, revision: (rows.get(c.id)?.revision ?? 0) + 1 }),
    }
  }
  return { get: (id) => coll.get(id), save: async (c) => void (await coll.save(c)) }
}

export interface CaseNumbers {
  /**
   * Reserves `count` consecutive numbers for a community and year (durably) and returns the
   * first. Demands of that year stored without a number are numbered first.
   */
  reserve(community: Community, year: string, count: number): Promise<number>
  /** Numbers the stored demands of a community-year that have none (see the top of this file). */
  backfill(communityId: string, year: string): Promise<void>
}

const counterId = (communityId: string, year: string) => `${communityId}:${year}`

export function createCaseNumbers(db: Database): CaseNumbers {
  const counters = counterStore(db)
  /** Counters checked against the stored case numbers in this session. */
  const checked = new Set<string>()
  // One allocation at a time: the counter's read-advance-save must not interleave.
  let tail: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => undefined)
    return run
  }

  async function yearDemands(communityId: string, year: string): Promise<Demand[]> {
    const months = Object.keys(db.countsOf(communityId)).filter((m) => m.startsWith(`${year}-`))
    const out: Demand[] = []
    for (const m of months) out.push(...(await db.readPartition(communityId, m)))
    return out
  }

  function maxStored(all: readonly Demand[], year: string): number {
    let max = 0
    for (const d of all) {
      const parsed = d.caseNo ? parseCaseNo(d.caseNo) : null
      if (parsed && String(parsed.year) === year) max = Math.max(max, parsed.seq)
    }
    return max
  }

  /** Numbers the year's unnumbered demands; returns the next free number (counter saved). */
  async function backfillNow(communityId: string, year: string): Promise<number> {
    const community = db.community(communityId)
    const all = community ? await yearDemands(communityId, year) : []
    const max = maxStored(all, year)
    const counter = await counters.get(counterId(communityId, year))
    const start = Math.max(counter?.next ?? 1, max + 1)
    const missing = all.filter((d) => !d.caseNo).sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const next = start + missing.length
    if (counter?.next !== next) await counters.save({ id: counterId(communityId, year), next })
    if (missing.length && community) {
      await db.putDemands(missing.map((d, i) => ({ ...d, caseNo: formatCaseNo(community.name, year, start + i) })), { mode: 'replace', keepRevision: true })
    }
    return next
  }

  return {
    reserve: (community, year, count) =>
      serial(async () => {
        const id = counterId(community.id, year)
        const counter = await counters.get(id)
        // First number of this community-year: number older records first, never below them.
        // A counter read for the first time this session is checked against the stored numbers
        // too: case-counters.json restored from an older backup (damaged file) must not give a
        // number out twice. Later calls trust it (every reservation goes through here).
        let first: number
        if (!counter) first = await backfillNow(community.id, year)
        else if (checked.has(id)) first = counter.next
        else first = Math.max(counter.next, maxStored(await yearDemands(community.id, year), year) + 1)
        checked.add(id)
        await counters.save({ id, next: first + count })
        return first
      }),
    backfill: (communityId, year) => serial(async () => void (await backfillNow(communityId, year))),
  }
}

/** The community-years (`<communityId>:<YYYY>`) of demands that still lack a case number. */
export function unnumbered(demands: readonly Pick<Demand, 'id' | 'caseNo'>[]): Array<{ communityId: string; year: string }> {
  const seen = new Map<string, { communityId: string; year: string }>()
  for (const d of demands) {
    if (d.caseNo) continue
    const at = parseDemandId(d.id)
    if (at) seen.set(`${at.communityId}:${at.month.slice(0, 4)}`, { communityId: at.communityId, year: at.month.slice(0, 4) })
  }
  return [...seen.values()]
}
