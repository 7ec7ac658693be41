import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import App from '../../renderer/src/App.vue'
import DemandDetailDrawer from '../../renderer/src/components/demand/DemandDetailDrawer.vue'
import DataView from '../../renderer/src/views/DataView.vue'
import CommunitiesView from '../../renderer/src/views/CommunitiesView.vue'
import { setClient } from '../../renderer/src/api'
import { useSessionStore } from '../../renderer/src/stores/session'
import { createRealBackend, demandInput } from './helpers/real-client'
import { mountApp } from './helpers/mount'
import { ROLE_HOME } from '../../renderer/src/roles'

vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setClient(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel)
const byId = (testid: string) => q(`[data-testid="${testid}"]`)

async function settle(): Promise<void> {
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
}

async function type(testid: string, value: string): Promise<void> {
  const el = q<HTMLInputElement>(`input[data-testid="${testid}"]`)
  if (!el) throw new Error(`no input ${testid}`)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

/** Enter in a field submits its form (as a user would). */
async function submit(testid: string): Promise<void> {
  const form = q<HTMLFormElement>(`[data-testid="${testid}"]`)
  if (!form) throw new Error(`no form ${testid}`)
  form.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }))
  await settle()
}

/**
 * `message` is on the page exactly once, as the error of the field `inputId` (one alert for screen
 * readers), that field is marked invalid and has the focus, and the form shows no message of its own.
 */
async function expectShownOnce(message: string, inputId: string): Promise<void> {
  // Element Plus shows a form item's message after a short debounce.
  await vi.waitFor(() => expect(q(`#${inputId}`)?.closest('.el-form-item')?.querySelector('.el-form-item__error')).not.toBeNull())
  const alerts = [...document.querySelectorAll('[role="alert"]')].filter((el) => el.textContent?.includes(message))
  expect(alerts).toHaveLength(1)
  const item = q(`#${inputId}`)?.closest('.el-form-item')
  expect(item?.querySelector('.el-form-item__error')?.textContent).toContain(message)
  expect(document.body.textContent?.split(message).length).toBe(2)
  expect(byId('session-error')).toBeNull()
  expect(q(`#${inputId}`)?.getAttribute('aria-invalid')).toBe('true')
  expect(document.activeElement?.id).toBe(inputId)
}

/** Shown once on the page, as the error of the field `inputId`, which is invalid and focused. */
async function expectFieldOnce(message: string, inputId: string): Promise<void> {
  await vi.waitFor(() => expect(q(`#${inputId}`)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent).toContain(message))
  expect(document.body.textContent?.split(message).length).toBe(2)
  expect(q(`#${inputId}`)?.getAttribute('aria-invalid')).toBe('true')
  await vi.waitFor(() => expect(document.activeElement?.id).toBe(inputId))
}

async function mountGate(backend: Awaited<ReturnType<typeof createRealBackend>>) {
  setClient(backend.client)
  const mounted = await mountApp(App, { path: '/' })
  wrapper = mounted.wrapper
  await settle()
  return mounted
}

describe('SessionGate', () => {
  it('sets up the first administrator, then the app opens signed in as that administrator', async () => {
    const backend = await createRealBackend({ noOperators: true })
    await mountGate(backend)
    expect(byId('setup-form')).not.toBeNull()
    expect(byId('nav')).toBeNull()
    // The name field has the focus and a label.
    expect(document.activeElement?.id).toBe('session-name')
    expect(q('label[for="session-name"]')?.textContent).toContain('姓名')

    await type('setup-name', '李主任')
    await type('setup-secret', 'setup-secret-1')
    await type('setup-secret-again', 'setup-secret-2')
    await submit('setup-form')
    // Said once: on the confirm field, which has the focus; no second copy as the form's message.
    await expectShownOnce('两次输入的密码不一致', 'session-secret-again')
    expect(backend.client['session:setup']).not.toHaveBeenCalled()
    // Submitting again with the same mismatch still says it once.
    await submit('setup-form')
    await expectShownOnce('两次输入的密码不一致', 'session-secret-again')

    await type('setup-secret', '123456')
    await type('setup-secret-again', '123456')
    await submit('setup-form')
    await expectShownOnce('PIN 码过于简单', 'session-secret')
    expect(q('#session-secret-again')?.getAttribute('aria-invalid')).toBeNull()

    await type('setup-secret', 'setup-secret-1')
    await type('setup-secret-again', 'setup-secret-1')
    await submit('setup-form')
    expect(backend.client['session:setup']).toHaveBeenCalledWith({ name: '李主任', secret: 'setup-secret-1' })
    await vi.waitFor(() => expect(byId('session-gate')).toBeNull())
    await settle()
    expect(byId('nav')).not.toBeNull()
    expect(byId('session-operator')?.textContent).toContain('李主任')
    expect(byId('session-role')?.textContent).toBe('管理员')
    expect(byId('nav-operators')).not.toBeNull()
  })

  it('shows the backend’s message for a wrong password, then signs in (name prefilled when remembered)', async () => {
    const backend = await createRealBackend({ role: 'secretary', signedOut: true })
    await mountGate(backend)
    expect(byId('signin-form')).not.toBeNull()
    await type('signin-name', backend.operator!.name)
    await type('signin-secret', 'wrong-password-1')
    await submit('signin-form')
    await vi.waitFor(() => expect(byId('session-error')?.textContent).toBe('姓名或密码不正确'))
    expect(byId('session-error')?.getAttribute('role')).toBe('alert')
    // The secret is cleared and focused for the next try.
    expect(q<HTMLInputElement>('#session-secret')?.value).toBe('')
    expect(document.activeElement?.id).toBe('session-secret')

    await type('signin-secret', backend.operator!.secret)
    await submit('signin-form')
    expect(backend.client['session:signIn']).toHaveBeenLastCalledWith({ name: backend.operator!.name, secret: backend.operator!.secret, remember: true })
    await vi.waitFor(() => expect(byId('session-gate')).toBeNull())
    await settle()
    expect(byId('session-role')?.textContent).toBe('秘书')
    // A secretary has no operator management and no sample removal; the role select is gone.
    expect(byId('nav-operators')).toBeNull()
    expect(byId('role-select')).toBeNull()

    // Sign out (confirmed): the sign-in screen comes back with the remembered name.
    const { ElMessageBox } = await import('element-plus')
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValueOnce('confirm' as never)
    ;(byId('session-signout') as HTMLElement).click()
    await vi.waitFor(() => expect(byId('signin-form')).not.toBeNull())
    await settle()
    expect(q<HTMLInputElement>('#session-name')?.value).toBe(backend.operator!.name)
    expect(document.activeElement?.id).toBe('session-secret')
  })

  it('shows the lock screen when a call finds the session locked, and unlocks with the secret', async () => {
    const backend = await createRealBackend({ role: 'chair' })
    const { router } = await mountGate(backend)
    expect(byId('session-gate')).toBeNull()
    // The chair is working on a page other than their home one.
    await router.push('/data')
    await settle()
    const workingOn = router.currentRoute.value.fullPath
    expect(workingOn).not.toBe(ROLE_HOME.chair)
    // The backend locks the session (as after idle minutes); the next call is refused…
    await backend.callAsApp('session:lock', {})
    await expect(backend.client['community:list']({})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    // …and the UI shows who is signed in, with the app inert beneath.
    await vi.waitFor(() => expect(byId('unlock-form')).not.toBeNull())
    await settle()
    expect(byId('lock-who')?.textContent).toContain(backend.operator!.name)
    expect(byId('lock-who')?.textContent).toContain('主持人')
    expect(q('.shell')?.hasAttribute('inert')).toBe(true)

    await type('unlock-secret', 'not-my-secret')
    await submit('unlock-form')
    await vi.waitFor(() => expect(byId('session-error')?.textContent).toBe('姓名或密码不正确'))
    expect(byId('unlock-form')).not.toBeNull()

    await type('unlock-secret', backend.operator!.secret)
    await submit('unlock-form')
    await vi.waitFor(() => expect(byId('session-gate')).toBeNull())
    expect(q('.shell')?.hasAttribute('inert')).toBe(false)
    // Unlocking returns to the page the chair left, not to the home screen.
    await settle()
    expect(router.currentRoute.value.fullPath).toBe(workingOn)
  })

  it('a half-typed demand survives the lock: the form stays mounted beneath the lock screen', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    const { router } = await mountGate(backend)
    await router.push('/collect')
    await settle()
    const description = () => q<HTMLTextAreaElement>('textarea[data-testid="input-description"], [data-testid="input-description"] textarea')
    const typed = description()!
    typed.value = '楼道灯坏了两周，晚上看不见台阶'
    typed.dispatchEvent(new Event('input'))
    await flushPromises()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', ctrlKey: true, cancelable: true }))
    await vi.waitFor(() => expect(byId('unlock-form')).not.toBeNull())
    await settle()
    // Locked: the screen is inert, not torn down (no nav entry, form or screen disappears).
    expect(q('.shell')?.hasAttribute('inert')).toBe(true)
    expect(description()).toBe(typed)
    expect(byId('screen-blocked')).toBeNull()
    await type('unlock-secret', backend.operator!.secret)
    await submit('unlock-form')
    await vi.waitFor(() => expect(byId('session-gate')).toBeNull())
    await settle()
    expect(description()).toBe(typed)
    expect(description()!.value).toBe('楼道灯坏了两周，晚上看不见台阶')
  })

  it('Ctrl+L locks; 切换用户 signs out from the lock screen', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    await mountGate(backend)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', ctrlKey: true, cancelable: true }))
    await settle()
    expect(backend.client['session:lock']).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(byId('unlock-form')).not.toBeNull())
    await settle()
    expect(document.activeElement?.id).toBe('session-secret')
    ;(byId('switch-user') as HTMLElement).click()
    await settle()
    // A locked session may not sign out; the sign-in form replaces its operator instead.
    await vi.waitFor(() => expect(byId('signin-form')).not.toBeNull())
    expect(byId('switch-back')).not.toBeNull()
    await type('signin-name', backend.admin.name)
    await type('signin-secret', backend.admin.secret)
    await submit('signin-form')
    await vi.waitFor(() => expect(byId('session-gate')).toBeNull())
    expect(useSessionStore().operator?.name).toBe(backend.admin.name)
    await settle()
    expect(byId('session-role')?.textContent).toBe('管理员')
  })
})

describe('ChangePasswordDialog', () => {
  it('says a refusal once, on its field, focused: the mismatch here and the backend’s own field errors', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    await mountGate(backend)
    byId('session-password')!.click()
    await settle()
    await vi.waitFor(() => expect(q('#pw-current')).not.toBeNull())
    await type('pw-current', backend.operator!.secret)
    await type('pw-next', 'another-secret-9')
    await type('pw-next-again', 'another-secret-8')
    byId('pw-save')!.click()
    await settle()
    await expectFieldOnce('两次输入的密码不一致', 'pw-next-again')
    expect(backend.client['session:changePassword']).not.toHaveBeenCalled()

    // The backend refuses the same password by field (next): on that field only, not again as the dialog's message.
    await type('pw-next', backend.operator!.secret)
    await type('pw-next-again', backend.operator!.secret)
    byId('pw-save')!.click()
    await settle()
    await vi.waitFor(() => expect(backend.client['session:changePassword']).toHaveBeenCalled())
    await expectFieldOnce('新密码不能与当前密码相同', 'pw-next')
  })
})

describe('hidden actions for a leader', () => {
  it('shows no unmask, delete, restore, retention, community edits, operator management or data nav', async () => {
    const backend = await createRealBackend({ role: 'leader' })
    await mountGate(backend)
    expect(byId('session-role')?.textContent).toBe('领导')
    for (const nav of ['nav-operators', 'nav-data']) expect(byId(nav)).toBeNull()
    expect(byId('nav-dashboard')).not.toBeNull()
    expect(byId('nav-audit')).not.toBeNull()
    expect(byId('role-select')).toBeNull()
    // No demand form either (the leader reads only).
    wrapper!.unmount()
    wrapper = undefined

    const c = backend.communities['东门社区']
    const d = await backend.call('demand:create', demandInput(c, 1))
    setClient(backend.client)
    const drawer = await mountApp(DemandDetailDrawer, { props: { modelValue: true, demand: d } })
    wrapper = drawer.wrapper
    await settle()
    expect(byId('detail-reporterPhone')).not.toBeNull()
    expect(byId('detail-unmask')).toBeNull()
    expect(byId('detail-delete')).toBeNull()
    expect(byId('detail-move')).toBeNull()
    // The backend refuses them all the same.
    await expect(backend.client['demand:unmask']({ id: d.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('领导') })
    wrapper.unmount()

    const communities = await mountApp(CommunitiesView, { path: '/communities' })
    wrapper = communities.wrapper
    await settle()
    expect(document.body.textContent).toContain('东门社区')
    expect(byId('community-add')).toBeNull()
    expect(q('[data-testid^="community-edit-"]')).toBeNull()
  })

  it('a secretary sees backups but neither restore nor retention', async () => {
    const backend = await createRealBackend({ role: 'secretary' })
    await backend.call('backup:create', {})
    setClient(backend.client)
    const mounted = await mountApp(DataView, { path: '/data' })
    wrapper = mounted.wrapper
    await settle()
    await vi.waitFor(() => expect(q('.el-table__row')).not.toBeNull())
    expect(q('[data-testid^="restore-"]')).toBeNull()
    expect(byId('retention-save')).toBeNull()
  })
})
