import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

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
