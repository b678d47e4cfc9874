import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { WecomConfig } from '../config.ts'
import type { AppConfig as PublicAppConfig } from '../contract/auth.ts'
import { signJsapi, type JsapiSignature } from '../services/jssdk-signature.ts'
import { WecomApiClient } from '../services/wecom-api.ts'

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
