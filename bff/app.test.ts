import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp } from './test/build-test-app.ts'

describe('buildApp (issue 12)', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
    close = undefined
  })

  /** A test app with a route that answers what Fastify thinks the client is. */
  async function whoAmI(trustProxy?: false | number | string[]) {
    const built = await buildTestApp(trustProxy === undefined ? {} : { trustProxy })
    close = built.close
    built.app.get('/__test/ip', async request => ({ ip: request.ip, protocol: request.protocol }))
    return (headers: Record<string, string>, remoteAddress = '10.0.0.9') =>
      built.app.inject({ url: '/__test/ip', headers, remoteAddress }).then(res => res.json<{ ip: string, protocol: string }>())
  }

  describe('trustProxy', () => {
    it('should ignore X-Forwarded-For and X-Forwarded-Proto when TRUST_PROXY is unset', async () => {
      const ask = await whoAmI()
      expect(await ask({ 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https' })).toEqual({ ip: '10.0.0.9', protocol: 'http' })
    })

    it('should take the client from X-Forwarded-For when one hop is trusted', async () => {
      const ask = await whoAmI(1)
      expect(await ask({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4' })).toEqual({ ip: '1.2.3.4', protocol: 'http' })
    })

    it('should believe X-Forwarded-For only from the listed proxy addresses', async () => {
      const ask = await whoAmI(['10.0.0.0/24'])
      expect((await ask({ 'x-forwarded-for': '1.2.3.4' })).ip).toBe('1.2.3.4')
      expect((await ask({ 'x-forwarded-for': '1.2.3.4' }, '192.168.1.1')).ip).toBe('192.168.1.1')
    })
  })

  describe('request logs', () => {
    it('should log the path but not the values of the query string', async () => {
      const lines: string[] = []
      const built = await buildTestApp({}, { logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } })
      close = built.close
      const secrets = ['CODE-7f3a9', 'STATE-b41c', 'ECHO-5e2d', '13912345678']
      await built.app.inject({ url: `/api/auth/wecom/callback?code=${secrets[0]}&state=${secrets[1]}` })
      await built.app.inject({ url: `/api/wecom/callback?msg_signature=x&timestamp=1&nonce=n&echostr=${secrets[2]}` })
      await built.app.inject({ url: `/api/customers?q=${secrets[3]}` })
      await built.app.inject({ url: `/api/nowhere?q=${secrets[3]}` })
      const logged = lines.join('')
      expect(lines.length).toBeGreaterThan(4)
      for (const secret of secrets)
        expect(logged).not.toContain(secret)
      const urls = lines.map(line => JSON.parse(line) as { req?: { url: string } }).flatMap(l => l.req ? [l.req.url] : [])
      expect(urls).toContain('/api/auth/wecom/callback?code=~&state=~')
      expect(urls).toContain('/api/customers?q=~')
    })
  })
})
