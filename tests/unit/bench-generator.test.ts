import { describe, expect, it } from 'vitest'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../../shared/domain/vocab'
import { dayOf, monthOf } from '../../shared/domain/month'
import { RATINGS } from '../../shared/domain/evaluation'
import { demandRatesFromRecords } from '../../shared/domain/rates'
import { daysBetween, doneOnTime } from '../../shared/domain/task'
import { tasksCollection } from '../../electron/services/tasks-collection'
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

  it('writes Chinese descriptions of about 80 characters and records of about 750 bytes (closed ones carry their closure)', () => {
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
    expect(bytes).toBeLessThan(800)
  })

  it('adds meetings, topics and tasks in proportion; tasks are records the tasks collection accepts', () => {
    for (const c of generateAll(opts)) {
      expect(c.meetings).toHaveLength(MONTHS)
      expect(c.topics.length).toBeGreaterThanOrEqual(3 * MONTHS)
      expect(c.topics.length).toBeLessThanOrEqual(6 * MONTHS)
      expect(c.tasks.length).toBeGreaterThanOrEqual(c.topics.length)
      expect(c.tasks.length).toBeLessThanOrEqual(3 * c.topics.length)
      const ids = new Set(c.demands.map((d) => d.id))
      for (const t of c.topics) for (const id of t.demandIds) expect(ids.has(id)).toBe(true)
      for (const t of c.tasks) {
        expect(tasksCollection.isRecord(t)).toBe(true)
        expect(tasksCollection.partitionOfId!(t.id)).toBe(c.community.id)
        if (t.status === 'done') expect(t.doneAt).toMatch(/\+08:00$/)
      }
      expect(new Set(c.tasks.map((t) => t.id)).size).toBe(c.tasks.length)
    }
    const tasks = generateAll(opts).flatMap((c) => c.tasks)
    const done = tasks.filter((t) => t.status === 'done')
    const onTime = done.filter((t) => doneOnTime(t, (iso) => dayOf(iso)))
    // Most tasks done, most of those by their deadline, some late: 按期办结率 is neither 0 nor 100.
    expect(done.length / tasks.length).toBeGreaterThan(0.8)
    expect(onTime.length / done.length).toBeGreaterThan(0.75)
    expect(onTime.length / done.length).toBeLessThan(0.95)
  })

  it('closes evaluated demands with a closure the derived counts take up, and no other demand', () => {
    const demands = generateAll(opts).flatMap((c) => c.demands)
    for (const d of demands) {
      if (d.status !== 'evaluated') {
        expect(d.closure).toBeUndefined()
        continue
      }
      const c = d.closure!
      expect(c.days).toBe(daysBetween(dayOf(d.receivedAt), dayOf(c.at)))
      expect(c.days).toBeGreaterThanOrEqual(1)
      if (c.outcome === 'rated') expect(RATINGS).toContain(c.rating)
      else expect(c.rating).toBeUndefined()
    }
    const rates = demandRatesFromRecords(demands)
    expect(rates.closedRecorded).toBe(rates.closed)
    expect(rates.unreachable).toBeGreaterThan(0)
    expect(rates.satisfactionRate).toBeGreaterThan(85)
    expect(rates.satisfactionRate).toBeLessThan(100)
    expect(rates.avgCloseDays).toBeGreaterThan(10)
  })

  it('reads sizes as the CLI takes them', () => {
    expect(parseSize('10k')).toBe(10_000)
    expect(parseSize('540k')).toBe(540_000)
    expect(parseSize('1500')).toBe(1_500)
    expect(() => parseSize('lots')).toThrow()
  })
})
