import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import ExcelJS from 'exceljs'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'

// 表格导入 of communities in real Chromium: the kind chosen by keyboard (arrow key in the radio
// group) → an .xlsx with one bad row → the report by row and field, the import refused → the
// fixed file → imported after a confirmation → the communities with their grids and compounds are
// on the 社区 page; the same file again adds nothing.

let app: E2eApp
let page: Page
const stamp = String(Date.now()).slice(-6)
const EAST = `东湖${stamp}社区`
const SOUTH = `南湖${stamp}社区`
const HEAD = ['社区', '网格', '小区', '户数']
const GOOD = [
  [EAST, '第一网格', '甲苑', '1200'],
  [EAST, '第一网格', '乙苑', ''],
  [EAST, '第二网格', '丙苑', ''],
  [SOUTH, '', '', '600'],
]

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('社区名册')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

beforeAll(async () => {
  app = await startApp()
  page = app.page
})
afterAll(async () => {
  await app?.close()
})

describe('community import', () => {
  it('picks the community kind by keyboard and reports the bad row by row and field; nothing is imported', async () => {
    // a fresh data folder: the first-run dialog (skipping it leads to 社区管理), then 表格导入
    await page.goto(app.host.url)
    await page.getByTestId('first-run-dialog').waitFor()
    await page.getByTestId('first-run-skip').click()
    await page.getByTestId('first-run-dialog').waitFor({ state: 'hidden' })
    await page.goto(`${app.host.url}#/import`)
    await page.getByTestId('view-import').waitFor()
    const demand = page.getByTestId('import-kind-demand').locator('input')
    await demand.focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.getByTestId('import-kind-community').locator('input').isChecked()).toBe(true)
    await page.getByTestId('import-community-intro').waitFor()

    const bad = await xlsx([HEAD, GOOD[0], GOOD[1], [EAST, '第一网格', '甲苑', ''], ['', '第二网格', '丁苑', ''], GOOD[2], GOOD[3]])
    await page.getByTestId('import-file').setInputFiles({ name: '社区名册.xlsx', mimeType: MIME, buffer: bad })
    await page.getByTestId('import-sample').waitFor()
    expect(await page.getByTestId('import-kind-community').locator('input').isDisabled()).toBe(true)
    const fields = await page.locator('[data-testid="import-mapping"] tr[data-field]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.field))
    expect(fields).toEqual(['community', 'grid', 'compound', 'households'])
    await expect.poll(() => page.getByTestId('import-summary').innerText()).toBe(
      '共 6 行：新增社区 2 个、网格 2 个、小区 3 个（扩充已有社区 0 个）；有错误 2 行（其中文件内重复 1 行），已存在跳过 0 行',
    )
    const issues = page.getByTestId('import-issue-table')
    const rowOf = (n: number) => issues.locator('.el-table__body tr', { has: page.locator(`td:first-child >> text="${n}"`) })
    expect(await rowOf(4).innerText()).toContain('与文件中前面的行重复')
    expect(await rowOf(5).innerText()).toMatch(/社区[\s\S]*请填写社区名称/)
    expect(await page.getByTestId('import-blocked').innerText()).toContain('社区导入须全部行无误才能导入')
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true)

    await expectAccessible(page, '表格导入社区（预览，有错误行）')
    await page.setViewportSize({ width: 1366, height: 768 })
    await app.shot('43-import-communities-preview-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await app.shot('44-import-communities-preview-1920')
    // large text (适老化) on the same state
    await page.getByTestId('large-text-toggle').click()
    await expectAccessible(page, '表格导入社区（预览，大字）')
    await page.setViewportSize({ width: 1366, height: 768 })
    await app.shot('45-import-communities-preview-large-1366')
    await page.getByTestId('large-text-toggle').click()

    const download = page.waitForEvent('download')
    await page.getByTestId('import-report-xlsx').click()
    expect((await download).suggestedFilename()).toBe('社区名册-导入问题.xlsx')
    expect((await app.api('community:list', {})).filter((c) => c.name === EAST || c.name === SOUTH)).toEqual([])
  })

  it('imports the fixed file after a confirmation, and the communities appear on the 社区 page', async () => {
    await page.getByTestId('import-file').setInputFiles({ name: '社区名册.xlsx', mimeType: MIME, buffer: await xlsx([HEAD, ...GOOD]) })
    await expect.poll(() => page.getByTestId('import-summary').innerText()).toBe(
      '共 4 行：新增社区 2 个、网格 2 个、小区 3 个（扩充已有社区 0 个）；有错误 0 行（其中文件内重复 0 行），已存在跳过 0 行',
    )
    expect(await page.getByTestId('import-blocked').count()).toBe(0)
    await page.getByTestId('import-commit').click()
    const dialog = page.locator('.el-message-box')
    await expect.poll(() => dialog.innerText()).toContain('将新增社区 2 个、网格 2 个、小区 3 个')
    await page.locator('.import-confirm').click()
    await page.getByTestId('import-done').waitFor()
    expect(await page.getByTestId('import-done').innerText()).toContain('新增社区 2 个、网格 2 个、小区 3 个')
    await page.setViewportSize({ width: 1366, height: 768 })
    await app.shot('46-import-communities-done-1366')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await app.shot('47-import-communities-done-1920')
    await page.setViewportSize({ width: 1440, height: 900 })

    await page.getByTestId('import-to-communities').click()
    const table = page.getByTestId('community-table')
    await table.waitFor()
    await expect.poll(() => table.innerText()).toContain(EAST)
    // one row per community: households, grids, compounds
    const east = table.locator('.el-table__body tr', { hasText: EAST }).first()
    expect((await east.innerText()).split(/\s+/).filter(Boolean)).toEqual([EAST, '1200', '2', '3', '编辑', '删除'])
    const south = table.locator('.el-table__body tr', { hasText: SOUTH }).first()
    expect((await south.innerText()).split(/\s+/).filter(Boolean)).toEqual([SOUTH, '600', '0', '0', '编辑', '删除'])
    // its grids and compounds, in the expanded row
    const id = (await app.api('community:list', {})).find((c) => c.name === EAST)!.id
    await east.locator('.el-table__expand-icon').click()
    const places = page.getByTestId(`community-places-${id}`)
    await places.waitFor()
    const text = await places.innerText()
    for (const name of ['第一网格', '第二网格', '甲苑', '乙苑', '丙苑']) expect(text).toContain(name)
    await page.setViewportSize({ width: 1366, height: 768 })
    await app.shot('48-communities-after-import-1366')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('the same file again, opened from 社区管理, adds nothing', async () => {
    await page.getByTestId('community-import').click()
    await page.getByTestId('view-import').waitFor()
    await expect.poll(() => page.getByTestId('import-kind-community').locator('input').isChecked()).toBe(true)
    await page.getByTestId('import-file').setInputFiles({ name: '社区名册.xlsx', mimeType: MIME, buffer: await xlsx([HEAD, ...GOOD]) })
    await expect.poll(() => page.getByTestId('import-summary').innerText()).toContain('已存在跳过 4 行')
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true)
    const stored = (await app.api('community:list', {})).filter((c) => c.name === EAST)
    expect(stored).toHaveLength(1)
    expect(stored[0].compounds.map((c) => c.name)).toEqual(['甲苑', '乙苑', '丙苑'])
  })
})
