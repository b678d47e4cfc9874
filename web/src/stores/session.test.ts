import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubFetch } from '@/api/testing/fetch-stub'

const push = vi.hoisted(() => vi.fn())
vi.mock('@/router', () => ({ router: { push } }))

const STAFF = { userId: 'zhangli', name: '张丽', avatar: null, position: '导购', departmentId: 2, departmentName: '静安店', role: 'staff' }
const UNAUTHORIZED = { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: '请先登录' } }

async function freshStore() {
  const { useSessionStore } = await import('./session')
  setActivePinia(createPinia())
  return useSessionStore()
}

beforeEach(() => {
  vi.resetModules()
  localStorage.clear()
  sessionStorage.clear()
  push.mockReset()
  history.replaceState(null, '', '/sidebar?from=menu#/sidebar')
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('ensureSignedIn', () => {
  it('should resolve the staff member when the session is valid', async () => {
    stubFetch({ 'GET /api/config': { body: { mode: 'wecom', corpId: 'c', agentId: '1' } }, 'GET /api/me': { body: STAFF } })
    const session = await freshStore()
    await expect(session.ensureSignedIn()).resolves.toEqual(STAFF)
    expect(session.status).toBe('done')
    expect(session.config?.mode).toBe('wecom')
  })

  it('should go to the WeCom login with the full return path when wecom mode answers 401', async () => {
    stubFetch({ 'GET /api/config': { body: { mode: 'wecom', corpId: 'c', agentId: '1' } }, 'GET /api/me': UNAUTHORIZED })
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    const session = await freshStore()

    await expect(session.ensureSignedIn()).resolves.toBeNull()
    expect(assign).toHaveBeenCalledWith(`/api/auth/wecom/login?returnTo=${encodeURIComponent('/sidebar?from=menu#/sidebar')}`)
    expect(session.status).toBe('loading')
  })

  it('should stop with an error instead of looping when the login just failed', async () => {
    stubFetch({ 'GET /api/config': { body: { mode: 'wecom', corpId: 'c', agentId: '1' } }, 'GET /api/me': UNAUTHORIZED })
    sessionStorage.setItem('session:login-attempt', String(Date.now() - 1000))
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    const session = await freshStore()

    await expect(session.ensureSignedIn()).resolves.toBeNull()
    expect(assign).not.toHaveBeenCalled()
    expect(session.status).toBe('error')
    expect(session.error?.message).toContain('登录失败')
  })

  it('should sign in silently as the emulator staff when demo mode answers 401', async () => {
    const { calls } = stubFetch({
      'GET /api/config': { body: { mode: 'demo', corpId: 'c', agentId: '1' } },
      'GET /api/me': UNAUTHORIZED,
      'POST /api/auth/demo': { body: STAFF },
    })
    localStorage.setItem('wecom-emulator:v1', JSON.stringify({ staffUserId: 'zhangli', entry: 'single_chat_tools', externalUserId: 'wmA' }))
    const session = await freshStore()

    await expect(session.ensureSignedIn()).resolves.toEqual(STAFF)
    expect(calls.find(c => c.method === 'POST')!.body).toEqual({ userId: 'zhangli' })
    expect(push).not.toHaveBeenCalled()
  })

  it('should route to /demo when demo mode answers 401 and no staff was chosen', async () => {
    stubFetch({ 'GET /api/config': { body: { mode: 'demo', corpId: 'c', agentId: '1' } }, 'GET /api/me': UNAUTHORIZED })
    const session = await freshStore()

    await expect(session.ensureSignedIn()).resolves.toBeNull()
    expect(push).toHaveBeenCalledWith({ name: 'demo' })
    expect(session.status).toBe('idle')
  })

  it('should follow the emulator when it names another staff member than the session', async () => {
    const other = { ...STAFF, userId: 'wangfang', name: '王芳' }
    stubFetch({
      'GET /api/config': { body: { mode: 'demo', corpId: 'c', agentId: '1' } },
      'GET /api/me': { body: STAFF },
      'POST /api/auth/demo': { body: other },
    })
    localStorage.setItem('wecom-emulator:v1', JSON.stringify({ staffUserId: 'wangfang' }))
    const session = await freshStore()
    await expect(session.ensureSignedIn()).resolves.toEqual(other)
  })

  it('should report the error when the BFF is unreachable', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const session = await freshStore()

    await expect(session.ensureSignedIn()).resolves.toBeNull()
    expect(session.status).toBe('error')
    expect(session.error).toMatchObject({ status: 0, message: '无法连接服务器，请检查网络后重试' })
  })

  it('should share one attempt between concurrent callers', async () => {
    const { calls } = stubFetch({ 'GET /api/config': { body: { mode: 'wecom', corpId: 'c', agentId: '1' } }, 'GET /api/me': { body: STAFF } })
    const session = await freshStore()
    await Promise.all([session.ensureSignedIn(), session.ensureSignedIn()])
    expect(calls.filter(c => c.url.pathname === '/api/me')).toHaveLength(1)
  })
})
