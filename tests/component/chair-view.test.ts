// 主持会议 against the real backend: starting asks first (the missing party named, as on the
// sign-in tab), 重新计时 asks before the item's time is thrown away, and 结束会议 asks, naming the
// minutes of this window not yet saved. (minutes-view.test.ts leaves the minutes page with an
// unsaved item and ends from here.)
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import { agendaInOrder, type Meeting } from '../../shared/domain/meeting'
import { setClient } from '../../renderer/src/api'
import { useMinutesStore } from '../../renderer/src/stores/minutes'
import { createRealBackend, type RealBackend } from './helpers/real-client'
import { seedMeeting, TOPICS } from './helpers/minutes-seed'
import { mountApp } from './helpers/mount'

const mounted: Array<{ unmount: () => void }> = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const text = (sel: string) => q(sel)?.textContent?.trim() ?? ''

async function click(sel: string): Promise<void> {
  const el = q(sel)
  if (!el) throw new Error(`nothing at ${sel}`)
  el.click()
  await settle()
}

async function openChair(backend: RealBackend, m: Meeting, ready: string): Promise<void> {
  setClient(backend.client)
  const { wrapper } = await mountApp(RouterView, { path: `/meet/${m.id}/chair` })
  mounted.push(wrapper)
  await until(() => expect(q(`[data-testid="${ready}"]`)).not.toBeNull())
}

const chairActions = (backend: RealBackend) => backend.client['meeting:chair'].mock.calls.map(([i]) => i.action)

describe('ChairView confirmations', () => {
  it('starts only after the chair confirms, proceeding despite the missing party', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const m = await seedMeeting(backend, { stage: 'ready', absent: ['黄大伟'] })
    await openChair(backend, m, 'chair-start')
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValue('confirm' as never)

    await click('[data-testid="chair-start"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(confirm.mock.calls[0].slice(0, 2)).toEqual(['以下各方无人出席：居民代表。主持人是否决定继续开会？此决定将记录在案。', '五方未到齐'])
    await settle()
    expect(backend.client['meeting:start']).not.toHaveBeenCalled()
    expect(text('[data-testid="meeting-status"]')).toBe('待召开')

    await click('[data-testid="chair-start"]')
    await until(() => expect(backend.client['meeting:start']).toHaveBeenCalledTimes(1))
    expect(backend.client['meeting:start'].mock.calls[0][0]).toMatchObject({ id: m.id, proceedDespiteMissing: true })
    await until(() => expect(text('[data-testid="meeting-status"]')).toBe('进行中'))
    expect(text('[data-testid="chair-item-title"]')).toBe(TOPICS[0])
  })

  it('with every party present it asks plainly and starts without the proceed flag', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const m = await seedMeeting(backend, { stage: 'ready' })
    await openChair(backend, m, 'chair-start')
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    await click('[data-testid="chair-start"]')
    await until(() => expect(backend.client['meeting:start']).toHaveBeenCalledTimes(1))
    expect(confirm.mock.calls[0].slice(0, 2)).toEqual(['开始会议“十二月联席会议”？', '确认开始会议'])
    expect(backend.client['meeting:start'].mock.calls[0][0]).not.toHaveProperty('proceedDespiteMissing')
  })

  it('重新计时 and 结束会议 ask first; ending names the minutes not saved in this window', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const m = await seedMeeting(backend)
    await openChair(backend, m, 'chair-reset')
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')

    await click('[data-testid="chair-reset"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(1))
    expect(confirm.mock.calls[0].slice(0, 2)).toEqual(['本议程的计时将清零并重新开始，确定重新计时吗？', '重新计时'])
    await settle()
    expect(chairActions(backend)).toEqual([])
    confirm.mockResolvedValueOnce('confirm' as never)
    await click('[data-testid="chair-reset"]')
    await until(() => expect(chairActions(backend)).toEqual(['timerReset']))

    // nothing unsaved, still on item 1: item 2 was never reached, said first; cancelled, the meeting goes on
    confirm.mockRejectedValueOnce('cancel')
    await click('[data-testid="chair-end"]')
    await until(() => expect(confirm).toHaveBeenCalledTimes(3))
    expect(String(confirm.mock.calls[2][0])).toBe(`以下议程尚未进行：“${TOPICS[1]}”。结束会议后不能再切换议程。确定结束“十二月联席会议”吗？`)
    await settle()
    expect(backend.client['meeting:end']).not.toHaveBeenCalled()

    // minutes of item 2 left unsaved in this window (a failed save): named before ending
    const item = agendaInOrder(m.agenda)[1]
    useMinutesStore().keepDraft({ meetingId: m.id, itemId: item.id, title: item.title, notes: '电梯已报修', decision: '', positions: {}, base: 0 })
    confirm.mockResolvedValueOnce('confirm' as never)
    await click('[data-testid="chair-end"]')
    await until(() => expect(backend.client['meeting:end']).toHaveBeenCalledTimes(1))
    expect(String(confirm.mock.calls[3][0])).toBe(
      `以下议程尚未进行：“${TOPICS[1]}”。注意：以下议程的纪要还没有保存：“${TOPICS[1]}”。请先回到“记录纪要”处理。结束会议后不能再切换议程，纪要在审定前仍可补记。仍要结束“十二月联席会议”吗？`,
    )
    await until(() => expect(text('[data-testid="meeting-status"]')).toBe('已结束'))
  })
})
