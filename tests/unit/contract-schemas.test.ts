import { describe, expect, it } from 'vitest'
import {
  demandCreateInput,
  demandListInput,
  demandUpdateInput,
  streetStatsInput,
  toValidationError,
  trendInput,
  type InputOf,
} from '../../shared/contract'

const valid = (): InputOf<'demand:create'> => ({
  communityId: 'mjd-qikouyan',
  channel: 'hotline',
  category: 'facilities',
  reporterName: '王芳',
  reporterPhone: '13812345678',
  receivedAt: '2026-01-10T09:30:00+08:00',
  description: '3栋楼道灯不亮，夜间出行不便',
})

function fieldsOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const r = schema.safeParse(value)
  expect(r.success).toBe(false)
  return toValidationError(r.error as never).fields ?? {}
}

describe('demand:create schema', () => {
  it('accepts a valid demand', () => {
    expect(demandCreateInput.safeParse(valid()).success).toBe(true)
  })

  it('rejects a missing community in zh-CN', () => {
    const { communityId: _, ...rest } = valid()
    expect(fieldsOf(demandCreateInput, rest)).toEqual({ communityId: '请选择社区' })
    expect(fieldsOf(demandCreateInput, { ...valid(), communityId: '' })).toEqual({ communityId: '请选择社区' })
  })

  it('rejects a phone that is not 11 digits', () => {
    for (const phone of ['1381234567', '138123456789', '138-1234-567']) {
      expect(fieldsOf(demandCreateInput, { ...valid(), reporterPhone: phone })).toEqual({
        reporterPhone: '联系电话须为 11 位手机号码（以 1 开头）',
      })
    }
    // Neither a mobile nor a landline with an area code (shared/domain/phone.ts).
    expect(fieldsOf(demandCreateInput, { ...valid(), reporterPhone: '23812345678' })).toEqual({
      reporterPhone: '联系电话须为 11 位手机号码，或带区号的固定电话（如 0717-4214580）',
    })
  })

  it('leaves the future check to the service (its injected clock); passes a time without offset through for the service to read in the street zone', () => {
    const future = new Date(Date.now() + 24 * 3600_000).toISOString()
    expect(demandCreateInput.safeParse({ ...valid(), receivedAt: future }).success).toBe(true)
    // The street's zone is a setting the schema cannot read (tests/integration/street-time-zone.test.ts).
    expect(demandCreateInput.parse({ ...valid(), receivedAt: '2025-04-01T00:30' }).receivedAt).toBe('2025-04-01T00:30')
    expect(fieldsOf(demandCreateInput, { ...valid(), receivedAt: '1999-12-31T23:59' })).toEqual({ receivedAt: '受理时间不能早于 2000 年' })
    expect(demandCreateInput.parse({ ...valid(), receivedAt: '2025-03-31T16:30:00Z' }).receivedAt).toBe('2025-03-31T16:30:00Z')
    expect(fieldsOf(demandCreateInput, { ...valid(), receivedAt: '2025-04-01' })).toEqual({ receivedAt: '受理时间格式无效' })
  })

  it('rejects a description over 1000 characters, and accepts exactly 1000', () => {
    expect(fieldsOf(demandCreateInput, { ...valid(), description: '灯'.repeat(1001) })).toEqual({
      description: '诉求内容不能超过 1000 字',
    })
    expect(demandCreateInput.safeParse({ ...valid(), description: '灯'.repeat(1000) }).success).toBe(true)
  })

  it('rejects unknown keys', () => {
    const err = toValidationError(demandCreateInput.safeParse({ ...valid(), isAdmin: true }).error!)
    expect(err.code).toBe('VALIDATION')
    expect(err.fields).toEqual({ _: '包含不支持的字段：isAdmin' })
  })

  it('collects one zh-CN message per field', () => {
    const fields = fieldsOf(demandCreateInput, { ...valid(), reporterName: ' ', category: 'x', channel: undefined })
    expect(fields).toEqual({
      reporterName: '请填写反映人姓名',
      category: '请选择诉求类别',
      channel: '请选择诉求来源渠道',
    })
  })
})

describe('other schemas', () => {
  it('demand:update rejects an empty patch and unknown fields; another community is a correction (the record moves)', () => {
    expect(fieldsOf(demandUpdateInput, { id: 'x', revision: 1, patch: {} })).toEqual({ patch: '没有要修改的内容' })
    expect(fieldsOf(demandUpdateInput, { id: 'x', revision: 1, patch: { caseNo: '七口堰-2026-0001' } })).toEqual({
      patch: '包含不支持的字段：caseNo',
    })
    expect(demandUpdateInput.parse({ id: 'x', revision: 1, patch: { communityId: 'other', householdUnit: '' } }).patch).toEqual({
      communityId: 'other',
      householdUnit: '',
    })
  })

  it('demand:list fills paging defaults and caps the page size', () => {
    expect(demandListInput.parse({})).toEqual({ page: 1, pageSize: 20 })
    expect(fieldsOf(demandListInput, { pageSize: 500 })).toEqual({ pageSize: '每页最多 200 条' })
    expect(fieldsOf(demandListInput, { month: '2026-13' })).toEqual({ month: '月份须为“年-月”格式，如 2026-05' })
  })

  it('stats:petitionTrend rejects a reversed range', () => {
    expect(fieldsOf(trendInput, { communityId: 'c', from: '2026-05', to: '2026-01' })).toEqual({
      from: '起始月份不能晚于截止月份',
    })
  })
})

describe('stats:street schema', () => {
  it('takes a preset or a range, with defaults for the rest', () => {
    expect(streetStatsInput.parse({ preset: 'yearToDate' })).toEqual({ preset: 'yearToDate', granularity: 'month', rankBy: 'petitions', order: 'desc', sentences: 'yoy' })
    expect(streetStatsInput.parse({ from: '2025-01', to: '2025-06', granularity: 'quarter' })).toMatchObject({ from: '2025-01', to: '2025-06', granularity: 'quarter' })
  })

  it('refuses both, neither, half a range, a reversed or over-long one, an empty selection', () => {
    const oneOf = { preset: '请选择预设区间，或填写起始和截止月份（二选一）' }
    expect(fieldsOf(streetStatsInput, {})).toEqual(oneOf)
    expect(fieldsOf(streetStatsInput, { preset: 'thisMonth', from: '2025-01', to: '2025-02' })).toEqual(oneOf)
    expect(fieldsOf(streetStatsInput, { from: '2025-01' })).toEqual(oneOf)
    expect(fieldsOf(streetStatsInput, { preset: 'thisMonth', to: '2025-02' })).toEqual(oneOf)
    expect(fieldsOf(streetStatsInput, { from: '2025-06', to: '2025-01' })).toEqual({ from: '起始月份不能晚于截止月份' })
    expect(fieldsOf(streetStatsInput, { from: '2015-01', to: '2025-01' })).toEqual({ to: '统计区间最长 10 年' })
    expect(fieldsOf(streetStatsInput, { from: '0000-01', to: '0000-06' })).toEqual({ from: '起始月份不能早于 1900 年' })
    expect(fieldsOf(streetStatsInput, { preset: 'lastWeek' })).toEqual({ preset: '统计区间无效' })
    expect(fieldsOf(streetStatsInput, { preset: 'thisMonth', communityIds: [] })).toEqual({ communityIds: '请至少选择一个社区' })
    expect(fieldsOf(streetStatsInput, { preset: 'thisMonth', rankBy: 'households' })).toEqual({ rankBy: '排名依据无效' })
  })
})

describe('contract by area', () => {
  it('keeps the zod-free channel list equal to the contract', async () => {
    const { CHANNEL_NAMES } = await import('../../shared/contract/channels')
    const { contract } = await import('../../shared/contract')
    expect([...CHANNEL_NAMES]).toEqual(Object.keys(contract))
  })

  it('runs zod jitless, so no eval probe meets the renderer CSP', async () => {
    const { z } = await import('zod')
    await import('../../shared/contract')
    expect(z.config().jitless).toBe(true)
  })

  it('requires the revision the editor read on update and delete, in zh-CN', async () => {
    const { demandDeleteInput, communityUpdateInput } = await import('../../shared/contract')
    expect(fieldsOf(demandUpdateInput, { id: 'd', patch: { description: 'x' } })).toEqual({ revision: '缺少记录版本号，请刷新后重试' })
    expect(fieldsOf(demandDeleteInput, { id: 'd', revision: 0, reason: '重复' })).toEqual({ revision: '记录版本号无效，请刷新后重试' })
    expect(fieldsOf(communityUpdateInput, { id: 'c', revision: 1.5, patch: { name: '甲' } })).toEqual({ revision: '记录版本号无效，请刷新后重试' })
    expect(demandUpdateInput.safeParse({ id: 'd', revision: 3, patch: { description: 'x' } }).success).toBe(true)
  })
})
