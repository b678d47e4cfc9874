import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { HOUR } from '../engine/rules/time-units.ts'
import { newLeaseHolder, withLease } from '../services/job-lease.ts'
import { type OrgSyncCounts, syncOrg } from '../services/wecom-org-sync.ts'

export interface OrgSync {
  /**
   * Syncs departments, members and leaders from WeCom now, unless a sync finished less than
   * `minIntervalMs` ago; concurrent calls share one run. Null when the sync was skipped (too
   * soon, or another process sharing the database is running it under the 'wecom-org-sync' lease).
   *
   * `fresh`: the sync must read WeCom after this call (a change_contact callback says something
   * changed). A run already underway may have read it before, so one more follows it; every
   * fresh call meanwhile shares that one, so a burst of changes costs at most two syncs.
   */
  run: (options?: { minIntervalMs?: number, fresh?: boolean }) => Promise<OrgSyncCounts | null>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Null in demo mode (the demo brand brings its own organisation). */
    orgSync: OrgSync | null
  }
}

interface Options {
  /** Hours between scheduled syncs; 0: only at start and on demand. */
  intervalHours: number
}

/**
 * Keeps staff, departments and department leaders in step with WeCom: once at start (not awaited
 * by `ready`), every `intervalHours`, and when a member WeCom signs in is not known yet.
 */
export default fp(async (app: FastifyInstance, opts: Options) => {
  const api = app.wecom.api
  if (!api) {
    app.decorate('orgSync', null)
    return
  }
  const holder = newLeaseHolder()
  let running: Promise<OrgSyncCounts | null> | null = null
  let queued: Promise<OrgSyncCounts | null> | null = null
  let lastFinished = -Infinity
  let every: NodeJS.Timeout | undefined

  const run: OrgSync['run'] = async ({ minIntervalMs = 0, fresh = false } = {}) => {
    if (running && fresh) {
      queued ??= running.catch(() => null).then(() => {
        queued = null
        return run()
      })
      return queued
    }
    if (queued)
      return queued
    if (running)
      return running
    // Wall time, not the app's clock: the limit protects WeCom's API budget.
    if (performance.now() - lastFinished < minIntervalMs)
      return null
    running = withLease(app.db, { name: 'wecom-org-sync', holder }, () => syncOrg(app.db, api))
      .then((outcome) => {
        if (!outcome.ran) {
          app.log.info('WeCom org sync skipped: another process is running it')
          return null
        }
        app.forgetSessionStaff()
        app.log.info(outcome.value, 'WeCom org sync done')
        return outcome.value
      })
      .finally(() => {
        lastFinished = performance.now()
        running = null
      })
    return running
  }
  const scheduled = () => run().catch((err: unknown) => app.log.error({ err }, 'WeCom org sync failed'))

  app.decorate('orgSync', { run })
  app.addHook('onReady', async () => {
    setTimeout(scheduled, 0).unref()
    if (opts.intervalHours > 0)
      every = setInterval(scheduled, opts.intervalHours * HOUR).unref()
  })
  app.addHook('onClose', async () => {
    clearInterval(every)
    await queued?.catch(() => null)
    await running?.catch(() => null)
  })
}, { name: 'wecom-org-sync', dependencies: ['db', 'wecom', 'session'] })
