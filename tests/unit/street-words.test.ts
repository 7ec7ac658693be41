// The street dashboard's headline wording: a rate's change reads as the summary sentences read it
// (提高/下降 … 个百分点), in Chinese and in English.
import { describe, expect, it } from 'vitest'
import { rateChangeText } from '../../renderer/src/components/dashboard/street-words'
import { rateClause } from '../../shared/domain/stats-sentence'

describe('rate change wording', () => {
  it('words a rate change in 百分点 exactly as the sentences do', () => {
    expect(rateChangeText('zh-CN', 2.14, 'yoy')).toBe('同比提高2.1个百分点')
    expect(rateChangeText('zh-CN', -1, 'mom')).toBe('环比下降1.0个百分点')
    expect(rateChangeText('zh-CN', 0, 'yoy')).toBe('与上年同期持平')
    expect(rateChangeText('zh-CN', null, 'mom')).toBe('上期无可比数据')
    for (const pp of [3.3, -0.5, 0, null]) expect(rateChangeText('zh-CN', pp, 'yoy')).toBe(rateClause(pp, 'yoy'))
  })

  it('speaks English in points', () => {
    expect(rateChangeText('en', 2.14, 'yoy')).toBe('up 2.1 pts year on year')
    expect(rateChangeText('en', -1, 'mom')).toBe('down 1.0 pts on the previous period')
    expect(rateChangeText('en', null, 'yoy')).toBe('no figure a year before')
  })
})
