import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeAuditDetail } from '../../renderer/src/audit-detail'
import { createAppI18n } from '../../renderer/src/i18n'

describe('audit detail text', () => {
  const zh = createAppI18n('zh-CN').global.t as (key: string, named?: Record<string, unknown>) => string
  const en = createAppI18n('en').global.t as (key: string, named?: Record<string, unknown>) => string
  const zhHas = createAppI18n('zh-CN').global.te as (key: string) => boolean
  const enHas = createAppI18n('en').global.te as (key: string) => boolean

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

  it('names every key the services write, lists joined, flags as 是/否', () => {
    expect(describeAuditDetail({ count: 3, caseNos: ['七口堰-2026-0001', '七口堰-2026-0002'], sources: ['12345导出'] }, zh, zhHas, 'demand.import')).toBe(
      '条数：3；案件编号：七口堰-2026-0001、七口堰-2026-0002；来源：12345导出',
    )
    expect(describeAuditDetail({ communities: ['东门社区'], masked: true, bytes: 2048 }, zh, zhHas, 'data.export')).toBe('社区：东门社区；已脱敏：是；字节：2048')
    expect(describeAuditDetail({ communityId: 'c1', fields: ['reporterPhone', 'category'] }, zh, zhHas, 'demand.update')).toBe('社区编号：c1；改动字段：联系电话、category')
    expect(describeAuditDetail({ fields: ['reporterPhone'] }, zh, zhHas, 'demand.unmask')).toBe('查看字段：联系电话')
    // historical counts' months are a list of rows, not the retention period
    expect(describeAuditDetail({ months: [{ month: '2019-01', petitions: 1, demands: 3 }] }, zh, zhHas, 'history.save')).toBe('月份：[{"month":"2019-01","petitions":1,"demands":3}]')
    expect(describeAuditDetail({ masked: false, caseNos: ['A', 'B'] }, en, enHas, 'data.export')).toBe('Masked: no；Case numbers: A, B')
  })

  it('has a name for every detail key the services write (none is left raw)', () => {
    const keys = new Set<string>()
    for (const rel of readdirSync('electron', { recursive: true }) as string[]) {
      if (!rel.endsWith('.ts')) continue
      for (const key of detailKeysIn(readFileSync(join('electron', rel), 'utf8'))) keys.add(key)
    }
    expect(keys.size).toBeGreaterThan(40)
    const special = new Set(['reason', 'fields', 'erased', 'backupsDeleted', 'backupsRewritten'])
    expect([...keys].filter((k) => !special.has(k) && !zhHas(`audit.detailKeys.${k}`) && !enHas(`audit.detailKeys.${k}`))).toEqual([])
  })

  it('follows the language', () => {
    expect(describeAuditDetail({ reason: 'duplicate' }, en)).toBe('Reason: duplicate')
  })
})

/** The top-level keys of every `detail: { … }` object literal in a source file (spreads skipped). */
function detailKeysIn(text: string): string[] {
  const keys: string[] = []
  for (let at = text.indexOf('detail: {'); at >= 0; at = text.indexOf('detail: {', at + 1)) {
    let depth = 0
    let expectKey = true
    for (let i = at + 'detail: '.length; i < text.length; i++) {
      const c = text[i]
      if ('({['.includes(c)) {
        depth++
        if (depth === 1) expectKey = true
        continue
      }
      if (')}]'.includes(c)) {
        if (--depth === 0) break
        continue
      }
      if (depth !== 1) continue
      if (c === ',') expectKey = true
      else if (expectKey && /[A-Za-z_]/.test(c)) {
        const key = /^[A-Za-z_]\w*/.exec(text.slice(i))![0]
        keys.push(key)
        i += key.length - 1
        expectKey = false
      } else if (c === '.' || c === ':' || c === '[') expectKey = false
    }
  }
  return keys
}
