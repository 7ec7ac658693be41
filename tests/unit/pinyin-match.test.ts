import { describe, expect, it } from 'vitest'
import { filterByQuery, matchesQuery } from '../../shared/domain/pinyin-match'

const COMMUNITIES = ['团结路社区', '七口堰社区', '新桥社区', '东门社区', '桥口社区']

describe('pinyin filtering of select options', () => {
  it('matches characters, initials, full pinyin and a mix, in any case, spaces ignored', () => {
    for (const q of ['七口堰', '口堰', 'qky', 'QKY', 'qikouyan', 'kouyan', 'qkouy', 'q k y']) {
      expect(filterByQuery(COMMUNITIES, q, (x) => x), q).toEqual(['七口堰社区'])
    }
    expect(filterByQuery(COMMUNITIES, 'zzz', (x) => x)).toEqual([])
    expect(filterByQuery(COMMUNITIES, '', (x) => x)).toEqual(COMMUNITIES)
  })

  it('puts options that start with the query first, otherwise keeps their order', () => {
    expect(filterByQuery(COMMUNITIES, 'qiao', (x) => x)).toEqual(['桥口社区', '新桥社区'])
    expect(filterByQuery(COMMUNITIES, '桥', (x) => x)).toEqual(['桥口社区', '新桥社区'])
  })

  it('works for the vocabularies (channels, categories) and digits', () => {
    expect(matchesQuery('热线', 'rx')).toBe(true)
    expect(matchesQuery('红管家走访', 'hgj')).toBe(true)
    expect(matchesQuery('12345 转办', '12345')).toBe(true)
    expect(matchesQuery('环境卫生', 'hjws')).toBe(true)
    expect(matchesQuery('环境卫生', 'tc')).toBe(false)
  })
})
