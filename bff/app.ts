import Fastify, { type FastifyRequest, type FastifyServerOptions } from 'fastify'
import sensible from '@fastify/sensible'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { DbHandle } from '../db/client.ts'
import type { AppConfig, TrustProxy } from './config.ts'
import errorsPlugin from './plugins/errors.ts'
import dbPlugin from './plugins/db.ts'
import sessionPlugin from './plugins/session.ts'
import originCheckPlugin from './plugins/origin-check.ts'
import anonRateLimitPlugin from './plugins/anon-rate-limit.ts'
import wecomPlugin from './plugins/wecom.ts'
import webPlugin from './plugins/web.ts'
import journeySchedulerPlugin from './plugins/journey-scheduler.ts'
import orgSyncPlugin from './plugins/wecom-org-sync.ts'
import type { JourneyConfig } from './engine/journey/index.ts'
import healthRoutes from './routes/health.ts'
import authRoutes from './routes/auth.ts'
import wecomRoutes from './routes/wecom.ts'
import customerRoutes from './routes/customers.ts'
import sidebarRoutes from './routes/sidebar.ts'
import taskRoutes from './routes/tasks.ts'
import recoRoutes from './routes/reco.ts'
import supervisorRoutes from './routes/supervisor.ts'
import recomputeQueuePlugin from './plugins/recompute-queue.ts'
import ingestRoutes from './routes/ingest.ts'
import wecomCallbackRoutes from './routes/wecom-callback.ts'
import wecomCallbackProcessor from './plugins/wecom-callback-processor.ts'
import { DEFAULT_PHONE_REVEAL_DAILY_LIMIT } from './services/phone-reveal.ts'

export interface AppDeps {
  handle: DbHandle
  /** Current time in ms; tests pin it. */
  now?: () => number
  /** The HTTP client used to call WeCom; tests may pass one pointed anywhere. */
  fetch?: typeof globalThis.fetch
  logger?: FastifyServerOptions['logger']
  /** The journey and SOP library; read from bff/journeys when omitted (tests pass their own). */
  journey?: JourneyConfig
}

/** Builds the whole app, plugins and routes registered explicitly and in order. */
export async function buildApp(config: AppConfig, deps: AppDeps) {
  const now = deps.now ?? Date.now
  const app = Fastify({
    logger: withRedactedRequests(deps.logger ?? false),
    // X-Forwarded-* are believed only from the proxies TRUST_PROXY names: otherwise any client
    // could choose its request.ip (and so its rate-limit bucket) and its protocol.
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(sensible)
  await app.register(errorsPlugin)
  await app.register(dbPlugin, { handle: deps.handle })
  await app.register(sessionPlugin, { secret: config.sessionSecret, now })
  await app.register(originCheckPlugin, { allowedOrigins: config.allowedOrigins ?? [] })
  await app.register(anonRateLimitPlugin, { perMinute: config.anonRateLimitPerMinute ?? 0, now })
  await app.register(wecomPlugin, { wecom: config.wecom, now, fetch: deps.fetch ?? globalThis.fetch })
  await app.register(orgSyncPlugin, { intervalHours: config.orgSyncHours ?? 6 })
  await app.register(journeySchedulerPlugin, { now, intervalMinutes: config.journeyRecomputeMinutes, config: deps.journey })

  await app.register(healthRoutes)
  await app.register(authRoutes, { config, now })
  await app.register(wecomRoutes, { config })
  await app.register(customerRoutes, { now, phoneRevealDailyLimit: config.phoneRevealDailyLimit ?? DEFAULT_PHONE_REVEAL_DAILY_LIMIT })
  await app.register(sidebarRoutes, { now })
  await app.register(taskRoutes, { now })
  await app.register(recoRoutes, { now })
  await app.register(supervisorRoutes, { now, config: config.supervisor })
  await app.register(recomputeQueuePlugin, { now })
  // Demo mode runs with a public session secret and pick-anyone sign-in: data from outside
  // (ingest, WeCom callbacks) is refused there unless the operator says otherwise.
  const refuseDemoData = !config.wecom && !config.demoAllowIngest
  await app.register(ingestRoutes, { token: config.ingestToken ?? null, now, refuseDemoData })
  await app.register(wecomCallbackProcessor, { now })
  await app.register(wecomCallbackRoutes, { callback: config.wecomCallback ?? null, corpId: config.wecom?.corpId ?? null, now, refuseDemoData })

  if (config.webDist)
    await app.register(webPlugin, { root: config.webDist })
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>

/**
 * Fastify 5 takes addresses as they are but treats a bare hop count as "trust no one" (it cannot
 * check the peer); a count is the operator's statement that only the proxy can reach the BFF, so
 * it becomes the function proxy-addr itself makes of a count: the first n hops are trusted.
 */
function trustProxyOption(trust: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number')
    return trust
  return (_address: string, hop: number) => hop < trust
}

/**
 * Request logs keep the path and the query's names, never its values: OAuth `code` and `state`,
 * the callback's `echostr`, the digits searched for in `q` are secrets or personal data.
 */
export function redactQuery(url: string): string {
  const at = url.indexOf('?')
  if (at < 0)
    return url
  const names = url.slice(at + 1).split('&').filter(Boolean).map(pair => `${pair.split('=', 1)[0]}=~`)
  return `${url.slice(0, at)}?${names.join('&')}`
}

function withRedactedRequests(logger: NonNullable<FastifyServerOptions['logger']>): FastifyServerOptions['logger'] {
  if (logger === false)
    return false
  const options = logger === true ? {} : logger
  return {
    ...options,
    serializers: {
      ...options.serializers,
      // Fastify's own request serializer, with the URL redacted.
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactQuery(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  }
}
