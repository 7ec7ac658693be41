// The printed page number of 一事一档: the locale's sentence as the CSS content of an @page box.
import { describe, expect, it } from 'vitest'
import { pageCounterContent } from '../../renderer/src/components/evaluate/page-counter'

describe('pageCounterContent', () => {
  it('turns {page} and {pages} into the page counters, the words around them into CSS strings', () => {
    expect(pageCounterContent('第 {page} 页 共 {pages} 页')).toBe('"第 " counter(page) " 页 共 " counter(pages) " 页"')
    expect(pageCounterContent('Page {page} of {pages}')).toBe('"Page " counter(page) " of " counter(pages)')
    expect(pageCounterContent('— {page} —')).toBe('"— " counter(page) " —"')
  })
  it('escapes quotes and backslashes so the rule stays valid', () => {
    expect(pageCounterContent('"{page}"\\')).toBe('"\\"" counter(page) "\\"\\\\"')
  })
})
