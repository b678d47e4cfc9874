import { randomBytes } from 'node:crypto'
import { getJsApiSignature } from '@wecom/crypto'

export interface JsapiSignature {
  /** Unix seconds, an integer: the SDK passes it back to WeCom as it was signed. */
  timestamp: number
  nonceStr: string
  signature: string
}

export interface SignJsapiInput {
  /** The corp ticket for `config`, the agent ticket for `agentConfig`; never mix them. */
  ticket: string
  /** The page URL exactly as the SDK handed it over. */
  url: string
  /** Current time in ms (the injected clock). */
  now: number
  /** Fixed nonce for tests; random otherwise. */
  nonce?: string
}

/**
 * Signs a JS-SDK config request (sha1 over `jsapi_ticket&noncestr&timestamp&url`).
 * The URL is only cut at '#': decoding, re-encoding or escaping it would change the
 * signed string and WeCom would answer "invalid signature".
 */
export function signJsapi({ ticket, url, now, nonce }: SignJsapiInput): JsapiSignature {
  const timestamp = Math.floor(now / 1000)
  // An empty nonce would make the library pick its own and the answer would not match.
  const nonceStr = nonce || randomBytes(8).toString('hex')
  const hashAt = url.indexOf('#')
  const signedUrl = hashAt === -1 ? url : url.slice(0, hashAt)
  const { signature } = getJsApiSignature({ ticket, url: signedUrl, nonceStr, timestamp })
  return { timestamp, nonceStr, signature }
}
