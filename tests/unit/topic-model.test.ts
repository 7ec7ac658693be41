// A topic made from a demand is named after it until someone renames it: the whole text when
// short, else up to a clause end, else a cut that says so (…) — never a title stopped mid-word.
import { describe, expect, it } from 'vitest'
import { defaultTopicTitle, TOPIC_TITLE_MAX } from '../../shared/domain/topic-model'

describe('defaultTopicTitle', () => {
  it('keeps a short description whole (without its closing stop)', () => {
    expect(defaultTopicTitle('3栋电梯经常停运，老人上下楼很困难')).toBe('3栋电梯经常停运，老人上下楼很困难')
    expect(defaultTopicTitle('  楼道灯坏了。 ')).toBe('楼道灯坏了')
  })

  it('a long one ends at its last clause end within the limit', () => {
    expect(defaultTopicTitle('地库B区三辆僵尸车长期占用车位，请社区协调物业尽快处理')).toBe('地库B区三辆僵尸车长期占用车位')
  })

  it('a long clause is cut with …, within the title limit', () => {
    const title = defaultTopicTitle('小区东门外人行道上长期堆放建筑垃圾和废旧家具影响居民出行和环境卫生请尽快清理')
    expect(title).toBe('小区东门外人行道上长期堆放建筑垃圾和废旧家具影…')
    expect([...title].length).toBeLessThanOrEqual(TOPIC_TITLE_MAX)
  })

  it('a description that starts with a comma still gives a title', () => {
    expect(defaultTopicTitle('，噪音扰民')).toBe('噪音扰民')
  })
})
