// The print view of the 纪要 and the 签到表 printed to PDF by a real Chromium (what Electron's
// printToPDF and the preview's print do), the PDF read back for its pages and text.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headingNumber, NO_DECISION } from '../../shared/domain/minutes-doc'
import { minutesHtml, signInSheetHtml } from '../../shared/domain/minutes-html'
import { sampleMinutes, sampleSignInSheet } from '../helpers/minutes-sample'
import { pdfCompactText, pdfPages } from '../helpers/pdf-text'
import { expectAccessible } from './a11y'
import { SCREENSHOT_DIR, findChromium } from './harness'

let browser: Browser
let page: Page

const compact = (s: string) => s.replace(/\s+/g, '')
const print = async (html: string): Promise<Uint8Array> => {
  // page.pdf prints with the emulated media: make it print (a screenshot test sets screen)
  await page.emulateMedia({ media: 'print' })
  await page.setContent(html)
  return page.pdf({ preferCSSPageSize: true, printBackground: true })
}
const mediaBox = (pdf: Uint8Array) => {
  const m = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(Buffer.from(pdf).toString('latin1'))!
  return [Number(m[1]), Number(m[2])]
}

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  await mkdir(SCREENSHOT_DIR, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
})

describe('minutes PDF (print view in Chromium)', () => {
  it('prints A4 pages numbered "— n —" with the mark, the 出席 line, every item and decision', async () => {
    const doc = sampleMinutes()
    const pdf = await print(minutesHtml(doc))
    await writeFile(join(SCREENSHOT_DIR, 'minutes-print.pdf'), pdf)
    const [w, h] = mediaBox(pdf)
    expect(Math.round((w / 72) * 25.4)).toBe(210)
    expect(Math.round((h / 72) * 25.4)).toBe(297)
    const pages = pdfPages(pdf)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    pages.forEach((text, i) => expect(compact(text)).toContain(`—${i + 1}—`))
    const all = pdfCompactText(pdf)
    expect(all).toContain('七口堰社区联席会议纪要')
    expect(compact(pages[0])).toContain('七口堰社区联席会议纪要第3期')
    expect(all).toContain(compact('出席：小区党支部 王志强、孙丽萍；业委会 陈丽、吴国平；物业服务企业 刘建国；社会组织 赵红梅；居民代表 黄大伟、郑秀兰、马晓东'))
    expect(all).toContain(compact('请假：业委会 何静'))
    expect(all).toContain(compact('列席：社区民警 杨警官；法律顾问 林律师；街道干部 高强'))
    expect(all).toContain('现将议定事项纪要如下：')
    for (const [i, item] of doc.items.entries()) {
      expect(all).toContain(compact(`${headingNumber(i + 1)}${item.title}`))
      expect(all).toContain(compact(item.decision || NO_DECISION))
    }
    expect(all).toContain('1.刘建国（物业服务企业）负责：由物业服务企业于一周内清理楼道杂物，业委会配合张贴告示，2026年12月5日前完成。')
    expect(all).toContain(`SHA-256：${'a3f1'.repeat(16)}`)
  })

  it('lays the page out as GB/T 9704 says: red mark, 156 mm text block, 3号 body', async () => {
    await page.setContent(minutesHtml(sampleMinutes()))
    await page.emulateMedia({ media: 'screen' })
    const m = await page.evaluate(() => {
      const mark = document.querySelector('h1.mark')!
      const body = document.querySelector('p:not([class])')!
      const s = getComputedStyle(mark)
      const mmPerPx = 25.4 / 96
      return {
        color: s.color,
        markPt: (parseFloat(s.fontSize) * 72) / 96,
        bodyPt: (parseFloat(getComputedStyle(body).fontSize) * 72) / 96,
        linePt: (parseFloat(getComputedStyle(body).lineHeight) * 72) / 96,
        widthMm: document.body.clientWidth * mmPerPx,
        scripts: document.scripts.length,
      }
    })
    expect(m.color).toBe('rgb(255, 0, 0)')
    expect(m.markPt).toBeCloseTo(22, 1)
    expect(m.bodyPt).toBeCloseTo(16, 1)
    expect(m.linePt).toBeCloseTo(28.95, 1)
    expect(m.widthMm).toBeCloseTo(156, 0)
    expect(m.scripts).toBe(0)
    await expectAccessible(page, 'minutes-print')
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width, height })
      await page.screenshot({ path: join(SCREENSHOT_DIR, `minutes-print-${width}x${height}.png`) })
    }
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  it('prints names with < & " as text, never as markup', async () => {
    const doc = sampleMinutes()
    doc.attendees[0].names = ['<b>王五</b>', '李&四', '张"三"']
    const pdf = await print(minutesHtml(doc))
    expect(await page.evaluate(() => document.querySelectorAll('b').length)).toBe(0)
    expect(pdfCompactText(pdf)).toContain('出席：小区党支部<b>王五</b>、李&四、张"三"；')
  })
})

describe('sign-in sheet PDF', () => {
  it('prints the table with every name and the signature column', async () => {
    const sheet = sampleSignInSheet()
    const pdf = await print(signInSheetHtml(sheet))
    await writeFile(join(SCREENSHOT_DIR, 'sign-in-print.pdf'), pdf)
    const pages = pdfPages(pdf)
    expect(pages.length).toBe(2)
    const all = pdfCompactText(pdf)
    expect(compact(pages[0])).toContain('七口堰社区联席会议签到表')
    expect(compact(pages[0])).toContain('序号姓名所属方职务签名')
    // the header row repeats on the second page
    expect(compact(pages[1])).toContain('序号姓名所属方职务签名')
    for (const [i, r] of sheet.rows.entries()) expect(all).toContain(compact(`${i + 1}${r.name}${r.partyLabel}${r.role ?? ''}`))
    await page.emulateMedia({ media: 'screen' })
    await expectAccessible(page, 'sign-in-print')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'sign-in-print-1366x768.png'), fullPage: true })
  })
})
