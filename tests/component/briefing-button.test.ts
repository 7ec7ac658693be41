// 保存简报 / 简报 PDF: the button sends the parent's selection as briefing:pack asks for it, saves
// the file as a download and says so; where the backend has no printer it says so and opens the
// pack in a page to print; a refusal is shown with the backend's zh-CN message.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Client, InputOf } from '../../shared/contract'
import BriefingButton from '../../renderer/src/components/briefing/BriefingButton.vue'
import { ApiError, setClient } from '../../renderer/src/api'
import { mountApp } from './helpers/mount'

const FILE = { fileName: '简报-马家店街道-2026年1—6月.html', mime: 'text/html;charset=utf-8', base64: Buffer.from('<!DOCTYPE html><svg></svg>').toString('base64') }
const NO_PRINTER = '此处不能直接生成 PDF：请保存网页版简报，用浏览器打开后“打印”另存为 PDF'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
}
const click = async (testid: string) => {
  document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!.click()
  await settle()
}
const messages = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent ?? '').join('\n')

function fakeClient(pack: (input: InputOf<'briefing:pack'>) => Promise<typeof FILE>) {
  const calls: Array<InputOf<'briefing:pack'>> = []
  setClient({
    'briefing:pack': async (input: InputOf<'briefing:pack'>) => {
      calls.push(input)
      return pack(input)
    },
  } as unknown as Client)
  return calls
}

const selection: InputOf<'stats:street'> = { preset: 'firstHalf', granularity: 'quarter', rankBy: 'closeRate', order: 'asc' }

describe('BriefingButton', () => {
  it('sends the selection and the trend settings, saves the download and emits saved', async () => {
    const calls = fakeClient(async () => FILE)
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    const { wrapper } = await mountApp(BriefingButton, { props: { selection, measure: 'petitions', kind: 'line', street: false, sideBySide: ['cA', 'cB'] } })
    await click('briefing-save-html')
    expect(calls).toEqual([{ selection, format: 'html', measure: 'petitions', kind: 'line', street: false, sideBySide: ['cA', 'cB'] }])
    expect(clicked).toEqual([FILE.fileName])
    expect(messages()).toContain(`已保存简报：${FILE.fileName}`)
    expect(wrapper.emitted('saved')).toEqual([[{ fileName: FILE.fileName, format: 'html' }]])
    wrapper.unmount()
  })

  it('PDF without a printer: says so and opens the pack in a page to print', async () => {
    const calls = fakeClient(async (input) => {
      if (input.format === 'pdf') throw new ApiError('VALIDATION', NO_PRINTER, { format: NO_PRINTER })
      return FILE
    })
    const open = vi.spyOn(window, 'open').mockImplementation(() => ({ closed: true }) as unknown as Window)
    const { wrapper } = await mountApp(BriefingButton, { props: { selection } })
    await click('briefing-save-pdf')
    expect(calls.map((c) => c.format)).toEqual(['pdf', 'html'])
    expect(open).toHaveBeenCalledOnce()
    expect(messages()).toContain('此处不能直接生成 PDF')
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })

  it('shows a refusal with the backend’s message and emits failed', async () => {
    fakeClient(async () => {
      throw new ApiError('VALIDATION', '统计区间最长 10 年', { 'selection.to': '统计区间最长 10 年' })
    })
    const { wrapper } = await mountApp(BriefingButton, { props: { selection } })
    await click('briefing-save-html')
    expect(messages()).toContain('生成简报失败：统计区间最长 10 年')
    expect(wrapper.emitted('failed')).toEqual([['统计区间最长 10 年']])
    // Both buttons are usable again.
    expect(document.querySelector<HTMLButtonElement>('[data-testid="briefing-save-html"]')!.disabled).toBe(false)
    expect(document.querySelector<HTMLButtonElement>('[data-testid="briefing-save-pdf"]')!.disabled).toBe(false)
    wrapper.unmount()
  })
})
