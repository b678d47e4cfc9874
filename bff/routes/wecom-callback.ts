import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ClientError, DemoModeError, ServiceOffError } from '../services/http-error.ts'
import { type CallbackSecrets, openCallback } from '../services/wecom-callback/crypto.ts'
import { storeCallback } from '../services/wecom-callback/store.ts'
import { parseFlatXml } from '../services/wecom-callback/xml.ts'

const Signed = {
  msg_signature: Type.String({ minLength: 1, maxLength: 64 }),
  timestamp: Type.String({ minLength: 1, maxLength: 16 }),
  nonce: Type.String({ minLength: 1, maxLength: 64 }),
}
const GetQuery = Type.Object({ ...Signed, echostr: Type.String({ minLength: 1, maxLength: 4096 }) })
const PostQuery = Type.Object(Signed)

/**
 * WeCom's callback bodies are a few hundred bytes, a few KB for a long text message. The
 * envelope is read before its signature can be checked, so it is capped well below any size
 * that would make reading it cost something.
 */
const BODY_LIMIT = 16 * 1024

interface Options {
  callback: CallbackSecrets | null
  /** Checked against the receive id inside each payload; null in demo mode. */
  corpId: string | null
  now: () => number
  /** Demo mode without DEMO_ALLOW_INGEST: every request is refused (503 demo_mode). */
  refuseDemoData?: boolean
}

/**
 * The URL set in the WeCom admin (应用 → 接收消息 → 设置API接收). GET answers the URL
 * verification with the decrypted echostr; POST stores the decrypted event, answers "success",
 * and the processor acts on it (plugins/wecom-callback-processor.ts).
 */
const wecomCallbackRoutes: FastifyPluginAsyncTypebox<Options> = async (app, { callback, corpId, now, refuseDemoData = false }) => {
  // Only here: the raw XML as a string.
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body))

  const secrets = (): CallbackSecrets => {
    if (!callback)
      throw new ServiceOffError('WeCom callbacks are off: set WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY', 'callback_disabled')
    return callback
  }
  // Before the body is read.
  app.addHook('onRequest', async () => {
    if (refuseDemoData)
      throw new DemoModeError('WeCom callbacks')
    secrets()
  })

  app.get('/api/wecom/callback', { schema: { querystring: GetQuery } }, async (request, reply) => {
    const q = request.query
    // Base64 has no spaces: a '+' sent unencoded was read as a space by the query parser.
    const echostr = q.echostr.replaceAll(' ', '+')
    const plain = openCallback(secrets(), { msgSignature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce }, echostr, now(), corpId)
    // Raw: no quotes, no BOM, no newline (WeCom compares the body byte for byte).
    return reply.type('text/plain; charset=utf-8').send(plain)
  })

  app.post('/api/wecom/callback', { config: { authorizedBy: 'signature' }, schema: { querystring: PostQuery }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const s = secrets()
    if (typeof request.body !== 'string')
      throw new ClientError(400, 'The body must be WeCom\'s XML (Content-Type text/xml) with an <Encrypt> element')
    // The signature covers <Encrypt>, so the envelope is read first; the event inside is parsed
    // only once it is signed, fresh and decrypted (storeCallback).
    const encrypted = parseFlatXml(request.body).Encrypt
    if (!encrypted)
      throw new ClientError(400, 'The XML body has no <Encrypt> element')
    const q = request.query
    const xml = openCallback(s, { msgSignature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce }, encrypted, now(), corpId)
    const stored = storeCallback(app.sqlite, xml, now())
    if (stored.isNew)
      app.wecomCallbacks.kick()
    return reply.type('text/plain; charset=utf-8').send('success')
  })
}
export default wecomCallbackRoutes
