import { describe, expect, it } from 'vitest'
import { signJsapi } from './jssdk-signature.ts'

// Vectors from wecom-tech.md §2.3 (V1 is the official one from developer.work.weixin.qq.com/document/path/96909).
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg'
const NONCE = 'Wm3WZYTPz0wzccnW'
const NOW_MS = 1414587457 * 1000

describe('signJsapi', () => {
  it('should match the official vector V1', () => {
    const sig = signJsapi({ ticket: TICKET, url: 'http://mp.weixin.qq.com?params=value', now: NOW_MS, nonce: NONCE })
    expect(sig).toEqual({ timestamp: 1414587457, nonceStr: NONCE, signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed' })
  })

  it('should match V2 when given the URL without a fragment', () => {
    const sig = signJsapi({ ticket: TICKET, url: 'https://sidebar.example.com/app/customer?x=1&code=abc', now: NOW_MS, nonce: NONCE })
    expect(sig.signature).toBe('d575378d31296503de30e33bfe2457b3223196ce')
  })

  it('should cut the fragment and sign V2 when the URL still has #/tab', () => {
    const sig = signJsapi({ ticket: TICKET, url: 'https://sidebar.example.com/app/customer?x=1&code=abc#/tab', now: NOW_MS, nonce: NONCE })
    expect(sig.signature).toBe('d575378d31296503de30e33bfe2457b3223196ce')
    expect(sig.signature).not.toBe('f9138ba77e6e41e0d36540b101b6de34d269bf32')
  })

  it('should give the timestamp in whole unix seconds when the clock has milliseconds', () => {
    const sig = signJsapi({ ticket: TICKET, url: 'https://a.example.com/', now: NOW_MS + 999, nonce: NONCE })
    expect(sig.timestamp).toBe(1414587457)
    expect(Number.isInteger(sig.timestamp)).toBe(true)
  })

  it('should pick a fresh random nonce when none is given', () => {
    const a = signJsapi({ ticket: TICKET, url: 'https://a.example.com/', now: NOW_MS })
    const b = signJsapi({ ticket: TICKET, url: 'https://a.example.com/', now: NOW_MS })
    expect(a.nonceStr).toMatch(/^[0-9a-f]{16}$/)
    expect(a.nonceStr).not.toBe(b.nonceStr)
    expect(a.signature).not.toBe(b.signature)
  })
})
