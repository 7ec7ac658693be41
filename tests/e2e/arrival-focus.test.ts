import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, type E2eApp } from './harness'
import { expectAccessible } from './a11y'
import { settle } from './ui'

// Keyboard arrival, from a new street's first start: the skip link works on the first-administrator
// form too; two different passwords are said once, on the confirm field, which has the focus; after
// the first-run dialog (sample data) closes, 诉求登记 has the keyboard on 社区, as it has after a
// nav link opens it; the skip link on any screen lands in the main area; other screens do not move
// the focus.

let app: E2eApp
let page: Page
const ADMIN = '李主任'
const SECRET = 'arrival-e2e-secret-1'

beforeAll(async () => {
  app = await startApp({ signIn: false })
  page = app.page
  await page.setViewportSize({ width: 1366, height: 768 })
})
afterAll(async () => {
  await app?.close()
})

const active = () =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null
    return {
      testid: a?.getAttribute('data-testid') ?? '',
      id: a?.id ?? '',
      field: (a?.closest('[data-field]') as HTMLElement | null)?.dataset.field ?? '',
      inMain: !!a?.closest('#main-content'),
      tag: a?.tagName ?? '',
    }
  })

/** Enter on the skip link (the first focusable element: accessibility.test.ts reaches it with Tab). */
async function skipToMain(): Promise<void> {
  await page.getByTestId('skip-link').focus()
  await page.keyboard.press('Enter')
}

describe('keyboard arrival', () => {
  it('first-administrator form: the skip link lands on the form; a mismatch is said once, on the confirm field', async () => {
    await page.goto(app.host.url)
    await page.getByTestId('setup-form').waitFor()
    await expect.poll(async () => (await active()).id).toBe('session-name')
    // Shift+Tab from the first field: the skip link comes before the form.
    await page.keyboard.press('Shift+Tab')
    expect((await active()).testid).toBe('skip-link')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="session-gate"]') && document.activeElement?.tagName)).toBe('MAIN')
    await page.keyboard.press('Tab')
    expect((await active()).id).toBe('session-name')

    await page.getByTestId('setup-name').fill(ADMIN)
    await page.getByTestId('setup-secret').fill(SECRET)
    await page.getByTestId('setup-secret-again').fill(`${SECRET}x`)
    await page.getByTestId('setup-secret-again').press('Enter')
    const item = page.locator('.el-form-item', { has: page.locator('#session-secret-again') })
    await item.locator('.el-form-item__error').waitFor()
    await settle(page)
    expect(await item.locator('.el-form-item__error').innerText()).toBe('两次输入的密码不一致')
    // Once on the page, one alert for screen readers, the confirm field focused and marked invalid.
    expect(await page.getByText('两次输入的密码不一致').count()).toBe(1)
    expect(await page.locator('[role="alert"]', { hasText: '两次输入的密码不一致' }).count()).toBe(1)
    expect(await page.getByTestId('session-error').count()).toBe(0)
    expect((await active()).id).toBe('session-secret-again')
    expect(await page.locator('#session-secret-again').getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, '首次设置：两次密码不一致')
    await app.shot('arrival-setup-mismatch')

    await page.getByTestId('setup-secret-again').fill(SECRET)
    await page.getByTestId('setup-secret-again').press('Enter')
    await page.getByTestId('first-run-dialog').waitFor()
  })

  it('after the first-run dialog loads the sample, 诉求登记 has the keyboard on 社区', async () => {
    await page.getByTestId('sample-load').click()
    await page.getByTestId('first-run-dialog').waitFor({ state: 'hidden', timeout: 60_000 })
    await page.getByTestId('demand-form').waitFor()
    await expect.poll(async () => (await active()).field).toBe('communityId')
    await app.shot('arrival-collect-after-first-run')
  })

  it('a nav link to 诉求登记 puts the keyboard on 社区; other screens leave it on the link', async () => {
    await page.getByTestId('nav-implement').click()
    await page.getByTestId('task-ledger').waitFor()
    await settle(page)
    expect((await active()).testid).toBe('nav-implement')
    await page.getByTestId('nav-collect').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('demand-form').waitFor()
    await expect.poll(async () => (await active()).field).toBe('communityId')
  })

  it('the skip link lands in the main area on every screen', async () => {
    for (const [nav, ready] of [
      ['collect', 'demand-form'],
      ['implement', 'task-ledger'],
      ['people', 'people-view'],
    ] as const) {
      await page.getByTestId(`nav-${nav}`).click()
      await page.getByTestId(ready).waitFor()
      await skipToMain()
      expect((await active()).id, nav).toBe('main-content')
      await page.keyboard.press('Tab')
      expect((await active()).inMain, nav).toBe(true)
    }
    await app.shot('arrival-skip-link-main')
  })
})
