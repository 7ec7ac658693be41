// The projector window (投屏) of electron/main, Electron-free: which URL may open it, where it goes
// (projectorPlacement: another display full screen, else a window on the one display), its
// hardened options, and its IPC calls in a limited child of the opener's session (no second
// sign-in; meeting:get, people:list and session:status only; over when the opener's session is),
// through the real backend.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { CHANGED_EVENT, CHANNELS, type Envelope } from '../../shared/contract'
import { PROJECTOR_CHANNELS, PROJECTOR_REFUSED, registerIpc, type IpcMainLike, type ProjectorLinkEvents, type SenderLike } from '../../electron/main/ipc/register'
import { projectorMeetingId, projectorPlacement, projectorWindowOptions, type DisplayLike } from '../../electron/main/projector'
import { createProjectorWindows, type ProjectorWindow } from '../../electron/main/projector-windows'
import { NAMES, SECRETS, must, teamPerTest, type Team } from '../helpers/sessions'

const laptop: DisplayLike = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 }, workArea: { x: 0, y: 0, width: 1366, height: 728 } }
const beamer: DisplayLike = { id: 2, bounds: { x: 1366, y: 0, width: 1920, height: 1080 }, workArea: { x: 1366, y: 0, width: 1920, height: 1040 } }

describe('projector URL', () => {
  it('accepts only the app page at #/projector/<meeting id>', () => {
    expect(projectorMeetingId('app://yishi/index.html#/projector/cA~mt~2026~abc_1-2')).toBe('cA~mt~2026~abc_1-2')
    expect(projectorMeetingId('http://localhost:5173/#/projector/m1', 'http://localhost:5173')).toBe('m1')
    for (const url of [
      'app://yishi/index.html',
      'app://yishi/index.html#/meet/m1/chair',
      'app://yishi/index.html#/projector/',
      'app://yishi/index.html#/projector/m1/../x',
      'app://yishi/index.html?x=1#/projector/m1',
      'app://yishi/other.html#/projector/m1',
      'app://other/index.html#/projector/m1',
      'https://example.com/#/projector/m1',
      'http://localhost:5173/#/projector/m1',
      'not a url',
    ]) {
      expect(projectorMeetingId(url), url).toBeNull()
    }
  })
})

describe('projectorPlacement', () => {
  it('goes full screen on the display that does not show the main window', () => {
    expect(projectorPlacement([laptop, beamer], { x: 100, y: 50, width: 1200, height: 680 }, 1)).toEqual({ ...beamer.bounds, fullscreen: true, displayId: 2 })
    // the main window dragged to the beamer: the laptop screen is the other one
    expect(projectorPlacement([laptop, beamer], { x: 1500, y: 100, width: 1200, height: 700 }, 1)).toEqual({ ...laptop.bounds, fullscreen: true, displayId: 1 })
  })

  it('with one display: a 1280×720 window centred in the work area (no bigger than it)', () => {
    expect(projectorPlacement([beamer], { x: 1400, y: 0, width: 800, height: 600 }, 2)).toEqual({ x: 1686, y: 160, width: 1280, height: 720, fullscreen: false, displayId: 2 })
    expect(projectorPlacement([laptop], null, 1)).toEqual({ x: 43, y: 4, width: 1280, height: 720, fullscreen: false, displayId: 1 })
    const small: DisplayLike = { id: 3, bounds: { x: 0, y: 0, width: 1024, height: 600 }, workArea: { x: 0, y: 0, width: 1024, height: 560 } }
    expect(projectorPlacement([small], null)).toMatchObject({ width: 1024, height: 560, x: 0, y: 0 })
    expect(projectorPlacement([], null)).toMatchObject({ fullscreen: false, width: 1280 })
  })

  it('the window is hardened like the main one and has the preload', () => {
    const o = projectorWindowOptions(projectorPlacement([laptop, beamer], null, 1), '/app/out/preload/index.cjs')
    expect(o).toMatchObject({ x: 1366, y: 0, fullscreen: true })
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: '/app/out/preload/index.cjs' })
  })
})

class Sender extends EventEmitter implements SenderLike {
  constructor(readonly id: number) {
    super()
  }
  destroy() {
    this.emit('destroyed')
  }
}

const APP_FRAME = { url: 'app://yishi/index.html', parent: null }
const openTeam = teamPerTest()

/** registerIpc over the real backend of a team, as main wires it; calls as a given window. */
function wire(team: Team) {
  const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>()
  const forgotten: string[] = []
  const sessions = registerIpc({ handle: (c, l) => void listeners.set(c, l) }, team.backend.handlers, () => true, (key) => {
    forgotten.push(key)
    team.backend.operators.forget(key)
  })
  const call = async (sender: Sender, channel: string, payload: unknown = {}) =>
    (await listeners.get(channel)!({ senderFrame: APP_FRAME, sender }, payload)) as Envelope<Record<string, unknown>>
  const operatorOf = async (sender: Sender) => {
    const env = await call(sender, 'session:status')
    if (!env.ok) throw new Error(env.error.message)
    return { name: (env.result.operator as { name?: string } | null)?.name ?? null, locked: env.result.locked }
  }
  return { sessions, call, operatorOf, forgotten }
}

/** A meeting of a community with its chair and recorder, made by the administrator. */
async function seedMeeting(team: Team): Promise<{ id: string; communityId: string }> {
  const community = await must<{ id: string }>(team.as.admin, 'community:create', { name: '七口堰社区' })
  const person = (name: string, party: string) => must<{ id: string }>(team.as.admin, 'people:save', { communityId: community.id, name, party, active: true })
  const chairId = (await person('王志强', 'compoundBranch')).id
  const recorderId = (await person('赵红梅', 'socialOrganization')).id
  const meeting = await must<{ id: string }>(team.as.admin, 'meeting:create', {
    communityId: community.id,
    level: 'community',
    title: '五月联席会议',
    startsAt: '2026-05-20T14:30:00+08:00',
    place: '社区会议室',
    chairId,
    recorderId,
  })
  return { id: meeting.id, communityId: community.id }
}

function recorder(): ProjectorLinkEvents & { log: string[] } {
  const log: string[] = []
  return { log, onChange: () => void log.push('change'), onEnd: () => void log.push('end') }
}

describe('projector session', () => {
  it('reads the meeting as its opener, without a sign-in of its own; every other channel is FORBIDDEN', async () => {
    const team = await openTeam()
    const { id, communityId } = await seedMeeting(team)
    const { sessions, call, operatorOf } = wire(team)
    const main = new Sender(1)
    const projector = new Sender(2)
    await must((c, p) => call(main, c, p), 'session:signIn', { name: NAMES.chair, secret: SECRETS.chair })
    sessions.linkProjector(projector, main)

    expect(await operatorOf(projector)).toEqual({ name: NAMES.chair, locked: false })
    expect(await call(projector, 'meeting:get', { id })).toMatchObject({ ok: true, result: { id, title: '五月联席会议' } })
    const people = await call(projector, 'people:list', { communityId, includeInactive: true })
    expect(people.ok && (people.result as unknown as { name: string }[]).map((p) => p.name).sort()).toEqual(['王志强', '赵红梅'])

    expect([...PROJECTOR_CHANNELS].sort()).toEqual(['meeting:get', 'people:list', 'session:status'])
    for (const channel of CHANNELS.filter((c) => !PROJECTOR_CHANNELS.includes(c))) {
      expect(await call(projector, channel, {}), channel).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: PROJECTOR_REFUSED } })
    }
    // Refused before the backend: the opener is still signed in, the meeting unchanged.
    expect(await operatorOf(main)).toEqual({ name: NAMES.chair, locked: false })
    expect(await call(main, 'meeting:get', { id })).toMatchObject({ ok: true, result: { revision: 1, status: 'draft' } })
    // Another window is not the opener's projector: its own session, signed out.
    expect(await operatorOf(new Sender(3))).toEqual({ name: null, locked: false })
  })

  it('ends for good when the opener signs out, and the projector is told', async () => {
    const team = await openTeam()
    const { id } = await seedMeeting(team)
    const { sessions, call, operatorOf } = wire(team)
    const main = new Sender(1)
    const projector = new Sender(2)
    const events = recorder()
    await must((c, p) => call(main, c, p), 'session:signIn', { name: NAMES.chair, secret: SECRETS.chair })
    sessions.linkProjector(projector, main, events)
    expect((await call(projector, 'meeting:get', { id })).ok).toBe(true)

    await must((c, p) => call(main, c, p), 'session:signOut')
    expect(events.log).toEqual(['change', 'end'])
    expect(await operatorOf(projector)).toEqual({ name: null, locked: false })
    expect(await call(projector, 'meeting:get', { id })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

    // The opener signs in again: a new session, which the ended projector does not get.
    await must((c, p) => call(main, c, p), 'session:signIn', { name: NAMES.chair, secret: SECRETS.chair })
    expect(await operatorOf(projector)).toEqual({ name: null, locked: false })
    expect(await call(projector, 'session:signIn', { name: NAMES.chair, secret: SECRETS.chair })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(events.log).toEqual(['change', 'end'])
  })

  it('ends when someone else signs in on the opener (切换用户), but not after a failed attempt', async () => {
    const team = await openTeam()
    const { sessions, call, operatorOf } = wire(team)
    const main = new Sender(1)
    const projector = new Sender(2)
    const events = recorder()
    await must((c, p) => call(main, c, p), 'session:signIn', { name: NAMES.chair, secret: SECRETS.chair })
    sessions.linkProjector(projector, main, events)

    expect(await call(main, 'session:signIn', { name: NAMES.leader, secret: 'wrong-secret-99' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(events.log).toEqual(['change'])
    expect(await operatorOf(projector)).toEqual({ name: NAMES.chair, locked: false })

    await must((c, p) => call(main, c, p), 'session:signIn', { name: NAMES.leader, secret: SECRETS.leader })
    expect(events.log).toEqual(['change', 'change', 'end'])
    expect(await operatorOf(main)).toEqual({ name: NAMES.leader, locked: false })
    expect(await operatorOf(projector)).toEqual({ name: null, locked: false })
  })

  it('pauses while the opener is locked and resumes after the unlock, each time told', async () => {
    const team = await openTeam()
    const { id } = await seedMeeting(team)
    const { sessions, call, operatorOf } = wire(team)
    const main = new Sender(1)
    const projector = new Sender(2)
    const events = recorder()
    await must((c, p) => call(main, c, p), 'session:signIn', { name: NAMES.chair, secret: SECRETS.chair })
    sessions.linkProjector(projector, main, events)

    await must((c, p) => call(main, c, p), 'session:lock')
    expect(events.log).toEqual(['change'])
    expect(await operatorOf(projector)).toEqual({ name: NAMES.chair, locked: true })
    expect(await call(projector, 'meeting:get', { id })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

    await must((c, p) => call(main, c, p), 'session:unlock', { secret: SECRETS.chair })
    expect(events.log).toEqual(['change', 'change'])
    expect((await call(projector, 'meeting:get', { id })).ok).toBe(true)
  })

  it('closing the projector keeps the opener signed in; closing the opener ends both', async () => {
    const team = await openTeam()
    const { sessions, call, operatorOf, forgotten } = wire(team)
    const main = new Sender(1)
    const first = new Sender(2)
    const second = new Sender(3)
    await must((c, p) => call(main, c, p), 'session:signIn', { name: NAMES.chair, secret: SECRETS.chair })
    sessions.linkProjector(first, main)
    first.destroy()
    expect(forgotten).toEqual([])
    expect(await operatorOf(main)).toEqual({ name: NAMES.chair, locked: false })

    const events = recorder()
    sessions.linkProjector(second, main, events)
    // A projector cannot open a projector of its own.
    const third = new Sender(4)
    sessions.linkProjector(third, second)
    expect(await call(third, 'community:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

    main.destroy()
    expect(forgotten).toHaveLength(1)
    expect(forgotten[0]).toMatch(/^ipc:1:/)
    expect(events.log).toEqual(['change', 'end'])
    expect(await operatorOf(second)).toEqual({ name: null, locked: false })
  })
})

describe('projector windows', () => {
  class FakeWindow extends EventEmitter implements ProjectorWindow {
    focused = 0
    destroyed = false
    webContents: Sender & { sent: Array<[string, unknown]>; isDestroyed(): boolean; getURL(): string; send(c: string, p: unknown): void }
    constructor(id: number, url: string) {
      super()
      const sent: Array<[string, unknown]> = []
      this.webContents = Object.assign(new Sender(id), {
        sent,
        isDestroyed: () => this.destroyed,
        getURL: () => url,
        send: (c: string, p: unknown) => void sent.push([c, p]),
      })
    }
    isDestroyed() {
      return this.destroyed
    }
    focus() {
      this.focused++
    }
    close() {
      this.destroyed = true
      this.webContents.destroy()
      this.emit('closed')
    }
  }
  const URL_M1 = 'app://yishi/index.html#/projector/m1'

  function setup() {
    const links: Array<{ child: SenderLike; opener: SenderLike; events: ProjectorLinkEvents }> = []
    const windows = createProjectorWindows<FakeWindow>({
      sessions: () => ({ linkProjector: (child, opener, events = {}) => void links.push({ child, opener, events }) }),
      isAppPage: (url) => url.startsWith('app://yishi/'),
    })
    return { windows, links, main: new Sender(1) }
  }

  it('opens one projector per meeting, for the main window only; asking again focuses it', () => {
    const { windows, links, main } = setup()
    expect(windows.request(URL_M1, new Sender(9), main)).toEqual({ open: false })
    expect(windows.request('app://yishi/index.html#/collect', main, main)).toEqual({ open: false })
    expect(windows.request(URL_M1, main, null)).toEqual({ open: false })
    expect(windows.request(URL_M1, main, main)).toEqual({ open: true, meetingId: 'm1' })

    const win = new FakeWindow(2, URL_M1)
    expect(windows.created(win, URL_M1, main, main)).toBe(true)
    expect(links).toHaveLength(1)
    expect(links[0].child).toBe(win.webContents)
    expect(links[0].opener).toBe(main)
    expect(windows.get('m1')).toBe(win)

    expect(windows.request(URL_M1, main, main)).toEqual({ open: false })
    expect(win.focused).toBe(1)
    // a second window for the same meeting (or one no rule allowed) is refused: the caller destroys it
    expect(windows.created(new FakeWindow(3, URL_M1), URL_M1, main, main)).toBe(false)
    expect(windows.created(new FakeWindow(4, URL_M1), URL_M1, new Sender(9), main)).toBe(false)
    expect(links).toHaveLength(1)

    win.close()
    expect(windows.get('m1')).toBeUndefined()
    expect(windows.request(URL_M1, main, main)).toEqual({ open: true, meetingId: 'm1' })
  })

  it("tells the window when the session changes, closes it when the link ends, and with the main window", () => {
    const { windows, links, main } = setup()
    const win = new FakeWindow(2, URL_M1)
    windows.created(win, URL_M1, main, main)
    links[0].events.onChange?.()
    expect(win.webContents.sent).toEqual([[CHANGED_EVENT, { area: 'session', ids: [] }]])
    links[0].events.onEnd?.()
    expect(win.isDestroyed()).toBe(true)
    expect(windows.get('m1')).toBeUndefined()

    const url2 = 'app://yishi/index.html#/projector/m2'
    const a = new FakeWindow(3, URL_M1)
    const b = new FakeWindow(4, url2)
    windows.created(a, URL_M1, main, main)
    windows.created(b, url2, main, main)
    windows.closeAll()
    expect([a.isDestroyed(), b.isDestroyed()]).toEqual([true, true])
  })

  it('makes no window without the IPC sessions (nothing to link it to)', () => {
    const windows = createProjectorWindows<FakeWindow>({ sessions: () => null, isAppPage: () => true })
    const main = new Sender(1)
    expect(windows.created(new FakeWindow(2, URL_M1), URL_M1, main, main)).toBe(false)
  })
})
