import { describe, expect, it } from 'vitest'
import { searchQueryInput } from '../../shared/contract/search'
import {
  highlightRanges,
  indexTerms,
  matchesAll,
  normalizeSearchText,
  parseQuery,
  snippet,
} from '../../shared/domain/search-text'

describe('indexTerms', () => {
  it('cuts Han runs into bigrams, keeps the run end and whole segmenter words of 3+ characters', () => {
    const terms = indexTerms('幼儿园门口停车')
    for (const bigram of ['幼儿', '儿园', '园门', '门口', '口停', '停车']) expect(terms).toContain(bigram)
    expect(terms).toContain('车') // last character of the run (one-character queries)
    // whole segmenter words of 3+ characters (which ones depends on the ICU data of the runtime)
    const text = '中华人民共和国社区党群服务中心'
    const long = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)].map((s) => s.segment).filter((w) => w.length >= 3)
    for (const w of long) expect(indexTerms(text)).toContain(w)
    expect(terms).not.toContain('幼') // no unigrams inside a run
  })

  it('keeps letter/digit runs whole, lower case and half width; punctuation separates', () => {
    const terms = indexTerms('七口堰-2026-0042，ＡＢ楼3栋')
    expect(terms).toEqual(expect.arrayContaining(['七口', '口堰', '2026', '0042', 'ab', '3', '栋']))
    expect(terms.some((t) => t.includes('-') || t.includes('，'))).toBe(false)
  })

  it('a lone Han character between separators is a term', () => {
    expect(indexTerms('水，电')).toEqual(['水', '电'])
  })
})

describe('parseQuery', () => {
  it('a two-character query is one bigram', () => {
    expect(parseQuery('物业')).toEqual([{ text: '物业', terms: ['物业'], prefix: false, boostWords: [] }])
  })

  it('a four-character query is covered by two bigrams; odd lengths add the last bigram', () => {
    expect(parseQuery('安全隐患')[0].terms).toEqual(['安全', '隐患'])
    expect(parseQuery('七口堰')[0].terms).toEqual(['七口', '口堰'])
  })

  it('splits at spaces and punctuation; every part must match; duplicates once', () => {
    const parts = parseQuery(' 物业，噪音  物业 0042')
    expect(parts.map((p) => p.text)).toEqual(['物业', '噪音', '0042'])
    expect(matchesAll(normalizeSearchText('物业不管噪音，编号0042'), parts)).toBe(true)
    expect(matchesAll(normalizeSearchText('物业不管'), parts)).toBe(false)
  })

  it('a single character matches as a prefix; full-width and capitals are normalised', () => {
    expect(parseQuery('水')[0]).toMatchObject({ terms: ['水'], prefix: true })
    expect(parseQuery('ＡＢＣ')[0].text).toBe('abc')
  })

  it('empty or punctuation-only queries have no parts', () => {
    expect(parseQuery('')).toEqual([])
    expect(parseQuery(' ，。！ ')).toEqual([])
  })
})

describe('highlightRanges and snippet', () => {
  it('finds every occurrence of every part, merged and sorted', () => {
    const text = '楼道灯坏了，楼道很黑，灯一直不亮'
    expect(highlightRanges(text, parseQuery('楼道 灯'))).toEqual([
      [0, 3],
      [6, 8],
      [11, 12],
    ])
  })

  it('overlapping parts merge into one range; case-insensitive on the original text', () => {
    expect(highlightRanges('安全隐患', parseQuery('安全隐 隐患'))).toEqual([[0, 4]])
    expect(highlightRanges('ABC栋', parseQuery('abc'))).toEqual([[0, 3]])
  })

  it('cuts plain and marked pieces; text with markup stays text', () => {
    const text = '<b>停车</b>位被占'
    const pieces = snippet(text, highlightRanges(text, parseQuery('停车')))
    expect(pieces).toEqual([{ text: '<b>' }, { text: '停车', mark: true }, { text: '</b>位被占' }])
  })

  it('a long text is cut around the first match with ellipses', () => {
    const text = `${'前'.repeat(100)}停车${'后'.repeat(100)}`
    const pieces = snippet(text, highlightRanges(text, parseQuery('停车')), 40)
    expect(pieces[0].text.startsWith('…')).toBe(true)
    expect(pieces.at(-1)!.text.endsWith('…')).toBe(true)
    expect(pieces.find((p) => p.mark)?.text).toBe('停车')
    expect(pieces.map((p) => p.text).join('').length).toBe(42)
  })

  it('no match: the start of the text', () => {
    expect(snippet('一二三四五', [], 3)).toEqual([{ text: '一二三…' }])
  })
})

describe('search:query schema', () => {
  it('defaults and refuses bad filters with zh-CN messages naming the field', () => {
    expect(searchQueryInput.parse({})).toMatchObject({ query: '', page: 1, pageSize: 20 })
    const bad = searchQueryInput.safeParse({ from: '2026/05/01', status: 'done', query: '字'.repeat(101) })
    expect(bad.success).toBe(false)
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(messages).toEqual(
      expect.arrayContaining([
        'from: 起始日期须为“年-月-日”格式，如 2026-05-01',
        'status: 诉求状态无效',
        'query: 检索词不能超过 100 个字',
      ]),
    )
    const reversed = searchQueryInput.safeParse({ from: '2026-06-01', to: '2026-05-01' })
    expect(reversed.error!.issues[0]).toMatchObject({ path: ['from'], message: '起始日期不能晚于截止日期' })
  })
})
