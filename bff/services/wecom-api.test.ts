import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeWecom, type FakeWecom } from '../../e2e/fixtures/fake-wecom-server.ts'
import { WecomApiClient, WecomApiError, WecomOAuthError, WecomTransportError } from './wecom-api.ts'

const CORP = { corpId: 'wwtest0000000001', secret: 'test-app-secret', agentId: '1000002' }
const TOKEN = '/cgi-bin/gettoken'
const AGENT_TICKET = '/cgi-bin/ticket/get'
const CORP_TICKET = '/cgi-bin/get_jsapi_ticket'
const USERINFO = '/cgi-bin/auth/getuserinfo'

describe('WecomApiClient', () => {
  let fake: FakeWecom
  let clock: number
  const client = (overrides: Partial<ConstructorParameters<typeof WecomApiClient>[0]> = {}) =>
    new WecomApiClient({ ...CORP, apiBase: fake.url, now: () => clock, fetch: globalThis.fetch, busyRetryDelayMs: 1, ...overrides })

  beforeEach(async () => {
    fake = await startFakeWecom(CORP)
    clock = Date.parse('2026-11-20T10:00:00+08:00')
  })
  afterEach(async () => fake.close())

  it('should fetch the access token once and reuse it across APIs', async () => {
    const api = client()
    fake.setOAuthUser('zhangsan')
    await api.getCorpJsapiTicket()
    await api.getAgentJsapiTicket()
    await api.getUserInfoByCode(fake.issueCode())
    expect(fake.calls[TOKEN]).toBe(1)
  })

  it('should cache each ticket when asked many times', async () => {
    const api = client()
    for (let i = 0; i < 5; i++) {
      expect(await api.getAgentJsapiTicket()).toBe(fake.tickets.agent)
      expect(await api.getCorpJsapiTicket()).toBe(fake.tickets.corp)
    }
    expect(fake.calls[AGENT_TICKET]).toBe(1)
    expect(fake.calls[CORP_TICKET]).toBe(1)
    expect(fake.tickets.agent).not.toBe(fake.tickets.corp)
  })

  it('should share one in-flight fetch when callers come concurrently', async () => {
    const api = client()
    const tickets = await Promise.all(Array.from({ length: 10 }, () => api.getAgentJsapiTicket()))
    expect(new Set(tickets)).toEqual(new Set([fake.tickets.agent]))
    expect(fake.calls[TOKEN]).toBe(1)
    expect(fake.calls[AGENT_TICKET]).toBe(1)
  })

  it('should refetch the token and retry once when WeCom says it expired (42001)', async () => {
    const api = client()
    fake.setOAuthUser('zhangsan')
    const before = await api.getAccessToken()
    fake.expireToken()
    expect(await api.getUserInfoByCode(fake.issueCode())).toEqual({ userId: 'zhangsan' })
    expect(fake.calls[TOKEN]).toBe(2)
    expect(fake.calls[USERINFO]).toBe(2)
    expect(await api.getAccessToken()).not.toBe(before)
  })

  it('should refetch the token and retry once when WeCom says it is invalid (40014)', async () => {
    const api = client()
    await api.getAccessToken()
    fake.failNext(AGENT_TICKET, 40014)
    expect(await api.getAgentJsapiTicket()).toBe(fake.tickets.agent)
    expect(fake.calls[TOKEN]).toBe(2)
    expect(fake.calls[AGENT_TICKET]).toBe(2)
  })

  it('should give up with WecomApiError when the token is refused twice', async () => {
    const api = client()
    fake.failNext(AGENT_TICKET, 42001)
    fake.failNext(AGENT_TICKET, 42001)
    await expect(api.getAgentJsapiTicket()).rejects.toMatchObject({ name: 'WecomApiError', errcode: 42001 })
    expect(fake.calls[AGENT_TICKET]).toBe(2)
  })

  it('should refetch token and ticket when the injected clock passes expiry minus the margin', async () => {
    const api = client()
    const first = await api.getAgentJsapiTicket()
    clock += (7200 - 300) * 1000 - 1
    expect(await api.getAgentJsapiTicket()).toBe(first)
    expect(fake.calls[AGENT_TICKET]).toBe(1)
    clock += 1
    const second = await api.getAgentJsapiTicket()
    expect(second).not.toBe(first)
    expect(second).toBe(fake.tickets.agent)
    expect(fake.calls[AGENT_TICKET]).toBe(2)
    expect(fake.calls[TOKEN]).toBe(2)
  })

  it('should retry a busy WeCom (-1) and succeed when it recovers', async () => {
    const api = client()
    fake.failNext(CORP_TICKET, -1)
    fake.failNext(CORP_TICKET, -1)
    expect(await api.getCorpJsapiTicket()).toBe(fake.tickets.corp)
    expect(fake.calls[CORP_TICKET]).toBe(3)
  })

  it('should stop after three retries when WeCom stays busy', async () => {
    const api = client()
    for (let i = 0; i < 4; i++)
      fake.failNext(CORP_TICKET, -1)
    await expect(api.getCorpJsapiTicket()).rejects.toMatchObject({ errcode: -1 })
    expect(fake.calls[CORP_TICKET]).toBe(4)
  })

  it('should throw WecomApiError with errcode and errmsg when WeCom refuses, and recover after', async () => {
    const api = client()
    fake.failNext(AGENT_TICKET, 45009)
    const err = await api.getAgentJsapiTicket().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WecomApiError)
    expect(err).toMatchObject({ path: AGENT_TICKET, errcode: 45009, errmsg: 'api freq out of limit' })
    expect(await api.getAgentJsapiTicket()).toBe(fake.tickets.agent)
  })

  it('should throw WecomApiError 40001 when the secret is wrong, without leaking it', async () => {
    const api = client({ secret: 'wrong-secret' })
    const err = await api.getAgentJsapiTicket().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WecomApiError)
    expect(err).toMatchObject({ errcode: 40001 })
    expect(String((err as Error).message)).not.toContain('wrong-secret')
  })

  it('should return the userid for a member code and refuse the same code twice (40029)', async () => {
    const api = client()
    fake.setOAuthUser('zhangsan')
    const code = fake.issueCode()
    expect(await api.getUserInfoByCode(code)).toEqual({ userId: 'zhangsan' })
    const err = await api.getUserInfoByCode(code).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WecomOAuthError)
    expect(err).toMatchObject({ reason: 'invalid-code' })
  })

  it('should refuse a code that belongs to a non-member (openid only)', async () => {
    const api = client()
    fake.setOAuthUser(null)
    const err = await api.getUserInfoByCode(fake.issueCode()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WecomOAuthError)
    expect(err).toMatchObject({ reason: 'not-member' })
  })

  it('should throw WecomTransportError when the network fails', async () => {
    const api = client({ fetch: async () => { throw new TypeError('fetch failed') } })
    const err = await api.getAgentJsapiTicket().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WecomTransportError)
    expect((err as Error).message).toContain('fetch failed')
  })

  it('should throw WecomTransportError when WeCom answers a non-2xx or non-JSON body', async () => {
    const http500 = client({ fetch: async () => new Response('oops', { status: 500 }) })
    await expect(http500.getAccessToken()).rejects.toBeInstanceOf(WecomTransportError)
    const html = client({ fetch: async () => new Response('<html>', { status: 200 }) })
    await expect(html.getAccessToken()).rejects.toBeInstanceOf(WecomTransportError)
  })
})
