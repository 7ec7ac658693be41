import { describe, expect, it } from 'vitest'
import {
  MinutesDocError,
  NO_DECISION,
  assertMinutesDoc,
  bodyParagraphs,
  checkMinutesDoc,
  checkSignInSheet,
  chineseDate,
  chineseNumber,
  headingNumber,
  positionsLine,
  subHeadingNumber,
  taskLine,
  type MinutesDoc,
} from '../../shared/domain/minutes-doc'
import { escapeHtml, minutesHtml, signInSheetHtml } from '../../shared/domain/minutes-html'
import { sampleMinutes, sampleSignInSheet } from '../helpers/minutes-sample'

describe('Chinese numbering', () => {
  it('counts the way headings do', () => {
    const first = Array.from({ length: 12 }, (_, i) => chineseNumber(i + 1))
    expect(first).toEqual(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'])
    expect([20, 21, 30, 99, 100, 105, 110, 1001].map(chineseNumber)).toEqual(['二十', '二十一', '三十', '九十九', '一百', '一百零五', '一百一十', '一千零一'])
    expect(headingNumber(11)).toBe('十一、')
    expect(subHeadingNumber(2)).toBe('（二）')
    expect(() => chineseNumber(0)).toThrow(RangeError)
  })

  it('writes dates without leading zeros', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日')
  })
})

describe('a topic text\'s own list, one level below the headings', () => {
  it('prints a decision typed 一、二、三、 as 1. 2. 3., its （一）（二） sub-items as （1）（2）', () => {
    expect(bodyParagraphs('一、清理楼道杂物；\n二、业委会张贴告示。\n三、下月复查')).toEqual(['1.清理楼道杂物；', '2.业委会张贴告示。', '3.下月复查'])
    // both levels: each one level down, the sub-items counted again under each item
    expect(bodyParagraphs('一、停车\n（一）划线\n（二）收费\n二、绿化\n（一）补种')).toEqual(['1.停车', '（1）划线', '（2）收费', '2.绿化', '（1）补种'])
    // lines between the numbered ones stay as typed
    expect(bodyParagraphs('会议议定：\n一、甲\n说明文字\n二、乙')).toEqual(['会议议定：', '1.甲', '说明文字', '2.乙'])
  })

  it('prints a list of （一）（二） alone at the 1. level', () => {
    expect(bodyParagraphs('（一）物业负责\n(二) 业委会配合')).toEqual(['1.物业负责', '2.业委会配合'])
  })

  it('counts past ten the way the headings write it', () => {
    const typed = Array.from({ length: 12 }, (_, i) => `${headingNumber(i + 1)}第${i + 1}项`).join('\n')
    expect(bodyParagraphs(typed)).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}.第${i + 1}项`))
  })

  it('leaves text that is no list as it was typed', () => {
    // one marker alone is text: 一、二楼 = the first and second floors
    expect(bodyParagraphs('一、二楼住户同意加装电梯')).toEqual(['一、二楼住户同意加装电梯'])
    // not running 一, 二, … from the first
    expect(bodyParagraphs('二、甲\n三、乙')).toEqual(['二、甲', '三、乙'])
    expect(bodyParagraphs('一、甲\n三、乙')).toEqual(['一、甲', '三、乙'])
    expect(bodyParagraphs('1.甲\n2.乙')).toEqual(['1.甲', '2.乙'])
    // the levels move together or not at all: sub-items not counted from （一） under an item
    expect(bodyParagraphs('一、甲\n（二）a\n二、乙')).toEqual(['一、甲', '（二）a', '二、乙'])
    // a text already numbered 1. 2. keeps all its numbering (else 一、 and 1. would both read 1.)
    expect(bodyParagraphs('一、甲\n1.a\n2.b\n二、乙')).toEqual(['一、甲', '1.a', '2.b', '二、乙'])
    expect(bodyParagraphs(undefined)).toEqual([])
  })

  it('is what the printed minutes show (the stored decision is untouched)', () => {
    const doc = sampleMinutes()
    doc.items[0] = { ...doc.items[0], decision: '一、由物业清理楼道杂物\n二、业委会张贴告示' }
    const html = minutesHtml(doc)
    expect(html).toContain('>1.由物业清理楼道杂物<')
    expect(html).toContain('>2.业委会张贴告示<')
    expect(html).not.toContain('>一、由物业清理楼道杂物<')
    expect(doc.items[0].decision).toBe('一、由物业清理楼道杂物\n二、业委会张贴告示')
  })
})

describe('texts of the minutes', () => {
  it('names all five parties in a position line, 未表态 where none was recorded', () => {
    expect(positionsLine({ title: 't', decision: '', positions: { ownersCommittee: 'reserve', residentRep: 'oppose' } })).toBe(
      '小区党支部未表态；业委会保留；物业服务企业未表态；社会组织未表态；居民代表反对。',
    )
    expect(positionsLine({ title: 't', decision: '' })).toBe('')
  })

  it('says who does what by when', () => {
    expect(taskLine({ owner: '刘建国', party: 'propertyCompany', what: '清理楼道杂物。', due: '2026-12-05' })).toBe(
      '刘建国（物业服务企业）负责：清理楼道杂物，2026年12月5日前完成。',
    )
  })
})

describe('checkMinutesDoc', () => {
  it('accepts the sample', () => {
    expect(checkMinutesDoc(sampleMinutes())).toEqual([])
    expect(checkSignInSheet(sampleSignInSheet())).toEqual([])
  })

  it('names each bad field in Chinese', () => {
    const doc: MinutesDoc = sampleMinutes()
    doc.mark = '  '
    doc.date = '2026-02-30'
    doc.attendees[1] = { party: 'nobody' as never, names: ['王五'] }
    doc.items[3].tasks = [{ what: '修电梯', owner: '', due: '12月5日' }]
    doc.items[4].positions = { residentRep: 'maybe' as never }
    doc.items[5].title = '含\u0007控制字符'
    const problems = checkMinutesDoc(doc)
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]))
    expect(byField.mark).toBe('纪要标志不能为空')
    expect(byField.date).toBe('会议日期应为有效日期（YYYY-MM-DD）')
    expect(byField['attendees.1.party']).toContain('出席人员第 2 组的所属方无效')
    expect(byField['items.3.tasks.0.owner']).toBe('第 4 个议题的第 1 项任务的责任人不能为空')
    expect(byField['items.3.tasks.0.due']).toBe('第 4 个议题的第 1 项任务的完成时限应为有效日期（YYYY-MM-DD）')
    expect(byField['items.4.positions.residentRep']).toBe('第 5 个议题中居民代表的表态无效：maybe')
    expect(byField['items.5.title']).toBe('第 6 个议题的标题含有不可打印的控制字符')
    expect(() => assertMinutesDoc(doc)).toThrow(MinutesDocError)
    expect(() => assertMinutesDoc(doc)).toThrow(/^无法导出：纪要标志不能为空；/)
  })

  it('needs at least one item and someone present, and a real SHA-256', () => {
    const doc = sampleMinutes()
    doc.items = []
    doc.attendees = [{ party: 'residentRep', names: [] }]
    doc.version = { number: 1, approvedBy: '李春华', approvedAt: '2026-12-01', sha256: 'abc', corrects: 1 }
    const fields = checkMinutesDoc(doc).map((p) => p.field)
    expect(fields).toEqual(expect.arrayContaining(['items', 'attendees', 'version.sha256', 'version.corrects']))
  })

  it('allows an item without a decision (rendered as 未形成议定事项)', () => {
    const doc = sampleMinutes()
    expect(doc.items[5].decision).toBe('')
    expect(checkMinutesDoc(doc)).toEqual([])
    expect(minutesHtml(doc)).toContain(NO_DECISION)
  })

  it('checks the sign-in sheet rows', () => {
    const sheet = sampleSignInSheet()
    sheet.rows[2] = { name: '', partyLabel: '业委会' }
    expect(checkSignInSheet(sheet)).toEqual([{ field: 'rows.2.name', message: '第 3 行的姓名不能为空' }])
    expect(checkSignInSheet({ ...sheet, rows: [] })).toEqual([{ field: 'rows', message: '签到表至少需要一行' }])
  })
})

describe('print view (HTML)', () => {
  it('is a whole A4 document with the GB/T 9704 margins, every decision and no script', () => {
    const doc = sampleMinutes()
    const html = minutesHtml(doc)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }')
    expect(html).toContain('counter(page)')
    expect(html).toContain('<h1 class="mark">七口堰社区联席会议纪要</h1>')
    expect(html).toContain('<span class="label">出席：</span>小区党支部 王志强、孙丽萍；')
    for (const [i, item] of doc.items.entries()) {
      expect(html).toContain(`${headingNumber(i + 1)}${escapeHtml(item.title)}`)
      if (item.decision) expect(html).toContain(escapeHtml(item.decision))
    }
    expect(html).not.toMatch(/<script/i)
  })

  it('escapes < & " \' in every text', () => {
    const doc = sampleMinutes()
    doc.mark = '<b>社区</b>纪要'
    doc.attendees[0].names = ['张"三"', '李&四', "<i id='x'>"]
    doc.items[0].decision = '</p><script>alert(1)</script>'
    const html = minutesHtml(doc)
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<i ')
    expect(html).toContain('&lt;b&gt;社区&lt;/b&gt;纪要')
    expect(html).toContain('张&quot;三&quot;、李&amp;四、&lt;i id=&#39;x&#39;&gt;')
    const sheet = sampleSignInSheet()
    sheet.rows[0].name = '<王>'
    expect(signInSheetHtml(sheet)).toContain('<td>&lt;王&gt;</td>')
  })

  it('refuses bad input with the field named', () => {
    expect(() => minutesHtml({ ...sampleMinutes(), place: '' })).toThrow('会议地点不能为空')
  })
})
