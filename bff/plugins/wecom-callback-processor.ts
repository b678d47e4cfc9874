import { asc, eq, sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { staff, wecomCallbacks } from '#db/schema.ts'
import { MINUTE } from '../engine/rules/time-units.ts'
import { newLeaseHolder, withLease } from '../services/job-lease.ts'
import { fetchExternalContact, type ExternalContactProfile } from '../services/wecom-callback/external-contact.ts'
import { applyCallback, CONTACT_CHANGES_WITH_PROFILE, markFailed } from '../services/wecom-callback/process.ts'
import { parseFlatXml } from '../services/wecom-callback/xml.ts'

declare module 'fastify' {
  interface FastifyInstance {
    wecomCallbacks: {
      /** Processes stored callbacks still 'received', soon (after a new one is stored). */
      kick: () => void
      /** Resolves when nothing is left to process (tests, shutdown). */
      drain: () => Promise<void>
    }
  }
}

/** Re-check for rows left 'received' (a crash, a failed profile fetch) this often. */
const SWEEP_MS = MINUTE
/**
 * Another process holding the sweep's lease may have looked for rows just before this one stored
 * its own: look again this soon rather than leave it to the next sweep.
 */
const BUSY_RETRY_MS = 2000

/**
 * Works through stored callbacks in arrival order, one at a time: fetch the profile when WeCom is
 * configured and the change needs it (a failed fetch is logged; the relationship is still
 * recorded), then apply and mark processed in one transaction. Runs at start (rows a crash left
 * behind), after every stored callback, and every minute. Processes sharing one database take
 * turns under the 'wecom-callbacks' lease, and a row is marked processed only by the first to get
 * there (see applyCallback).
 */
export default fp(async (app: FastifyInstance, opts: { now: () => number }) => {
  const pending = app.db.select({ id: wecomCallbacks.id, xml: wecomCallbacks.xml }).from(wecomCallbacks)
    .where(eq(wecomCallbacks.status, 'received')).orderBy(asc(wecomCallbacks.id)).limit(100).prepare()
  const knownStaff = app.db.select({ id: staff.id }).from(staff).where(eq(staff.userId, sql.placeholder('userId'))).prepare()
  const holder = newLeaseHolder()
  let running: Promise<void> | null = null
  let again = false
  let retry: NodeJS.Timeout | undefined
  /** The org sync a change_contact callback asked for; drain waits for it too. */
  let syncing: Promise<unknown> | null = null

  const processAll = async () => {
    const outcome = await withLease(app.db, { name: 'wecom-callbacks', holder }, async (lost) => {
      do {
        again = false
        for (let rows = pending.all(); rows.length && !lost.aborted; rows = pending.all()) {
          for (const row of rows)
            await processOne(row)
        }
      } while (again && !lost.aborted)
    })
    if (!outcome.ran) {
      clearTimeout(retry)
      retry = setTimeout(kick, BUSY_RETRY_MS).unref()
    }
  }

  const processOne = async (row: { id: number, xml: string }) => {
    const f = parseFlatXml(row.xml)
    let profile: ExternalContactProfile | null = null
    if (app.wecom.api && f.Event === 'change_external_contact' && CONTACT_CHANGES_WITH_PROFILE.has(f.ChangeType ?? '') && f.ExternalUserID) {
      try {
        profile = await fetchExternalContact(app.wecom.api, f.ExternalUserID)
      }
      catch (err) {
        app.log.warn({ err, callbackId: row.id }, 'externalcontact/get failed; recording the change without the profile')
      }
    }
    // A member WeCom knows and we do not yet (joined since the last org sync): sync, then apply.
    if (app.orgSync && f.Event === 'change_external_contact' && f.UserID && knownStaff.get({ userId: f.UserID }) === undefined) {
      await app.orgSync.run({ minIntervalMs: MINUTE })
        .catch((err: unknown) => app.log.warn({ err, callbackId: row.id }, 'WeCom org sync for an unknown member failed'))
    }
    try {
      const outcome = applyCallback(app.sqlite, row, profile, opts.now())
      if (outcome.skipped) {
        app.log.info({ callbackId: row.id }, 'WeCom callback already processed by another process')
        return
      }
      app.log.info({ callbackId: row.id, note: outcome.note }, 'WeCom callback processed')
      if (outcome.signedOut !== undefined)
        app.forgetSessionStaff(outcome.signedOut)
      if (outcome.orgChanged)
        syncSoon(row.id)
      if (outcome.customerId !== null)
        app.recomputeSoon([outcome.customerId])
    }
    catch (err) {
      app.log.error({ err, callbackId: row.id }, 'WeCom callback failed')
      markFailed(app.sqlite, row.id, err instanceof Error ? err.message : String(err), opts.now())
    }
  }

  /**
   * Not awaited here: the next callbacks need not wait for WeCom's address book, and a burst of
   * changes shares one sync (OrgSync.run's `fresh`). The sync forgets every remembered member.
   */
  const syncSoon = (callbackId: number) => {
    if (!app.orgSync)
      return
    const sync: Promise<unknown> = app.orgSync.run({ fresh: true })
      .catch((err: unknown) => app.log.warn({ err, callbackId }, 'WeCom org sync after an address-book change failed'))
      .finally(() => {
        if (syncing === sync)
          syncing = null
      })
    syncing = sync
  }

  const kick = () => {
    if (running) {
      again = true
      return
    }
    running = processAll()
      .catch((err: unknown) => app.log.error({ err }, 'processing WeCom callbacks failed'))
      .finally(() => { running = null })
  }

  let sweep: NodeJS.Timeout | undefined
  app.decorate('wecomCallbacks', {
    kick,
    drain: async () => {
      while (running || syncing)
        await (running ?? syncing)
    },
  })
  app.addHook('onReady', async () => {
    kick()
    sweep = setInterval(kick, SWEEP_MS).unref()
  })
  app.addHook('onClose', async () => {
    clearInterval(sweep)
    clearTimeout(retry)
    await app.wecomCallbacks.drain()
  })
}, { name: 'wecom-callback-processor', dependencies: ['db', 'session', 'wecom', 'recompute-queue'] })
