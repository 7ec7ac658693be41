// What closing the window would lose in the demand form (useUnloadGuard asks only then).
import { describe, expect, it } from 'vitest'
import { blank, fromDemand, hasTyped } from '../../renderer/src/components/demand/demand-form-model'
import type { DemandView } from '../../shared/domain/entities'

const stored = {
  id: 'cA~202605~abc',
  communityId: 'cA',
  channel: 'hotline',
  category: 'parking',
  reporterName: '王*',
  reporterPhone: '139****5678',
  receivedAt: '2026-05-10T09:00:00+08:00',
  description: '车位被长期占用',
  status: 'called',
  createdAt: '2026-05-10T09:01:00+08:00',
  updatedAt: '2026-05-10T09:01:00+08:00',
  revision: 1,
} as unknown as DemandView

describe('hasTyped', () => {
  it('a blank form, or one with only the remembered community and channel, has nothing to lose', () => {
    expect(hasTyped(blank())).toBe(false)
    expect(hasTyped({ ...blank(), communityId: 'cA', channel: 'hotline' })).toBe(false)
  })
  it('any text typed into a new demand would be lost', () => {
    expect(hasTyped({ ...blank(), description: '楼道灯坏了' })).toBe(true)
    expect(hasTyped({ ...blank(), reporterPhone: '13912345678' })).toBe(true)
    expect(hasTyped({ ...blank(), description: '   ' })).toBe(false)
  })
  it('an edit opened and left as it was has nothing to lose; a change has', () => {
    expect(hasTyped(fromDemand(stored), stored)).toBe(false)
    expect(hasTyped({ ...fromDemand(stored), description: '车位被长期占用，已三周' }, stored)).toBe(true)
  })
})
