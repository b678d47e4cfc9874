import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { WecomConfig } from '../config.ts'
import type { AppConfig as PublicAppConfig } from '../contract/auth.ts'
import { signJsapi, type JsapiSignature } from '../services/jssdk-signature.ts'
import { WecomApiClient, WecomApiError, type WecomError } from '../services/wecom-api.ts'

/** Demo mode pretends to be this corp; the browser emulator accepts these values. */
export const DEMO_CORP_ID = 'wwdemo0000000000'
export const DEMO_AGENT_ID = '1000001'
/** Fixed tickets so demo signatures go through the same code path as real ones. */
export const DEMO_AGENT_TICKET = 'demo-agent-jsapi-ticket'
export const DEMO_CORP_TICKET = 'demo-corp-jsapi-ticket'

export interface WecomBoundary {
  /** What the web app needs to register the SDK (served by GET /api/config). */
  publicConfig: PublicAppConfig
  /** Signs `url` with the app (agent) ticket, for `getAgentConfigSignature`. */
  agentSignature: (url: string) => Promise<JsapiSignature>
  /** Signs `url` with the corp ticket, for `getConfigSignature`. */
  corpSignature: (url: string) => Promise<JsapiSignature>
  /**
   * Exchanges an OAuth code for the member's userid; null in demo mode, where there is no corp.
   * @throws WecomOAuthError (invalid/used code, non-member), WecomApiError, WecomTransportError
   */
  userIdFromOAuthCode: ((code: string) => Promise<string>) | null
  /** The server API client for other WeCom calls; null in demo mode. */
  api: WecomApiClient | null
}

declare module 'fastify' {
  interface FastifyInstance {
    wecom: WecomBoundary
  }
}

interface WecomPluginOptions {
  /** null: demo mode. */
  wecom: WecomConfig | null
  now: () => number
  fetch: typeof globalThis.fetch
}

/** Decorates `app.wecom`: the one place routes go for signatures and member identity. */
export default fp(async (app: FastifyInstance, opts: WecomPluginOptions) => {
  app.decorate('wecom', opts.wecom ? realBoundary(opts.wecom, opts) : demoBoundary(opts.now))
}, { name: 'wecom' })

function realBoundary(config: WecomConfig, { now, fetch }: WecomPluginOptions): WecomBoundary {
  const api = new WecomApiClient({ corpId: config.corpId, secret: config.secret, agentId: config.agentId, apiBase: config.apiBase, now, fetch })
  return {
    publicConfig: { mode: 'wecom', corpId: config.corpId, agentId: config.agentId },
    agentSignature: async url => signJsapi({ ticket: await api.getAgentJsapiTicket(), url, now: now() }),
    corpSignature: async url => signJsapi({ ticket: await api.getCorpJsapiTicket(), url, now: now() }),
    userIdFromOAuthCode: async code => (await api.getUserInfoByCode(code)).userId,
    api,
  }
}

function demoBoundary(now: () => number): WecomBoundary {
  return {
    publicConfig: { mode: 'demo', corpId: DEMO_CORP_ID, agentId: DEMO_AGENT_ID },
    agentSignature: async url => signJsapi({ ticket: DEMO_AGENT_TICKET, url, now: now() }),
    corpSignature: async url => signJsapi({ ticket: DEMO_CORP_TICKET, url, now: now() }),
    userIdFromOAuthCode: null,
    api: null,
  }
}

/** Errcodes an operator can fix, with what to fix (wecom-tech.md §3.4). */
const OPERATOR_HINTS: Record<number, string> = {
  40001: '请检查 WECOM_SECRET',
  40013: '请检查 WECOM_CORP_ID',
  45009: '调用过于频繁，请稍后再试',
  60020: '服务器出口 IP 不在应用的企业可信 IP 中',
}

/**
 * Answers 502 for a failed WeCom call and logs it. Sent as a body rather than thrown, because
 * the errors plugin replaces every thrown 5xx message with a generic one.
 */
export function replyWecomUnavailable(request: FastifyRequest, reply: FastifyReply, err: WecomError, action: string) {
  request.log.error({ err }, `WeCom call failed while ${action}`)
  const detail = err instanceof WecomApiError
    ? `错误码 ${err.errcode}${OPERATOR_HINTS[err.errcode] ? `，${OPERATOR_HINTS[err.errcode]}` : ''}`
    : '无法连接企业微信服务器'
  return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message: `企业微信接口暂时不可用（${detail}），请稍后重试` })
}
