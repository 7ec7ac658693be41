import { describe, expect, it } from 'vitest'
import { communityCreateInput, communityUpdateInput, toValidationError, type InputOf } from '../../shared/contract'

const valid = (): InputOf<'community:create'> => ({
  name: '七口堰社区',
  households: 7220,
  grids: [{ name: '第一网格' }, { name: '第二网格' }],
  compounds: [
    { name: '丽景花园', gridIndex: 0 },
    { name: '江城名都', gridName: '第二网格' },
  ],
})

function fieldsOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const r = schema.safeParse(value)
  expect(r.success).toBe(false)
  return toValidationError(r.error as never).fields ?? {}
}

describe('community:create schema', () => {
  it('accepts a community, trims names, and defaults the lists to empty', () => {
    expect(communityCreateInput.safeParse(valid()).success).toBe(true)
    const parsed = communityCreateInput.parse({ name: '  团结路社区 ' })
    expect(parsed).toEqual({ name: '团结路社区', grids: [], compounds: [] })
  })

  it('requires a name of at most 20 characters', () => {
    expect(fieldsOf(communityCreateInput, { ...valid(), name: '  ' })).toEqual({ name: '请填写社区名称' })
    const { name: _, ...rest } = valid()
    expect(fieldsOf(communityCreateInput, rest)).toEqual({ name: '请填写社区名称' })
    expect(fieldsOf(communityCreateInput, { ...valid(), name: '社'.repeat(21) })).toEqual({
      name: '社区名称不能超过 20 个字',
    })
    expect(communityCreateInput.safeParse({ ...valid(), name: '社'.repeat(20) }).success).toBe(true)
  })

  it('takes households as a whole number from 0 to 100000', () => {
    for (const households of [-1, 1.5, 100_001, '7220', NaN]) {
      expect(fieldsOf(communityCreateInput, { ...valid(), households })).toEqual({
        households: '户数须为 0–100000 的整数',
      })
    }
    for (const households of [0, 100_000]) {
      expect(communityCreateInput.safeParse({ ...valid(), households }).success).toBe(true)
    }
  })

  it('reports the row of a blank or duplicate grid or compound name', () => {
    expect(fieldsOf(communityCreateInput, { ...valid(), grids: [{ name: '第一网格' }, { name: ' ' }], compounds: [] })).toEqual({
      'grids.1.name': '请填写网格名称',
    })
    expect(
      fieldsOf(communityCreateInput, {
        ...valid(),
        compounds: [{ name: '丽景花园' }, { name: '江城名都' }, { name: '丽景花园 ' }],
      }),
    ).toEqual({ 'compounds.2.name': '小区名称重复：丽景花园' })
    expect(fieldsOf(communityCreateInput, { ...valid(), grids: [{ name: '第一网格' }, { name: '第一网格' }], compounds: [] })).toEqual({
      'grids.1.name': '网格名称重复：第一网格',
    })
  })

  it('checks a compound’s grid against the grids sent', () => {
    expect(fieldsOf(communityCreateInput, { ...valid(), compounds: [{ name: '丽景花园', gridIndex: 2 }] })).toEqual({
      'compounds.0.gridIndex': '所选网格不存在',
    })
    expect(fieldsOf(communityCreateInput, { ...valid(), compounds: [{ name: '丽景花园', gridName: '第九网格' }] })).toEqual(
      { 'compounds.0.gridName': '网格不存在：第九网格' },
    )
    expect(
      fieldsOf(communityCreateInput, { ...valid(), compounds: [{ name: '丽景花园', gridIndex: 0, gridName: '第一网格' }] }),
    ).toEqual({ 'compounds.0.gridIndex': '所属网格只能按序号或名称指定其一' })
  })

  it('refuses ids on new rows and unknown fields', () => {
    expect(fieldsOf(communityCreateInput, { ...valid(), grids: [{ id: 'g1', name: '第一网格' }] })['grids.0']).toMatch(
      /不支持的字段：id/,
    )
    expect(fieldsOf(communityCreateInput, { ...valid(), sample: true })._).toMatch(/不支持的字段：sample/)
  })
})

describe('community:update schema', () => {
  it('accepts renames with ids and new rows without', () => {
    const r = communityUpdateInput.safeParse({
      id: 'c-1',
      revision: 2,
      patch: {
        name: '新名称社区',
        households: null,
        grids: [{ id: 'g1', name: '一网格' }, { name: '新网格' }],
        compounds: [{ id: 'p1', name: '丽景花园', gridIndex: 1 }],
      },
    })
    expect(r.success).toBe(true)
  })

  it('reports rows under patch and refuses an empty patch', () => {
    expect(
      fieldsOf(communityUpdateInput, { id: 'c-1', revision: 1, patch: { compounds: [{ id: 'p1', name: '甲' }, { name: '甲' }] } }),
    ).toEqual({ 'patch.compounds.1.name': '小区名称重复：甲' })
    expect(fieldsOf(communityUpdateInput, { id: 'c-1', revision: 1, patch: { grids: [{ id: 'g1', name: 'a' }, { id: 'g1', name: 'b' }] } }))
      .toEqual({ 'patch.grids.1.id': '网格重复出现' })
    expect(fieldsOf(communityUpdateInput, { id: 'c-1', revision: 1, patch: {} })).toEqual({ patch: '没有要修改的内容' })
    expect(fieldsOf(communityUpdateInput, { id: '', revision: 1, patch: { name: '甲社区' } })).toEqual({ id: '请选择社区' })
    expect(fieldsOf(communityUpdateInput, { id: 'c-1', revision: 1, patch: { households: 100_001 } })).toEqual({
      'patch.households': '户数须为 0–100000 的整数',
    })
  })
})
