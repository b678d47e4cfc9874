import { afterEach, describe, expect, it, vi } from 'vitest'
import { stubFetch } from '@/api/testing/fetch-stub'
import { ApiError, NETWORK_ERROR_MESSAGE, api, buildUrl, setUnauthorizedHandler } from './client'

afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthorizedHandler(null)
})

describe('buildUrl', () => {
  it('should leave out empty query values', () => {
    expect(buildUrl('/api/customers', { q: '', cursor: null, limit: 20, x: undefined })).toBe('/api/customers?limit=20')
  })

  it('should encode values', () => {
    expect(buildUrl('/s', { url: 'https://a.example.com/p?x=1&y=2' })).toBe('/s?url=https%3A%2F%2Fa.example.com%2Fp%3Fx%3D1%26y%3D2')
  })
})

describe('api', () => {
  it('should return parsed JSON with same-origin credentials when the call succeeds', async () => {
    const { fetchMock } = stubFetch({ 'GET /api/config': { body: { mode: 'demo', corpId: 'c', agentId: '1' } } })
    await expect(api.get('/api/config')).resolves.toEqual({ mode: 'demo', corpId: 'c', agentId: '1' })
    expect(fetchMock.mock.calls[0]![1]).toMatchObject({ credentials: 'same-origin', method: 'GET' })
  })

  it('should send JSON and set content-type only when there is a body', async () => {
    const { calls } = stubFetch({ 'POST /api/auth/demo': { body: {} }, 'POST /api/auth/logout': { status: 204 } })
    await api.post('/api/auth/demo', { userId: 'u1' })
    await api.post('/api/auth/logout')
    expect(calls[0]!.headers['Content-Type']).toBe('application/json')
    expect(calls[0]!.body).toEqual({ userId: 'u1' })
    expect(calls[1]!.headers['Content-Type']).toBeUndefined()
  })

  it('should throw ApiError with the BFF message and code when the answer is an error', async () => {
    stubFetch({ 'GET /api/x': { status: 404, body: { statusCode: 404, error: 'Not Found', message: '客户不存在', code: 'unknown_contact' } } })
    const err = await api.get('/api/x').catch(e => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 404, message: '客户不存在', code: 'unknown_contact' })
  })

  it('should throw status 0 with a network message when fetch itself fails', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 0, message: NETWORK_ERROR_MESSAGE })
  })

  it('should give a generic message when an error answer is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('<html>Bad Gateway</html>', { status: 502 })))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 502, message: '服务暂时不可用，请稍后重试' })
  })

  it('should call the unauthorized handler before throwing when the answer is 401', async () => {
    stubFetch({ 'GET /api/customers': { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: '请先登录' } } })
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    await expect(api.get('/api/customers', { q: 'a' })).rejects.toMatchObject({ status: 401 })
    expect(handler).toHaveBeenCalledWith(expect.any(ApiError), '/api/customers?q=a')
  })

  it('should keep the AbortError when the caller aborts', async () => {
    vi.stubGlobal('fetch', vi.fn((_url: string, init: RequestInit) => new Promise((_resolve, reject) => {
      init.signal!.addEventListener('abort', () => reject(init.signal!.reason))
    })))
    const controller = new AbortController()
    const pending = api.get('/api/customers', {}, { signal: controller.signal })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
