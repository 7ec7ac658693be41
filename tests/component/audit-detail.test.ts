import { describe, expect, it } from 'vitest'
import { describeAuditDetail } from '../../renderer/src/audit-detail'
import { createAppI18n } from '../../renderer/src/i18n'

describe('audit detail text', () => {
  const zh = createAppI18n('zh-CN').global.t as (key: string, named?: Record<string, unknown>) => string
  const en = createAppI18n('en').global.t as (key: string, named?: Record<string, unknown>) => string

  it('reads a delete reason and the unmasked fields in Chinese', () => {
    expect(describeAuditDetail({ reason: '重复登记' }, zh)).toBe('原因：重复登记')
    expect(describeAuditDetail({ fields: ['reporterName', 'reporterPhone', 'reporterAddress'] }, zh)).toBe(
      '查看字段：反映人、联系电话、住址',
    )
  })

  it('summarises a retention run and keeps unknown keys visible', () => {
    expect(describeAuditDetail({ months: 36, erased: 12, backupsDeleted: 2, backupsRewritten: 3 }, zh)).toBe(
      '保留期限：36 个月；脱敏 12 条；删除备份 2 份；改写备份 3 份',
    )
    expect(describeAuditDetail({ file: 'a.xlsx', rows: 3 }, zh)).toBe('file: a.xlsx；rows: 3')
    expect(describeAuditDetail({}, zh)).toBe('')
  })

  it('follows the language', () => {
    expect(describeAuditDetail({ reason: 'duplicate' }, en)).toBe('Reason: duplicate')
  })
})
