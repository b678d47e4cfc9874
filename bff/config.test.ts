import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, parseTrustProxy } from './config.ts'

const WECOM = { WECOM_CORP_ID: 'ww0000000000000001', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'secret', SESSION_SECRET: 'a-session-secret-0123' }

describe('loadConfig (issue 12)', () => {
  it('should trust no proxy when TRUST_PROXY is unset, and take a hop count or addresses when it is set', () => {
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,fd00::/8,loopback' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback'])
  })

  it('should refuse a TRUST_PROXY that would trust everyone or is not an address', () => {
    for (const value of ['true', '*', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/8'])
      expect(() => parseTrustProxy(value), value).toThrow(ConfigError)
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be a hop count/)
  })

  it('should listen on 127.0.0.1 in demo mode and on 0.0.0.0 with WeCom configured, unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1')
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0')
    expect(loadConfig(WECOM).host).toBe('0.0.0.0')
    expect(loadConfig({ ...WECOM, HOST: '10.0.0.2' }).host).toBe('10.0.0.2')
  })

  it('should never seed the demo brand with WeCom configured, whatever NO_DEMO_SEED says', () => {
    expect(loadConfig({}).seedDemo).toBe(true)
    expect(loadConfig({ NO_DEMO_SEED: '1' }).seedDemo).toBe(false)
    expect(loadConfig(WECOM).seedDemo).toBe(false)
    expect(loadConfig({ ...WECOM, NO_DEMO_SEED: '0' }).seedDemo).toBe(false)
  })

  it('should refuse ingest and callbacks in demo mode unless DEMO_ALLOW_INGEST is 1', () => {
    expect(loadConfig({}).demoAllowIngest).toBe(false)
    expect(loadConfig({ DEMO_ALLOW_INGEST: '1' }).demoAllowIngest).toBe(true)
    expect(() => loadConfig({ DEMO_ALLOW_INGEST: 'yes' })).toThrow(ConfigError)
  })
})

describe('loadConfig: origins and limits (issue 12)', () => {
  it('should read ALLOWED_ORIGINS as origins, default ports dropped, and the anonymous limit', () => {
    const config = loadConfig({ ALLOWED_ORIGINS: ' https://admin.example.com , http://intranet.example.com:8080/ ,https://x.example.com:443', ANON_RATE_LIMIT_PER_MINUTE: '30' })
    expect(config.allowedOrigins).toEqual(['https://admin.example.com', 'http://intranet.example.com:8080', 'https://x.example.com'])
    expect(config.anonRateLimitPerMinute).toBe(30)
  })

  it('should default to no extra origins and 120 requests a minute', () => {
    const config = loadConfig({})
    expect(config.allowedOrigins).toEqual([])
    expect(config.anonRateLimitPerMinute).toBe(120)
  })

  it.each(['admin.example.com', 'https://admin.example.com/app', 'ftp://admin.example.com', 'https://admin.example.com?x=1'])('should refuse %s in ALLOWED_ORIGINS', (entry) => {
    expect(() => loadConfig({ ALLOWED_ORIGINS: entry })).toThrow(ConfigError)
  })

  it('should refuse a negative limit', () => {
    expect(() => loadConfig({ ANON_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/ANON_RATE_LIMIT_PER_MINUTE/)
  })
})
