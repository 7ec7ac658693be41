// A topic made from a demand is named after it until someone renames it: its first clause, or a
// cut that says so (…), never a title stopped mid-word.
import { describe, expect, it } from 'vitest'
import { defaultTopicTitle, TOPIC_TITLE_MAX } from '../../shared/domain/topic-model'

describe('defaultTopicTitle', () => {
  it('takes the first clause of the description', () => {
    expect(defaultTopicTitle('地库B区三辆僵尸车长期占用车位，请社区协调物业处理')).toBe('地库B区三辆僵尸车长期占用车位')
    expect(defaultTopicTitle('  3栋电梯经常停运。 老人上下楼困难')).toBe('3栋电梯经常停运')
    expect(defaultTopicTitle('楼道灯坏了')).toBe('楼道灯坏了')
  })

  it('cuts a long first clause with …, within the title limit', () => {
    const title = defaultTopicTitle('小区东门外人行道上长期堆放建筑垃圾和废旧家具影响居民出行和环境卫生请尽快清理')
    expect(title).toBe('小区东门外人行道上长期堆放建筑垃圾和废旧家具影…')
    expect([...title].length).toBeLessThanOrEqual(TOPIC_TITLE_MAX)
  })

  it('a description that starts with a comma still gives a title', () => {
    expect(defaultTopicTitle('，噪音扰民')).toBe('噪音扰民')
  })
})
