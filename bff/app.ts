import Fastify, { type FastifyServerOptions } from 'fastify'
import sensible from '@fastify/sensible'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { DbHandle } from '../db/client.ts'
import type { AppConfig } from './config.ts'
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
    logger: deps.logger ?? false,
    trustProxy: true,
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
  await app.register(customerRoutes, { now })
  await app.register(sidebarRoutes, { now })
  await app.register(taskRoutes, { now })
  await app.register(recoRoutes, { now })
  await app.register(supervisorRoutes, { now, config: config.supervisor })
  await app.register(recomputeQueuePlugin, { now })
  await app.register(ingestRoutes, { token: config.ingestToken ?? null, now })
  await app.register(wecomCallbackProcessor, { now })
  await app.register(wecomCallbackRoutes, { callback: config.wecomCallback ?? null, corpId: config.wecom?.corpId ?? null, now })

  if (config.webDist)
    await app.register(webPlugin, { root: config.webDist })
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
