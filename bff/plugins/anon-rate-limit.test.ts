import { afterEach, describe, expect, it } from 'vitest'
import { MINUTE } from '../engine/rules/time-units.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { SAME_ORIGIN } from '../test/fixtures.ts'

const CORP = { corpId: 'wwtest0000000001', secret: 'test-app-secret', agentId: '1000002', apiBase: 'http://127.0.0.1:9', oauthBase: 'http://127.0.0.1:9' }
const LIMIT = 3

describe('per-address limits on the anonymous routes (issue 12, item 4)', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  async function setup(overrides: Parameters<typeof buildTestApp>[0] = {}) {
    let now = TEST_NOW
    const built = await buildTestApp({ anonRateLimitPerMinute: LIMIT, ...overrides }, { now: () => now })
    close = built.close
    const hit = (url: string, remoteAddress = '203.0.113.7', method: 'GET' | 'POST' = 'GET') =>
      built.app.inject({ method, url, remoteAddress, headers: SAME_ORIGIN, ...(method === 'POST' ? { payload: { userId: 'nobody' } } : {}) })
    return { ...built, hit, advance: (ms: number) => { now += ms } }
  }

  it.each([
    ['GET', '/api/auth/demo/staff', {}],
    ['POST', '/api/auth/demo', {}],
    ['GET', '/api/auth/wecom/login', { wecom: CORP }],
    ['GET', '/api/auth/wecom/callback?code=c&state=s', { wecom: CORP }],
    ['GET', '/api/wecom/agent-config-signature?url=https%3A%2F%2Fx.example.com%2F', {}],
    ['GET', '/api/wecom/config-signature?url=https%3A%2F%2Fx.example.com%2F', {}],
  ] as const)('should answer the %s %s request past the limit with 429 rate_limited and retry-after', async (method, url, overrides) => {
    const { hit } = await setup(overrides)
    for (let i = 0; i < LIMIT; i++)
      expect((await hit(url, undefined, method)).statusCode).not.toBe(429)
    const limited = await hit(url, undefined, method)
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'rate_limited' })
    expect(limited.json<{ message: string }>().message).toMatch(/请求过于频繁/)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60)
  })

  it('should count each address and each route apart, and start again in the next minute', async () => {
    const { hit, advance } = await setup()
    for (let i = 0; i < LIMIT; i++)
      await hit('/api/auth/demo/staff')
    expect((await hit('/api/auth/demo/staff')).statusCode).toBe(429)
    expect((await hit('/api/auth/demo/staff', '198.51.100.1')).statusCode).toBe(200)
    expect((await hit('/api/wecom/config-signature?url=https%3A%2F%2Fx.example.com%2F')).statusCode).not.toBe(429)
    advance(MINUTE)
    expect((await hit('/api/auth/demo/staff')).statusCode).toBe(200)
  })

  it('should leave signed-in and other routes unlimited', async () => {
    const { hit } = await setup()
    for (let i = 0; i < LIMIT + 2; i++)
      expect((await hit('/api/config')).statusCode).toBe(200)
    for (let i = 0; i < LIMIT + 2; i++)
      expect((await hit('/api/health')).statusCode).not.toBe(429)
  })

  it('should limit nothing when the limit is 0', async () => {
    const { hit } = await setup({ anonRateLimitPerMinute: 0 })
    for (let i = 0; i < LIMIT + 2; i++)
      expect((await hit('/api/auth/demo/staff')).statusCode).toBe(200)
  })
})
