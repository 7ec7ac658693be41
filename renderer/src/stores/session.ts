import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { Channel, InputOf, SessionInfo } from '../../../shared/contract'
import { canAccessCommunity, checkPermission, hasCapability, type Capability, type OperatorIdentity } from '../../../shared/domain/permissions'
import { announceEverythingChanged, onAuthError, toApiError, useApi } from '../api'
import type { ApiError } from '../api'
import { refreshOn } from './refresh'

/**
 * Who is signed in on this window/tab's transport session, and what the role may do. The renderer
 * reads the shared permission table only to shape its views (hide what would be refused); the
 * backend checks every call itself.
 */
export const useSessionStore = defineStore('session', () => {
  const info = ref<SessionInfo | null>(null)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)

  const loaded = computed(() => info.value !== null)
  const needsSetup = computed(() => info.value?.needsSetup ?? false)
  const operator = computed<OperatorIdentity | null>(() => info.value?.operator ?? null)
  const locked = computed(() => info.value?.locked ?? false)
  const signedIn = computed(() => !!operator.value && !locked.value)
  const idleLockMinutes = computed(() => info.value?.idleLockMinutes ?? 0)
  const lastOperatorName = computed(() => info.value?.lastOperatorName ?? '')
  const role = computed(() => operator.value?.role ?? null)

  /**
   * May the operator do this? False while signed out. Not while locked: the locked shell is inert
   * and the backend refuses every call, and the screen must stay as it was (a half-typed form
   * survives the lock instead of being unmounted by its `v-if`).
   */
  function can(capability: Capability): boolean {
    return !!role.value && hasCapability(role.value, capability)
  }

  /** No community limits: the account works for the whole street (may add communities). */
  const streetWide = computed(() => !operator.value?.communityIds?.length)
  /** May the operator work in this community (the backend's scope rule)? */
  function inScope(communityId: string): boolean {
    return !!operator.value && canAccessCommunity(operator.value, communityId)
  }

  /** Would the backend accept a call of this channel from this session? */
  function canCall(channel: Channel): boolean {
    return checkPermission(channel, operator.value, { locked: locked.value }).ok
  }

  function apply(next: SessionInfo): SessionInfo {
    info.value = next
    error.value = null
    return next
  }

  // A status read that crossed a sign-in, set-up, unlock, lock or sign-out (sent before it ended,
  // e.g. on the `operator` change event the set-up itself caused) may answer with the state from
  // before it; applied after it, it would sign the page out again. Such answers are dropped: the
  // change's own answer stands.
  let generation = 0
  let changing = 0
  async function change(call: () => Promise<SessionInfo>): Promise<SessionInfo> {
    changing++
    generation++
    try {
      return apply(await call())
    } finally {
      changing--
      generation++
    }
  }

  async function refresh(): Promise<SessionInfo | null> {
    loading.value = true
    const sentAt = generation
    const duringChange = changing > 0
    try {
      const next = await useApi()['session:status']({})
      if ((duringChange || generation !== sentAt) && info.value) return info.value
      return apply(next)
    } catch (e) {
      error.value = toApiError(e)
      return null
    } finally {
      loading.value = false
    }
  }

  const setup = (input: InputOf<'session:setup'>) => change(() => useApi()['session:setup'](input))
  const signIn = (input: InputOf<'session:signIn'>) => change(() => useApi()['session:signIn'](input))
  const unlock = async (input: InputOf<'session:unlock'>) => {
    const info = await change(() => useApi()['session:unlock'](input))
    // The page stays as it was: what it asked for while locked was refused, so every store reloads.
    announceEverythingChanged()
    return info
  }
  const lock = () => change(() => useApi()['session:lock']({}))
  const signOut = () => change(() => useApi()['session:signOut']({}))
  const changePassword = (input: InputOf<'session:changePassword'>) => useApi()['session:changePassword'](input)

  // A call refused as UNAUTHENTICATED (the backend locked the idle session, or it ended): read the
  // state again, and the gate shows the lock or sign-in screen.
  let pending: Promise<unknown> | null = null
  const recheck = () => {
    pending ??= refresh().finally(() => {
      pending = null
    })
    return pending
  }
  const stopAuth = onAuthError(() => void recheck())
  onScopeDispose(stopAuth)

  // An administrator changed this operator (role, scope, disabled) or the session changed.
  refreshOn(['session', 'operator'], () => (info.value ? recheck() : undefined))

  // The idle lock happens on the backend: look again whenever the window comes back.
  if (typeof window !== 'undefined') {
    const onFocus = () => {
      if (info.value) void recheck()
    }
    window.addEventListener('focus', onFocus)
    onScopeDispose(() => window.removeEventListener('focus', onFocus))
  }

  /** Reads session:status once (later callers share it); the gate and any view may ask first. */
  function ensureLoaded(): Promise<unknown> {
    return info.value ? Promise.resolve(info.value) : recheck()
  }
  void ensureLoaded()

  return {
    ensureLoaded,
    info,
    loading,
    error,
    loaded,
    needsSetup,
    operator,
    locked,
    signedIn,
    idleLockMinutes,
    lastOperatorName,
    role,
    can,
    canCall,
    streetWide,
    inScope,
    refresh,
    setup,
    signIn,
    unlock,
    lock,
    signOut,
    changePassword,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
