// Spreadsheet import, the pure parts: dates as offices write them, encoding detection, header
// → field suggestions, channel/category words, formula-like cells, fingerprints and row checks.
import { describe, expect, it } from 'vitest'
import { fromDateCell, fromExcelSerial, parseImportDate } from '../../shared/domain/import-dates'
import { decodeText } from '../../shared/domain/import-encoding'
import {
  categoryOfWord,
  cellText,
  channelOfWord,
  headerSignature,
  isBlank,
  looksLikeFormula,
  neutraliseCell,
  suggestMapping,
} from '../../shared/domain/import-mapping'
import { monthOf } from '../../shared/domain/month'
import { checkRow, communityIndex, contentHash, fingerprintOf, sameContent, type RowContext } from '../../electron/services/import-rows'
import { parseCsv, xlsxCell } from '../../electron/services/import-parse'
import type { Community } from '../../shared/domain/entities'
import { encodeGbk } from '../helpers/gbk'

const ok = (iso: string) => ({ ok: true, iso })

describe('import dates', () => {
  it('reads 2025/3/5, 2025-03-05, 2025.3.5 and 2025年3月5日 as midnight in the street', () => {
    for (const text of ['2025/3/5', '2025-03-05', '2025.3.5', '2025年3月5日', ' 2025 年 3 月 5 日 ']) {
      expect(parseImportDate(text), text).toEqual(ok('2025-03-05T00:00:00+08:00'))
    }
  })

  it('reads a time after the date, with or without seconds, in Chinese or with a colon', () => {
    expect(parseImportDate('2025/3/5 9:30')).toEqual(ok('2025-03-05T09:30:00+08:00'))
    expect(parseImportDate('2025-03-05 09:30:15')).toEqual(ok('2025-03-05T09:30:15+08:00'))
    expect(parseImportDate('2025-03-05T09:30')).toEqual(ok('2025-03-05T09:30:00+08:00'))
    expect(parseImportDate('2025年3月5日 9时30分')).toEqual(ok('2025-03-05T09:30:00+08:00'))
    expect(parseImportDate('2025年3月5日9:30')).toEqual(ok('2025-03-05T09:30:00+08:00'))
  })

  it('keeps a written offset: 16:30Z on 31 March is April in the street', () => {
    const r = parseImportDate('2025-03-31T16:30:00Z')
    expect(r).toEqual(ok('2025-03-31T16:30:00Z'))
    expect(monthOf((r as { iso: string }).iso)).toBe('2025-04')
    expect(parseImportDate('2025-03-31 18:30 +0200')).toEqual(ok('2025-03-31T18:30:00+02:00'))
  })

  it('reads Excel serial numbers (numbers and digits in text), with the time as the fraction', () => {
    // 45721 is 2025-03-05 in Excel (day 1 = 1900-01-01, with the 1900 leap-year bug)
    expect(fromExcelSerial(45721)).toEqual(ok('2025-03-05T00:00:00+08:00'))
    expect(parseImportDate(45721.395833333336)).toEqual(ok('2025-03-05T09:30:00+08:00'))
    expect(parseImportDate('45721')).toEqual(ok('2025-03-05T00:00:00+08:00'))
    expect(parseImportDate(36586)).toEqual(ok('2000-03-01T00:00:00+08:00'))
    expect(parseImportDate(0).ok).toBe(false)
    expect(parseImportDate(-3).ok).toBe(false)
    expect(parseImportDate(3_000_000).ok).toBe(false)
  })

  it('reads Date cells by the wall clock the sheet shows (their UTC fields)', () => {
    expect(fromDateCell(new Date(Date.UTC(2025, 2, 5, 9, 30)))).toEqual(ok('2025-03-05T09:30:00+08:00'))
    expect(parseImportDate(new Date(Date.UTC(2025, 2, 31, 23, 59)))).toEqual(ok('2025-03-31T23:59:00+08:00'))
    expect(parseImportDate(new Date(NaN)).ok).toBe(false)
  })

  it('refuses days that do not exist, times out of range and text that is no date, in Chinese', () => {
    expect(parseImportDate('2025-02-30')).toEqual({ ok: false, message: '日期不存在：2025年2月30日' })
    expect(parseImportDate('2025/13/1')).toMatchObject({ ok: false, message: '日期或时间超出范围' })
    expect(parseImportDate('2025/3/5 25:00')).toMatchObject({ ok: false, message: '日期或时间超出范围' })
    expect(parseImportDate('三月五日')).toMatchObject({ ok: false, message: expect.stringContaining('日期格式无法识别') })
    expect(parseImportDate('')).toMatchObject({ ok: false, message: '请填写受理时间' })
    expect(parseImportDate(true).ok).toBe(false)
  })

  it('reads the common shapes by its quick scanner exactly as the general pattern does', () => {
    // A space after the year is still a date to the general pattern but not to the scanner, so
    // the second string of each pair takes the other path; both must give the same answer.
    const texts: string[] = []
    for (const y of [1899, 1900, 2000, 2024, 2025, 2100, 9999])
      for (const mo of [0, 1, 2, 9, 12, 13])
        for (const d of [0, 1, 28, 29, 30, 31, 32])
          for (const [mw, dw] of [[String(mo), String(d)], [String(mo).padStart(2, '0'), String(d).padStart(2, '0')]]) {
            for (const sep of ['-', '/', '.']) {
              texts.push(`${y}${sep}${mw}${sep}${dw}`)
              for (const t of ['0:00', '9:30', '09:05', '23:59:59', '24:00', '12:60', '8:30:61']) texts.push(`${y}${sep}${mw}${sep}${dw} ${t}`)
            }
            texts.push(`${y}年${mw}月${dw}日`)
          }
    let compared = 0
    for (const text of texts) {
      const general = parseImportDate(text.replace(/^(\d{4})/, '$1 '), 'Asia/Shanghai')
      expect(parseImportDate(text, 'Asia/Shanghai'), text).toEqual(general)
      expect(parseImportDate(text, 'America/New_York'), text).toEqual(parseImportDate(text.replace(/^(\d{4})/, '$1 '), 'America/New_York'))
      compared++
    }
    expect(compared).toBeGreaterThan(2000)
    // a daylight-saving day still gets each hour's own offset
    expect(parseImportDate('2025/3/9 1:30', 'America/New_York')).toEqual(ok('2025-03-09T01:30:00-05:00'))
    expect(parseImportDate('2025/3/9 3:30', 'America/New_York')).toEqual(ok('2025-03-09T03:30:00-04:00'))
  })
})

describe('encoding detection', () => {
  const text = '社区,反映人\n七口堰社区,王芳\n'
  it('reads UTF-8 with and without BOM', () => {
    expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8', bom: false })
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
    expect(decodeText(bom)).toEqual({ text, encoding: 'utf-8', bom: true })
  })

  it('falls back to GB18030 when the bytes are not UTF-8 (GBK from Chinese Excel)', () => {
    const gbk = encodeGbk(text)
    expect(gbk.length).toBeLessThan(new TextEncoder().encode(text).length)
    expect(decodeText(gbk)).toEqual({ text, encoding: 'gb18030', bom: false })
  })

  it('reads UTF-16 with its BOM', () => {
    const u16 = new Uint8Array(2 + text.length * 2)
    u16.set([0xff, 0xfe])
    for (let i = 0; i < text.length; i++) {
      u16[2 + i * 2] = text.charCodeAt(i) & 0xff
      u16[3 + i * 2] = text.charCodeAt(i) >> 8
    }
    expect(decodeText(u16)).toEqual({ text, encoding: 'utf-16le', bom: true })
  })

  it('parses a GBK csv into rows numbered as Excel shows them (header = row 1)', () => {
    const t = parseCsv(encodeGbk('社区,内容\r\n七口堰,"两行\r\n内容"\r\n\r\n东门,灯坏了\r\n'))
    expect(t.encoding).toBe('GBK/GB18030')
    expect(t.headers).toEqual(['社区', '内容'])
    expect(t.rows).toEqual([
      { row: 2, cells: ['七口堰', '两行\r\n内容'] },
      { row: 4, cells: ['东门', '灯坏了'] },
    ])
  })

  it('refuses binary files, empty files and header-only files with a reason', () => {
    expect(() => parseCsv(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toThrow(/不是文本表格/)
    expect(() => parseCsv(new TextEncoder().encode('\n\n'))).toThrow('文件中没有任何内容（空表）')
    expect(() => parseCsv(new TextEncoder().encode('社区,内容\n'))).toThrow('文件只有表头（第 1 行），没有数据行')
  })
})

describe('mapping', () => {
  it('suggests fields from common header words, each column once', () => {
    const headers = ['序号', '来电时间', '市民姓名', '来电号码', '所属社区', '小区', '工单内容', '问题分类', '备注']
    expect(suggestMapping(headers)).toEqual({
      community: 4,
      compound: 5,
      category: 7,
      reporterName: 2,
      reporterPhone: 3,
      receivedAt: 1,
      description: 6,
    })
    expect(suggestMapping([' 社 区 ', '反映人*', '内容：'])).toEqual({ community: 0, reporterName: 1, description: 2 })
  })

  it('keys a header row by its words', () => {
    expect(headerSignature(['社区', ' 内容 '])).toBe(headerSignature(['社区', '内容']))
    expect(headerSignature(['社区', '内容'])).not.toBe(headerSignature(['内容', '社区']))
  })

  it('knows the words for channels and categories, and the codes', () => {
    expect(channelOfWord('12345')).toBe('transfer12345')
    expect(channelOfWord('12345 转办')).toBe('transfer12345')
    expect(channelOfWord('微信群')).toBe('wechatGroup')
    expect(channelOfWord('hotline')).toBe('hotline')
    expect(channelOfWord('传真')).toBeUndefined()
    expect(categoryOfWord('物业')).toBe('property')
    expect(categoryOfWord('噪音扰民')).toBe('noise')
    expect(categoryOfWord('天气')).toBeUndefined()
  })

  it('trims a cell as String.prototype.trim does, and calls blank exactly what trim removes', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isBlank(c), c.toString(16)).toBe(String.fromCharCode(c).trim() === '')
    for (const s of ['王芳', ' 王芳', '王芳\u3000', '\ufeff1', 'a b', '', ' ', '\u00a0x\u2028', 'x\u200b']) expect(cellText(s), JSON.stringify(s)).toBe(s.trim())
  })

  it('flags formula-like cells and neutralises them for export', () => {
    for (const s of ['=1+2', '+86', '-5', '@SUM(A1)', '\tx', '\rx']) expect(looksLikeFormula(s), s).toBe(true)
    for (const s of ['楼道灯', '1+2', 'a=b', '']) expect(looksLikeFormula(s), s).toBe(false)
    expect(neutraliseCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`)
    expect(neutraliseCell('王芳')).toBe('王芳')
  })

  it('keeps xlsx formulas as their text, never their result', () => {
    expect(xlsxCell({ formula: 'SUM(A1:A2)', result: 3 } as never)).toBe('=SUM(A1:A2)')
    expect(xlsxCell({ richText: [{ text: '楼道' }, { text: '灯' }] } as never)).toBe('楼道灯')
    expect(xlsxCell({ text: '链接', hyperlink: 'http://x' } as never)).toBe('链接')
    expect(xlsxCell(12)).toBe(12)
    expect(cellText(13812345678)).toBe('13812345678')
  })
})

describe('row checks and fingerprints', () => {
  const community: Community = {
    id: 'cQ',
    name: '七口堰社区',
    grids: [],
    compounds: [{ id: 'cQ-p1', name: '丽景花园' }],
    revision: 1,
  }
  const headers = ['社区', '小区', '渠道', '类别', '反映人', '电话', '时间', '内容']
  const ctx = (over: Partial<RowContext> = {}): RowContext => ({
    mapping: { columns: { community: 0, compound: 1, channel: 2, category: 3, reporterName: 4, reporterPhone: 5, receivedAt: 6, description: 7 }, defaults: {} },
    headers,
    communities: communityIndex([community]),
    inScope: () => true,
    now: new Date('2026-01-01T00:00:00+08:00'),
    sourceName: '12345热线导出',
    ...over,
  })
  const good = ['七口堰', '丽景花园', '12345', '物业', '王芳', '138 8888 6666', '2025/3/5 9:30', '电梯坏了']

  it('turns a good row into the demand:create input (names looked up, phone normalised)', () => {
    const r = checkRow(2, good, ctx())
    expect(r.issues).toEqual([])
    expect(r.input).toEqual({
      communityId: 'cQ',
      compoundId: 'cQ-p1',
      channel: 'transfer12345',
      category: 'property',
      reporterName: '王芳',
      reporterPhone: '13888886666',
      receivedAt: '2025-03-05T09:30:00+08:00',
      description: '电梯坏了',
    })
    expect(fingerprintOf(r.input!, ctx().sourceName)).toMatch(/^[A-Za-z0-9_-]{32}$/)
  })

  it('reports each bad field by row, column header and a Chinese reason', () => {
    const r = checkRow(7, ['不存在', '', '传真', '', '', '123', '2030-01-01', ''], ctx())
    expect(r.input).toBeUndefined()
    expect(r.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [7, '社区', '社区不存在：不存在（请先在“社区管理”中添加，或改为已有社区的名称）'],
      [7, '渠道', expect.stringContaining('来源渠道无法识别：传真')],
      [7, '类别', '请填写诉求类别'],
      [7, '时间', '受理时间不能晚于当前时间：2030-01-01'],
      [7, '反映人', '请填写反映人姓名'],
      [7, '电话', expect.stringMatching(/联系电话/)],
      [7, '内容', '请填写诉求内容'],
    ])
  })

  it('uses the file-wide channel and category where the row has none; refuses a compound of another community', () => {
    const r = checkRow(3, ['七口堰社区', '江城名都', '', '', '王芳', '', '45721', '电梯坏了'], ctx({ mapping: { ...ctx().mapping, defaults: { channel: 'hotline', category: 'other' } } }))
    expect(r.issues).toEqual([{ row: 3, column: '小区', field: 'compound', level: 'error', message: '小区“江城名都”不属于七口堰社区' }])
    const r2 = checkRow(3, ['七口堰社区', '', '', '', '王芳', '', '45721', '电梯坏了'], ctx({ mapping: { ...ctx().mapping, defaults: { channel: 'hotline', category: 'other' } } }))
    expect(r2.input).toMatchObject({ channel: 'hotline', category: 'other', receivedAt: '2025-03-05T00:00:00+08:00' })
  })

  it('refuses rows of communities outside the operator’s scope', () => {
    const r = checkRow(2, good, ctx({ inScope: () => false }))
    expect(r.issues).toEqual([expect.objectContaining({ column: '社区', level: 'error', message: '您的账户无权处理七口堰社区的诉求' })])
  })

  it('imports formula-like text as text, with a warning', () => {
    const row = [...good]
    row[7] = '=HYPERLINK("http://x","点我")'
    const r = checkRow(4, row, ctx())
    expect(r.input?.description).toBe('=HYPERLINK("http://x","点我")')
    expect(r.issues).toEqual([expect.objectContaining({ row: 4, column: '内容', level: 'warning' })])
  })

  it('fingerprints normalised content and the source: spacing, phone format and offset do not matter', () => {
    const a = checkRow(2, good, ctx()).input!
    const spaced = checkRow(2, ['七口堰社区 ', '丽景花园', '12345转办', '物业管理', ' 王芳', '13888886666', '2025-03-05T01:30:00Z', '电梯坏了 '], ctx()).input!
    expect(fingerprintOf(spaced, '12345热线导出')).toBe(fingerprintOf(a, '12345热线导出'))
    expect(fingerprintOf(a, '网格员台账')).not.toBe(fingerprintOf(a, '12345热线导出'))
    expect(fingerprintOf({ ...a, description: '电梯又坏了' }, '12345热线导出')).not.toBe(fingerprintOf(a, '12345热线导出'))
    // no personal data in clear text
    expect(fingerprintOf(a, 'x')).not.toContain('13888886666')
  })

  it('finds repeats within a file by content exactly as the fingerprint would', () => {
    const a = checkRow(2, good, ctx()).input!
    const spaced = checkRow(2, ['七口堰社区 ', '丽景花园', '12345转办', '物业管理', ' 王芳', '13888886666', '2025-03-05T01:30:00Z', '电梯坏了 '], ctx()).input!
    expect(sameContent(spaced, a)).toBe(true)
    expect(contentHash(spaced)).toBe(contentHash(a))
    const variants = [
      { ...a, description: '电梯又坏了' },
      // text moved from one field to the next is another demand
      { ...a, reporterName: '王', reporterAddress: `芳${a.reporterAddress ?? ''}` },
      { ...a, reporterName: `${a.reporterName}13888886666`, reporterPhone: undefined },
      { ...a, compoundId: undefined },
      { ...a, channel: 'hotline' as const },
      { ...a, receivedAt: '2025-03-05T09:30:01+08:00' },
      { ...a, receivedAt: '2025-03-05T09:30:00+09:00' },
    ]
    for (const v of variants) {
      expect(sameContent(v, a)).toBe(false)
      expect(fingerprintOf(v, 'x')).not.toBe(fingerprintOf(a, 'x'))
      expect(contentHash(v)).not.toBe(contentHash(a))
    }
    // an empty optional field is the same as a missing one, as in the fingerprint
    const noAddress = { ...a, reporterAddress: undefined }
    expect(sameContent({ ...noAddress, reporterAddress: '' }, noAddress)).toBe(fingerprintOf({ ...noAddress, reporterAddress: '' }, 'x') === fingerprintOf(noAddress, 'x'))
  })
})
