// The 纪要 .docx parsed back: page, margins, line grid, fonts per run, numbering, page numbers,
// the sign-in sheet's table; bad input and escaping.
import { beforeAll, describe, expect, it } from 'vitest'
import { FONTS, GRID, PAGE, TEXT_HEIGHT, TEXT_WIDTH, minutesDocx, signInSheetDocx } from '../../electron/services/minutes-docx'
import { MinutesDocError, NO_DECISION, headingNumber, type MinutesDoc } from '../../shared/domain/minutes-doc'
import { attr, readDocx, type DocxParagraph, type DocxParts } from '../helpers/docx-xml'
import { sampleMinutes, sampleSignInSheet } from '../helpers/minutes-sample'

const twips = (mm: number) => Math.round((mm * 1440) / 25.4)

let doc: MinutesDoc
let parts: DocxParts
const find = (pred: (p: DocxParagraph) => boolean) => parts.paragraphs.find(pred)
const startsWith = (s: string) => find((p) => p.text.startsWith(s))

beforeAll(async () => {
  doc = sampleMinutes()
  expect(doc.items).toHaveLength(10)
  parts = readDocx(await minutesDocx(doc))
})

describe('minutes .docx: page', () => {
  it('is A4 with the GB/T 9704 margins (37 / 35 / 28 / 26 mm) in twips', () => {
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(parts.document)![0]
    expect(attr(sect, 'w:pgSz', 'w:w')).toBe('11906') // 210 mm
    expect(attr(sect, 'w:pgSz', 'w:h')).toBe('16838') // 297 mm
    expect(Number(attr(sect, 'w:pgMar', 'w:top'))).toBe(2098)
    expect(Number(attr(sect, 'w:pgMar', 'w:bottom'))).toBe(1984)
    expect(Number(attr(sect, 'w:pgMar', 'w:left'))).toBe(1587)
    expect(Number(attr(sect, 'w:pgMar', 'w:right'))).toBe(1474)
    expect([twips(37), twips(35), twips(28), twips(26)]).toEqual([2098, 1984, 1587, 1474])
    // the text block is 156 × 225 mm
    expect(Math.round((TEXT_WIDTH * 25.4) / 1440)).toBe(156)
    expect(Math.round((TEXT_HEIGHT * 25.4) / 1440)).toBe(225)
  })

  it('has 22 lines of 28 characters of 3号 text', () => {
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(parts.document)![0]
    expect(attr(sect, 'w:docGrid', 'w:type')).toBe('lines')
    const pitch = Number(attr(sect, 'w:docGrid', 'w:linePitch'))
    expect(pitch).toBe(579)
    expect(Math.floor(TEXT_HEIGHT / pitch)).toBe(22)
    // every 3号 run is condensed so that 28 (not 27, not 29) characters fill a line
    const body = parts.paragraphs.flatMap((p) => p.runs).filter((r) => r.pt === 16)
    expect(body.length).toBeGreaterThan(50)
    for (const r of body) expect(r.spacing).toBe(GRID.condense)
    const charTwips = 16 * 20 + GRID.condense
    expect(Math.floor(TEXT_WIDTH / charTwips)).toBe(28)
    // what a Word character grid would need (documented, not written)
    expect(GRID.charSpaceForCharGrid).toBe(-842)
  })

  it('numbers pages "— n —" in 4号, odd pages right and even pages left', () => {
    expect(parts.files['word/settings.xml']).toContain('<w:evenAndOddHeaders/>')
    const rels = parts.files['word/_rels/document.xml.rels']
    const footerOf = (type: string) => {
      const id = attr(parts.document, `w:footerReference w:type="${type}"`, 'r:id') ?? new RegExp(`<w:footerReference w:type="${type}" r:id="([^"]+)"`).exec(parts.document)?.[1]
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1]
      return parts.files[`word/${target}`]
    }
    const odd = footerOf('default')
    const even = footerOf('even')
    expect(odd).toBeTruthy()
    expect(even).toBeTruthy()
    for (const [xml, side] of [
      [odd, 'right'],
      [even, 'left'],
    ] as const) {
      expect(attr(xml, 'w:jc', 'w:val')).toBe(side)
      expect(xml).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/)
      expect(xml).toContain('— </w:t>')
      expect(xml).toContain('> —</w:t>')
      expect(attr(xml, 'w:sz', 'w:val')).toBe('28')
      expect(attr(xml, 'w:rFonts', 'w:eastAsia')).toBe('宋体')
    }
  })

  it('names font fallbacks in the font table', () => {
    const table = parts.files['word/fontTable.xml']
    expect(table).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="方正小标宋_GBK"/>')
    expect(table).toContain('<w:font w:name="方正小标宋_GBK"><w:altName w:val="宋体"/>')
    expect(table).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>')
    expect(table).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>')
    expect(table).toContain('<w:font w:name="黑体"><w:altName w:val="SimHei"/>')
    expect(parts.files['word/_rels/document.xml.rels']).toContain('Target="fontTable.xml"')
  })
})

describe('minutes .docx: text and fonts', () => {
  it('centres the mark in red 2号 小标宋, 35 mm below the top of the text block, over a red line', () => {
    const mark = find((p) => p.text === doc.mark)!
    expect(mark).toBeTruthy()
    expect(mark.align).toBe('center')
    expect(mark.runs[0]).toMatchObject({ eastAsia: FONTS.mark.name, pt: 22, color: 'FF0000' })
    expect(Number(attr(mark.xml, 'w:spacing', 'w:before'))).toBe(twips(35))
    const index = parts.paragraphs.indexOf(mark)
    const line = parts.paragraphs[index + 1]
    expect(line.text).toBe('第3期')
    expect(line.xml).toMatch(/<w:pBdr><w:bottom [^>]*w:color="FF0000"/)
  })

  it('writes 出席 / 请假 / 列席 with the label in 3号黑体 and the names in 3号仿宋, wrapped under the first name', () => {
    const lines = {
      '出席：': '小区党支部 王志强、孙丽萍；业委会 陈丽、吴国平；物业服务企业 刘建国；社会组织 赵红梅；居民代表 黄大伟、郑秀兰、马晓东',
      '请假：': '业委会 何静',
      '列席：': '社区民警 杨警官；法律顾问 林律师；街道干部 高强',
    }
    for (const [label, names] of Object.entries(lines)) {
      const p = startsWith(label)!
      expect(p.text).toBe(label + names)
      expect(p.runs[0]).toMatchObject({ text: label, eastAsia: '黑体', pt: 16 })
      expect(p.runs[1]).toMatchObject({ text: names, eastAsia: '仿宋_GB2312', pt: 16 })
      // hanging indent: the label's three characters, two characters in
      expect(Number(attr(p.xml, 'w:ind', 'w:hanging'))).toBe(3 * 315)
      expect(Number(attr(p.xml, 'w:ind', 'w:left'))).toBe(5 * 315)
    }
    // after the body, as GB/T 9704 §10.3 places them
    const present = parts.paragraphs.indexOf(startsWith('出席：')!)
    const lastItem = parts.paragraphs.indexOf(startsWith('十、')!)
    expect(present).toBeGreaterThan(lastItem)
  })

  it('leads in with the intro and "现将议定事项纪要如下："', () => {
    const intro = startsWith('2026年11月30日，七口堰社区党委书记李春华主持召开')!
    expect(intro.text.endsWith('现将议定事项纪要如下：')).toBe(true)
    expect(intro.runs[0].eastAsia).toBe('仿宋_GB2312')
  })

  it('numbers the 10 items 一、…十、 in 黑体, sub-headings （一） in 楷体, body in 仿宋', () => {
    doc.items.forEach((item, i) => {
      const heading = find((p) => p.text === `${headingNumber(i + 1)}${item.title}`)
      expect(heading, item.title).toBeTruthy()
      expect(heading!.runs[0].eastAsia).toBe('黑体')
      // never left alone at the foot of a page
      expect(heading!.xml).toContain('<w:keepNext/>')
    })
    expect(startsWith('十、')!.text).toBe('十、上次议定事项落实情况')
    const subs = parts.paragraphs.filter((p) => /^（[一二三四]）/.test(p.text))
    expect(subs.length).toBeGreaterThanOrEqual(30)
    for (const s of subs) {
      expect(s.runs[0].eastAsia).toBe('楷体_GB2312')
      expect(s.xml).toContain('<w:keepNext/>')
    }
    expect(subs.map((s) => s.text)).toEqual(expect.arrayContaining(['（一）讨论情况', '（二）各方意见', '（三）议定事项', '（四）任务分工']))
  })

  it('writes every decision, 未形成议定事项 for the empty one, and the tasks with who, what and by when', () => {
    const texts = parts.paragraphs.map((p) => p.text)
    for (const item of doc.items) if (item.decision) expect(texts).toContain(item.decision)
    const none = find((p) => p.text === NO_DECISION)!
    expect(none.runs[0].eastAsia).toBe('仿宋_GB2312')
    expect(texts).toContain('1.刘建国（物业服务企业）负责：由物业服务企业于一周内清理楼道杂物，业委会配合张贴告示，2026年12月5日前完成。')
    expect(texts).toContain('小区党支部同意；业委会保留；物业服务企业同意；社会组织未表态；居民代表同意。')
  })

  it('prints a decision typed as 一、二、 one level below the headings (1. 2.), in the body font', async () => {
    const typed = sampleMinutes()
    typed.items[0] = { ...typed.items[0], decision: '一、由物业清理楼道杂物\n二、业委会张贴告示' }
    const out = readDocx(await minutesDocx(typed))
    const texts = out.paragraphs.map((p) => p.text)
    const first = out.paragraphs.find((p) => p.text === '1.由物业清理楼道杂物')
    expect(first?.runs[0].eastAsia).toBe('仿宋_GB2312')
    expect(texts).toContain('2.业委会张贴告示')
    expect(texts).not.toContain('一、由物业清理楼道杂物')
    // the only 一、 is still the first topic's heading
    expect(texts.filter((t) => t.startsWith('一、'))).toEqual([`一、${typed.items[0].title}`])
  })

  it('records the approved version and its SHA-256', () => {
    expect(find((p) => p.text.startsWith('第2版（更正第1版）；批准人：李春华；批准时间：2026-12-01 09:30；SHA-256：a3f1'))).toBeTruthy()
  })

  it('keeps < & " in names as text', async () => {
    const d = sampleMinutes()
    d.attendees[0].names = ['张"三"', '李&四', '<王五>']
    d.items[0].title = 'A<B & "C"'
    const p = readDocx(await minutesDocx(d))
    expect(p.document).toMatch(/张(&quot;|")三(&quot;|")、李&amp;四、&lt;王五&gt;/)
    expect(p.document).not.toContain('<王五>')
    expect(p.paragraphs.find((x) => x.text.startsWith('出席：'))!.text).toContain('张"三"、李&四、<王五>')
    expect(p.paragraphs.some((x) => x.text === '一、A<B & "C"')).toBe(true)
  })

  it('refuses bad input, naming the field, and writes nothing', async () => {
    const d = sampleMinutes()
    d.mark = ''
    d.items[2].tasks = [{ what: '检修', owner: '刘建国', due: '2026-13-01' }]
    const err = await minutesDocx(d).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(MinutesDocError)
    expect((err as MinutesDocError).problems.map((p) => p.field)).toEqual(['mark', 'items.2.tasks.0.due'])
    expect((err as Error).message).toBe('无法导出：纪要标志不能为空；第 3 个议题的第 1 项任务的完成时限应为有效日期（YYYY-MM-DD）')
  })
})

describe('sign-in sheet .docx', () => {
  it('is a table 序号 / 姓名 / 所属方 / 职务 / 签名 with a repeated header and tall rows for signatures', async () => {
    const sheet = sampleSignInSheet()
    const p = readDocx(await signInSheetDocx(sheet))
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(p.document)![0]
    expect(Number(attr(sect, 'w:pgMar', 'w:top'))).toBe(PAGE.top)
    expect(p.paragraphs[0]).toMatchObject({ text: '七口堰社区联席会议签到表', align: 'center' })
    const rows = [...p.document.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map(([tr]) => tr)
    expect(rows).toHaveLength(sheet.rows.length + 1)
    const cells = (tr: string) => [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([tc]) => readCell(tc))
    expect(cells(rows[0])).toEqual(['序号', '姓名', '所属方', '职务', '签名'])
    expect(rows[0]).toContain('<w:tblHeader/>')
    expect(cells(rows[1])).toEqual(['1', '王志强', '小区党支部', '书记', ''])
    expect(cells(rows[2])).toEqual(['2', '孙丽萍', '小区党支部', '', ''])
    for (const tr of rows.slice(1)) {
      expect(Number(attr(tr, 'w:trHeight', 'w:val'))).toBe(twips(14))
      expect(tr).toContain('<w:cantSplit/>')
    }
    const grid = [...p.document.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]))
    expect(grid.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH)
  })

  it('leaves the 职务 column out when nobody has one', async () => {
    const sheet = sampleSignInSheet()
    sheet.rows = sheet.rows.map(({ name, partyLabel }) => ({ name, partyLabel }))
    const p = readDocx(await signInSheetDocx(sheet))
    const header = /<w:tr>[\s\S]*?<\/w:tr>/.exec(p.document)![0]
    expect([...header.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([tc]) => readCell(tc))).toEqual(['序号', '姓名', '所属方', '签名'])
  })

  it('refuses a sheet without rows', async () => {
    await expect(signInSheetDocx({ ...sampleSignInSheet(), rows: [] })).rejects.toThrow('签到表至少需要一行')
  })
})

function readCell(tc: string): string {
  return [...tc.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => m[1]).join('')
}
