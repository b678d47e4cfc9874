import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { type JourneyConfig, loadJourneyConfig } from '../engine/journey/index.ts'
import { MINUTE, SECOND } from '../engine/rules/time-units.ts'
import { expireCoupons } from '../services/coupon-lifecycle.ts'
import { newLeaseHolder, withLease } from '../services/job-lease.ts'
import { recomputeAll, type RecomputeCounts, recomputeCustomer } from '../services/journey-recompute.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The journey and SOP library, loaded and validated once at start. */
    journey: JourneyConfig
    /** Recomputes one customer's stage and tasks now: call it whenever their data changed. */
    recomputeCustomer: (customerId: number) => RecomputeCounts
  }
}

export interface JourneySchedulerOptions {
  now: () => number
  /** Minutes between full recomputes; 0 loads the config but never schedules (tests). */
  intervalMinutes: number
  /** The first pass runs this long after the app is ready (default 1 s), never blocking listen. */
  firstPassDelayMs?: number
  /** Use this config instead of reading `files` (tests play their own journeys). */
  config?: JourneyConfig
  /** Journey and SOP files; the default journey when omitted. */
  files?: { journey: string, sops: string }
  /** Customers per transaction in the full recompute. */
  chunk?: number
}

/**
 * Loads the journey config (a bad file stops the start: ConfigError lists every bad field by
 * path) and keeps every customer's stage and tasks current: a first pass shortly after start,
 * then one every `intervalMinutes`. A pass yields between chunks, so requests keep being
 * answered, and a pass still running when the next is due makes that one skip. Several processes
 * on one database take turns: a pass (coupon expiry, then the recompute) runs under the
 * 'journey-pass' lease, and a process that finds it held skips its pass.
 */
export default fp(async (app: FastifyInstance, opts: JourneySchedulerOptions) => {
  const config = opts.config ?? loadJourneyConfig(opts.files)
  app.decorate('journey', config)
  app.decorate('recomputeCustomer', (customerId: number) => recomputeCustomer(app.db, config, customerId, opts.now()))
  if (!(opts.intervalMinutes > 0))
    return

  const stop = new AbortController()
  const holder = newLeaseHolder()
  let running: Promise<void> | null = null
  let first: NodeJS.Timeout | undefined
  let every: NodeJS.Timeout | undefined

  const pass = (why: 'start' | 'schedule') => {
    if (running) {
      app.log.warn({ why }, 'journey recompute still running; skipping this pass')
      return
    }
    running = withLease(app.db, { name: 'journey-pass', holder }, async (lost) => {
      const now = opts.now()
      // Held coupons past their time first: the pass then sees them as they are.
      const couponsExpired = expireCoupons(app.db, now)
      const result = await recomputeAll(app.db, config, now, { signal: AbortSignal.any([stop.signal, lost]), chunk: opts.chunk })
      const perSecond = result.ms ? Math.round(result.customers / result.ms * SECOND) : result.customers
      app.log.info({ why, ...result, couponsExpired, customersPerSecond: perSecond }, 'journey recompute done')
    })
      .then((outcome) => {
        if (!outcome.ran)
          app.log.info({ why }, 'journey recompute skipped: another process is running it')
      })
      .catch((err: unknown) => app.log.error({ err, why }, 'journey recompute failed'))
      .finally(() => { running = null })
  }

  app.addHook('onReady', async () => {
    // unref: timers alone never keep the process alive.
    first = setTimeout(() => pass('start'), opts.firstPassDelayMs ?? SECOND).unref()
    every = setInterval(() => pass('schedule'), opts.intervalMinutes * MINUTE).unref()
  })
  app.addHook('onClose', async () => {
    clearTimeout(first)
    clearInterval(every)
    stop.abort()
    await running
  })
}, { name: 'journey-scheduler', dependencies: ['db'] })
