import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppConfig } from '../config.ts'
import { AppConfig as PublicAppConfig, SignatureQuery, SignatureResponse } from '../contract/auth.ts'
import { ErrorResponse } from '../contract/common.ts'

const signatureSchema = {
  querystring: SignatureQuery,
  response: { 200: SignatureResponse, 400: ErrorResponse, 429: ErrorResponse, 502: ErrorResponse },
}

/**
 * What the browser needs to register `@wecom/jssdk`: the corp/agent ids and the two JS-SDK
 * signatures. The `url` is signed as the SDK sent it (only a '#…' tail is cut).
 */
const wecomRoutes: FastifyPluginAsyncTypebox<{ config: AppConfig }> = async (app) => {
  app.get('/api/config', { schema: { response: { 200: PublicAppConfig } } }, async () => app.wecom.publicConfig)

  app.get('/api/wecom/agent-config-signature', { onRequest: app.anonRateLimit, schema: signatureSchema }, async request => app.wecom.agentSignature(request.query.url))

  app.get('/api/wecom/config-signature', { onRequest: app.anonRateLimit, schema: signatureSchema }, async request => app.wecom.corpSignature(request.query.url))
}
export default wecomRoutes
