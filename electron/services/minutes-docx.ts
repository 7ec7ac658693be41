// The 纪要 (GB/T 9704-2012 §10.3) and the 签到表 as .docx, with the `docx` library. Pure: a
// MinutesDoc / SignInSheet in, the bytes of the file out; the meeting service decides where they go.
//
// Layout (GB/T 9704-2012): A4; margins top 37 mm, bottom 35 mm, binding (left) 28 mm, right 26 mm,
// so the text block is 156 × 225 mm; body 3号仿宋 (16 pt) on a grid of 22 lines × 28 characters;
// the 纪要标志 centred in red 小标宋, its top edge 35 mm below the top of the text block (§10.3);
// "一、" 黑体, "（一）" 楷体, "1." 仿宋; 出席/请假/列席 after the body, "出席" in 3号黑体 two
// characters in from the left, a full-width colon, the names in 3号仿宋, wrapped lines aligned with
// the first name (§10.3); page numbers "— 1 —" in 4号 (14 pt) 宋体 Arabic digits, 7 mm below the
// text block, odd pages on the right and even pages on the left, one character in (§7.5).
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  HeightRule,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IFontAttributesProperties,
  type ISectionOptions,
} from 'docx'
import {
  MINUTES_LEAD_OUT,
  NO_DECISION,
  assertMinutesDoc,
  assertSignInSheet,
  attendeesLine,
  leaveLine,
  chineseDate,
  headingNumber,
  listNumber,
  observersLine,
  bodyParagraphs,
  positionsLine,
  subHeadingNumber,
  taskLine,
  versionLine,
  type MinutesDoc,
  type SignInSheet,
} from '../../shared/domain/minutes-doc'

// ---- Page geometry, in twips (1/1440 inch; 1 mm = 1440 / 25.4 ≈ 56.693 twips) -------------

const mm = (v: number): number => Math.round((v * 1440) / 25.4)
export const PAGE = {
  width: mm(210), // 11906
  height: mm(297), // 16838
  top: mm(37), // 2098
  bottom: mm(35), // 1984
  left: mm(28), // 1587 (binding side)
  right: mm(26), // 1474
  // Footer distance = page bottom → bottom of the page-number line: the line's top sits 7 mm
  // below the text block (35 − 7 = 28 mm from the bottom), minus ~6 mm for one 14 pt line.
  footer: mm(22), // 1247
  header: mm(15),
} as const

export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right // 8845 ≈ 156 mm
export const TEXT_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom // 12756 ≈ 225 mm

/** 3号 = 16 pt; docx sizes are half-points. */
export const BODY_PT = 16
/**
 * 22 lines × 28 characters.
 * - Lines: a document grid (w:docGrid) of 225 mm / 22 = 12756 / 22 = 579.8 twips per line,
 *   rounded down (579 twips = 28.95 pt) so 22 whole lines fit (22 × 579 = 12738 ≤ 12756); Word's
 *   own 公文 templates use 579.
 * - Characters: 156 mm / 28 = 8845 / 28 = 315.9 twips = 15.795 pt per character, 0.205 pt less
 *   than a 16 pt glyph. Word can get there with a character grid (type linesAndChars, charSpace =
 *   (15.795 − 16) × 4096 = −842), but LibreOffice (7.4, measured) gives every glyph wider than a
 *   grid cell two cells and breaks lines after 14 characters. So the grid is type "lines" and
 *   every 3号 run is condensed by 0.25 pt (w:spacing −5, in twentieths of a point): 16 − 0.25 =
 *   15.75 pt per character, 442.25 / 15.75 = 28.08 → 28 characters per line in Word, WPS and
 *   LibreOffice alike.
 */
export const GRID = {
  type: DocumentGridType.LINES,
  linePitch: Math.floor(TEXT_HEIGHT / 22),
  /** what a character grid would need (kept for the record and the tests; not written) */
  charSpaceForCharGrid: Math.floor((TEXT_WIDTH / 28 / 20 - BODY_PT) * 4096),
  /** run condensing of 3号 text, twentieths of a point */
  condense: -5,
} as const
/** One character cell of the grid, in twips (for indents measured in characters). */
const CHAR = BODY_PT * 20 + GRID.condense

// ---- Fonts ----------------------------------------------------------------------------------
// A run names one East Asian font (w:rFonts/@w:eastAsia); OOXML has no per-run fallback list.
// The fallbacks go into word/fontTable.xml: each font's w:altName (the name Word tries when the
// font is missing) plus charset 86 (GB2312) and family, which Word's substitution uses next. The
// docx library writes only embedded fonts into the table, so we pass our own table as a packer
// override. LibreOffice ignores altName and uses its own replacement table (on a machine without
// these fonts it falls back to whatever CJK font is installed).

export const FONTS = {
  mark: { name: '方正小标宋简体', alt: '方正小标宋_GBK', then: '宋体' },
  body: { name: '仿宋_GB2312', alt: '仿宋' },
  heading: { name: '黑体', alt: 'SimHei' },
  sub: { name: '楷体_GB2312', alt: '楷体' },
  pageNumber: { name: '宋体', alt: 'SimSun' },
  latin: { name: 'Times New Roman' },
} as const

const FONT_TABLE_ENTRIES: Array<{ name: string; alt?: string; family: string; pitch: string; charset?: string }> = [
  { name: FONTS.mark.name, alt: FONTS.mark.alt, family: 'auto', pitch: 'variable', charset: '86' },
  { name: FONTS.mark.alt, alt: FONTS.mark.then, family: 'auto', pitch: 'variable', charset: '86' },
  { name: FONTS.body.name, alt: FONTS.body.alt, family: 'modern', pitch: 'fixed', charset: '86' },
  { name: FONTS.body.alt, alt: 'FangSong', family: 'modern', pitch: 'fixed', charset: '86' },
  { name: FONTS.heading.name, alt: FONTS.heading.alt, family: 'modern', pitch: 'fixed', charset: '86' },
  { name: FONTS.sub.name, alt: FONTS.sub.alt, family: 'modern', pitch: 'fixed', charset: '86' },
  { name: FONTS.sub.alt, alt: 'KaiTi', family: 'modern', pitch: 'fixed', charset: '86' },
  { name: FONTS.pageNumber.name, alt: FONTS.pageNumber.alt, family: 'auto', pitch: 'variable', charset: '86' },
  { name: FONTS.latin.name, family: 'roman', pitch: 'variable' },
]

const xmlAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

export const FONT_TABLE_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  FONT_TABLE_ENTRIES.map(
    (f) =>
      `<w:font w:name="${xmlAttr(f.name)}">` +
      (f.alt ? `<w:altName w:val="${xmlAttr(f.alt)}"/>` : '') +
      (f.charset ? `<w:charset w:val="${f.charset}"/>` : '') +
      `<w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  ).join('') +
  '</w:fonts>'

const OVERRIDES = [{ path: 'word/fontTable.xml', data: FONT_TABLE_XML }]

const font = (eastAsia: string): IFontAttributesProperties => ({ ascii: FONTS.latin.name, hAnsi: FONTS.latin.name, cs: FONTS.latin.name, eastAsia })

/** Official red (GB/T 9704 版头 uses red; Word's standard red). */
export const RED = 'FF0000'

type Face = 'mark' | 'body' | 'heading' | 'sub'
const FACE_FONT: Record<Face, string> = { mark: FONTS.mark.name, body: FONTS.body.name, heading: FONTS.heading.name, sub: FONTS.sub.name }

function run(text: string, face: Face, pt = BODY_PT, color?: string): TextRun {
  return new TextRun({ text, font: font(FACE_FONT[face]), size: pt * 2, ...(pt === BODY_PT ? { characterSpacing: GRID.condense } : {}), ...(color ? { color } : {}) })
}

/** A body paragraph indented two characters (首行缩进二字). */
function bodyParagraph(children: TextRun[]): Paragraph {
  return new Paragraph({ children, indent: { firstLine: 2 * CHAR, firstLineChars: 200 }, alignment: AlignmentType.JUSTIFIED })
}

/** A heading ("一、…", "（一）…"): kept on the page of the text that follows it. */
function headingParagraph(text: string, face: 'heading' | 'sub'): Paragraph {
  return new Paragraph({ children: [run(text, face)], indent: { firstLine: 2 * CHAR, firstLineChars: 200 }, alignment: AlignmentType.JUSTIFIED, keepNext: true })
}

/**
 * "出席：…" (§10.3): two characters in, label 黑体, names 仿宋, wrapped lines aligned with the
 * first name (hanging indent of the label's three characters).
 */
function labelledParagraph(label: string, text: string): Paragraph {
  const labelChars = Array.from(label).length
  return new Paragraph({
    children: [run(label, 'heading'), run(text, 'body')],
    indent: { left: Math.round((2 + labelChars) * CHAR), hanging: Math.round(labelChars * CHAR) },
    alignment: AlignmentType.LEFT,
  })
}

function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const size = 14 * 2 // 4号
  const f = font(FONTS.pageNumber.name)
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // one character (4号) in from the edge of the text block
        indent: side === 'odd' ? { right: 14 * 20 } : { left: 14 * 20 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: f, size, snapToGrid: false })],
      }),
    ],
  })
}

function sectionProperties(grid: boolean): ISectionOptions['properties'] {
  return {
    page: {
      size: { width: PAGE.width, height: PAGE.height },
      margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: PAGE.header, footer: PAGE.footer, gutter: 0 },
    },
    ...(grid ? { grid: { type: GRID.type, linePitch: GRID.linePitch } } : {}),
  }
}

const FOOTERS = () => ({ default: pageNumberFooter('odd'), even: pageNumberFooter('even') })

// The Normal style carries the body font and size too, not only the document defaults (some
// readers take the grid's base size from the Normal style).
const STYLES = {
  default: { document: { run: { font: font(FONTS.body.name), size: BODY_PT * 2 } } },
  paragraphStyles: [{ id: 'Normal', name: 'Normal', quickFormat: true, run: { font: font(FONTS.body.name), size: BODY_PT * 2 } }],
}

// ---- 纪要 -----------------------------------------------------------------------------------

function minutesChildren(doc: MinutesDoc): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = []
  // 纪要标志: red 小标宋, centred, top edge 35 mm below the top of the text block.
  out.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: mm(35) }, children: [run(doc.mark, 'mark', 22, RED)] }))
  // 期号 (if any) above the red separator line, as wide as the text block.
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: doc.issue ? 0 : 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
      children: doc.issue ? [run(doc.issue, 'body')] : [],
    }),
  )
  out.push(new Paragraph({ children: [] }))
  const when = `${chineseDate(doc.date)}${doc.time ? ` ${doc.time}` : ''}`
  out.push(labelledParagraph('时间：', when))
  out.push(labelledParagraph('地点：', doc.place))
  out.push(labelledParagraph('主持：', doc.chair))
  out.push(labelledParagraph('记录：', doc.recorder))
  // The intro ends with the lead-out sentence; add it when the caller's intro does not.
  const intro = doc.intro.trim().endsWith(MINUTES_LEAD_OUT) ? doc.intro.trim() : `${doc.intro.trim()}${MINUTES_LEAD_OUT}`
  out.push(bodyParagraph([run(intro, 'body')]))

  doc.items.forEach((item, i) => {
    out.push(headingParagraph(`${headingNumber(i + 1)}${item.title}`, 'heading'))
    let sub = 0
    const discussion = bodyParagraphs(item.discussion)
    if (discussion.length) {
      out.push(headingParagraph(`${subHeadingNumber(++sub)}讨论情况`, 'sub'))
      for (const p of discussion) out.push(bodyParagraph([run(p, 'body')]))
    }
    const positions = positionsLine(item)
    if (positions) {
      out.push(headingParagraph(`${subHeadingNumber(++sub)}各方意见`, 'sub'))
      out.push(bodyParagraph([run(positions, 'body')]))
    }
    out.push(headingParagraph(`${subHeadingNumber(++sub)}议定事项`, 'sub'))
    const decision = bodyParagraphs(item.decision)
    for (const p of decision.length ? decision : [NO_DECISION]) out.push(bodyParagraph([run(p, 'body')]))
    if (item.tasks?.length) {
      out.push(headingParagraph(`${subHeadingNumber(sub + 1)}任务分工`, 'sub'))
      item.tasks.forEach((t, j) => out.push(bodyParagraph([run(`${listNumber(j + 1)}${taskLine(t)}`, 'body')])))
    }
  })

  // 出席 / 请假 / 列席 after the body, one blank line between (§10.3).
  out.push(new Paragraph({ children: [] }))
  out.push(labelledParagraph('出席：', attendeesLine(doc)))
  if (doc.leave?.length) out.push(labelledParagraph('请假：', leaveLine(doc)))
  const observers = observersLine(doc)
  if (observers) out.push(labelledParagraph('列席：', observers))

  out.push(new Paragraph({ children: [] }))
  out.push(
    new Paragraph({
      indent: { left: Math.round(2 * CHAR) },
      children: [run('主持人（签字）：', 'body'), run('\u3000'.repeat(6), 'body'), run('记录人（签字）：', 'body')],
    }),
  )
  if (doc.version) {
    out.push(new Paragraph({ children: [] }))
    // 5号, off the line grid: a record of the approved version, not part of the text.
    out.push(new Paragraph({ children: [new TextRun({ text: versionLine(doc.version), font: font(FONTS.body.name), size: 21, snapToGrid: false })] }))
  }
  return out
}

/** The .docx of the minutes. Throws MinutesDocError (zh-CN, naming each field) on bad input. */
export async function minutesDocx(doc: MinutesDoc): Promise<Uint8Array> {
  assertMinutesDoc(doc)
  const file = new Document({
    title: doc.mark,
    creator: '议事台',
    evenAndOddHeaderAndFooters: true,
    styles: STYLES,
    sections: [{ properties: sectionProperties(true), footers: FOOTERS(), children: minutesChildren(doc) }],
  })
  return Packer.toBuffer(file, false, OVERRIDES)
}

// ---- 签到表 ---------------------------------------------------------------------------------

/**
 * The columns: 序号 / 姓名 / 所属方 / (职务, when any row has one) / 签名, as shares of the text
 * block; the signature column takes what is left so the widths add up to the block exactly.
 */
export function signInColumns(withRole: boolean): Array<{ title: string; width: number }> {
  const parts: Array<[string, number]> = withRole
    ? [['序号', 0.09], ['姓名', 0.18], ['所属方', 0.25], ['职务', 0.16]]
    : [['序号', 0.1], ['姓名', 0.22], ['所属方', 0.3]]
  const cols = parts.map(([title, p]) => ({ title, width: Math.round(TEXT_WIDTH * p) }))
  return [...cols, { title: '签名', width: TEXT_WIDTH - cols.reduce((a, c) => a + c.width, 0) }]
}
/** Each signature row is at least 14 mm tall: room for a handwritten name. */
export const SIGN_IN_ROW_HEIGHT = mm(14)

function cell(text: string, face: Face, width: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: text ? [run(text, face, 14)] : [] })],
  })
}

function signInChildren(sheet: SignInSheet): Array<Paragraph | Table> {
  const withRole = sheet.rows.some((r) => r.role?.trim())
  const cols = signInColumns(withRole)
  const header = new TableRow({
    tableHeader: true, // repeats on every page
    height: { value: mm(10), rule: HeightRule.ATLEAST },
    children: cols.map((c) => cell(c.title, 'heading', c.width)),
  })
  const rows = sheet.rows.map((r, i) => {
    const texts = [String(i + 1), r.name, r.partyLabel, ...(withRole ? [r.role?.trim() ?? ''] : []), '']
    return new TableRow({
      cantSplit: true,
      height: { value: SIGN_IN_ROW_HEIGHT, rule: HeightRule.ATLEAST },
      children: texts.map((t, j) => cell(t, 'body', cols[j].width)),
    })
  })
  const when = `${chineseDate(sheet.date)}${sheet.time ? ` ${sheet.time}` : ''}`
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(sheet.title, 'mark', 22)] }),
    new Paragraph({ children: [run('时间：', 'heading', 14), run(when, 'body', 14)] }),
    new Paragraph({ spacing: { after: 240 }, children: [run('地点：', 'heading', 14), run(sheet.place, 'body', 14)] }),
    new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: cols.map((c) => c.width), rows: [header, ...rows] }),
  ]
}

/** The .docx of the sign-in sheet (portrait A4, the same margins). */
export async function signInSheetDocx(sheet: SignInSheet): Promise<Uint8Array> {
  assertSignInSheet(sheet)
  const file = new Document({
    title: sheet.title,
    creator: '议事台',
    evenAndOddHeaderAndFooters: true,
    styles: STYLES,
    sections: [{ properties: sectionProperties(false), footers: FOOTERS(), children: signInChildren(sheet) }],
  })
  return Packer.toBuffer(file, false, OVERRIDES)
}
