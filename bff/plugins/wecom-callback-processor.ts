import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { MINUTE } from '../engine/rules/time-units.ts'
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
 * Works through stored callbacks in arrival order, one at a time: fetch the profile when WeCom is
 * configured and the change needs it (a failed fetch is logged; the relationship is still
 * recorded), then apply and mark processed in one transaction. Runs at start (rows a crash left
 * behind), after every stored callback, and every minute.
 */
export default fp(async (app: FastifyInstance, opts: { now: () => number }) => {
  const pending = app.sqlite.prepare(`select id, xml from wecom_callbacks where status = 'received' order by id limit 100`)
  const knownStaff = app.sqlite.prepare('select id from staff where user_id = ?').pluck()
  let running: Promise<void> | null = null
  let again = false

  const processAll = async () => {
    do {
      again = false
      for (let rows = pending.all() as Array<{ id: number, xml: string }>; rows.length; rows = pending.all() as Array<{ id: number, xml: string }>) {
        for (const row of rows)
          await processOne(row)
      }
    } while (again)
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
    if (app.orgSync && f.UserID && knownStaff.get(f.UserID) === undefined) {
      await app.orgSync.run({ minIntervalMs: MINUTE })
        .catch((err: unknown) => app.log.warn({ err, callbackId: row.id }, 'WeCom org sync for an unknown member failed'))
    }
    try {
      const outcome = applyCallback(app.sqlite, row, profile, opts.now())
      app.log.info({ callbackId: row.id, note: outcome.note }, 'WeCom callback processed')
      if (outcome.customerId !== null)
        app.recomputeSoon([outcome.customerId])
    }
    catch (err) {
      app.log.error({ err, callbackId: row.id }, 'WeCom callback failed')
      markFailed(app.sqlite, row.id, err instanceof Error ? err.message : String(err), opts.now())
    }
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
      while (running)
        await running
    },
  })
  app.addHook('onReady', async () => {
    kick()
    sweep = setInterval(kick, SWEEP_MS).unref()
  })
  app.addHook('onClose', async () => {
    clearInterval(sweep)
    await app.wecomCallbacks.drain()
  })
}, { name: 'wecom-callback-processor', dependencies: ['db', 'wecom', 'recompute-queue'] })
