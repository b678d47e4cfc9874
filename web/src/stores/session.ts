import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppConfig, StaffSummary } from '#contract/auth.ts'
import { ApiError, api, setUnauthorizedHandler } from '@/api/client'
import { loadAppConfig } from '@/api/config'
import type { AsyncStatus } from '@/common/async-status'
import { router } from '@/router'
import { chooseEmulatorStaff, readEmulatorState, writeEmulatorState } from '@/wecom/emulator/state'

const LOGIN_PATH = '/api/auth/wecom/login'
/** Set before leaving for the WeCom login; a second 401 right after means the login failed. */
const LOGIN_ATTEMPT_KEY = 'session:login-attempt'
const LOGIN_RETRY_WINDOW_MS = 30_000

function recentLoginAttempt(): boolean {
  try {
    const at = Number(sessionStorage.getItem(LOGIN_ATTEMPT_KEY))
    return Number.isFinite(at) && Date.now() - at < LOGIN_RETRY_WINDOW_MS
  }
  catch (err) {
    console.warn('[session] sessionStorage unavailable', err)
    return false
  }
}

function markLoginAttempt(value: number | null): void {
  try {
    if (value === null)
      sessionStorage.removeItem(LOGIN_ATTEMPT_KEY)
    else
      sessionStorage.setItem(LOGIN_ATTEMPT_KEY, String(value))
  }
  catch (err) {
    console.warn('[session] sessionStorage unavailable', err)
  }
}

/** Who is signed in, in which mode the BFF runs, and how to get signed in. */
export const useSessionStore = defineStore('session', () => {
  const config = ref<AppConfig | null>(null)
  const me = ref<StaffSummary | null>(null)
  const status = ref<AsyncStatus>('idle')
  const error = ref<ApiError | null>(null)
  let signingIn: Promise<StaffSummary | null> | null = null
  let leaving = false

  /** `GET /api/config` (shared with the WeCom loader; fetched once). */
  async function loadConfig(): Promise<AppConfig> {
    const value = await loadAppConfig()
    config.value = value
    return value
  }

  /**
   * Leaves for the WeCom OAuth login, coming back to this very page and hash route.
   * Refuses (and reports) if we were just there, rather than looping.
   */
  function redirectToLogin(): void {
    if (leaving)
      return
    if (recentLoginAttempt()) {
      markLoginAttempt(null)
      status.value = 'error'
      error.value = new ApiError(401, '企业微信登录失败，请关闭侧边栏后重新打开', 'login_loop')
      return
    }
    leaving = true
    markLoginAttempt(Date.now())
    const { pathname, search, hash } = window.location
    window.location.assign(`${LOGIN_PATH}?returnTo=${encodeURIComponent(pathname + search + hash)}`)
  }

  /** Demo sign-in as `userId` (sets the session cookie) and remembers it in the emulator. */
  async function signInDemo(userId: string): Promise<StaffSummary> {
    const staff = await api.post<StaffSummary>('/api/auth/demo', { userId })
    chooseEmulatorStaff(staff)
    me.value = staff
    status.value = 'done'
    error.value = null
    return staff
  }

  /** Demo mode: sign in as the emulator's staff member; without one, let the user choose. */
  async function signInAsEmulatorStaff(): Promise<StaffSummary | null> {
    const chosen = readEmulatorState().staffUserId
    if (chosen) {
      try {
        return await signInDemo(chosen)
      }
      catch (err) {
        // The remembered staff member is gone (e.g. the demo data was regenerated): choose again.
        if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 400))
          throw err
        writeEmulatorState({ staffUserId: null, staffName: null })
      }
    }
    status.value = 'idle'
    await router.push({ name: 'demo' })
    return null
  }

  /** `GET /api/me`; null when there is no session (401). */
  async function fetchMe(): Promise<StaffSummary | null> {
    try {
      return await api.get<StaffSummary>('/api/me')
    }
    catch (err) {
      if (err instanceof ApiError && err.status === 401)
        return null
      throw err
    }
  }

  async function run(): Promise<StaffSummary | null> {
    status.value = 'loading'
    error.value = null
    try {
      // Both at once: the sidebar is opened hundreds of times a day, every round trip counts.
      const [cfg, staff] = await Promise.all([loadConfig(), fetchMe()])

      if (cfg.mode === 'wecom') {
        if (!staff) {
          redirectToLogin()
          return null
        }
        markLoginAttempt(null)
      }
      else {
        const chosen = readEmulatorState().staffUserId
        // The emulator is "the client": if it says someone else is using it, follow it.
        if (!staff || (chosen && chosen !== staff.userId))
          return await signInAsEmulatorStaff()
      }
      me.value = staff
      status.value = 'done'
      return staff
    }
    catch (err) {
      status.value = 'error'
      error.value = err instanceof ApiError ? err : new ApiError(0, '登录状态加载失败，请重试')
      if (!(err instanceof ApiError))
        console.error('[session]', err)
      return null
    }
  }

  /**
   * Resolves with the signed-in staff member. Otherwise starts signing in and resolves null:
   * wecom mode leaves for the OAuth login, demo mode signs in as the emulator's staff member
   * or routes to `/demo`. On failure resolves null with `status` 'error' and `error` set.
   * Concurrent callers share one attempt.
   */
  function ensureSignedIn(): Promise<StaffSummary | null> {
    if (me.value)
      return Promise.resolve(me.value)
    signingIn ??= run().finally(() => {
      signingIn = null
    })
    return signingIn
  }

  /** Forgets the session locally (after switching demo staff, for example). */
  function reset(): void {
    me.value = null
    status.value = 'idle'
    error.value = null
  }

  // A session that expires mid-use: forget it, so the next ensureSignedIn() signs in again
  // (silently in demo mode); in wecom mode go through the login right away.
  setUnauthorizedHandler((_err, url) => {
    if (url.startsWith('/api/me'))
      return
    me.value = null
    if (config.value?.mode === 'wecom')
      redirectToLogin()
  })

  return { config, me, status, error, loadConfig, ensureSignedIn, signInDemo, redirectToLogin, reset }
})
