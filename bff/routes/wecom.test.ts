import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeWecom, type FakeWecom } from '../../e2e/fixtures/fake-wecom-server.ts'
import { DEMO_AGENT_TICKET, DEMO_CORP_TICKET } from '../plugins/wecom.ts'
import { TEST_NOW, buildTestApp } from '../test/build-test-app.ts'

const CORP = { corpId: 'wwtest0000000001', secret: 'test-app-secret', agentId: '1000002' }
const PAGE = 'https://sidebar.example.com/app/customer?x=1&code=abc'

/** Recomputed independently of the code under test (wecom-tech.md §2.2). */
function expectedSignature(ticket: string, nonceStr: string, timestamp: number, url: string) {
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`).digest('hex')
}

function sigUrl(kind: 'agent' | 'corp', url?: string) {
  const path = kind === 'agent' ? '/api/wecom/agent-config-signature' : '/api/wecom/config-signature'
  return url === undefined ? path : `${path}?url=${encodeURIComponent(url)}`
}

describe('WeCom routes', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  describe('in demo mode', () => {
    it('should describe the demo corp on GET /api/config', async () => {
      const built = await buildTestApp()
      close = built.close
      const res = await built.app.inject({ url: '/api/config' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ mode: 'demo', corpId: 'wwdemo0000000000', agentId: '1000001' })
    })

    it.each([['agent', DEMO_AGENT_TICKET], ['corp', DEMO_CORP_TICKET]] as const)('should sign with the fixed demo %s ticket', async (kind, ticket) => {
      const built = await buildTestApp()
      close = built.close
      const res = await built.app.inject({ url: sigUrl(kind, PAGE) })
      expect(res.statusCode).toBe(200)
      const body = res.json<{ timestamp: number, nonceStr: string, signature: string }>()
      expect(body.timestamp).toBe(Math.floor(TEST_NOW / 1000))
      expect(body.signature).toBe(expectedSignature(ticket, body.nonceStr, body.timestamp, PAGE))
    })
  })

  describe('with WeCom connected', () => {
    let fake: FakeWecom
    let logLines: string[]
    beforeEach(async () => {
      fake = await startFakeWecom(CORP)
      logLines = []
    })
    afterEach(async () => fake.close())

    async function realApp() {
      const logStream = new Writable({
        write(chunk, _enc, cb) {
          logLines.push(String(chunk))
          cb()
        },
      })
      const built = await buildTestApp(
        { wecom: { ...CORP, apiBase: fake.url, oauthBase: fake.url } },
        { logger: { level: 'error', stream: logStream } },
      )
      close = built.close
      return built.app
    }

    it('should describe the real corp on GET /api/config', async () => {
      const app = await realApp()
      const res = await app.inject({ url: '/api/config' })
      expect(res.json()).toEqual({ mode: 'wecom', corpId: CORP.corpId, agentId: CORP.agentId })
    })

    it('should sign agentConfig with the agent ticket the fake issued', async () => {
      const app = await realApp()
      const res = await app.inject({ url: sigUrl('agent', PAGE) })
      expect(res.statusCode).toBe(200)
      const body = res.json<{ timestamp: number, nonceStr: string, signature: string }>()
      expect(body).toEqual({ timestamp: Math.floor(TEST_NOW / 1000), nonceStr: expect.any(String), signature: expect.any(String) })
      expect(body.signature).toBe(expectedSignature(fake.tickets.agent, body.nonceStr, body.timestamp, PAGE))
    })

    it('should sign config with the corp ticket the fake issued', async () => {
      const app = await realApp()
      const body = (await app.inject({ url: sigUrl('corp', PAGE) })).json<{ timestamp: number, nonceStr: string, signature: string }>()
      expect(body.signature).toBe(expectedSignature(fake.tickets.corp, body.nonceStr, body.timestamp, PAGE))
      expect(body.signature).not.toBe(expectedSignature(fake.tickets.agent, body.nonceStr, body.timestamp, PAGE))
    })

    it('should sign the URL without its fragment when the fragment is sent', async () => {
      const app = await realApp()
      const body = (await app.inject({ url: sigUrl('agent', `${PAGE}#/tab`) })).json<{ timestamp: number, nonceStr: string, signature: string }>()
      expect(body.signature).toBe(expectedSignature(fake.tickets.agent, body.nonceStr, body.timestamp, PAGE))
    })

    it('should fetch the ticket once when many pages ask for signatures', async () => {
      const app = await realApp()
      for (let i = 0; i < 5; i++)
        expect((await app.inject({ url: sigUrl('agent', `${PAGE}&i=${i}`) })).statusCode).toBe(200)
      expect(fake.calls['/cgi-bin/ticket/get']).toBe(1)
      expect(fake.calls['/cgi-bin/gettoken']).toBe(1)
    })

    it('should answer 502 with a clear message and log it when WeCom refuses the ticket', async () => {
      const app = await realApp()
      fake.failNext('/cgi-bin/ticket/get', 60020)
      const res = await app.inject({ url: sigUrl('agent', PAGE) })
      expect(res.statusCode).toBe(502)
      expect(res.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', message: expect.stringContaining('60020') })
      expect(res.json<{ message: string }>().message).toContain('企业可信 IP')
      expect(logLines.join('')).toContain('WeCom call failed')
      expect(logLines.join('')).not.toContain(CORP.secret)
    })

    it('should answer 502 when WeCom cannot be reached', async () => {
      // Port 9 (discard) is not listening: the connection is refused.
      const built = await buildTestApp({ wecom: { ...CORP, apiBase: 'http://127.0.0.1:9', oauthBase: fake.url } })
      close = built.close
      const res = await built.app.inject({ url: sigUrl('corp', PAGE) })
      expect(res.statusCode).toBe(502)
      expect(res.json<{ message: string }>().message).toContain('无法连接企业微信')
    })
  })

  describe('validation', () => {
    it.each(['agent', 'corp'] as const)('should answer 400 naming url when the %s url is missing', async (kind) => {
      const built = await buildTestApp()
      close = built.close
      const res = await built.app.inject({ url: sigUrl(kind) })
      expect(res.statusCode).toBe(400)
      expect(res.json<{ message: string }>().message).toContain('url')
    })

    it.each(['not-a-url', 'ftp://files.example.com/x', 'javascript:alert(1)'])('should answer 400 naming url when url is %s', async (url) => {
      const built = await buildTestApp()
      close = built.close
      const res = await built.app.inject({ url: sigUrl('agent', url) })
      expect(res.statusCode).toBe(400)
      expect(res.json<{ message: string }>().message).toContain('url')
    })
  })
})
