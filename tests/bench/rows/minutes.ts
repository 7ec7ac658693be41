import { chromium } from 'playwright-core'
import { AlignmentType, BorderStyle, Document, DocumentGridType, Footer, Packer, PageNumber, Paragraph, TextRun } from 'docx'
import { minutesDocx } from '../../../electron/services/minutes-docx'
import {
  MINUTES_LEAD_OUT,
  NO_DECISION,
  attendeesLine,
  chineseDate,
  headingNumber,
  listNumber,
  observersLine,
  paragraphs,
  positionsLine,
  subHeadingNumber,
  taskLine,
  versionLine,
  type MinutesDoc,
} from '../../../shared/domain/minutes-doc'
import { FONT_STACKS, escapeHtml, minutesHtml } from '../../../shared/domain/minutes-html'
import { findChromium } from '../../e2e/harness'
import { sampleMinutes } from '../../helpers/minutes-sample'
import { figure, type BenchRow } from '../harness'

// Minutes export of a 10-item meeting (issue 10): ours vs a floor that does the same work with the
// same library and nothing else. Target ≤ 1.5× the floor for each.
// - .docx: ours = minutesDocx (checks, GB/T 9704 layout, font table with fallbacks, pack); the
//   floor = the docx library packing an equivalent document (same paragraphs, runs, fonts, sizes,
//   page, grid and footers) built directly from texts prepared beforehand, without checks.
// - PDF: ours = minutesHtml + Chromium setContent + page.pdf; the floor = a minimal HTML page with
//   the same texts in the same fonts and sizes (one <p> each; the same @page size and margins and
//   line height) through the same setContent + page.pdf, in the same browser page.
//   Electron's printToPDF is the same Chromium call.

type Line = { text: string; font: string; pt: number; color?: string }

/** The texts of the document, in order, with the font each is set in (prepared outside the timing). */
export function flatten(doc: MinutesDoc): Line[][] {
  const body = (text: string): Line[] => [{ text, font: '仿宋_GB2312', pt: 16 }]
  const out: Line[][] = [[{ text: doc.mark, font: '方正小标宋简体', pt: 22, color: 'FF0000' }], doc.issue ? body(doc.issue) : []]
  out.push([{ text: '时间：', font: '黑体', pt: 16 }, ...body(`${chineseDate(doc.date)} ${doc.time ?? ''}`)])
  out.push([{ text: '地点：', font: '黑体', pt: 16 }, ...body(doc.place)])
  out.push([{ text: '主持：', font: '黑体', pt: 16 }, ...body(doc.chair)])
  out.push([{ text: '记录：', font: '黑体', pt: 16 }, ...body(doc.recorder)])
  out.push(body(doc.intro.endsWith(MINUTES_LEAD_OUT) ? doc.intro : doc.intro + MINUTES_LEAD_OUT))
  doc.items.forEach((item, i) => {
    out.push([{ text: headingNumber(i + 1) + item.title, font: '黑体', pt: 16 }])
    let sub = 0
    const d = paragraphs(item.discussion)
    if (d.length) out.push([{ text: `${subHeadingNumber(++sub)}讨论情况`, font: '楷体_GB2312', pt: 16 }], ...d.map(body))
    const pos = positionsLine(item)
    if (pos) out.push([{ text: `${subHeadingNumber(++sub)}各方意见`, font: '楷体_GB2312', pt: 16 }], body(pos))
    out.push([{ text: `${subHeadingNumber(++sub)}议定事项`, font: '楷体_GB2312', pt: 16 }], body(item.decision || NO_DECISION))
    if (item.tasks?.length) {
      out.push([{ text: `${subHeadingNumber(sub + 1)}任务分工`, font: '楷体_GB2312', pt: 16 }])
      item.tasks.forEach((t, j) => out.push(body(listNumber(j + 1) + taskLine(t))))
    }
  })
  out.push([{ text: '出席：', font: '黑体', pt: 16 }, ...body(attendeesLine(doc))])
  if (doc.leave?.length) out.push([{ text: '请假：', font: '黑体', pt: 16 }, ...body(doc.leave.join('、'))])
  out.push([{ text: '列席：', font: '黑体', pt: 16 }, ...body(observersLine(doc))])
  out.push(body('主持人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000记录人（签字）：'))
  if (doc.version) out.push([{ text: versionLine(doc.version), font: '仿宋_GB2312', pt: 10.5 }])
  return out
}

export async function floorDocx(lines: Line[][]): Promise<Uint8Array> {
  const footer = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new Footer({ children: [new Paragraph({ alignment, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: 28 })] })] })
  const file = new Document({
    evenAndOddHeaderAndFooters: true,
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } },
          grid: { type: DocumentGridType.LINES, linePitch: 579 },
        },
        footers: { default: footer(AlignmentType.RIGHT), even: footer(AlignmentType.LEFT) },
        children: lines.map(
          (runs, i) =>
            new Paragraph({
              indent: { firstLine: 630 },
              ...(i === 1 ? { border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'FF0000', space: 4 } } } : {}),
              children: runs.map((r) => new TextRun({ text: r.text, font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: r.font }, size: r.pt * 2, characterSpacing: -5, ...(r.color ? { color: r.color } : {}) })),
            }),
        ),
      },
    ],
  })
  return Packer.toBuffer(file)
}

// The same page geometry, type size, line height and fonts as ours (so both print the same pages
// and embed the same font subsets), and nothing else: no classes, checks or page-number boxes.
const STACK: Record<string, string> = {
  方正小标宋简体: FONT_STACKS.mark,
  仿宋_GB2312: FONT_STACKS.body,
  黑体: FONT_STACKS.heading,
  楷体_GB2312: FONT_STACKS.sub,
}
const floorHtml = (lines: Line[][]) =>
  '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>@page { size: A4; margin: 37mm 26mm 35mm 28mm; } ' +
  'body { margin: 0; font-size: 16pt; line-height: 28.95pt; } p { margin: 0; }</style></head><body>' +
  lines
    .map((runs) => `<p>${runs.map((r) => `<span style="font-family: ${STACK[r.font].replace(/"/g, "'")}; font-size: ${r.pt}pt${r.color ? `; color: #${r.color}` : ''}">${escapeHtml(r.text)}</span>`).join('')}</p>`)
    .join('') +
  '</body></html>'

export const minutesRow: BenchRow = {
  id: 'minutes',
  title: 'minutes export of a 10-item meeting (.docx, PDF) vs the library / Chromium doing the same directly',
  sizes: [10_000],
  async run(ctx) {
    const reps = ctx.quick ? 5 : 15
    const doc = sampleMinutes()
    const lines = flatten(doc)
    const samples = { docx: { ours: [] as number[], floor: [] as number[] }, pdf: { ours: [] as number[], floor: [] as number[] } }
    const time = async (f: () => Promise<unknown>) => {
      const t0 = performance.now()
      await f()
      return performance.now() - t0
    }
    // warm-ups, then pairs in alternating order (ours first, then floor first) so neither one
    // always pays for the other's garbage collection or meets the machine's load first
    for (let i = 0; i < 3; i++) {
      await minutesDocx(doc)
      await floorDocx(lines)
    }
    for (let i = 0; i < reps * 2; i++) {
      const pair = [() => minutesDocx(doc), () => floorDocx(lines)] as const
      if (i % 2) {
        samples.docx.floor.push(await time(pair[1]))
        samples.docx.ours.push(await time(pair[0]))
      } else {
        samples.docx.ours.push(await time(pair[0]))
        samples.docx.floor.push(await time(pair[1]))
      }
    }
    const browser = await chromium.launch({
      executablePath: findChromium(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    try {
      const page = await browser.newPage()
      const ours = () => page.setContent(minutesHtml(doc)).then(() => page.pdf({ preferCSSPageSize: true, printBackground: true }))
      const floor = () => page.setContent(floorHtml(lines)).then(() => page.pdf({ preferCSSPageSize: true }))
      const pages = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length
      ctx.log(`minutes: PDF pages ours ${pages(await ours())}, floor ${pages(await floor())}`)
      for (let i = 0; i < reps; i++) {
        if (i % 2) {
          samples.pdf.floor.push(await time(floor))
          samples.pdf.ours.push(await time(ours))
        } else {
          samples.pdf.ours.push(await time(ours))
          samples.pdf.floor.push(await time(floor))
        }
      }
    } finally {
      await browser.close()
    }
    ctx.log(`minutes: ${doc.items.length} items, ${lines.length} paragraphs; ${reps * 2} .docx and ${reps} PDF pairs`)
    return [
      figure('minutes.docx', 'minutes .docx, 10 items (check, GB/T 9704 layout, pack)', 'ours', samples.docx.ours),
      figure('minutes.docx', 'minutes .docx, 10 items', 'floor', samples.docx.floor, 'ms', 'docx library packing the same paragraphs built directly'),
      figure('minutes.pdf', 'minutes PDF, 10 items (print view → Chromium page.pdf)', 'ours', samples.pdf.ours),
      figure('minutes.pdf', 'minutes PDF, 10 items', 'floor', samples.pdf.floor, 'ms', 'Chromium page.pdf of a minimal HTML with the same text'),
    ]
  },
}
