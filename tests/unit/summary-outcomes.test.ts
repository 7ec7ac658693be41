// summary.json keeps each month's outcomes (ratings, days to closure) only where there are some,
// and files written before outcomes existed read as before.
import { describe, expect, it } from 'vitest'
import type { MonthCounts } from '../../shared/domain/entities'
import { decodeSummary, encodeSummary, emptySummary } from '../../electron/data/summary-file'

/** summary.json (v4) as JSON.parse reads the whole file. */
interface SummaryObject {
  vocab: { outcomes?: string[] }
  counts: Record<string, Record<string, unknown[]>>
}

const month = (over: Partial<MonthCounts> = {}): MonthCounts => ({ total: 3, byCategory: { parking: 3 }, byChannel: { hotline: 3 }, byStatus: { evaluated: 2, handling: 1 }, ...over })

describe('summary outcomes', () => {
  it('round-trips months with and without outcomes; a month without writes the short form', () => {
    const state = emptySummary()
    state.counts.cA = {
      '2026-04': month(),
      '2026-05': month({ outcomes: { satisfied: 1, unreachable: 1, closedTimed: 2, closeDays: 17 } }),
    }
    const file = JSON.parse(encodeSummary(state)) as SummaryObject
    expect(file.vocab.outcomes).toEqual(['satisfied', 'basicallySatisfied', 'dissatisfied', 'unreachable', 'closedTimed', 'closeDays'])
    const packed = file.counts.cA
    expect(packed['2026-04']).toHaveLength(4)
    expect(packed['2026-05'][4]).toEqual([1, 0, 0, 1, 2, 17])
    expect(decodeSummary(file)?.state.counts.cA).toEqual(state.counts.cA)
  })

  it('a file without any outcomes has no outcomes vocabulary and reads back the same', () => {
    const state = emptySummary()
    state.counts.cA = { '2026-04': month() }
    const file = JSON.parse(encodeSummary(state)) as SummaryObject
    expect(file.vocab.outcomes).toBeUndefined()
    expect(decodeSummary(file)?.state.counts.cA).toEqual(state.counts.cA)
  })

  it('a five-element month in a file without the outcomes vocabulary is damaged (recounted), not misread', () => {
    const state = emptySummary()
    state.counts.cA = { '2026-04': month() }
    const file = JSON.parse(encodeSummary(state)) as SummaryObject
    file.counts.cA['2026-04'].push([1, 0, 0, 0, 1, 3])
    expect(decodeSummary(file)).toBeNull()
  })
})
