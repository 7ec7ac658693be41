// Steps the e2e tests take on Element Plus screens: wait for animations, find a field's input,
// pick an option from a select's dropdown, answer a confirmation box.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** Every running animation (dropdowns, dialogs) has finished. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
}

/** The input or textarea of a form field, by its data-testid (on the field or its wrapper). */
export const field = (page: Page, testid: string) =>
  page.locator(`[data-testid="${testid}"] input, [data-testid="${testid}"] textarea, input[data-testid="${testid}"], textarea[data-testid="${testid}"]`).first()

/**
 * Picks `label` (or the option whose data-value is `{ value }`) in the select `testid` whose
 * dropdown has `popper` as its class. Under load the dropdown may still be moving when the option
 * is clicked: wait for its animation, and try again — opening the dropdown only when it is not
 * open. (Never Escape: in a dialog it closes the dialog too, as it did in a CI run.)
 */
export async function choose(page: Page, testid: string, popper: string, label: string | { value: string }): Promise<void> {
  const dropdown = page.locator(`.${popper}:visible`)
  const option = typeof label === 'string' ? dropdown.locator('li', { hasText: label }).first() : dropdown.locator(`li[data-value="${label.value}"]`)
  for (let attempt = 0; ; attempt++) {
    if (!(await dropdown.count())) await page.getByTestId(testid).click()
    try {
      await option.waitFor({ timeout: 10_000 })
      await settle(page)
      await option.click({ timeout: 10_000 })
      break
    } catch (err) {
      if (attempt >= 2) throw err
    }
  }
  await expect.poll(() => dropdown.count()).toBe(0)
}

/** Answers the open message box with the button of `buttonClass`, after checking its text. */
export async function confirmBox(page: Page, buttonClass: string, expectText: string): Promise<void> {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  expect(await box.innerText()).toContain(expectText)
  await box.locator(`.${buttonClass}`).click()
  await box.waitFor({ state: 'hidden' })
}
