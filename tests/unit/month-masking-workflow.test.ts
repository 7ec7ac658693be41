import { describe, expect, it } from 'vitest'
import { addMonths, currentMonth, isMonth, monthOf, monthRange, toLocalIso } from '../../shared/domain/month'
import { maskAddress, maskName, maskPhone } from '../../shared/domain/masking'
import { canMove, followTopic, isClosed, nextStatuses } from '../../shared/domain/demand-workflow'
import { DEMAND_STATUSES } from '../../shared/domain/vocab'

describe('months', () => {
  it('validates YYYY-MM', () => {
    expect(isMonth('2026-05')).toBe(true)
    expect(isMonth('2026-13')).toBe(false)
    expect(isMonth('2026-5')).toBe(false)
    expect(isMonth('2026-00')).toBe(false)
    // The same answers as the pattern it replaced, on near misses too
    const pattern = /^(\d{4})-(0[1-9]|1[0-2])$/
    const samples = ['0000-01', '9999-12', '2026-10', '2026-1a', '20a6-05', ' 2026-05', '2026-05 ', '2026/05', '２０２６-05', '2026-05\n', '', '2026-', '2026-012']
    for (const s of samples) expect(isMonth(s), s).toBe(pattern.test(s))
  })

  it('adds months across year boundaries', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-05', -24)).toBe('2024-05')
    expect(addMonths('2026-05', 0)).toBe('2026-05')
  })

  it('lists an inclusive range', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(monthRange('2026-02', '2026-01')).toEqual([])
  })

  it('takes the month in the street, whatever offset a time was written with', () => {
    expect(monthOf('2026-01-31T23:30:00+08:00')).toBe('2026-01')
    expect(monthOf('2026-01-31T16:05:00Z')).toBe('2026-02') // 00:05 on 1 February in China
    const d = new Date(2026, 0, 31, 23, 30) // machine wall clock, any zone
    expect(toLocalIso(d)).toMatch(/^2026-01-31T23:30:00[+-]\d{2}:\d{2}$/)
    expect(monthOf(toLocalIso(d))).toBe(monthOf(d.toISOString()))
  })

  it('says which month it is now in the street, not on the machine', () => {
    // 16:05 UTC on 30 November is 00:05 on 1 December in China: the dashboard's window ends there.
    expect(currentMonth(new Date('2026-11-30T16:05:00Z'))).toBe('2026-12')
    expect(currentMonth(new Date('2026-11-30T15:55:00Z'))).toBe('2026-11')
    expect(currentMonth(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01')
  })
})

describe('masking', () => {
  it('masks mobile numbers as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone(undefined)).toBe('')
    expect(maskPhone('0717-421')).toBe('********')
  })
  it('masks names keeping the surname', () => {
    expect(maskName('张三丰')).toBe('张**')
    expect(maskName('李')).toBe('*')
    expect(maskName('')).toBe('')
  })
  it('keeps the road or compound name of an address and hides every number, one * per digit', () => {
    expect(maskAddress('李家村25号')).toBe('李家村**号')
    expect(maskAddress('建设路1号院')).toBe('建设路*号院')
    expect(maskAddress('5栋2单元301')).toBe('*栋*单元***')
    expect(maskAddress('幸福小区3栋1单元502室')).toBe('幸福小区*栋*单元***室')
    expect(maskAddress('幸福小区１２栋')).toBe('幸福小区**栋') // full-width digits
    expect(maskAddress('三栋二单元五〇二室')).toBe('*栋*单元***室') // Chinese numerals on 栋/单元/室
    expect(maskAddress('十二号楼三层')).toBe('**号楼*层')
    expect(maskAddress('五一路3号')).toBe('五一路*号') // a road's name is not a number
    expect(maskAddress('十里铺村')).toBe('十里铺村')
    expect(maskAddress('A座1203')).toBe('*座****')
    expect(maskAddress('3B栋502')).toBe('**栋***')
    expect(maskAddress('5-2-301')).toBe('*-*-***')
    expect(maskAddress(undefined)).toBe('')
    expect(maskAddress('')).toBe('')
  })
})

describe('demand workflow', () => {
  it('follows the loop and allows one step back', () => {
    expect(canMove('called', 'accepted')).toBe(true)
    expect(canMove('called', 'evaluated')).toBe(false)
    expect(canMove('handling', 'notified')).toBe(true)
    expect(canMove('notified', 'handling')).toBe(true)
    expect(canMove('accepted', 'called')).toBe(false)
    expect(canMove('evaluated', 'handling')).toBe(false)
  })
  it('allows staying put, and only evaluated is closed', () => {
    for (const s of DEMAND_STATUSES) expect(canMove(s, s)).toBe(true)
    expect(DEMAND_STATUSES.filter(isClosed)).toEqual(['evaluated'])
    expect(nextStatuses('evaluated')).toEqual([])
  })

  it('a triaged demand follows its topic forward only: 社区协同 when confirmed, 街道兜底 when raised', () => {
    const to = (stage: 'coordinating' | 'escalated') => Object.fromEntries(DEMAND_STATUSES.map((s) => [s, followTopic(s, stage)]))
    expect(to('coordinating')).toEqual({ called: null, accepted: 'coordinating', handling: 'coordinating', coordinating: null, escalated: null, notified: null, evaluated: null })
    expect(to('escalated')).toEqual({ called: null, accepted: 'escalated', handling: 'escalated', coordinating: 'escalated', escalated: null, notified: null, evaluated: null })
  })
})
