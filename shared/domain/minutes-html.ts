// The print view of a 纪要 and a 签到表: a complete HTML document with the GB/T 9704 page (A4,
// margins 37 / 35 / 28 / 26 mm, 22 lines × 28 characters of 3号仿宋, page numbers "— 1 —" in
// 4号 on the outer side), for Electron's webContents.printToPDF and the preview's Chromium print.
// The same texts as the .docx (minutes-doc.ts builds them); every text is HTML-escaped, there is
// no script, and nothing is loaded from outside. Print with the CSS page size
// (printToPDF / page.pdf `preferCSSPageSize: true`): the page boxes carry the page numbers.
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
} from './minutes-doc'

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

// Font stacks: the official font first, then what Windows, macOS and Linux usually have. Times New
// Roman first in the body so digits and Latin letters take it and Chinese falls through.
export const FONT_STACKS = {
  mark: `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
  body: `"Times New Roman", "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif`,
  heading: `"Times New Roman", "黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif`,
  sub: `"Times New Roman", "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", serif`,
  pageNumber: `"宋体", "SimSun", "Times New Roman", serif`,
} as const

// 28 characters in 156 mm = 442.2 pt: a 16 pt glyph condensed by 0.25 pt (15.75 pt, as in the
// .docx); 22 lines in 225 mm: 28.95 pt per line (579 twips, the .docx line grid).
const PAGE_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font: 14pt ${FONT_STACKS.pageNumber}; vertical-align: top; padding-top: 7mm; margin-right: 14pt; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font: 14pt ${FONT_STACKS.pageNumber}; vertical-align: top; padding-top: 7mm; margin-left: 14pt; } }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_STACKS.body}; font-size: 16pt; line-height: 28.95pt; letter-spacing: -0.25pt; color: #000; font-variant-ligatures: none; }
@media screen { body { width: 156mm; margin: 0 auto; padding: 37mm 0 35mm; } }
p { margin: 0; text-align: justify; text-indent: 31.5pt; orphans: 2; widows: 2; }
.mark { margin: 35mm 0 0; font-weight: normal; line-height: 28.95pt; text-align: center; text-indent: 0; color: #FF0000; font-family: ${FONT_STACKS.mark}; font-size: 22pt; letter-spacing: 0; }
.issue { text-align: center; text-indent: 0; border-bottom: 1.5pt solid #FF0000; padding-bottom: 3pt; min-height: 8pt; }
.gap { height: 28.95pt; }
.h1 { font-family: ${FONT_STACKS.heading}; break-after: avoid; }
.h2 { font-family: ${FONT_STACKS.sub}; break-after: avoid; }
.labelled { text-indent: -47.25pt; padding-left: 78.75pt; text-align: left; }
.label { font-family: ${FONT_STACKS.heading}; }
.signatures { text-indent: 31.5pt; }
.version { font-size: 10.5pt; line-height: 1.5; letter-spacing: 0; text-indent: 0; margin-top: 28.95pt; word-break: break-all; }
`

const p = (cls: string, html: string) => `<p${cls ? ` class="${cls}"` : ''}>${html}</p>`
const labelled = (label: string, text: string) => p('labelled', `<span class="label">${escapeHtml(label)}</span>${escapeHtml(text)}`)

function page(title: string, css: string, body: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    `<meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>` +
    `<style>${css}</style></head><body>\n${body}\n</body></html>\n`
  )
}

/** The print view of the minutes. Throws MinutesDocError (zh-CN, naming each field) on bad input. */
export function minutesHtml(doc: MinutesDoc): string {
  assertMinutesDoc(doc)
  const out: string[] = []
  out.push(`<h1 class="mark">${escapeHtml(doc.mark)}</h1>`)
  out.push(p('issue', doc.issue ? escapeHtml(doc.issue) : ''))
  out.push('<div class="gap"></div>')
  out.push(labelled('时间：', `${chineseDate(doc.date)}${doc.time ? ` ${doc.time}` : ''}`))
  out.push(labelled('地点：', doc.place))
  out.push(labelled('主持：', doc.chair))
  out.push(labelled('记录：', doc.recorder))
  const intro = doc.intro.trim().endsWith(MINUTES_LEAD_OUT) ? doc.intro.trim() : `${doc.intro.trim()}${MINUTES_LEAD_OUT}`
  out.push(p('', escapeHtml(intro)))
  doc.items.forEach((item, i) => {
    out.push(`<section class="item">`)
    out.push(p('h1', escapeHtml(`${headingNumber(i + 1)}${item.title}`)))
    let sub = 0
    const discussion = bodyParagraphs(item.discussion)
    if (discussion.length) {
      out.push(p('h2', `${subHeadingNumber(++sub)}讨论情况`))
      for (const t of discussion) out.push(p('', escapeHtml(t)))
    }
    const positions = positionsLine(item)
    if (positions) {
      out.push(p('h2', `${subHeadingNumber(++sub)}各方意见`))
      out.push(p('', escapeHtml(positions)))
    }
    out.push(p('h2', `${subHeadingNumber(++sub)}议定事项`))
    const decision = bodyParagraphs(item.decision)
    for (const t of decision.length ? decision : [NO_DECISION]) out.push(p('decision', escapeHtml(t)))
    if (item.tasks?.length) {
      out.push(p('h2', `${subHeadingNumber(sub + 1)}任务分工`))
      item.tasks.forEach((t, j) => out.push(p('task', escapeHtml(`${listNumber(j + 1)}${taskLine(t)}`))))
    }
    out.push('</section>')
  })
  out.push('<div class="gap"></div>')
  out.push(labelled('出席：', attendeesLine(doc)))
  if (doc.leave?.length) out.push(labelled('请假：', leaveLine(doc)))
  const observers = observersLine(doc)
  if (observers) out.push(labelled('列席：', observers))
  out.push('<div class="gap"></div>')
  out.push(p('signatures', '主持人（签字）：' + '\u3000'.repeat(6) + '记录人（签字）：'))
  if (doc.version) out.push(p('version', escapeHtml(versionLine(doc.version))))
  return page(doc.mark, PAGE_CSS, out.join('\n'))
}

const SIGN_IN_CSS = `${PAGE_CSS}
h1 { margin: 0 0 12pt; text-align: center; font-family: ${FONT_STACKS.mark}; font-size: 22pt; font-weight: normal; letter-spacing: 0; }
.meta { text-indent: 0; font-size: 14pt; line-height: 1.6; }
table { width: 100%; margin-top: 8pt; border-collapse: collapse; font-size: 14pt; line-height: 1.4; letter-spacing: 0; }
th, td { border: 0.75pt solid #000; text-align: center; vertical-align: middle; padding: 2pt 4pt; }
th { font-family: ${FONT_STACKS.heading}; font-weight: normal; height: 10mm; }
td { height: 14mm; }
tr { break-inside: avoid; }
`

/** The print view of the sign-in sheet (序号, 姓名, 所属方, 职务 when any, 签名). */
export function signInSheetHtml(sheet: SignInSheet): string {
  assertSignInSheet(sheet)
  const withRole = sheet.rows.some((r) => r.role?.trim())
  const heads = ['序号', '姓名', '所属方', ...(withRole ? ['职务'] : []), '签名']
  const widths = withRole ? [9, 18, 25, 16, 32] : [10, 22, 30, 38]
  const rows = sheet.rows.map(
    (r, i) =>
      `<tr><td>${i + 1}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.partyLabel)}</td>` +
      (withRole ? `<td>${escapeHtml(r.role?.trim() ?? '')}</td>` : '') +
      '<td></td></tr>',
  )
  const when = `${chineseDate(sheet.date)}${sheet.time ? ` ${sheet.time}` : ''}`
  const body = [
    `<h1>${escapeHtml(sheet.title)}</h1>`,
    p('meta', `<span class="label">时间：</span>${escapeHtml(when)}`),
    p('meta', `<span class="label">地点：</span>${escapeHtml(sheet.place)}`),
    `<table><colgroup>${widths.map((_, i) => `<col class="c${i}">`).join('')}</colgroup>`,
    `<thead><tr>${heads.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody></table>`,
  ]
  const colCss = widths.map((w, i) => `col.c${i} { width: ${w}%; }`).join('\n')
  return page(sheet.title, `${SIGN_IN_CSS}${colCss}`, body.join('\n'))
}
