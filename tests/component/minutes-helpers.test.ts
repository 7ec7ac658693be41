// Chair mode's clock and keys, the projector's countdown, and the paste from Word (DOMPurify,
// then text) in happy-dom.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createAppI18n } from '../../renderer/src/i18n'
import MeetingClock from '../../renderer/src/components/minutes/MeetingClock.vue'
import { chairKeyFor, currentItem, formatDuration, itemTimer, meetingElapsed } from '../../renderer/src/components/minutes/chair-clock'
import { htmlToPlainText, insertAt, pastedText } from '../../renderer/src/components/minutes/paste-text'
import type { AgendaItem, ChairState } from '../../shared/domain/meeting'

const item: AgendaItem = { id: 'a1', kind: 'topic', topicId: 't1', title: '车位被长期占用', minutes: 10, order: 1 }
const chairAt = (startedAt: string | null, elapsed = 0): ChairState => ({ currentItemId: 'a1', itemStartedAt: startedAt, itemElapsed: elapsed, speakers: [] })
const NOW = new Date('2026-11-30T14:40:30+08:00')

describe('chair clock', () => {
  it('counts down from the allotted minutes and then counts the overrun', () => {
    expect(itemTimer(item, chairAt('2026-11-30T14:35:00+08:00'), NOW)).toMatchObject({ elapsed: 330, remaining: 270, overrun: false, paused: false })
    expect(itemTimer(item, chairAt('2026-11-30T14:30:00+08:00', 15), NOW)).toMatchObject({ elapsed: 645, remaining: 0, overrunBy: 45, overrun: true, fraction: 1 })
    expect(itemTimer(item, chairAt(null, 120), NOW)).toMatchObject({ elapsed: 120, paused: true })
  })
  it('formats durations and the meeting time', () => {
    expect([formatDuration(0), formatDuration(75), formatDuration(3725), formatDuration(-3)]).toEqual(['00:00', '01:15', '1:02:05', '00:00'])
    expect(meetingElapsed({ startedAt: '2026-11-30T14:30:00+08:00' }, NOW)).toBe(630)
    expect(meetingElapsed({ startedAt: '2026-11-30T14:30:00+08:00', endedAt: '2026-11-30T14:31:00+08:00' }, NOW)).toBe(60)
    expect(meetingElapsed({}, NOW)).toBe(0)
  })
  it('finds the current item in agenda order', () => {
    const b = { ...item, id: 'a2', order: 2, title: '电梯' }
    expect(currentItem({ agenda: [b, item], chair: { ...chairAt(null), currentItemId: 'a2' } })).toMatchObject({ item: b, index: 1 })
  })
  it('maps the keys, never while typing or with a modifier', () => {
    const key = (k: string, target: unknown = document.body, extra = {}) => chairKeyFor({ key: k, altKey: false, ctrlKey: false, metaKey: false, target: target as EventTarget, ...extra })
    expect([key('ArrowRight'), key('ArrowLeft'), key(' '), key('s'), key('N'), key('x')]).toEqual(['next', 'prev', 'toggleTimer', 'addSpeaker', 'nextSpeaker', null])
    expect(key('ArrowRight', document.createElement('textarea'))).toBeNull()
    expect(key('s', document.createElement('input'))).toBeNull()
    expect(key('ArrowRight', document.body, { altKey: true })).toBeNull()
  })
  it('says an overrun in words, not only in colour', () => {
    const w = mount(MeetingClock, { props: { item, chair: chairAt('2026-11-30T14:30:00+08:00'), now: NOW }, global: { plugins: [createAppI18n('zh-CN')] } })
    expect(w.get('[data-testid="overrun-warning"]').text()).toBe('⚠ 已超时 00:30')
    expect(w.get('[data-testid="item-countdown"]').text()).toBe('+00:30')
    const fine = mount(MeetingClock, { props: { item, chair: chairAt('2026-11-30T14:39:30+08:00'), now: NOW }, global: { plugins: [createAppI18n('zh-CN')] } })
    expect(fine.find('[data-testid="overrun-warning"]').exists()).toBe(false)
    expect(fine.get('[data-testid="item-countdown"]').text()).toBe('09:00')
    expect(fine.get('[data-testid="item-timer-state"]').text()).toContain('计时中 · 计划 10 分钟')
  })
})

describe('paste from Word', () => {
  const WORD =
    '<html><head><style>p.MsoNormal{font-family:仿宋}</style><title>x</title></head><body>' +
    '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->' +
    '<p class="MsoNormal"><b>业委会</b>提出<i>限时停车</i>。<o:p></o:p></p>' +
    '<p class="MsoNormal">物业&nbsp;一周内<br>完成划线。<script>alert(1)</script><img src=x onerror="alert(2)"></p>' +
    '<table><tr><td>甲</td><td>乙</td></tr></table></body></html>'
  it('keeps the words and the paragraphs, never markup, styles or scripts', () => {
    const text = htmlToPlainText(WORD)
    expect(text).toBe('业委会提出限时停车。\n物业 一周内\n完成划线。\n甲\t乙')
    expect(text).not.toMatch(/[<>]|alert|MsoNormal|仿宋/)
  })
  it('takes the HTML flavour first, else the plain text', () => {
    const data = (html: string, plain: string) => ({ getData: (t: string) => (t === 'text/html' ? html : t === 'text/plain' ? plain : '') })
    expect(pastedText(data('<p>甲</p><p>乙</p>', 'x'))).toBe('甲\n乙')
    expect(pastedText(data('', '第一行\r\n第二行'))).toBe('第一行\n第二行')
    expect(pastedText(data('', ''))).toBeNull()
    expect(pastedText(null)).toBeNull()
  })
  it('replaces the selection', () => {
    expect(insertAt('abcdef', 2, 4, 'XY')).toEqual({ value: 'abXYef', caret: 4 })
  })
})
