/**
 * WXBizMsgCrypt for WeCom callbacks (wecom-tech.md §4.2): check `msg_signature`, refuse stale
 * timestamps, decrypt, and check the receive id is our corp. `@wecom/crypto` does the AES.
 */
import { timingSafeEqual } from 'node:crypto'
import { decrypt, getSignature } from '@wecom/crypto'
import { ClientError } from '../http-error.ts'

export interface CallbackSecrets {
  token: string
  aesKey: string
}

export interface SignedQuery {
  msgSignature: string
  timestamp: string
  nonce: string
}

/** How far a callback's timestamp may be from our clock; WeCom retries within seconds. */
export const MAX_TIMESTAMP_SKEW_S = 300

/** The plaintext inside `encrypted`, once its signature and freshness are checked. */
export function openCallback(secrets: CallbackSecrets, q: SignedQuery, encrypted: string, now: number, corpId: string | null): string {
  const expected = getSignature(secrets.token, q.timestamp, q.nonce, encrypted)
  const given = Buffer.from(q.msgSignature.toLowerCase())
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    throw new ClientError(403, 'msg_signature does not match: check WECOM_CALLBACK_TOKEN against the Token set in the WeCom admin', 'bad_signature')
  const at = Number(q.timestamp)
  if (!/^\d{1,12}$/.test(q.timestamp) || Math.abs(now / 1000 - at) > MAX_TIMESTAMP_SKEW_S)
    throw new ClientError(403, `timestamp ${q.timestamp} is more than ${MAX_TIMESTAMP_SKEW_S} s from the server's clock: refused as a possible replay`, 'stale_timestamp')
  let opened: { message: string, id: string }
  try {
    opened = decrypt(secrets.aesKey, encrypted)
  }
  catch {
    throw new ClientError(400, 'The encrypted payload cannot be decrypted with WECOM_CALLBACK_AES_KEY', 'bad_ciphertext')
  }
  if (corpId !== null && opened.id !== corpId)
    throw new ClientError(403, `The payload is for receive id "${opened.id.slice(0, 40)}", not this corp`, 'wrong_receiver')
  return opened.message
}
