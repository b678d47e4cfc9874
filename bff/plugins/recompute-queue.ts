import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { recomputeCustomers } from '../services/journey-recompute.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Queues customers whose data just changed (ingest, WeCom callbacks) for a stage and task
     * recompute right after the current request: each customer once however many items named them.
     */
    recomputeSoon: (customerIds: Iterable<number>) => void
    /** Resolves when the queue is empty (tests, shutdown). */
    recomputeIdle: () => Promise<void>
  }
}

/** Customers per turn of the event loop, so a large backlog never stalls other requests. */
const TURN = 500
/**
 * A recompute starts once no new data has come for GATHER_MS, or MAX_DEFER_MS after the first
 * change waiting: a sender streaming batches for the same customers has each of them recomputed
 * once, not once per batch, and the recompute does not slow the stream it follows.
 */
const GATHER_MS = 200
const MAX_DEFER_MS = 2000

/**
 * Recomputing a batch of 500 customers takes longer than storing their events, so ingest answers
 * as soon as its data is committed and the recompute follows a moment later (GATHER_MS), off the
 * request. The
 * queue is in memory: a crash in between loses only the recompute, which the scheduled full pass
 * (JOURNEY_RECOMPUTE_MINUTES) and the pass at start redo from the committed data.
 */
export default fp(async (app: FastifyInstance, opts: { now: () => number }) => {
  const pending = new Set<number>()
  let running: Promise<void> | null = null
  let lastChange = 0

  const drain = async () => {
    const first = performance.now()
    for (;;) {
      const quiet = performance.now() - lastChange
      const waited = performance.now() - first
      if (quiet >= GATHER_MS || waited >= MAX_DEFER_MS)
        break
      await new Promise(resolve => setTimeout(resolve, Math.min(GATHER_MS - quiet, MAX_DEFER_MS - waited)))
    }
    while (pending.size) {
      await new Promise<void>(resolve => setImmediate(resolve))
      const ids: number[] = []
      for (const id of pending) {
        ids.push(id)
        pending.delete(id)
        if (ids.length === TURN)
          break
      }
      try {
        recomputeCustomers(app.db, app.journey, ids, opts.now())
      }
      catch (err) {
        app.log.error({ err, customers: ids.length }, 'recompute after new data failed; the scheduled pass will redo it')
      }
    }
  }

  app.decorate('recomputeSoon', (customerIds: Iterable<number>) => {
    for (const id of customerIds)
      pending.add(id)
    lastChange = performance.now()
    if (!running && pending.size)
      running = drain().finally(() => { running = null })
  })
  app.decorate('recomputeIdle', async () => {
    while (running)
      await running
  })
  app.addHook('onClose', async () => {
    await app.recomputeIdle()
  })
}, { name: 'recompute-queue', dependencies: ['db', 'journey-scheduler'] })
