// 投屏 on the bare page, against the real backend: never the sign-in gate on the projector — without
// a live session (none, locked) a neutral full-screen pause with the meeting's title as last shown,
// and the meeting again once the session is back; no calls beyond what the projector's session may
// make. 打开投屏 twice: the open window is brought forward and "blocked" is said only when it was.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import App from '../../renderer/src/App.vue'
import ChairView from '../../renderer/src/views/ChairView.vue'
import { setClient } from '../../renderer/src/api'
import { openProjector, projectorLocale, projectorUrl, projectorWindowName, rememberProjectorLocale } from '../../renderer/src/composables/use-projector'
import { createRealBackend, type RealBackend } from './helpers/real-client'
import { mountApp } from './helpers/mount'

afterEach(() => {
  setClient(null)
  vi.restoreAllMocks()
  localStorage.clear()
  document.body.innerHTML = ''
})

const settle = async () => {
  for (let i = 0; i < 4; i++) await flushPromises()
  await vi.dynamicImportSettled()
  for (let i = 0; i < 4; i++) await flushPromises()
}
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })
const q = (sel: string) => document.querySelector<HTMLElement>(sel)
/** The channels the projector window's session may call (electron/main/ipc/register.ts). */
const PROJECTOR_CALLS = ['meeting:get', 'people:list', 'session:status']

async function seedMeeting(backend: RealBackend): Promise<string> {
  const qky = backend.communities['七口堰社区']
  const person = (name: string, party: string) => backend.call('people:save', { communityId: qky.id, name, party: party as never, title: '成员', active: true })
  const chair = await person('王志强', 'compoundBranch')
  const recorder = await person('赵红梅', 'socialOrganization')
  const m = await backend.call('meeting:create', { communityId: qky.id, level: 'community', title: '2026年第2次五方联席会议', startsAt: '2026-12-03T14:30', place: '社区会议室', chairId: chair.id, recorderId: recorder.id })
  return m.id
}

/** Channels the mounted app called, by name. */
const called = (backend: RealBackend) =>
  Object.entries(backend.client)
    .filter(([, fn]) => typeof fn === 'function' && 'mock' in fn && (fn as { mock: { calls: unknown[] } }).mock.calls.length > 0)
    .map(([c]) => c)
    .sort()

describe('the projector page', () => {
  it('signed out: a neutral pause, no sign-in form, no header; it calls nothing but session:status', async () => {
    const backend = await createRealBackend({ signedOut: true })
    const id = await seedMeeting(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(App, { path: `/projector/${id}` })
    await settle()
    await until(() => expect(q('[data-testid="projector-paused"]')).not.toBeNull())
    expect(q('[data-testid="projector-paused"]')!.textContent).toContain('投屏已暂停')
    expect(q('[data-testid="projector-paused"]')!.getAttribute('role')).toBe('status')
    expect(q('[data-testid="session-gate"]')).toBeNull()
    expect(document.querySelector('input')).toBeNull()
    expect(q('.shell-header, [data-testid="nav"]')).toBeNull()
    expect(q('[data-testid="projector-item-title"]')).toBeNull()
    expect(called(backend)).toEqual(['session:status'])
    wrapper.unmount()
  })

  it('signed in: the meeting; locked: the pause with the last title; unlocked: the meeting again', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const id = await seedMeeting(backend)
    setClient(backend.client)
    const { wrapper } = await mountApp(App, { path: `/projector/${id}` })
    await settle()
    await until(() => expect(q('[data-testid="projector-item-title"]')?.textContent).toBe('等待会议开始'))
    expect(q('.meeting-title')!.textContent).toBe('2026年第2次五方联席会议')
    expect(q('[data-testid="projector-paused"]')).toBeNull()
    expect(called(backend).every((c) => PROJECTOR_CALLS.includes(c)), called(backend).join()).toBe(true)
    const reads = backend.client['meeting:get'].mock.calls.length

    // The chair's computer locks: main tells the projector (a `session` event); it reads its state.
    await backend.callAsApp('session:lock', {})
    window.dispatchEvent(new Event('focus'))
    await settle()
    await until(() => expect(q('[data-testid="projector-paused"]')).not.toBeNull())
    const paused = q('[data-testid="projector-paused"]')!.textContent!
    expect(paused).toContain('投屏已暂停')
    expect(paused).toContain('2026年第2次五方联席会议')
    expect(q('[data-testid="projector-item-title"]')).toBeNull()
    expect(q('[data-testid="session-gate"]')).toBeNull()
    expect(document.querySelector('input')).toBeNull()

    await backend.callAsApp('session:unlock', { secret: backend.operator!.secret })
    window.dispatchEvent(new Event('focus'))
    await settle()
    await until(() => expect(q('[data-testid="projector-item-title"]')?.textContent).toBe('等待会议开始'))
    expect(backend.client['meeting:get'].mock.calls.length).toBeGreaterThan(reads)
    expect(called(backend).every((c) => PROJECTOR_CALLS.includes(c)), called(backend).join()).toBe(true)
    wrapper.unmount()
  })

  it('shows the language of the window that opened it', async () => {
    const backend = await createRealBackend({ signedOut: true })
    setClient(backend.client)
    rememberProjectorLocale('en')
    const { wrapper } = await mountApp(App, { path: '/projector/m1' })
    await settle()
    await until(() => expect(q('[data-testid="projector-paused"]')?.textContent).toContain('Projection paused'))
    expect(document.documentElement.lang).toBe('en')
    wrapper.unmount()
  })
})

describe('打开投屏', () => {
  /** A window whose window.open is scripted; `bridge` makes it the app's (the preload is there). */
  function fakeWindow(bridge = false) {
    const opened: Array<[string, string]> = []
    const answers: Array<Window | null> = []
    const win = {
      location: { pathname: '/index.html', search: '' },
      document: { documentElement: { lang: 'zh-CN' } },
      open: (url: string, name: string) => {
        opened.push([url, name])
        return answers.shift() ?? null
      },
      ...(bridge ? { yishi: {} } : {}),
    } as unknown as Window
    return { win, opened, answers }
  }
  const proxy = () => ({ closed: false, focus: vi.fn() }) as unknown as Window & { focus: ReturnType<typeof vi.fn>; closed: boolean }

  it('names one window per meeting at its projector page', () => {
    expect(projectorUrl('cA~mt~2026~x1', { pathname: '/index.html', search: '' })).toBe('/index.html#/projector/cA~mt~2026~x1')
    expect(projectorWindowName('cA~mt~2026~x1')).toBe('yishi-projector-cA_mt_2026_x1')
    const { win, opened, answers } = fakeWindow()
    answers.push(proxy())
    openProjector('m-name', win)
    expect(opened).toEqual([['/index.html#/projector/m-name', 'yishi-projector-m-name']])
  })

  it('in the app: the second click focuses the open projector (main denies, window.open gives null)', () => {
    const { win, answers } = fakeWindow(true)
    const p = proxy()
    answers.push(p)
    expect(openProjector('m-app', win)).toBe('opened')
    expect(p.focus).toHaveBeenCalledTimes(1)
    expect(openProjector('m-app', win)).toBe('focused')
    expect(p.focus).toHaveBeenCalledTimes(2)
    // Its WindowProxy lost (the chair's page reloaded): main still focused the open one.
    expect(openProjector('m-app-reloaded', win)).toBe('focused')
  })

  it('in a browser: the named window is reused; null with nothing open is a real block', () => {
    const { win, answers } = fakeWindow()
    const p = proxy()
    answers.push(p, p)
    expect(openProjector('m-web', win)).toBe('opened')
    expect(openProjector('m-web', win)).toBe('focused')
    expect(openProjector('m-web', win)).toBe('focused') // null, but ours is still open
    p.closed = true
    expect(openProjector('m-web', win)).toBe('blocked')
    expect(openProjector('m-web-new', win)).toBe('blocked')
  })

  it('passes the language on to the projector', () => {
    const { win, answers } = fakeWindow()
    ;(win.document.documentElement as { lang: string }).lang = 'en'
    answers.push(proxy())
    openProjector('m-lang', win)
    expect(projectorLocale()).toBe('en')
    rememberProjectorLocale('fr')
    expect(projectorLocale()).toBe('en')
  })

  it('chair mode: a second click while the projector is open gives no "blocked" warning', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const id = await seedMeeting(backend)
    setClient(backend.client)
    const p = proxy()
    const open = vi.spyOn(window, 'open').mockReturnValueOnce(p).mockReturnValue(null)
    const warn = vi.spyOn(ElMessage, 'warning')
    const { wrapper } = await mountApp(ChairView, { path: `/meet/${id}/chair`, props: { id } })
    await settle()
    await until(() => expect(q('[data-testid="open-projector"]')).not.toBeNull())
    q('[data-testid="open-projector"]')!.click()
    q('[data-testid="open-projector"]')!.click()
    await flushPromises()
    expect(open).toHaveBeenCalledTimes(2)
    expect(open.mock.calls[0][0]).toContain(`#/projector/${encodeURIComponent(id)}`)
    expect(p.focus).toHaveBeenCalledTimes(2)
    expect(warn).not.toHaveBeenCalled()

    // Really blocked (nothing open, no window): the warning.
    p.closed = true
    q('[data-testid="open-projector"]')!.click()
    await flushPromises()
    expect(warn).toHaveBeenCalledWith('浏览器阻止了新窗口，请允许本页打开弹出窗口后重试')
    wrapper.unmount()
  })
})
