// Accessibility check for e2e tests: axe-core (WCAG 2 A + AA rules) run inside the page.
// Every screen an e2e test visits calls `expectAccessible(page, '<screen name>')`, with dialogs and
// drawers open where the test opens them; any violation fails with the rule, the elements and the
// screen named.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The WCAG 2.0 / 2.1 / 2.2 level A and AA rule sets (GB/T 37668-2019 follows WCAG 2.0 AA). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export interface A11yViolation {
  rule: string
  impact: string | null
  help: string
  nodes: Array<{ target: string; summary: string }>
}

/** Runs axe on the current page (or under `scope`, a CSS selector) and returns the violations. */
export async function axeViolations(page: Page, scope?: string): Promise<A11yViolation[]> {
  // The page's CSP forbids inline scripts, so axe is evaluated through the DevTools protocol
  // (page.evaluate), which CSP does not govern; it is injected once per document.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined')
  if (!loaded) await page.evaluate(AXE_SOURCE)
  return page.evaluate(
    async ({ tags, scope }) => {
      type AxeResult = {
        violations: Array<{
          id: string
          impact: string | null
          help: string
          nodes: Array<{ target: unknown[]; failureSummary?: string }>
        }>
      }
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } }).axe
      const result = await axe.run(scope ?? document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      })
      return result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').split('\n').slice(0, 3).join(' ') })),
      }))
    },
    { tags: WCAG_TAGS, scope },
  )
}

/** Human-readable report: one line per rule, then each element with axe's reason. */
export function formatViolations(screen: string, violations: A11yViolation[]): string {
  const lines = [`${screen}: ${violations.length} accessibility rule(s) violated`]
  for (const v of violations) {
    lines.push(`- ${v.rule} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.length} element(s)`)
    for (const n of v.nodes.slice(0, 8)) lines.push(`    ${n.target}  ${n.summary}`)
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`)
  }
  return lines.join('\n')
}

/** Fails (throws) when the screen has any WCAG 2 A/AA violation. */
export async function expectAccessible(page: Page, screen: string, scope?: string): Promise<void> {
  // A toast left from the previous action sits under a dialog's dimming mask until it times out;
  // axe would measure its text through the mask. Wait for it to go (toasts last 3 s) when a
  // dialog is open; on a plain screen the toast itself is checked.
  await page
    .waitForFunction(() => !document.querySelector('.el-overlay:not([style*="display: none"])') || !document.querySelector('.el-message'), undefined, {
      timeout: 8_000,
    })
    .catch(() => undefined)
  // Let transitions settle: half-faded dialogs and toasts give false contrast findings. A toast
  // may begin to fade in just after the first look (a loaded machine), so wait until every toast
  // is fully shown and nothing is running any more.
  await page
    .waitForFunction(() => [...document.querySelectorAll('.el-message')].every((m) => getComputedStyle(m).opacity === '1'), undefined, { timeout: 5_000 })
    .catch(() => undefined)
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 })
    .catch(() => undefined)
  const violations = await axeViolations(page, scope)
  if (violations.length) throw new Error(formatViolations(screen, violations))
}
