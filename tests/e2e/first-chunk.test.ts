// The first screen's code (what index.html loads before any page: the entry and its preloads) in
// the built renderer: no zod, no contract schemas. The schemas load with the forms that check
// input; the leader's home must not wait for them (issue 12, renderer row of `npm run bench`).
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const DIST = resolve(import.meta.dirname, '../../dist-web')

/** The scripts index.html loads eagerly: its module entry and every modulepreload. */
function eagerScripts(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8')
  return [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1])
}

describe('the first chunk', () => {
  it('carries no zod and no contract schema', () => {
    const scripts = eagerScripts()
    expect(scripts.length).toBeGreaterThan(1)
    const withZod = scripts.filter((f) => readFileSync(join(DIST, f), 'utf8').includes('$ZodError'))
    expect(withZod).toEqual([])
    // the marker is zod's: the forms' lazily loaded chunks still carry it
    const all = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'))
    expect(all.filter((f) => !scripts.includes(`assets/${f}`) && readFileSync(join(DIST, 'assets', f), 'utf8').includes('$ZodError')).length).toBeGreaterThan(0)
  })
})
