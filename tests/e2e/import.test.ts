import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'
import { encodeGbk } from '../helpers/gbk'

// 表格导入 in real Chromium: a GBK .csv (what Chinese Excel and 12345 exports write) goes through
// the file input → preview with the header mapped → the file-wide channel and category chosen →
// the bad rows listed (and downloadable) → the valid rows imported → they are in the list.

let app: E2eApp
let page: Page
const stamp = Date.now()
const CSV = [
  '序号,来电时间,市民姓名,来电号码,所属社区,小区,工单内容,备注',
  `1,2025/3/5 9:30,王芳,138 8888 6666,七口堰,丽景花园,E2E-${stamp} 楼道灯不亮,`,
  `2,2025年3月6日,李强,,七口堰社区,,E2E-${stamp} 垃圾清运不及时,`,
  `3,2025-02-30,张三,,七口堰,,E2E-${stamp} 日期有误,`,
  `4,2025/3/7,赵六,,西门社区,,E2E-${stamp} 社区不存在,`,
  `5,2025/3/8,钱七,,七口堰,,=HYPERLINK("http://x"),`,
  `1,2025/3/5 9:30,王芳,138 8888 6666,七口堰,丽景花园,E2E-${stamp} 楼道灯不亮,`,
  '',
].join('\r\n')

beforeAll(async () => {
  app = await startApp()
  page = app.page
  await app.api('community:create', { name: '七口堰社区', grids: [{ name: '第一网格' }], compounds: [{ name: '丽景花园', gridIndex: 0 }] })
})
afterAll(async () => {
  await app?.close()
})

async function chooseOption(testid: string, label: string) {
  await page.getByTestId(testid).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
}

describe('spreadsheet import', () => {
  it('opens from 收集意见 and previews a GBK csv with the header mapped', async () => {
    await page.goto(`${app.host.url}#/collect`)
    const firstRun = page.getByTestId('first-run-skip')
    if (await firstRun.isVisible().catch(() => false)) await firstRun.click()
    await page.getByTestId('open-import').click()
    await page.getByTestId('view-import').waitFor()
    await page.getByTestId('import-file').setInputFiles({ name: '12345热线导出.csv', mimeType: 'text/csv', buffer: Buffer.from(encodeGbk(CSV)) })
    await page.getByTestId('import-sample').waitFor()
    expect(await page.getByTestId('import-file-info').innerText()).toBe('12345热线导出.csv：6 行数据，CSV，编码 GBK/GB18030')
    expect(await page.getByTestId('import-sample').innerText()).toContain('楼道灯不亮')
    expect(await page.getByTestId('import-missing').innerText()).toContain('请为以下字段指定列：来源渠道、诉求类别')
    expect(await page.getByTestId('import-unmapped').innerText()).toContain('序号、备注')
    await expect.poll(() => page.getByTestId('import-commit').isDisabled()).toBe(true)
  })

  it('takes a channel and a category for the whole file and lists the bad rows by row, column and reason', async () => {
    await chooseOption('import-default-channel', '12345 转办')
    await chooseOption('import-default-category', '环境卫生')
    await page.getByTestId('import-check').click()
    await expect.poll(() => page.getByTestId('import-summary').innerText()).toBe(
      '共 6 行：可导入 3 行，有错误 2 行，文件内重复 1 行，已导入过 0 行',
    )
    const issues = await page.getByTestId('import-issue-table').innerText()
    expect(issues).toContain('日期不存在：2025年2月30日')
    expect(issues).toContain('社区不存在：西门社区')
    expect(issues).toContain('与第 2 行内容相同，只导入一次')
    expect(issues).toContain('以 = + - @ 开头，已按文本导入')
    await expectAccessible(page, '表格导入（预览）')
    await page.setViewportSize({ width: 1366, height: 768 })
    await app.shot('40-import-preview-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await app.shot('41-import-preview-1920')
    await page.setViewportSize({ width: 1440, height: 900 })

    const download = page.waitForEvent('download')
    await page.getByTestId('import-report-csv').click()
    expect((await download).suggestedFilename()).toBe('12345热线导出-导入问题.csv')
  })

  it('imports the valid rows after a confirmation, and they are in the list', async () => {
    await page.getByTestId('import-commit').click()
    await page.locator('.import-confirm').click()
    await page.getByTestId('import-done').waitFor()
    expect(await page.getByTestId('import-done').innerText()).toContain('已导入 3 条诉求（来源“12345热线导出”）')
    await page.setViewportSize({ width: 1366, height: 768 })
    await app.shot('42-import-done-1366')
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.getByTestId('import-to-list').click()
    const list = page.getByTestId('demand-list')
    await list.waitFor()
    await expect.poll(() => list.innerText()).toContain(`E2E-${stamp} 楼道灯不亮`)
    expect(await list.innerText()).toContain(`E2E-${stamp} 垃圾清运不及时`)
    const page1 = await app.api('demand:list', {})
    expect(page1.total).toBe(3)
  })

  it('the same file again adds nothing', async () => {
    await page.getByTestId('open-import').click()
    await page.getByTestId('import-file').setInputFiles({ name: '12345热线导出.csv', mimeType: 'text/csv', buffer: Buffer.from(encodeGbk(CSV)) })
    await expect.poll(() => page.getByTestId('import-summary').innerText()).toContain('可导入 0 行')
    expect(await page.getByTestId('import-summary').innerText()).toContain('已导入过 3 行')
    await expect.poll(() => page.getByTestId('import-commit').isDisabled()).toBe(true)
    expect((await app.api('demand:list', {})).total).toBe(3)
  })
})
