// The session store against answers that arrive out of order: a session:status read sent before a
// set-up (or sign-in) ended — e.g. on the `operator` change event the set-up itself caused — must
// not sign the page out again when it lands after the set-up's own answer (seen in a loaded e2e
// run: the shell up, no operator in the header). The answers are held and released by hand.
import { afterEach, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SessionInfo } from '../../shared/contract'
import { setClient } from '../../renderer/src/api'
import { useSessionStore } from '../../renderer/src/stores/session'

afterEach(() => setClient(null))

function held<T>(): { promise: Promise<T>; release: (v: T) => void } {
  let release!: (v: T) => void
  const promise = new Promise<T>((r) => (release = r))
  return { promise, release }
}

const signedOut: SessionInfo = { needsSetup: true, operator: null, locked: false, idleLockMinutes: 10 }
const admin: SessionInfo = { needsSetup: false, operator: { id: 'op1', name: '王书记', role: 'admin' }, locked: false, idleLockMinutes: 10 }

it('a status read that crossed the set-up is dropped; one sent afterwards is applied', async () => {
  setActivePinia(createPinia())
  const statuses: Array<ReturnType<typeof held<SessionInfo>>> = []
  const setupAnswer = held<SessionInfo>()
  setClient({
    'session:status': () => {
      const h = held<SessionInfo>()
      statuses.push(h)
      return h.promise
    },
    'session:setup': () => setupAnswer.promise,
  } as never)
  const session = useSessionStore()
  // the store's own first read
  statuses[0].release(signedOut)
  await session.ensureLoaded()
  expect(session.needsSetup).toBe(true)

  // set-up sent; a status read starts meanwhile (the change event); the set-up answers first
  const setup = session.setup({ name: '王书记', secret: 'secret-123' })
  const crossing = session.refresh()
  setupAnswer.release(admin)
  await setup
  expect(session.operator?.name).toBe('王书记')
  statuses[1].release(signedOut) // the state from before the set-up, arriving late
  await crossing
  expect(session.operator?.name).toBe('王书记')
  expect(session.needsSetup).toBe(false)

  // a read sent after the change is the truth again (e.g. the backend locked the idle session)
  const later = session.refresh()
  statuses[2].release({ ...admin, locked: true })
  await later
  expect(session.locked).toBe(true)
})
