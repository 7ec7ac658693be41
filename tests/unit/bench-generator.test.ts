import { describe, expect, it } from 'vitest'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../../shared/domain/vocab'
import { monthOf } from '../../shared/domain/month'
import { parseDemandId } from '../../electron/data/paths'
import { demandSchema } from '../../electron/data/file-schemas'
import {
  MAX_PER_COMMUNITY_MONTH,
  MONTHS,
  apportion,
  generateAll,
  length,
  monthlyCounts,
  parseSize,
} from '../bench/generator'

const opts = { size: 3_000, seed: 42, endMonth: '2026-10' }

describe('bench data generator', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const a = generateAll(opts)
    const b = generateAll(opts)
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    const c = generateAll({ ...opts, seed: 43 })
    expect(JSON.stringify(c.map((x) => x.demands))).not.toBe(JSON.stringify(a.map((x) => x.demands)))
  })

  it('produces exactly the size asked for, over 15 communities × 120 months ending at endMonth', () => {
    const all = generateAll(opts)
    expect(all).toHaveLength(15)
    expect(all.reduce((s, c) => s + c.demands.length, 0)).toBe(3_000)
    const months = new Set(all.flatMap((c) => c.demands.map((d) => monthOf(d.receivedAt))))
    expect([...months].sort().at(-1)).toBe('2026-10')
    expect([...months].sort()[0]).toBe('2016-11')
  })

  it('never puts more than 300 demands in one community-month, and fills all of them at 540k', () => {
    const full = monthlyCounts({ ...opts, size: 540_000 })
    for (const counts of full.values()) {
      expect(counts).toHaveLength(MONTHS)
      expect(counts.every((n) => n === MAX_PER_COMMUNITY_MONTH)).toBe(true)
    }
    const mid = monthlyCounts({ ...opts, size: 100_000 })
    const flat = [...mid.values()].flat()
    expect(flat.reduce((s, n) => s + n, 0)).toBe(100_000)
    expect(Math.max(...flat)).toBeLessThanOrEqual(MAX_PER_COMMUNITY_MONTH)
    expect(Math.min(...flat)).toBeGreaterThan(0)
    expect(() => monthlyCounts({ ...opts, size: 540_001 })).toThrow()
  })

  it('apportions with a cap and hands out the remainder exactly', () => {
    expect(apportion(10, [1, 1, 1], 100)).toEqual([4, 3, 3])
    expect(apportion(12, [10, 1, 1], 5)).toEqual([5, 4, 3])
    expect(apportion(15, [10, 1, 1], 5)).toEqual([5, 5, 5])
  })

  it('writes demands the data layer accepts, with ids naming their partition', () => {
    for (const c of generateAll(opts)) {
      for (const d of c.demands) {
        expect(demandSchema.safeParse(d).success).toBe(true)
        expect(parseDemandId(d.id)).toEqual({ communityId: c.community.id, month: monthOf(d.receivedAt) })
        expect(d.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
        expect(DEMAND_CHANNELS).toContain(d.channel)
        expect(DEMAND_CATEGORIES).toContain(d.category)
        expect(DEMAND_STATUSES).toContain(d.status)
        if (d.reporterPhone) expect(d.reporterPhone).toMatch(/^1\d{10}$/)
      }
      const ids = c.demands.map((d) => d.id)
      expect(new Set(ids).size).toBe(ids.length)
    }
  })

  it('writes Chinese descriptions of about 80 characters and records of about 600 bytes', () => {
    const demands = generateAll(opts).flatMap((c) => c.demands)
    const lengths = demands.map((d) => length(d.description))
    const mean = lengths.reduce((s, n) => s + n, 0) / lengths.length
    expect(mean).toBeGreaterThan(72)
    expect(mean).toBeLessThan(88)
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(60)
    expect(Math.max(...lengths)).toBeLessThanOrEqual(110)
    const han = (t: string) => t.match(/[\u4e00-\u9fff]/g)?.length ?? 0
    expect(demands.every((d) => han(d.description) >= 0.8 * length(d.description))).toBe(true)
    const bytes = Buffer.byteLength(JSON.stringify(demands)) / demands.length
    expect(bytes).toBeGreaterThan(500)
    expect(bytes).toBeLessThan(700)
  })

  it('adds meetings, topics, tasks and ratings in proportion', () => {
    for (const c of generateAll(opts)) {
      expect(c.meetings).toHaveLength(MONTHS)
      expect(c.topics.length).toBeGreaterThanOrEqual(3 * MONTHS)
      expect(c.topics.length).toBeLessThanOrEqual(6 * MONTHS)
      expect(c.tasks.length).toBeGreaterThanOrEqual(c.topics.length)
      expect(c.tasks.length).toBeLessThanOrEqual(3 * c.topics.length)
      const closed = c.demands.filter((d) => d.status === 'evaluated').map((d) => d.id)
      expect(c.ratings.map((r) => r.demandId).sort()).toEqual(closed.sort())
      const ids = new Set(c.demands.map((d) => d.id))
      for (const t of c.topics) for (const id of t.demandIds) expect(ids.has(id)).toBe(true)
    }
  })

  it('reads sizes as the CLI takes them', () => {
    expect(parseSize('10k')).toBe(10_000)
    expect(parseSize('540k')).toBe(540_000)
    expect(parseSize('1500')).toBe(1_500)
    expect(() => parseSize('lots')).toThrow()
  })
})
