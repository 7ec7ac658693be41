// After a CONFLICT the user's edit is put on top of the latest record: nothing typed is lost, and
// the fields the other change touched are named.
import { describe, expect, it } from 'vitest'
import { rebaseEdit, sameValue } from '../../shared/domain/edit-rebase'

describe('rebaseEdit', () => {
  const base = { title: '清理北门僵尸车', owner: '赵经理', unit: '', deadline: '2026-06-01' }

  it('keeps what the user changed and takes the rest from the latest record', () => {
    const mine = { ...base, owner: '张经理' }
    const latest = { ...base, title: '清理北门全部僵尸车', deadline: '2026-06-05' }
    const r = rebaseEdit(base, mine, latest)
    expect(r.model).toEqual({ title: '清理北门全部僵尸车', owner: '张经理', unit: '', deadline: '2026-06-05' })
    expect(r.theirs).toEqual(['title', 'deadline'])
    expect(r.both).toEqual([])
  })

  it('a field both changed keeps the user’s value and is named as changed by both', () => {
    const r = rebaseEdit(base, { ...base, owner: '张经理' }, { ...base, owner: '刘建国' })
    expect(r.model.owner).toBe('张经理')
    expect(r.theirs).toEqual(['owner'])
    expect(r.both).toEqual(['owner'])
  })

  it('the same change on both sides is no collision', () => {
    const r = rebaseEdit(base, { ...base, owner: '刘建国' }, { ...base, owner: '刘建国' })
    expect(r.theirs).toEqual(['owner'])
    expect(r.both).toEqual([])
  })

  it('compares rows by value and copies the user’s rows', () => {
    const b = { name: '七口堰社区', grids: [{ id: 'g1', name: '第一网格' }] }
    const mine = { ...b, grids: [{ id: 'g1', name: '第一网格' }, { name: '第三网格' }] }
    const latest = { name: '七口堰社区（新）', grids: [{ id: 'g1', name: '第一网格' }] }
    const r = rebaseEdit(b, mine, latest)
    expect(r.model).toEqual({ name: '七口堰社区（新）', grids: [{ id: 'g1', name: '第一网格' }, { name: '第三网格' }] })
    expect(r.model.grids).not.toBe(mine.grids)
    expect(r.theirs).toEqual(['name'])
  })

  it('compares dates by their moment and keeps the user’s as a date', () => {
    const b = { receivedAt: new Date('2026-05-18T09:00:00+08:00'), description: '路灯不亮' }
    const r = rebaseEdit(b, { ...b, receivedAt: new Date('2026-05-18T08:00:00+08:00') }, { receivedAt: new Date('2026-05-18T09:00:00+08:00'), description: '北门路灯不亮' })
    expect(r.model.receivedAt).toBeInstanceOf(Date)
    expect(r.model.receivedAt.toISOString()).toBe('2026-05-18T00:00:00.000Z')
    expect(r.theirs).toEqual(['description'])
  })

  it('treats a missing value and null alike', () => {
    expect(sameValue(undefined, null)).toBe(true)
    expect(sameValue('', null)).toBe(false)
  })
})
