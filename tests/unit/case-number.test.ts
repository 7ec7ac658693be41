import { describe, expect, it } from 'vitest'
import { caseNoPrefix, demandLabel, formatCaseNo, numberInOrder, parseCaseNo } from '../../shared/domain/case-number'
import { isTimeZone, streetUpdateInput } from '../../shared/contract/street'

describe('case numbers', () => {
  it('drop the trailing 社区 and pad the sequence to four digits', () => {
    expect(formatCaseNo('七口堰社区', 2026, 42)).toBe('七口堰-2026-0042')
    expect(formatCaseNo('团结路社区', '2025', 1)).toBe('团结路-2025-0001')
    expect(formatCaseNo('新城', 2026, 12345)).toBe('新城-2026-12345')
    expect(caseNoPrefix('社区')).toBe('社区')
    expect(caseNoPrefix(' 东 门-社区 ')).toBe('东门')
  })

  it('parse back, and name a demand by its case number or else its id', () => {
    expect(parseCaseNo('七口堰-2026-0042')).toEqual({ prefix: '七口堰', year: 2026, seq: 42 })
    expect(parseCaseNo('七口堰-26-42')).toBeNull()
    expect(demandLabel({ id: 'cA~202605~x', caseNo: '七口堰-2026-0042' })).toBe('七口堰-2026-0042')
    expect(demandLabel({ id: 'cA~202605~x' })).toBe('cA~202605~x')
  })

  it('numberInOrder numbers per community and year by received time, after existing numbers', () => {
    const d = (id: string, communityId: string, receivedAt: string, caseNo?: string) => ({ id, communityId, receivedAt, ...(caseNo ? { caseNo } : {}) })
    const names: Record<string, string> = { cA: '七口堰社区', cB: '团结路社区' }
    const out = numberInOrder(
      [
        d('cA~202603~b', 'cA', '2026-03-05T10:00:00+08:00'),
        d('cA~202601~a', 'cA', '2026-01-02T10:00:00+08:00'),
        d('cA~202512~z', 'cA', '2025-12-31T10:00:00+08:00'),
        d('cB~202602~c', 'cB', '2026-02-01T10:00:00+08:00'),
        d('cA~202602~k', 'cA', '2026-02-01T10:00:00+08:00', '七口堰-2026-0007'),
      ],
      (id) => names[id],
      (x) => x.id.split('~')[1].slice(0, 4),
    )
    expect(out.map((x) => x.caseNo)).toEqual(['七口堰-2026-0009', '七口堰-2026-0008', '七口堰-2025-0001', '团结路-2026-0001', '七口堰-2026-0007'])
  })
})

describe('street settings input', () => {
  it('accepts IANA zones and refuses unknown ones with a zh-CN message naming the field', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true)
    expect(isTimeZone('Asia/Urumqi')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('../etc')).toBe(false)
    const bad = streetUpdateInput.safeParse({ revision: 0, patch: { timeZone: 'Mars/Olympus' } })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0].message).toContain('时区无效')
    const days = streetUpdateInput.safeParse({ revision: 0, patch: { deadlineDays: { compound: 0, community: 7, street: 15 } } })
    expect(days.error?.issues[0].message).toBe('小区议事办理期限至少 1 个工作日')
    expect(streetUpdateInput.safeParse({ revision: 1, patch: {} }).error?.issues[0].message).toBe('没有要修改的设置')
    expect(streetUpdateInput.parse({ revision: 2, patch: { name: ' 马家店街道 ' } }).patch.name).toBe('马家店街道')
  })
})
