// The overdue watch of the desktop shell (issue 11): at start, hourly and on task changes, with a
// notification only when the count rises; against the real task service and an injected clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { contract } from '../../shared/contract'
import { overdueMessage, startOverdueWatch, OVERDUE_CHECK_MS } from '../../electron/api/overdue-watch'
import { asSecretary, openMeetingFixture, type MeetingFixture } from './meeting-fixture'

let f: MeetingFixture
beforeEach(async () => {
  f = await openMeetingFixture()
})
afterEach(async () => {
  await f.db.close()
})

const newTask = (deadline: string, title = '修复路灯') =>
  f.services.task.create(contract['task:create'].input.parse({ communityId: 'cA', title, party: 'street', owner: '李科长', deadline }), asSecretary)

describe('overdue watch', () => {
  it('checks at start and each hour, and notifies only when more tasks are overdue than last announced', async () => {
    await newTask('2026-05-25')
    const notify = vi.fn()
    let tick: () => void = () => undefined
    const every = vi.fn((fn: () => void, ms: number) => {
      expect(ms).toBe(OVERDUE_CHECK_MS)
      tick = fn
      return () => undefined
    })
    const watch = startOverdueWatch({ overdue: () => f.services.task.overdue({}), notify, every })
    await watch.check()
    expect(notify).not.toHaveBeenCalled() // nothing overdue on 2026-05-20

    f.now.set('2026-05-27T09:00:00+08:00')
    tick()
    await watch.check()
    expect(notify).toHaveBeenCalledTimes(1)
    expect(notify).toHaveBeenLastCalledWith('有 1 项任务已逾期', '请在“推进落实”中查看并督办。')

    tick() // the next hour, the same task: no second notification
    await watch.check()
    expect(notify).toHaveBeenCalledTimes(1)

    await newTask('2026-05-26', '清理楼道')
    await watch.check()
    expect(notify).toHaveBeenCalledTimes(2)
    expect(notify).toHaveBeenLastCalledWith('有 2 项任务已逾期', '请在“推进落实”中查看并督办。')
    watch.stop()
  })

  it('says how many communities when several; nothing for zero', () => {
    expect(overdueMessage({ count: 0, byCommunity: {}, today: '2026-05-20' })).toBeNull()
    expect(overdueMessage({ count: 3, byCommunity: { cA: 2, cB: 1 }, today: '2026-05-20' })).toEqual({
      title: '有 3 项任务已逾期',
      body: '涉及 2 个社区，请在“推进落实”中查看并督办。',
    })
  })

  it('a failing check is logged and the watch keeps going', async () => {
    const log = vi.fn()
    const overdue = vi.fn().mockRejectedValueOnce(new Error('disk')).mockResolvedValue({ count: 1, byCommunity: { cA: 1 }, today: '2026-05-20' })
    const notify = vi.fn()
    const watch = startOverdueWatch({ overdue, notify, log, every: () => () => undefined })
    await watch.check()
    expect(log).toHaveBeenCalledTimes(1)
    await watch.check()
    expect(notify).toHaveBeenCalledTimes(1)
    watch.stop()
  })
})
