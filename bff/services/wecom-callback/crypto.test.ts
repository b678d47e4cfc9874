import { decrypt, encrypt, getSignature } from '@wecom/crypto'
import { describe, expect, it } from 'vitest'
import { openCallback } from './crypto.ts'
import { parseFlatXml } from './xml.ts'

// The official vectors (wecom-tech.md §4.3, from the WXBizMsgCrypt samples).
const secrets = { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' }
const corpId = 'wx5823bf96d3bd56c7'
const VERIFY = { msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780' }
const ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=='
const POST = { msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' }
const ENCRYPT = 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=='

describe('WeCom callback crypto (official vectors)', () => {
  it('A: should verify the URL and decrypt echostr to 1616140317555161061', () => {
    expect(openCallback(secrets, VERIFY, ECHOSTR, 1409659589_000, corpId)).toBe('1616140317555161061')
  })

  it('B: should verify and decrypt the POSTed message, newlines included', () => {
    const xml = openCallback(secrets, POST, ENCRYPT, 1409659813_000, corpId)
    expect(xml).toHaveLength(284)
    expect(parseFlatXml(xml)).toMatchObject({ ToUserName: corpId, FromUserName: 'mycreate', CreateTime: '1409659813', MsgType: 'text', Content: 'hello', MsgId: '4561255354251345929', AgentID: '218' })
  })

  it('C: should match the deterministic encrypt vector', () => {
    const encrypted = encrypt(secrets.aesKey, '<xml><Content><![CDATA[hello]]></Content></xml>', corpId, Buffer.from('0123456789abcdef'))
    expect(encrypted).toBe('sKqRbbiSUnDhFHOvPjtUMR44tEbv6oDez3174uSFCrEt2LR+7lfaow/ys2rMQhxenItflJYDjHwMj0Z/qLhDcf9lz1RzWLQSV+0DOGG+mLPhuqQXmaF3nekncw8EAGYO')
    expect(getSignature(secrets.token, '1409659813', '1372623149', encrypted)).toBe('f63a5f4b047274ac2802b0fe36d52eb2d814f69f')
    expect(decrypt(secrets.aesKey, encrypted)).toMatchObject({ message: '<xml><Content><![CDATA[hello]]></Content></xml>', id: corpId })
  })

  it('should refuse a bad signature, a stale or future timestamp, another corp\'s payload, and garbage', () => {
    expect(() => openCallback(secrets, { ...POST, msgSignature: '0'.repeat(40) }, ENCRYPT, 1409659813_000, corpId)).toThrow(/msg_signature does not match/)
    expect(() => openCallback(secrets, POST, ENCRYPT, (1409659813 + 301) * 1000, corpId)).toThrow(/more than 300 s/)
    expect(() => openCallback(secrets, POST, ENCRYPT, (1409659813 - 301) * 1000, corpId)).toThrow(/more than 300 s/)
    expect(() => openCallback(secrets, POST, ENCRYPT, 1409659813_000, 'wwother')).toThrow(/not this corp/)
    const garbage = 'AAAA'
    const signed = { ...POST, msgSignature: getSignature(secrets.token, POST.timestamp, POST.nonce, garbage) }
    expect(() => openCallback(secrets, signed, garbage, 1409659813_000, corpId)).toThrow(/cannot be decrypted/)
  })
})
