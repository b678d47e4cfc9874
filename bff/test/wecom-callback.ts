/** Builds what WeCom would send to /api/wecom/callback: an encrypted, signed event. */
import { randomBytes } from 'node:crypto'
import { encrypt, getSignature } from '@wecom/crypto'

export interface CallbackKeys { token: string, aesKey: string, corpId: string }

/** A fixed key set for tests (43-character EncodingAESKey). */
export const TEST_CALLBACK: CallbackKeys = { token: 'e2eCallbackToken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', corpId: 'wwe2e0000000000001' }

export function signedCallback(keys: CallbackKeys, xml: string, timestampS: number, nonce = randomBytes(6).toString('hex')) {
  const encrypted = encrypt(keys.aesKey, xml, keys.corpId)
  const msgSignature = getSignature(keys.token, timestampS, nonce, encrypted)
  const query = new URLSearchParams({ msg_signature: msgSignature, timestamp: String(timestampS), nonce })
  return {
    url: `/api/wecom/callback?${query}`,
    body: `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
  }
}

/** A change_external_contact event as WeCom's docs show it. */
export function contactEventXml(corpId: string, e: { changeType: string, userId: string, externalUserId: string, createTimeS: number, state?: string, source?: string }) {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>`
    + `<CreateTime>${e.createTimeS}</CreateTime><MsgType><![CDATA[event]]></MsgType>`
    + `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${e.changeType}]]></ChangeType>`
    + `<UserID><![CDATA[${e.userId}]]></UserID><ExternalUserID><![CDATA[${e.externalUserId}]]></ExternalUserID>`
    + (e.state ? `<State><![CDATA[${e.state}]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>` : '')
    + (e.source ? `<Source><![CDATA[${e.source}]]></Source>` : '')
    + '</xml>'
}

/** A change_contact event (a member or department changed in the corp's address book). */
export function memberEventXml(corpId: string, e: { changeType: string, userId?: string, partyId?: number, createTimeS: number, status?: number }) {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>`
    + `<CreateTime>${e.createTimeS}</CreateTime><MsgType><![CDATA[event]]></MsgType>`
    + `<Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[${e.changeType}]]></ChangeType>`
    + (e.userId ? `<UserID><![CDATA[${e.userId}]]></UserID>` : '')
    + (e.partyId === undefined ? '' : `<Id>${e.partyId}</Id>`)
    + (e.status === undefined ? '' : `<Status>${e.status}</Status>`)
    + '</xml>'
}
