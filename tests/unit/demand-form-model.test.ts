// The demand form's model: what closing the window would lose (useUnloadGuard asks only then), and
// 受理时间 on the street's clock whatever zone the computer is set to.
import { describe, expect, it } from 'vitest'
import { blank, createInput, fromDemand, hasTyped, patchOf } from '../../renderer/src/components/demand/demand-form-model'
import type { DemandView } from '../../shared/domain/entities'

const CHINA = 'Asia/Shanghai'

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
    expect(hasTyped(blank(CHINA), CHINA)).toBe(false)
    expect(hasTyped({ ...blank(CHINA), communityId: 'cA', channel: 'hotline' }, CHINA)).toBe(false)
  })
  it('any text typed into a new demand would be lost', () => {
    expect(hasTyped({ ...blank(CHINA), description: '楼道灯坏了' }, CHINA)).toBe(true)
    expect(hasTyped({ ...blank(CHINA), reporterPhone: '13912345678' }, CHINA)).toBe(true)
    expect(hasTyped({ ...blank(CHINA), description: '   ' }, CHINA)).toBe(false)
  })
  it('an edit opened and left as it was has nothing to lose; a change has', () => {
    expect(hasTyped(fromDemand(stored, CHINA), CHINA, stored)).toBe(false)
    expect(hasTyped({ ...fromDemand(stored, CHINA), description: '车位被长期占用，已三周' }, CHINA, stored)).toBe(true)
  })
})

describe('受理时间 on the street clock', () => {
  // 16:30 UTC on 31 March is 00:30 on 1 April in China: the day and the month differ from UTC's.
  const instant = new Date('2026-03-31T16:30:05Z')

  it('a new form starts at now on the street clock, not the computer clock', () => {
    expect(blank(CHINA, instant).receivedAt).toBe('2026-04-01T00:30:05')
    expect(blank('America/New_York', instant).receivedAt).toBe('2026-03-31T12:30:05')
  })

  it('a stored time is shown as the street clock reads it, whatever offset it was written with', () => {
    expect(fromDemand({ ...stored, receivedAt: '2026-03-31T16:30:00Z' }, CHINA).receivedAt).toBe('2026-04-01T00:30:00')
    expect(fromDemand(stored, CHINA).receivedAt).toBe('2026-05-10T09:00:00')
  })

  it('what the picker holds is sent with the street offset', () => {
    const model = { ...blank(CHINA, instant), communityId: 'cA', channel: 'hotline' as const, category: 'parking' as const, reporterName: '王秀兰', description: '楼道灯坏了' }
    expect(createInput(model, CHINA).receivedAt).toBe('2026-04-01T00:30:05+08:00')
    expect(createInput({ ...model, receivedAt: '' }, CHINA)).not.toHaveProperty('receivedAt')
  })

  it('an edit sends 受理时间 only when its minute changed on the street clock; a cleared one is named', () => {
    const opened = fromDemand(stored, CHINA)
    expect(patchOf(opened, stored, CHINA)).toEqual({})
    // seconds are not shown: a stored time with seconds is unchanged while its minute is
    expect(patchOf(fromDemand({ ...stored, receivedAt: '2026-05-10T09:00:40+08:00' }, CHINA), { ...stored, receivedAt: '2026-05-10T09:00:40+08:00' }, CHINA)).toEqual({})
    expect(patchOf({ ...opened, receivedAt: '2026-05-10T08:15:00' }, stored, CHINA)).toEqual({ receivedAt: '2026-05-10T08:15:00+08:00' })
    expect(patchOf({ ...opened, receivedAt: '' }, stored, CHINA)).toEqual({ receivedAt: '' })
  })
})
